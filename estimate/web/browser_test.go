//go:build !(js && wasm)

// The browser tests drive Chromium from Go; they do not build for
// WebAssembly.

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/napkin-calc/napkin/estimate"
)

// chromium is Debian's browser, which the browser tests drive; .ci/run
// installs it.
const chromium = "/usr/bin/chromium"

// page serves the page, opens it in a headless Chromium with a fresh
// profile and returns a context for its first tab, and the page's URL.
func page(t *testing.T) (context.Context, string) {
	t.Helper()
	needChromium(t)
	// A long deadline: on a loaded machine a 50-line estimate of ranges
	// can take seconds, and the test times it rather than the deadline.
	ts := httptest.NewServer(Handler(Options{Timeout: time.Minute}))
	t.Cleanup(ts.Close)
	return open(t, ts.URL), ts.URL
}

func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("skipping the browser tests: no %s (apt-get install -y chromium)", chromium)
	}
}

// open opens url in a headless Chromium and waits for the page's first
// run.
func open(t *testing.T, url string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	do(t, ctx, chromedp.Navigate(url), ready())
	return ctx
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ready waits for the page's first run; the static page first fetches
// and compiles its engine.
func ready() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.body.dataset.state === "ready"`, chromedp.WithPollingTimeout(30*time.Second))
}

// typed clears the editor and types text into it, key by key.
func typed(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Evaluate[chromedp.Void](`src.value = ""`),
		chromedp.SendKeys(chromedp.CSS("#src"), text),
	)
}

// shows waits for a line of results to contain want.
func shows(line int, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(
		`(document.querySelector('#results [data-line="%d"]') || {textContent: ""}).textContent.includes(%s)`, line, js(want)),
		chromedp.WithPollingTimeout(30*time.Second))
}

func TestBrowser(t *testing.T) {
	ctx, url := page(t)

	t.Run("result on its line", func(t *testing.T) {
		do(t, ctx, typed("a = 2 GB\n\na * 3"), shows(1, "a = 2 GB"), shows(3, "6 GB"))
	})

	t.Run("unit error", func(t *testing.T) {
		do(t, ctx, typed("x = 1\n1 MB + 1 s"), shows(2, "cannot add B (information) and s (time)"),
			chromedp.WaitVisible(chromedp.CSS(`#backdrop mark[data-col="6"]`)))
	})

	t.Run("results past an error", func(t *testing.T) {
		// A slip in the middle leaves the lines below it: those that do
		// not use the failed line run, those that do say so.
		do(t, ctx, typed("x = 1 GB + 1 s\ny = 2 GB\nz = x * 2\nqps = 5\ny * 3"),
			shows(1, "cannot add"), shows(2, "y = 2 GB"), shows(3, "skipped: it uses x, which failed on line 1"),
			shows(4, "cannot assign to 'qps'"), shows(5, "6 GB"),
			chromedp.Poll[chromedp.Void](`document.querySelector("#summary").textContent.includes("errors on lines 1, 4 · 1 skipped")`),
			chromedp.WaitVisible(chromedp.CSS(`#backdrop mark[data-col="1"]`)))
	})

	t.Run("example's assertions pass", func(t *testing.T) {
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`button[data-example="pastebin"]`)),
			chromedp.Click(chromedp.CSS(`button[data-example="pastebin"]`)),
			chromedp.Poll[chromedp.Void](`src.value.startsWith("# Pastebin") && /passed/.test(document.querySelector("#summary").textContent)`))
		counts, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](
			`[document.querySelectorAll("#results .pass").length, document.querySelectorAll("#results .fail, #results .err").length]`))
		if err != nil {
			t.Fatal(err)
		}
		if counts[0] == 0 || counts[1] != 0 {
			t.Errorf("pastebin: %d assertions passed, %d failed or errors", counts[0], counts[1])
		}
	})

	t.Run("uncertain value's histogram", func(t *testing.T) {
		do(t, ctx, typed("unit user\ndaily = 1M..5M user\nreads = daily * 20..200 / day -> /s"),
			shows(3, "90%"), chromedp.WaitVisible(chromedp.CSS(`#results [data-line="3"] svg.hist`)),
			chromedp.Click(chromedp.CSS(`#results [data-line="3"] .res`)),
			chromedp.Poll[chromedp.Void](`document.querySelector("#hist").textContent.includes("log axis")`),
			chromedp.Poll[chromedp.Void](`document.querySelector("#sens").textContent.includes("share of variance")`))
		bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#results [data-line="3"] svg.hist rect').length`))
		if err != nil || bars != 20 {
			t.Errorf("the histogram has %d bars (%v), want 20", bars, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		dir := os.Getenv("NAPKIN_SCREENSHOTS")
		if dir == "" {
			dir = t.ArtifactDir()
		}
		path := filepath.Join(dir, "uncertain.png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	})

	t.Run("download", func(t *testing.T) {
		// The download button saves the estimate as a file napkin check
		// accepts.
		const text = "unit user\ndau = 10M user\nreads = dau * 20 / user / day -> /s\nassert reads < 5000 /s"
		dir := t.TempDir()
		wait, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		progress := chromedp.Events(wait, browser.DownloadProgress)
		do(t, ctx, typed(text), shows(3, "2,315 /s"),
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				events := true
				_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
					Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
				return err
			}),
			chromedp.Click(chromedp.CSS("#download")))
		downloaded := false
		for ev, err := range progress {
			if err != nil {
				t.Fatal(err)
			}
			if ev.State != browser.DownloadProgressStateCompleted {
				continue
			}
			downloaded = true
			saved, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil || string(saved) != text {
				t.Fatalf("downloaded %q (%v), want the estimate", saved, err)
			}
			res, errs := estimate.NewSession().RunAll(context.Background(), string(saved))
			if len(errs) > 0 || len(res) != 4 || !res[3].Passed {
				t.Errorf("napkin check of the download: %v, %+v", errs, res)
			}
			break
		}
		if !downloaded {
			t.Error("no download completed")
		}
	})

	t.Run("reload keeps the estimate", func(t *testing.T) {
		do(t, ctx, typed("kept = 42 GB"), shows(1, "42 GB"), chromedp.Reload(), ready(), shows(1, "kept = 42 GB"))
	})

	t.Run("shared link", func(t *testing.T) {
		do(t, ctx, typed("shared = 7 TB / 1 Gbps"), shows(1, "shared = 15h"))
		link, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(link, url+"/#src=") {
			t.Fatalf("the page's link is %s", link)
		}
		fresh, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		do(t, fresh, chromedp.Navigate(link), ready(), shows(1, "shared = 15h"))
		stored, err := chromedp.Run(fresh, chromedp.Evaluate[string](`src.value`))
		if err != nil || stored != "shared = 7 TB / 1 Gbps" {
			t.Errorf("the shared link opens %q (%v)", stored, err)
		}
	})

	t.Run("keystroke to result", func(t *testing.T) {
		keystrokes(t, ctx, false)
		keystrokes(t, ctx, true)
	})
}

// keystrokes times keystrokes on a 50-line estimate, from the input
// event to the results updated on the page, and logs the figures: a
// measurement to report, not a test of the machine's speed.
func keystrokes(t *testing.T, ctx context.Context, ranges bool) {
	t.Helper()
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`src.value = `+js(fiftyLines(ranges))+`; src.dispatchEvent(new Event("input"))`),
		shows(50, "v48 ="), chromedp.Poll[chromedp.Void](`document.body.dataset.state === "ready"`))
	var took []float64
	for i := range 9 {
		before, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.runs`))
		if err != nil {
			t.Fatal(err)
		}
		// Typed on the empty last line: every keystroke runs all 50.
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#src"), fmt.Sprint(i)),
			chromedp.Poll[chromedp.Void](`document.body.dataset.runs !== `+js(before)+` && src.value === document.querySelector("#backdrop").textContent.slice(0, -1)`))
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.napkinRendered - window.napkinInput`))
		if err != nil {
			t.Fatal(err)
		}
		took = append(took, ms)
	}
	do(t, ctx, shows(51, "12.35 million"))
	slices.Sort(took)
	kind := map[bool]string{false: "point values", true: "ranges"}[ranges]
	t.Logf("keystroke to result, 50 lines of %s: median %.0f ms, fastest %.0f, slowest %.0f", kind, took[len(took)/2], took[0], took[len(took)-1])
}
