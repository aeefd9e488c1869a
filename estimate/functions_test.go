package estimate

import (
	"math"
	"math/big"
	"testing"
)

// binomialTailsExact returns P(X < k) and P(X >= k) for X binomial(n, p),
// summed term by term in 256-bit floats, whose exponent range no term
// leaves: the reference binomialAtLeast must agree with.
func binomialTailsExact(k, n int, p float64) (below, atLeast float64) {
	const prec = 128
	bp := new(big.Float).SetPrec(prec).SetFloat64(p)
	bq := new(big.Float).SetPrec(prec).Sub(big.NewFloat(1).SetPrec(prec), bp)
	t := new(big.Float).SetPrec(prec).SetFloat64(1)
	for range n {
		t.Mul(t, bq) // term(0) = (1-p)^n
	}
	lo, hi := new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)
	odds := new(big.Float).SetPrec(prec).Quo(bp, bq)
	f := new(big.Float).SetPrec(prec)
	for i := 0; i <= n; i++ {
		if i < k {
			lo.Add(lo, t)
		} else {
			hi.Add(hi, t)
		}
		// term(i+1) = term(i) * (n-i)/(i+1) * p/(1-p)
		t.Mul(t, f.SetInt64(int64(n-i)))
		t.Mul(t, odds)
		t.Quo(t, f.SetInt64(int64(i+1)))
	}
	below, _ = lo.Float64()
	atLeast, _ = hi.Float64()
	return below, atLeast
}

func TestBinomialAtLeast(t *testing.T) {
	for _, c := range []struct {
		k, n int
		p    float64
	}{
		{1, 1, 0.9}, {2, 3, 0.999}, {3, 3, 0.999}, {1, 3, 0.999}, {0, 5, 0.3}, {5, 5, 0.3},
		{2, 10, 0.5}, {8, 10, 0.5}, {500, 1000, 0.5}, {501, 1000, 0.5}, {400, 1000, 0.5},
		{9990, 10000, 0.999}, {3, 10000, 1e-6}, {10, 10000, 1e-9}, {9000, 10000, 0.99},
		{10000, 20000, 0.5}, {19990, 20000, 0.9999}, {1, 20000, 1e-6},
	} {
		got := binomialAtLeast(c.k, c.n, c.p)
		below, atLeast := binomialTailsExact(c.k, c.n, c.p)
		// The smaller tail carries the digits that matter (the nines):
		// it must agree to 1e-9 relative (napkin shows four or so of its
		// digits), or both be below 1e-300. The start term's math.Lgamma
		// differences cost the last digits at large n, as they always did.
		want, tail, gotTail := atLeast, atLeast, got
		if below < atLeast {
			tail, gotTail = below, 1-got
		}
		if math.Abs(gotTail-tail) > 1e-9*tail && math.Abs(got-want) > 1e-300 {
			t.Errorf("k=%d n=%d p=%g: %.17g (tail %.17g), want %.17g (tail %.17g)", c.k, c.n, c.p, got, gotTail, want, tail)
		}
	}
}

// BenchmarkKOfN is one k_of_n over many components: today O(n) cheap
// steps, where a 1 MB file of such calls took minutes.
func BenchmarkKOfN(b *testing.B) {
	for _, n := range []int{10, 100000} {
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				binomialAtLeast(n/2, n, 0.5)
			}
		})
	}
}
