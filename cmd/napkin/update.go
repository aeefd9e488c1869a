package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/answer"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"
)

func newUpdateCmd(o *options) *cobra.Command {
	var list, showDiff bool
	cmd := &cobra.Command{
		Use:   "update PATH...",
		Short: "Write or refresh the answer comments (#= ...) in estimates",
		Long: `Update runs estimate files and Markdown documents, or those under a
directory as check finds them, and writes each assignment's and
expression's answer as a trailing comment, "#= 457.6 GB", or refreshes
the one there. Only answer comments change: every other byte of a file,
line endings included, is kept, and an answer that still holds (see
'napkin help language') is left as written, so update is idempotent.
Unit declarations, assertions and comparisons get no answer. In a
Markdown document's prose, the text of each marked span,
<!--napkin storage-->457.6 GB<!--/napkin-->, is kept current the same way.

It writes each file through a temporary file in the same folder, renamed
over it, keeping its permissions. If any estimate has an error, or a file
to change is read-only, it is reported and nothing is written.

-l lists the files that would change and -d prints a unified diff;
neither writes.`,
		Example: `  napkin update examples/
  napkin update -l docs/
  napkin update -d docs/design.md`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := o.formatFor(present.Text); err != nil {
				return err
			}
			if len(o.sets) > 0 {
				return usageErrorf("update writes what the estimates compute; --set is for run and check")
			}
			names, problems := findEstimates(args)
			type change struct{ name, real, old, new string }
			var changes []change
			for _, n := range names {
				if n == "-" {
					return usageErrorf("update rewrites files; it cannot update standard input")
				}
				src, err := readSource(cmd, n)
				if err != nil {
					problems = append(problems, pathProblem(n, "cannot read "+n+": "+unwrapPathError(err).Error()))
					continue
				}
				f, err := o.runSource(src, nil)
				var text string
				if err == nil && f.Err == nil {
					text, err = o.answers(src, &f) // a span that fails is f.Err
				}
				if err != nil {
					return err
				}
				if f.Err != nil {
					problems = append(problems, present.File{Name: f.Name, Err: f.Err})
					continue
				}
				if text != src.original() {
					changes = append(changes, change{name: n, old: src.original(), new: text})
				}
			}
			if !list && !showDiff {
				for i, c := range changes {
					real, err := writable(c.name)
					if err != nil {
						problems = append(problems, pathProblem(c.name, "cannot write "+c.name+": "+unwrapPathError(err).Error()))
					}
					changes[i].real = real
				}
			}
			for _, p := range problems {
				if err := present.Errors(cmd.ErrOrStderr(), p); err != nil {
					return err
				}
			}
			if len(problems) > 0 {
				return failed
			}
			for _, c := range changes {
				var err error
				switch {
				case list:
					_, err = fmt.Fprintln(cmd.OutOrStdout(), c.name)
				case showDiff:
					_, err = cmd.OutOrStdout().Write(diff.Diff(c.name+".orig", []byte(c.old), c.name, []byte(c.new)))
				default:
					if err = writeAtomic(c.real, c.new); err != nil {
						err = &exitError{code: exitFail, text: present.ErrorText(c.name, &estimate.Error{Msg: "cannot write " + c.name + ": " + unwrapPathError(err).Error()})}
					}
				}
				if err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&list, "list", "l", false, "list the files whose answers would change, without writing")
	cmd.Flags().BoolVarP(&showDiff, "diff", "d", false, "print a unified diff of the changes, without writing")
	return takesFormats(cmd, present.Text)
}

// original is the source's text as read: a Markdown document's, not the
// estimate in it.
func (src source) original() string {
	if src.doc != nil {
		return src.doc.Text
	}
	return src.text
}

// answers returns the source's text with its answer comments and a
// document's napkin spans written, and records on f the stale ones, as
// errors at their markers, and a span that cannot be evaluated, as f's
// error.
func (o *options) answers(src source, f *present.File) (string, error) {
	s, err := o.session()
	if err != nil {
		return "", err
	}
	c := answer.NewChecker(s, src.text)
	text := src.original()
	var stale []answer.Stale
	if src.doc != nil {
		var e *estimate.Error
		if text, stale, e = answer.UpdateSpans(text, src.doc.Spans, c); e != nil {
			f.Err = e
			return src.original(), nil
		}
	}
	text, more := answer.Update(text, src.text, f.Results, c)
	stale = append(stale, more...)
	slices.SortStableFunc(stale, func(a, b answer.Stale) int { return cmp.Compare(a.Line, b.Line) })
	hint := "run 'napkin update " + src.name + "' to write the answers napkin computes"
	for _, st := range stale {
		f.Stale = append(f.Stale, st.Error(hint))
	}
	return text, nil
}

// withStale adds the file's stale answers to what check reports. An
// estimate that stopped, or ran with --set, is not compared with its
// answers.
func (o *options) withStale(src source, f present.File, sets [][2]string) (present.File, error) {
	if f.Err != nil || len(sets) > 0 || src.err != nil {
		return f, nil
	}
	_, err := o.answers(src, &f)
	return f, err
}

// writable returns the file a change to name is written to, the one a
// link points to, and refuses a read-only file, even where its folder
// would allow the rename.
func writable(name string) (string, error) {
	if real, err := filepath.EvalSymlinks(name); err == nil {
		name = real
	}
	st, err := os.Stat(name)
	if err != nil {
		return "", err
	}
	if st.Mode().Perm()&0o200 == 0 {
		return "", errors.New("the file is read-only")
	}
	return name, nil
}

// writeAtomic replaces a file's contents through a temporary file in its
// folder, renamed over it, keeping its permissions: a reader sees the old
// file or the new one, never half of it.
func writeAtomic(name, text string) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	_, err = tmp.WriteString(text)
	if err == nil {
		err = tmp.Chmod(st.Mode().Perm())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
