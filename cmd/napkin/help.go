package main

import "github.com/spf13/cobra"

// addHelpTopics adds help topics generated from the engine (placeholder).
func addHelpTopics(root *cobra.Command) {}
