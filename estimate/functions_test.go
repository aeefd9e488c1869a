package estimate

import (
	"math"
	"math/big"
	"testing"
)

// kOfNReference is P(at least k of n up), summed over every term in
// 256-bit floats, whose exponents neither underflow nor overflow at any n
// napkin takes: slow and plain, which is what a reference should be. It
// returns the probability and its complement.
func kOfNReference(k, n int, p float64) (atLeast, below float64) {
	const prec = 256
	newFloat := func() *big.Float { return new(big.Float).SetPrec(prec) }
	up := newFloat().SetFloat64(p)
	down := newFloat().Sub(newFloat().SetInt64(1), up)
	if p == 0 || p == 1 {
		// Every term but one is zero, and the ratio below divides by zero.
		all := 0
		if p == 1 {
			all = n
		}
		if all >= k {
			return 1, 0
		}
		return 0, 1
	}
	// term starts as down^n, by squaring.
	term := newFloat().SetInt64(1)
	for b, e := newFloat().Set(down), n; e > 0; e >>= 1 {
		if e&1 == 1 {
			term.Mul(term, b)
		}
		b.Mul(b, b)
	}
	sumAtLeast, sumBelow := newFloat(), newFloat()
	odds := newFloat().Quo(up, down)
	factor := newFloat()
	for i := 0; i <= n; i++ {
		sum := sumBelow
		if i >= k {
			sum = sumAtLeast
		}
		// Adding a term too small to change the sum would still shift
		// its mantissa across the gap between their exponents: skip it.
		if sum.Sign() == 0 || term.MantExp(nil) > sum.MantExp(nil)-2*prec {
			sum.Add(sum, term)
		}
		factor.SetInt64(int64(n - i))
		term.Mul(term, factor)
		factor.SetInt64(int64(i + 1))
		term.Quo(term, factor)
		term.Mul(term, odds)
	}
	atLeast, _ = sumAtLeast.Float64()
	below, _ = sumBelow.Float64()
	return atLeast, below
}

// kOfNCases are the (k, n, a) the tests check k_of_n at: the edges (k = 0,
// k = n, a near 0 and 1), the largest n, and every k of some small n.
func kOfNCases() [][3]float64 {
	cases := [][3]float64{
		{0, 100000, 0.999}, {100000, 100000, 0.999}, {1, 100000, 0.999},
		{50000, 100000, 0.5}, {50001, 100000, 0.5}, {50500, 100000, 0.5}, {49000, 100000, 0.5},
		{99900, 100000, 0.999}, {99850, 100000, 0.999}, {99950, 100000, 0.999}, {99990, 100000, 0.999}, {50000, 100000, 0.999},
		{0, 100000, 1e-6}, {1, 100000, 1e-6}, {3, 100000, 1e-6}, {100000, 100000, 1e-6},
		{100000, 100000, 1 - 1e-9}, {99999, 100000, 1 - 1e-9}, {99000, 100000, 1 - 1e-9},
		{1, 1000, 0.001}, {2, 1000, 0.001}, {990, 1000, 0.999}, {999, 1000, 0.999},
		{0, 0, 0.5}, {1, 1, 0.3}, {0, 1, 0.3}, {5, 10, 0.999}, {17, 20, 0.95},
		{3, 5, 0}, {0, 5, 0}, {3, 5, 1}, {5, 5, 1},
	}
	for n := 1; n <= 40; n++ {
		for _, p := range []float64{1e-12, 0.001, 0.3, 0.5, 0.97, 0.999, 1 - 1e-12} {
			for k := 0; k <= n; k++ {
				cases = append(cases, [3]float64{float64(k), float64(n), p})
			}
		}
	}
	return cases
}

// TestKOfNMatchesReference holds k_of_n to 1e-12 of the exact sum, and
// its complement too, so an availability keeps its nines.
func TestKOfNMatchesReference(t *testing.T) {
	a := NewSession().arith()
	for _, c := range kOfNCases() {
		k, n, p := int(c[0]), int(c[1]), c[2]
		got, err := kOfN(a, []quantity{scalar(c[0]), scalar(c[1]), scalar(p)})
		if err != nil {
			t.Fatalf("k_of_n(%d, %d, %v): %v", k, n, p, err)
		}
		atLeast, below := kOfNReference(k, n, p)
		// The complement of a result near 1 is known to within the
		// rounding of the result itself.
		if !within(got.v, atLeast, 1e-12, 1e-300) || !within(1-got.v, below, 1e-12, 0x1p-53) {
			t.Errorf("k_of_n(%d, %d, %v) = %.17g (1 - it = %.17g), want %.17g (1 - it = %.17g)", k, n, p, got.v, 1-got.v, atLeast, below)
		}
	}
}

// within reports whether got is within rel of want, or within abs of it.
func within(got, want, rel, abs float64) bool {
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

// BenchmarkKOfN is one k_of_n over many components, k = n/2 at 50%: the
// longest tail to sum. A term at a time in math.Lgamma it took 8.6 ms at
// n = 100,000.
func BenchmarkKOfN(b *testing.B) {
	a := NewSession().arith()
	for _, n := range []int{10, 100000} {
		args := []quantity{scalar(float64(n / 2)), scalar(float64(n)), scalar(0.5)}
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				kOfN(a, args)
			}
		})
	}
}
