package main

import (
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
)

func newRunCmd(o *options) *cobra.Command {
	var explain bool
	var vary, show []string
	var hist, sensitivity string
	cmd := &cobra.Command{
		Use:   "run FILE...",
		Short: "Evaluate estimate files and show every statement",
		Long: `Run evaluates estimate files ('-' is standard input) and renders every
statement as a table of line, name, expression and value. An error stops
that file and is reported as file:line:col with a caret; failed assertions
are reported and the run goes on. Each file gets its own session.

A Markdown document (.md) is an estimate too: its fenced code blocks
whose info string is napkin run in order as one session, and errors
point at the document's own lines and columns.

Each file is compiled once. --set replaces the first assignment to a name
for this run (a what-if); the value must keep the units of the one it
replaces. --vary runs the compiled file once per value and prints one
table: a row per variable, a column per value; give it twice for a grid
of two inputs.

A range a..b makes a value uncertain (see 'napkin help language'): each
uncertain result shows its median and 90% interval, and the table a
sparkline of its samples. --hist NAME draws one variable's histogram;
--sensitivity NAME ranks the ranges NAME depends on by how much of its
spread each drives: which guess to go and measure.

Formats: table (the default), text, markdown, json.`,
		Example: `  napkin run examples/pastebin.napkin
  napkin run --set paste_writes_per_month='20M pastes/month' examples/pastebin.napkin
  napkin run --vary paste_writes_per_month='10M pastes/month,20M pastes/month,40M pastes/month' examples/pastebin.napkin
  napkin run --explain examples/pastebin.napkin
  napkin run --sensitivity storage examples/twitter_ranges.napkin
  napkin run --format markdown capacity.napkin > capacity.md`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			srcs, err := readSources(cmd, args)
			if err != nil {
				return err
			}
			if len(vary) > 0 {
				return runVary(cmd, o, srcs, vary, show)
			}
			if hist != "" || sensitivity != "" {
				return runSpread(cmd, o, srcs, hist, sensitivity)
			}
			return runSources(cmd, o, srcs, explain)
		},
	}
	cmd.Flags().BoolVar(&explain, "explain", false, "show each assignment's formula, with values substituted, and result")
	cmd.Flags().StringArrayVar(&vary, "vary", nil, "run once per value: --vary NAME=V1,V2,... (at most twice, for a grid)")
	cmd.Flags().StringSliceVar(&show, "show", nil, "with --vary, the variables to show as rows: --show storage,qps")
	cmd.Flags().StringVar(&hist, "hist", "", "print a histogram of one uncertain variable")
	cmd.Flags().StringVar(&sensitivity, "sensitivity", "", "rank the ranges NAME depends on by how much of its spread each drives")
	return takesFormats(cmd, present.RunFormats...)
}

// runSources evaluates and renders each source: run and example run.
func runSources(cmd *cobra.Command, o *options, srcs []source, explain bool) error {
	format, err := o.formatFor(present.RunFormats...)
	if err != nil {
		return err
	}
	sets, err := o.whatIfs()
	if err != nil {
		return err
	}
	var files []present.File
	for _, src := range srcs {
		f, err := o.runSource(src, sets)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	if err := present.Run(cmd.OutOrStdout(), format, files, explain && format != present.JSON); err != nil {
		return err
	}
	bad := false
	for _, f := range files {
		if format != present.JSON {
			if err := present.Errors(cmd.ErrOrStderr(), f); err != nil {
				return err
			}
		}
		bad = bad || f.Failed()
	}
	if bad {
		return failed
	}
	return nil
}
