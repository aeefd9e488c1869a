package api

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDo routes requests without HTTP, as the WebAssembly engine sends
// them; the server's tests (package web) cover the answers in full.
func TestDo(t *testing.T) {
	a := New(Options{})
	for _, c := range []struct {
		method, path, query, body string
		status                    int
		allow, want               string
	}{
		{"POST", "/api/run", "", `{"source": "2 GB * 3"}`, 200, "", `"text": "6 GB"`},
		{"GET", "/api/run", "", "", 405, "POST", "POST an estimate to /api/run"},
		{"POST", "/api/examples", "", "{}", 405, "GET", "it takes GET"},
		{"HEAD", "/api/examples", "", "", 200, "", `"pastebin"`},
		{"GET", "/api/examples/pastebin", "", "", 200, "", `"name": "pastebin"`},
		{"GET", "/api/examples/nope", "", "", 404, "", `no example \"nope\"`},
		{"GET", "/api/tables/availability", "nines=3", "", 200, "", `"rows"`},
		{"GET", "/api/tables/availability", "nines=x", "", 400, "", "nines must be"},
		{"GET", "/api/tables/", "", "", 404, "", "no such API"},
		{"GET", "/api/tables/latency/x", "", "", 404, "", "no such API"},
		{"GET", "/api/nope", "", "", 404, "", "no such API: /api/nope"},
		{"POST", "/api/run", "", `{"source": "` + strings.Repeat("1", MaxBody) + `"}`, 413, "", "over 1048576 bytes"},
	} {
		q, _ := url.ParseQuery(c.query)
		resp := a.Do(context.Background(), Request{Method: c.method, Path: c.path, Query: q, Body: strings.NewReader(c.body)})
		if resp.Status != c.status || resp.Allow != c.allow || !strings.Contains(string(resp.Body), c.want) || !json.Valid(resp.Body) {
			t.Errorf("%s %s?%s: %d (Allow %q) %.200s; want %d (Allow %q) with %s", c.method, c.path, c.query, resp.Status, resp.Allow, resp.Body, c.status, c.allow, c.want)
		}
	}
}

// TestDoGone answers nothing to a caller that has gone.
func TestDoGone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp := New(Options{}).Do(ctx, Request{Method: "POST", Path: "/api/run", Body: strings.NewReader(`{"source": "1..2"}`)})
	if resp.Status != 0 {
		t.Errorf("a run for a caller that has gone: %d %s", resp.Status, resp.Body)
	}
}

// TestDeadline gives the static page the server's deadline and its
// answer past it.
func TestDeadline(t *testing.T) {
	for _, c := range []struct {
		timeout, want time.Duration
		text          string
	}{
		{0, 2 * time.Second, "ran longer than 2s and was stopped"},
		{300 * time.Millisecond, 300 * time.Millisecond, "ran longer than 300ms and was stopped"},
	} {
		d, body := New(Options{Timeout: c.timeout}).Deadline()
		var v RunResponse
		if err := json.Unmarshal(body, &v); err != nil || d != c.want || v.Results == nil || len(v.Results) != 0 ||
			v.Error == nil || !strings.Contains(v.Error.Msg, c.text) || v.Error.Hint == "" {
			t.Errorf("Deadline() with Timeout %v: %v, %s (%v); want %v and %q", c.timeout, d, body, err, c.want, c.text)
		}
	}
}
