package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
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
// been printed yet.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

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
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "napkin: error: %s\n", ee.msg)
		}
		return ee.code
	}
	// cobra's own errors: unknown commands and flags.
	fmt.Fprintf(stderr, "napkin: error: %s\n", err)
	fmt.Fprintf(stderr, "napkin: hint: run 'napkin --help' for usage\n")
	return exitUsage
}

// sessionFlags are the settings every evaluating command shares.
type sessionFlags struct {
	digits int
}

func (f *sessionFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&f.digits, "digits", 4, "significant digits to show (1 to 17)")
}

func (f *sessionFlags) session() (*estimate.Session, error) {
	if f.digits < 1 || f.digits > 17 {
		return nil, usageErrorf("--digits must be from 1 to 17, not %d", f.digits)
	}
	return newSession(estimate.WithDigits(f.digits)), nil
}

func newRootCmd() *cobra.Command {
	var sf sessionFlags
	var format string
	cmd := &cobra.Command{
		Use:   "napkin [flags] EXPR...",
		Short: "Back-of-the-envelope arithmetic for system design, with real units",
		Long: `napkin does the arithmetic of system design estimates with real units:
requests per second, storage, bandwidth, availability, and the reference
tables (powers of two, latency numbers) built in.

With arguments, napkin joins them with spaces into one line and prints each
statement's result (';' separates statements). With no arguments it starts
the REPL on a terminal, or reads an estimate file from standard input.`,
		Example: `  napkin '1 billion / month -> /s'
  napkin 'downtime(99.99%, month)'
  napkin '1 TB / 1 Gbps'
  napkin 'writes = 10 million per month; writes * 1.27 KB * 3 years'
  echo '1 TB / 100 Mbps' | napkin
  napkin -- -2^2`,
		Version:       version(),
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			out, err := newPrinter(cmd, format)
			if err != nil {
				return err
			}
			s, err := sf.session()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if isTerminal(cmd.InOrStdin()) {
					return runREPL(cmd, s)
				}
				src, err := io.ReadAll(cmd.InOrStdin())
				if err != nil {
					return err
				}
				res, evalErr := s.Run(string(src))
				return out.results("", res, evalError(evalErr))
			}
			res, evalErr := s.Eval(strings.Join(args, " "))
			return out.results("", res, evalError(evalErr))
		},
	}
	cmd.SetVersionTemplate("napkin {{.Version}}\n")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v (see '%s --help')", err, c.CommandPath())
	})
	sf.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.AddCommand(
		newRunCmd(),
		newCheckCmd(),
		newReplCmd(),
		newTableCmd(),
		newExampleCmd(),
		newDrillCmd(),
	)
	addHelpTopics(cmd)
	return cmd
}

// isTerminal reports whether r is an interactive terminal. It asks the
// terminal driver, not the file's mode: /dev/null is a character device
// too, and napkin < /dev/null must read an empty estimate, not prompt.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
