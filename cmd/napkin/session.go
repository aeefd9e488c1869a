package main

import (
	"context"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
)

// The one place the command runs estimates: a file or line compiled once,
// its --set inputs compiled before anything runs, and the outcome handed
// to the presentation layer.

// runSource compiles a source, applies the --set inputs and runs it. A
// bad --set is a usage error, reported before anything is printed, with
// its caret in the --set text: one that does not compile, and one whose
// value the run finds wrong (other units than the value it replaces),
// since results are rendered only after the run.
func (o *options) runSource(src source, sets [][2]string) (present.File, error) {
	if src.err != nil {
		return present.File{Name: src.name, Err: src.err}, nil
	}
	f, err := o.runEstimate(src, sets)
	return src.inDocument(f), err
}

// checkSource is runSource for napkin check: it goes on past an error,
// so one check lists every problem in a file, and statements that need
// a failed one are reported as skipped. With --set it stops at the first,
// as run does.
func (o *options) checkSource(src source, sets [][2]string) (present.File, error) {
	if src.err != nil || len(sets) > 0 {
		return o.runSource(src, sets)
	}
	s, err := o.session()
	if err != nil {
		return present.File{}, err
	}
	res, errs := s.RunAll(context.Background(), src.text)
	f := present.File{Name: src.name, Source: src.text, Results: res}
	if len(errs) > 0 {
		f.Err, f.More = errs[0], errs[1:]
	}
	return src.inDocument(f), nil
}

// runEstimate runs the estimate text of a source that can run.
func (o *options) runEstimate(src source, sets [][2]string) (present.File, error) {
	s, err := o.session()
	if err != nil {
		return present.File{}, err
	}
	if len(sets) == 0 {
		// Run once: compiled and run a line at a time, keeping no program.
		res, err := s.Run(src.text)
		return present.File{Name: src.name, Source: src.text, Results: res, Err: present.EvalError(err)}, nil
	}
	m, inputs, err := compileSets(s, src, sets)
	if err != nil {
		return present.File{}, err
	}
	res, runErr := m.Run(inputs...)
	e := present.EvalError(runErr)
	if e != nil && e.Input != "" {
		for _, kv := range sets {
			if kv[0] == e.Input {
				return present.File{}, setError(kv, src, e)
			}
		}
	}
	return present.File{Name: src.name, Source: src.text, Results: res, Err: e}, nil
}

// model compiles one source and the --set inputs for running it again and
// again: --vary, --hist, --sensitivity.
func (o *options) model(src source) (*estimate.Session, *estimate.Model, []*estimate.Input, error) {
	s, err := o.session()
	if err != nil {
		return nil, nil, nil, err
	}
	sets, err := o.whatIfs()
	if err != nil {
		return nil, nil, nil, err
	}
	m, inputs, err := compileSets(s, src, sets)
	return s, m, inputs, err
}

// compileSets compiles a source and its --set inputs, each once; a bad
// --set is a usage error. A compile error in the source comes back from
// the model's Run, after the statements before it.
func compileSets(s *estimate.Session, src source, sets [][2]string) (*estimate.Model, []*estimate.Input, error) {
	m, _ := s.Compile(src.text)
	var inputs []*estimate.Input
	for _, kv := range sets {
		in, err := m.Input(kv[0], kv[1])
		if err != nil {
			return nil, nil, setError(kv, src, present.EvalError(err))
		}
		inputs = append(inputs, in)
	}
	return m, inputs, nil
}

// setError is the usage error for a bad --set NAME=TEXT: the message,
// then the caret under TEXT.
func setError(kv [2]string, src source, e *estimate.Error) error {
	if e.Msg == "the estimate never assigns "+kv[0] {
		return usageErrorf("--set %s: %s never assigns %s", kv[0], src.name, kv[0])
	}
	set := &estimate.Error{Col: e.Col, Msg: "--set " + kv[0] + "=" + kv[1] + ": " + e.Msg, Hint: e.Hint, Source: e.Source}
	return &exitError{code: exitUsage, text: present.ErrorText("", set)}
}
