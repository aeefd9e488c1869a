package present

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// Sweep is a what-if table: one model run once per column of inputs
// (napkin run --vary), a row per variable.
type Sweep struct {
	Columns []string // what each run set: "writes=10M", or "writes=10M size=2 KB"
	Runs    []File   // a run per column
	Names   []string // the variables to show, in order
}

// SweepFormats are the formats a sweep renders in.
var SweepFormats = []string{Table, Text, Markdown, CSV, JSON}

// failMark follows a value that breaks an assertion in its run.
const failMark = " ✗"

// cell is a variable's last value in a run, marked if a failed assertion
// reads it; "error" if the run stopped before it.
func (s Sweep) cell(f File, name string) (estimate.Result, string) {
	var last *estimate.Result
	for i, r := range f.Results {
		if r.Kind == estimate.Assignment && r.Name == name {
			last = &f.Results[i]
		}
	}
	if last == nil {
		if f.Err != nil {
			return estimate.Result{}, "error"
		}
		return estimate.Result{}, ""
	}
	text := last.Display.Text
	for _, r := range f.Results {
		if r.Err != nil && slices.Contains(r.Uses, name) {
			return *last, text + failMark
		}
	}
	return *last, text
}

// verdict is a run's assertions in a word: ok, 2 failed, or error.
func verdict(f File) string {
	_, failed := f.Counts()
	switch {
	case f.Err != nil:
		return "error"
	case failed > 0:
		return fmt.Sprintf("%d failed", failed)
	}
	return "ok"
}

// SweepGrid is the sweep as a table: a row per variable, a column per
// run, and a last row saying whether each run's assertions held.
func SweepGrid(s Sweep) Grid {
	g := Grid{Header: append([]string{"Name"}, s.Columns...), Numeric: map[int]bool{}}
	for i := range s.Columns {
		g.Numeric[i+1] = true
	}
	for _, n := range s.Names {
		row := []string{n}
		for _, f := range s.Runs {
			_, text := s.cell(f, n)
			row = append(row, text)
		}
		g.Rows = append(g.Rows, row)
	}
	row := []string{"assertions"}
	for _, f := range s.Runs {
		row = append(row, verdict(f))
	}
	g.Rows = append(g.Rows, row)
	return g
}

// RenderSweep writes a sweep: as a table, Markdown or CSV; as text, a
// line a variable ("storage: 457.6 GB | 915.1 GB"); or as JSON.
func RenderSweep(w io.Writer, format string, s Sweep) error {
	switch format {
	case JSON:
		return sweepJSON(w, s)
	case Text:
		var b strings.Builder
		for _, row := range SweepGrid(s).Rows {
			fmt.Fprintf(&b, "%s: %s\n", row[0], strings.Join(row[1:], " | "))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return Render(w, format, SweepGrid(s))
}

func sweepJSON(w io.Writer, s Sweep) error {
	type value struct {
		Text   string   `json:"text"`
		Value  *float64 `json:"value,omitempty"`
		Unit   string   `json:"unit"`
		Failed bool     `json:"breaks_assertion"`
	}
	type row struct {
		Name   string  `json:"name"`
		Values []value `json:"values"`
	}
	out := struct {
		Columns    []string `json:"columns"`
		Rows       []row    `json:"rows"`
		Assertions []string `json:"assertions"`
	}{Columns: s.Columns, Rows: []row{}}
	for _, n := range s.Names {
		r := row{Name: n}
		for _, f := range s.Runs {
			res, text := s.cell(f, n)
			v := value{Text: strings.TrimSuffix(text, failMark), Unit: res.Display.Unit, Failed: strings.HasSuffix(text, failMark)}
			if res.Kind == estimate.Assignment && text != "" && text != "error" {
				x := res.Display.Number
				v.Value = &x
			}
			r.Values = append(r.Values, v)
		}
		out.Rows = append(out.Rows, r)
	}
	for _, f := range s.Runs {
		out.Assertions = append(out.Assertions, verdict(f))
	}
	return WriteJSON(w, out)
}
