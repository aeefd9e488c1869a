package main

import (
	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
)

// runSpread prints one uncertain variable's histogram (run --hist) or
// what drives its spread (run --sensitivity).
func runSpread(cmd *cobra.Command, o *options, srcs []source, hist, sensitivity string) error {
	if hist != "" && sensitivity != "" {
		return usageErrorf("--hist and --sensitivity go one at a time")
	}
	if len(srcs) != 1 {
		return usageErrorf("--hist and --sensitivity take one file, not %d", len(srcs))
	}
	src := srcs[0]
	s, m, inputs, err := o.model(src)
	if err != nil {
		return err
	}
	show := func(v estimate.Value) string { return s.Format(v).Text }
	if sensitivity != "" {
		format, err := o.formatFor(present.SensitivityFormats...)
		if err != nil {
			return err
		}
		sens, err := m.Sensitivity(sensitivity, inputs...)
		if err != nil {
			return spreadError(src, err)
		}
		sampled := func(v estimate.Value) string { return s.FormatSampled(v).Text }
		return present.Sensitivity(cmd.OutOrStdout(), format, sensitivity, sens, sampled)
	}
	if _, err := o.formatFor(present.Text); err != nil {
		return err
	}
	res, err := m.Run(inputs...)
	if err != nil {
		return spreadError(src, err)
	}
	var v *estimate.Value
	for _, r := range res {
		if r.Kind == estimate.Assignment && r.Name == hist {
			v = &r.Value
		}
	}
	if v == nil {
		return usageErrorf("--hist %s: %s never assigns %s", hist, src.name, hist)
	}
	if err := present.Histogram(cmd.OutOrStdout(), hist, *v, show); err != nil {
		return &exitError{code: exitFail, msg: err.Error()}
	}
	return nil
}

// spreadError reports an estimate's error, or a name it does not have.
func spreadError(src source, err error) error {
	e := present.EvalError(err)
	if e.Line == 0 {
		return &exitError{code: exitFail, msg: e.Msg}
	}
	return &exitError{code: exitFail, text: present.ErrorText(src.name, e)}
}
