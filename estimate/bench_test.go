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
