package main

import (
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var sf sessionFlags
	var format string
	var sets []string
	cmd := &cobra.Command{
		Use:   "check PATH...",
		Short: "Check estimate files' assertions, for CI",
		Long: `Check runs estimate files, or every *.napkin file under a directory, and
reports each failed assertion and evaluation error, then a summary. It
exits 1 if anything failed, so a CI step fails when an estimate no longer
holds.

Formats: text (failures on stderr, the summary on stdout), github
(workflow annotations), junit (JUnit XML for CI dashboards).`,
		Example: `  napkin check examples/
  napkin check --format github estimates/
  napkin check --format junit estimates/ > napkin-junit.xml
  napkin check --set dau=50M capacity.napkin`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text", "github", "junit":
			default:
				return usageErrorf("--format must be text, github or junit, not %q", format)
			}
			kv, err := parseSets(sets)
			if err != nil {
				return err
			}
			files, err := findEstimates(args)
			if err != nil {
				return err
			}
			srcs, err := readSources(cmd, files)
			if err != nil {
				return err
			}
			var reports []fileReport
			for _, src := range srcs {
				res, evalErr, err := sf.runFile(src, kv)
				if err != nil {
					return err
				}
				reports = append(reports, fileReport{src: src, results: res, err: evalErr})
			}
			return reportCheck(cmd, format, reports)
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, github or junit")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "replace an assignment for this run: --set dau=50M (repeatable)")
	return cmd
}

// findEstimates expands directories into the *.napkin files under them,
// sorted; files named directly are kept as given.
func findEstimates(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, usageErrorf("cannot read %s: %v", p, unwrapPathError(err))
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".napkin") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, usageErrorf("cannot read %s: %v", p, unwrapPathError(err))
		}
		if len(found) == 0 {
			return nil, usageErrorf("no .napkin files under %s", p)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// fileReport is one checked file.
type fileReport struct {
	src     source
	results []estimate.Result
	err     *estimate.Error
}

func (r fileReport) counts() (passed, failed int) {
	for _, res := range r.results {
		if res.Kind != estimate.Assertion {
			continue
		}
		if res.Passed {
			passed++
		} else {
			failed++
		}
	}
	return
}

func reportCheck(cmd *cobra.Command, format string, reports []fileReport) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var passed, failedN, errors int
	for _, r := range reports {
		p, f := r.counts()
		passed += p
		failedN += f
		if r.err != nil {
			errors++
		}
	}
	switch format {
	case "junit":
		if err := writeJUnit(out, reports); err != nil {
			return err
		}
	case "github":
		for _, r := range reports {
			for _, res := range r.results {
				if res.Err != nil {
					fmt.Fprintf(out, "::error file=%s,line=%d,col=%d,title=napkin assertion failed::%s\n", ghProperty(r.src.name), res.Line, res.Col, ghData(res.Err.Msg))
				}
			}
			if e := r.err; e != nil {
				fmt.Fprintf(out, "::error file=%s,line=%d,col=%d,title=napkin error::%s\n", ghProperty(r.src.name), e.Line, e.Col, ghData(e.Msg))
			}
		}
	default:
		for _, r := range reports {
			for _, res := range r.results {
				if res.Err != nil {
					fmt.Fprint(errOut, fileError(r.src.name, res.Err))
				}
			}
			if r.err != nil {
				fmt.Fprint(errOut, formatError(r.src.name, r.err))
			}
		}
	}
	if format != "junit" {
		summary := fmt.Sprintf("checked %s: %s passed, %d failed", plural(len(reports), "file"), plural(passed, "assertion"), failedN)
		if errors > 0 {
			summary += fmt.Sprintf(", %s", plural(errors, "error"))
		}
		fmt.Fprintln(out, summary)
	}
	if failedN > 0 || errors > 0 {
		return failed
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// GitHub workflow commands escape %, CR and LF in data, and also : and ,
// in properties.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes one test suite per file and one test case per
// assertion; an evaluation error is an extra case with an <error>.
func writeJUnit(w interface{ Write([]byte) (int, error) }, reports []fileReport) error {
	all := junitSuites{}
	for _, r := range reports {
		suite := junitSuite{Name: r.src.name}
		for _, res := range r.results {
			if res.Kind != estimate.Assertion {
				continue
			}
			c := junitCase{Name: fmt.Sprintf("line %d: %s", res.Line, res.Source), Classname: r.src.name}
			if res.Err != nil {
				c.Failure = &junitProblem{Message: res.Err.Msg, Type: "assertion", Text: fileError(r.src.name, res.Err)}
				suite.Failures++
			}
			suite.Cases = append(suite.Cases, c)
		}
		if e := r.err; e != nil {
			suite.Cases = append(suite.Cases, junitCase{
				Name: fmt.Sprintf("line %d: evaluate", e.Line), Classname: r.src.name,
				Error: &junitProblem{Message: e.Msg, Type: "evaluation", Text: formatError(r.src.name, e)},
			})
			suite.Errors++
		}
		suite.Tests = len(suite.Cases)
		all.Tests += suite.Tests
		all.Failures += suite.Failures
		all.Errors += suite.Errors
		all.Suites = append(all.Suites, suite)
	}
	if _, err := w.Write([]byte(xml.Header)); err != nil {
		return err
	}
	data, err := xml.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
