// Command napkin is a back-of-the-envelope calculator for system design:
// one-off answers, a REPL for practice, and estimate files checked in CI.
package main

import "os"

func main() { os.Exit(Main()) }
