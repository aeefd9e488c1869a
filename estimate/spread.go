package estimate

import (
	"cmp"

	"math"
	"slices"
)

// Histogram counts an uncertain value's samples in bins between its 1st
// and 99th percentiles (the tails go in the end bins). The bins are even
// on a log axis when every sample is above zero, so a lognormal's long
// tail does not squash its shape into one bar.
type Histogram struct {
	Edges        []float64 // len(Counts)+1 bin edges, in base units
	Counts       []int
	Log          bool
	P5, P50, P95 float64 // in base units
}

// Histogram returns v's histogram in n bins; ok is false for a plain value.
func (v Value) Histogram(n int) (h Histogram, ok bool) {
	q := v.q
	if !q.uncertain() || n < 1 {
		return h, false
	}
	ps := q.quantiles(0.01, 0.05, 0.5, 0.95, 0.99)
	lo, hi := ps[0], ps[4]
	h.P5, h.P50, h.P95 = ps[1], ps[2], ps[3]
	h.Log = lo > 0
	scale, unscale := func(x float64) float64 { return x }, func(x float64) float64 { return x }
	if h.Log {
		scale, unscale = math.Log, math.Exp
	}
	a, b := scale(lo), scale(hi)
	if b <= a {
		b = a + 1 // every sample alike: one full bin
	}
	h.Edges = make([]float64, n+1)
	for i := range h.Edges {
		h.Edges[i] = unscale(a + (b-a)*float64(i)/float64(n))
	}
	h.Counts = make([]int, n)
	inner := h.Edges[1:n]
	for _, x := range q.smp {
		h.Counts[atOrBelow(inner, x)]++
	}
	return h, true
}

// atOrBelow returns how many of the ascending edges are at or below x: a
// binary search whose comparisons move an index and never branch, many
// times cheaper per sample than the log a log axis would otherwise take.
func atOrBelow(edges []float64, x float64) int {
	if len(edges) == 0 {
		return 0
	}
	base, n := 0, len(edges)
	for n > 1 {
		half, at := n/2, 0
		if edges[base+half] <= x {
			at = 1
		}
		base += at * half // not a branch: a set and a multiply
		n -= half
	}
	last := 0
	if edges[base] <= x {
		last = 1
	}
	return base + last
}

// At returns a plain value of v's dimension and display, base in base
// units: for labelling a histogram's edges as v is shown.
func (v Value) At(base float64) Value {
	return Value{v.q.point(base)}
}

// ValueInput is an Input that sets name to a plain value: what
// Sensitivity holds an uncertain input at.
func (m *Model) ValueInput(name string, v Value) (*Input, error) {
	i := m.assignment(name)
	if i < 0 {
		return nil, &Error{Msg: "the estimate never assigns " + name}
	}
	q := v.q
	return &Input{Name: name, Text: m.s.Format(v).Text, stmt: i, value: &q}, nil
}

// Sensitivity is how much of one result's spread one uncertain input
// drives.
type Sensitivity struct {
	Input     string  // the variable whose range it is
	Low, High Value   // the input's 5th and 95th percentiles
	AtLow     Value   // the result's median with the input held at Low
	AtHigh    Value   // and at High
	Share     float64 // share of the result's variance: its rank correlation with the input, squared, normalised
}

// Sensitivity ranks the ranges that name depends on by how much of its
// spread each drives: for each, name's median with the range held at its
// own 5th and 95th percentiles (the others sampled as usual), and its
// share of name's variance. It answers "which guess should I measure?".
func (m *Model) Sensitivity(name string, inputs ...*Input) ([]Sensitivity, error) {
	res, err := m.Run(inputs...)
	if err != nil {
		return nil, err
	}
	byName := map[string]Result{}
	for _, r := range res {
		if r.Kind == Assignment {
			byName[r.Name] = r
		}
	}
	target, ok := byName[name]
	if !ok {
		return nil, &Error{Msg: "the estimate never assigns " + name}
	}
	if !target.Value.Uncertain() {
		return nil, &Error{Msg: name + " is not uncertain: it depends on no range"}
	}
	// The ranges name depends on: uncertain variables read by nothing
	// uncertain, found by walking name's uses.
	var sources []string
	seen := map[string]bool{}
	var walk func(n string)
	walk = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		r, ok := byName[n]
		if !ok || !r.Value.Uncertain() {
			return
		}
		derived := false
		for _, u := range r.Uses {
			if byName[u].Value.Uncertain() {
				derived = true
				walk(u)
			}
		}
		if !derived && n != name {
			sources = append(sources, n)
		}
	}
	walk(name)
	if len(sources) == 0 {
		return nil, &Error{Msg: name + " depends on no range assigned to a variable", Hint: "give each range a name: dau = 100M..500M"}
	}
	var out []Sensitivity
	total := 0.0
	for _, src := range sources {
		in := byName[src].Value
		d, _ := in.Distribution()
		sv := Sensitivity{Input: src, Low: in.At(d.P5), High: in.At(d.P95)}
		for _, side := range []struct {
			at  Value
			out *Value
		}{{sv.Low, &sv.AtLow}, {sv.High, &sv.AtHigh}} {
			held, err := m.ValueInput(src, side.at)
			if err != nil {
				return nil, err
			}
			rs, err := m.Run(append(slices.Clone(inputs), held)...)
			if err != nil {
				return nil, err
			}
			for _, r := range rs {
				if r.Kind == Assignment && r.Name == name {
					*side.out = r.Value.At(r.Value.Base())
				}
			}
		}
		rho := spearman(in.q.smp, target.Value.q.smp)
		sv.Share = rho * rho
		total += sv.Share
		out = append(out, sv)
	}
	if total > 0 {
		for i := range out {
			out[i].Share /= total
		}
	}
	slices.SortStableFunc(out, func(a, b Sensitivity) int { return cmp.Compare(b.Share, a.Share) })
	return out, nil
}

// spearman is the rank correlation of xs and ys.
func spearman(xs, ys []float64) float64 {
	rx, ry := ranks(xs), ranks(ys)
	n := float64(len(rx))
	var sxy, sxx, syy float64
	mean := (n - 1) / 2
	for i := range rx {
		dx, dy := rx[i]-mean, ry[i]-mean
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

// ranks returns each value's rank, ties sharing their mean rank.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	out := make([]float64, len(xs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && xs[idx[j+1]] == xs[idx[i]] {
			j++
		}
		r := float64(i+j) / 2
		for k := i; k <= j; k++ {
			out[idx[k]] = r
		}
		i = j + 1
	}
	return out
}
