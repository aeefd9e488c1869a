package estimate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzEval feeds arbitrary lines to a session: whatever comes in, Eval
// returns a result or a positioned error, never panics or hangs, and
// never prints Inf or NaN. The seed corpus is every spec input.
func FuzzEval(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.spec")
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line != "" && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "#") {
				f.Add(line)
			}
		}
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 2000 {
			return
		}
		s := NewSession(WithConstants(Constant{Name: "l1_ref", Value: "0.5 ns"}))
		s.Eval("unit tweet; x = 3 GB")
		res, err := s.Eval(line)
		if err != nil {
			if err.Msg == "" || err.Col < 1 || err.Col > utf8.RuneCountInString(line)+1 {
				t.Fatalf("bad error position %d (line has %d characters): %q", err.Col, utf8.RuneCountInString(line), err.Msg)
			}
		}
		for _, r := range res {
			txt := r.Display.Text
			if strings.Contains(txt, "Inf") || strings.Contains(txt, "NaN") || txt == "" {
				t.Fatalf("%q displayed as %q", line, txt)
			}
		}
	})
}
