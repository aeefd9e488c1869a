package estimate

import (
	"fmt"
	"strings"
)

// Error is an error in an estimate, with where it happened. The engine
// never prints it; the command line decides how (the caret line, a hint).
type Error struct {
	Line   int    // 1-based line in the file; 1 for a single line
	Col    int    // 1-based column, counted in characters
	Msg    string // what went wrong, lowercase: "cannot add B (information) and s (time)"
	Hint   string // what to try instead, or ""
	Source string // the whole line the error is on
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// Caret returns the source line and a caret under the column, each
// indented by indent: the two lines under an error message.
func (e *Error) Caret(indent string) string {
	if e.Source == "" {
		return ""
	}
	src := strings.ReplaceAll(e.Source, "\t", " ")
	pad := strings.Repeat(" ", max(e.Col-1, 0))
	return indent + src + "\n" + indent + pad + "^"
}
