package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkRunVary is napkin run --vary over 100 values of a 50-line
// estimate, in-process: compiled once, each value compiled once, 100 runs,
// one table rendered.
func BenchmarkRunVary(b *testing.B) {
	var src strings.Builder
	src.WriteString("writes = 10 million per month\nsize = 1.271 kB\n")
	for i := 2; i < 50; i++ {
		src.WriteString("s" + strconv.Itoa(i) + " = writes * size * " + strconv.Itoa(i) + " months\n")
	}
	path := filepath.Join(b.TempDir(), "e.napkin")
	if err := os.WriteFile(path, []byte(src.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	var values []string
	for v := 1; v <= 100; v++ {
		values = append(values, strconv.Itoa(v)+"M/mo")
	}
	// The table is 101 columns wide: tablewriter's drawing of it is most
	// of the time; text shows what the compiled model costs.
	for _, format := range []string{"table", "text"} {
		args := []string{"run", "--format", format, "--vary", "writes=" + strings.Join(values, ","), path}
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if code := run(args, strings.NewReader(""), io.Discard, io.Discard); code != exitOK {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
