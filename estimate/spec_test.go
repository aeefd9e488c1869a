package estimate

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/*.spec")

// TestSpec runs the spec files in testdata (format: testdata/README.md).
func TestSpec(t *testing.T) {
	files, err := filepath.Glob("testdata/*.spec")
	if err != nil || len(files) == 0 {
		t.Fatalf("no spec files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, failures := runSpec(string(data))
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, f := range failures {
				t.Error(f)
			}
			if len(failures) > 0 {
				t.Logf("to accept the new output: go test ./estimate -run TestSpec -update")
			}
		})
	}
}

// runSpec evaluates every input line of a spec file in one session and
// returns the file rewritten with the actual output, and a message for
// each case whose expected output differs.
func runSpec(data string) (string, []string) {
	s := NewSession(specOptions(data)...)
	var out strings.Builder
	var failures []string
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "\t") {
			continue // expected output of a case already handled
		}
		out.WriteString(line + "\n")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var want []string
		for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "\t"); j++ {
			want = append(want, strings.TrimPrefix(lines[j], "\t"))
		}
		got := specOutput(s, line)
		for _, g := range got {
			out.WriteString("\t" + g + "\n")
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			failures = append(failures, fmt.Sprintf("line %d: %s\n got:\n\t%s\nwant:\n\t%s", i+1, line, strings.Join(got, "\n\t"), strings.Join(want, "\n\t")))
		}
	}
	return out.String(), failures
}

// specOptions reads "#! digits 6" directives.
func specOptions(data string) []Option {
	var opts []Option
	for _, line := range strings.Split(data, "\n") {
		var n int
		if _, err := fmt.Sscanf(line, "#! digits %d", &n); err == nil {
			opts = append(opts, WithDigits(n))
		}
	}
	return opts
}

func specOutput(s *Session, line string) []string {
	res, err := s.Eval(line)
	var out []string
	errLines := func(e *Error) {
		out = append(out, fmt.Sprintf("error(%d): %s", e.Col, e.Msg))
		if e.Hint != "" {
			out = append(out, "hint: "+e.Hint)
		}
	}
	for _, r := range res {
		switch {
		case r.Err != nil:
			errLines(r.Err)
		case r.Kind == Assignment:
			out = append(out, r.Name+" = "+r.Display.Text)
		case r.Kind == UnitDeclaration:
			out = append(out, "unit "+r.Name+" = "+r.Display.Text)
		case r.Kind == Assertion:
			out = append(out, "ok")
		default:
			out = append(out, r.Display.Text)
		}
	}
	if err != nil {
		errLines(asError(err))
	}
	return out
}
