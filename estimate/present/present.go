// Package present is napkin's one presentation layer: it renders an
// estimate's results and errors, and the reference tables, as text,
// tables, Markdown, CSV, JSON, GitHub workflow annotations and JUnit XML.
// The command line, the REPL, the examples' golden test and a web page
// all call it; a command only picks a renderer and an exit code.
//
// Renderers take data (a File: its name, source, results and error) and
// write to an io.Writer; they decide nothing else. Unlike the engine,
// this package knows how a terminal table looks: it uses tablewriter.
package present

import (
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// The formats, one vocabulary for every command: each renders some.
const (
	Text     = "text"
	Table    = "table"
	Markdown = "markdown"
	CSV      = "csv"
	JSON     = "json"
	GitHub   = "github"
	JUnit    = "junit"
)

// File is one estimate's outcome: what the renderers show.
type File struct {
	Name    string            // as the user named it; "" for a one-off line or the REPL
	Source  string            // the estimate's text, for --explain's comments
	Results []estimate.Result // every statement that ran
	Err     *estimate.Error   // the error that stopped it, or nil
	Stale   []*estimate.Error // answers written in the file that napkin computes otherwise
	More    []*estimate.Error // errors after Err, when the run went on past it (napkin check); some Skipped
}

// Errs returns the file's errors: Err, then More.
func (f File) Errs() []*estimate.Error {
	if f.Err == nil {
		return f.More
	}
	return append([]*estimate.Error{f.Err}, f.More...)
}

// Failed reports whether the file has an error or a failed assertion.
func (f File) Failed() bool {
	if f.Err != nil || len(f.More) > 0 || len(f.Stale) > 0 {
		return true
	}
	return slices.ContainsFunc(f.Results, func(r estimate.Result) bool { return r.Err != nil })
}

// Counts returns how many assertions passed and failed.
func (f File) Counts() (passed, failed int) {
	for _, r := range f.Results {
		if r.Kind != estimate.Assertion {
			continue
		}
		if r.Passed {
			passed++
		} else {
			failed++
		}
	}
	return passed, failed
}

// Plural writes a count with its noun: "1 file", "3 assertions".
func Plural(n int, word string) string { return estimate.Plural(n, word) }

// OrList joins words as prose: "a, b or c".
func OrList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// WriteJSON writes v indented, with < and > as they are: "x < 1 GB", not
// "x \u003c 1 GB".
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
