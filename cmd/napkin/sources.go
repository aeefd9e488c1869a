package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/doc"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
)

// maxInput is the largest estimate napkin reads: files and standard
// input alike.
const maxInput = 10 << 20

// source is an estimate file's name and text. A Markdown document's text
// is the estimate in it; err is what stops it from running at all.
type source struct {
	name, text string
	doc        *doc.Document
	err        *estimate.Error
}

// readSource reads one estimate file; "-" is standard input.
func readSource(cmd *cobra.Command, name string) (source, error) {
	if name != "-" {
		text, err := readFile(name)
		if err == nil && isDocument(name) {
			return fromDocument(source{name: name, text: text}), nil
		}
		return source{name: name, text: text}, err
	}
	text, err := readLimited(cmd.InOrStdin())
	return source{name: name, text: text}, err
}

// readFile reads an estimate file for run, check and the REPL's :load.
// It refuses a FIFO, a device or anything else that is not a regular
// file, which could block or never end, and more than maxInput bytes.
func readFile(name string) (string, error) {
	st, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", errors.New("not a regular file")
	}
	if st.Size() > maxInput {
		return "", errTooBig
	}
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readLimited(f) // it may have grown since the Stat
}

// readLimited reads r to its end, refusing more than maxInput bytes.
func readLimited(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err == nil && len(data) > maxInput {
		err = errTooBig
	}
	return string(data), err
}

var errTooBig = fmt.Errorf("larger than napkin's limit of %d MB", maxInput>>20)

// readSources reads the named files; a file that cannot be read is a
// usage error.
func readSources(cmd *cobra.Command, names []string) ([]source, error) {
	var out []source
	for _, n := range names {
		src, err := readSource(cmd, n)
		if err != nil {
			return nil, usageErrorf("cannot read %s: %v", n, unwrapPathError(err))
		}
		out = append(out, src)
	}
	return out, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pathProblem is a path that check could not read: reported as that
// path's error, in every format, while the rest are checked.
func pathProblem(path, msg string) present.File {
	return present.File{Name: path, Err: &estimate.Error{Msg: msg}}
}

// findEstimates expands directories into the *.napkin files and the
// Markdown documents with napkin blocks under them, sorted, following
// symbolic links to directories once each; files named directly are kept
// as given. What cannot be read, and a directory with
// no estimate in it, is a problem of its own path, not the end of the run.
func findEstimates(paths []string) (files []string, problems []present.File) {
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			problems = append(problems, pathProblem(p, "cannot read "+p+": "+unwrapPathError(err).Error()))
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		w := walker{seen: map[string]bool{}}
		w.walk(p, &found, &problems)
		if len(found) == 0 && !w.failed {
			problems = append(problems, pathProblem(p, "no .napkin files or Markdown with napkin blocks under "+p))
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	return files, problems
}

// walker walks directories, following links to directories, and never
// one directory twice: a link back up the tree is a loop, not a hang.
type walker struct {
	seen   map[string]bool // real paths of directories walked
	failed bool
}

func (w *walker) walk(dir string, found *[]string, problems *[]present.File) {
	root := dir
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if w.seen[real] {
			return
		}
		w.seen[real] = true
		root = real // WalkDir does not descend into a link; paths keep its name
	}
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		path = filepath.Join(dir, strings.TrimPrefix(path, root))
		if err != nil {
			w.failed = true
			*problems = append(*problems, pathProblem(path, "cannot read "+path+": "+unwrapPathError(err).Error()))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(path)
			switch {
			case err != nil:
				w.failed = true
				*problems = append(*problems, pathProblem(path, "cannot read "+path+": "+unwrapPathError(err).Error()))
			case st.IsDir():
				w.walk(path, found, problems)
			case isEstimate(path):
				*found = append(*found, path)
			}
			return nil
		}
		if d.IsDir() && path != filepath.Clean(dir) {
			if real, err := filepath.EvalSymlinks(path); err == nil {
				if w.seen[real] {
					return fs.SkipDir
				}
				w.seen[real] = true
			}
		}
		if !d.IsDir() && isEstimate(path) {
			*found = append(*found, path)
		}
		return nil
	})
}
