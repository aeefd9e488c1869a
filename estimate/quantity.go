package estimate

import (
	"math"
)

// quantity is a magnitude in base units (bits, seconds, dollars, or a
// declared unit) with its dimension, and hints on how to show it. The hints
// never change the value: 1 Gbps and 125 MB/s are equal, one just prefers
// to print in bits.
//
// An uncertain quantity also has smp, its samples in base units, one per
// draw (sample.go); then v is only a stand-in, and its median is what
// shows.
type quantity struct {
	v    float64
	dim  dimension
	show hints
	smp  []float64
	// tmp: smp belongs to no variable yet. Within a statement every
	// intermediate value is consumed once, so its consumer may write its
	// own samples over these; storing a value clears it (owned).
	tmp bool
	// ord, with smp, says where smp's order statistics are found
	// (sample.go): its percentiles are worked out once per set of draws.
	ord *order
}

// owned returns q as a variable may hold it: no operation will write
// over its samples.
func (q quantity) owned() quantity {
	q.tmp = false
	return q
}

// hints carry how a value was written into how it is displayed.
type hints struct {
	time    *unit   // show rates per this time unit (10 million /mo); nil is per second
	info    *unit   // show "per information" in this unit ($0.023 /GB); nil is per B
	bits    bool    // show information in bits: the inputs were bits
	iec     bool    // show information with binary prefixes: the inputs had them (4 KiB)
	percent bool    // show as a percentage
	target  *target // an explicit display unit, from "-> unit"
}

// target is an explicit display unit: what followed "->".
type target struct {
	text    string  // as written, spaces folded: "GB", "/s", "TB/day"
	factor  float64 // base units in one target unit
	dim     dimension
	percent bool
	napkin  bool // then "-> napkin": round to one digit (napkin.go)
	nines   bool // "-> nines": an availability as its count of nines
}

// scalar is a plain number: no dimension, no display hints.
func scalar(v float64) quantity { return quantity{v: v} }

// isPlain reports whether q is a bare number that should not change how
// the other operand of a product is shown: 3 * (2 GB) is still shown as GB.
func (q quantity) isPlain() bool {
	return q.dim.IsZero() && q.show == hints{}
}

// opError is an evaluation error before it has a position; the session
// gives it the position of the operator or call that raised it.
type opError struct {
	msg, hint string
	// someHint, if set, replaces hint when the error strikes some of a
	// range's samples and not others.
	someHint string
}

func (e *opError) Error() string { return e.msg }

func errorf(hint, msg string) *opError { return &opError{msg: msg, hint: hint} }

// arith holds the names a session's errors use for dimensions.
type arith struct {
	names *dimNames
}

func (a arith) mismatch(verb string, x, y quantity) error {
	return errorf("", "cannot "+verb+" "+a.names.describe(x.dim)+" and "+a.names.describe(y.dim))
}

func (a arith) add(x, y quantity) (quantity, error) {
	if x.dim != y.dim {
		return quantity{}, a.mismatch("add", x, y)
	}
	return finite(quantity{v: x.v + y.v, dim: x.dim, show: mergeSum(x.show, y.show)})
}

func (a arith) sub(x, y quantity) (quantity, error) {
	if x.dim != y.dim {
		return quantity{}, a.mismatch("subtract", x, y)
	}
	return finite(quantity{v: x.v - y.v, dim: x.dim, show: mergeSum(x.show, y.show)})
}

// mergeSum: a sum is shown like its left operand, and as a percentage if
// either side was one (1 - 99.9% is 0.1%).
func mergeSum(x, y hints) hints {
	h := x
	if h.target == nil {
		h.target = y.target
	}
	if h.time == nil {
		h.time = y.time
	}
	if h.info == nil {
		h.info = y.info
	}
	h.percent = x.percent || y.percent
	return h
}

// errExponent is the error for a dimension whose exponent would pass ±127.
var errExponent = errorf("", "exponent too large for a quantity with units")

func (a arith) mul(x, y quantity) (quantity, error) {
	d, ok := x.dim.mul(y.dim)
	if !ok {
		return quantity{}, errExponent
	}
	return finite(settle(quantity{v: x.v * y.v, dim: d, show: mergeProduct(x, y, true)}))
}

// juxtapose multiplies two values written side by side, refusing two
// times: 30 min 2 h is no duration, and h^2 is never what was meant.
func (a arith) juxtapose(x, y quantity) (quantity, error) {
	if x.dim.only(dimTime) && y.dim.only(dimTime) {
		return quantity{}, errorf("write a duration largest part first, 2 h 30 min, or multiply with *", "two times side by side")
	}
	return a.mul(x, y)
}

// ofHint shows what of is for.
const ofHint = "of takes a percentage of what follows: 20% of 1 TB; otherwise multiply with *"

// of is 20% of 1 TB: a product whose left side must be a percentage.
func (a arith) of(pct, x quantity) (quantity, error) {
	if !pct.dim.IsZero() || !pct.show.percent {
		f := formatter{names: a.names, digits: 4}
		return quantity{}, errorf(ofHint, "of follows a percentage, not "+f.display(pct).Text)
	}
	return a.mul(pct, x)
}

func (a arith) div(x, y quantity) (quantity, error) {
	if y.v == 0 {
		return quantity{}, errorf("", "division by zero")
	}
	d, ok := x.dim.div(y.dim)
	if !ok {
		return quantity{}, errExponent
	}
	return finite(settle(quantity{v: x.v / y.v, dim: d, show: mergeProduct(x, y, false)}))
}

// settle drops hints about a dimension the value no longer has: once
// tweets/day * 30 day is a count of tweets, dividing by seconds gives
// tweet/s, not tweet/day.
func settle(q quantity) quantity {
	if q.dim[dimTime] == 0 {
		q.show.time = nil
	}
	if q.dim[dimInformation] == 0 {
		q.show.info = nil
		q.show.bits = false
		q.show.iec = false
	}
	return q
}

// mergeProduct: scaling by a plain number keeps how the other side is
// shown (2 * x shows like x), but for a percentage: 10 * 50% is 5, as in
// Numbat and Qalculate. Otherwise an explicit unit no longer applies,
// rates keep the first time unit either side named, bits spread, and
// percentages survive only percent times percent (99.9% * 99.9% = 99.8001%).
func mergeProduct(x, y quantity, multiply bool) hints {
	if y.isPlain() {
		h := x.show
		h.percent = false
		return h
	}
	if x.isPlain() && multiply {
		h := y.show
		h.percent = false
		return h
	}
	h := hints{time: x.show.time, info: x.show.info, bits: x.show.bits || y.show.bits, iec: x.show.iec || y.show.iec}
	if h.time == nil {
		h.time = y.show.time
	}
	if h.info == nil {
		h.info = y.show.info
	}
	h.percent = multiply && x.show.percent && y.show.percent
	return h
}

func (a arith) neg(x quantity) (quantity, error) {
	x.v = -x.v
	return x, nil
}

func (a arith) pow(x, y quantity) (quantity, error) {
	if !y.dim.IsZero() {
		return quantity{}, errorf("divide it by a unit first", "an exponent must be a plain number, not "+a.names.describe(y.dim))
	}
	n := y.v
	out := quantity{v: math.Pow(x.v, n), dim: x.dim}
	if !x.dim.IsZero() {
		if n != math.Trunc(n) || math.Abs(n) > 127 {
			return quantity{}, errorf("", "cannot raise "+a.names.describe(x.dim)+" to the power "+formatSig(n, 4)+": the exponent must be a whole number")
		}
		d, ok := x.dim.pow(int(n))
		if !ok {
			return quantity{}, errExponent
		}
		out.dim = d
		out.show = hints{time: x.show.time, info: x.show.info, bits: x.show.bits, iec: x.show.iec}
	} else if x.show.percent {
		// (1 - 99.9%)^2 is still a fraction of time: 0.0001%.
		out.show.percent = true
	}
	if x.v == 0 && n < 0 {
		return quantity{}, errorf("", "division by zero")
	}
	return finite(out)
}

// finite refuses infinities and NaN: napkin never prints Inf.
func finite(q quantity) (quantity, error) {
	if math.IsInf(q.v, 0) {
		return quantity{}, errorf("numbers go up to about 1.8e308", "result is too large")
	}
	if math.IsNaN(q.v) {
		return quantity{}, errorf("", "result is not a number")
	}
	return q, nil
}

// compare orders x and y; they must have the same dimension.
func (a arith) compare(x, y quantity) (int, error) {
	if x.dim != y.dim {
		return 0, a.mismatch("compare", x, y)
	}
	switch {
	case x.v < y.v:
		return -1, nil
	case x.v > y.v:
		return 1, nil
	}
	return 0, nil
}
