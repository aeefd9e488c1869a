// Package api answers napkin's web API: an estimate run as the command
// runs it, the reference tables and the examples, as JSON. It knows
// nothing of net/http, so the server (package web) and the page's engine
// compiled to WebAssembly (package wasm) answer the same requests with
// the same code, and the WebAssembly build stays small.
//
// A request gets a fresh session, so requests share nothing. Each run
// has a deadline: once it passes, the engine stops at its next operation
// over samples or its next statement, and the client gets an error. (A
// statement of plain numbers is never long enough to matter: at most
// 10,000 terms.) At most Options.Parallel runs go at once.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/napkin-calc/napkin/examples"
	"github.com/napkin-calc/napkin/tables"
)

// HTTP statuses, spelled out here to keep net/http out of the
// WebAssembly build.
const (
	statusOK                    = 200
	statusBadRequest            = 400
	statusNotFound              = 404
	statusMethodNotAllowed      = 405
	statusRequestEntityTooLarge = 413
	statusUnsupportedMediaType  = 415
	statusServiceUnavailable    = 503
)

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

// MaxSamples is the most samples a request may ask for: enough for a
// smooth histogram, few enough that a statement the deadline cannot stop
// (the engine checks it between statements) holds a core for seconds,
// not minutes.
const MaxSamples = 100_000

// Options configure an API; the zero value is usable.
type Options struct {
	Timeout  time.Duration // how long one run may take (2s)
	Parallel int           // runs at once (GOMAXPROCS)
	Digits   int           // significant digits; 0 for the engine's default
	Samples  int           // samples when a request names none (estimate.DefaultSamples)
	Seed     uint64        // seed when a request names none (estimate.DefaultSeed)
}

// API answers requests; its methods may be called at once from many
// goroutines.
type API struct {
	opt   Options
	slots chan struct{}
}

// New returns an API with o's defaults filled in.
func New(o Options) *API {
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	if o.Parallel <= 0 {
		o.Parallel = runtime.GOMAXPROCS(0)
	}
	if o.Samples == 0 {
		o.Samples = estimate.DefaultSamples
	}
	if o.Seed == 0 {
		o.Seed = estimate.DefaultSeed
	}
	return &API{opt: o, slots: make(chan struct{}, o.Parallel)}
}

// Request is one call of the API.
type Request struct {
	Method      string // GET or POST
	Path        string // /api/run, /api/tables/NAME, /api/examples[/NAME]
	Query       url.Values
	ContentType string
	Body        io.Reader // POST /api/run's RunRequest; read up to MaxBody bytes
}

// Response is the API's answer: a status, as HTTP's, and a JSON body.
// Allow lists the methods a path takes when the method was wrong.
// Status 0 means no answer: the caller's context ended first.
type Response struct {
	Status int
	Allow  string
	Body   []byte
}

// Do answers one request:
//
//	POST /api/run            run an estimate: RunRequest in, RunResponse out
//	GET  /api/tables/NAME    a reference table (?nines=3,4 ?sla=99.95 ?all=1)
//	GET  /api/examples       the examples' names and titles
//	GET  /api/examples/NAME  an example's text
func (a *API) Do(ctx context.Context, r Request) Response {
	method := "GET"
	var serve func() Response
	switch name, isTable := strings.CutPrefix(r.Path, "/api/tables/"); {
	case r.Path == "/api/run":
		method, serve = "POST", func() Response { return a.run(ctx, r) }
	case isTable && name != "" && !strings.Contains(name, "/"):
		serve = func() Response { return table(name, r.Query) }
	case r.Path == "/api/examples":
		serve = exampleList
	case strings.HasPrefix(r.Path, "/api/examples/"):
		serve = func() Response { return example(strings.TrimPrefix(r.Path, "/api/examples/")) }
	default:
		return failure(statusNotFound, "no such API: "+r.Path, "")
	}
	if r.Method != method && !(method == "GET" && r.Method == "HEAD") {
		resp := failure(statusMethodNotAllowed, fmt.Sprintf("%s %s: it takes %s", r.Method, r.Path, method), "")
		if r.Path == "/api/run" {
			resp = failure(statusMethodNotAllowed, "POST an estimate to /api/run", "")
		}
		resp.Allow = method
		return resp
	}
	return serve()
}

func answer(status int, v any) Response {
	var b bytes.Buffer
	_ = present.WriteJSON(&b, v)
	return Response{Status: status, Body: b.Bytes()}
}

func failure(status int, msg, hint string) Response {
	return answer(status, struct {
		Error Error `json:"error"`
	}{Error{Msg: msg, Hint: hint}})
}

// RunRequest is the body of POST /api/run.
type RunRequest struct {
	Source  string   `json:"source"`
	Set     []string `json:"set,omitempty"`     // what-ifs, "name=expr", as --set
	Samples int      `json:"samples,omitempty"` // samples of each uncertain value
	Seed    uint64   `json:"seed,omitempty"`
	// Sensitivity names a variable whose spread to explain, as napkin
	// run --sensitivity does.
	Sensitivity string `json:"sensitivity,omitempty"`
}

// RunResponse is what POST /api/run returns: the statements that ran,
// and the error that stopped the estimate, if any.
type RunResponse struct {
	Results []Result `json:"results"`
	Error   *Error   `json:"error,omitempty"`
	// More are the errors after Error: a run goes on past a failed
	// statement, as napkin check does, and those that use what failed
	// are Skipped.
	More   []Error `json:"more,omitempty"`
	Passed int     `json:"passed"` // assertions that held
	Failed int     `json:"failed"` // assertions that failed
	// Sensitivity ranks the ranges behind the variable the request
	// named, most of its spread first.
	Sensitivity []present.SensitivityRow `json:"sensitivity,omitempty"`
}

// Result is one statement.
type Result struct {
	Line    int      `json:"line"`
	Col     int      `json:"col"`
	Kind    string   `json:"kind"` // expression, assignment, assert, unit, comparison
	Name    string   `json:"name,omitempty"`
	Source  string   `json:"source"`
	Text    string   `json:"text"`            // the value as napkin prints it
	Value   *float64 `json:"value,omitempty"` // the number in Unit
	Unit    string   `json:"unit,omitempty"`
	Passed  *bool    `json:"passed,omitempty"` // assertions and comparisons
	Error   *Error   `json:"error,omitempty"`  // a failed assertion
	Working string   `json:"working"`          // the statement as napkin --explain shows it
	// Distribution and Histogram describe an uncertain value.
	Distribution *Distribution `json:"distribution,omitempty"`
	Histogram    *Histogram    `json:"histogram,omitempty"`
}

// Distribution is an uncertain value's median and 90% interval, as
// numbers in the result's unit and as napkin prints them.
type Distribution struct {
	Samples  int     `json:"samples"`
	P5       float64 `json:"p5"`
	P50      float64 `json:"p50"`
	P95      float64 `json:"p95"`
	Median   string  `json:"median"`
	Low      string  `json:"low"`  // the 5th percentile
	High     string  `json:"high"` // the 95th percentile
	Interval string  `json:"interval"`
}

// Histogram is an uncertain value's samples in bins between its 1st and
// 99th percentiles, the tails in the end bins, as napkin run --hist
// draws it. Edges label the len(Counts)+1 bin edges as napkin prints
// values; Marks give the bin of the p5, p50 and p95; Log says the bins
// are even on a log axis.
type Histogram struct {
	Counts []int          `json:"counts"`
	Edges  []string       `json:"edges"`
	Log    bool           `json:"log"`
	Marks  map[string]int `json:"marks"`
}

// Error is an error in an estimate or a request. Line 0 is not in the
// source: a what-if's text (Input names it) or the request as a whole.
type Error struct {
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	Msg    string `json:"msg"`
	Hint   string `json:"hint,omitempty"`
	Source string `json:"source,omitempty"`
	Input  string `json:"input,omitempty"`
	// Skipped: the statement did not run, since one it uses failed.
	Skipped bool `json:"skipped,omitempty"`
}

func (a *API) run(ctx context.Context, r Request) Response {
	if ct := r.ContentType; ct != "" && !strings.HasPrefix(ct, "application/json") {
		return failure(statusUnsupportedMediaType, "the body must be JSON, not "+ct, `send Content-Type: application/json`)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return failure(statusBadRequest, "cannot read the request: "+err.Error(), "")
	}
	if len(body) > MaxBody {
		return failure(statusRequestEntityTooLarge, fmt.Sprintf("the request is over %d bytes", MaxBody), "")
	}
	var req RunRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return failure(statusBadRequest, "bad JSON: "+err.Error(), `send {"source": "1 TB / 1 Gbps"}`)
	}
	if req.Samples == 0 {
		req.Samples = a.opt.Samples
	}
	if req.Samples < estimate.MinSamples || req.Samples > MaxSamples {
		return failure(statusBadRequest, fmt.Sprintf("samples must be from %d to %d, not %d", estimate.MinSamples, MaxSamples, req.Samples), "")
	}
	if req.Seed == 0 {
		req.Seed = a.opt.Seed
	}
	var sets [][2]string
	for _, kv := range req.Set {
		name, text, ok := strings.Cut(kv, "=")
		name, text = strings.TrimSpace(name), strings.TrimSpace(text)
		if !ok || name == "" || text == "" {
			return failure(statusBadRequest, fmt.Sprintf("set wants name=EXPR, not %q", kv), "")
		}
		sets = append(sets, [2]string{name, text})
	}

	caller := ctx
	if caller.Err() != nil {
		return Response{} // the client has gone
	}
	ctx, cancel := context.WithTimeout(ctx, a.opt.Timeout)
	defer cancel()
	select {
	case a.slots <- struct{}{}:
	case <-ctx.Done():
		if caller.Err() != nil {
			return Response{} // the client has gone
		}
		return failure(statusServiceUnavailable, "the server is busy with other estimates", "try again in a moment")
	}
	done := make(chan RunResponse, 1)
	go func() {
		defer func() { <-a.slots }()
		done <- a.evaluate(ctx, req, sets)
	}()
	finished := func(resp RunResponse) Response {
		e := resp.Error
		if n := len(resp.More); n > 0 {
			e = &resp.More[n-1] // an interruption ends the run: it is the last error
		}
		if e != nil && ctx.Err() != nil && e.Msg == "interrupted" {
			long := a.tooLong() // the engine stopped the run at the deadline
			e.Msg, e.Hint = long.Msg, long.Hint
		}
		return answer(statusOK, resp)
	}
	select {
	case resp := <-done:
		return finished(resp)
	case <-ctx.Done():
		if caller.Err() != nil {
			return Response{} // the client has gone
		}
		// The engine stops within milliseconds of its deadline: wait a
		// little for the lines it finished, and their errors.
		select {
		case resp := <-done:
			return finished(resp)
		case <-time.After(stopGrace):
			return a.pastDeadline()
		}
	}
}

// stopGrace is how long a run past its deadline is given to stop and
// return what it finished, before the answer is only that it ran too
// long.
const stopGrace = 200 * time.Millisecond

// Deadline returns how long a run may take and the answer to one that
// takes longer, for a client that keeps the deadline itself: the static
// page, whose engine cannot stop itself (see package wasm).
func (a *API) Deadline() (time.Duration, []byte) {
	return a.opt.Timeout, a.pastDeadline().Body
}

func (a *API) pastDeadline() Response {
	return answer(statusOK, RunResponse{Results: []Result{}, Error: a.tooLong()})
}

func (a *API) tooLong() *Error {
	return &Error{Msg: fmt.Sprintf("the estimate ran longer than %v and was stopped", a.opt.Timeout),
		Hint: "ask for fewer samples, or split the estimate"}
}

// evaluate runs an estimate as napkin run does: compiled once, the
// what-ifs replacing their assignments.
func (a *API) evaluate(ctx context.Context, req RunRequest, sets [][2]string) RunResponse {
	opts := []estimate.Option{estimate.WithSamples(req.Samples), estimate.WithSeed(req.Seed)}
	if a.opt.Digits > 0 {
		opts = append(opts, estimate.WithDigits(a.opt.Digits))
	}
	sess := estimate.NewSession(opts...)
	var (
		res    []estimate.Result
		err    error
		m      *estimate.Model
		inputs []*estimate.Input
	)
	var more []*estimate.Error
	if len(sets) == 0 && req.Sensitivity == "" {
		// Run once: compiled and run a line at a time, keeping no program,
		// and on past a failed statement: a slip in the middle of the text
		// leaves the results below it in place.
		var errs []*estimate.Error
		res, errs = sess.RunAll(ctx, req.Source)
		if len(errs) > 0 {
			err, more = errs[0], errs[1:]
		}
	} else {
		m, _ = sess.Compile(req.Source)
		for _, kv := range sets {
			in, ierr := m.Input(kv[0], kv[1])
			if ierr != nil {
				return RunResponse{Results: []Result{}, Error: toError(ierr)}
			}
			inputs = append(inputs, in)
		}
		res, err = m.RunContext(ctx, inputs...)
	}
	f := present.File{Source: req.Source, Results: res, Err: present.EvalError(err), More: more}
	out := RunResponse{Results: make([]Result, 0, len(res))}
	if req.Sensitivity != "" && err == nil && ctx.Err() == nil {
		sens, serr := m.Sensitivity(req.Sensitivity, inputs...)
		if serr != nil {
			f.Err = present.EvalError(serr)
		}
		out.Sensitivity = present.SensitivityRows(sens, func(v estimate.Value) string { return sess.FormatSampled(v).Text })
	}
	for _, e := range more {
		out.More = append(out.More, *toError(e))
	}
	if f.Err != nil {
		out.Error = toError(f.Err)
	}
	out.Passed, out.Failed = f.Counts()
	out.Results = out.Results[:len(res)]
	// A range's histogram and labels cost about as much again as the
	// engine's run: share them out among the cores. The session is only
	// read from here on.
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(res))
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(res); i += workers {
				out.Results[i] = result(sess, res[i], req.Samples)
			}
		})
	}
	wg.Wait()
	return out
}

func toError(err error) *Error {
	e := present.EvalError(err)
	if e == nil {
		return nil
	}
	return &Error{Line: e.Line, Col: e.Col, Msg: e.Msg, Hint: e.Hint, Source: e.Source, Input: e.Input, Skipped: e.Skipped}
}

func result(sess *estimate.Session, r estimate.Result, samples int) Result {
	out := Result{Line: r.Line, Col: r.Col, Kind: r.Kind.String(), Name: r.Name, Source: r.Source, Text: r.Display.Text}
	// One histogram gives the percentiles too: each percentile of a value
	// selects among its samples again, so each costs.
	h, uncertain := r.Value.Histogram(present.HistRows)
	plain := r // Explain without its sparkline: the page draws the histogram
	if uncertain {
		plain.Value = r.Value.At(h.P50)
	}
	var b strings.Builder
	_ = present.Explain(&b, present.File{Results: []estimate.Result{plain}})
	out.Working = strings.TrimSuffix(b.String(), "\n")
	if r.Err != nil {
		out.Error = toError(r.Err)
	}
	switch r.Kind {
	case estimate.Assertion, estimate.Comparison:
		passed := r.Passed
		out.Passed = &passed
		return out
	case estimate.UnitDeclaration:
		return out
	}
	v := r.Display.Number
	out.Value, out.Unit = &v, r.Display.Unit
	if !uncertain {
		return out
	}
	show := func(base float64) string { return sess.Format(r.Value.At(base)).Text }
	k := 1.0 // base units to the shown unit
	if h.P50 != 0 {
		k = v / h.P50
	}
	low, mid, high := show(h.P5), show(h.P50), show(h.P95)
	out.Distribution = &Distribution{Samples: samples, P5: estimate.Clean(h.P5 * k), P50: estimate.Clean(h.P50 * k), P95: estimate.Clean(h.P95 * k),
		Median: mid, Low: low, High: high, Interval: low + " .. " + high}
	hist := &Histogram{Counts: h.Counts, Log: h.Log, Marks: map[string]int{}}
	for _, e := range h.Edges {
		hist.Edges = append(hist.Edges, show(e))
	}
	for name, at := range map[string]float64{"p5": h.P5, "p50": h.P50, "p95": h.P95} {
		i := 0
		for i < len(h.Counts)-1 && at >= h.Edges[i+1] {
			i++
		}
		hist.Marks[name] = i
	}
	out.Histogram = hist
	return out
}

func table(name string, q url.Values) Response {
	var o tables.Options
	for f := range strings.SplitSeq(q.Get("nines"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 12 {
			return failure(statusBadRequest, fmt.Sprintf("nines must be counts of nines from 1 to 12, not %q", f), "")
		}
		o.Nines = append(o.Nines, n)
	}
	for f := range strings.SplitSeq(q.Get("sla"), ",") {
		if f = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f), "%")); f == "" {
			continue
		}
		p, err := strconv.ParseFloat(f, 64)
		if err != nil || p <= 0 || p >= 100 {
			return failure(statusBadRequest, fmt.Sprintf("sla must be percentages between 0 and 100, not %q", f), "")
		}
		o.SLA = append(o.SLA, p/100)
	}
	o.All = q.Get("all") == "1" || q.Get("all") == "true"
	g, err := tables.Lookup(name, o)
	if err != nil {
		return failure(statusNotFound, fmt.Sprintf("no table %q", name), "tables: "+strings.Join(tables.Names, ", "))
	}
	if g.Rows == nil {
		g.Rows = [][]string{}
	}
	return answer(statusOK, struct {
		Name   string     `json:"name"`
		Header []string   `json:"header"`
		Rows   [][]string `json:"rows"`
	}{name, g.Header, g.Rows})
}

func exampleList() Response {
	type item struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	out := []item{}
	for _, e := range examples.List() {
		out = append(out, item{e.Name, e.Title})
	}
	return answer(statusOK, struct {
		Examples []item   `json:"examples"`
		Tables   []string `json:"tables"`
	}{out, tables.Names})
}

func example(name string) Response {
	text, ok := examples.Read(name)
	if !ok {
		return failure(statusNotFound, fmt.Sprintf("no example %q", name), "examples: "+strings.Join(examples.Names(), ", "))
	}
	return answer(statusOK, struct {
		Name   string `json:"name"`
		Source string `json:"source"`
	}{strings.TrimSuffix(name, ".napkin"), text})
}
