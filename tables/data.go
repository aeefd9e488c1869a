package tables

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// The tables' facts live in these files, the one place they are written;
// every other column is computed.
//
//go:embed *.tsv
var data embed.FS

// readTSV reads an embedded data file: '#' comments, then a header line
// that must name columns, then rows of tab-separated fields. A row may
// leave off empty trailing fields, since editors strip trailing tabs.
func readTSV(name string, columns ...string) ([][]string, error) {
	b, err := data.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	header := false
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if !header {
			if !slices.Equal(f, columns) {
				return nil, fmt.Errorf("%s:%d: header is %q, want %q", name, i+1, f, columns)
			}
			header = true
			continue
		}
		if len(f) > len(columns) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", name, i+1, len(f), len(columns))
		}
		for len(f) < len(columns) {
			f = append(f, "")
		}
		rows = append(rows, f)
	}
	if !header {
		return nil, fmt.Errorf("%s: no header line", name)
	}
	return rows, nil
}

// calc evaluates expressions for a table, so every number in it is
// formatted the way napkin prints it. It keeps the first error, and
// returns "" after one, so a table's code reads as a list of cells.
type calc struct {
	s   *estimate.Session
	err error
}

func newCalc(opts ...estimate.Option) *calc {
	return &calc{s: estimate.NewSession(opts...)}
}

// result evaluates one expression.
func (c *calc) result(format string, args ...any) (estimate.Result, bool) {
	if c.err != nil {
		return estimate.Result{}, false
	}
	src := fmt.Sprintf(format, args...)
	res, err := c.s.Eval(src)
	switch {
	case err != nil:
		c.err = fmt.Errorf("evaluating %q: %v", src, err)
	case len(res) != 1 || res[0].Kind != estimate.Expression:
		c.err = fmt.Errorf("evaluating %q: want one expression", src)
	default:
		return res[0], true
	}
	return estimate.Result{}, false
}

// text evaluates one expression and returns what napkin prints for it.
func (c *calc) text(format string, args ...any) string {
	r, _ := c.result(format, args...)
	return r.Display.Text
}

// base evaluates one expression and returns its value in base units.
func (c *calc) base(format string, args ...any) float64 {
	r, _ := c.result(format, args...)
	return r.Value.Base()
}
