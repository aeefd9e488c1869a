package main

import (
	"errors"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/spf13/cobra"
)

func newReplCmd() *cobra.Command    { return &cobra.Command{Use: "repl", Hidden: true} }
func newTableCmd() *cobra.Command   { return &cobra.Command{Use: "table", Hidden: true} }
func newExampleCmd() *cobra.Command { return &cobra.Command{Use: "example", Hidden: true} }
func runREPL(cmd *cobra.Command, s *estimate.Session) error {
	return errors.New("repl not built yet")
}
