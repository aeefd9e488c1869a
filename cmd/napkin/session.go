package main

import (
	"errors"

	"github.com/napkin-calc/napkin/estimate"
)

// newSession returns a session with the given options.
func newSession(opts ...estimate.Option) *estimate.Session {
	return estimate.NewSession(opts...)
}

// evalError returns the engine's error inside err, or nil for none. Every
// error the engine returns is an *estimate.Error.
func evalError(err error) *estimate.Error {
	if err == nil {
		return nil
	}
	var e *estimate.Error
	if errors.As(err, &e) {
		return e
	}
	return &estimate.Error{Msg: err.Error()}
}

// runFile compiles a file, applies the --set inputs and runs it. A bad
// --set is a usage error, reported before anything runs, with its caret
// in the --set text; so is a --set whose value the run finds wrong (the
// wrong units), since results are rendered only after the run.
func (f *sessionFlags) runFile(src source, sets [][2]string) ([]estimate.Result, *estimate.Error, error) {
	s, err := f.session()
	if err != nil {
		return nil, nil, err
	}
	m, _ := s.Compile(src.text) // a compile error is reported by Run, after the statements before it
	var inputs []*estimate.Input
	for _, kv := range sets {
		in, err := m.Input(kv[0], kv[1])
		if err != nil {
			return nil, nil, setError(kv, src, evalError(err))
		}
		inputs = append(inputs, in)
	}
	res, runErr := m.Run(inputs...)
	if e := evalError(runErr); e != nil && e.Input != "" {
		for _, kv := range sets {
			if kv[0] == e.Input {
				return nil, nil, setError(kv, src, e)
			}
		}
	}
	return res, evalError(runErr), nil
}

// setError is the usage error for a bad --set NAME=TEXT: the message,
// then the caret under TEXT.
func setError(kv [2]string, src source, e *estimate.Error) error {
	msg := e.Msg
	if msg == "the estimate never assigns "+kv[0] {
		msg = src.name + " never assigns " + kv[0]
		return usageErrorf("--set %s: %s", kv[0], msg)
	}
	out := "--set " + kv[0] + "=" + kv[1] + ": " + msg
	if c := e.Caret("  "); c != "" {
		out += "\n" + c
	}
	if e.Hint != "" {
		out += "\nnapkin: hint: " + e.Hint
	}
	return usageErrorf("%s", out)
}
