//go:build !(js && wasm)

// The export test builds the engine for WebAssembly and opens the page
// in Chromium; neither runs under WebAssembly.

package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestExportDir(t *testing.T) {
	for _, c := range []struct {
		name  string
		files []string // ending in / for a directory
		err   string
	}{
		{"missing", nil, ""},
		{"empty", []string{}, ""},
		{"an earlier export", []string{"index.html", "napkin.wasm"}, ""},
		{"other files", []string{"index.html", "notes.txt"}, "is not empty: it holds notes.txt, which export does not write"},
		{"many other files", []string{"a", "b", "c", "d"}, "it holds a, b, c, …,"},
		{"a folder of the export's name", []string{"napkin.wasm/"}, "it holds napkin.wasm,"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			if c.files != nil {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, f := range c.files {
				var err error
				if name, ok := strings.CutSuffix(f, "/"); ok {
					err = os.Mkdir(filepath.Join(dir, name), 0o755)
				} else {
					err = os.WriteFile(filepath.Join(dir, f), nil, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			err := exportDir(dir)
			if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Errorf("exportDir: %v, want %q", err, c.err)
			}
		})
	}
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exportDir(file); err == nil || !strings.Contains(err.Error(), "page.html is not a directory") {
		t.Errorf("exportDir of a file: %v", err)
	}
}

func TestModulePath(t *testing.T) {
	for _, c := range []struct{ gomod, want string }{
		{"module github.com/napkin-calc/napkin\n\ngo 1.26.0\n", Module},
		{"// napkin\nmodule \"example.com/x\" // quoted\n", "example.com/x"},
		{"modulex y\nmodule\tz\n", "z"},
		{"go 1.26.0\n", ""},
	} {
		f := filepath.Join(t.TempDir(), "go.mod")
		if err := os.WriteFile(f, []byte(c.gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := modulePath(f)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("modulePath(%q) = %q, %v; want %q", c.gomod, got, err, c.want)
		}
	}
}

func TestStaticPage(t *testing.T) {
	files := StaticPage()
	page := string(files["index.html"])
	engine := strings.Index(page, `<meta name="napkin-engine" content="wasm">`)
	loader := strings.Index(page, `<script src="wasm_exec.js" defer></script>`)
	script := strings.Index(page, `<script src="app.js" defer></script>`)
	if engine < 0 || loader < 0 || script < loader || !strings.Contains(page, "'wasm-unsafe-eval'") {
		t.Errorf("the static index.html does not load the engine before app.js:\n%s", page)
	}
	for _, name := range []string{"app.js", "style.css"} {
		served, _ := assets.ReadFile("assets/" + name)
		if !bytes.Equal(files[name], served) {
			t.Errorf("the static page's %s is not the served page's", name)
		}
	}
}

// TestExportOutsideCheckout exports from a directory that is not in
// napkin's source: an error, and no directory made.
func TestExportOutsideCheckout(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Chdir(t.TempDir())
	dir := filepath.Join(t.TempDir(), "site")
	_, err := Export(context.Background(), dir, ExportOptions{})
	var ee *ExportError
	if !errors.As(err, &ee) || !strings.Contains(ee.Msg, "is not in a Go module") || !strings.Contains(ee.Hint, "checkout") {
		t.Errorf("Export outside a checkout: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("Export made %s", dir)
	}
}

// TestExport builds the static page, once, and opens it in Chromium:
// the engine compiled to WebAssembly answers as the server does.
func TestExport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds napkin.wasm: about 30 s the first time")
	}
	dir := filepath.Join(t.TempDir(), "site")
	files, err := Export(t.Context(), dir, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		t.Logf("%-12s %8d bytes, %8d gzipped", f.Name, f.Size, f.Gzipped)
		info, err := os.Stat(filepath.Join(dir, f.Name))
		if err != nil || info.Size() != f.Size || f.Size == 0 || f.Gzipped == 0 {
			t.Errorf("%s: %v, %+v", f.Name, err, f)
		}
	}
	if got, want := strings.Join(names, " "), strings.Join(exportFiles(), " "); got != want {
		t.Errorf("Export wrote %s, want %s", got, want)
	}
	// Exporting again replaces the export.
	if _, err := Export(t.Context(), dir, ExportOptions{}); err != nil {
		t.Errorf("exporting again: %v", err)
	}

	t.Run("in the browser", func(t *testing.T) {
		needChromium(t)
		ts := httptest.NewServer(http.FileServer(http.Dir(dir)))
		defer ts.Close()
		resp, err := http.Head(ts.URL + "/napkin.wasm")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Fatalf("napkin.wasm is served as %q", ct)
		}
		ctx := open(t, ts.URL)
		do(t, ctx, typed("a = 2 GB\n\na * 3\nreads = 1M..5M\n1 MB + 1 s"), shows(1, "a = 2 GB"), shows(3, "6 GB"), shows(4, "90%"),
			shows(5, "cannot add B (information) and s (time)"),
			chromedp.WaitVisible(chromedp.CSS(`button[data-example="pastebin"]`)),
			chromedp.Click(chromedp.CSS(`button[data-example="pastebin"]`)),
			chromedp.Poll[chromedp.Void](`src.value.startsWith("# Pastebin") && /passed/.test(document.querySelector("#summary").textContent)`))
		keystrokes(t, ctx, false)
		keystrokes(t, ctx, true)
	})
}
