package estimate

import (
	"math"
	"slices"
	"strconv"
)

// function is a function the language offers, with what help shows of it.
type function struct {
	name     string
	args     string // "(x)", "(a, ...)": usage after the name
	doc      string
	min, max int // argument counts; max -1 for any number
	call     func(a arith, args []quantity) (quantity, error)
	// draw, in place of call, makes an uncertain value, its draws seeded
	// from key: the constructors.
	draw func(s *Session, key string, args []quantity) (quantity, error)
	// each, if set, is call's value at one sample of a lone uncertain
	// argument, call's result at the first sample giving the dimension:
	// the fast path for ceil, log2 and the like over 10,000 samples.
	each       func(float64) float64
	whole      bool // reads an uncertain argument whole (a summary), not a sample at a time
	comparison bool // takes a comparison: prob
}

func (f *function) arity() string {
	switch {
	case f.max < 0:
		return "at least " + Plural(f.min, "argument")
	case f.min == f.max:
		return Plural(f.min, "argument")
	}
	return strconv.Itoa(f.min) + " to " + Plural(f.max, "argument")
}

// Plural writes a count with its noun: "1 argument", "3 assertions".
// The one the engine's messages and the presentation layer share.
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// functions is the language's function table, in the order help lists it.
// It is never modified.
var functions = []*function{
	{name: "ceil", args: "(x)", doc: "rounds a plain number or a count up: ceil(45000 qps / (2000 qps / server)) is 23 servers", min: 1, max: 1, call: roundFn("ceil", math.Ceil), each: math.Ceil},
	{name: "floor", args: "(x)", doc: "rounds a plain number or a count down", min: 1, max: 1, call: roundFn("floor", math.Floor), each: math.Floor},
	{name: "round", args: "(x)", doc: "rounds a plain number or a count to the nearest whole number", min: 1, max: 1, call: roundFn("round", math.Round), each: math.Round},
	{name: "abs", args: "(x)", doc: "the absolute value, units kept", min: 1, max: 1, call: func(a arith, x []quantity) (quantity, error) {
		q := x[0]
		q.v = math.Abs(q.v)
		return q, nil
	}},
	{name: "min", args: "(a, ...)", doc: "the smallest of quantities of one dimension", min: 1, max: -1, call: func(a arith, x []quantity) (quantity, error) { return pick(a, x, -1) }},
	{name: "max", args: "(a, ...)", doc: "the largest of quantities of one dimension", min: 1, max: -1, call: func(a arith, x []quantity) (quantity, error) { return pick(a, x, 1) }},
	{name: "sqrt", args: "(x)", doc: "the square root; units must have even powers", min: 1, max: 1, call: func(a arith, x []quantity) (quantity, error) {
		q := x[0]
		if q.v < 0 {
			return quantity{}, errorf("", "square root of a negative number")
		}
		d, ok := q.dim.root(2)
		if !ok {
			return quantity{}, errorf("", "cannot take the square root of "+a.names.describe(q.dim))
		}
		return finite(quantity{v: math.Sqrt(q.v), dim: d, show: hints{time: q.show.time, bits: q.show.bits, iec: q.show.iec}})
	}},
	{name: "log2", args: "(x)", doc: "logarithm base 2 of a plain number: log2(1 billion) is about 30", min: 1, max: 1, call: logFn("log2", math.Log2), each: math.Log2},
	{name: "log10", args: "(x)", doc: "logarithm base 10 of a plain number", min: 1, max: 1, call: logFn("log10", math.Log10), each: math.Log10},
	{name: "ln", args: "(x)", doc: "natural logarithm of a plain number", min: 1, max: 1, call: logFn("ln", math.Log), each: math.Log},
	{name: "exp", args: "(x)", doc: "e to the power of a plain number", min: 1, max: 1, call: plainFn("exp", math.Exp), each: math.Exp},
	{name: "series", args: "(a, ...)", doc: "availability of components that must all be up: the product", min: 1, max: -1, call: series},
	{name: "parallel", args: "(a, ...)", doc: "availability of redundant components, any one enough: 1 - product of (1 - a)", min: 1, max: -1, call: parallel},
	{name: "k_of_n", args: "(k, n, a)", doc: "availability when at least k of n identical components of availability a must be up", min: 3, max: 3, call: kOfN},
	{name: "nines", args: "(a)", doc: "number of nines of an availability: -log10(1 - a), nines(99.9%) is 3", min: 1, max: 1, call: nines},
	{name: "downtime", args: "(a, period)", doc: "time down in a period at availability a: downtime(99.99%, month) is 4m 23s", min: 2, max: 2, call: downtime},
	{name: "availability", args: "(down, period)", doc: "availability given time down in a period: availability(1 h, year)", min: 2, max: 2, call: availabilityFn},
	{name: "grow", args: "(x, rate, period)", doc: "compound growth, once per the rate's time unit: grow(10 million, 40% / yr, 3 yr) is 27.44 million", min: 3, max: 3, call: grow},
	{name: "at_least_one", args: "(p, n)", doc: "chance at least one of n independent events of chance p happens: at_least_one(1%, 100) is 63.4%, a request fanned out to 100 servers", min: 2, max: 2, call: atLeastOne},
}

// allFunctions lists the language's functions in the order help shows
// them: the plain ones, then the uncertain ones' constructors and
// summaries.
var allFunctions = slices.Concat(functions, constructors, summaries)

func functionByName(name string) (*function, bool) {
	for _, f := range allFunctions {
		if f.name == name {
			return f, true
		}
	}
	return nil, false
}

func needPlain(a arith, name string, q quantity) error {
	if !q.dim.IsZero() {
		return errorf("divide by a unit first: "+name+"(x / GB), "+name+"(x / (1 /s))", name+" needs a plain number, not "+a.names.describe(q.dim))
	}
	return nil
}

func plainFn(name string, f func(float64) float64) func(arith, []quantity) (quantity, error) {
	return func(a arith, x []quantity) (quantity, error) {
		if err := needPlain(a, name, x[0]); err != nil {
			return quantity{}, err
		}
		return finite(scalar(f(x[0].v)))
	}
}

// roundFn rounds a plain number, or a count of a unit an estimate
// declared (unit server): 22.5 servers rounds up to 23 servers. It counts
// the declared unit itself, so a count shown in a unit made from it
// (x -> rack) loses that display: ceil(x / rack) counts racks. A measure
// (GB, s) has no whole number to round to, so it stays an error.
func roundFn(name string, f func(float64) float64) func(arith, []quantity) (quantity, error) {
	plain := plainFn(name, f)
	return func(a arith, x []quantity) (quantity, error) {
		q := x[0]
		if q.dim.IsZero() {
			return plain(a, x)
		}
		if !isCount(q.dim) {
			return quantity{}, errorf("divide by a unit first: "+name+"(x / GB), "+name+"(x / (1 /s))", name+" needs a plain number or a count, not "+a.names.describe(q.dim))
		}
		q.v = f(q.v)
		q.show.target = nil
		return finite(q)
	}
}

// isCount reports whether d is one declared base unit: server, not
// server/s, not GB.
func isCount(d dimension) bool {
	n := 0
	for i, e := range d {
		switch {
		case e == 0:
		case i < builtinDims || e != 1:
			return false
		default:
			n++
		}
	}
	return n == 1
}

func logFn(name string, f func(float64) float64) func(arith, []quantity) (quantity, error) {
	plain := plainFn(name, f)
	return func(a arith, x []quantity) (quantity, error) {
		if x[0].dim.IsZero() && x[0].v <= 0 {
			return quantity{}, errorf("", name+" needs a number above zero, not "+formatter{digits: 6}.number(x[0].v))
		}
		return plain(a, x)
	}
}

func pick(a arith, x []quantity, sign int) (quantity, error) {
	best := x[0]
	for _, q := range x[1:] {
		c, err := a.compare(best, q)
		if err != nil {
			return quantity{}, err
		}
		if c == -sign {
			best = q
		}
	}
	return best, nil
}

// availabilityArg checks that q is an availability: a plain number in [0, 1].
func availabilityArg(a arith, fn string, q quantity) (float64, error) {
	if !q.dim.IsZero() {
		return 0, errorf("write availabilities as 99.9% or 0.999", fn+" needs an availability, not "+a.names.describe(q.dim))
	}
	if q.v < 0 || q.v > 1 {
		f := formatter{digits: 6}
		e := errorf("", "availability must be between 0% and 100%, not "+f.percent(q.v))
		// 99%..99.99% is a lognormal, and its tail passes 100%.
		e.someHint = "a range of availabilities stays below 100% written in nines: 2..4 nines, or uniform(99%, 99.99%)"
		return 0, e
	}
	return q.v, nil
}

func percentOf(v float64) (quantity, error) {
	q := scalar(v)
	q.show.percent = true
	return finite(q)
}

func series(a arith, x []quantity) (quantity, error) {
	p := 1.0
	for _, q := range x {
		v, err := availabilityArg(a, "series", q)
		if err != nil {
			return quantity{}, err
		}
		p *= v
	}
	return percentOf(p)
}

func parallel(a arith, x []quantity) (quantity, error) {
	down := 1.0
	for _, q := range x {
		v, err := availabilityArg(a, "parallel", q)
		if err != nil {
			return quantity{}, err
		}
		down *= 1 - v
	}
	return percentOf(1 - down)
}

const maxComponents = 100000

// kOfN is the chance that at least k of n independent components, each up
// with probability a, are up. It sums whichever tail of the binomial is
// smaller, so 99.9999999% keeps its nines.
func kOfN(a arith, x []quantity) (quantity, error) {
	var ints [2]int
	for i, name := range []string{"k", "n"} {
		q := x[i]
		if !q.dim.IsZero() || q.v != math.Trunc(q.v) || q.v < 0 || q.v > maxComponents {
			return quantity{}, errorf("", "k_of_n: "+name+" must be a whole number from 0 to "+strconv.Itoa(maxComponents))
		}
		ints[i] = int(q.v)
	}
	k, n := ints[0], ints[1]
	if k > n {
		return quantity{}, errorf("", "k_of_n: k ("+strconv.Itoa(k)+") cannot exceed n ("+strconv.Itoa(n)+")")
	}
	p, err := availabilityArg(a, "k_of_n", x[2])
	if err != nil {
		return quantity{}, err
	}
	switch {
	case p == 0:
		if k == 0 {
			return percentOf(1)
		}
		return percentOf(0)
	case p == 1:
		return percentOf(1)
	}
	if float64(k) <= float64(n)*p {
		// P(fewer than k up): its terms rise towards k-1.
		return percentOf(math.Max(0, 1-binomialTail(n, p, k-1, -1)))
	}
	return percentOf(math.Min(1, binomialTail(n, p, k, 1)))
}

// binomialTail sums the binomial probabilities C(n, i) p^i (1-p)^(n-i)
// from i = start, stepping by step (1 or -1) to the end of [0, n]. The
// terms must fall away from start, as a tail's do away from the mode:
// then each comes from the one before by a ratio, and the walk stops once
// what is left cannot change the sum's last bit. 0 < p < 1.
func binomialTail(n int, p float64, start, step int) float64 {
	if start < 0 || start > n {
		return 0
	}
	odds := p / (1 - p)
	term := binomialTerm(n, start, p)
	sum := 0.0
	for i := start; term > 0; i += step {
		sum += term
		next := i + step
		if next < 0 || next > n {
			break
		}
		// term(i+1)/term(i) = (n-i)/(i+1) * odds, term(i-1)/term(i) = i/(n-i+1) / odds.
		var ratio float64
		if step > 0 {
			ratio = float64(n-i) / float64(i+1) * odds
		} else {
			ratio = float64(i) / float64(n-i+1) / odds
		}
		term *= ratio
		// Ratios only shrink further out, so the rest sums to at most
		// term / (1 - ratio).
		if ratio < 1 && term/(1-ratio) < sum*0x1p-54 {
			break
		}
	}
	return sum
}

// binomialTerm is C(n, i) p^i (1-p)^(n-i), 0 < p < 1, by Loader's
// saddle-point form ("Fast and accurate computation of binomial
// probabilities", 2000): within about 1e-14 at any n, where exp of a
// difference of Lgammas near 1e6 loses ten digits at n = 100000.
func binomialTerm(n, i int, p float64) float64 {
	nf, x := float64(n), float64(i)
	switch i {
	case 0:
		return math.Exp(nf * math.Log1p(-p))
	case n:
		return math.Exp(nf * math.Log(p))
	}
	lc := stirlingError(n) - stirlingError(i) - stirlingError(n-i) - deviance(x, nf*p) - deviance(nf-x, nf*(1-p))
	return math.Exp(lc) * math.Sqrt(nf/(2*math.Pi*x*(nf-x)))
}

// stirlingErrors are ln(n!) - ln(sqrt(2πn) (n/e)^n) for n from 1 to 15,
// where the series in stirlingError converges too slowly; worked out to
// 60 digits with Python's decimal module.
var stirlingErrors = [...]float64{
	1:  0.08106146679532725821967026,
	2:  0.04134069595540929409382208,
	3:  0.02767792568499833914878929,
	4:  0.02079067210376509311152277,
	5:  0.01664469118982119216319487,
	6:  0.01387612882307074799874573,
	7:  0.01189670994589177009505572,
	8:  0.01041126526197209649747857,
	9:  0.009255462182712732917728637,
	10: 0.008330563433362871256469319,
	11: 0.007573675487951840794972024,
	12: 0.006942840107209529865664153,
	13: 0.006408994188004207068439631,
	14: 0.005951370112758847735624416,
	15: 0.005554733551962801371038690,
}

// stirlingError is ln(n!) - ln(sqrt(2πn) (n/e)^n), n >= 1: what Stirling's
// formula leaves out, small and known to full precision, unlike ln(n!).
func stirlingError(n int) float64 {
	if n < len(stirlingErrors) {
		return stirlingErrors[n]
	}
	// The Stirling series to 1/n^9; the next term, 691/(360360 n^11), is
	// below 1e-16 from n = 16.
	x := float64(n)
	x2 := x * x
	return (1.0/12 - (1.0/360-(1.0/1260-(1.0/1680-1.0/(1188*x2))/x2)/x2)/x2) / x
}

// deviance is x ln(x/m) + m - x, for x, m > 0, without losing its digits
// to cancellation when x is near m.
func deviance(x, m float64) float64 {
	if math.Abs(x-m) >= 0.1*(x+m) {
		return x*math.Log(x/m) + m - x
	}
	// With v = (x-m)/(x+m), ln(x/m) = 2(v + v^3/3 + v^5/5 + ...), and the
	// first term's 2xv less x-m is (x-m)v.
	v := (x - m) / (x + m)
	sum := (x - m) * v
	term := 2 * x * v
	for j := 3.0; ; j += 2 {
		term *= v * v
		next := sum + term/j
		if next == sum {
			return sum
		}
		sum = next
	}
}

// ninesWord counts nines: 5 nines is 99.999%, and -> nines shows an
// availability as its count of them.
const ninesWord = "nines"

// fromNines is the availability of n nines: 1 - 10^-n, 3.5 nines too.
func fromNines(a arith, q quantity) (quantity, error) {
	if !q.dim.IsZero() {
		return quantity{}, errorf("for example: 5 nines is 99.999%", "a count of nines must be a plain number, not "+a.names.describe(q.dim))
	}
	if q.v < 0 {
		return quantity{}, errorf("for example: 5 nines is 99.999%", "a count of nines cannot be negative")
	}
	return percentOf(-math.Expm1(-q.v * math.Ln10))
}

func nines(a arith, x []quantity) (quantity, error) {
	v, err := availabilityArg(a, "nines", x[0])
	if err != nil {
		return quantity{}, err
	}
	if v == 1 {
		return quantity{}, errorf("", "100% has infinitely many nines")
	}
	return finite(scalar(-math.Log10(1 - v)))
}

func needTime(a arith, fn, what string, q quantity) error {
	if !q.dim.only(dimTime) {
		return errorf("for example: "+fn+"(99.9%, month)", fn+": the "+what+" must be a time, not "+a.names.describe(q.dim))
	}
	return nil
}

func downtime(a arith, x []quantity) (quantity, error) {
	v, err := availabilityArg(a, "downtime", x[0])
	if err != nil {
		return quantity{}, err
	}
	if err := needTime(a, "downtime", "period", x[1]); err != nil {
		return quantity{}, err
	}
	return finite(quantity{v: (1 - v) * x[1].v, dim: x[1].dim})
}

func availabilityFn(a arith, x []quantity) (quantity, error) {
	down, period := x[0], x[1]
	if err := needTime(a, "availability", "downtime", down); err != nil {
		return quantity{}, err
	}
	if err := needTime(a, "availability", "period", period); err != nil {
		return quantity{}, err
	}
	if period.v <= 0 {
		return quantity{}, errorf("", "availability: the period must be longer than zero")
	}
	if down.v < 0 || down.v > period.v {
		return quantity{}, errorf("", "availability: the downtime must be between zero and the period")
	}
	return percentOf(1 - down.v/period.v)
}
