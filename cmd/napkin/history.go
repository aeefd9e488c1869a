package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The history file: where it is, and reading and writing it so that no
// session loses another's lines.

// historyFile is where a session's history is kept between sessions.
type historyFile struct {
	path  string // "" for no history
	mkdir bool   // create its directory: true for the default place only
}

// historyFor finds the history file: NAPKIN_HISTORY if set (empty for
// none), else the XDG state directory, for interactive sessions only.
func historyFor(lookup func(string) (string, bool), interactive bool) historyFile {
	if p, ok := lookup("NAPKIN_HISTORY"); ok {
		return historyFile{path: p}
	}
	if !interactive {
		return historyFile{}
	}
	// The XDG spec says to ignore a relative path.
	if dir, _ := lookup("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return historyFile{path: filepath.Join(dir, "napkin", "history"), mkdir: true}
	}
	if home, _ := lookup("HOME"); home != "" {
		return historyFile{path: filepath.Join(home, ".local", "state", "napkin", "history"), mkdir: true}
	}
	return historyFile{}
}

// load reads the history into p. A file that is missing is a first
// session; one that cannot be read is a warning, and is then left alone
// rather than overwritten.
func (h *historyFile) load(p prompter, warn io.Writer) {
	if h.path == "" {
		return
	}
	f, err := os.Open(h.path)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err == nil {
		_, err = p.ReadHistory(f)
		f.Close()
	}
	if err != nil {
		fmt.Fprintf(warn, "napkin: warning: cannot read history from %s: %v; this session's history will not be saved\n", h.path, unwrapPathError(err))
		h.path = ""
	}
}

// save writes p's history; failing is a warning.
func (h *historyFile) save(p prompter, warn io.Writer) {
	if h.path == "" {
		return
	}
	if err := h.write(p); err != nil {
		fmt.Fprintf(warn, "napkin: warning: cannot save history to %s: %v\n", h.path, unwrapPathError(err))
	}
}

func (h *historyFile) write(p prompter) error {
	if h.mkdir {
		if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := p.WriteHistory(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
