package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"napkin": func() { os.Exit(Main()) },
	})
}

// TestScript runs the end-to-end scripts in testdata/script: each runs
// the napkin binary and checks its stdout, stderr and exit status.
// go test ./cmd/napkin -run TestScript -update rewrites their expected output.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
	})
}
