package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// stateFileFor finds one of napkin's state files: the file the variable
// env names if it is set (empty for none), else name in the XDG state
// directory, for interactive sessions only, so a script never writes to
// the user's own.
func stateFileFor(lookup func(string) (string, bool), env, name string, interactive bool) historyFile {
	if p, ok := lookup(env); ok {
		return historyFile{path: p}
	}
	if !interactive {
		return historyFile{}
	}
	// The XDG spec says to ignore a relative path.
	if dir, _ := lookup("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return historyFile{path: filepath.Join(dir, "napkin", name), mkdir: true}
	}
	if home, _ := lookup("HOME"); home != "" {
		return historyFile{path: filepath.Join(home, ".local", "state", "napkin", name), mkdir: true}
	}
	return historyFile{}
}

// drillState is the drill's progress across sessions, drill.json: how
// often each question was asked and missed.
type drillState struct {
	Version   int                       `json:"version"`
	Questions map[string]*questionState `json:"questions"`
}

type questionState struct {
	Asked      int  `json:"asked"`
	Missed     int  `json:"missed"`
	LastMissed bool `json:"last_missed"`
}

const drillStateVersion = 1

// progress is one session's side of the state file: what it read, and
// what it adds, which are all it writes.
type progress struct {
	file    historyFile
	state   drillState
	added   map[string]*questionState
	noWrite bool // the file could not be read, nor set aside: leave it be
}

// loadProgress reads the state file. A missing file is no progress yet; a
// corrupt one is renamed aside (to FILE.corrupt) with a warning and the
// drill starts afresh; one that cannot be read or set aside is left as
// it is, and not written.
func loadProgress(file historyFile, warn io.Writer) *progress {
	p := &progress{file: file, added: map[string]*questionState{}}
	p.state = drillState{Version: drillStateVersion, Questions: map[string]*questionState{}}
	if file.path == "" {
		return p
	}
	st, err := readDrillState(file.path)
	switch {
	case err == nil:
		p.state = st
	case errors.Is(err, fs.ErrNotExist):
	case errors.As(err, new(*corruptError)):
		aside := file.path + ".corrupt"
		if rerr := os.Rename(file.path, aside); rerr != nil {
			fmt.Fprintf(warn, "napkin: warning: %v; could not set it aside (%v), so progress will not be saved\n", err, rerr)
			p.noWrite = true
		} else {
			fmt.Fprintf(warn, "napkin: warning: %v; moved it to %s and started afresh\n", err, aside)
		}
	default:
		fmt.Fprintf(warn, "napkin: warning: cannot read drill progress: %v; progress will not be saved\n", err)
		p.noWrite = true
	}
	return p
}

type corruptError struct {
	path string
	err  error
}

func (e *corruptError) Error() string {
	return fmt.Sprintf("drill progress %s is corrupt (%v)", e.path, e.err)
}

func readDrillState(path string) (drillState, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return drillState{}, err
	}
	var st drillState
	if err := json.Unmarshal(data, &st); err != nil {
		return drillState{}, &corruptError{path, err}
	}
	if st.Version != drillStateVersion {
		return drillState{}, &corruptError{path, fmt.Errorf("version %d, want %d", st.Version, drillStateVersion)}
	}
	if st.Questions == nil {
		st.Questions = map[string]*questionState{}
	}
	return st, nil
}

// of returns what is known of a question.
func (p *progress) of(id string) questionState {
	if q := p.state.Questions[id]; q != nil {
		return *q
	}
	return questionState{}
}

// record notes an answer to a question.
func (p *progress) record(id string, missed bool) {
	for _, m := range []map[string]*questionState{p.state.Questions, p.added} {
		q := m[id]
		if q == nil {
			q = &questionState{}
			m[id] = q
		}
		q.Asked++
		if missed {
			q.Missed++
		}
		q.LastMissed = missed
	}
}

// save adds this session's answers to the state file as it is now, so
// two drills at once both count, and writes it whole through a rename.
// A failure is a warning: the session's results are already shown.
func (p *progress) save(warn io.Writer) {
	if p.file.path == "" || p.noWrite || len(p.added) == 0 {
		return
	}
	st, err := readDrillState(p.file.path)
	if err != nil {
		st, err = drillState{Version: drillStateVersion, Questions: map[string]*questionState{}}, nil
	}
	for id, a := range p.added {
		q := st.Questions[id]
		if q == nil {
			q = &questionState{}
			st.Questions[id] = q
		}
		q.Asked += a.Asked
		q.Missed += a.Missed
		q.LastMissed = a.LastMissed
	}
	data, _ := json.MarshalIndent(st, "", "  ")
	data = append(data, '\n')
	if p.file.mkdir {
		err = os.MkdirAll(filepath.Dir(p.file.path), 0o700)
	}
	if err == nil {
		err = replaceFile(p.file.path, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(warn, "napkin: warning: cannot save drill progress: %v\n", err)
	}
}

// rank orders the questions: those missed last time first, most missed first,
// then those never asked, then the rest; within each, the shuffled order
// they come in.
func (p *progress) rank(id string) (group, missed int) {
	q := p.of(id)
	switch {
	case q.LastMissed:
		return 0, -q.Missed
	case q.Asked == 0:
		return 1, 0
	}
	return 2, 0
}
