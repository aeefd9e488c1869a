package present

import (
	"fmt"
	"io"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
)

// SparkWidth is how many bins a sparkline has.
const SparkWidth = 12

var bars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws an uncertain value's histogram in one line of
// SparkWidth characters, on a log axis for positive values: ▁▃▆█▆▃▂▁.
// It is "" for a plain value.
func Sparkline(v estimate.Value) string {
	h, ok := v.Histogram(SparkWidth)
	if !ok {
		return ""
	}
	top := 0
	for _, c := range h.Counts {
		top = max(top, c)
	}
	var b strings.Builder
	for _, c := range h.Counts {
		if c == 0 {
			b.WriteRune(' ')
			continue
		}
		b.WriteRune(bars[min(len(bars)-1, c*len(bars)/(top+1))])
	}
	return b.String()
}

// HistRows is how many rows a full histogram has.
const HistRows = 20

// Histogram writes an uncertain value's histogram: a row a bin with its
// range and a bar, and the 5th, 50th and 95th percentiles marked on the
// rows they fall in. show writes a value of the variable's dimension as
// napkin would. It fits a terminal 60 columns wide.
func Histogram(w io.Writer, name string, v estimate.Value, show func(estimate.Value) string) error {
	h, ok := v.Histogram(HistRows)
	if !ok {
		return fmt.Errorf("%s is not uncertain: it has no histogram", name)
	}
	top := 0
	for _, c := range h.Counts {
		top = max(top, c)
	}
	labels := make([]string, len(h.Edges))
	width := 0
	for i, e := range h.Edges {
		labels[i] = show(v.At(e))
		width = max(width, len([]rune(labels[i])))
	}
	var b strings.Builder
	axis := "linear"
	if h.Log {
		axis = "log"
	}
	fmt.Fprintf(&b, "%s: %s (%s axis; the end rows hold the 1%% tails)\n", name, show(v), axis)
	const barWidth = 30
	for i, c := range h.Counts {
		lo, hi := h.Edges[i], h.Edges[i+1]
		bar := strings.Repeat("█", (c*barWidth+top-1)/max(top, 1))
		var marks []string
		for _, m := range []struct {
			at   float64
			name string
		}{{h.P5, "p5"}, {h.P50, "p50"}, {h.P95, "p95"}} {
			if m.at >= lo && (m.at < hi || (i == len(h.Counts)-1 && m.at <= hi)) {
				marks = append(marks, m.name)
			}
		}
		mark := ""
		if len(marks) > 0 {
			mark = " ◂ " + strings.Join(marks, ", ")
		}
		fmt.Fprintf(&b, "%*s .. %-*s %-*s%s\n", width, labels[i], width, labels[i+1], barWidth, bar, mark)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SensitivityRow is one range's part in a variable's spread, as JSON
// shows it: the range's 5th and 95th percentiles, the variable's median
// with the range held at each, and its share of the variable's variance.
type SensitivityRow struct {
	Input  string  `json:"input"`
	Low    string  `json:"input_p5"`
	High   string  `json:"input_p95"`
	AtLow  string  `json:"at_p5"`
	AtHigh string  `json:"at_p95"`
	Share  float64 `json:"share_of_variance"`
}

// SensitivityRows shows each range's part, its values as show writes them.
func SensitivityRows(sens []estimate.Sensitivity, show func(estimate.Value) string) []SensitivityRow {
	out := []SensitivityRow{}
	for _, s := range sens {
		out = append(out, SensitivityRow{s.Input, show(s.Low), show(s.High), show(s.AtLow), show(s.AtHigh), s.Share})
	}
	return out
}

// SensitivityFormats are the formats a sensitivity table renders in.
var SensitivityFormats = []string{Table, Text, Markdown, CSV, JSON}

// Sensitivity writes which ranges drive name's spread: as a table, or as
// tornado bars in text, or as JSON.
func Sensitivity(w io.Writer, format, name string, sens []estimate.Sensitivity, show func(estimate.Value) string) error {
	switch format {
	case JSON:
		return WriteJSON(w, SensitivityRows(sens, show))
	case Text:
		var b strings.Builder
		width := 0
		for _, s := range sens {
			width = max(width, len([]rune(s.Input)))
		}
		fmt.Fprintf(&b, "what drives %s (share of its variance; its median with the input at the input's p5 .. p95):\n", name)
		for _, s := range sens {
			bar := strings.Repeat("█", int(s.Share*30+0.5))
			fmt.Fprintf(&b, "%-*s %5.1f%% %-30s %s .. %s\n", width, s.Input, s.Share*100, bar, show(s.AtLow), show(s.AtHigh))
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	g := Grid{Header: []string{"Input", "Input p5 .. p95", name + " at input p5", name + " at input p95", "Share of variance"},
		Numeric: map[int]bool{2: true, 3: true, 4: true}}
	for _, s := range sens {
		g.Rows = append(g.Rows, []string{s.Input, show(s.Low) + " .. " + show(s.High), show(s.AtLow), show(s.AtHigh), fmt.Sprintf("%.1f%%", s.Share*100)})
	}
	return Render(w, format, g)
}
