package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/tables"
	"github.com/spf13/cobra"
)

// source is an estimate file's name and text.
type source struct {
	name, text string
}

// readSources reads the named files; "-" is standard input.
func readSources(cmd *cobra.Command, names []string) ([]source, error) {
	var out []source
	for _, n := range names {
		var data []byte
		var err error
		if n == "-" {
			data, err = io.ReadAll(cmd.InOrStdin())
		} else {
			data, err = os.ReadFile(n)
		}
		if err != nil {
			return nil, usageErrorf("cannot read %s: %v", n, unwrapPathError(err))
		}
		out = append(out, source{name: n, text: string(data)})
	}
	return out, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// runFlags are the flags of run and example run.
type runFlags struct {
	sessionFlags
	format  string
	sets    []string
	explain bool
}

func (f *runFlags) register(cmd *cobra.Command) {
	f.sessionFlags.register(cmd)
	cmd.Flags().StringVar(&f.format, "format", "table", "output format: table, text, markdown or json")
	cmd.Flags().StringArrayVar(&f.sets, "set", nil, "replace an assignment for this run: --set dau=50M (repeatable)")
	cmd.Flags().BoolVar(&f.explain, "explain", false, "show each assignment's formula, with values substituted, and result")
}

// parseSets splits --set name=EXPR flags.
func parseSets(sets []string) ([][2]string, error) {
	var out [][2]string
	for _, s := range sets {
		name, expr, ok := strings.Cut(s, "=")
		name, expr = strings.TrimSpace(name), strings.TrimSpace(expr)
		if !ok || name == "" || expr == "" {
			return nil, usageErrorf("--set wants name=EXPR, not %q", s)
		}
		out = append(out, [2]string{name, expr})
	}
	return out, nil
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run FILE...",
		Short: "Evaluate estimate files and show every statement",
		Long: `Run evaluates estimate files ('-' is standard input) and renders every
statement as a table of line, name, expression and value. An error stops
that file and is reported as file:line:col with a caret; failed assertions
are reported and the run goes on. Each file gets its own session.`,
		Example: `  napkin run examples/pastebin.napkin
  napkin run --set paste_writes=20M examples/pastebin.napkin
  napkin run --explain examples/pastebin.napkin
  napkin run --format markdown capacity.napkin > capacity.md`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			srcs, err := readSources(cmd, args)
			if err != nil {
				return err
			}
			return runSources(cmd, srcs, &f)
		},
	}
	f.register(cmd)
	return cmd
}

// runSources evaluates and renders each source; shared by run and example run.
func runSources(cmd *cobra.Command, srcs []source, f *runFlags) error {
	switch f.format {
	case "table", "text", "markdown", "json":
	default:
		return usageErrorf("--format must be table, text, markdown or json, not %q", f.format)
	}
	sets, err := parseSets(f.sets)
	if err != nil {
		return err
	}
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	bad := false
	var jsonItems []any
	for i, src := range srcs {
		res, evalErr, err := f.runFile(src, sets)
		if err != nil {
			return err
		}
		if f.format == "json" {
			for _, r := range res {
				j := toJSON(r)
				item := struct {
					File string `json:"file"`
					jsonResult
					Working string `json:"working,omitempty"`
				}{src.name, j, r.Working()}
				jsonItems = append(jsonItems, item)
				if r.Err != nil {
					jsonItems = append(jsonItems, errJSON(src.name, r.Err, "assertion"))
				}
			}
			if evalErr != nil {
				jsonItems = append(jsonItems, errJSON(src.name, evalErr, "evaluation"))
			}
		} else {
			if len(srcs) > 1 {
				if i > 0 {
					fmt.Fprintln(out)
				}
				fmt.Fprintf(out, "%s\n", headingFor(src.name, f.format))
			}
			if err := renderRun(out, f, src.text, res); err != nil {
				return err
			}
		}
		for _, r := range res {
			if r.Err != nil {
				bad = true
				if f.format != "json" {
					fmt.Fprint(errOut, fileError(src.name, r.Err))
				}
			}
		}
		if evalErr != nil {
			bad = true
			if f.format != "json" {
				fmt.Fprint(errOut, formatError(src.name, evalErr))
			}
		}
	}
	if f.format == "json" {
		if jsonItems == nil {
			jsonItems = []any{}
		}
		if err := writeJSON(out, jsonItems); err != nil {
			return err
		}
	}
	if bad {
		return failed
	}
	return nil
}

func headingFor(name, format string) string {
	if format == "markdown" {
		return "## " + name + "\n"
	}
	return "== " + name
}

// fileError formats a failed assertion: "file:line: message".
func fileError(file string, e *estimate.Error) string {
	return fmt.Sprintf("%s:%d: %s\n", file, e.Line, e.Msg)
}

// renderRun writes one file's results as a table, text or the explanation.
func renderRun(w io.Writer, f *runFlags, src string, res []estimate.Result) error {
	if f.explain {
		return explain(w, src, res)
	}
	if f.format == "text" {
		for _, r := range res {
			fmt.Fprintln(w, textLine(r))
		}
		return nil
	}
	g := tables.Grid{Header: []string{"Line", "Name", "Expression", "Value"}, Numeric: map[int]bool{0: true}}
	for _, r := range res {
		expr := r.Expr
		if r.Kind == estimate.Assertion || r.Kind == estimate.UnitDeclaration {
			expr = r.Source
		}
		g.Rows = append(g.Rows, []string{strconv.Itoa(r.Line), r.Name, expr, valueCell(r)})
	}
	return tables.Render(w, f.format, g)
}

// valueCell is a statement's value in a table: an assertion shows ok or FAILED.
func valueCell(r estimate.Result) string {
	if r.Kind == estimate.Assertion {
		if r.Passed {
			return "ok"
		}
		return "FAILED"
	}
	return r.Display.Text
}

// textLine is one statement in --format text.
func textLine(r estimate.Result) string {
	switch r.Kind {
	case estimate.Assignment:
		return r.Name + " = " + r.Display.Text
	case estimate.Assertion:
		return r.Source + ": " + valueCell(r)
	case estimate.UnitDeclaration:
		if r.Expr == "" {
			return "unit " + r.Name
		}
		return "unit " + r.Name + " = " + r.Display.Text
	}
	return r.Expr + " = " + r.Display.Text
}

// explain shows each statement's working, the way a candidate writes it
// on a whiteboard, with the file's own comments between, so a worked
// estimate reads as its author explained it:
//
//	# Three years of pastes.
//	storage = writes * size * 3 years
//	        = 10 million /mo * 1.271 kB * 3 years
//	        = 457.6 GB
func explain(w io.Writer, src string, res []estimate.Result) error {
	lines := strings.Split(src, "\n")
	next := 1 // the first source line not yet considered for comments
	for i, r := range res {
		var comments []string
		for ; next < r.Line && next <= len(lines); next++ {
			if c := strings.TrimSpace(lines[next-1]); strings.HasPrefix(c, "#") {
				comments = append(comments, c)
			} else if c == "" {
				comments = nil // a comment belongs to the statements right below it
			}
		}
		next = max(next, r.Line+1)
		if i > 0 {
			fmt.Fprintln(w)
		}
		for _, c := range comments {
			fmt.Fprintln(w, c)
		}
		if r.Kind != estimate.Assignment && r.Kind != estimate.Expression {
			fmt.Fprintln(w, textLine(r))
			continue
		}
		head, pad := r.Expr, "  "
		if r.Kind == estimate.Assignment {
			head = r.Name + " = " + r.Expr
			pad = strings.Repeat(" ", len([]rune(r.Name))+1)
		}
		fmt.Fprintln(w, head)
		if working := r.Working(); working != "" && working != r.Expr {
			fmt.Fprintf(w, "%s= %s\n", pad, working)
		}
		if r.Display.Text != r.Expr {
			fmt.Fprintf(w, "%s= %s\n", pad, r.Display.Text)
		}
	}
	return nil
}
