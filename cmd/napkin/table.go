package main

import (
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/napkin-calc/napkin/tables"
	"github.com/spf13/cobra"
)

// newTableCmd prints the reference tables; the tables package builds them.
func newTableCmd(o *options) *cobra.Command {
	var nines []int
	var slas []string
	var all bool
	cmd := &cobra.Command{
		Use:   "table NAME",
		Short: "Print a reference table: " + strings.Join(tables.Names, ", "),
		Long: `Table prints one of the reference tables of the System Design Primer,
computed by napkin itself, with notes where the primer rounds or errs:

  powers        powers of two: exact, in words, bytes in KiB and kB;
                --all for every one from 2^0 to 2^64
  latency       latency numbers, each a constant you can use (mem_ref,
                hdd_seek ...), scaled as if an L1 reference took a second,
                with the primer's handy throughput figures
  availability  downtime per day, week, month and year; --nines and
                --sla pick the levels instead of the default ones
  conversions   requests per second per day and month, with a month of
                a twelfth of a year beside the primer's 2.5 million s`,
		Example: `  napkin table latency
  napkin table powers --format markdown
  napkin table powers --all
  napkin table availability --nines 3,4,5
  napkin table availability --sla 99.95% --sla 0.9999
  napkin table conversions --format csv`,
		ValidArgs: tables.Names,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("table wants one table name: %s", present.OrList(tables.Names))
			}
			if !slices.Contains(tables.Names, args[0]) {
				return usageErrorf("unknown table %q: the tables are %s", args[0], present.OrList(tables.Names))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := o.formatFor(present.GridFormats...)
			if err != nil {
				return err
			}
			if err := o.noSets(cmd); err != nil {
				return err
			}
			o := tables.Options{Nines: nines, All: all}
			for _, s := range slas {
				f, err := tables.ParseSLA(s)
				if err != nil {
					return usageErrorf("--sla %s: %v", s, err)
				}
				o.SLA = append(o.SLA, f)
			}
			if args[0] != "availability" && (len(o.Nines) > 0 || len(o.SLA) > 0) {
				return usageErrorf("--nines and --sla apply to the availability table only")
			}
			if args[0] != "powers" && all {
				return usageErrorf("--all applies to the powers table only")
			}
			// Each --sla was checked as it was parsed: what is left is --nines.
			if err := o.Validate(); err != nil {
				return usageErrorf("--nines: %v", err)
			}
			g, err := tables.Lookup(args[0], o)
			if err != nil {
				return &exitError{code: exitFail, msg: err.Error()}
			}
			return present.Render(cmd.OutOrStdout(), format, g)
		},
	}
	cmd.Flags().IntSliceVar(&nines, "nines", nil, "availability levels by count of nines: --nines 3,4,5 is 99.9%, 99.99%, 99.999%")
	cmd.Flags().BoolVar(&all, "all", false, "powers: every power from 2^0 to 2^64")
	cmd.Flags().StringSliceVar(&slas, "sla", nil, "availability levels: --sla 99.95%,0.9999 (repeatable)")
	return takesFormats(cmd, present.GridFormats...)
}
