package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeExport exports the static page from this checkout, building
// its engine (the scripts in testdata/script check export's errors, in
// a directory outside any checkout).
func TestServeExport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds napkin.wasm")
	}
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"serve", "--export", dir}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("napkin serve --export: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "building the page's engine") {
		t.Errorf("stderr: %q", stderr.String())
	}
	out := stdout.String()
	for _, name := range []string{"index.html", "app.js", "style.css", "worker.js", "wasm_exec.js", "napkin.wasm", "total"} {
		if !strings.Contains(out, "\n  "+name+" ") {
			t.Errorf("the listing has no %s:\n%s", name, out)
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil && name != "total" {
			t.Error(err)
		}
	}
	if !strings.HasPrefix(out, "napkin: wrote the static page to "+dir+":\n") || !strings.Contains(out, "gzipped") {
		t.Errorf("stdout:\n%s", out)
	}
}
