package estimate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is an error in an estimate, with where it happened. The engine
// never prints it; the command line decides how (the caret line, a hint).
// Every error the package returns is an *Error; find it with errors.As.
type Error struct {
	Line   int    // 1-based line in the file; 1 for a single line; 0 for text that is not in the file (an Input)
	Col    int    // 1-based column, counted in characters
	Msg    string // what went wrong, lowercase: "cannot add B (information) and s (time)"
	Hint   string // what to try instead, or ""
	Source string // the whole line the error is on
	Input  string // the name of the Input whose text the error is in; "" for the file
	// Skipped: the statement did not run because one it depends on
	// failed (RunAll); the failure itself is reported on its own line.
	Skipped bool
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// caretWidth is how much of a long line Caret shows around the column.
const caretWidth = 72

// Caret returns the source line and a caret under the column, each
// indented by indent: the two lines under an error message. A line
// longer than caretWidth characters is cut to a window around the caret,
// with "…" where text was left out, so a 4 MB line does not echo whole.
func (e *Error) Caret(indent string) string {
	if e.Source == "" {
		return ""
	}
	src := []rune(strings.ReplaceAll(e.Source, "\t", " "))
	col := max(e.Col-1, 0)
	if len(src) > caretWidth {
		from := max(0, min(col-caretWidth/2, len(src)-caretWidth))
		to := min(len(src), from+caretWidth)
		cut := string(src[from:to])
		col -= from
		if from > 0 {
			cut = "…" + cut
			col++
		}
		if to < len(src) {
			cut += "…"
		}
		src = []rune(cut)
	}
	return indent + string(src) + "\n" + indent + strings.Repeat(" ", col) + "^"
}

// errAt builds an error at a token of a line: the one place an error
// gets its position.
func errAt(l *srcLine, col int, msg, hint string) *Error {
	return &Error{Line: l.no, Col: col + 1, Msg: msg, Hint: hint, Source: l.text, Input: l.input}
}

// srcLine is one line of a file, or an Input's text.
type srcLine struct {
	no    int    // 1-based; 0 for an Input's text
	text  string // the whole line
	input string // the name of the Input whose text it is, or ""
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
