package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// fiftyLines is a 50-line estimate of ranges, for timing a keystroke.
func fiftyLines() string {
	var src strings.Builder
	src.WriteString("unit user\n")
	for i := range 49 {
		fmt.Fprintf(&src, "v%d = %d GB * %d..%d / day -> MB/s\n", i, i+1, i+2, i*3+10)
	}
	return src.String()
}

// BenchmarkRun50 runs a 50-line estimate of ranges as the page sends it
// on a keystroke: the server's part of the time to a result.
func BenchmarkRun50(b *testing.B) {
	s := &server{opt: Options{Samples: 10_000, Seed: 1}}
	req := RunRequest{Source: fiftyLines(), Samples: 10_000, Seed: 1}
	for b.Loop() {
		s.evaluate(context.Background(), req, nil)
	}
}
