package estimate

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
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
		return q.point(q.smp[i])
	}
	return q
}

// point is q as the plain value v: its samples gone.
func (q quantity) point(v float64) quantity {
	q.v, q.smp, q.ord = v, nil, nil
	return q
}

// sampled is q with the new samples smp (tmp: no variable holds them
// yet), whose order statistics are their own.
func (q quantity) sampled(smp []float64) quantity {
	q.smp, q.tmp, q.ord = smp, true, &order{root: &ranked{smp: smp}}
	return q
}

// order says where an uncertain quantity's order statistics are found:
// its samples are root's, each passed through steps, every one
// non-decreasing (x * 8 bits, x + 1 s, ceil(x)), so its k-th smallest is
// root's k-th smallest through the same steps, the same float operations
// giving the same float. An estimate scales and converts its values far
// more often than it makes new ones: storage per day, per month, per
// year, in TB, are one selection, not four.
type order struct {
	root  *ranked
	steps []step
}

// ranked is one set of samples and the order statistics found in it, by
// rank.
type ranked struct {
	smp []float64
	mu  sync.Mutex
	at  map[int]float64
}

// step is one non-decreasing operation on every sample: v op c, or
// c op v when left, or each(v).
type step struct {
	op   byte
	c    float64
	left bool
	each func(float64) float64
}

func (st step) apply(v float64) float64 {
	switch {
	case st.each != nil:
		return st.each(v)
	case st.op == '+' && st.left:
		return st.c + v
	case st.op == '+':
		return v + st.c
	case st.op == '-':
		return v - st.c
	case st.op == '*' && st.left:
		return st.c * v
	case st.op == '*':
		return v * st.c
	}
	return v / st.c
}

// derived is tmpl with the samples out, made from src's by st: it finds
// its order statistics in src's root, unless out was written over that
// root's samples or st is not non-decreasing (nil).
func (tmpl quantity) derived(out []float64, src quantity, st *step) quantity {
	tmpl = tmpl.sampled(out)
	if st == nil || src.ord == nil || &src.ord.root.smp[0] == &out[0] {
		return tmpl
	}
	tmpl.ord = &order{root: src.ord.root, steps: append(slices.Clip(src.ord.steps), *st)}
	return tmpl
}

// quantiles returns the qs-th quantiles (ascending) of q's samples, as
// quantiles does, from its root's order statistics.
func (q quantity) quantiles(qs ...float64) []float64 {
	if q.ord == nil {
		return quantiles(q.smp, qs...)
	}
	n := len(q.smp)
	ks := make([]int, len(qs))
	for i, p := range qs {
		ks[i] = rank(p, n)
	}
	out := q.ord.root.get(ks)
	for i := range out {
		for _, st := range q.ord.steps {
			out[i] = st.apply(out[i])
		}
	}
	return out
}

// get returns the ks-th smallest (ascending) of r's samples, selecting
// those not found before.
func (r *ranked) get(ks []int) []float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.at == nil {
		r.at = map[int]float64{}
	}
	var missing []int
	for _, k := range ks {
		if _, ok := r.at[k]; !ok && !slices.Contains(missing, k) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		for i, v := range selectRanks(r.smp, missing) {
			r.at[missing[i]] = v
		}
	}
	out := make([]float64, len(ks))
	for i, k := range ks {
		out[i] = r.at[k]
	}
	return out
}

// rank is the nearest rank of the q-th quantile among n.
func rank(q float64, n int) int { return int(q*float64(n-1) + 0.5) }

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

// normals makes n draws from a normal distribution: mean + sd·z, z from
// the standard normal, in a loop of its own (no call per draw) that a
// lognormal's exp can follow.
func (s *Session) normals(key string, mean, sd float64) []float64 {
	r := s.rng(key)
	out := make([]float64, s.samples)
	for i := range out {
		out[i] = mean + sd*r.NormFloat64()
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
	if oe, ok := firstErr.(*opError); ok && oe.someHint != "" {
		hint = oe.someHint
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
	return tmpl.sampled(out), nil
}

// liftFast runs a binary operator over samples with a float loop: f on
// sample 0 gives the result's dimension and hints (and any dimension
// error), op ('+', '-', '*' or '/') each value. A point argument is a
// one-value slice indexed with a mask of 0, so one loop serves each
// operator whichever side is uncertain.
func liftFast(f func(a arith, x, y quantity) (quantity, error), op byte, a arith, x, y quantity) (quantity, error) {
	tmpl, err := f(a, x.at(0), y.at(0))
	if err != nil {
		if _, ok := err.(*opError); ok && !isValueError(err) {
			return quantity{}, err
		}
		return lift(func(p []quantity) (quantity, error) { return f(a, p[0], p[1]) }, []quantity{x, y})
	}
	xs, xm := spread(x)
	ys, ym := spread(y)
	if op == '/' && slices.Contains(ys, 0) {
		// Division by zero in some samples: the slow path says in how many.
		return lift(func(p []quantity) (quantity, error) { return f(a, p[0], p[1]) }, []quantity{x, y})
	}
	n := max(len(x.smp), len(y.smp))
	out := scratch(n, x, y) // x[i] and y[i] are read before out[i] is written
	src, st := monotone(op, x, y)
	switch op {
	case '+':
		for i := range out {
			out[i] = xs[i&xm] + ys[i&ym]
		}
	case '-':
		for i := range out {
			out[i] = xs[i&xm] - ys[i&ym]
		}
	case '*':
		for i := range out {
			out[i] = xs[i&xm] * ys[i&ym]
		}
	case '/':
		for i := range out {
			out[i] = xs[i&xm] / ys[i&ym]
		}
	}
	if i := firstNonFinite(out); i >= 0 {
		// Finite samples and no zero divisor: the result overflowed. (out
		// may be x's or y's buffer, so the arguments are gone.)
		_, why := finite(quantity{v: out[i]})
		fails := 0
		for _, v := range out[i:] {
			if v-v != 0 {
				fails++
			}
		}
		return quantity{}, checkSamples(out, fails, why)
	}
	return tmpl.derived(out, src, st), nil
}

// monotone returns the uncertain side of x op y and the step that makes
// the result's samples from it, if the result's order is that side's:
// adding or subtracting a plain value, multiplying or dividing by one
// above zero. Otherwise st is nil.
func monotone(op byte, x, y quantity) (src quantity, st *step) {
	switch {
	case x.smp != nil && y.smp == nil:
		if op == '+' || op == '-' || y.v > 0 {
			return x, &step{op: op, c: y.v}
		}
	case x.smp == nil && y.smp != nil:
		if op == '+' || op == '*' && x.v > 0 {
			return y, &step{op: op, c: x.v, left: true}
		}
	}
	return quantity{}, nil
}

// liftEach runs a one-argument function over samples with a float loop:
// f on sample 0 gives the result's dimension (and any dimension error),
// each the value at every sample. A value each cannot make (log2 of 0,
// exp overflowing) is f's error, with the share of samples it struck.
func liftEach(f func([]quantity) (quantity, error), each func(float64) float64, x quantity) (quantity, error) {
	tmpl, err := f([]quantity{x.at(0)})
	if err != nil {
		if _, ok := err.(*opError); ok && !isValueError(err) {
			return quantity{}, err
		}
		return lift(f, []quantity{x})
	}
	out := scratch(len(x.smp), x)
	for i, v := range x.smp {
		r := each(v)
		if r-r != 0 { // ±Inf or NaN: f says why, before out[i] overwrites x[i]
			_, why := f([]quantity{x.at(i)})
			if why == nil {
				why = errorf("", "result is not a number")
			}
			fails := 0
			for _, v := range x.smp[i:] {
				if r := each(v); r-r != 0 {
					fails++
				}
			}
			return quantity{}, checkSamples(out, fails, why)
		}
		out[i] = r
	}
	return tmpl.derived(out, x, &step{each: each}), nil
}

// spread returns q's values and the mask that indexes them: its samples
// and -1, or its one value and 0.
func spread(q quantity) ([]float64, int) {
	if q.smp != nil {
		return q.smp, -1
	}
	return []float64{q.v}, 0
}

// firstNonFinite is the index of the first infinite or NaN value, or -1.
func firstNonFinite(xs []float64) int {
	// v-v is 0 for a finite v and NaN for ±Inf and NaN, and a NaN added
	// stays: four sums of them, added in independent chains, are 0 only
	// if every sample is finite. No branch, and no chain through one.
	var a0, a1, a2, a3 float64
	i := 0
	for ; i+4 <= len(xs); i += 4 {
		a0 += xs[i] - xs[i]
		a1 += xs[i+1] - xs[i+1]
		a2 += xs[i+2] - xs[i+2]
		a3 += xs[i+3] - xs[i+3]
	}
	for ; i < len(xs); i++ {
		a0 += xs[i] - xs[i]
	}
	if a0+a1+a2+a3 == 0 {
		return -1
	}
	return slices.IndexFunc(xs, func(v float64) bool { return v-v != 0 })
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

// quantiles returns the qs-th quantiles of xs (0 <= q <= 1, ascending):
// the nearest order statistic to q·(n-1), found by selection, not a sort,
// and without reordering xs.
//
// Large inputs take one pass for up to three quantiles (five, when the
// brackets of neighbours merge): a strided sample of xs brackets each
// quantile between two of its values, the pass counts the values below
// each bracket and keeps those inside it, and the quantiles are selected
// among the few kept. A bracket that misses (rare: it is 3.5 standard
// errors wide) falls back to selection over a copy. Three quantiles of
// 10,000 take about half the time of copying and selecting them.
func quantiles(xs []float64, qs ...float64) []float64 {
	ks := make([]int, len(qs))
	for i, q := range qs {
		ks[i] = rank(q, len(xs))
	}
	return selectRanks(xs, ks)
}

// selectRanks returns the ks-th smallest (ascending) of xs, as quantiles
// finds them.
func selectRanks(xs []float64, ks []int) []float64 {
	n := len(xs)
	out := make([]float64, len(ks))
	if n < bracketMin {
		selectCopy(xs, ks, out)
		return out
	}
	for i := range out {
		out[i] = math.NaN() // until found
	}
	m := n / bracketStride
	buf := scratchPool.Get().(*[]float64)
	defer scratchPool.Put(buf)
	sample := sized(buf, m)
	for i := range sample {
		sample[i] = xs[i*bracketStride]
	}
	// The sample's order statistics either side of each quantile: the
	// quantile's rank in the sample is binomial, so 3.5 standard
	// deviations either side miss it about once in 2,000.
	at := make([]int, 0, 2*len(ks))
	for _, k := range ks {
		p := float64(k) / float64(n-1)
		d := 3.5*math.Sqrt(float64(m)*p*(1-p)) + 2
		at = append(at, int(p*float64(m-1)-d), int(p*float64(m-1)+d)+1)
	}
	var picks []int
	for _, a := range at {
		if a >= 0 && a < m {
			picks = append(picks, a)
		}
	}
	slices.Sort(picks)
	selectAll(sample, picks, 0)
	lo, hi := make([]float64, len(ks)), make([]float64, len(ks))
	for i := range ks {
		lo[i], hi[i] = math.Inf(-1), math.Inf(1)
		if a := at[2*i]; a >= 0 {
			lo[i] = sample[a]
		}
		if a := at[2*i+1]; a < m {
			hi[i] = sample[a]
		}
	}
	// Overlapping brackets merge: each quantile's bracket is one of a few
	// disjoint intervals, ascending.
	type interval struct {
		l, h  float64
		size  int   // expected samples inside
		ks    []int // indexes into ks of the quantiles it holds
		below int   // samples below l, after the pass
		in    int   // samples from l to h
	}
	var ivs []*interval
	for i := range ks {
		size := (min(at[2*i+1], m) - max(at[2*i], 0) + 1) * bracketStride
		if last := len(ivs) - 1; last >= 0 && lo[i] <= ivs[last].h {
			iv := ivs[last]
			iv.h, iv.size, iv.ks = max(iv.h, hi[i]), iv.size+size, append(iv.ks, i)
			continue
		}
		ivs = append(ivs, &interval{l: lo[i], h: hi[i], size: size, ks: []int{i}})
	}
	// Passes without a branch (one would be mispredicted on every other
	// sample), three intervals to a pass. Every sample is written to
	// kept, and the next write moves on past it only if it lies in an
	// interval; kept, twice the intervals' expected count and more, is
	// full only when a bracket missed. Sorted, kept would hold the first
	// interval's samples, then the second's, then the third's, so a
	// quantile's rank in kept follows from the counts.
	for start := 0; start < len(ivs); start += 3 {
		group := ivs[start:min(start+3, len(ivs))]
		var l, h [3]float64
		size := 64
		for j := range 3 {
			l[j], h[j] = math.Inf(1), math.Inf(-1) // holds nothing
			if j < len(group) {
				l[j], h[j] = group[j].l, group[j].h
				size += 2 * group[j].size
			}
		}
		keptBuf := scratchPool.Get().(*[]float64)
		defer scratchPool.Put(keptBuf)
		kept := sized(keptBuf, min(size, n+1))
		below, upTo, total := bracket3(xs, l, h, kept)
		if total >= len(kept) {
			continue // overflowed: the quantiles stay NaN, selected below
		}
		var ranks, which []int
		offset := 0
		for j, iv := range group {
			iv.below, iv.in = below[j], upTo[j]-below[j]
			for _, i := range iv.ks {
				if r := ks[i] - iv.below; r >= 0 && r < iv.in {
					ranks, which = append(ranks, offset+r), append(which, i)
				}
			}
			offset += iv.in
		}
		selectAll(kept[:total], ranks, 0)
		for j, r := range ranks {
			out[which[j]] = kept[r]
		}
	}
	for i, k := range ks {
		if math.IsNaN(out[i]) {
			one := []float64{0}
			selectCopy(xs, []int{k}, one)
			out[i] = one[0]
		}
	}
	return out
}

// bracket3 counts the samples below each l[j] and those at or below each
// h[j], and copies those inside any [l[j], h[j]] into kept, returning how
// many: at most len(kept)-1 fit, the last place taking the overflow.
func bracket3(xs []float64, l, h [3]float64, kept []float64) (below, upTo [3]int, total int) {
	last := len(kept) - 1
	l0, l1, l2, h0, h1, h2 := l[0], l[1], l[2], h[0], h[1], h[2]
	b0, b1, b2, u0, u1, u2, j := 0, 0, 0, 0, 0, 0, 0
	for _, x := range xs {
		c0, c1, c2, e0, e1, e2 := 0, 0, 0, 0, 0, 0
		if x < l0 {
			c0 = 1
		}
		if x <= h0 {
			e0 = 1
		}
		if x < l1 {
			c1 = 1
		}
		if x <= h1 {
			e1 = 1
		}
		if x < l2 {
			c2 = 1
		}
		if x <= h2 {
			e2 = 1
		}
		kept[min(j, last)] = x
		b0, b1, b2, u0, u1, u2 = b0+c0, b1+c1, b2+c2, u0+e0, u1+e1, u2+e2
		j += e0&^c0 | e1&^c1 | e2&^c2
	}
	return [3]int{b0, b1, b2}, [3]int{u0, u1, u2}, j
}

// scratchPool holds selectRanks's buffers, a strided sample and the
// samples kept inside the brackets, tens of kilobytes for each value
// shown: fresh memory for every one was about a tenth of the page faults
// of a one-off run of ranges. A pool, not a session's buffer, so values
// shown at once on several cores each take their own.
var scratchPool = sync.Pool{New: func() any { return new([]float64) }}

// sized returns (*buf)[:n], reallocating *buf if it is shorter.
func sized(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	return (*buf)[:n]
}

// Bracketing quantiles pays from bracketMin samples, with one in
// bracketStride sampled.
const (
	bracketMin    = 2048
	bracketStride = 16
)

// selectCopy puts the ks-th smallest of xs in out, selecting in a copy.
func selectCopy(xs []float64, ks []int, out []float64) {
	c := slices.Clone(xs)
	selectAll(c, ks, 0)
	for i, k := range ks {
		out[i] = c[k]
	}
}

// selectAll puts the ks-th smallest (ascending, repeats allowed, counted
// from offset) in their places.
func selectAll(xs []float64, ks []int, offset int) {
	if len(ks) == 0 {
		return
	}
	mid := len(ks) / 2
	k := ks[mid] - offset
	selectKth(xs, k)
	left, right := ks[:mid], ks[mid+1:]
	for len(left) > 0 && left[len(left)-1] == ks[mid] {
		left = left[:len(left)-1]
	}
	for len(right) > 0 && right[0] == ks[mid] {
		right = right[1:]
	}
	selectAll(xs[:k], left, offset)
	selectAll(xs[k+1:], right, offset+k+1)
}

// selectKth puts the k-th smallest of xs at xs[k], smaller ones before
// it and larger after, and returns it: quickselect, with the median of
// three as pivot and Lomuto's partition written without a branch (the
// comparison only moves an index), so that random samples, where a
// branch would be mispredicted every other time, partition a few times
// faster than with Hoare's. Runs of equal values are split off after an
// uneven partition, so many ties cannot make it quadratic.
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
		xs[mid], xs[hi] = xs[hi], xs[mid] // the median of three, last
		pivot := xs[hi]
		j := partition(xs[lo:hi], pivot, false) + lo // xs[lo:j] < pivot
		xs[hi], xs[j] = xs[j], pivot
		if k < j {
			hi = j - 1
			continue
		}
		if k == j {
			return pivot
		}
		uneven := j-lo < (hi-lo)/16
		lo = j + 1
		if uneven {
			// Uneven: perhaps many values equal the pivot. Gather them.
			e := partition(xs[lo:hi+1], pivot, true) + lo // xs[lo:e] == pivot
			if k < e {
				return pivot
			}
			lo = e
		}
	}
	return xs[k]
}

// partition moves the values of xs below pivot (or, orEqual, not above
// it) to the front, without a branch, and returns how many there are.
func partition(xs []float64, pivot float64, orEqual bool) int {
	j := 0
	if orEqual {
		for i, v := range xs {
			xs[i], xs[j] = xs[j], v
			below := 0
			if v <= pivot {
				below = 1
			}
			j += below
		}
		return j
	}
	for i, v := range xs {
		xs[i], xs[j] = xs[j], v
		below := 0
		if v < pivot {
			below = 1
		}
		j += below
	}
	return j
}

// percentileOf is the q-th quantile of q's samples, as a point.
func percentileOf(q quantity, p float64) quantity {
	if q.smp == nil {
		return q
	}
	return q.point(q.quantiles(p)[0])
}

// median is an uncertain quantity's median as a point, or q itself.
func (q quantity) median() quantity { return percentileOf(q, 0.5) }
