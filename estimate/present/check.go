package present

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// CheckFormats are the formats Check renders.
var CheckFormats = []string{Text, GitHub, JUnit, JSON}

// Check writes what napkin check reports on files: in text, each failure
// on errw and a summary on w; in github, workflow annotations and the
// summary; in junit, JUnit XML; in json, an object a file. A stale
// answer is reported like an error, at its position, with its hint.
func Check(w, errw io.Writer, format string, files []File) error {
	switch format {
	case JUnit:
		return JUnitXML(w, files)
	case JSON:
		return checkJSON(w, files)
	case GitHub:
		if err := Annotations(w, files); err != nil {
			return err
		}
	default:
		for _, f := range files {
			if err := Errors(errw, f); err != nil {
				return err
			}
		}
	}
	_, err := fmt.Fprintln(w, Summary(files))
	return err
}

// Summary is check's last line: "checked 8 files: 152 assertions passed,
// 0 failed", and the errors if any.
func Summary(files []File) string {
	var passed, failed, stale, errors, skipped int
	for _, f := range files {
		p, fl := f.Counts()
		passed += p
		failed += fl
		stale += len(f.Stale)
		for _, e := range f.Errs() {
			if e.Skipped {
				skipped++
			} else {
				errors++
			}
		}
	}
	s := fmt.Sprintf("checked %s: %s passed, %d failed", Plural(len(files), "file"), Plural(passed, "assertion"), failed)
	if stale > 0 {
		s += ", " + Plural(stale, "stale answer")
	}
	if errors > 0 {
		s += ", " + Plural(errors, "error")
	}
	if skipped > 0 {
		s += fmt.Sprintf(", %d skipped", skipped)
	}
	return s
}

// Annotations writes GitHub workflow commands: an ::error for each failed
// assertion and error, at its file, line and column.
func Annotations(w io.Writer, files []File) error {
	var b strings.Builder
	for _, f := range files {
		for _, r := range f.Results {
			if r.Err != nil {
				fmt.Fprintf(&b, "::error file=%s,line=%d,col=%d,title=napkin assertion failed::%s\n", ghProperty(f.Name), r.Line, r.Col, ghData(r.Err.Msg))
			}
		}
		for _, e := range f.Stale {
			fmt.Fprintf(&b, "::error file=%s,line=%d,col=%d,title=napkin stale answer::%s\n", ghProperty(f.Name), e.Line, e.Col, ghData(withHint(e)))
		}
		for _, e := range f.Errs() {
			title := "napkin error"
			if e.Skipped {
				title = "napkin skipped"
			}
			if e.Line == 0 {
				fmt.Fprintf(&b, "::error file=%s,title=%s::%s\n", ghProperty(f.Name), title, ghData(e.Msg))
			} else {
				fmt.Fprintf(&b, "::error file=%s,line=%d,col=%d,title=%s::%s\n", ghProperty(f.Name), e.Line, e.Col, title, ghData(e.Msg))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// withHint is an error's message and its hint, for one line.
func withHint(e *estimate.Error) string {
	if e.Hint == "" {
		return e.Msg
	}
	return e.Msg + "; " + e.Hint
}

// GitHub workflow commands escape %, CR and LF in data, and also : and ,
// in properties.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// JUnitSuites is JUnit XML's root: a suite a file.
type JUnitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []JUnitSuite `xml:"testsuite"`
}

// JUnitSuite is one file: a case an assertion.
type JUnitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr,omitempty"`
	Cases    []JUnitCase `xml:"testcase"`
}

// JUnitCase is one assertion, or the error that stopped a file.
type JUnitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *JUnitProblem `xml:"failure,omitempty"`
	Error     *JUnitProblem `xml:"error,omitempty"`
	Skipped   *JUnitProblem `xml:"skipped,omitempty"`
}

// JUnitProblem is a failure or an error, with napkin's text of it.
type JUnitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnitXML writes one test suite per file and one test case per
// assertion; an error is an extra case with an <error>.
func JUnitXML(w io.Writer, files []File) error {
	all := JUnitSuites{}
	for _, f := range files {
		suite := JUnitSuite{Name: f.Name}
		for _, r := range f.Results {
			if r.Kind != estimate.Assertion {
				continue
			}
			c := JUnitCase{Name: fmt.Sprintf("line %d: %s", r.Line, r.Source), Classname: f.Name}
			if r.Err != nil {
				c.Failure = &JUnitProblem{Message: r.Err.Msg, Type: "assertion", Text: AssertionText(f.Name, r.Err)}
				suite.Failures++
			}
			suite.Cases = append(suite.Cases, c)
		}
		for _, e := range f.Stale {
			suite.Cases = append(suite.Cases, JUnitCase{
				Name: fmt.Sprintf("line %d: answer", e.Line), Classname: f.Name,
				Failure: &JUnitProblem{Message: e.Msg, Type: "stale answer", Text: ErrorText(f.Name, e)},
			})
			suite.Failures++
		}
		for _, e := range f.Errs() {
			name := fmt.Sprintf("line %d: evaluate", e.Line)
			if e.Line == 0 {
				name = "read"
			}
			c := JUnitCase{Name: name, Classname: f.Name}
			if e.Skipped {
				c.Skipped = &JUnitProblem{Message: e.Msg, Type: "skipped", Text: ErrorText(f.Name, e)}
				suite.Skipped++
			} else {
				c.Error = &JUnitProblem{Message: e.Msg, Type: "evaluation", Text: ErrorText(f.Name, e)}
				suite.Errors++
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		all.Tests += suite.Tests
		all.Failures += suite.Failures
		all.Errors += suite.Errors
		all.Suites = append(all.Suites, suite)
	}
	data, err := xml.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+string(data)+"\n")
	return err
}

// checkJSON writes an object a file: its counts and its problems.
func checkJSON(w io.Writer, files []File) error {
	type fileJSON struct {
		File     string `json:"file"`
		Passed   int    `json:"passed"`
		Failed   int    `json:"failed"`
		Problems []any  `json:"problems"`
	}
	out := []fileJSON{}
	for _, f := range files {
		p, fl := f.Counts()
		j := fileJSON{File: f.Name, Passed: p, Failed: fl, Problems: []any{}}
		for _, r := range f.Results {
			if r.Err != nil {
				j.Problems = append(j.Problems, errJSON(f.Name, r.Err, "assertion"))
			}
		}
		for _, e := range f.Stale {
			j.Problems = append(j.Problems, errJSON(f.Name, e, "stale answer"))
		}
		for _, e := range f.Errs() {
			kind := "evaluation"
			if e.Skipped {
				kind = "skipped"
			}
			j.Problems = append(j.Problems, errJSON(f.Name, e, kind))
		}
		out = append(out, j)
	}
	return WriteJSON(w, out)
}
