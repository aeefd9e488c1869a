package estimate

import (
	"context"
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
		s := NewSession()
		s.Eval("unit tweet; x = 3 GB")
		res, evalErr := s.Eval(line)
		if evalErr != nil {
			err := asError(evalErr)
			if err == nil {
				t.Fatalf("%q: error %v is not an *Error", line, evalErr)
			}
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

// FuzzRun feeds whole estimate files to Run, seeded with the primer's
// worked examples: every error has a line within the file and a column
// within that line.
func FuzzRun(f *testing.F) {
	files, _ := filepath.Glob("../examples/*.napkin")
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	// Issue 10's counting forms, in a file.
	f.Add("unit server\nqps = 10 million / day\navg_qps = 10 million / day\npeak = 3x avg_qps -> per s\nfleet = ceil(peak / (2000 qps / server))\nx = 2\nassert 2x 1 h == 4 h\n10 server/s -> rpm\n")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 20000 {
			return
		}
		s := NewSession()
		res, runErr := s.Run(src)
		err := asError(runErr)
		lines := strings.Split(src, "\n")
		check := func(e *Error) {
			if e.Line < 1 || e.Line > len(lines) {
				t.Fatalf("error on line %d of a %d-line file: %v", e.Line, len(lines), e)
			}
			line := strings.TrimSuffix(lines[e.Line-1], "\r")
			if e.Col < 1 || e.Col > utf8.RuneCountInString(line)+1 {
				t.Fatalf("error at column %d of %q: %v", e.Col, line, e)
			}
		}
		if err != nil {
			check(err)
		}
		for _, r := range res {
			if r.Err != nil {
				check(r.Err)
			}
		}

		// Going on past errors, as check and the page do, agrees with
		// Run up to Run's first error, and then positions every error.
		all, errs := NewSession().RunAll(context.Background(), src)
		if len(all) < len(res) {
			t.Fatalf("RunAll has %d results, Run %d", len(all), len(res))
		}
		for i, r := range res {
			if all[i].Line != r.Line || all[i].Display.Text != r.Display.Text {
				t.Fatalf("result %d: RunAll %d %q, Run %d %q", i, all[i].Line, all[i].Display.Text, r.Line, r.Display.Text)
			}
		}
		switch {
		case err == nil && len(errs) > 0:
			t.Fatalf("Run succeeded, RunAll failed: %v", errs[0])
		case err != nil && (len(errs) == 0 || errs[0].Line != err.Line || errs[0].Col != err.Col || errs[0].Msg != err.Msg):
			t.Fatalf("Run failed with %v, RunAll with %v", err, errs)
		}
		for _, e := range errs {
			check(e)
		}
	})
}

// FuzzInput feeds arbitrary --set texts to a compiled model: whatever the
// text, Input and Run return results or an *Error, and an error in the
// text points inside it.
func FuzzInput(f *testing.F) {
	for _, seed := range []string{"50M", "20 million pastes / month", "1 +", "5 GB", "x = 1", "writes * 2", "(((", "0", "-1e308 * 10", "assert 1 < 2", "1; 2", "ans", "day", "ceil(2.5)",
		"3x writes", "ceil(2.5 paste)", "10 pastes/s -> qps", "60 rpm", "writes -> per day", "2x"} {
		f.Add(seed)
	}
	src := "unit paste\nwrites = 10 million pastes per month\nsize = 1.271 kB / paste\nstorage = writes * size * 3 years\nassert storage < 1 PB\nshare = 100 / (writes * 1 s)\n"
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 2000 {
			return
		}
		m, err := NewSession().Compile(src)
		if err != nil {
			t.Fatal(err)
		}
		check := func(err error) {
			e := asError(err)
			if e == nil {
				t.Fatalf("%q: %v is not an *Error", text, err)
			}
			if e.Line == 0 && (e.Col < 0 || e.Col > utf8.RuneCountInString(text)+1) {
				t.Fatalf("%q: error at column %d: %v", text, e.Col, e)
			}
		}
		for _, name := range []string{"writes", "size"} {
			in, err := m.Input(name, text)
			if err != nil {
				check(err)
				continue
			}
			res, err := m.Run(in)
			if err != nil {
				check(err)
			}
			for _, r := range res {
				if txt := r.Display.Text; txt == "" || strings.Contains(txt, "NaN") || strings.Contains(txt, "Inf") {
					t.Fatalf("%q: %s displayed as %q", text, r.Source, txt)
				}
			}
		}
	})
}
