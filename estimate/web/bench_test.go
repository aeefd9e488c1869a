package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/napkin-calc/napkin/estimate/web/api"
)

// fiftyLines is a 50-line estimate for timing a keystroke: point values,
// or ranges, which take far longer (10,000 samples each).
func fiftyLines(ranges bool) string {
	var src strings.Builder
	src.WriteString("unit user\n")
	for i := range 49 {
		if ranges {
			fmt.Fprintf(&src, "v%d = %d GB * %d..%d / day -> MB/s\n", i, i+1, i+2, i*3+10)
		} else {
			fmt.Fprintf(&src, "v%d = %d GB * %d / day -> MB/s\n", i, i+1, i+2)
		}
	}
	return src.String()
}

// BenchmarkRun50 answers POST /api/run for a 50-line estimate as the
// page sends it on a keystroke: the server's part of the time to a
// result.
func BenchmarkRun50(b *testing.B) {
	for _, ranges := range []bool{false, true} {
		b.Run(map[bool]string{false: "points", true: "ranges"}[ranges], func(b *testing.B) {
			a := api.New(api.Options{Samples: 10_000, Seed: 1})
			body, _ := json.Marshal(api.RunRequest{Source: fiftyLines(ranges)})
			for b.Loop() {
				resp := a.Do(context.Background(), api.Request{Method: "POST", Path: "/api/run", Body: strings.NewReader(string(body))})
				if resp.Status != 200 {
					b.Fatalf("status %d: %s", resp.Status, resp.Body)
				}
			}
		})
	}
}
