package estimate

import (
	"math"
	"strings"

	"github.com/dustin/go-humanize"
)

// Kind is the kind of a statement.
type Kind int

const (
	// Expression is a bare expression: 1 TB / 1 Gbps.
	Expression Kind = iota
	// Assignment is name = expression.
	Assignment
	// Assertion is assert comparison [within tolerance].
	Assertion
	// UnitDeclaration is unit name [= expression].
	UnitDeclaration
	// Comparison is a bare comparison, true or false: 1 GB > 1 MB.
	Comparison
)

func (k Kind) String() string {
	switch k {
	case Assignment:
		return "assignment"
	case Assertion:
		return "assert"
	case UnitDeclaration:
		return "unit"
	case Comparison:
		return "comparison"
	}
	return "expression"
}

// Value is what an expression evaluates to: a number with a dimension,
// or for an uncertain value its samples.
type Value struct {
	q quantity
}

// Base returns the value in base units: bits, seconds, dollars, or a
// declared unit; a fraction for percentages. For an uncertain value it
// is the median.
func (v Value) Base() float64 { return v.q.median().v }

// Uncertain reports whether the value is a set of samples.
func (v Value) Uncertain() bool { return v.q.uncertain() }

// Distribution summarises an uncertain value's samples in base units.
type Distribution struct {
	Samples                int
	Mean, SD               float64
	P5, P25, P50, P75, P95 float64
}

// Distribution returns the summary of an uncertain value's samples, in
// base units; ok is false for a plain value.
func (v Value) Distribution() (d Distribution, ok bool) {
	q := v.q
	if !q.uncertain() {
		return d, false
	}
	ps := q.quantiles(0.05, 0.25, 0.5, 0.75, 0.95)
	d = Distribution{Samples: len(q.smp), Mean: mean(q), SD: stddev(q),
		P5: ps[0], P25: ps[1], P50: ps[2], P75: ps[3], P95: ps[4]}
	return d, true
}

// Result is one statement's outcome.
type Result struct {
	Kind      Kind
	Line      int    // 1-based line of the file
	Col       int    // 1-based column where the statement starts
	Source    string // the statement as written
	Name      string // the assigned variable or declared unit
	Expr      string // the expression part as written: "writes * paste_size * 3 years"
	Value     Value
	Display   Display  // Text is what napkin prints: "457.6 GB"
	BaseUnit  string   // the unit Value.Base is in: "bit", "s", "bit/s", "" for plain numbers
	Dimension string   // "information", "information/time", "" for plain numbers
	Passed    bool     // for assertions and comparisons: whether it held
	Err       *Error   // for a failed assertion: the failure, with its position
	Override  bool     // the expression came from an Input, not the source
	Uses      []string // the variables the expression reads, in order, once each

	working func() string
}

// Working returns Expr with each variable replaced by its value, as a
// candidate shows their working: "10 million /mo * 1.271 kB * 3 years".
// It is "" when Expr names no variable. Computed on demand: most callers
// never ask.
func (r Result) Working() string {
	if r.working == nil {
		return ""
	}
	return r.working()
}

func (s *Session) fill(r *Result, q quantity) {
	r.Value = Value{q}
	r.Display = s.formatter().display(q)
	names, ok := s.dimText[q.dim]
	if !ok {
		names = [2]string{s.dims.format(q.dim, s.dims.bases, "·"), s.dims.format(q.dim, s.dims.names, "×")}
		s.dimText[q.dim] = names
	}
	r.BaseUnit, r.Dimension = names[0], names[1]
}

// compared fills in a comparison's result; a failed assertion gets its
// error, showing the left side's value.
func (s *Session) compared(c *compiled, r *Result, cmp comparison) *Error {
	if cmp.uncertain {
		// 460 GB (90%: 210 GB .. 1.1 TB) < 1 TB is neither true nor false.
		lhs, rhs, _ := strings.Cut(c.exprText, cmp.op)
		lhs, rhs = strings.TrimSpace(lhs), strings.TrimSpace(rhs)
		if i := strings.Index(rhs, " within "); i >= 0 {
			rhs = rhs[:i]
		}
		return errAt(c.line, c.col, "cannot compare an uncertain value: it holds in some samples and not others",
			"assert a percentile or a probability: assert p95("+lhs+") "+cmp.op+" "+rhs+", or assert prob("+lhs+" "+cmp.op+" "+rhs+") > 99%")
	}
	r.Passed = cmp.ok
	f := s.formatter()
	r.Display = Display{Text: "false"}
	if cmp.ok {
		r.Display = Display{Text: "true"}
	}
	if c.kind != Assertion || cmp.ok {
		return nil
	}
	lhs := strings.TrimSpace(c.exprText[:strings.Index(c.exprText, cmp.op)])
	// Show the left side the way the right side is written: writes == 4 /s
	// fails with writes = 3.803 /s, not 10 million /mo.
	shown := cmp.lhs
	shown.show = cmp.rhs.show
	shown.show.target = nil
	detail := lhs + " = " + f.display(shown).Text
	if len(c.vars) == 0 || !isName(lhs) {
		detail = "left side is " + f.display(shown).Text
	}
	if cmp.tol != nil && cmp.rhs.v != 0 {
		off := (cmp.lhs.v - cmp.rhs.v) / math.Abs(cmp.rhs.v)
		detail += ", off by " + f.number(math.Abs(off)*100) + "%"
	}
	r.Err = errAt(c.line, c.col, "assertion failed: "+strings.TrimSpace(strings.TrimPrefix(c.text, "assert"))+" ("+detail+")", "")
	return nil
}

// working returns a function that rewrites the expression with each
// variable's value, as it is when the statement runs, in place of its
// name.
func (s *Session) working(c *compiled, env map[string]any) func() string {
	values := make([]quantity, len(c.vars)) // samples are shared, not copied
	for i, n := range c.vars {
		values[i] = env[n.node.Value].(quantity)
	}
	f := s.formatter()
	line := c.line.text
	return func() string {
		var b strings.Builder
		at := c.exprOff
		for i, n := range c.vars {
			b.WriteString(line[at:n.tok.off])
			// An uncertain value shows whole: p95(450 GB (90%: ...)), not
			// p95 of its median.
			b.WriteString(f.display(values[i]).Text)
			at = n.tok.eoff
		}
		b.WriteString(line[at : c.exprOff+len(c.exprText)])
		return b.String()
	}
}

func itoa(n int) string { return humanize.Comma(int64(n)) }
