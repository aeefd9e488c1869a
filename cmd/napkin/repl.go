package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"unicode"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/answer"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/napkin-calc/napkin/tables"
	"github.com/peterh/liner"
	"github.com/spf13/cobra"
)

// The REPL reads a line at a time through a prompter: liner on a
// terminal, for editing, history search and completion; a plain line
// reader otherwise, so that a script or a test can drive a session.

const replPrompt = "> "

func newReplCmd(o *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "repl",
		Short: "Practise estimates interactively, with history and tab completion",
		Long: `Repl evaluates a line at a time in one session: variables, declared
units and ans (or _, the previous result) last until you leave, and an
error never ends the session. Lines starting with ':' are commands; type
:help for them. :save turns what you practised into an estimate file for
'napkin check'.

On a terminal, Tab completes names, Ctrl-R searches the history, Ctrl-C
drops the line (or, while a line runs, interrupts it) and Ctrl-D leaves.
The history is kept in $XDG_STATE_HOME/napkin/history
(~/.local/state/napkin/history); set NAPKIN_HISTORY to use another file,
or to nothing to keep none. Sessions sharing the file each add their
lines to it. SIGHUP and SIGTERM save the history and restore the
terminal, then end napkin with status 128 plus the signal's number (129,
143).

When standard input is not a terminal, repl reads its lines from it with
no prompt, so a script can drive a session; it keeps history only in
NAPKIN_HISTORY, if set. Bare 'napkin' on a terminal starts the REPL too.`,
		Example: `  napkin repl
  printf 'x = 10 million per day\nx -> /s\n:save rate.napkin\n' | napkin repl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.noSets(cmd); err != nil {
				return err
			}
			if _, err := o.formatFor(present.Text); err != nil {
				return err
			}
			s, err := o.session()
			if err != nil {
				return err
			}
			return runREPL(cmd, s)
		},
	}
	return cmd
}

// runREPL runs a session on the command's input and output until the
// input ends or the user quits.
func runREPL(cmd *cobra.Command, s *estimate.Session) error {
	in, out, errOut := cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
	r := &repl{s: s, out: out, errOut: errOut}
	interactive := isTerminal(in)
	var interrupts chan os.Signal
	if interactive {
		// Caught for the whole session, from before the banner on, not only
		// while a line runs: a Ctrl-C typed as napkin starts, or in the
		// instant between Enter and the line starting, cannot end it. At
		// liner's prompt Ctrl-C is a key, not a signal.
		interrupts = make(chan os.Signal, 1)
		signal.Notify(interrupts, os.Interrupt)
		defer signal.Stop(interrupts)
	}
	hist := &history{historyFile: historyFor(os.LookupEnv, interactive)}
	var p prompter
	editing := canEdit(in, out)
	if editing {
		st := liner.NewLiner()
		st.SetCtrlCAborts(true)
		st.SetTabCompletionStyle(liner.TabPrints)
		st.SetWordCompleter(r.complete)
		p = st
		fmt.Fprintln(out, "napkin: type :help for the commands, Ctrl-D to leave")
	} else {
		var prompt io.Writer
		if interactive {
			prompt = out // a terminal liner cannot drive: no editing, but a prompt
		}
		p = newLineReader(in, prompt)
	}
	hist.load(p, errOut)
	// Close first: it gives the terminal back (liner's Close restores its
	// mode) before any warning is printed. Once: the loop's end and a
	// signal may race.
	end := sync.OnceFunc(func() {
		p.Close()
		hist.save(errOut)
	})
	defer exitOnSignal(end)()
	err := r.loop(p, hist, interactive, interrupts)
	end()
	return err
}

// exitOnSignal makes SIGHUP and SIGTERM run cleanup and end napkin with
// status 128 plus the signal's number, as a shell reports a process a
// signal killed. The function it returns undoes it.
func exitOnSignal(cleanup func()) (stop func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGHUP, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-c:
			cleanup()
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(c)
		close(done)
	}
}

// canEdit reports whether liner can run the session: it reads os.Stdin
// and writes os.Stdout itself, so both must be those, and terminals.
func canEdit(in io.Reader, out io.Writer) bool {
	if ew, ok := out.(*errWriter); ok {
		out = ew.w
	}
	return in == io.Reader(os.Stdin) && out == io.Writer(os.Stdout) &&
		isTerminal(os.Stdin) && isTerminal(os.Stdout) && liner.TerminalSupported()
}

// prompter reads the REPL's lines and keeps their history in memory;
// *liner.State is one. The history file is history's.
type prompter interface {
	Prompt(prompt string) (string, error) // io.EOF at the end; liner.ErrPromptAborted for Ctrl-C
	AppendHistory(line string)
	ReadHistory(r io.Reader) (int, error)
	Close() error
}

// lineReader is the prompter for input that liner cannot edit: a script,
// a pipe, a test's reader, a dumb terminal.
type lineReader struct {
	sc      *bufio.Scanner
	prompt  io.Writer // where to show the prompt; nil for nowhere
	history []string
}

func newLineReader(r io.Reader, prompt io.Writer) *lineReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	return &lineReader{sc: sc, prompt: prompt}
}

func (l *lineReader) Prompt(prompt string) (string, error) {
	if l.prompt != nil {
		fmt.Fprint(l.prompt, prompt)
	}
	if l.sc.Scan() {
		return l.sc.Text(), nil
	}
	if err := l.sc.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

// AppendHistory keeps liner's rules: no repeat of the last line, and at
// most liner.HistoryLimit lines.
func (l *lineReader) AppendHistory(line string) {
	if n := len(l.history); n > 0 && l.history[n-1] == line {
		return
	}
	l.history = append(l.history, line)
	if len(l.history) > liner.HistoryLimit {
		l.history = l.history[1:]
	}
}

func (l *lineReader) ReadHistory(r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		l.history = append(l.history, sc.Text())
		n++
	}
	if len(l.history) > liner.HistoryLimit {
		l.history = l.history[len(l.history)-liner.HistoryLimit:]
	}
	return n, sc.Err()
}

func (l *lineReader) Close() error { return nil }

// repl is one session: the engine's session and what :save writes.
type repl struct {
	s           *estimate.Session
	out, errOut io.Writer
	saved       []string // each statement that ran without error, as written
}

// loop reads and runs lines until the input ends or a :quit.
func (r *repl) loop(p prompter, hist *history, interactive bool, interrupts chan os.Signal) error {
	for {
		line, err := p.Prompt(replPrompt)
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			continue
		case err == io.EOF:
			if interactive {
				fmt.Fprintln(r.out) // leave the shell's prompt on a line of its own
			}
			return nil
		case err != nil:
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		hist.add(p, line)
		if r.interruptible(line, interrupts) {
			return nil
		}
	}
}

// interruptible runs one line; an interrupt (Ctrl-C on a terminal)
// while it runs interrupts it rather than ending napkin. One from before
// the line started is dropped: it can only be a Ctrl-C at a prompt liner
// does not drive, where the terminal has already dropped the line typed.
func (r *repl) interruptible(line string, interrupts <-chan os.Signal) (quit bool) {
	for len(interrupts) > 0 {
		<-interrupts
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if interrupts != nil {
		go func() {
			select {
			case <-interrupts:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	return r.do(ctx, line)
}

// do runs one line until ctx is done and reports whether it ends the
// session.
func (r *repl) do(ctx context.Context, line string) (quit bool) {
	if t := strings.TrimSpace(line); strings.HasPrefix(t, ":") {
		return r.command(ctx, t)
	}
	res, err := r.s.EvalContext(ctx, line)
	r.report(ctx, "", res, present.EvalError(err))
	return false
}

// report shows what a line did, or if ctx was cancelled while it ran,
// only says "interrupted". The engine stops between statements once ctx
// is done; the statements that ran before are kept for :save, which must
// replay the session the user now has.
func (r *repl) report(ctx context.Context, file string, res []estimate.Result, err *estimate.Error) {
	if ctx.Err() == nil {
		r.show(file, res, err)
		return
	}
	quiet := *r
	quiet.out, quiet.errOut = io.Discard, io.Discard
	quiet.show(file, res, err)
	r.saved = quiet.saved
	fmt.Fprintln(r.errOut, "interrupted")
}

// show prints results as the one-off command does and errors on stderr,
// and keeps the statements that succeeded for :save. file names the
// errors' file, for :load.
func (r *repl) show(file string, res []estimate.Result, err *estimate.Error) {
	for _, x := range res {
		if x.Err == nil {
			r.saved = append(r.saved, x.Source)
		}
	}
	present.Lines(r.out, r.errOut, present.File{Name: file, Results: res, Err: err})
}

func (r *repl) fail(msg, hint string) {
	fmt.Fprint(r.errOut, present.ErrorText("", &estimate.Error{Msg: msg, Hint: hint}))
}

// replCommand is a ':' command. Its args say what it takes: "" nothing,
// "[X]" an optional X, "X" a required one.
type replCommand struct {
	name, args, doc string
	aliases         []string
}

var replCommands = []replCommand{
	{name: ":help", args: "[TOPIC]", doc: "list the commands, or show a topic: " + strings.Join(helpTopicNames(), ", ")},
	{name: ":vars", doc: "list the session's variables"},
	{name: ":units", args: "[FILTER]", doc: "list the units, or those whose names or section match FILTER"},
	{name: ":table", args: "NAME", doc: "show a reference table: " + strings.Join(tables.Names, ", ")},
	{name: ":load", args: "FILE", doc: "run an estimate file in this session"},
	{name: ":save", args: "FILE", doc: "write the statements that ran without error as an estimate file"},
	{name: ":save!", args: "FILE", doc: "the same, replacing FILE if it exists"},
	{name: ":samples", args: "[N]", doc: "show or set how many samples uncertain values have (1,000 to 10,000,000)"},
	{name: ":reset", doc: "forget the variables, declared units and ans"},
	{name: ":quit", doc: "leave (also :q, :exit, Ctrl-D)", aliases: []string{":q", ":exit"}},
}

func findCommand(name string) (replCommand, bool) {
	for _, c := range replCommands {
		if c.name == name || slices.Contains(c.aliases, name) {
			return c, true
		}
	}
	return replCommand{}, false
}

func (c replCommand) usage() string {
	return strings.TrimSpace(c.name + " " + c.args)
}

// command runs a ':' line and reports whether it ends the session.
func (r *repl) command(ctx context.Context, line string) (quit bool) {
	name, arg := line, ""
	if i := strings.IndexFunc(line, unicode.IsSpace); i >= 0 {
		name, arg = line[:i], strings.TrimSpace(line[i:])
	}
	c, ok := findCommand(name)
	switch {
	case !ok:
		r.fail("unknown command '"+name+"'", "type :help for the commands")
		return false
	case c.args == "" && arg != "":
		r.fail(c.name+" takes no argument", c.usage()+": "+c.doc)
		return false
	case c.args != "" && c.args[0] != '[' && arg == "":
		r.fail(c.name+" needs a "+c.args, c.usage()+": "+c.doc)
		return false
	}
	switch c.name {
	case ":help":
		r.help(arg)
	case ":vars":
		r.vars()
	case ":units":
		fmt.Fprint(r.out, unitsListing(r.s, arg))
	case ":table":
		r.table(arg)
	case ":load":
		r.load(ctx, arg)
	case ":save", ":save!":
		r.save(arg, c.name == ":save!")
	case ":samples":
		r.samples(arg)
	case ":reset":
		r.s.Reset()
		r.saved = nil
	case ":quit":
		return true
	}
	return false
}

func (r *repl) help(topic string) {
	if topic == "" {
		fmt.Fprint(r.out, replHelp())
		return
	}
	if text, ok := helpTopic(topic, r.s); ok {
		fmt.Fprint(r.out, text)
		return
	}
	if c, ok := findCommand(":" + strings.TrimPrefix(topic, ":")); ok {
		fmt.Fprintf(r.out, "%s: %s\n", c.usage(), c.doc)
		return
	}
	r.fail("no help topic '"+topic+"'", "the topics: "+strings.Join(helpTopicNames(), ", "))
}

// replHelp is :help with no topic.
func replHelp() string {
	var b strings.Builder
	b.WriteString(`Type a line to evaluate it: 1 TB / 1 Gbps, writes = 10 million per month.
Variables, declared units and ans (or _, the previous result) last for the
session; ';' separates statements on a line.

Commands:
`)
	for _, c := range replCommands {
		fmt.Fprintf(&b, "  %-17s %s\n", c.usage(), c.doc)
	}
	fmt.Fprintf(&b, "\nTopics for :help: %s\n", strings.Join(helpTopicNames(), ", "))
	b.WriteString("Keys: Tab completes, Ctrl-R searches the history, Ctrl-C drops the line, Ctrl-D leaves.\n")
	return b.String()
}

func (r *repl) vars() {
	vs := r.s.Vars()
	if len(vs) == 0 {
		fmt.Fprintln(r.out, "no variables yet")
		return
	}
	for _, v := range vs {
		fmt.Fprintf(r.out, "%s = %s\n", v.Name, v.Text)
	}
}

func (r *repl) table(name string) {
	g, err := tables.Lookup(name, tables.Options{})
	if err == nil {
		err = present.Render(r.out, present.Table, g)
	}
	if err != nil {
		r.fail(err.Error(), "the tables: "+strings.Join(tables.Names, ", "))
	}
}

// samples shows or sets the session's sample count. Values made before
// keep theirs: a new count needs the ranges run again.
func (r *repl) samples(arg string) {
	if arg == "" {
		fmt.Fprintf(r.out, "%d samples\n", r.s.Samples())
		return
	}
	n, ok := parseCount(arg)
	if !ok || r.s.SetSamples(n) != nil {
		r.fail("samples must be a whole number from 1,000 to 10,000,000, not "+arg, ":samples 100000")
		return
	}
	fmt.Fprintf(r.out, "%d samples for the uncertain values from now on\n", n)
}

// load runs a file in the session, as if its lines were typed; errors
// name the file.
func (r *repl) load(ctx context.Context, path string) {
	text, err := readFile(path)
	if err != nil {
		r.fail(fmt.Sprintf("cannot read %s: %v", path, unwrapPathError(err)), "")
		return
	}
	res, evalErr := r.s.RunContext(ctx, text)
	r.report(ctx, path, res, present.EvalError(evalErr))
}

// save writes the statements that ran without error, in order, as an
// estimate file: replaying them gives the same variables and ans. It
// replaces an existing file only if overwrite is set (:save!).
func (r *repl) save(path string, overwrite bool) {
	if _, err := os.Lstat(path); err == nil && !overwrite {
		r.fail(path+" exists", "use :save! "+path+" to replace it")
		return
	}
	var b strings.Builder
	b.WriteString("# Saved by napkin repl: the statements that ran without error, in order,\n")
	b.WriteString("# each with its answer (#=), so napkin check fails once one goes stale.\n")
	fmt.Fprintf(&b, "# Add assertions (assert x < 1 TB) and check it with: napkin check %s\n", path)
	for _, s := range r.saved {
		b.WriteString(s + "\n")
	}
	text := b.String()
	// The answers come from running what is saved, in a session like this one.
	if res, err := r.s.Fresh().Run(text); err == nil {
		text, _ = answer.Update(text, text, res, answer.NewChecker(r.s.Fresh(), text))
	}
	if err := replaceFile(path, []byte(text), 0o644); err != nil {
		r.fail(fmt.Sprintf("cannot write %s: %v", path, unwrapPathError(err)), "")
		return
	}
	fmt.Fprintf(r.out, "saved %s to %s\n", present.Plural(len(r.saved), "statement"), path)
}

// replaceFile writes data to path through a temporary file in the same
// directory and a rename, so that a reader, or a crash, sees the old
// file or the new, never half of one. An existing file keeps its
// permissions, and one reached through a symbolic link is replaced where
// it is, keeping the link; a new one gets perm less the umask. It
// refuses to replace what is not a regular file, such as /dev/null.
func replaceFile(path string, data []byte, perm fs.FileMode) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return &fs.PathError{Op: "replace", Path: path, Err: errors.New("not a regular file")}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	tmp, err := createTemp(filepath.Dir(path), filepath.Base(path), perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails once renamed
	if st != nil {
		err = tmp.Chmod(st.Mode().Perm())
	}
	if err == nil {
		_, err = tmp.Write(data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if err := errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// createTemp creates a new file beside one named base in dir, unlike
// os.CreateTemp with permissions perm less the umask, as the final file
// would get.
func createTemp(dir, base string, perm fs.FileMode) (*os.File, error) {
	for {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d.tmp", base, rand.Uint32()))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}
