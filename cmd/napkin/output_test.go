package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	var suites junitSuites
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

func TestGitHubEscaping(t *testing.T) {
	if got := ghProperty("a,b:c%d\ne"); got != "a%2Cb%3Ac%25d%0Ae" {
		t.Errorf("property = %q", got)
	}
	if got := ghData("50% off\nnext"); got != "50%25 off%0Anext" {
		t.Errorf("data = %q", got)
	}
}
