package estimate

import (
	"strconv"
	"strings"
	"testing"
)

// BenchmarkEvalLine compiles and evaluates one typical line.
func BenchmarkEvalLine(b *testing.B) {
	s := NewSession()
	if _, err := s.Eval("writes = 10 million per month; size = 1.271 kB"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Eval("storage = writes * size * 3 years -> GB"); err != nil {
			b.Fatal(err)
		}
	}
}

// benchFile is an estimate of about n lines.
func benchFile(n int) string {
	var src strings.Builder
	src.WriteString("unit paste\nwrites = 10 million pastes per month\nsize = 1.271 kB / paste\n")
	for i := 3; i < n; i++ {
		switch i % 4 {
		case 0:
			src.WriteString("storage = writes * size * 3 years\n")
		case 1:
			src.WriteString("per_second = writes -> pastes/s\n")
		case 2:
			src.WriteString("assert storage == 457.6 GB within 1%\n")
		case 3:
			src.WriteString("downtime(99.99%, month) # the error budget\n")
		}
	}
	return src.String()
}

// BenchmarkRunFile compiles and runs a 1,000-line estimate file.
func BenchmarkRunFile(b *testing.B) {
	text := benchFile(1000)
	b.ReportAllocs()
	for b.Loop() {
		s := NewSession()
		if _, err := s.Run(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModelRun runs a compiled 1,000-line model again, as a
// what-if does: no parsing, no compiling.
func BenchmarkModelRun(b *testing.B) {
	m, err := NewSession().Compile(benchFile(1000))
	if err != nil {
		b.Fatal(err)
	}
	in, err := m.Input("writes", "20 million pastes / month")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVary compiles a 50-line model once and runs it for 100 values
// of one input, as napkin run --vary does.
func BenchmarkVary(b *testing.B) {
	src := benchFile(50)
	b.ReportAllocs()
	for b.Loop() {
		m, err := NewSession().Compile(src)
		if err != nil {
			b.Fatal(err)
		}
		for v := 1; v <= 100; v++ {
			in, err := m.Input("writes", strconv.Itoa(v)+" million pastes / month")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := m.Run(in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRunFileSize runs files of growing length: the time per
// statement should stay flat.
func BenchmarkRunFileSize(b *testing.B) {
	for _, n := range []int{1_000, 20_000, 200_000} {
		text := benchFile(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewSession().Run(text); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
		})
	}
}

// BenchmarkNewSession is the start-up cost a one-off answer pays.
func BenchmarkNewSession(b *testing.B) {
	for b.Loop() {
		NewSession()
	}
}

// rangesModel is a 25-statement estimate with 6 ranges: the primer's
// Twitter exercise with its guesses uncertain.
const rangesModel = `unit tweet
unit user
unit request
daily_users = 100M..300M user
tweets_per_user = 2..10 tweet / user / day
tweet_size = 2..20 KB / tweet
read_write_ratio = 5..50 request / tweet
peak_factor = 2..5
replication = 2..4
new_tweets = daily_users * tweets_per_user
storage_day = new_tweets * tweet_size -> GB/day
storage_month = storage_day * 1 month -> TB
storage_year = storage_month * 12
storage_3_years = storage_year * 3 -> PB
replicated = storage_3_years * replication
write_qps = new_tweets -> tweet/s
read_qps = new_tweets * read_write_ratio -> request/s
peak_qps = read_qps * peak_factor
peak_writes = write_qps * peak_factor
read_bandwidth = read_qps / read_write_ratio * tweet_size -> MB/s
servers = ceil(peak_qps / (2000 request/s))
p95_storage = p95(replicated)
p95_peak = p95(peak_qps)
assert p95(replicated) < 1000 PB
assert prob(peak_qps > 10 million request/s) < 1%
`

// BenchmarkRanges runs the 25-statement model with 6 ranges, compiled
// once, at 10,000 samples and at 1,000,000.
func BenchmarkRanges(b *testing.B) {
	for _, n := range []int{DefaultSamples, 1_000_000} {
		b.Run(itoa(n), func(b *testing.B) {
			m, err := NewSession(WithSamples(n)).Compile(rangesModel)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Run(); err != nil {
					b.Fatal(err)
				}
			}
			ops := 0
			for _, line := range strings.Split(rangesModel, "\n") {
				ops += strings.Count(line, "*") + strings.Count(line, "/") + strings.Count(line, "..") + strings.Count(line, "(")
			}
			b.ReportMetric(float64(ops*n)/(float64(b.Elapsed().Nanoseconds())/float64(b.N))*1e9/1e6, "Msample-ops/s")
		})
	}
}

// BenchmarkHistogram bins a 10,000-sample range as a sparkline (12 bins,
// log axis) and as napkin run --hist (20 bins), and a normal on a linear
// axis.
func BenchmarkHistogram(b *testing.B) {
	for _, src := range []string{"1..1000", "normal(0, 1)"} {
		res, err := NewSession().Eval(src)
		if err != nil {
			b.Fatal(err)
		}
		for _, bins := range []int{12, 20} {
			b.Run(src+"/"+itoa(bins), func(b *testing.B) {
				for b.Loop() {
					res[0].Value.Histogram(bins)
				}
			})
		}
	}
}
