package answer

import (
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/doc"
)

// UpdateSpans rewrites the text of every napkin span of a document that
// does not hold, by the same rule as an answer comment, with its value
// as napkin shows it. It returns the new text and the stale spans; an
// empty span is filled, not stale. A span whose expression fails, or is
// not an expression, is an error at its position.
func UpdateSpans(text string, spans []doc.Span, c *Checker) (string, []Stale, *estimate.Error) {
	var b strings.Builder
	var stale []Stale
	done := 0
	for _, sp := range spans {
		r, err := c.eval(sp)
		if err != nil {
			err.Source = lineAt(text, sp.Start)
			return text, nil, err
		}
		written := strings.TrimSpace(text[sp.Start:sp.End])
		if written != "" && c.Holds(written, r) {
			continue
		}
		if written != "" {
			stale = append(stale, Stale{Line: sp.Line, Col: sp.Col, Written: written, Computed: r.Display.Text, Source: lineAt(text, sp.Start)})
		}
		b.WriteString(text[done:sp.Start])
		b.WriteString(r.Display.Text)
		done = sp.End
	}
	b.WriteString(text[done:])
	return b.String(), stale, nil
}

// eval evaluates a span's expression in the estimate's session.
func (c *Checker) eval(sp doc.Span) (estimate.Result, *estimate.Error) {
	res, err := c.s.Run(sp.Expr)
	if e, ok := err.(*estimate.Error); ok {
		return estimate.Result{}, &estimate.Error{Line: sp.Line, Col: sp.ExprCol + e.Col - 1, Msg: e.Msg, Hint: e.Hint}
	}
	if err != nil || len(res) != 1 || res[0].Kind != estimate.Expression {
		return estimate.Result{}, &estimate.Error{Line: sp.Line, Col: sp.ExprCol, Msg: "a napkin span shows one expression's value, not '" + sp.Expr + "'",
			Hint: "name a variable, as in <!--napkin storage-->, or convert it: <!--napkin storage -> TB-->"}
	}
	return res[0], nil
}

// lineAt returns the line around byte offset at, without its ending.
func lineAt(text string, at int) string {
	start := strings.LastIndexByte(text[:at], '\n') + 1
	end := strings.IndexByte(text[at:], '\n')
	if end < 0 {
		end = len(text) - at
	}
	return strings.TrimSuffix(text[start:at+end], "\r")
}
