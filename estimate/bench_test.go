package estimate

import (
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

// BenchmarkRunFile runs a 1,000-line estimate file.
func BenchmarkRunFile(b *testing.B) {
	var src strings.Builder
	src.WriteString("unit paste\nwrites = 10 million pastes per month\nsize = 1.271 kB / paste\n")
	for i := 0; len(strings.Split(src.String(), "\n")) <= 1000; i++ {
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
	text := src.String()
	b.ReportAllocs()
	for b.Loop() {
		s := NewSession()
		if _, err := s.Run(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewSession is the start-up cost a one-off answer pays.
func BenchmarkNewSession(b *testing.B) {
	for b.Loop() {
		NewSession()
	}
}
