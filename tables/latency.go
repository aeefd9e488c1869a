// Package tables holds napkin's reference tables: powers of two, latency
// numbers, availability and the conversion guide.
package tables

import "github.com/napkin-calc/napkin/estimate"

// Constants returns the latency numbers as named constants of the language.
func Constants() []estimate.Constant {
	return []estimate.Constant{
		{Name: "l1_ref", Value: "0.5 ns", Doc: "L1 cache reference"},
	}
}
