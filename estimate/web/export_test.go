//go:build !(js && wasm)

// The export test builds the engine for WebAssembly and opens the page
// in Chromium; neither runs under WebAssembly.

package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	files := StaticPage(0)
	page := string(files["index.html"])
	engine := strings.Index(page, `<meta name="napkin-engine" content="wasm">`)
	deadline := strings.Index(page, `<meta name="napkin-deadline" content="2000" data-answer="{&#34;results&#34;:[],&#34;error&#34;:{`)
	script := strings.Index(page, `<script src="app.js" defer></script>`)
	if engine < 0 || deadline < 0 || script < deadline || !strings.Contains(page, "'wasm-unsafe-eval'") ||
		!strings.Contains(page, "the estimate ran longer than 2s and was stopped") {
		t.Errorf("the static index.html does not give app.js the engine and its deadline:\n%s", page)
	}
	if short := string(StaticPage(300 * time.Millisecond)["index.html"]); !strings.Contains(short, `content="300"`) ||
		!strings.Contains(short, "ran longer than 300ms") {
		t.Errorf("the static index.html with a deadline of 300ms:\n%s", short)
	}
	for _, name := range []string{"app.js", "style.css", "worker.js"} {
		served, _ := assets.ReadFile("assets/" + name)
		if len(served) == 0 || !bytes.Equal(files[name], served) {
			t.Errorf("the static page's %s is not the embedded one", name)
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

// TestExportBuildFails makes the build of napkin.wasm fail: an error that
// names it, and no directory left behind.
func TestExportBuildFails(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("GOFLAGS", "-toolexec=/nonexistent/tool") // fails at the first tool it runs
	dir := filepath.Join(t.TempDir(), "site")
	_, err := Export(t.Context(), dir, ExportOptions{})
	var ee *ExportError
	if !errors.As(err, &ee) || !strings.Contains(ee.Msg, "building napkin.wasm") {
		t.Errorf("Export with a failing build: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("a failed Export left %s behind", dir)
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

	ts := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer ts.Close()
	t.Run("in the browser", func(t *testing.T) {
		needChromium(t)
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

	// Exporting again replaces the export: here with a short deadline.
	const deadline = time.Second
	if _, err := Export(t.Context(), dir, ExportOptions{Timeout: deadline}); err != nil {
		t.Fatalf("exporting again: %v", err)
	}
	t.Run("past the deadline", func(t *testing.T) {
		needChromium(t)
		ctx := open(t, ts.URL)
		do(t, ctx, typed("ok = 2 GB * 3"), shows(1, "ok = 6 GB"))
		// 2,000 lines of ranges take seconds: the page stays free while
		// they run, and answers as the server does when the deadline
		// passes.
		var b strings.Builder
		for i := range 2000 {
			fmt.Fprintf(&b, "x%d = 1..10 * 2..20 * 3..30\n", i)
		}
		slow := chromedp.Evaluate[chromedp.Void](`src.value = ` + js(b.String()) + `; src.dispatchEvent(new Event("input"))`)
		start := time.Now()
		do(t, ctx, slow)
		at := time.Now()
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.state`))
		if err != nil || state != "running" {
			t.Errorf("the page answered %q (%v) after %v, not while the estimate ran", state, err, time.Since(at))
		}
		t.Logf("the page answered in %v while the estimate ran", time.Since(at))
		want := "the estimate ran longer than 1s and was stopped — ask for fewer samples, or split the estimate"
		do(t, ctx, chromedp.Poll[chromedp.Void](`document.querySelector("#error").textContent === `+js(want),
			chromedp.WithPollingTimeout(30*time.Second)))
		took := time.Since(start)
		t.Logf("2,000 lines of ranges: stopped after %v, with a deadline of %v", took, deadline)
		if took > deadline+3*time.Second {
			t.Errorf("the estimate was stopped after %v, with a deadline of %v", took, deadline)
		}

		// A fresh worker answers the next estimate.
		do(t, ctx, typed("after = 7 TB / 1 Gbps"), shows(1, "after = 15h"),
			chromedp.Poll[chromedp.Void](`document.querySelector("#error").hidden && document.body.dataset.state === "ready"`))

		// Typing while the slow estimate runs, after the page has given up
		// waiting for it but before its deadline: the page ends that run
		// and starts a worker for the new text, and the error never shows
		// (had the run gone on, its deadline would have passed).
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.napkinSawError = false;
			new MutationObserver(() => { window.napkinSawError ||= !document.querySelector("#error").hidden })
				.observe(document.querySelector("#error"), {attributes: true, childList: true});
			setTimeout(() => { src.value = "latest = 1 GB * 2"; src.dispatchEvent(new Event("input")) }, `+fmt.Sprint(deadline.Milliseconds()/2)+`)`),
			slow, shows(1, "latest = 2 GB"))
		restart, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.napkinRendered - window.napkinInput`))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("typed while it ran: the result %.0f ms after the keystroke, in a fresh worker", restart)
		if restart > float64(deadline.Milliseconds()) {
			t.Errorf("typed while it ran: the result %.0f ms after the keystroke", restart)
		}
		time.Sleep(deadline)
		do(t, ctx, shows(1, "latest = 2 GB"))
		if saw, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.napkinSawError || !document.querySelector("#error").hidden`)); err != nil || saw {
			t.Errorf("the abandoned run's error showed (%v)", err)
		}
	})
}
