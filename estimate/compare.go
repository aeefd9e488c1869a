package estimate

import (
	"math"
	"strings"
)

// comparison is what a comparison evaluates to.
type comparison struct {
	ok       bool
	op       string
	lhs, rhs quantity
	tol      *quantity
	// uncertain: a side is uncertain, so the comparison holds in a share
	// of the samples, which is all prob() reads; an assertion cannot use it.
	uncertain bool
	share     float64
}

// equalEpsilon is how close == wants two values without "within": float
// noise, not a tolerance (0.1 + 0.2 == 0.3 holds).
const equalEpsilon = 1e-9

func (s *Session) compare(x, y quantity, op string, tol *quantity) (comparison, error) {
	if x.uncertain() || y.uncertain() || (tol != nil && tol.uncertain()) {
		return s.compareSamples(x, y, op, tol)
	}
	c := comparison{op: op, lhs: x, rhs: y, tol: tol}
	a := s.arith()
	if x.dim != y.dim {
		return c, a.mismatch("compare", x, y)
	}
	slack := equalEpsilon * math.Max(math.Abs(x.v), math.Abs(y.v))
	if op != "==" && op != "!=" {
		slack = 0
	}
	if tol != nil {
		switch {
		case tol.dim.IsZero():
			slack = tol.v * math.Abs(y.v)
		case tol.dim == x.dim:
			slack = tol.v
		default:
			return c, errorf("write it as a percentage (within 5%) or in the units compared", "a tolerance must be a plain number or "+s.dims.describe(x.dim)+", not "+s.dims.describe(tol.dim))
		}
		if tol.v < 0 {
			return c, errorf("", "a tolerance cannot be negative")
		}
	}
	// A tolerance holds at its edge: 3.8 == 4 within 5% is true, where
	// float noise would make it off by 5.000000000000004%.
	if tol != nil {
		slack += 4 * ulp(math.Max(math.Abs(x.v), math.Abs(y.v)))
	}
	d := x.v - y.v
	switch op {
	case "==":
		c.ok = math.Abs(d) <= slack
	case "!=":
		c.ok = math.Abs(d) > slack
	case "<":
		c.ok = d < slack
	case "<=":
		c.ok = d <= slack
	case ">":
		c.ok = d > -slack
	case ">=":
		c.ok = d >= -slack
	}
	return c, nil
}

// ulp is the gap between v and the next float64 above it.
func ulp(v float64) float64 { return math.Nextafter(v, math.Inf(1)) - v }

// compareSamples compares sample by sample: the share of samples where
// the comparison holds.
func (s *Session) compareSamples(x, y quantity, op string, tol *quantity) (comparison, error) {
	n := max(len(x.smp), len(y.smp))
	if tol != nil && tol.smp != nil {
		n = len(tol.smp)
	}
	held := 0
	if tol == nil && op != "==" && op != "!=" {
		// An order holds with no slack: check the dimensions once, then
		// count in a float loop.
		if _, err := s.compare(x.at(0), y.at(0), op, nil); err != nil {
			return comparison{}, err
		}
		xs, xm := spread(x)
		ys, ym := spread(y)
		sign, orEqual := 1.0, op[len(op)-1] == '='
		if op[0] == '>' {
			sign = -1
		}
		for i := range n {
			d := sign * (xs[i&xm] - ys[i&ym]) // below zero where x op y holds
			if d < 0 || orEqual && d == 0 {
				held++
			}
		}
		return comparison{op: op, lhs: x, rhs: y, uncertain: true, share: float64(held) / float64(n)}, nil
	}
	for i := range n {
		var t *quantity
		if tol != nil {
			ti := tol.at(i)
			t = &ti
		}
		c, err := s.compare(x.at(i), y.at(i), op, t)
		if err != nil {
			return comparison{}, err
		}
		if c.ok {
			held++
		}
	}
	return comparison{op: op, lhs: x, rhs: y, tol: tol, uncertain: true, share: float64(held) / float64(n)}, nil
}

// convert gives q the display unit of a conversion target: -> GB, -> /s,
// -> napkin.
func (s *Session) convert(q, to quantity, text string) (quantity, error) {
	if text == napkinTarget {
		// Keep an earlier target: x -> /s -> napkin rounds per second.
		t := target{napkin: true}
		if q.show.target != nil {
			t = *q.show.target
			t.napkin = true
		}
		q.show.target = &t
		return q, nil
	}
	if text == ninesWord {
		if _, err := nines(s.arith(), []quantity{q}); err != nil {
			return quantity{}, err
		}
		q.show.target = &target{text: text, nines: true}
		return q, nil
	}
	var perTime dimension
	perTime[dimTime] = -1
	if to.dim == perTime && q.dim != to.dim && q.dim[dimTime] == -1 && to.v > 0 {
		// "-> /s" on 10 million pastes / month: per second, whatever is
		// counted: 3.803 paste/s. A count per time (qps, rpm) keeps what
		// is counted too and takes its time unit: 10 requests/s -> rpm is
		// 600 requests/min.
		q.show.time = s.perTime(to.v, text)
		q.show.target = nil
		return q, nil
	}
	if q.dim != to.dim {
		return quantity{}, errorf("", "cannot convert "+s.dims.describe(q.dim)+" to "+text+" ("+s.dims.describeNames(to.dim)+")")
	}
	if to.v == 0 {
		return quantity{}, errorf("", "cannot convert to a unit of size zero")
	}
	q.show.target = &target{text: text, factor: to.v, dim: to.dim, percent: text == "%"}
	return q, nil
}

// perTime is the time unit a conversion to a rate shows a counted rate
// per: the one written after a slash (-> /day), or the built-in time unit
// of the target's size (-> qps is per s, -> rpm per min). It is nil,
// per second, for a target no time unit matches (-> PHz).
func (s *Session) perTime(v float64, text string) *unit {
	name, ok := strings.CutPrefix(text, "/")
	if ok {
		name = strings.Join(strings.Fields(name), "")
	} else {
		secs := 1 / v
		for _, u := range s.builtin.list {
			if u.kind == KindUnit && u.value.dim.only(dimTime) && math.Abs(u.value.v-secs) <= 1e-12*secs {
				name, ok = u.name, true
				break
			}
		}
	}
	if !ok {
		return nil
	}
	return &unit{name: name, aliases: []string{name}, value: quantity{v: 1 / v, dim: dimension{dimTime: 1}}}
}
