package doc

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/napkin-calc/napkin/estimate"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ name, doc, est string }{
		{"backticks", "# T\n\n```napkin\na = 1\n```\n", "\n\n\na = 1\n"},
		{"tildes and a longer fence", "~~~~ napkin\na = 1\n~~~\nb = 2\n~~~~\n", "\na = 1\n~~~\nb = 2\n"},
		{"indented fence", "   ```napkin\n   a = 1\n    b = 2\n   ```\n", "\n   a = 1\n    b = 2\n"},
		{"in a list", "- item\n\n  ```napkin\n  a = 1\n  ```\n", "\n\n\n  a = 1\n"},
		{"in a block quote", "> ```napkin\n> a = 1 # x\n> ```\n", "\n  a = 1 # x\n"},
		{"other languages ignored", "```go\nx := 1\n```\n```\nplain\n```\n", "\n\n\n\n\n"},
		{"CRLF", "```napkin\r\na = 1\r\n```\r\n", "\na = 1\n"},
		{"in an HTML-free paragraph, not a block", "text ```napkin a = 1```\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if d.Estimate != tc.est {
				t.Errorf("estimate %q, want %q", d.Estimate, tc.est)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		line, col int
		msg       string
	}{
		{"unterminated", "# T\n\n  ```napkin\na = 1\n", 3, 3, "napkin block has no closing fence"},
		{"unterminated in a list", "- x\n  ```napkin\n  a = 1\n\nnext\n", 2, 3, "napkin block has no closing fence"},
		{"closed by a shorter fence", "````napkin\na = 1\n```\n", 1, 1, "napkin block has no closing fence"},
		{"not UTF-8", "# T\nab\xffc\n", 2, 3, "the document is not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.doc)
			var e *estimate.Error
			if !errors.As(err, &e) {
				t.Fatalf("err %v, want an *estimate.Error", err)
			}
			if e.Line != tc.line || e.Col != tc.col || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("%d:%d: %s, want %d:%d: %s", e.Line, e.Col, e.Msg, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	const d = "```napkin\nx = 1 GB\n```\n\n" +
		"Inline <!--napkin x-->1 GB<!--/napkin--> and <!--napkin x -> MB-->1000 MB<!--/napkin-->.\n\n" +
		"<!--napkin x--><!--/napkin--> starts an HTML block.\n\n" +
		"`<!--napkin x-->code<!--/napkin-->` is text.\n\n" +
		"    <!--napkin x-->indented code<!--/napkin-->\n"
	doc, err := Parse(d)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range doc.Spans {
		got = append(got, fmt.Sprintf("%d:%d %s@%d %q", s.Line, s.Col, s.Expr, s.ExprCol, d[s.Start:s.End]))
	}
	want := []string{`5:8 x@19 "1 GB"`, `5:46 x -> MB@57 "1000 MB"`, `7:1 x@12 ""`}
	if !slices.Equal(got, want) {
		t.Errorf("spans %q, want %q", got, want)
	}
}
