package present

import (
	"fmt"
	"io"
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

// runIndex is one run's variables, read once for all its cells: each
// variable's last value, and those a failed assertion reads.
type runIndex struct {
	f      File
	last   map[string]int // variable -> index of its last assignment in f.Results
	broken map[string]bool
}

func index(f File) runIndex {
	x := runIndex{f: f, last: map[string]int{}, broken: map[string]bool{}}
	for i, r := range f.Results {
		if r.Kind == estimate.Assignment {
			x.last[r.Name] = i
		}
		if r.Err != nil {
			for _, u := range r.Uses {
				x.broken[u] = true
			}
		}
	}
	return x
}

// cell is a variable's last value in a run, marked if a failed assertion
// reads it; "error" if the run stopped before it.
func (x runIndex) cell(name string) (estimate.Result, string) {
	i, ok := x.last[name]
	if !ok {
		if x.f.Err != nil {
			return estimate.Result{}, "error"
		}
		return estimate.Result{}, ""
	}
	r := x.f.Results[i]
	if x.broken[name] {
		return r, r.Display.Text + failMark
	}
	return r, r.Display.Text
}

func (s Sweep) indexes() []runIndex {
	out := make([]runIndex, len(s.Runs))
	for i, f := range s.Runs {
		out[i] = index(f)
	}
	return out
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
	runs := s.indexes()
	for _, n := range s.Names {
		row := []string{n}
		for _, x := range runs {
			_, text := x.cell(n)
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
	runs := s.indexes()
	for _, n := range s.Names {
		r := row{Name: n}
		for _, x := range runs {
			res, text := x.cell(n)
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
