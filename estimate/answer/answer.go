// Package answer keeps the answers written in an estimate current: a
// statement may end in an answer comment, "#= 457.6 GB", which napkin
// update writes and napkin check compares with what napkin computes.
//
// An answer holds when the computed value, shown in the answer's own
// unit, rounds to the written number at the written number's last
// significant digit: "#= 460 GB" holds for 457.6 GB (460 has two
// significant digits, and 457.6 rounds to 460), "#= 450 GB" does not. So
// a person may round an answer by hand, and a changed input still shows.
package answer

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/napkin-calc/napkin/estimate"
)

// Marker starts an answer comment. It is itself a comment, so the engine
// never reads an answer.
const Marker = "#="

// Answered reports whether a statement gets an answer comment: an
// assignment or an expression, not a unit declaration, an assertion or a
// comparison, whose outcome the statement already says.
func Answered(r estimate.Result) bool {
	return r.Kind == estimate.Assignment || r.Kind == estimate.Expression
}

// Find returns the byte offset of the answer comment in a line of an
// estimate, or -1: the first Marker at or after the '#' that starts the
// line's comment. Anything after the marker is the answer.
func Find(line string) int {
	c := strings.IndexByte(line, '#')
	if c < 0 {
		return -1
	}
	if m := strings.Index(line[c:], Marker); m >= 0 {
		return c + m
	}
	return -1
}

// Stale is an answer that does not hold, or a missing one.
type Stale struct {
	Line, Col int    // the marker's position, 1-based, Col in characters; for a missing answer, where it goes
	Written   string // the answer as written; "" when there is none
	Computed  string // what napkin computes, as it shows it
	Source    string // the line, without its line ending
}

// Error is the stale answer as an error at the marker, for napkin check.
func (s Stale) Error(hint string) *estimate.Error {
	return &estimate.Error{
		Line: s.Line, Col: s.Col, Source: s.Source, Hint: hint,
		Msg: "stale answer: the document says " + s.Written + ", napkin computes " + s.Computed,
	}
}

// Checker decides whether written answers hold. Its session has run the
// estimate, so an answer may use the units the estimate declares.
type Checker struct {
	s *estimate.Session
}

// NewChecker runs est in s and keeps s to read answers' units in.
func NewChecker(s *estimate.Session, est string) *Checker {
	_, _ = s.Run(est) // an estimate that fails is never checked; see Update
	return &Checker{s: s}
}

// Holds reports whether written is an answer to r that holds.
func (c *Checker) Holds(written string, r estimate.Result) bool {
	written = strings.TrimSpace(written)
	if written == r.Display.Text {
		return true
	}
	w, place, unit, ok := split(written)
	if !ok {
		return false
	}
	x, ok := c.inUnit(r, unit)
	if !ok {
		return false
	}
	q := math.Pow(10, float64(place))
	return math.Round(x/q) == math.Round(w/q)
}

// inUnit returns r's value in unit, the text after an answer's number.
func (c *Checker) inUnit(r estimate.Result, unit string) (float64, bool) {
	one := "1 " + unit
	if strings.HasPrefix(unit, "$") {
		one = "$1 " + unit[1:]
	}
	if res, err := c.s.Run(one); err == nil && len(res) == 1 && res[0].BaseUnit == r.BaseUnit && res[0].Value.Base() != 0 {
		return r.Value.Base() / res[0].Value.Base(), true
	}
	// A unit napkin cannot read back, such as a compound time's "m 23s",
	// holds only as the very text napkin shows.
	if n, _, shown, ok := split(r.Display.Text); ok && shown == unit && !strings.ContainsAny(unit, "0123456789") {
		return n, true
	}
	return 0, false
}

// split reads an answer as a number and the unit after it ("460 GB" is
// 460, 1, "GB": 460's last significant digit is in the tens, 10^1) and
// reports whether it starts with a number. A leading $ stays with the
// unit; thousands separators are dropped.
func split(answer string) (n float64, place int, unit string, ok bool) {
	s, dollar := strings.CutPrefix(answer, "$")
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, fraction, dot := 0, 0, false
scan:
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			if dot {
				fraction++
			}
		case c == '.' && !dot:
			dot = true
		case c == ',' || c == '_':
		default:
			break scan
		}
	}
	if digits == 0 {
		return 0, 0, "", false
	}
	mantissa := strings.NewReplacer(",", "", "_", "").Replace(s[:i])
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			exp, _ = strconv.Atoi(s[i+1 : k])
			i = k
		}
	}
	m, err := strconv.ParseFloat(mantissa, 64)
	if err != nil {
		return 0, 0, "", false
	}
	place = exp - fraction
	if !dot {
		for t := strings.TrimLeft(mantissa, "+-"); len(t) > 1 && t[len(t)-1] == '0'; t = t[:len(t)-1] {
			place++
		}
	}
	unit = strings.TrimSpace(s[i:])
	if dollar {
		unit = "$" + unit
	}
	return m * math.Pow(10, float64(exp)), place, unit, true
}

// Update writes or refreshes the answer comment of every answered
// statement of text, whose estimate is est: the same lines, in the same
// byte columns, but for what comes before the code in a Markdown
// document (text and est are the same for an estimate file). An answer
// that holds stays as written; only answer comments change, every other
// byte (line endings included) is kept. It returns the new text and the
// answers that were stale; missing and empty ones are not stale.
func Update(text, est string, results []estimate.Result, c *Checker) (string, []Stale) {
	last := map[int]estimate.Result{} // the answer is the last statement's on its line
	for _, r := range results {
		last[r.Line] = r
	}
	estLines := strings.Split(est, "\n")
	lines := strings.SplitAfter(text, "\n")
	var stale []Stale
	for i, line := range lines {
		r, ok := last[i+1]
		if !ok || !Answered(r) || i >= len(estLines) {
			continue
		}
		body := strings.TrimRight(line, "\r\n")
		ending := line[len(body):]
		code := strings.TrimSuffix(estLines[i], "\r")
		m := Find(code)
		switch {
		case m >= 0 && strings.TrimSpace(code[m+len(Marker):]) == "":
			lines[i] = body[:m] + Marker + " " + r.Display.Text + ending // left empty, to be filled
		case m < 0:
			lines[i] = strings.TrimRight(body, " \t") + "  " + Marker + " " + r.Display.Text + ending
		case !c.Holds(code[m+len(Marker):], r):
			stale = append(stale, Stale{
				Line: i + 1, Col: utf8.RuneCountInString(body[:m]) + 1,
				Written: strings.TrimSpace(code[m+len(Marker):]), Computed: r.Display.Text,
				Source: body,
			})
			lines[i] = body[:m] + Marker + " " + r.Display.Text + ending
		}
	}
	return strings.Join(lines, ""), stale
}
