package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peterh/liner"
)

// newTestREPL returns a REPL whose session has run lines.
func newTestREPL(t *testing.T, lines ...string) (*repl, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errOut bytes.Buffer
	r := &repl{s: newSession(), out: &out, errOut: &errOut}
	for _, l := range lines {
		r.do(l)
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
		{line: ":s", pos: -1, items: []string{":save"}},
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
			r.command(line)
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
	var buf bytes.Buffer
	if _, err := l.WriteHistory(&buf); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "a\nb\nc\n"; got != want {
		t.Errorf("history = %q; want %q", got, want)
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

// terminal is napkin running on a pseudo-terminal made by util-linux's
// script(1). testscript.Main has put this test binary on $PATH as napkin.
type terminal struct {
	t    *testing.T
	in   io.Writer
	out  *syncBuffer
	done chan error
}

// startTerminal runs napkin with args on a terminal, or skips the test
// where script(1) or stty(1) is missing.
func startTerminal(t *testing.T, state string, args ...string) *terminal {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("needs util-linux script(1)")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to make a terminal")
	}
	if _, err := exec.LookPath("stty"); err != nil {
		t.Skip("no stty(1) to size the terminal")
	}
	napkin, err := exec.LookPath("napkin")
	if err != nil {
		t.Fatalf("testscript.Main should have put napkin on $PATH: %v", err)
	}
	command := "exec '" + napkin + "'"
	for _, a := range args {
		command += " '" + a + "'"
	}
	// A terminal of no size makes liner fall back to reading plain lines.
	cmd := exec.Command(script, "-qfec", "stty cols 80 rows 24 && "+command, "/dev/null")
	cmd.Env = append(envWithout("NAPKIN_HISTORY", "TERM", "XDG_STATE_HOME", "HOME"),
		"TERM=xterm", // liner knows xterm; others make it query the cursor
		"XDG_STATE_HOME="+state, "HOME="+state)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, in: in, out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = term.out, term.out
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot run script(1): %v", err)
	}
	go func() { term.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	return term
}

// waitFor waits until the terminal shows want n times.
func (term *terminal) waitFor(want string, n int) {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(term.out.String(), want) < n {
		if time.Now().After(deadline) {
			term.t.Fatalf("waiting for %d× %q; the terminal shows:\n%q", n, want, term.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (term *terminal) send(keys string) {
	term.t.Helper()
	if _, err := io.WriteString(term.in, keys); err != nil {
		term.t.Fatal(err)
	}
}

// exit waits for napkin to end, successfully.
func (term *terminal) exit() {
	term.t.Helper()
	select {
	case err := <-term.done:
		if err != nil {
			term.t.Fatalf("napkin: %v; the terminal shows:\n%q", err, term.out.String())
		}
	case <-time.After(10 * time.Second):
		term.t.Fatalf("napkin did not end; the terminal shows:\n%q", term.out.String())
	}
}

// TestREPLTerminal drives the REPL through a real pseudo-terminal: line
// editing, Ctrl-C, Tab, Ctrl-R, Ctrl-D and the history file.
func TestREPLTerminal(t *testing.T) {
	state := t.TempDir()
	term := startTerminal(t, state, "repl")
	term.waitFor("type :help", 1)
	term.send("x = 2 GB\r")
	term.send("x * 3\r")
	term.waitFor("\r\n6 GB\r\n", 1)
	term.send("garbage\x03") // Ctrl-C drops the line
	term.send("1 + 1\r")
	term.waitFor("\r\n2\r\n", 1)
	term.send("downt\t") // Tab completes the function's name
	term.waitFor("downtime", 1)
	term.send("(99.9%, 1 day)\r")
	term.waitFor("1m 26.4s", 1)
	term.send("\x12x * ") // Ctrl-R finds "x * 3" in the history
	term.waitFor("(reverse-i-search)`x * ': x * 3", 1)
	term.send("\r")
	term.waitFor("\r\n6 GB\r\n", 2)
	term.send("\x04") // Ctrl-D leaves
	term.exit()
	if strings.Contains(term.out.String(), "unknown name") {
		t.Errorf("the line dropped with Ctrl-C was evaluated:\n%q", term.out.String())
	}

	data, err := os.ReadFile(filepath.Join(state, "napkin", "history"))
	if err != nil {
		t.Fatalf("history not saved: %v", err)
	}
	want := "x = 2 GB\nx * 3\n1 + 1\ndowntime(99.9%, 1 day)\nx * 3\n"
	if string(data) != want {
		t.Errorf("history = %q; want %q", data, want)
	}

	// The next session reads it: Up twice recalls the last line before
	// this session's first.
	term = startTerminal(t, state, "repl")
	term.waitFor("type :help", 1)
	term.send("x = 1 GB\r")
	term.send("\x1b[A\x1b[A\r")
	term.waitFor("\r\n3 GB\r\n", 1)
	term.send(":quit\r")
	term.exit()
}

// TestBareNapkinTerminal checks that napkin with no arguments on a
// terminal is the REPL.
func TestBareNapkinTerminal(t *testing.T) {
	term := startTerminal(t, t.TempDir())
	term.waitFor("type :help", 1)
	term.send("1 TB / 1 Gbps\r")
	term.waitFor("2h 13m 20s", 1)
	term.send("\x04")
	term.exit()
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

// syncBuffer is a buffer a command writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
