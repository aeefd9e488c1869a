package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peterh/liner"
)

// replSession runs a scripted session with history in NAPKIN_HISTORY and
// returns its stderr.
func replSession(t *testing.T, history, input string) string {
	t.Helper()
	t.Setenv("NAPKIN_HISTORY", history)
	var out, errOut bytes.Buffer
	if code := run([]string{"repl"}, strings.NewReader(input), &out, &errOut); code != exitOK {
		t.Fatalf("exit code %d; stderr:\n%s", code, errOut.String())
	}
	return errOut.String()
}

// linerReads reports whether liner itself loads the file, as the next
// session on a terminal will.
func linerReads(t *testing.T, path string) error {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st liner.State
	_, err = st.ReadHistory(f)
	return err
}

// TestHistoryLineMax pins historyLineMax to what liner reads back.
func TestHistoryLineMax(t *testing.T) {
	dir := t.TempDir()
	for n, ok := range map[int]bool{historyLineMax: true, historyLineMax + 1: false} {
		p := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(p, []byte("a\n"+strings.Repeat("x", n)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := linerReads(t, p); (err == nil) != ok {
			t.Errorf("liner reading a %d-byte line: %v; want ok = %v", n, err, ok)
		}
	}
}

// TestHistoryRecovers checks that a history file liner refuses is mended
// once, with one warning naming both files, keeping its good lines; and
// that a line liner would refuse is never written.
func TestHistoryRecovers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	long := strings.Repeat("y", 5000)
	if err := os.WriteFile(path, []byte("a = 1\n"+long+"\nb = 2\r\n\xff\xfe\nc = 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	warn := replSession(t, path, "1 + 1\n"+strings.Repeat("z", 5000)+"\n")
	want := fmt.Sprintf("napkin: warning: moved 2 lines that napkin cannot read back (over 4095 bytes, or not UTF-8) from %s to %s.rejected\n", path, path)
	if !strings.Contains(warn, want) || strings.Count(warn, "warning") != 1 {
		t.Errorf("stderr = %q; want one warning, %q", warn, want)
	}
	checkFile(t, path, "a = 1\nb = 2\nc = 3\n1 + 1\n")
	checkFile(t, path+".rejected", long+"\n\xff\xfe\n")
	if err := linerReads(t, path); err != nil {
		t.Errorf("liner cannot read the mended history: %v", err)
	}

	// The next session loads it without a word.
	if warn := replSession(t, path, "2 + 2\n"); warn != "" {
		t.Errorf("second session: stderr = %q; want nothing", warn)
	}
	checkFile(t, path, "a = 1\nb = 2\nc = 3\n1 + 1\n2 + 2\n")
}

// TestHistoryAppends checks that a session appends its own lines, not
// the history it loaded: another session's lines, written meanwhile, stay.
func TestHistoryAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	h := &history{historyFile: historyFile{path: path}}
	p := newLineReader(strings.NewReader(""), nil)
	h.load(p, os.Stderr)
	h.add(p, "mine = 1")
	if err := os.WriteFile(path, []byte("theirs = 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.add(p, "mine = 1") // a repeat, as liner drops it
	h.add(p, "mine * 2")
	var warn bytes.Buffer
	h.save(&warn)
	h.save(&warn) // a signal's save after the loop's adds nothing
	if warn.Len() > 0 {
		t.Errorf("warnings: %s", warn.String())
	}
	checkFile(t, path, "theirs = 2\nmine = 1\nmine * 2\n")
}

// TestHistoryTrim checks that a file grown well past liner's limit is cut
// to the newest liner.HistoryLimit lines, keeping its permissions.
func TestHistoryTrim(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	var b strings.Builder
	for i := range historyTrimAt {
		fmt.Fprintf(&b, "x = %d\n", i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o640); err != nil {
		t.Fatal(err)
	}
	replSession(t, path, "last = 1\n")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := splitLines(data)
	if len(lines) != liner.HistoryLimit || lines[0] != fmt.Sprintf("x = %d", historyTrimAt-liner.HistoryLimit+1) || lines[len(lines)-1] != "last = 1" {
		t.Errorf("trimmed history has %d lines, %q … %q; want %d, ending in last = 1", len(lines), lines[0], lines[len(lines)-1], liner.HistoryLimit)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("trimmed history: %v, %v; want mode 0640 kept", st.Mode(), err)
	}
}

func TestReplaceFileKeepsPermissionsAndLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.napkin")
	if err := os.WriteFile(real, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.napkin")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	if err := replaceFile(link, []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	checkFile(t, real, "new\n")
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", st.Mode(), err)
	}
	if st, err := os.Stat(real); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want 0600 kept", st.Mode(), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestLoadTooBig(t *testing.T) {
	path := bigFile(t)
	r, _, errOut := newTestREPL(t)
	r.command(context.Background(), ":load "+path)
	if want := "napkin: error: cannot read " + path + ": larger than napkin's limit of 10 MB\n"; errOut.String() != want {
		t.Errorf("stderr = %q; want %q", errOut.String(), want)
	}
}

// TestInterruptedLine checks what a line interrupted before it ran shows:
// only "interrupted"; the engine stops between statements, so nothing of
// it ran, and nothing is kept for :save.
func TestInterruptedLine(t *testing.T) {
	r, out, errOut := newTestREPL(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r.do(ctx, "x = 2 GB; y = x +")
	if out.Len() > 0 || errOut.String() != "interrupted\n" {
		t.Errorf("stdout = %q, stderr = %q; want only interrupted on stderr", out.String(), errOut.String())
	}
	if len(r.saved) != 0 || len(r.s.Vars()) != 0 {
		t.Errorf("kept for :save: %q, variables %v; want nothing", r.saved, r.s.Vars())
	}
}

func checkFile(t *testing.T, path, want string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != want {
		t.Errorf("%s = %q; want %q", filepath.Base(path), data, want)
	}
}
