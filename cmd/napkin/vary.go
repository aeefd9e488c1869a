package main

import (
	"io"
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
)

// runVary runs one compiled file once per value of one or two inputs and
// prints the sweep: napkin run --vary.
func runVary(cmd *cobra.Command, o *options, srcs []source, vary, show []string) error {
	format, err := o.formatFor(present.SweepFormats...)
	if err != nil {
		return err
	}
	if len(srcs) != 1 {
		return usageErrorf("--vary takes one file, not %d", len(srcs))
	}
	if len(vary) > 2 {
		return usageErrorf("--vary takes at most two inputs, for a grid; not %d", len(vary))
	}
	src := srcs[0]
	_, m, fixed, err := o.model(src)
	if err != nil {
		return err
	}
	// Each value is compiled once, before anything runs.
	var axes [][]*estimate.Input
	for _, v := range vary {
		name, list, ok := strings.Cut(v, "=")
		name = strings.TrimSpace(name)
		values := splitValues(list)
		if !ok || name == "" || len(values) == 0 {
			return usageErrorf("--vary wants NAME=V1,V2,..., not %q", v)
		}
		var axis []*estimate.Input
		for _, val := range values {
			in, err := m.Input(name, val)
			if err != nil {
				return varyError(name, val, src, present.EvalError(err))
			}
			axis = append(axis, in)
		}
		axes = append(axes, axis)
	}
	names := show
	if len(names) == 0 {
		names = m.Assigned()
	}
	for _, n := range names {
		if !slices.Contains(m.Assigned(), n) {
			return usageErrorf("--show %s: %s never assigns %s", n, src.name, n)
		}
	}
	sw := present.Sweep{Names: names}
	errOut := cmd.ErrOrStderr()
	for _, combo := range combinations(axes) {
		var col []string
		for _, in := range combo {
			col = append(col, in.Name+"="+in.Text)
		}
		res, runErr := m.Run(append(append([]*estimate.Input(nil), fixed...), combo...)...)
		e := present.EvalError(runErr)
		if e != nil && e.Input != "" {
			return varyError(e.Input, inputText(combo, e.Input), src, e)
		}
		f := present.File{Name: src.name, Source: src.text, Results: res, Err: e}
		if f.Failed() && format != present.JSON {
			if _, err := io.WriteString(errOut, "with "+strings.Join(col, " ")+":\n"); err != nil {
				return err
			}
			if err := present.Errors(errOut, f); err != nil {
				return err
			}
		}
		sw.Columns = append(sw.Columns, strings.Join(col, " "))
		sw.Runs = append(sw.Runs, f)
	}
	if err := present.RenderSweep(cmd.OutOrStdout(), format, sw); err != nil {
		return err
	}
	for _, f := range sw.Runs {
		if f.Failed() {
			return failed
		}
	}
	return nil
}

// varyError is the usage error for a bad --vary value, the caret in it.
func varyError(name, value string, src source, e *estimate.Error) error {
	return setError([2]string{name, value}, src, e)
}

func inputText(combo []*estimate.Input, name string) string {
	for _, in := range combo {
		if in.Name == name {
			return in.Text
		}
	}
	return ""
}

// combinations returns every choice of one input from each axis, the
// first axis varying slowest.
func combinations(axes [][]*estimate.Input) [][]*estimate.Input {
	out := [][]*estimate.Input{nil}
	for _, axis := range axes {
		var next [][]*estimate.Input
		for _, prefix := range out {
			for _, in := range axis {
				next = append(next, append(append([]*estimate.Input(nil), prefix...), in))
			}
		}
		out = next
	}
	return out
}

// splitValues splits a --vary list at its commas, but not at a comma
// inside parentheses: max(1, 2),3 is two values.
func splitValues(list string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range list {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(list[start:i]))
				start = i + 1
			}
		}
	}
	out = append(out, strings.TrimSpace(list[start:]))
	for _, v := range out {
		if v == "" {
			return nil
		}
	}
	return out
}
