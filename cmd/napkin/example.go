package main

import (
	"fmt"
	"strings"

	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/napkin-calc/napkin/examples"
	"github.com/spf13/cobra"
)

func newExampleCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "example",
		Short: "List, show and run the worked System Design Primer estimates",
		Long: `Example holds one estimate file per System Design Primer exercise, built
into napkin: each states the exercise's assumptions with units, works out
what the solution works out, and asserts the primer's figures, saying where
the primer rounds or errs.`,
		Example: `  napkin example list
  napkin example show pastebin
  napkin example run pastebin
  napkin example run --explain twitter
  napkin example run --set paste_writes_per_month='20 million pastes / month' pastebin`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return usageErrorf("unknown command %q for 'napkin example'; try 'napkin example run %s' or 'napkin example list'", args[0], args[0])
		},
	}
	cmd.AddCommand(newExampleListCmd(o), newExampleShowCmd(o), newExampleRunCmd(o))
	return cmd
}

func newExampleListCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the examples with their titles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.noSets(cmd); err != nil {
				return err
			}
			if _, err := o.formatFor(present.Text); err != nil {
				return err
			}
			list := examples.List()
			width := 0
			for _, e := range list {
				width = max(width, len(e.Name))
			}
			for _, e := range list {
				fmt.Fprintf(cmd.OutOrStdout(), "%-*s  %s\n", width, e.Name, e.Title)
			}
			return nil
		},
	}
}

func newExampleShowCmd(o *options) *cobra.Command {
	return &cobra.Command{
		Use:               "show NAME",
		Short:             "Print an example's estimate file",
		Example:           `  napkin example show pastebin > pastebin.napkin`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeExampleNames,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.noSets(cmd); err != nil {
				return err
			}
			if _, err := o.formatFor(present.Text); err != nil {
				return err
			}
			src, err := exampleSource(args[0])
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), src.text)
			return nil
		},
	}
}

func newExampleRunCmd(o *options) *cobra.Command {
	var explain bool
	cmd := &cobra.Command{
		Use:   "run NAME...",
		Short: "Run examples, as napkin run runs files",
		Long: `Run evaluates built-in examples exactly as 'napkin run' evaluates files,
with the same flags and output.`,
		Example: `  napkin example run pastebin
  napkin example run --format markdown twitter > twitter.md`,
		Args:              cobra.MinimumNArgs(1),
		ValidArgsFunction: completeExampleNames,
		RunE: func(cmd *cobra.Command, args []string) error {
			var srcs []source
			for _, name := range args {
				src, err := exampleSource(name)
				if err != nil {
					return err
				}
				srcs = append(srcs, src)
			}
			return runSources(cmd, o, srcs, explain)
		},
	}
	cmd.Flags().BoolVar(&explain, "explain", false, "show each assignment's formula, with values substituted, and result")
	return takesFormats(cmd, present.RunFormats...)
}

// exampleSource reads an embedded example, named with or without .napkin.
func exampleSource(name string) (source, error) {
	text, ok := examples.Read(name)
	if !ok {
		return source{}, usageErrorf("no example %q; the examples are: %s", name, strings.Join(examples.Names(), ", "))
	}
	return source{name: strings.TrimSuffix(name, ".napkin") + ".napkin", text: text}, nil
}

// completeExampleNames completes any number of example names.
func completeExampleNames(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var out []string
	for _, e := range examples.List() {
		if strings.HasPrefix(e.Name, toComplete) {
			out = append(out, e.Name+"\t"+e.Title)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
