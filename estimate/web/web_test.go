package web

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/napkin-calc/napkin/estimate/web/api"
)

func post(t *testing.T, url, body string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/api/run", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return resp, decode(t, resp)
}

func get(t *testing.T, url string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return resp, decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("%s: Content-Type %q", resp.Request.URL, ct)
	}
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("%s: %v", resp.Request.URL, err)
	}
	return v
}

func runBody(src string) string {
	b, _ := json.Marshal(api.RunRequest{Source: src})
	return string(b)
}

func TestRun(t *testing.T) {
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	src := "writes = 10 million per month\nsize = 1.271 kB\n\nstorage = writes * size * 3 years\nassert storage < 1 PB\nassert storage > 1 PB\nspread = 10..100 MB\n1 MB + 1 s\n"
	resp, v := post(t, ts.URL, runBody(src))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %v", resp.StatusCode, v)
	}
	var got api.RunResponse
	b, _ := json.Marshal(v)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Results) != 6 {
		t.Fatalf("%d results, want 6: %s", len(got.Results), b)
	}
	st := got.Results[2]
	if st.Line != 4 || st.Kind != "assignment" || st.Name != "storage" || st.Text != "457.6 GB" || st.Unit != "GB" || *st.Value < 457 || *st.Value > 458 {
		t.Errorf("storage: %+v", st)
	}
	if !strings.Contains(st.Working, "= 10 million /mo * 1.271 kB * 3 years") {
		t.Errorf("storage's working: %q", st.Working)
	}
	if ok, bad := got.Results[3], got.Results[4]; !*ok.Passed || *bad.Passed || bad.Error == nil || bad.Error.Line != 6 {
		t.Errorf("assertions: %+v %+v", ok, bad)
	}
	if got.Passed != 1 || got.Failed != 1 {
		t.Errorf("passed %d failed %d", got.Passed, got.Failed)
	}
	r := got.Results[5]
	if r.Distribution == nil || r.Histogram == nil || len(r.Histogram.Edges) != len(r.Histogram.Counts)+1 || !r.Histogram.Log {
		t.Errorf("spread: %+v", r)
	} else if r.Distribution.P5 >= r.Distribution.P50 || r.Distribution.P50 >= r.Distribution.P95 || !strings.HasSuffix(r.Distribution.Median, " MB") {
		t.Errorf("spread's distribution: %+v", r.Distribution)
	}
	e := got.Error
	if e == nil || e.Line != 8 || e.Col != 6 || !strings.Contains(e.Msg, "cannot add") || e.Source != "1 MB + 1 s" {
		t.Errorf("error: %+v", e)
	}
}

// TestRunPastErrors runs on past a failed statement, as napkin check
// does: a slip in the middle of the text leaves the results below it, and
// what uses the failed statement is skipped, naming it.
func TestRunPastErrors(t *testing.T) {
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	src := "x = 1 GB + 1 s\ny = 2 GB\nz = x * 2\nw = y * 3\nqps = 5\nassert w > 1 GB\n"
	_, v := post(t, ts.URL, runBody(src))
	var got api.RunResponse
	b, _ := json.Marshal(v)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got.Results {
		lines = append(lines, strconv.Itoa(r.Line)+" "+r.Text)
	}
	if want := "2 2 GB|4 6 GB|6 true"; strings.Join(lines, "|") != want {
		t.Errorf("results %q, want %q", strings.Join(lines, "|"), want)
	}
	if e := got.Error; e == nil || e.Line != 1 || !strings.Contains(e.Msg, "cannot add") || e.Skipped {
		t.Errorf("first error: %+v", e)
	}
	if len(got.More) != 2 {
		t.Fatalf("more: %+v, want the skip on line 3 and the error on line 5", got.More)
	}
	if skip := got.More[0]; skip.Line != 3 || !skip.Skipped || !strings.Contains(skip.Msg, "uses x, which failed on line 1") {
		t.Errorf("line 3: %+v", skip)
	}
	if e := got.More[1]; e.Line != 5 || e.Skipped || !strings.Contains(e.Msg, "cannot assign to 'qps'") || e.Hint == "" {
		t.Errorf("line 5: %+v", e)
	}
	if got.Passed != 1 {
		t.Errorf("passed %d, want 1", got.Passed)
	}
}

func TestRunSet(t *testing.T) {
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	_, v := post(t, ts.URL, `{"source": "a = 2 GB\nc = a * 2", "set": ["a=3 GB"], "samples": 2000, "seed": 7}`)
	res := v["results"].([]any)
	if text := res[1].(map[string]any)["text"]; text != "6 GB" {
		t.Errorf("b with a=3 GB is %v, want 6 GB", text)
	}
	_, v = post(t, ts.URL, `{"source": "a = 1..10 GB\nx = 2..4\nc = a * x", "sensitivity": "c"}`)
	if sens, _ := v["sensitivity"].([]any); len(sens) != 2 || sens[0].(map[string]any)["input"] != "a" {
		t.Errorf("what drives c: %v", v)
	}
	_, v = post(t, ts.URL, `{"source": "a = 2 GB", "set": ["a=3 s"]}`)
	if e, _ := v["error"].(map[string]any); e == nil || e["input"] != "a" {
		t.Errorf("a set of other units: %v", v)
	}
}

func TestBadRequests(t *testing.T) {
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	for _, c := range []struct {
		name, body string
		status     int
		msg        string
	}{
		{"bad JSON", `{"source": `, 400, "bad JSON"},
		{"not an object", `[1]`, 400, "bad JSON"},
		{"unknown field", `{"src": "1"}`, 400, "unknown field"},
		{"samples", `{"source": "1", "samples": 5}`, 400, "samples must be"},
		{"set", `{"source": "1", "set": ["x"]}`, 400, "name=EXPR"},
		{"oversized", `{"source": "` + strings.Repeat("1+", api.MaxBody/2) + `1"}`, 413, "over 1048576 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, v := post(t, ts.URL, c.body)
			e, _ := v["error"].(map[string]any)
			if resp.StatusCode != c.status || e == nil || !strings.Contains(e["msg"].(string), c.msg) {
				t.Errorf("status %d, %v; want %d, %q", resp.StatusCode, v, c.status, c.msg)
			}
		})
	}
	resp, err := http.Post(ts.URL+"/api/run", "text/plain", strings.NewReader(runBody("1")))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain: status %d", resp.StatusCode)
	}
	resp.Body.Close()
	resp, _ = get(t, ts.URL+"/api/run")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /api/run: status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/examples", nil)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE /api/examples: status %d", resp.StatusCode)
	}
	// Any method the API does not take is answered in JSON, with the
	// one it takes.
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		req, _ := http.NewRequest(m, ts.URL+"/api/run", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(string(body), "POST an estimate to /api/run") {
			t.Errorf("%s /api/run: status %d, Allow %q, %s: %s", m, resp.StatusCode, resp.Header.Get("Allow"), resp.Header.Get("Content-Type"), body)
		}
	}
	resp, err = http.Post(ts.URL+"/index.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /index.html: status %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestTablesAndExamples(t *testing.T) {
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	resp, v := get(t, ts.URL+"/api/tables/latency")
	if resp.StatusCode != 200 || len(v["header"].([]any)) == 0 || len(v["rows"].([]any)) < 10 {
		t.Errorf("latency: %d %v", resp.StatusCode, v)
	}
	_, v = get(t, ts.URL+"/api/tables/availability?nines=3&sla=99.95")
	if rows := v["rows"].([]any); len(rows) != 2 {
		t.Errorf("availability at 3 nines and 99.95%%: %v", rows)
	}
	for _, path := range []string{"/api/tables/nope", "/api/tables/availability?nines=x", "/api/examples/nope", "/api/examples/..%2Fexamples.go", "/api/nope"} {
		resp, v := get(t, ts.URL+path)
		if resp.StatusCode/100 != 4 || v["error"] == nil {
			t.Errorf("%s: status %d, %v", path, resp.StatusCode, v)
		}
	}
	_, v = get(t, ts.URL+"/api/examples")
	list := v["examples"].([]any)
	if len(list) != 9 {
		t.Errorf("%d examples, want 9", len(list))
	}
	_, v = get(t, ts.URL+"/api/examples/pastebin")
	if src, _ := v["source"].(string); !strings.Contains(src, "assert") {
		t.Errorf("pastebin: %v", v)
	}
}

func TestPage(t *testing.T) {
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	for path, ct := range map[string]string{"/": "text/html; charset=utf-8", "/app.js": "text/javascript; charset=utf-8", "/style.css": "text/css; charset=utf-8"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestSlowEstimate runs estimates that take far longer than the deadline
// while other requests are served: each slow one gets an error on time.
func TestSlowEstimate(t *testing.T) {
	const timeout = 300 * time.Millisecond
	ts := httptest.NewServer(Handler(Options{Timeout: timeout, Parallel: 4}))
	defer ts.Close()
	var many strings.Builder // many statements: the engine stops between them
	for i := range 2000 {
		many.WriteString("x" + strings.Repeat("x", i%7) + " = 1..10 * 2..20 * 3..30\n")
	}
	long := "1..2" + strings.Repeat(" * 1..2", 300) // one long statement: stopped inside
	var wg sync.WaitGroup
	for _, src := range []string{many.String(), long} {
		wg.Go(func() {
			b, _ := json.Marshal(api.RunRequest{Source: src, Samples: api.MaxSamples})
			start := time.Now()
			_, v := post(t, ts.URL, string(b))
			took := time.Since(start)
			e, _ := v["error"].(map[string]any)
			if e == nil || !strings.Contains(e["msg"].(string), "ran longer than") {
				t.Errorf("slow estimate: %v", e)
			}
			if took > timeout+2*time.Second {
				t.Errorf("slow estimate answered after %v", took)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	for range 5 {
		start := time.Now()
		_, v := post(t, ts.URL, runBody("1 TB / 1 Gbps"))
		if res := v["results"].([]any); len(res) != 1 || time.Since(start) > 1500*time.Millisecond {
			t.Errorf("a quick estimate beside a slow one: %v after %v", v, time.Since(start))
		}
		get(t, ts.URL+"/api/examples")
	}
	wg.Wait()

	// An error before the slow line is the first error; the deadline,
	// the last.
	b, _ := json.Marshal(api.RunRequest{Source: "oops = 1 GB + 1 s\n" + long, Samples: api.MaxSamples})
	_, v := post(t, ts.URL, string(b))
	e, _ := v["error"].(map[string]any)
	more, _ := v["more"].([]any)
	if e == nil || !strings.Contains(e["msg"].(string), "cannot add") || len(more) != 1 ||
		!strings.Contains(more[0].(map[string]any)["msg"].(string), "ran longer than") {
		t.Errorf("an error, then a slow line: %v, then %v", e, more)
	}
}

// TestMemoryFlat serves 1,000 runs and checks the heap does not grow
// with them: nothing is kept between requests.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 requests")
	}
	ts := httptest.NewServer(Handler(Options{}))
	defer ts.Close()
	b, _ := json.Marshal(api.RunRequest{Source: "unit user\ndaily = 1M..5M user\nreads = daily * 20..200 / day -> /s\nassert p95(reads) < 1M user/s", Samples: 1000})
	body := string(b)
	if _, v := post(t, ts.URL, body); v["passed"] != 1.0 {
		t.Fatalf("the estimate: %v", v)
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	serve := func(n int) {
		for range n {
			resp, err := http.Post(ts.URL+"/api/run", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	serve(100)
	before := heap()
	serve(1000)
	after := heap()
	t.Logf("heap after 100 requests %d KB, after 1,100 %d KB", before>>10, after>>10)
	if after > before+8<<20 {
		t.Errorf("the heap grew from %d KB to %d KB over 1,000 requests", before>>10, after>>10)
	}
}

// TestPageWeight keeps the embedded page small: the budget is
// 100 KB for every asset the binary carries.
func TestPageWeight(t *testing.T) {
	var total int64
	err := fs.WalkDir(assets, "assets", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the embedded page weighs %d bytes", total)
	if total > 100<<10 {
		t.Errorf("the embedded page weighs %d bytes, over the 100 KB budget", total)
	}
}
