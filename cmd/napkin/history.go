package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/peterh/liner"
)

// The history file. liner keeps the history in memory, for Up and
// Ctrl-R; what reaches the file is decided here, so that no session
// loses lines: a session appends only the lines it added, so that two
// sessions sharing the file both keep theirs; it never writes a line
// liner would refuse to read back; and a file liner would refuse is
// mended, not given up on.

// historyLineMax is the longest line, in bytes, that liner's ReadHistory
// reads back: it reads through a 4,096-byte bufio.Reader, and one line
// that does not fit with its newline makes it refuse the whole file.
const historyLineMax = 4095

// historyTrimAt is how many lines the file may hold before a session
// trims it to liner's limit: well past it, so that the rewrite is rare.
const historyTrimAt = 2 * liner.HistoryLimit

// historyFile is where a session's history is kept between sessions.
type historyFile struct {
	path  string // "" for no history
	mkdir bool   // create its directory: true for the default place only
}

// historyFor finds the history file: NAPKIN_HISTORY if set (empty for
// none), else the XDG state directory, for interactive sessions only.
func historyFor(lookup func(string) (string, bool), interactive bool) historyFile {
	return stateFileFor(lookup, "NAPKIN_HISTORY", "history", interactive)
}

// history is a session's side of its history file: the lines it added,
// which are all it writes.
type history struct {
	historyFile
	mu    sync.Mutex // a signal saves on another goroutine
	last  string     // the prompter's last line, which liner does not repeat
	added []string
}

// add puts a line the user entered into p's history and the file's.
func (h *history) add(p prompter, line string) {
	p.AppendHistory(line)
	h.mu.Lock()
	defer h.mu.Unlock()
	if line != h.last {
		h.last = line
		h.added = append(h.added, line)
	}
}

// load reads the history into p. A file that is missing is a first
// session. Lines liner would refuse are set aside, with a warning, and
// the rest kept. A file that cannot be read is a warning, and is then
// left alone rather than written.
func (h *history) load(p prompter, warn io.Writer) {
	if h.path == "" {
		return
	}
	data, err := os.ReadFile(h.path)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		fmt.Fprintf(warn, "napkin: warning: cannot read history from %s: %v; this session's history will not be saved\n", h.path, unwrapPathError(err))
		h.path = ""
		return
	}
	good, bad := sortHistory(splitLines(data))
	if len(bad) > 0 {
		h.setAside(warn)
	}
	if len(good) > 0 {
		h.last = good[len(good)-1]
	}
	p.ReadHistory(strings.NewReader(joinLines(good)))
}

// setAside moves the lines liner would refuse from the history file to
// a file beside it, so that the next session loads the file again
// rather than warning and keeping no history, as liner alone would.
func (h *history) setAside(warn io.Writer) {
	rejected := h.path + ".rejected"
	var moved int
	err := h.rewrite(func(lines []string) ([]string, error) {
		good, bad := sortHistory(lines)
		moved = len(bad)
		return good, appendFile(rejected, []byte(joinLines(bad)))
	})
	if err != nil {
		fmt.Fprintf(warn, "napkin: warning: %s has lines napkin cannot read back, and setting them aside failed: %v; this session's history will not be saved\n", h.path, unwrapPathError(err))
		h.path = ""
		return
	}
	fmt.Fprintf(warn, "napkin: warning: moved %s that napkin cannot read back (over %d bytes, or not UTF-8) from %s to %s\n", present.Plural(moved, "line"), historyLineMax, h.path, rejected)
}

// save appends the lines this session added, leaving out any liner would
// refuse, then trims the file if it has grown well past liner's limit.
// It saves once: a second call, from a signal, finds nothing to add.
// Failing is a warning.
func (h *history) save(warn io.Writer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	lines, _ := sortHistory(h.added)
	h.added = nil
	if h.path == "" || len(lines) == 0 {
		return
	}
	if err := h.append(lines); err != nil {
		fmt.Fprintf(warn, "napkin: warning: cannot save history to %s: %v\n", h.path, unwrapPathError(err))
		return
	}
	if err := h.trim(); err != nil {
		fmt.Fprintf(warn, "napkin: warning: cannot trim history %s: %v\n", h.path, unwrapPathError(err))
	}
}

func (h *history) append(lines []string) error {
	if h.mkdir {
		if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
			return err
		}
	}
	return appendFile(h.path, []byte(joinLines(lines)))
}

// trim cuts the file to liner's last liner.HistoryLimit lines once it
// holds more than historyTrimAt.
func (h *history) trim() error {
	data, err := os.ReadFile(h.path)
	if err != nil || bytes.Count(data, []byte("\n")) <= historyTrimAt {
		return err
	}
	return h.rewrite(func(lines []string) ([]string, error) {
		return lines[len(lines)-liner.HistoryLimit:], nil
	})
}

// rewrite replaces the history file's lines with edit's, through a
// temporary file and a rename, so that a crash leaves the old file or
// the new. Lines another session appends meanwhile land in the old file;
// rewrite copies them to the new one. (One appending between that copy
// and the rename would still lose its lines; with sessions writing only
// as they end, and rewrites rare, that is unlikely enough to accept
// rather than lock the file.)
func (h *history) rewrite(edit func(lines []string) ([]string, error)) error {
	f, err := os.Open(h.path)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	lines, err := edit(splitLines(data))
	if err != nil {
		return err
	}
	if err := replaceFile(h.path, []byte(joinLines(lines)), 0o600); err != nil {
		return err
	}
	more, err := io.ReadAll(f) // what was appended since the first read
	if err != nil || len(more) == 0 {
		return err
	}
	return appendFile(h.path, more)
}

// appendFile adds data to the end of a file in one write, so that
// sessions appending to the same file do not interleave their lines.
func appendFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return errors.Join(err, f.Close())
}

// sortHistory splits lines into those liner reads back and those it
// would refuse the whole file for.
func sortHistory(lines []string) (good, bad []string) {
	for _, l := range lines {
		if len(l) <= historyLineMax && utf8.ValidString(l) {
			good = append(good, l)
		} else {
			bad = append(bad, l)
		}
	}
	return good, bad
}

// splitLines splits a file into lines, as liner reads it: "\n" or
// "\r\n" ends a line.
func splitLines(data []byte) []string {
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(data) == 0 {
		return nil
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
