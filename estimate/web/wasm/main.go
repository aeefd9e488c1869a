//go:build js && wasm

// Command wasm is napkin's engine for the static page that napkin serve
// --export writes: built with GOOS=js GOARCH=wasm, it answers the page's
// API requests in the browser with the server's own code (package api),
// so the page's script differs only in how it sends them. The page runs
// it in a Web Worker (assets/worker.js), off the page's thread.
//
// It defines napkinAPI(method, path, body) in JavaScript, which returns
// a promise of {status, body}, the body JSON text as the server sends
// it; then it calls napkinReady() if the worker has defined it.
package main

import (
	"context"
	"net/url"
	"strings"
	"syscall/js"
	"time"

	"github.com/napkin-calc/napkin/estimate/web/api"
)

func main() {
	// Goroutines take turns on the worker's one thread, so nothing here
	// could stop a run at a deadline, or even notice it until the run is
	// over: the page keeps the deadline, ending the worker when it passes.
	a := api.New(api.Options{Timeout: 24 * time.Hour})
	promise := js.Global().Get("Promise")
	js.Global().Set("napkinAPI", js.FuncOf(func(_ js.Value, args []js.Value) any {
		var method, target, body string
		for i, s := range []*string{&method, &target, &body} {
			if i < len(args) && args[i].Type() == js.TypeString {
				*s = args[i].String()
			}
		}
		var resolve js.Value
		p := promise.New(js.FuncOf(func(_ js.Value, fns []js.Value) any {
			resolve = fns[0]
			return nil
		}))
		// A callback that blocks holds up the worker, and a run waits on
		// a goroutine of its own: answer from another goroutine.
		go func() {
			resp := serve(a, method, target, body)
			resolve.Invoke(map[string]any{"status": resp.Status, "body": string(resp.Body)})
		}()
		return p
	}))
	if ready := js.Global().Get("napkinReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // answer for as long as the page is open
}

// serve answers a request for target, a path relative to the page with
// an optional query, as the server would.
func serve(a *api.API, method, target, body string) api.Response {
	u, err := url.Parse("/" + strings.TrimPrefix(target, "/"))
	if err != nil {
		u = &url.URL{Path: "/api/" + target}
	}
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	return a.Do(context.Background(), api.Request{Method: method, Path: u.Path, Query: u.Query(),
		ContentType: ct, Body: strings.NewReader(body)})
}
