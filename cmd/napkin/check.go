package main

import (
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
)

func newCheckCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check PATH...",
		Short: "Check estimate files' assertions, for CI",
		Long: `Check runs estimate files, or every *.napkin file and every Markdown
document with a napkin block under a directory (following links to
directories, each once), and reports each failed assertion and
evaluation error, then a summary. A path that cannot be read, and a
directory with no estimate, is reported as an error of its own and the
rest are still checked. An answer comment ("#= 457.6 GB")
that napkin computes otherwise is a stale answer, reported at its marker;
'napkin update' refreshes it. It exits 1 if anything failed, so a CI step
fails when an estimate, or an answer written in it, no longer holds.

Formats: text (failures on stderr, the summary on stdout), github
(workflow annotations), junit (JUnit XML for CI dashboards), json.`,
		Example: `  napkin check examples/
  napkin check --format github estimates/
  napkin check --format github docs/design.md
  napkin check --format junit estimates/ > napkin-junit.xml
  napkin check --set dau=50M capacity.napkin`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := o.formatFor(present.CheckFormats...)
			if err != nil {
				return err
			}
			sets, err := o.whatIfs()
			if err != nil {
				return err
			}
			names, files := findEstimates(args)
			for _, n := range names {
				src, err := readSource(cmd, n)
				if err != nil {
					files = append(files, pathProblem(n, "cannot read "+n+": "+unwrapPathError(err).Error()))
					continue
				}
				f, err := o.checkSource(src, sets)
				if err == nil {
					f, err = o.withStale(src, f, sets)
				}
				if err != nil {
					return err
				}
				files = append(files, f)
			}
			if err := present.Check(cmd.OutOrStdout(), cmd.ErrOrStderr(), format, files); err != nil {
				return err
			}
			for _, f := range files {
				if f.Failed() {
					return failed
				}
			}
			return nil
		},
	}
	return takesFormats(cmd, present.CheckFormats...)
}
