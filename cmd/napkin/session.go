package main

import (
	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/tables"
)

// newSession returns a session with the reference tables' constants.
func newSession(opts ...estimate.Option) *estimate.Session {
	return estimate.NewSession(append(opts, estimate.WithConstants(tables.Constants()...))...)
}
