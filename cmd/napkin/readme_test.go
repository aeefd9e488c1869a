package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADME runs every "$ napkin ..." line in the README's console
// blocks and compares what it prints, so the README cannot drift from
// the program.
func TestREADME(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..")
	cases := readmeCases(string(data))
	if len(cases) < 10 {
		t.Fatalf("found only %d README examples", len(cases))
	}
	for _, c := range cases {
		t.Run(c.cmd, func(t *testing.T) {
			// "napkin ... | grep PATTERN" filters stdout, and "2>/dev/null"
			// drops stderr, as the shell would.
			cmd, filter, piped := strings.Cut(c.cmd, " | grep ")
			cmd, quiet := strings.CutSuffix(cmd, " 2>/dev/null")
			args, err := shellWords(strings.TrimPrefix(cmd, "napkin "))
			if err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			run(args, strings.NewReader(""), &out, &errOut)
			got := out.String() + errOut.String()
			if quiet {
				got = out.String()
			}
			if piped {
				filter = strings.TrimPrefix(filter, "-E ") // extended, as Go's regexp reads it
				pattern, err := shellWords(filter)
				if err != nil || len(pattern) != 1 {
					t.Fatalf("README pipes into grep with one pattern only: %q", filter)
				}
				re := regexp.MustCompile(pattern[0])
				var kept []string
				for _, line := range strings.Split(out.String(), "\n") {
					if re.MatchString(line) {
						kept = append(kept, line)
					}
				}
				got = strings.Join(kept, "\n")
			}
			if got := strings.TrimRight(got, "\n"); got != c.want {
				t.Errorf("$ %s\ngot:\n%s\nwant (README):\n%s", c.cmd, got, c.want)
			}
		})
	}
}

type readmeCase struct{ cmd, want string }

func readmeCases(md string) []readmeCase {
	var out []readmeCase
	in := false
	var cur *readmeCase
	flush := func() {
		if cur != nil {
			cur.want = strings.TrimRight(cur.want, "\n")
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "```console"):
			in = true
		case in && strings.HasPrefix(line, "```"):
			flush()
			in = false
		case in && strings.HasPrefix(line, "$ "):
			flush()
			cur = &readmeCase{cmd: strings.TrimPrefix(line, "$ ")}
		case in && cur != nil:
			cur.want += line + "\n"
		}
	}
	return out
}

// shellWords splits a command line as sh would for the README's simple
// commands: words, 'single' and "double" quotes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, os.ErrInvalid
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
