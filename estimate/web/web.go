// Package web serves napkin's page and its JSON API: an estimate run as
// the command runs it, the reference tables and the examples. The page
// and its script are embedded; nothing is read from the file system.
//
// A request gets a fresh session, so requests share nothing. Each run
// has a deadline: the engine stops between statements once it passes,
// and a statement still running past it is left to finish in the
// background while the client gets an error. At most Options.Parallel
// runs go at once, counting those left running.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/napkin-calc/napkin/examples"
	"github.com/napkin-calc/napkin/tables"
)

//go:embed assets
var assets embed.FS

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

// MaxSamples is the most samples a request may ask for: enough for a
// smooth histogram, few enough that a statement the deadline cannot stop
// (the engine checks it between statements) holds a core for seconds,
// not minutes.
const MaxSamples = 100_000

// Options configure a Handler; the zero value is usable.
type Options struct {
	Timeout  time.Duration // how long one run may take (2s)
	Parallel int           // runs at once (GOMAXPROCS)
	Digits   int           // significant digits; 0 for the engine's default
	Samples  int           // samples when a request names none (estimate.DefaultSamples)
	Seed     uint64        // seed when a request names none (estimate.DefaultSeed)
}

type server struct {
	opt   Options
	slots chan struct{}
}

// Handler returns the page and the API:
//
//	GET  /                   the page
//	POST /api/run            run an estimate: RunRequest in, RunResponse out
//	GET  /api/tables/NAME    a reference table (?nines=3,4 ?sla=99.95 ?all=1)
//	GET  /api/examples       the examples' names and titles
//	GET  /api/examples/NAME  an example's text
func Handler(o Options) http.Handler {
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
	s := &server{opt: o, slots: make(chan struct{}, o.Parallel)}
	static, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded folder is always there
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/run", s.run)
	mux.HandleFunc("GET /api/tables/{name}", s.table)
	mux.HandleFunc("GET /api/examples", s.exampleList)
	mux.HandleFunc("GET /api/examples/{name}", s.example)
	mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/run" {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "POST an estimate to /api/run", "")
			return
		}
		writeError(w, http.StatusNotFound, "no such API: "+r.URL.Path, "")
	})
	mux.Handle("GET /", http.FileServerFS(static))
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
	Passed  int      `json:"passed"` // assertions that held
	Failed  int      `json:"failed"` // assertions that failed
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
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = present.WriteJSON(w, v)
}

func writeError(w http.ResponseWriter, status int, msg, hint string) {
	writeJSON(w, status, struct {
		Error Error `json:"error"`
	}{Error{Msg: msg, Hint: hint}})
}

func (s *server) run(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, "the body must be JSON, not "+ct, `send Content-Type: application/json`)
		return
	}
	var req RunRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is over %d bytes", MaxBody), "")
			return
		}
		writeError(w, http.StatusBadRequest, "bad JSON: "+err.Error(), `send {"source": "1 TB / 1 Gbps"}`)
		return
	}
	if req.Samples == 0 {
		req.Samples = s.opt.Samples
	}
	if req.Samples < estimate.MinSamples || req.Samples > MaxSamples {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("samples must be from %d to %d, not %d", estimate.MinSamples, MaxSamples, req.Samples), "")
		return
	}
	if req.Seed == 0 {
		req.Seed = s.opt.Seed
	}
	var sets [][2]string
	for _, kv := range req.Set {
		name, text, ok := strings.Cut(kv, "=")
		name, text = strings.TrimSpace(name), strings.TrimSpace(text)
		if !ok || name == "" || text == "" {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("set wants name=EXPR, not %q", kv), "")
			return
		}
		sets = append(sets, [2]string{name, text})
	}

	ctx, cancel := context.WithTimeout(r.Context(), s.opt.Timeout)
	defer cancel()
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		writeError(w, http.StatusServiceUnavailable, "the server is busy with other estimates", "try again in a moment")
		return
	}
	done := make(chan RunResponse, 1)
	go func() {
		defer func() { <-s.slots }()
		done <- s.evaluate(ctx, req, sets)
	}()
	select {
	case resp := <-done:
		if e := resp.Error; e != nil && ctx.Err() != nil && e.Msg == "interrupted" {
			long := s.tooLong() // the engine stopped between statements, at the deadline
			e.Msg, e.Hint = long.Msg, long.Hint
		}
		writeJSON(w, http.StatusOK, resp)
	case <-ctx.Done():
		if r.Context().Err() != nil {
			return // the client has gone
		}
		writeJSON(w, http.StatusOK, RunResponse{Results: []Result{}, Error: s.tooLong()})
	}
}

func (s *server) tooLong() *Error {
	return &Error{Msg: fmt.Sprintf("the estimate ran longer than %v and was stopped", s.opt.Timeout),
		Hint: "ask for fewer samples, or split the estimate"}
}

// evaluate runs an estimate as napkin run does: compiled once, the
// what-ifs replacing their assignments.
func (s *server) evaluate(ctx context.Context, req RunRequest, sets [][2]string) RunResponse {
	opts := []estimate.Option{estimate.WithSamples(req.Samples), estimate.WithSeed(req.Seed)}
	if s.opt.Digits > 0 {
		opts = append(opts, estimate.WithDigits(s.opt.Digits))
	}
	sess := estimate.NewSession(opts...)
	var (
		res    []estimate.Result
		err    error
		m      *estimate.Model
		inputs []*estimate.Input
	)
	if len(sets) == 0 && req.Sensitivity == "" {
		// Run once: compiled and run a line at a time, keeping no program.
		res, err = sess.RunContext(ctx, req.Source)
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
	f := present.File{Source: req.Source, Results: res, Err: present.EvalError(err)}
	out := RunResponse{Results: make([]Result, 0, len(res))}
	if req.Sensitivity != "" && err == nil && ctx.Err() == nil {
		sens, serr := m.Sensitivity(req.Sensitivity, inputs...)
		if serr != nil {
			f.Err = present.EvalError(serr)
		}
		out.Sensitivity = present.SensitivityRows(sens, func(v estimate.Value) string { return sess.Format(v).Text })
	}
	if f.Err != nil {
		out.Error = toError(f.Err)
	}
	out.Passed, out.Failed = f.Counts()
	for _, r := range res {
		out.Results = append(out.Results, s.result(sess, r, req.Samples))
	}
	return out
}

func toError(err error) *Error {
	e := present.EvalError(err)
	if e == nil {
		return nil
	}
	return &Error{Line: e.Line, Col: e.Col, Msg: e.Msg, Hint: e.Hint, Source: e.Source, Input: e.Input}
}

func (s *server) result(sess *estimate.Session, r estimate.Result, samples int) Result {
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
	out.Distribution = &Distribution{Samples: samples, P5: h.P5 * k, P50: h.P50 * k, P95: h.P95 * k,
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

func (s *server) table(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var o tables.Options
	q := r.URL.Query()
	for f := range strings.SplitSeq(q.Get("nines"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 12 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("nines must be counts of nines from 1 to 12, not %q", f), "")
			return
		}
		o.Nines = append(o.Nines, n)
	}
	for f := range strings.SplitSeq(q.Get("sla"), ",") {
		if f = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f), "%")); f == "" {
			continue
		}
		p, err := strconv.ParseFloat(f, 64)
		if err != nil || p <= 0 || p >= 100 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("sla must be percentages between 0 and 100, not %q", f), "")
			return
		}
		o.SLA = append(o.SLA, p/100)
	}
	o.All = q.Get("all") == "1" || q.Get("all") == "true"
	g, err := tables.Lookup(name, o)
	if err != nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no table %q", name), "tables: "+strings.Join(tables.Names, ", "))
		return
	}
	if g.Rows == nil {
		g.Rows = [][]string{}
	}
	writeJSON(w, http.StatusOK, struct {
		Name   string     `json:"name"`
		Header []string   `json:"header"`
		Rows   [][]string `json:"rows"`
	}{name, g.Header, g.Rows})
}

func (s *server) exampleList(w http.ResponseWriter, r *http.Request) {
	type item struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	}
	out := []item{}
	for _, e := range examples.List() {
		out = append(out, item{e.Name, e.Title})
	}
	writeJSON(w, http.StatusOK, struct {
		Examples []item   `json:"examples"`
		Tables   []string `json:"tables"`
	}{out, tables.Names})
}

func (s *server) example(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	text, ok := examples.Read(name)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no example %q", name), "examples: "+strings.Join(examples.Names(), ", "))
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Name   string `json:"name"`
		Source string `json:"source"`
	}{strings.TrimSuffix(name, ".napkin"), text})
}
