package estimate

import (
	"math"
	"math/rand/v2"
)

// The language's uncertain values: a..b, the constructors and the
// summaries that turn samples back into plain values.

// rangeOf is lo..hi: a lognormal with lo its 5th and hi its 95th
// percentile. Quantities like users, bytes and latencies are positive and
// skewed; a bound at or below zero is an error rather than a silent
// switch to another distribution.
func (s *Session) rangeOf(key string, lo, hi quantity) (quantity, error) {
	a := s.arith()
	if lo.uncertain() || hi.uncertain() {
		return quantity{}, errorf("a range's bounds are plain values: 1..10, 2 KB..8 KB", "the bounds of a range cannot be uncertain")
	}
	if lo.dim != hi.dim {
		return quantity{}, errorf("", "a range's bounds must have one dimension, not "+a.names.describe(lo.dim)+" and "+a.names.describe(hi.dim))
	}
	if lo.v <= 0 || hi.v <= 0 {
		return quantity{}, errorf("for values that can be zero or negative, write normal(mean, sd) or uniform(lo, hi)", "a range a..b is a lognormal: its bounds must be above zero")
	}
	if lo.v >= hi.v {
		return quantity{}, errorf("write the smaller bound first: 1..5", "a range's lower bound must be below its upper bound")
	}
	return s.lognormal(key, lo, hi)
}

func (s *Session) lognormal(key string, lo, hi quantity) (quantity, error) {
	mu := (math.Log(lo.v) + math.Log(hi.v)) / 2
	sigma := (math.Log(hi.v) - math.Log(lo.v)) / (2 * z95)
	q := hi
	q.show.target = nil
	q.smp = s.normals(key, mu, sigma)
	for i, v := range q.smp {
		q.smp[i] = math.Exp(v)
	}
	return finiteSamples(q)
}

// finiteSamples refuses samples that overflowed; a new draw is tmp.
func finiteSamples(q quantity) (quantity, error) {
	q = q.sampled(q.smp)
	if firstNonFinite(q.smp) >= 0 {
		return quantity{}, errorf("numbers go up to about 1.8e308", "a sample of the distribution is too large")
	}
	return q, nil
}

// sameDim checks a constructor's arguments share one dimension and are
// plain values.
func sameDim(a arith, fn string, x []quantity) error {
	for _, q := range x {
		if q.uncertain() {
			return errorf("", fn+": its arguments must be plain values, not uncertain ones")
		}
		if q.dim != x[0].dim {
			return errorf("", fn+": its arguments must have one dimension, not "+a.names.describe(x[0].dim)+" and "+a.names.describe(q.dim))
		}
	}
	return nil
}

// constructors are the functions that make uncertain values; each gets
// the key its draws are seeded from.
var constructors = []*function{
	{name: "normal", args: "(mean, sd)", doc: "a normal distribution: normal(100 ms, 10 ms); can go below zero", min: 2, max: 2,
		draw: func(s *Session, key string, x []quantity) (quantity, error) {
			if err := sameDim(s.arith(), "normal", x); err != nil {
				return quantity{}, err
			}
			mean, sd := x[0], x[1]
			if sd.v <= 0 {
				return quantity{}, errorf("", "normal: the standard deviation must be above zero")
			}
			q := mean
			q.show.target = nil
			q.smp = s.normals(key, mean.v, sd.v)
			return finiteSamples(q)
		}},
	{name: "lognormal", args: "(p5, p95)", doc: "a lognormal by its 5th and 95th percentiles: the same as p5..p95", min: 2, max: 2,
		draw: func(s *Session, key string, x []quantity) (quantity, error) {
			return s.rangeOf(key, x[0], x[1])
		}},
	{name: "uniform", args: "(lo, hi)", doc: "every value from lo to hi equally likely: uniform(0 s, 10 s)", min: 2, max: 2,
		draw: func(s *Session, key string, x []quantity) (quantity, error) {
			if err := sameDim(s.arith(), "uniform", x); err != nil {
				return quantity{}, err
			}
			lo, hi := x[0], x[1]
			if lo.v >= hi.v {
				return quantity{}, errorf("", "uniform: lo must be below hi")
			}
			q := hi
			q.show.target = nil
			q.smp = s.draw(key, func(r *rand.Rand) float64 { return lo.v + (hi.v-lo.v)*r.Float64() })
			return finiteSamples(q)
		}},
	{name: "triangular", args: "(lo, mode, hi)", doc: "a triangle from lo to hi peaking at mode", min: 3, max: 3,
		draw: func(s *Session, key string, x []quantity) (quantity, error) {
			if err := sameDim(s.arith(), "triangular", x); err != nil {
				return quantity{}, err
			}
			lo, mode, hi := x[0].v, x[1].v, x[2].v
			if lo >= hi || mode < lo || mode > hi {
				return quantity{}, errorf("", "triangular: want lo <= mode <= hi and lo < hi")
			}
			q := x[2]
			q.show.target = nil
			f := (mode - lo) / (hi - lo)
			q.smp = s.draw(key, func(r *rand.Rand) float64 {
				u := r.Float64()
				if u < f {
					return lo + math.Sqrt(u*(hi-lo)*(mode-lo))
				}
				return hi - math.Sqrt((1-u)*(hi-lo)*(hi-mode))
			})
			return finiteSamples(q)
		}},
}

// summary makes a function of an uncertain value's samples; on a plain
// value it returns the value.
func summary(f func(q quantity) float64) func(a arith, x []quantity) (quantity, error) {
	return func(a arith, x []quantity) (quantity, error) {
		q := x[0]
		if !q.uncertain() {
			return q, nil
		}
		return finite(q.point(f(q)))
	}
}

func mean(q quantity) float64 {
	sum := 0.0
	for _, v := range q.smp {
		sum += v
	}
	return sum / float64(len(q.smp))
}

func stddev(q quantity) float64 {
	m := mean(q)
	sum := 0.0
	for _, v := range q.smp {
		sum += (v - m) * (v - m)
	}
	return math.Sqrt(sum / float64(len(q.smp)-1))
}

// summaries are the functions that read an uncertain value whole.
var summaries = []*function{
	{name: "mean", args: "(x)", doc: "the mean of an uncertain value's samples", min: 1, max: 1, whole: true, call: summary(mean)},
	{name: "sd", args: "(x)", doc: "the standard deviation of an uncertain value's samples", min: 1, max: 1, whole: true, call: summary(stddev)},
	{name: "p5", args: "(x)", doc: "the 5th percentile of an uncertain value", min: 1, max: 1, whole: true, call: summary(func(q quantity) float64 { return percentileOf(q, 0.05).v })},
	{name: "p50", args: "(x)", doc: "the median of an uncertain value", min: 1, max: 1, whole: true, call: summary(func(q quantity) float64 { return percentileOf(q, 0.5).v })},
	{name: "p95", args: "(x)", doc: "the 95th percentile of an uncertain value: assert p95(storage) < 1 PB", min: 1, max: 1, whole: true, call: summary(func(q quantity) float64 { return percentileOf(q, 0.95).v })},
	{name: "percentile", args: "(x, p)", doc: "the p-th percentile of an uncertain value: percentile(latency, 99%)", min: 2, max: 2, whole: true,
		call: func(a arith, x []quantity) (quantity, error) {
			p := x[1]
			if !p.dim.IsZero() || p.uncertain() || p.v < 0 || p.v > 1 {
				return quantity{}, errorf("for example: percentile(x, 99%)", "percentile: p must be a plain percentage from 0% to 100%")
			}
			return summary(func(q quantity) float64 { return percentileOf(q, p.v).v })(a, x[:1])
		}},
	// prob is bound in expr.go: it reads a comparison, not a quantity.
	{name: "prob", args: "(comparison)", doc: "the share of samples where a comparison holds: assert prob(peak > capacity) < 1%", min: 1, max: 1, comparison: true},
}
