package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes, stable for scripts and CI.
const (
	exitOK    = 0
	exitFail  = 1 // an evaluation error or a failed assertion
	exitUsage = 2 // bad flags, arguments or files
)

// exitError ends the command with a code; its message, if any, has not
// been printed yet: msg as "napkin: error: msg", or text verbatim.
type exitError struct {
	code int
	msg  string
	text string
}

func (e *exitError) Error() string { return e.msg + e.text }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...)}
}

// failed is returned once the failure has already been reported.
var failed = &exitError{code: exitFail}

// Main runs napkin with os.Args and returns the exit code.
func Main() int {
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &errWriter{w: stdout}
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(stderr)
	err := root.Execute()
	if out.err != nil {
		// > /dev/full: what napkin printed was lost, so it did not succeed.
		fmt.Fprintf(stderr, "napkin: error: cannot write the output: %v\n", unwrapPathError(out.err))
		var ee *exitError
		if errors.As(err, &ee) && ee.code == exitUsage {
			return exitUsage
		}
		return exitFail
	}
	return exitCode(err, stderr)
}

// exitCode prints an error that has not been printed and returns the
// exit code for it.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "napkin: error: %s\n", ee.msg)
		}
		io.WriteString(stderr, ee.text)
		return ee.code
	}
	// cobra's own errors: unknown commands and flags.
	fmt.Fprintf(stderr, "napkin: error: %s\n", err)
	fmt.Fprintf(stderr, "napkin: hint: run 'napkin --help' for usage\n")
	return exitUsage
}

// errWriter keeps the first error writing to w; later writes are dropped.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func newRootCmd() *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "napkin [flags] EXPR...",
		Short: "Back-of-the-envelope arithmetic for system design, with real units",
		Long: `napkin does the arithmetic of system design estimates with real units:
requests per second, storage, bandwidth, availability, and the reference
tables (powers of two, latency numbers) built in.

With arguments, napkin joins them with spaces into one line and prints each
statement's result (';' separates statements). With no arguments it starts
the REPL on a terminal, or reads an estimate file from standard input.

Formats: text (the default) or json.`,
		Example: `  napkin '1 billion / month -> /s'
  napkin 'downtime(99.99%, month)'
  napkin '1 TB / 1 Gbps'
  napkin 'writes = 10 million per month; writes * 1.27 KB * 3 years'
  napkin --set writes=20M/mo 'writes = 10M/mo; writes * 1.27 KB * 3 years'
  echo '1 TB / 100 Mbps' | napkin
  napkin -- -2^2`,
		Version:       version(),
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := o.formatFor(present.Text, present.JSON)
			if err != nil {
				return err
			}
			if _, err := o.session(); err != nil {
				return err
			}
			src := source{text: strings.Join(args, " ")}
			if len(args) == 0 {
				if isTerminal(cmd.InOrStdin()) {
					if err := o.noSets(cmd); err != nil {
						return err
					}
					s, _ := o.session()
					return runREPL(cmd, s)
				}
				if src, err = readSource(cmd, "-"); err != nil {
					return usageErrorf("cannot read standard input: %v", err)
				}
				src.name = ""
			}
			sets, err := o.whatIfs()
			if err != nil {
				return err
			}
			f, err := o.runSource(src, sets)
			if err != nil {
				return err
			}
			if len(args) > 0 && f.Err != nil {
				if err := mistypedCommand(cmd, args[0]); err != nil {
					return err
				}
			}
			if format == present.JSON {
				err = present.LinesJSON(cmd.OutOrStdout(), f)
			} else {
				err = present.Lines(cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
			}
			if err != nil {
				return err
			}
			if f.Failed() {
				return failed
			}
			return nil
		},
	}
	cmd.SuggestionsMinimumDistance = 2
	cmd.SetVersionTemplate("napkin {{.Version}}\n")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		e := usageErrorf("%v (see '%s --help')", err, c.CommandPath()).(*exitError)
		// pflag says "unknown shorthand flag: '2' in -2^2": a negative
		// number, not a flag.
		if _, arg, ok := strings.Cut(err.Error(), "' in -"); ok && !c.HasParent() && arg != "" && (arg[0] >= '0' && arg[0] <= '9' || arg[0] == '.') {
			e.text = "napkin: hint: a leading minus needs -- before it: napkin -- '-" + arg + "'\n"
		}
		return e
	})
	o.register(cmd)
	cmd.AddCommand(
		newRunCmd(o),
		newCheckCmd(o),
		newUpdateCmd(o),
		newReplCmd(o),
		newTableCmd(o),
		newExampleCmd(o),
		newDrillCmd(o),
		newServeCmd(o),
	)
	addHelpTopics(cmd)
	return takesFormats(cmd, present.Text, present.JSON)
}

// mistypedCommand returns a usage error when a one-off line that failed
// starts with a word close to a command's name: napkin chek examples/ is
// a typo, not an estimate.
func mistypedCommand(cmd *cobra.Command, first string) error {
	if !estimate.IsName(first) {
		return nil
	}
	if sug := cmd.SuggestionsFor(first); len(sug) > 0 {
		return usageErrorf("unknown command '%s'; did you mean %s?", first, present.OrList(sug))
	}
	return nil
}

// isTerminal reports whether r is an interactive terminal. It asks the
// terminal driver, not the file's mode: /dev/null is a character device
// too, and napkin < /dev/null must read an empty estimate, not prompt.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
