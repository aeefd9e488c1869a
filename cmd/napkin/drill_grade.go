package main

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
)

// grade is how close an answer came.
type grade int

const (
	gradeExact   grade = iota // within 5%
	gradeClose                // within 2x
	gradeOrder                // within 10x: the right order of magnitude
	gradeOff                  // further, of the wrong sign, or of the wrong dimension
	gradeSkipped              // no answer: counts as missed
	gradeHeld                 // an interval that holds the truth
	gradeMissed               // an interval that does not
)

var gradeNames = [...]string{"exact", "close", "right order", "off", "skipped", "held", "missed"}

func (g grade) String() string { return gradeNames[g] }

// missed reports whether the state file counts the grade as a miss, one
// to ask again sooner.
func (g grade) missed() bool { return g == gradeOff || g == gradeSkipped || g == gradeMissed }

// slack keeps a band's edge in the band despite float noise: 1.05 * t
// can come out a hair above 5%.
const slack = 1e-9

// gradeValue grades answer a against truth t, both in base units: exact
// within 5% of t, close within a factor of 2, right order within 10.
func gradeValue(a, t float64) grade {
	if t == 0 || a == 0 {
		if a == t {
			return gradeExact
		}
		return gradeOff
	}
	if math.Abs(a-t) <= 0.05*math.Abs(t)*(1+slack) {
		return gradeExact
	}
	r := a / t
	if r <= 0 {
		return gradeOff
	}
	f := math.Max(r, 1/r)
	switch {
	case f <= 2*(1+slack):
		return gradeClose
	case f <= 10*(1+slack):
		return gradeOrder
	}
	return gradeOff
}

// verdict is a graded answer.
type verdict struct {
	grade  grade
	answer string  // as typed, trimmed
	value  float64 // base units; the low end of an interval
	high   float64 // an interval's high end
	note   string  // "2x high", "expected information/time, like 12.7 GB/mo, not time"
}

// answerer evaluates answers to one question, each in a new session so
// nothing an answer assigns leaks into the next.
type answerer struct {
	q    *question
	dim  string // the truth's dimension in the answer's session
	init bool
}

func (a *answerer) eval(text string) (estimate.Result, *estimate.Error) {
	s := estimate.NewSession()
	if a.q.setup != "" {
		if _, err := s.Eval(a.q.setup); err != nil {
			return estimate.Result{}, present.EvalError(err)
		}
	}
	res, err := s.Eval(text)
	if err != nil {
		return estimate.Result{}, present.EvalError(err)
	}
	if len(res) == 0 {
		return estimate.Result{}, &estimate.Error{Line: 1, Col: 1, Msg: "expected a value", Source: text}
	}
	r := res[len(res)-1]
	if r.Kind == estimate.Comparison || r.Kind == estimate.Assertion || r.Kind == estimate.UnitDeclaration {
		return estimate.Result{}, &estimate.Error{Line: 1, Col: r.Col, Msg: "expected a value, not " + article(r.Kind.String()), Source: text}
	}
	return r, nil
}

func article(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// truthDim is the truth's dimension as the answer's session sees it: an
// exercise's counted units are plain there.
func (a *answerer) truthDim() string {
	if !a.init {
		a.init = true
		a.dim = a.q.truth.Dimension
		if a.q.setup != "" && a.q.truth.BaseUnit != "" {
			if r, err := a.eval("1 * (" + strings.ReplaceAll(a.q.truth.BaseUnit, "·", " * ") + ")"); err == nil {
				a.dim = r.Dimension
			}
		}
	}
	return a.dim
}

// grade grades an answer: a value, or with intervals a range lo..hi. An
// error is one in the answer's text, to be typed again; an answer of the
// wrong dimension is graded off with a note.
func (a *answerer) grade(text string, intervals bool) (verdict, *estimate.Error) {
	v := verdict{answer: text}
	text = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "~"))
	if text == "" || text == "?" {
		v.grade = gradeSkipped
		return v, nil
	}
	lo, hi, isRange := splitInterval(text)
	if intervals && !isRange {
		return v, &estimate.Error{Line: 1, Col: 1, Msg: "expected an interval, low..high", Hint: "for example: 100..1000 /s", Source: text}
	}
	if !intervals && isRange {
		return v, &estimate.Error{Line: 1, Col: len([]rune(lo)) + 1, Msg: "expected one value, not an interval", Hint: "intervals are for napkin drill --intervals", Source: text}
	}
	if !isRange {
		r, err := a.eval(text)
		if err != nil {
			return v, err
		}
		if note, ok := a.sameDim(r); !ok {
			v.grade, v.note = gradeOff, note
			return v, nil
		}
		x, t := r.Value.Base(), a.q.truth.Value.Base()
		v.value = x
		if a.q.complement {
			x, t = 1-x, 1-t
		}
		v.grade = gradeValue(x, t)
		if v.grade != gradeExact && x*t > 0 {
			v.note = factor(x, t)
		}
		return v, nil
	}
	rh, err := a.eval(hi)
	if err != nil {
		return v, shift(err, text, len(text)-len(hi))
	}
	rl, err := a.eval(lo)
	if err != nil {
		return v, shift(err, text, 0)
	}
	if rl.Display.Unit == "" && rh.Display.Unit != "" {
		// A bare lower bound takes the upper bound's unit: 100..1000 /s.
		if rl, err = a.eval(lo + withoutNumber(hi)); err != nil {
			return v, shift(err, text, 0)
		}
	}
	for _, r := range []estimate.Result{rl, rh} {
		if note, ok := a.sameDim(r); !ok {
			v.grade, v.note = gradeMissed, note
			return v, nil
		}
	}
	v.value, v.high = rl.Value.Base(), rh.Value.Base()
	if v.value > v.high {
		v.value, v.high = v.high, v.value
	}
	t := a.q.truth.Value.Base()
	v.grade = gradeMissed
	switch {
	case t < v.value*(1-slack*sign(v.value)):
		v.note = "the answer is below it"
	case t > v.high*(1+slack*sign(v.high)):
		v.note = "the answer is above it"
	default:
		v.grade = gradeHeld
	}
	return v, nil
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// sameDim reports whether r has the truth's dimension, and if not a note
// saying what was expected.
func (a *answerer) sameDim(r estimate.Result) (string, bool) {
	want := a.truthDim()
	if r.Dimension == want {
		return "", true
	}
	return "expected " + dimWords(want) + ", like " + a.q.truth.Display.Text + ", not " + dimWords(r.Dimension), false
}

func dimWords(d string) string {
	if d == "" {
		return "a plain number"
	}
	return d
}

// factor says how far x is from t: "2x high", "3.5x low", "1.1e+08x high".
func factor(x, t float64) string {
	r, side := x/t, "high"
	if r < 1 {
		r, side = 1/r, "low"
	}
	s := strconv.FormatFloat(r, 'g', 2, 64)
	if r < 1e6 {
		s = strconv.FormatFloat(roundTo(r, 2), 'f', -1, 64) // 110, not 1.1e+02
	}
	return s + "x " + side
}

// splitInterval splits lo..hi at its top-level "..", outside parentheses.
func splitInterval(s string) (lo, hi string, ok bool) {
	depth := 0
	for i := 0; i+1 < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '.':
			if depth == 0 && s[i+1] == '.' {
				lo = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s[:i]), "~"))
				hi = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s[i+2:]), "~"))
				return lo, hi, true
			}
		}
	}
	return "", "", false
}

// leadingNumber matches the number an upper bound starts with.
var leadingNumber = regexp.MustCompile(`^\s*(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?`)

// withoutNumber is an upper bound's text after its leading number, the
// unit a bare lower bound takes: " /s" of "1000 /s", " million /s" of
// "5 million /s"; all of it, multiplied, if it has no number ("month").
func withoutNumber(hi string) string {
	if m := leadingNumber.FindString(hi); m != "" {
		return hi[len(m):]
	}
	return " * (" + hi + ")"
}

// shift places an error in one side of an interval into the whole
// answer, off bytes along.
func shift(e *estimate.Error, text string, off int) *estimate.Error {
	c := *e
	c.Source = text
	c.Col += len([]rune(text[:off]))
	return &c
}

func roundTo(v float64, digits int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	return r
}
