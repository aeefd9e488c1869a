package present

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// Line is how a one-off answer and the REPL print a statement: the
// value, or "name = value" for an assignment; "" for a passing assertion
// or a unit declaration.
func Line(r estimate.Result) string {
	switch r.Kind {
	case estimate.Assignment:
		return r.Name + " = " + r.Display.Text
	case estimate.Assertion, estimate.UnitDeclaration:
		return ""
	}
	return r.Display.Text
}

// Lines writes a one-off answer or a REPL line: each result's Line to w,
// failed assertions and the error to errw, as ErrorText formats them.
func Lines(w, errw io.Writer, f File) error {
	for _, r := range f.Results {
		if r.Err != nil {
			if _, err := io.WriteString(errw, ErrorText(f.Name, r.Err)); err != nil {
				return err
			}
			continue
		}
		if line := Line(r); line != "" {
			if _, err := fmt.Fprintln(w, line); err != nil {
				return err
			}
		}
	}
	if f.Err != nil {
		_, err := io.WriteString(errw, ErrorText(f.Name, f.Err))
		return err
	}
	return nil
}

// TextLine is a statement in napkin run --format text: every statement,
// an assertion with ok or FAILED.
func TextLine(r estimate.Result) string {
	switch r.Kind {
	case estimate.Assignment:
		return r.Name + " = " + r.Display.Text
	case estimate.Assertion:
		return r.Source + ": " + Cell(r)
	case estimate.UnitDeclaration:
		if r.Expr == "" {
			return "unit " + r.Name
		}
		return "unit " + r.Name + " = " + r.Display.Text
	}
	return r.Expr + " = " + r.Display.Text
}

// Cell is a statement's value in a table: an assertion shows ok or FAILED.
func Cell(r estimate.Result) string {
	if r.Kind == estimate.Assertion {
		if r.Passed {
			return "ok"
		}
		return "FAILED"
	}
	return r.Display.Text
}

// RunFormats are the formats Run renders.
var RunFormats = []string{Table, Text, Markdown, JSON}

// Run writes files' results as napkin run shows them: a table of line,
// name, expression and value (table, markdown), a line a statement
// (text), one JSON array for all the files (json), or with explain each
// statement's working under the file's comments. Several files get a
// heading each. Errors are not written: see Errors.
func Run(w io.Writer, format string, files []File, explain bool) error {
	if format == JSON {
		return RunJSON(w, files)
	}
	for i, f := range files {
		if len(files) > 1 {
			if i > 0 {
				fmt.Fprintln(w)
			}
			if format == Markdown {
				fmt.Fprintf(w, "## %s\n\n", f.Name)
			} else {
				fmt.Fprintf(w, "== %s\n", f.Name)
			}
		}
		var err error
		switch {
		case explain:
			err = Explain(w, f)
		case format == Text:
			for _, r := range f.Results {
				if _, err = fmt.Fprintln(w, TextLine(r)); err != nil {
					break
				}
			}
		default:
			err = Render(w, format, ResultsGrid(f.Results))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ResultsGrid is the table napkin run prints: line, name, expression,
// value; an assertion or unit declaration shows its whole statement.
// An uncertain estimate gets a column of sparklines.
func ResultsGrid(res []estimate.Result) Grid {
	g := Grid{Header: []string{"Line", "Name", "Expression", "Value"}, Numeric: map[int]bool{0: true}}
	spread := slices.ContainsFunc(res, func(r estimate.Result) bool { return r.Value.Uncertain() })
	if spread {
		g.Header = append(g.Header, "Spread")
	}
	for _, r := range res {
		expr := r.Expr
		if r.Kind == estimate.Assertion || r.Kind == estimate.UnitDeclaration {
			expr = r.Source
		}
		row := []string{strconv.Itoa(r.Line), r.Name, expr, Cell(r)}
		if spread {
			row = append(row, Sparkline(r.Value))
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// Explain shows each statement's working, the way a candidate writes it
// on a whiteboard, with the file's own comments between, so a worked
// estimate reads as its author explained it:
//
//	# Three years of pastes.
//	storage = writes * size * 3 years
//	        = 10 million /mo * 1.271 kB * 3 years
//	        = 457.6 GB
func Explain(w io.Writer, f File) error {
	var b strings.Builder
	lines := strings.Split(f.Source, "\n")
	next := 1 // the first source line not yet considered for comments
	for i, r := range f.Results {
		var comments []string
		for ; next < r.Line && next <= len(lines); next++ {
			if c := strings.TrimSpace(lines[next-1]); strings.HasPrefix(c, "#") {
				comments = append(comments, c)
			} else if c == "" {
				comments = nil // a comment belongs to the statements right below it
			}
		}
		next = max(next, r.Line+1)
		if i > 0 {
			b.WriteString("\n")
		}
		for _, c := range comments {
			b.WriteString(c + "\n")
		}
		if r.Kind != estimate.Assignment && r.Kind != estimate.Expression {
			b.WriteString(TextLine(r) + "\n")
			continue
		}
		head, pad := r.Expr, "  "
		if r.Kind == estimate.Assignment {
			head = r.Name + " = " + r.Expr
			pad = strings.Repeat(" ", len([]rune(r.Name))+1)
		}
		b.WriteString(head + "\n")
		if working := r.Working(); working != "" && working != r.Expr {
			fmt.Fprintf(&b, "%s= %s\n", pad, working)
		}
		if r.Display.Text != r.Expr {
			fmt.Fprintf(&b, "%s= %s\n", pad, r.Display.Text)
		}
		if line := Sparkline(r.Value); line != "" {
			fmt.Fprintf(&b, "%s  %s\n", pad, line)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
