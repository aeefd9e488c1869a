// Package web serves napkin's page and its JSON API (package api): an
// estimate run as the command runs it, the reference tables and the
// examples. The page and its script are embedded; nothing is read from
// the file system. Export writes the same page as a static site that
// runs the engine compiled to WebAssembly, in a Web Worker.
package web

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/napkin-calc/napkin/estimate/web/api"
)

// assets holds the page: index.html, app.js and style.css, and
// worker.js, which only the static page loads (Export).
//
//go:embed assets
var assets embed.FS

// Options configure a Handler; the zero value is usable.
type Options = api.Options

// Handler returns the page and the API:
//
//	GET  /                   the page
//	POST /api/run            run an estimate: RunRequest in, RunResponse out
//	GET  /api/tables/NAME    a reference table (?nines=3,4 ?sla=99.95 ?all=1)
//	GET  /api/examples       the examples' names and titles
//	GET  /api/examples/NAME  an example's text
//
// Another method gets 405 with an Allow header, in JSON under /api/.
func Handler(o Options) http.Handler {
	a := api.New(o)
	static, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded folder is always there
	}
	mux := http.NewServeMux()
	call := func(w http.ResponseWriter, r *http.Request) {
		resp := a.Do(r.Context(), api.Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
			ContentType: r.Header.Get("Content-Type"), Body: r.Body})
		if resp.Status == 0 {
			return // the client has gone
		}
		if resp.Allow != "" {
			w.Header().Set("Allow", resp.Allow)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(resp.Status)
		_, _ = w.Write(resp.Body)
	}
	// /api/ takes every method, so a wrong one is answered in JSON with
	// the one it takes; the page's files take GET and HEAD.
	mux.HandleFunc("/api/", call)
	files := http.FileServerFS(static)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, r.Method+" "+r.URL.Path+": the page's files take GET", http.StatusMethodNotAllowed)
			return
		}
		files.ServeHTTP(w, r)
	})
	return secure(mux)
}

// secure adds the headers every response carries: the page loads
// nothing from elsewhere, and nothing is sniffed or framed.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}
