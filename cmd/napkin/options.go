package main

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
)

// options are the flags every command shares, registered once on the
// root as persistent flags: they go before or after the command name.
type options struct {
	digits      int
	digitsGiven bool // --digits was given: uncertain values show that many too
	sets        []string
	format      string
	samples     int
	seed        uint64
}

func (o *options) register(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.IntVar(&o.digits, "digits", 4, "significant digits to show (1 to 17)")
	f.StringArrayVar(&o.sets, "set", nil, "what if: replace the first assignment to NAME with EXPR for this run, keeping its units: --set dau=50M (repeatable)")
	f.StringVar(&o.format, "format", "", "output format: text, table, markdown, csv, json, github or junit; each command takes some, the first it lists being its default")
	_ = cmd.RegisterFlagCompletionFunc("format", completeFormat)
	o.samples = estimate.DefaultSamples
	f.Var((*countFlag)(&o.samples), "samples", "samples of each uncertain value (1,000 to 10,000,000; 1e6 and 100_000 work)")
	f.Uint64Var(&o.seed, "seed", estimate.DefaultSeed, "seed for the samples: the same seed gives the same output")
	cmd.PersistentPreRun = func(c *cobra.Command, _ []string) {
		o.digitsGiven = c.Flags().Changed("digits")
	}
}

// countFlag is an int flag that reads counts as people write them:
// 100000, 100_000, 100,000, 1e6.
type countFlag int

func (c *countFlag) String() string { return strconv.Itoa(int(*c)) }
func (c *countFlag) Type() string   { return "count" }
func (c *countFlag) Set(s string) error {
	n, ok := parseCount(s)
	if !ok {
		return errors.New("want a whole number such as 100000, 100_000 or 1e6")
	}
	*c = countFlag(n)
	return nil
}

// parseCount reads a whole number written with digit groups (_ or ,) or
// as a power of ten (1e6); ok is false for anything else, or a count
// beyond an int.
func parseCount(s string) (n int, ok bool) {
	s = strings.NewReplacer("_", "", ",", "").Replace(strings.TrimSpace(s))
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32*1e9 {
		return 0, false
	}
	return int(f), true
}

// formatsKey is the annotation that lists the formats a command takes,
// for shell completion of --format.
const formatsKey = "napkin-formats"

// takesFormats records the formats a command takes, its default first.
func takesFormats(cmd *cobra.Command, formats ...string) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[formatsKey] = strings.Join(formats, " ")
	return cmd
}

// completeFormat completes --format with the formats the command takes.
func completeFormat(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	return strings.Fields(cmd.Annotations[formatsKey]), cobra.ShellCompDirectiveNoFileComp
}

// formatFor returns the --format given, or the command's default: the
// first of the formats it supports.
func (o *options) formatFor(supported ...string) (string, error) {
	if o.format == "" {
		return supported[0], nil
	}
	if !slices.Contains(supported, o.format) {
		return "", usageErrorf("--format must be %s, not %q", present.OrList(supported), o.format)
	}
	return o.format, nil
}

// session returns a session with the --digits asked for.
func (o *options) session() (*estimate.Session, error) {
	if o.digits < 1 || o.digits > 17 {
		return nil, usageErrorf("--digits must be from 1 to 17, not %d", o.digits)
	}
	if o.samples < estimate.MinSamples || o.samples > estimate.MaxSamples {
		return nil, usageErrorf("--samples must be from 1,000 to 10,000,000, not %s", humanize.Comma(int64(o.samples)))
	}
	opts := []estimate.Option{estimate.WithSamples(o.samples), estimate.WithSeed(o.seed)}
	if o.digitsGiven {
		opts = append(opts, estimate.WithDigits(o.digits))
	}
	return estimate.NewSession(opts...), nil
}

// whatIfs splits the --set flags into names and expressions.
func (o *options) whatIfs() ([][2]string, error) {
	var out [][2]string
	for _, s := range o.sets {
		name, expr, ok := strings.Cut(s, "=")
		name, expr = strings.TrimSpace(name), strings.TrimSpace(expr)
		if !ok || name == "" || expr == "" {
			return nil, usageErrorf("--set wants name=EXPR, not %q", s)
		}
		out = append(out, [2]string{name, expr})
	}
	return out, nil
}

// noSets refuses --set for a command that runs no estimate file.
func (o *options) noSets(cmd *cobra.Command) error {
	if len(o.sets) > 0 {
		return usageErrorf("%s takes no --set: it applies to one-off answers, run, check and example run", cmd.CommandPath())
	}
	return nil
}
