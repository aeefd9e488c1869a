package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
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
		Cmds:          map[string]func(ts *testscript.TestScript, neg bool, args []string){"exits": exits},
	})
}

// exits N CMD ARGS... runs CMD like exec and checks its exit status is
// exactly N: napkin's exit codes (1 failure, 2 usage) are part of its
// interface.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
