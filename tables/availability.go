package tables

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// periods are the columns of the availability table, as the language
// names them: month is a twelfth of the mean Gregorian year, the only
// convention that reproduces the primer's 43m 49.7s.
var periods = []string{"day", "week", "month", "year"}

// maxNines bounds --nines: 99.9999999% is 86.4 µs a day, and more nines
// than that say more about clocks than availability.
const maxNines = 9

// level is an availability, with the primer's downtime for it, if any.
type level struct {
	frac   float64
	primer []string // per period; nil if the primer has no row
}

// Validate reports an availability level that makes no table.
func (o Options) Validate() error {
	for _, n := range o.Nines {
		if n < 1 || n > maxNines {
			return fmt.Errorf("a count of nines must be from 1 to %d, not %d", maxNines, n)
		}
	}
	for _, f := range o.SLA {
		if err := checkSLA(f); err != nil {
			return err
		}
	}
	return nil
}

func checkSLA(f float64) error {
	if math.IsNaN(f) || f < 0 || roundLevel(f) >= 1 {
		return fmt.Errorf("an availability must be at least 0%% and below 100%%, not %s%%", strconv.FormatFloat(f*100, 'g', 12, 64))
	}
	return nil
}

// roundLevel rounds an availability to 12 significant digits, so that
// 99.95% and 0.9995 are one level however the float came about.
func roundLevel(f float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 12, 64), 64)
	return r
}

// ninesLevel is n nines: 3 is 0.999.
func ninesLevel(n int) float64 {
	f, _ := strconv.ParseFloat("0."+strings.Repeat("9", n), 64)
	return f
}

// ParseSLA reads an availability the way the language does: "99.95%" or
// "0.9995". It must be a plain number from 0% up to, not including, 100%.
func ParseSLA(s string) (float64, error) {
	r, ok := newCalc().result("%s", s)
	if !ok || r.Dimension != "" {
		return 0, fmt.Errorf("%q is not an availability: write 99.95%% or 0.9995", s)
	}
	f := r.Value.Base()
	if err := checkSLA(f); err != nil {
		if f > 1 && f < 100 {
			return 0, fmt.Errorf("%s; did you mean %s%%?", err, strings.TrimSpace(s))
		}
		return 0, err
	}
	return f, nil
}

// availability is downtime per day, week, month and year for the default
// levels, or exactly those the options name, against the primer's cells.
func availability(o Options) (Grid, error) {
	if err := o.Validate(); err != nil {
		return Grid{}, err
	}
	rows, err := readTSV("availability.tsv", append([]string{"availability"}, periods...)...)
	if err != nil {
		return Grid{}, err
	}
	c := newCalc()
	var data []level
	for _, f := range rows {
		l := level{frac: roundLevel(c.base("%s", f[0]))}
		if slices.ContainsFunc(f[1:], func(s string) bool { return s != "" }) {
			l.primer = f[1:]
		}
		data = append(data, l)
	}
	if c.err != nil {
		return Grid{}, c.err
	}
	levels := data
	if len(o.Nines) > 0 || len(o.SLA) > 0 {
		levels = nil
		var fracs []float64
		for _, n := range o.Nines {
			fracs = append(fracs, ninesLevel(n))
		}
		for _, f := range o.SLA {
			fracs = append(fracs, roundLevel(f))
		}
		for _, f := range fracs {
			l := level{frac: f}
			if i := slices.IndexFunc(data, func(d level) bool { return d.frac == f }); i >= 0 {
				l = data[i]
			}
			levels = append(levels, l)
		}
	}
	slices.SortFunc(levels, func(a, b level) int { return compare(a.frac, b.frac) })
	levels = slices.CompactFunc(levels, func(a, b level) bool { return a.frac == b.frac })

	g := Grid{
		Header:  []string{"Availability", "Nines", "Per day", "Per week", "Per month", "Per year", "Note"},
		Numeric: map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true, 5: true},
	}
	for _, l := range levels {
		a := strconv.FormatFloat(l.frac, 'g', 12, 64)
		row := []string{c.text("%s -> %%", a), c.text("nines(%s)", a)}
		var notes []string
		for i, p := range periods {
			r, _ := c.result("downtime(%s, %s)", a, p)
			row = append(row, r.Display.Text)
			if l.primer != nil {
				if n := primerCell(p, l.primer[i], r.Display.Text, r.Value.Base()); n != "" {
					notes = append(notes, n)
				}
			}
		}
		switch {
		case l.primer == nil:
		case len(notes) == 0:
			notes = []string{"as in the primer"}
		default:
			notes[0] = "primer: " + notes[0]
		}
		g.Rows = append(g.Rows, append(row, strings.Join(notes, "; ")))
	}
	return g, c.err
}

func compare(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// primerCell compares the primer's downtime with napkin's, to the
// primer's precision, and says how they differ: "" if they do not.
func primerCell(period, primer, ours string, seconds float64) string {
	if primer == "" {
		return ""
	}
	v, precision, ok := parseDowntime(primer)
	switch {
	case !ok:
		return fmt.Sprintf("%s %s (unreadable)", period, primer)
	case math.Abs(v-seconds) > precision/2*(1+1e-9):
		return fmt.Sprintf("%s %s is wrong", period, primer)
	case strings.ReplaceAll(primer, "min", "m") != ours:
		return fmt.Sprintf("%s %s (rounded)", period, primer)
	}
	return ""
}

// downtimePart is compiled on first use, not at start-up.
var downtimePart = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+)(?:\.(\d+))?(h|min|m|s)$`) })

// parseDowntime reads the primer's compound times, "8h 45min 57s" or
// "1m 26.4s", returning seconds and the precision of the last part.
func parseDowntime(s string) (seconds, precision float64, ok bool) {
	size := map[string]float64{"h": 3600, "min": 60, "m": 60, "s": 1}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, 0, false
	}
	for _, f := range fields {
		m := downtimePart().FindStringSubmatch(f)
		if m == nil {
			return 0, 0, false
		}
		n, _ := strconv.ParseFloat(m[1]+"."+m[2]+"0", 64)
		seconds += n * size[m[3]]
		precision = size[m[3]] * math.Pow(10, -float64(len(m[2])))
	}
	return seconds, precision, true
}
