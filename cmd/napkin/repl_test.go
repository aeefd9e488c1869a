package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/peterh/liner"
)

// newTestREPL returns a REPL whose session has run lines.
func newTestREPL(t *testing.T, lines ...string) (*repl, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	r := &repl{s: estimate.NewSession(), out: &out, errOut: &errOut}
	for _, l := range lines {
		r.do(context.Background(), l)
	}
	if errOut.Len() > 0 {
		t.Fatalf("setting up the session: %s", errOut.String())
	}
	return r, &out, &errOut
}

func TestComplete(t *testing.T) {
	r, _, _ := newTestREPL(t, "peak_writes = 1000 per s", "peak_reads = 10 * peak_writes", "unit tweet")
	tests := []struct {
		line  string
		pos   int // -1: the end of the line
		head  string
		items []string // nil: no completions
		tail  string
	}{
		// Variables, keeping the text before the word and after the cursor.
		{line: "peak_", pos: -1, head: "", items: []string{"peak_reads", "peak_writes"}},
		{line: "x = 2 * peak_w", pos: -1, head: "x = 2 * ", items: []string{"peak_writes"}},
		{line: "peak_w * 2", pos: 6, head: "", items: []string{"peak_writes"}, tail: " * 2"},
		// Functions, constants, declared units and their plurals.
		{line: "downt", pos: -1, items: []string{"downtime"}},
		{line: "1 tw", pos: -1, head: "1 ", items: []string{"tweet", "tweets"}},
		// A number glued to a unit: only the unit is the word.
		{line: "10Kib", pos: -1, head: "10", items: []string{"Kib", "Kibit", "Kibits"}},
		// Positions count runes, not bytes.
		{line: "5 µ", pos: -1, head: "5 ", items: []string{"µs"}},
		{line: "µ + 1", pos: 1, head: "", items: []string{"µs"}, tail: " + 1"},
		// Nothing to complete.
		{line: "1 + ", pos: -1, head: "1 + "},
		{line: "", pos: -1},
		{line: "zzzz", pos: -1},
		// Commands at the start of a line, then their arguments.
		{line: ":s", pos: -1, items: []string{":samples", ":save", ":save!"}},
		{line: "  :re", pos: -1, head: "  ", items: []string{":reset"}},
		{line: ":q", pos: -1, items: []string{":q", ":quit"}},
		{line: ":help u", pos: -1, head: ":help ", items: []string{"units"}},
		{line: ":help  f", pos: -1, head: ":help  ", items: []string{"functions"}},
		{line: ":table l", pos: -1, head: ":table ", items: []string{"latency"}},
		{line: ":vars x", pos: -1, head: ":vars "},
		{line: ":units G", pos: -1, head: ":units "},
	}
	for _, tt := range tests {
		pos := tt.pos
		if pos < 0 {
			pos = len([]rune(tt.line))
		}
		head, items, tail := r.complete(tt.line, pos)
		if head != tt.head || !slices.Equal(items, tt.items) || tail != tt.tail {
			t.Errorf("complete(%q, %d) = %q, %q, %q; want %q, %q, %q", tt.line, pos, head, items, tail, tt.head, tt.items, tt.tail)
		}
	}
}

// TestCompleteCommands checks that every command :help lists, and each
// alias, completes from ':' and runs.
func TestCompleteCommands(t *testing.T) {
	r, _, errOut := newTestREPL(t)
	_, all, _ := r.complete(":", 1)
	for _, c := range replCommands {
		for _, name := range append([]string{c.name}, c.aliases...) {
			if !slices.Contains(all, name) {
				t.Errorf("complete(\":\") lacks %s: %q", name, all)
			}
			line := name
			if c.args != "" && c.args[0] != '[' {
				line += " " + filepath.Join(t.TempDir(), "x.napkin")
			}
			errOut.Reset()
			r.command(context.Background(), line)
			if strings.Contains(errOut.String(), "unknown command") {
				t.Errorf("%s: %s", line, errOut.String())
			}
		}
	}
}

func TestCompleteFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"est.napkin", "estimates/a.napkin", "other.txt"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, _, _ := newTestREPL(t)
	sep := string(filepath.Separator)
	line := ":load " + filepath.Join(dir, "es")
	head, items, _ := r.complete(line, len([]rune(line)))
	want := []string{filepath.Join(dir, "est.napkin"), filepath.Join(dir, "estimates") + sep}
	if head != ":load " || !slices.Equal(items, want) {
		t.Errorf("complete(%q) = %q, %q; want %q, %q", line, head, items, ":load ", want)
	}
	line = ":save " + dir + sep + "estimates" + sep
	_, items, _ = r.complete(line, len([]rune(line)))
	if want := []string{filepath.Join(dir, "estimates", "a.napkin")}; !slices.Equal(items, want) {
		t.Errorf("complete(%q) = %q; want %q", line, items, want)
	}
}

func TestHistoryFor(t *testing.T) {
	tests := []struct {
		env         map[string]string
		interactive bool
		want        historyFile
	}{
		{map[string]string{"HOME": "/h"}, true, historyFile{path: "/h/.local/state/napkin/history", mkdir: true}},
		{map[string]string{"HOME": "/h", "XDG_STATE_HOME": "/s"}, true, historyFile{path: "/s/napkin/history", mkdir: true}},
		{map[string]string{"HOME": "/h", "XDG_STATE_HOME": "relative"}, true, historyFile{path: "/h/.local/state/napkin/history", mkdir: true}},
		{map[string]string{"HOME": "/h", "XDG_STATE_HOME": "/s", "NAPKIN_HISTORY": "/n/hist"}, true, historyFile{path: "/n/hist"}},
		{map[string]string{"HOME": "/h", "NAPKIN_HISTORY": ""}, true, historyFile{}},
		{map[string]string{}, true, historyFile{}},
		// A script keeps history only where NAPKIN_HISTORY says.
		{map[string]string{"HOME": "/h", "XDG_STATE_HOME": "/s"}, false, historyFile{}},
		{map[string]string{"HOME": "/h", "NAPKIN_HISTORY": "/n/hist"}, false, historyFile{path: "/n/hist"}},
	}
	for _, tt := range tests {
		lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
		got := historyFor(lookup, tt.interactive)
		got.path = filepath.ToSlash(got.path)
		if got != tt.want {
			t.Errorf("historyFor(%v, %v) = %+v; want %+v", tt.env, tt.interactive, got, tt.want)
		}
	}
}

func TestLineReaderHistory(t *testing.T) {
	l := newLineReader(strings.NewReader(""), nil)
	if _, err := l.ReadHistory(strings.NewReader("a\nb\n")); err != nil {
		t.Fatal(err)
	}
	l.AppendHistory("b") // a repeat of the last line is dropped, as liner does
	l.AppendHistory("c")
	if want := []string{"a", "b", "c"}; !slices.Equal(l.history, want) {
		t.Errorf("history = %q; want %q", l.history, want)
	}
	for i := range liner.HistoryLimit + 10 {
		l.AppendHistory(strings.Repeat("x", i))
	}
	if len(l.history) != liner.HistoryLimit {
		t.Errorf("history keeps %d lines; want liner's limit, %d", len(l.history), liner.HistoryLimit)
	}
}

// TestREPLScripted runs a session in process from a reader: no prompt,
// results on stdout, errors on stderr, and an error does not end it.
func TestREPLScripted(t *testing.T) {
	t.Setenv("NAPKIN_HISTORY", "")
	var out, errOut bytes.Buffer
	in := strings.NewReader("x = 2 GB\nx +\nx * 3\r\n:nope\nans\n")
	if code := run([]string{"repl"}, in, &out, &errOut); code != exitOK {
		t.Errorf("exit code %d; want %d", code, exitOK)
	}
	if got, want := out.String(), "x = 2 GB\n6 GB\n6 GB\n"; got != want {
		t.Errorf("stdout = %q; want %q", got, want)
	}
	for _, want := range []string{"napkin: error: ", "  x +\n", "napkin: error: unknown command ':nope'\n"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

// TestBareNapkinDevNull checks that napkin < /dev/null reads an empty
// estimate: /dev/null is a character device, but not a terminal.
func TestBareNapkinDevNull(t *testing.T) {
	napkin, err := exec.LookPath("napkin")
	if err != nil {
		t.Fatalf("testscript.Main should have put napkin on $PATH: %v", err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer null.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, napkin)
	cmd.Env = append(envWithout("NAPKIN_HISTORY"), "NAPKIN_HISTORY=")
	var out, errOut bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = null, &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Errorf("napkin < %s: %v", os.DevNull, err)
	}
	if out.Len() > 0 || errOut.Len() > 0 {
		t.Errorf("napkin < %s printed %q on stdout and %q on stderr; want nothing", os.DevNull, out.String(), errOut.String())
	}
}

func envWithout(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(names, k) {
			out = append(out, kv)
		}
	}
	return out
}
