// Package tables holds napkin's reference tables: powers of two, latency
// numbers, availability and the conversion guide. Their facts are data
// files embedded in the binary (*.tsv, each describing its columns);
// every derived column is computed by the estimate engine, so a table
// prints numbers exactly as napkin would.
package tables

import (
	"fmt"

	"github.com/napkin-calc/napkin/estimate/present"
)

// Options select rows of a table: the availability levels to show.
// When either is set, the availability table shows exactly those levels,
// sorted; otherwise its default set.
type Options struct {
	Nines []int     // availability levels as counts of nines: 3 is 99.9%
	SLA   []float64 // availability levels as fractions: 0.9995
	All   bool      // powers: every power from 2^0 to 2^64, not the usual rows
}

// Names lists the tables Lookup knows.
var Names = []string{"powers", "latency", "availability", "conversions"}

// Lookup builds the named table. Nines and SLA apply to availability,
// All to powers.
func Lookup(name string, o Options) (Grid, error) {
	switch name {
	case "powers":
		return powers(o.All)
	case "latency":
		return latency()
	case "availability":
		return availability(o)
	case "conversions":
		return conversions()
	}
	return Grid{}, fmt.Errorf("unknown table %q", name)
}

// Grid is a table the presentation layer renders.
type Grid = present.Grid
