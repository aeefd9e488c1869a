package estimate

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// Uncertain values are samples: a range 100M..500M is N draws from a
// lognormal, and every operator and function runs sample by sample, so a
// variable is one set of draws wherever it is used (x - x is 0) and the
// result's spread is what the inputs' spreads make it. Draws come from
// math/rand/v2's PCG, seeded from the session's seed and the range's own
// text and place in its statement: the same file and seed give the same
// samples on any machine, and adding an unrelated statement changes no
// other range's draws.

// Sample counts a session takes.
const (
	DefaultSamples = 10_000
	MinSamples     = 1_000
	MaxSamples     = 10_000_000
)

// z95 is the standard normal's 95th percentile: a..b holds 90%.
const z95 = 1.6448536269514722

// uncertain reports whether q is a set of samples.
func (q quantity) uncertain() bool { return q.smp != nil }

// at is sample i of q as a point; a point is itself at every i.
func (q quantity) at(i int) quantity {
	if q.smp != nil {
		q.v, q.smp = q.smp[i], nil
	}
	return q
}

// rng returns the random stream for one range: seeded by the session's
// seed and the range's key, its statement's text and its place in it.
func (s *Session) rng(key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(s.seed, h.Sum64()))
}

// scratch returns the buffer an operation's n samples go in: a
// temporary argument's, which nothing else will read, or a new one.
func scratch(n int, args ...quantity) []float64 {
	for _, a := range args {
		if a.tmp && len(a.smp) == n {
			return a.smp
		}
	}
	return make([]float64, n)
}

// draw makes n samples with f, a function of a random stream.
//
// The samples are new: the caller marks its quantity tmp.
func (s *Session) draw(key string, f func(r *rand.Rand) float64) []float64 {
	r := s.rng(key)
	out := make([]float64, s.samples)
	for i := range out {
		out[i] = f(r)
	}
	return out
}

// samplesOf returns q's samples, or nil with an error if a sample is not
// finite (an overflow in the draws).
func checkSamples(out []float64, fails int, firstErr error) error {
	if fails == 0 {
		return nil
	}
	msg := firstErr.Error()
	hint := ""
	if oe, ok := firstErr.(*opError); ok {
		msg, hint = oe.msg, oe.hint
	}
	if fails == len(out) {
		return errorf(hint, msg)
	}
	share := formatter{digits: 2}.number(float64(fails) / float64(len(out)) * 100)
	return errorf(hint, msg+" in "+share+"% of samples")
}

// lift runs a point function over samples: f on each sample's point
// arguments. An error in every sample is the error; in some, it names the
// share of samples it struck.
func lift(f func([]quantity) (quantity, error), args []quantity) (quantity, error) {
	n := 0
	for _, a := range args {
		if a.smp != nil {
			n = len(a.smp)
			break
		}
	}
	point := make([]quantity, len(args))
	out := scratch(n, args...) // sample i is read before out[i] is written
	var tmpl quantity
	found := false
	fails := 0
	var firstErr error
	for i := range n {
		for j, a := range args {
			point[j] = a.at(i)
		}
		q, err := f(point)
		if err == nil && q.smp != nil {
			err = errorf("", "cannot nest uncertain values here")
		}
		if err != nil {
			if fails == 0 {
				firstErr = err
			}
			fails++
			out[i] = math.NaN()
			continue
		}
		if !found {
			tmpl, found = q, true
		}
		out[i] = q.v
	}
	if err := checkSamples(out, fails, firstErr); err != nil {
		return quantity{}, err
	}
	tmpl.smp, tmpl.tmp = out, true
	return tmpl, nil
}

// liftFast runs a binary operator over samples with a float loop: f on
// sample 0 gives the result's dimension and hints (and any dimension
// error), op each value.
func liftFast(f func(a arith, x, y quantity) (quantity, error), op func(x, y float64) float64, a arith, x, y quantity) (quantity, error) {
	tmpl, err := f(a, x.at(0), y.at(0))
	if err != nil {
		if _, ok := err.(*opError); ok && !isValueError(err) {
			return quantity{}, err
		}
		return lift(func(p []quantity) (quantity, error) { return f(a, p[0], p[1]) }, []quantity{x, y})
	}
	n := max(len(x.smp), len(y.smp))
	out := scratch(n, x, y) // x[i] and y[i] are read before out[i] is written
	fails := 0
	var firstErr error
	for i := range out {
		xv, yv := x.v, y.v
		if x.smp != nil {
			xv = x.smp[i]
		}
		if y.smp != nil {
			yv = y.smp[i]
		}
		v := op(xv, yv)
		if math.IsInf(v, 0) || math.IsNaN(v) {
			if fails == 0 {
				// The point operator says why: division by zero, too large.
				_, firstErr = f(a, x.at(i), y.at(i))
				if firstErr == nil {
					firstErr = errorf("", "result is not a number")
				}
			}
			fails++
		}
		out[i] = v
	}
	if err := checkSamples(out, fails, firstErr); err != nil {
		return quantity{}, err
	}
	tmpl.smp, tmpl.tmp = out, true
	return tmpl, nil
}

// isValueError reports whether err depends on the values, not only on
// dimensions: such errors may strike some samples and not others.
func isValueError(err error) bool {
	oe, ok := err.(*opError)
	if !ok {
		return true
	}
	switch oe.msg {
	case "division by zero", "result is too large", "result is not a number":
		return true
	}
	return false
}

// quantiles returns the qs-th quantiles of xs (0 <= q <= 1, ascending),
// reordering xs: the nearest order statistic to q·(n-1), found by
// selection, not a sort. The middle one is selected first and the others
// in the parts either side of it, so three cost about twice one.
func quantiles(xs []float64, qs ...float64) []float64 {
	ks := make([]int, len(qs))
	for i, q := range qs {
		ks[i] = int(q*float64(len(xs)-1) + 0.5)
	}
	selectAll(xs, ks, 0)
	out := make([]float64, len(qs))
	for i, k := range ks {
		out[i] = xs[k]
	}
	return out
}

// selectAll puts the ks-th smallest (ascending, counted from offset) in
// their places.
func selectAll(xs []float64, ks []int, offset int) {
	if len(ks) == 0 {
		return
	}
	mid := len(ks) / 2
	k := ks[mid] - offset
	selectKth(xs, k)
	selectAll(xs[:k], ks[:mid], offset)
	selectAll(xs[k+1:], ks[mid+1:], offset+k+1)
}

// quantile returns the q-th quantile of xs, reordering xs.
func quantile(xs []float64, q float64) float64 { return quantiles(xs, q)[0] }

// selectKth puts the k-th smallest of xs at xs[k], smaller ones before
// it and larger after, and returns it (Hoare's quickselect, with the
// median of three as pivot).
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// percentileOf is the q-th quantile of q's samples, as a point.
func percentileOf(q quantity, p float64) quantity {
	if q.smp == nil {
		return q
	}
	xs := append([]float64(nil), q.smp...)
	q.v, q.smp = quantile(xs, p), nil
	return q
}

// median is an uncertain quantity's median as a point, or q itself.
func (q quantity) median() quantity { return percentileOf(q, 0.5) }
