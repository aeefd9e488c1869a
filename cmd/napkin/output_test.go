package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/napkin-calc/napkin/estimate/present"
)

func napkin(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestOneOffJSON(t *testing.T) {
	out, errOut, code := napkin(t, "", "--format", "json", "writes = 10 million per month; writes -> /s; 1 MB + 1 s")
	if code != exitFail {
		t.Errorf("exit %d, want %d; stderr %s", code, exitFail, errOut)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(items) != 3 {
		t.Fatalf("got %d items, want 2 results and an error:\n%s", len(items), out)
	}
	w := items[0]
	if w["kind"] != "assignment" || w["name"] != "writes" || w["text"] != "10 million /mo" ||
		w["unit"] != "/mo" || w["value"] != 1e7 || w["dimension"] != "1/time" || w["base_unit"] != "1/s" {
		t.Errorf("writes = %v", w)
	}
	if base := w["base_value"].(float64); base < 3.8026 || base > 3.8027 {
		t.Errorf("writes base value = %v /s, want 1e7 / 2,629,746 = 3.80265", base)
	}
	if r := items[1]; r["kind"] != "expression" || r["text"] != "3.803 /s" || r["unit"] != "/s" {
		t.Errorf("conversion = %v", r)
	}
	e := items[2]
	if e["error"] != "cannot add B (information) and s (time)" || e["line"] != 1.0 || e["column"] != 51.0 || e["kind"] != "evaluation" {
		t.Errorf("error = %v", e)
	}
	if errOut != "" {
		t.Errorf("json mode printed to stderr: %s", errOut)
	}
}

func TestRunJSON(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "e.napkin")
	os.WriteFile(path, []byte("a = 2 GB\nassert a < 1 GB\nc = a * 2\n"), 0o644)
	out, _, code := napkin(t, "", "run", "--format", "json", path)
	if code != exitFail {
		t.Errorf("exit %d, want 1 for the failed assertion", code)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(items) != 4 {
		t.Fatalf("want a, the assertion, its failure and c:\n%s", out)
	}
	if items[1]["passed"] != false || items[2]["kind"] != "assertion" || items[2]["line"] != 2.0 {
		t.Errorf("assertion items = %v, %v", items[1], items[2])
	}
	if items[3]["working"] != "2 GB * 2" || items[3]["file"] != path {
		t.Errorf("c = %v", items[3])
	}
}

func TestCheckJUnit(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.napkin")
	bad := filepath.Join(dir, "bad.napkin")
	os.WriteFile(good, []byte("x = 1 TB\nassert x < 2 TB\nassert x > 1 GB\n"), 0o644)
	os.WriteFile(bad, []byte("x = 1 TB\nassert x < 2 GB\ny = nope\n"), 0o644)
	out, _, code := napkin(t, "", "check", "--format", "junit", dir)
	if code != exitFail {
		t.Errorf("exit %d, want 1", code)
	}
	var suites present.JUnitSuites
	if err := xml.Unmarshal([]byte(out), &suites); err != nil {
		t.Fatalf("not JUnit XML: %v\n%s", err, out)
	}
	if suites.Tests != 4 || suites.Failures != 1 || suites.Errors != 1 || len(suites.Suites) != 2 {
		t.Fatalf("totals = %d tests, %d failures, %d errors in %d suites:\n%s", suites.Tests, suites.Failures, suites.Errors, len(suites.Suites), out)
	}
	b := suites.Suites[0] // bad.napkin sorts first
	if b.Name != bad || b.Cases[0].Failure == nil || !strings.Contains(b.Cases[0].Failure.Message, "assertion failed: x < 2 GB (x = 1 TB)") {
		t.Errorf("bad suite = %+v", b)
	}
	if e := b.Cases[1].Error; e == nil || !strings.Contains(e.Message, "unknown name 'nope'") {
		t.Errorf("error case = %+v", b.Cases[1])
	}
	if g := suites.Suites[1]; g.Failures != 0 || g.Tests != 2 {
		t.Errorf("good suite = %+v", g)
	}
}

// fullWriter fails every write, as /dev/full does.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, syscall.ENOSPC }

// TestWriteError: output that cannot be written is a failure, never a
// silent success (napkin '1+1' > /dev/full).
func TestWriteError(t *testing.T) {
	for _, args := range [][]string{{"1 + 1"}, {"check", examplesDir}, {"table", "powers"}, {"run", examplesDir + "/pastebin.napkin"}} {
		var errOut bytes.Buffer
		code := run(args, strings.NewReader(""), fullWriter{}, &errOut)
		if code != exitFail || errOut.String() != "napkin: error: cannot write the output: no space left on device\n" {
			t.Errorf("napkin %q > /dev/full: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// bigFile makes a file one byte over napkin's input limit; sparse, it
// costs no disk.
func bigFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.napkin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(maxInput + 1); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInputLimit: an estimate over 10 MB is refused, from a file or
// standard input, without reading it all.
func TestInputLimit(t *testing.T) {
	path := bigFile(t)
	_, errOut, code := napkin(t, "", "run", path)
	if code != exitUsage || errOut != "napkin: error: cannot read "+path+": larger than napkin's limit of 10 MB\n" {
		t.Errorf("run big.napkin: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = napkin(t, strings.Repeat("1\n", maxInput/2+1))
	if code != exitUsage || errOut != "napkin: error: cannot read standard input: larger than napkin's limit of 10 MB\n" {
		t.Errorf("napkin < big: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = napkin(t, "", "check", path)
	if code != exitFail || !strings.Contains(errOut, "larger than napkin's limit of 10 MB") {
		t.Errorf("check big.napkin: exit %d, stderr %q", code, errOut)
	}
}
