package present

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// ErrorText formats an error the way napkin prints it: in a file,
// "file:line:col: message" ("file: message" for the file as a whole),
// else "napkin: error: message"; then the line with a caret under the
// column, and "napkin: hint: ..." if there is one.
func ErrorText(file string, e *estimate.Error) string {
	var b strings.Builder
	if file != "" && e.Line == 0 {
		fmt.Fprintf(&b, "%s: %s\n", file, e.Msg)
	} else if file != "" {
		fmt.Fprintf(&b, "%s:%d:%d: %s\n", file, e.Line, e.Col, e.Msg)
	} else {
		fmt.Fprintf(&b, "napkin: error: %s\n", e.Msg)
	}
	if c := e.Caret("  "); c != "" {
		b.WriteString(c + "\n")
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "napkin: hint: %s\n", e.Hint)
	}
	return b.String()
}

// AssertionText formats a failed assertion in a file: "file:line: message".
// On the command line or in the REPL it is an error like any other.
func AssertionText(file string, e *estimate.Error) string {
	if file == "" {
		return ErrorText("", e)
	}
	return fmt.Sprintf("%s:%d: %s\n", file, e.Line, e.Msg)
}

// Errors writes a file's failed assertions, its stale answers and its
// errors, each kind in file order.
func Errors(w io.Writer, f File) error {
	var b strings.Builder
	for _, r := range f.Results {
		if r.Err != nil {
			b.WriteString(AssertionText(f.Name, r.Err))
		}
	}
	for _, e := range f.Stale {
		b.WriteString(ErrorText(f.Name, e))
	}
	for _, e := range f.Errs() {
		b.WriteString(ErrorText(f.Name, e))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// EvalError returns the engine's error inside err, or nil for none.
// Every error the engine returns is an *estimate.Error; anything else
// becomes one with its text as the message.
func EvalError(err error) *estimate.Error {
	if err == nil {
		return nil
	}
	var e *estimate.Error
	if errors.As(err, &e) {
		return e
	}
	return &estimate.Error{Msg: err.Error()}
}
