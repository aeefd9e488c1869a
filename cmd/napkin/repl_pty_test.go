//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// terminal is napkin running on a pseudo-terminal. testscript.Main has
// put this test binary on $PATH as napkin.
type terminal struct {
	t    *testing.T
	pty  *os.File // our side: keys go in, the screen comes out
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

// startTerminal runs napkin with args on a new 80x24 terminal whose
// history lives under state, or skips the test where no pseudo-terminal
// can be opened.
func startTerminal(t *testing.T, state string, args ...string) *terminal {
	t.Helper()
	napkin, err := exec.LookPath("napkin")
	if err != nil {
		t.Fatalf("testscript.Main should have put napkin on $PATH: %v", err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("cannot open a pseudo-terminal: %v", err)
	}
	// Closed after napkin is killed (cleanups run last first). We keep
	// napkin's side open too, so that the terminal outlives napkin and a
	// test can see the mode napkin left it in.
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	// A terminal of no size makes liner fall back to reading plain lines.
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Skipf("cannot size the pseudo-terminal: %v", err)
	}
	cmd := exec.Command(napkin, args...)
	cmd.Env = append(envWithout("NAPKIN_HISTORY", "TERM", "XDG_STATE_HOME", "HOME"),
		"TERM=xterm", // liner knows xterm; others make it query the cursor
		"XDG_STATE_HOME="+state, "HOME="+state)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	term := &terminal{t: t, pty: ptmx, cmd: cmd, out: &syncBuffer{}, done: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(term.out, ptmx)
	go func() { term.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	return term
}

// waitFor waits until the terminal shows want n times, or fails with
// what it shows after 10 seconds.
func (term *terminal) waitFor(want string, n int) {
	term.t.Helper()
	term.waitForWithin(want, n, 10*time.Second)
}

func (term *terminal) waitForWithin(want string, n int, d time.Duration) {
	term.t.Helper()
	deadline := time.Now().Add(d)
	for strings.Count(term.out.String(), want) < n {
		if time.Now().After(deadline) {
			term.t.Fatalf("waiting for %d× %q; the terminal shows:\n%q", n, want, term.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (term *terminal) send(keys string) {
	term.t.Helper()
	if _, err := io.WriteString(term.pty, keys); err != nil {
		term.t.Fatal(err)
	}
}

// exit waits for napkin to end, successfully.
func (term *terminal) exit() {
	term.t.Helper()
	term.exitCode(0)
}

// exitCode waits for napkin to end with the exit status code.
func (term *terminal) exitCode(code int) {
	term.t.Helper()
	select {
	case err := <-term.done:
		got := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			got = ee.ExitCode() // -1 if a signal killed it
		} else if err != nil {
			term.t.Fatalf("napkin: %v", err)
		}
		if got != code {
			term.t.Fatalf("napkin: %v; want exit status %d; the terminal shows:\n%q", err, code, term.out.String())
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
	term.waitFor("> ", 1) // liner's raw mode drops what is typed before its prompt
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
	term.waitFor("> ", 1) // liner's raw mode drops what is typed before its prompt
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
	term.waitFor("> ", 1) // liner's raw mode drops what is typed before its prompt
	term.send("1 TB / 1 Gbps\r")
	term.waitFor("2h 13m 20s", 1)
	term.send("\x04")
	term.exit()
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

// TestREPLSharedHistory runs two sessions on one history file at once:
// both sessions' lines are kept, whichever ends first.
func TestREPLSharedHistory(t *testing.T) {
	state := t.TempDir()
	a := startTerminal(t, state, "repl")
	b := startTerminal(t, state, "repl")
	a.waitFor("type :help", 1)
	b.waitFor("type :help", 1)
	a.send("a = 1\r")
	a.waitFor("a = 1\r\n", 2) // the line, echoed, then the result
	b.send("b = 2\r")
	b.waitFor("b = 2\r\n", 2)
	a.send("\x04")
	a.exit()
	b.send("\x04")
	b.exit()
	data, err := os.ReadFile(filepath.Join(state, "napkin", "history"))
	if err != nil {
		t.Fatalf("history not saved: %v", err)
	}
	if want := "a = 1\nb = 2\n"; string(data) != want {
		t.Errorf("history = %q; want %q", data, want)
	}
}

// TestREPLTerminated checks that SIGTERM at the prompt saves the history
// and gives the terminal back with echo on, and that napkin ends with
// status 128+15.
func TestREPLTerminated(t *testing.T) {
	state := t.TempDir()
	term := startTerminal(t, state, "repl")
	term.waitFor("type :help", 1)
	term.waitFor("> ", 1) // liner's raw mode drops what is typed before its prompt
	term.send("x = 1\r")
	term.waitFor("x = 1\r\n", 2)
	if err := term.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	term.exitCode(128 + int(syscall.SIGTERM))
	// With echo on, the terminal shows what is typed though nothing reads it.
	term.send("echo-probe")
	term.waitFor("echo-probe", 1)
	data, err := os.ReadFile(filepath.Join(state, "napkin", "history"))
	if err != nil || string(data) != "x = 1\n" {
		t.Errorf("history = %q, %v; want %q", data, err, "x = 1\n")
	}
}

// TestREPLInterrupt checks that Ctrl-C while a line runs interrupts it
// and returns to the prompt, leaving napkin running.
func TestREPLInterrupt(t *testing.T) {
	// A file long enough that :load takes a second or more, so that a
	// Ctrl-C lands while it runs.
	dir := t.TempDir()
	var b strings.Builder
	for i := range 150_000 {
		fmt.Fprintf(&b, "x%d = %d GB * 3 / 1 s\n", i%100, i)
	}
	big := filepath.Join(dir, "big.napkin")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, dir, "repl")
	// Type only once liner shows its prompt: it puts the terminal in raw
	// mode, which drops what was typed before.
	term.waitFor("> ", 1)
	term.send(":load " + big + "\r")
	// Ctrl-C every 100 ms until the load says it was interrupted: one
	// typed before liner has handed the terminal back is a key at the next
	// prompt, not a signal, and on a loaded machine the load may start late.
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(term.out.String(), "interrupted") && time.Now().Before(deadline) {
		term.send("\x03")
		time.Sleep(100 * time.Millisecond)
	}
	term.waitForWithin("interrupted", 1, time.Second)
	term.send("1 + 1\r")
	term.waitFor("\r\n2\r\n", 1)
	if strings.Contains(term.out.String(), "x99 =") {
		t.Errorf("the interrupted :load showed its results:\n%q", term.out.String())
	}
	term.send("\x04")
	term.exit()
}
