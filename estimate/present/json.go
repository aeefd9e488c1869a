package present

import (
	"io"

	"github.com/napkin-calc/napkin/estimate"
)

// jsonResult is one statement in JSON.
type jsonResult struct {
	File      string   `json:"file,omitempty"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name,omitempty"`
	Source    string   `json:"source"`
	Value     *float64 `json:"value,omitempty"`
	Unit      string   `json:"unit"`
	BaseValue *float64 `json:"base_value,omitempty"`
	BaseUnit  string   `json:"base_unit"`
	Dimension string   `json:"dimension"`
	Text      string   `json:"text"`
	Passed    *bool    `json:"passed,omitempty"`
	Working   string   `json:"working,omitempty"`
	// Distribution summarises an uncertain value, in Unit.
	Distribution *jsonDistribution `json:"distribution,omitempty"`
}

// jsonDistribution is an uncertain value's samples summarised, in the
// unit of its value.
type jsonDistribution struct {
	Samples int     `json:"samples"`
	Mean    float64 `json:"mean"`
	SD      float64 `json:"sd"`
	P5      float64 `json:"p5"`
	P25     float64 `json:"p25"`
	P50     float64 `json:"p50"`
	P75     float64 `json:"p75"`
	P95     float64 `json:"p95"`
}

// jsonError is an error in JSON: "kind" is "evaluation" or "assertion".
type jsonError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Error   string `json:"error"`
	Hint    string `json:"hint,omitempty"`
	Source  string `json:"source,omitempty"`
	Failure string `json:"kind"`
}

func toJSON(file string, r estimate.Result) jsonResult {
	j := jsonResult{File: file, Line: r.Line, Column: r.Col, Kind: r.Kind.String(), Name: r.Name, Source: r.Source,
		Unit: r.Display.Unit, BaseUnit: r.BaseUnit, Dimension: r.Dimension, Text: r.Display.Text}
	switch r.Kind {
	case estimate.Assertion, estimate.Comparison:
		passed := r.Passed
		j.Passed = &passed
		j.Unit, j.BaseUnit, j.Dimension = "", "", ""
	default:
		v, b := r.Display.Number, r.Value.Base()
		cb := estimate.Clean(b)
		j.Value, j.BaseValue = &v, &cb
		if d, ok := r.Value.Distribution(); ok && (b != 0 || d == estimate.Distribution{Samples: d.Samples}) {
			k := 1.0 // every sample zero: in any unit
			if b != 0 {
				k = v / b // base units to the value's unit
			}
			c := func(x float64) float64 { return estimate.Clean(x * k) }
			j.Distribution = &jsonDistribution{Samples: d.Samples, Mean: c(d.Mean), SD: c(d.SD),
				P5: c(d.P5), P25: c(d.P25), P50: c(d.P50), P75: c(d.P75), P95: c(d.P95)}
		}
	}
	return j
}

func errJSON(file string, e *estimate.Error, kind string) jsonError {
	return jsonError{File: file, Line: e.Line, Column: e.Col, Error: e.Msg, Hint: e.Hint, Source: e.Source, Failure: kind}
}

// items lists a file's results and errors as JSON objects, each failed
// assertion's error right after it; withWorking adds each statement's
// working and names the file on every result.
func items(f File, withWorking bool) []any {
	var out []any
	for _, r := range f.Results {
		j := toJSON("", r)
		if withWorking {
			j.File, j.Working = f.Name, r.Working()
			if j.File == "" {
				j.File = "-"
			}
		}
		out = append(out, j)
		if r.Err != nil {
			out = append(out, errJSON(f.Name, r.Err, "assertion"))
		}
	}
	if f.Err != nil {
		out = append(out, errJSON(f.Name, f.Err, "evaluation"))
	}
	return out
}

// LinesJSON writes a one-off answer as a JSON array: each statement,
// then its failure or the error that stopped the line.
func LinesJSON(w io.Writer, f File) error {
	out := items(f, false)
	if out == nil {
		out = []any{}
	}
	return WriteJSON(w, out)
}

// RunJSON writes files' results as one JSON array, each statement naming
// its file and showing its working, with the errors among them.
func RunJSON(w io.Writer, files []File) error {
	out := []any{}
	for _, f := range files {
		out = append(out, items(f, true)...)
	}
	return WriteJSON(w, out)
}
