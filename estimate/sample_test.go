package estimate

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// value evaluates one expression at n samples and returns its base value.
func value(t *testing.T, s *Session, src string) float64 {
	t.Helper()
	res, err := s.Eval(src)
	if err != nil || len(res) == 0 {
		t.Fatalf("%s: %v", src, err)
	}
	return res[len(res)-1].Value.Base()
}

// TestSamplingClosedForms checks sampling against what is known exactly,
// at 200,000 samples: a lognormal's percentiles, a product of two, a
// normal's mean and tail, a uniform's median.
func TestSamplingClosedForms(t *testing.T) {
	s := NewSession(WithSamples(200_000))
	// ln X ~ N(mu, sigma) with 10 and 1000 its 5th and 95th percentiles.
	// For a product of two lognormals the logs add: mu1+mu2, and the
	// sigmas add in quadrature.
	mu1, s1 := (math.Log(10)+math.Log(1000))/2, (math.Log(1000)-math.Log(10))/(2*z95)
	mu2, s2 := (math.Log(2)+math.Log(8))/2, (math.Log(8)-math.Log(2))/(2*z95)
	mu, sigma := mu1+mu2, math.Hypot(s1, s2)
	for _, c := range []struct {
		src  string
		want float64
		tol  float64 // relative
	}{
		{"p50(10..1000)", 100, 0.02},
		{"p5(10..1000)", 10, 0.02},
		{"p95(10..1000)", 1000, 0.02},
		{"x = 10..1000; y = 2..8; p50(x * y)", math.Exp(mu), 0.02},
		{"p5(x * y)", math.Exp(mu - z95*sigma), 0.02},
		{"p95(x * y)", math.Exp(mu + z95*sigma), 0.02},
		{"mean(10..1000)", math.Exp(mu1 + s1*s1/2), 0.03},
		{"mean(normal(100 ms, 10 ms))", 0.1, 0.002},
		{"sd(normal(100 ms, 10 ms))", 0.01, 0.02},
		{"prob(normal(0, 1) > 1.6449)", 0.05, 0.04},
		{"p50(uniform(0 s, 10 s))", 5, 0.02},
		{"mean(triangular(0, 3, 6))", 3, 0.01},
		{"percentile(10..1000, 99%)", math.Exp(mu1 + 2.3263478740408408*s1), 0.03},
	} {
		if got := value(t, s, c.src); math.Abs(got-c.want) > c.tol*math.Abs(c.want) {
			t.Errorf("%s = %g, want %g within %g%%", c.src, got, c.want, c.tol*100)
		}
	}
}

// TestCorrelation: a variable is one set of samples wherever it is used.
func TestCorrelation(t *testing.T) {
	s := NewSession()
	res, err := s.Eval("x = 1..10; x - x; x / x; prob(x > x)")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"0 (90%: 0 .. 0)", "1 (90%: 1 .. 1)", "0%"} {
		if got := res[i+1].Display.Text; got != want {
			t.Errorf("%s = %q, want %q", res[i+1].Source, got, want)
		}
	}
}

// TestReproducible: the same estimate and seed give the same output, and
// adding an unrelated statement changes no other range's draws.
func TestReproducible(t *testing.T) {
	src := "dau = 100M..500M\nsize = 1..4 KB\nstorage = dau * size * 2..10 / day * 1 yr\nmean(storage)\n"
	texts := func(src string, seed uint64) []string {
		res, err := NewSession(WithSeed(seed)).Run(src)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res {
			out = append(out, r.Name+"="+r.Display.Text)
		}
		return out
	}
	a, b := texts(src, 1), texts(src, 1)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("two runs differ:\n%v\n%v", a, b)
	}
	if c := texts(src, 2); strings.Join(a, "\n") == strings.Join(c, "\n") {
		t.Errorf("another seed gives the same: %v", c)
	}
	d := texts("other = 5..50\n"+strings.Replace(src, "size = 1..4 KB\n", "size = 1..4 KB\nunrelated = 1..2\n", 1), 1)
	if strings.Join(d[1:3], "\n") != strings.Join(a[:2], "\n") || d[4] != a[2] || d[5] != a[3] {
		t.Errorf("an unrelated statement changed the draws:\n%v\n%v", a, d)
	}
}

// TestSensitivity: the range that drives most of a product's spread
// ranks first, its share of variance is in proportion to its log-spread,
// and holding it at its 5th and 95th percentiles brackets the median.
func TestSensitivity(t *testing.T) {
	m, err := NewSession().Compile("wide = 1..1000\nnarrow = 10..20\nfixed = 3\ny = wide * narrow * fixed\n")
	if err != nil {
		t.Fatal(err)
	}
	sens, err := m.Sensitivity("y")
	if err != nil {
		t.Fatal(err)
	}
	if len(sens) != 2 || sens[0].Input != "wide" || sens[1].Input != "narrow" {
		t.Fatalf("sensitivity = %+v", sens)
	}
	// ln y = ln wide + ln narrow: variances (ln 1000)^2 : (ln 2)^2, so
	// wide's share is about 0.99; rank correlations track that.
	if s := sens[0].Share; s < 0.95 || s > 1 || math.Abs(sens[0].Share+sens[1].Share-1) > 1e-9 {
		t.Errorf("shares %g, %g", sens[0].Share, sens[1].Share)
	}
	lo, hi := sens[0].AtLow.Base(), sens[0].AtHigh.Base()
	// wide at 1 and 1000: y's median is then 1 or 1000 times narrow's median (14.14) times 3.
	if math.Abs(lo-3*math.Sqrt(200)) > 0.05*lo || math.Abs(hi-3000*math.Sqrt(200)) > 0.05*hi {
		t.Errorf("y at wide's p5 and p95: %g, %g", lo, hi)
	}
	if _, err := m.Sensitivity("fixed"); err == nil {
		t.Error("a plain value has no sensitivity")
	}
	res, _ := m.Run()
	hist, ok := res[3].Value.Histogram(20)
	if !ok || !hist.Log || len(hist.Counts) != 20 {
		t.Fatalf("histogram = %+v", hist)
	}
	total := 0
	for _, c := range hist.Counts {
		total += c
	}
	if total != DefaultSamples {
		t.Errorf("histogram holds %d samples", total)
	}
}

// TestQuantiles checks selection against a sort, on inputs that keep the
// bracketing honest: ties, sorted runs, a strided sample that lies about
// the rest, sizes either side of where bracketing starts.
func TestQuantiles(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	inputs := map[string]func(n int) []float64{
		"normal": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = r.NormFloat64()
			}
			return xs
		},
		"ties": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(r.IntN(7))
			}
			return xs
		},
		"constant": func(n int) []float64 { return slices.Repeat([]float64{2.5}, n) },
		"ascending": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(i)
			}
			return xs
		},
		"descending": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = float64(n - i)
			}
			return xs
		},
		// Every sampled place holds a huge value: each bracket misses.
		"stride": func(n int) []float64 {
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = r.Float64()
				if i%bracketStride == 0 {
					xs[i] = 1e9 + float64(i)
				}
			}
			return xs
		},
	}
	qs := []float64{0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1}
	for name, gen := range inputs {
		for _, n := range []int{1, 2, 17, bracketMin - 1, bracketMin, 10_000, 100_003} {
			xs := gen(n)
			before := slices.Clone(xs)
			got := quantiles(xs, qs...)
			if !slices.Equal(xs, before) {
				t.Fatalf("%s/%d: quantiles reordered its input", name, n)
			}
			sorted := slices.Sorted(slices.Values(xs))
			for i, q := range qs {
				want := sorted[int(q*float64(n-1)+0.5)]
				if got[i] != want {
					t.Errorf("%s/%d: quantile %v = %v, want %v", name, n, q, got[i], want)
				}
			}
		}
	}
}

// BenchmarkQuantiles is a range's display: three quantiles of 10,000.
func BenchmarkQuantiles(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, DefaultSamples)
	for i := range xs {
		xs[i] = math.Exp(r.NormFloat64())
	}
	for b.Loop() {
		quantiles(xs, 0.05, 0.5, 0.95)
	}
}

// TestDerivedOrder checks that a value made from another by a
// non-decreasing step shows the percentiles of its own samples, found
// through the other's, and that every other value finds its own.
func TestDerivedOrder(t *testing.T) {
	s := NewSession()
	if _, err := s.Eval("unit user; x = 1..1000 user; y = normal(0 s, 1 s); z = 1..2"); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		"x", "x * 8", "8 * x", "x / 3", "x + 1 user", "1 user + x", "x - 0.5 user",
		"x * 0.1 * 3 -> user", "(x * 2) / 7 + 1 user", "ceil(x / user)", "log2(x / user) * 3",
		"x * 2 -> user", "y * 1e-3", "y - 1 ms", "ceil(y / s)", "exp(y / s)",
		// Decreasing or of two ranges: no shortcut.
		"-x", "1 / x", "x * -2", "1 user - x", "x * z", "x / z + x", "z - z",
		"y * 0", "0 * y",
	} {
		res, err := s.Eval(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		q := res[len(res)-1].Value.q
		qs := []float64{0, 0.05, 0.25, 0.5, 0.75, 0.95, 1}
		got, want := q.quantiles(qs...), quantiles(q.smp, qs...)
		for i := range qs {
			if got[i] != want[i] { // -0 and 0 are one value: either may be selected
				t.Errorf("%s: quantile %v = %v through its order, %v from its samples", src, qs[i], got[i], want[i])
			}
		}
	}
}

// TestInterruptLongStatement checks a deadline stops one long statement
// of ranges in the middle, not after it: each operation over samples
// looks at the run's context.
func TestInterruptLongStatement(t *testing.T) {
	long := "1..2" + strings.Repeat(" * 1..2", 300)
	s := NewSession(WithSamples(MaxSamples))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := s.EvalContext(ctx, long)
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		// Uninterrupted, the statement draws 3 billion samples.
		t.Fatal("still running a minute after a 50 ms deadline")
	}
	e, ok := err.(*Error)
	if !ok || e.Msg != "interrupted" || e.Col < 5 {
		t.Fatalf("err = %v, want interrupted inside the statement", err)
	}
	// The session is usable afterwards, and a run without a deadline
	// finishes.
	if _, err := s.Eval("p50(1..2 * 1..2) > 1"); err != nil {
		t.Fatal(err)
	}
}

// TestAtOrBelow checks the histogram's bin search against a count, on
// every place a value can fall among up to 20 edges, ties included.
func TestAtOrBelow(t *testing.T) {
	for n := range 21 {
		edges := make([]float64, n)
		for i := range edges {
			edges[i] = float64(i / 2) // pairs of equal edges
		}
		for x := -1.0; x <= float64(n); x += 0.5 {
			want := 0
			for _, e := range edges {
				if e <= x {
					want++
				}
			}
			if got := atOrBelow(edges, x); got != want {
				t.Errorf("%d edges, x = %v: %d, want %d", n, x, got, want)
			}
		}
	}
}

// TestFirstNonFinite places an infinity or a NaN at every position of
// samples of every length up to 9, beside huge finite values whose
// differences are still 0.
func TestFirstNonFinite(t *testing.T) {
	for n := range 10 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = math.MaxFloat64 * float64(i%2*2-1)
		}
		if got := firstNonFinite(xs); got != -1 {
			t.Errorf("%d finite samples: %d", n, got)
		}
		for at := range n {
			for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
				ys := slices.Clone(xs)
				ys[at] = bad
				if got := firstNonFinite(ys); got != at {
					t.Errorf("%v at %d of %d: %d", bad, at, n, got)
				}
			}
		}
	}
}
