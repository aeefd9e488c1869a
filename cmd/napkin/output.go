package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/spf13/cobra"
)

// printer writes results to stdout and errors to stderr in one format.
type printer struct {
	format      string
	out, errOut io.Writer
}

func newPrinter(cmd *cobra.Command, format string) (*printer, error) {
	switch format {
	case "text", "json":
	default:
		return nil, usageErrorf("--format must be text or json, not %q", format)
	}
	return &printer{format: format, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()}, nil
}

// jsonResult is one statement in --format json.
type jsonResult struct {
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name,omitempty"`
	Source    string   `json:"source"`
	Value     *float64 `json:"value,omitempty"`
	Unit      string   `json:"unit"`
	BaseValue *float64 `json:"base_value,omitempty"`
	BaseUnit  string   `json:"base_unit"`
	Dimension string   `json:"dimension"`
	Text      string   `json:"text"`
	Passed    *bool    `json:"passed,omitempty"`
}

// jsonError is an error in --format json.
type jsonError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Error   string `json:"error"`
	Hint    string `json:"hint,omitempty"`
	Source  string `json:"source,omitempty"`
	Failure string `json:"kind"` // "evaluation" or "assertion"
}

func toJSON(r estimate.Result) jsonResult {
	j := jsonResult{Line: r.Line, Column: r.Col, Kind: r.Kind.String(), Name: r.Name, Source: r.Source,
		Unit: r.Display.Unit, BaseUnit: r.BaseUnit, Dimension: r.Dimension, Text: r.Display.Text}
	switch r.Kind {
	case estimate.Assertion, estimate.Comparison:
		passed := r.Passed
		j.Passed = &passed
		j.Unit, j.BaseUnit, j.Dimension = "", "", ""
	default:
		v, b := r.Display.Number, r.Value.Base()
		j.Value, j.BaseValue = &v, &b
	}
	return j
}

func errJSON(file string, e *estimate.Error, kind string) jsonError {
	return jsonError{File: file, Line: e.Line, Column: e.Col, Error: e.Msg, Hint: e.Hint, Source: e.Source, Failure: kind}
}

// results prints a one-off or stdin run: each result's text, then the
// errors. It returns failed if there was any.
func (p *printer) results(file string, res []estimate.Result, evalErr *estimate.Error) error {
	bad := evalErr != nil
	if p.format == "json" {
		var items []any
		for _, r := range res {
			items = append(items, toJSON(r))
			if r.Err != nil {
				items = append(items, errJSON(file, r.Err, "assertion"))
				bad = true
			}
		}
		if evalErr != nil {
			items = append(items, errJSON(file, evalErr, "evaluation"))
		}
		if items == nil {
			items = []any{}
		}
		if err := writeJSON(p.out, items); err != nil {
			return err
		}
	} else {
		for _, r := range res {
			if r.Err != nil {
				p.error(file, r.Err)
				bad = true
				continue
			}
			if line := resultLine(r); line != "" {
				fmt.Fprintln(p.out, line)
			}
		}
		if evalErr != nil {
			p.error(file, evalErr)
		}
	}
	if bad {
		return failed
	}
	return nil
}

// resultLine is how a one-off prints a statement: the value, or
// "name = value" for an assignment; nothing for a passing assertion or a
// unit declaration.
func resultLine(r estimate.Result) string {
	switch r.Kind {
	case estimate.Assignment:
		return r.Name + " = " + r.Display.Text
	case estimate.Assertion, estimate.UnitDeclaration:
		return ""
	}
	return r.Display.Text
}

// error prints an error with its caret and hint. In a file it is
// "file:line:col: message"; on the command line, "napkin: error: message".
func (p *printer) error(file string, e *estimate.Error) {
	fmt.Fprint(p.errOut, formatError(file, e))
}

func formatError(file string, e *estimate.Error) string {
	var b strings.Builder
	if file != "" {
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", file, e.Line, e.Col, e.Msg)
	} else {
		fmt.Fprintf(&b, "napkin: error: %s\n", e.Msg)
	}
	if c := e.Caret("  "); c != "" {
		b.WriteString(c + "\n")
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "napkin: hint: %s\n", e.Hint)
	}
	return b.String()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "x < 1 GB", not "x \u003c 1 GB"
	return enc.Encode(v)
}
