package doc

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/napkin-calc/napkin/estimate"
)

// Span is a number quoted in prose and kept current: the text between
// <!--napkin EXPR--> and <!--/napkin-->, on one line, shows EXPR's value
// in the document's session ("<!--napkin storage -> TB-->0.4576 TB<!--/napkin-->").
// The markers are HTML comments, invisible when the Markdown is rendered.
type Span struct {
	Line, Col  int    // the opening marker, 1-based; Col in characters
	Expr       string // the expression the marker names: "storage", "storage -> TB"
	ExprCol    int    // where Expr starts on the line, in characters
	Start, End int    // the text between the markers, as byte offsets in the document
}

// Span markers.
const (
	spanOpen  = "napkin"
	spanClose = "/napkin"
)

type mark struct {
	start, end int // the comment, <!-- to -->
	expr       string
	exprAt     int // byte offset of expr
	open       bool
}

// spans pairs the napkin markers found in the document's raw HTML, which
// the parser found: a marker in a code block or code span is text.
func spans(doc string, html [][2]int, lineOf func(int) int, starts []int) ([]Span, error) {
	var marks []mark
	seen := map[int]bool{}
	for _, r := range html {
		region := doc[r[0]:r[1]]
		for at := 0; ; {
			i := strings.Index(region[at:], "<!--")
			if i < 0 {
				break
			}
			i += at
			j := strings.Index(region[i+4:], "-->")
			if j < 0 {
				break
			}
			body := region[i+4 : i+4+j]
			at = i + 4 + j + 3
			start := r[0] + i
			if seen[start] {
				continue
			}
			seen[start] = true
			switch t := strings.TrimSpace(body); {
			case t == spanClose:
				marks = append(marks, mark{start: start, end: r[0] + at})
			case strings.HasPrefix(t, spanOpen+" "):
				expr := strings.TrimSpace(t[len(spanOpen):])
				marks = append(marks, mark{start: start, end: r[0] + at, expr: expr, exprAt: r[0] + i + 4 + strings.Index(body, expr), open: true})
			}
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	errAt := func(m mark, msg, hint string) error {
		no := lineOf(m.start)
		line := strings.TrimSuffix(strings.SplitN(doc[starts[no-1]:], "\n", 2)[0], "\r")
		return &estimate.Error{Line: no, Col: utf8.RuneCountInString(doc[starts[no-1]:m.start]) + 1, Source: line, Msg: msg, Hint: hint}
	}
	var out []Span
	for i := 0; i < len(marks); i++ {
		m := marks[i]
		if !m.open {
			return nil, errAt(m, "<!--/napkin--> ends no napkin span", "a span is <!--napkin NAME-->value<!--/napkin-->")
		}
		if i+1 >= len(marks) || marks[i+1].open || lineOf(marks[i+1].start) != lineOf(m.start) {
			return nil, errAt(m, "napkin span has no <!--/napkin--> on its line", "a span is <!--napkin NAME-->value<!--/napkin-->, on one line")
		}
		no := lineOf(m.start)
		out = append(out, Span{
			Line: no, Col: utf8.RuneCountInString(doc[starts[no-1]:m.start]) + 1,
			Expr: m.expr, ExprCol: utf8.RuneCountInString(doc[starts[no-1]:m.exprAt]) + 1,
			Start: m.end, End: marks[i+1].start,
		})
		i++
	}
	return out, nil
}
