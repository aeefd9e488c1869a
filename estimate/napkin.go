package estimate

import (
	"math"
	"strconv"
	"strings"
)

// napkinTarget is the conversion target "-> napkin": the answer rounded to
// one significant digit, with its power of ten, as it is said aloud in an
// interview: ~500 GB (5×10^11 B). It is a word of the conversion syntax,
// not a unit, so a unit someone declares as napkin cannot be converted to.
const napkinTarget = "napkin"

// napkin shows q rounded to one significant digit in the unit napkin
// would pick for it, then, when the power of ten is 10^3 or more (or
// 10^-3 or less), the same in the unit without a prefix. A time is said in
// the largest whole unit it reaches (~2 h, not 2h 13m); an availability
// rounds its downtime, not itself (99.98%, not ~100%). After an earlier
// conversion it rounds in that unit: x -> /s -> napkin is ~400 /s.
func (f formatter) napkin(q quantity) Display {
	t := *q.show.target
	q.show.target = nil
	q.show.iec = false // powers of ten are said with SI prefixes: ~4 GB (4×10^9 B)
	if t.text != "" {
		t.napkin = false
		q.show.target = &t // the unit of an earlier conversion
	}
	one := formatter{names: f.names, digits: 1}
	switch {
	case q.show.target != nil:
	case q.dim.only(dimTime):
		return one.napkinTime(q.v)
	case q.dim.IsZero() && q.show.percent:
		p := q.v * 100
		if p >= 90 && p < 100 {
			p = 100 - roundSig(100-p, 1)
		} else {
			p = roundSig(p, 1)
		}
		return Display{Number: p, Unit: "%", Text: "~" + strconv.FormatFloat(p, 'f', -1, 64) + "%"}
	case q.dim.only(dimCurrency):
		n := roundSig(q.v, 1)
		return Display{Number: n, Unit: "$", Text: "~$" + one.number(n) + withPower(n, "USD")}
	}
	d := f.display(q)
	if d.Number != 0 {
		// Round in the unit napkin picked, then show again: 950 GB is
		// ~1 TB, not ~1,000 GB.
		q.v *= roundSig(d.Number, 1) / d.Number
		d = one.display(q)
	}
	bare, scale := unprefixed(d.Unit)
	return Display{Number: d.Number, Unit: d.Unit, Text: "~" + d.Text + withPower(d.Number*scale, bare)}
}

// napkinTime says a time in the largest unit it reaches, to one digit.
func (f formatter) napkinTime(v float64) Display {
	units := []struct {
		name string
		size float64
	}{{"yr", words().year}, {"day", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}, {"ms", 1e-3}, {"µs", 1e-6}, {"ns", 1e-9}}
	u := units[0]
	if v == 0 {
		return Display{Unit: "s", Text: "~0 s"}
	}
	exact := v
	var n float64
	for range 2 { // again once rounded: 59.6 s is ~1 min, not ~60 s
		u = units[len(units)-1]
		for _, c := range units {
			if math.Abs(v) >= c.size*(1-1e-12) {
				u = c
				break
			}
		}
		n = roundSig(v/u.size, 1)
		v = n * u.size
	}
	return Display{Number: n, Unit: u.name, Text: "~" + f.number(n) + " " + u.name + withPower(roundSig(exact, 1), "s")}
}

// unprefixed strips an SI prefix from a unit of information: "GB/mo" is
// "B/mo" times 10^9. Other units come back as they are.
func unprefixed(unit string) (string, float64) {
	for i, p := range words().si {
		if p == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(unit, p); ok && (strings.HasPrefix(rest, "B") || strings.HasPrefix(rest, "bit")) {
			return rest, math.Pow(1000, float64(i))
		}
	}
	return unit, 1
}

// withPower is " (5×10^11 B)" for 5e11 and B, or "" when the power of ten
// is small enough to read at a glance.
func withPower(v float64, unit string) string {
	if v == 0 {
		return ""
	}
	e := int(math.Floor(math.Log10(math.Abs(v)) + 1e-9))
	if e > -3 && e < 3 {
		return ""
	}
	m := roundSig(v/math.Pow(10, float64(e)), 1)
	s := " (" + strconv.FormatFloat(m, 'f', -1, 64) + "×10^" + strconv.Itoa(e)
	if unit != "" {
		s += " " + unit
	}
	return s + ")"
}
