package tables

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/rogpeppe/go-internal/diff"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the tables as they are now")

// goldens are the tables each format renders, and the availability table
// with options, whose golden shows the levels they select.
var goldens = []struct {
	file, table string
	opts        Options
}{
	{"powers", "powers", Options{}},
	{"latency", "latency", Options{}},
	{"availability", "availability", Options{}},
	{"conversions", "conversions", Options{}},
	{"availability-nines-3-4-5-sla-99.95", "availability", Options{Nines: []int{5, 3, 4}, SLA: []float64{0.9995}}},
}

// TestGolden renders every table in every format and compares it with
// testdata/NAME.FORMAT.golden.
func TestGolden(t *testing.T) {
	for _, gc := range goldens {
		g, err := Lookup(gc.table, gc.opts)
		if err != nil {
			t.Fatalf("Lookup(%q): %v", gc.table, err)
		}
		for _, format := range present.GridFormats {
			if gc.opts.Nines != nil && format != "table" {
				continue
			}
			name := gc.file + "." + format + ".golden"
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := present.Render(&buf, format, g); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", name)
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v\nrun 'go test ./tables -run TestGolden -update' to create it", err)
				}
				if got := buf.String(); got != string(want) {
					t.Errorf("%s differs:\n%s\nif the change is right, run 'go test ./tables -run TestGolden -update' to refresh it", path, diff.Diff(path, want, "got", buf.Bytes()))
				}
			})
		}
	}
}
