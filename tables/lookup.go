package tables

import "fmt"

// Options select rows of a table: extra availability levels.
type Options struct {
	Nines []int     // availability levels as counts of nines: 3 is 99.9%
	SLA   []float64 // availability levels as fractions: 0.9995
}

// Names lists the tables Lookup knows.
var Names = []string{"powers", "latency", "availability", "conversions"}

// Lookup builds the named table.
func Lookup(name string, o Options) (Grid, error) {
	return Grid{}, fmt.Errorf("unknown table %q", name)
}
