// Package doc finds the estimates in Markdown documents: the fenced code
// blocks whose info string is napkin, found by a CommonMark parser, so
// indented fences, tildes, longer fences and blocks in lists and block
// quotes all count, and a fence inside another block does not.
//
// A document is one estimate: Parse turns it into an estimate text with
// the document's own lines and columns, so whatever the engine reports
// about it points into the document.
package doc

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Info is the info string that marks a fenced code block as an estimate.
const Info = "napkin"

// Block is one napkin block of a document.
type Block struct {
	Line, Col   int // the opening fence, 1-based; Col in characters
	First, Last int // the lines of code, 1-based, inclusive; Last < First for an empty block
}

// Document is a Markdown document and the estimate in it.
type Document struct {
	Text   string // the document as read
	Blocks []Block
	Spans  []Span
	// Estimate has a line for every line of the document: empty outside
	// napkin blocks, and inside one the line's code in its own columns,
	// with the list indentation or block quote markers before it made
	// spaces.
	Estimate string

	lines []string // the document's lines, without line endings
}

// commonMark is goldmark's CommonMark parser, as goldmark.DefaultParser
// builds it. napkin reads Markdown and renders none, so the goldmark
// package itself, which builds an HTML renderer with each Markdown (and
// one when the program starts), is not imported.
func commonMark() parser.Parser {
	return parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...))
}

// Parse finds the napkin blocks of a Markdown document. A document that
// is not UTF-8, and a napkin block with no closing fence, is an
// *estimate.Error at its position.
func Parse(doc string) (*Document, error) {
	lines := splitLines(doc)
	if !utf8.ValidString(doc) {
		return nil, invalidUTF8(lines)
	}
	src := []byte(doc)
	starts := lineStarts(src)
	lineOf := func(off int) int { return sort.Search(len(starts), func(i int) bool { return starts[i] > off }) } // 1-based

	d := &Document{Text: doc, lines: lines}
	est := make([]string, len(lines))
	root := commonMark().Parse(text.NewReader(src))
	var html [][2]int // where the document has raw HTML, which napkin spans' markers are
	err := ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.RawHTML:
			for i := 0; entering && i < n.Segments.Len(); i++ {
				html = append(html, [2]int{n.Segments.At(i).Start, n.Segments.At(i).Stop})
			}
		case *ast.HTMLBlock:
			for i := 0; entering && i < n.Lines().Len(); i++ {
				html = append(html, [2]int{n.Lines().At(i).Start, n.Lines().At(i).Stop})
			}
			if entering && n.HasClosure() {
				html = append(html, [2]int{n.ClosureLine.Start, n.ClosureLine.Stop})
			}
		}
		fb, ok := n.(*ast.FencedCodeBlock)
		if !entering || !ok || fb.Info == nil || string(fb.Language(src)) != Info {
			return ast.WalkContinue, nil
		}
		info := fb.Info.Segment.Start
		open := lineOf(info)
		fence := fenceStart(src, starts[open-1], info)
		b := Block{Line: open, Col: utf8.RuneCount(src[starts[open-1]:fence]) + 1, First: open + 1, Last: open}
		segs := fb.Lines()
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			no := lineOf(seg.Start)
			line := lines[no-1]
			at := min(seg.Start-starts[no-1], len(line))
			est[no-1] = strings.Repeat(" ", utf8.RuneCountInString(line[:at])) + line[at:]
			b.Last = no
		}
		if !closes(lines, b.Last, src[fence], fenceLength(src, fence)) {
			return ast.WalkStop, &estimate.Error{
				Line: b.Line, Col: b.Col, Source: lines[b.Line-1],
				Msg:  "napkin block has no closing fence",
				Hint: "end it with a line of " + strings.Repeat(string(src[fence]), fenceLength(src, fence)) + " as long as the opening one",
			}
		}
		d.Blocks = append(d.Blocks, b)
		return ast.WalkSkipChildren, nil
	})
	if err != nil {
		return nil, err
	}
	if d.Spans, err = spans(doc, html, lineOf, starts); err != nil {
		return nil, err
	}
	d.Estimate = strings.Join(est, "\n")
	return d, nil
}

// Line returns the document's line n (1-based) without its line ending.
func (d *Document) Line(n int) string {
	if n < 1 || n > len(d.lines) {
		return ""
	}
	return d.lines[n-1]
}

// splitLines splits at \n, dropping a \r before it; a final line ending
// makes no empty line after it.
func splitLines(s string) []string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// fenceStart finds the opening fence before the info string at info.
func fenceStart(src []byte, lineStart, info int) int {
	i := info
	for i > lineStart && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	c := src[i-1]
	for i > lineStart && src[i-1] == c {
		i--
	}
	return i
}

func fenceLength(src []byte, at int) int {
	n := 0
	for at+n < len(src) && src[at+n] == src[at] {
		n++
	}
	return n
}

// closes reports whether the line after last is a closing fence: the
// parser ends an unclosed block at the end of its container without a
// word, which in an estimate would hide the text after it.
func closes(lines []string, last int, char byte, length int) bool {
	if last >= len(lines) {
		return false
	}
	l := strings.TrimLeft(lines[last], " \t>")
	n := 0
	for n < len(l) && l[n] == char {
		n++
	}
	return n >= length && strings.TrimSpace(l[n:]) == ""
}

func invalidUTF8(lines []string) error {
	for i, l := range lines {
		if !utf8.ValidString(l) {
			at := 0
			for at < len(l) {
				r, size := utf8.DecodeRuneInString(l[at:])
				if r == utf8.RuneError && size == 1 {
					break
				}
				at += size
			}
			return &estimate.Error{
				Line: i + 1, Col: utf8.RuneCountInString(l[:at]) + 1,
				Source: strings.ToValidUTF8(l, "\uFFFD"),
				Msg:    "the document is not UTF-8",
				Hint:   "napkin reads Markdown as UTF-8; convert it, e.g. with iconv",
			}
		}
	}
	return &estimate.Error{Msg: "the document is not UTF-8"}
}
