package tables

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/napkin-calc/napkin/estimate"
)

// latencyRow is one line of latency.tsv, with the constant's label from
// the engine.
type latencyRow struct {
	name, label  string
	ratios       []string // what the note's ratio pieces compare with
	note         string
	metric       string // expression of the handy metric, or ""
	primerMetric string
	remark       string
}

// latencyRows reads latency.tsv once. The file is embedded, so an error
// is a bug the tests catch.
var latencyRows = sync.OnceValues(func() ([]latencyRow, error) {
	rows, err := readTSV("latency.tsv", "name", "ratios", "note", "metric", "primer_metric", "remark")
	if err != nil {
		return nil, err
	}
	consts := estimate.NewSession().Constants()
	if len(rows) != len(consts) {
		return nil, fmt.Errorf("latency.tsv has %d rows for the engine's %d constants", len(rows), len(consts))
	}
	var out []latencyRow
	for i, f := range rows {
		if f[0] != consts[i].Name {
			return nil, fmt.Errorf("latency.tsv: row %d is %s, the engine's constant %s", i+1, f[0], consts[i].Name)
		}
		r := latencyRow{name: f[0], label: consts[i].Doc, ratios: strings.Fields(f[1]),
			note: f[2], metric: f[3], primerMetric: f[4], remark: f[5]}
		if n := len(ratioPieces(r.note)); n != len(r.ratios) {
			return nil, fmt.Errorf("latency.tsv: %s: the note has %d ratios, the ratios column %d names", r.name, n, len(r.ratios))
		}
		out = append(out, r)
	}
	return out, nil
})

// ratioPiece matches a ratio in the primer's note: "14x L1 cache", "4X memory".
var ratioPiece = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+(?:\.\d+)?)[xX] (.+)$`) })

// ratioPieces returns the indexes of the note's pieces that are ratios.
func ratioPieces(note string) []int {
	var out []int
	for i, p := range splitNote(note) {
		if ratioPiece().MatchString(p) {
			out = append(out, i)
		}
	}
	return out
}

func splitNote(note string) []string {
	if note == "" {
		return nil
	}
	return strings.Split(note, ", ")
}

// latency is the latency numbers with their constants' names, the time
// each would take if an L1 reference took a second, the primer's handy
// metrics beside the rows they come from, and the primer's notes with
// their ratios recomputed.
func latency() (Grid, error) {
	rows, err := latencyRows()
	if err != nil {
		return Grid{}, err
	}
	c := newCalc()
	g := Grid{
		Header:  []string{"Name", "Operation", "Latency", "If L1 took 1 s", "Handy metric", "Note"},
		Numeric: map[int]bool{2: true, 3: true, 4: true},
	}
	for _, r := range rows {
		var metric string
		var notes []string
		k := 0
		for _, p := range splitNote(r.note) {
			m := ratioPiece().FindStringSubmatch(p)
			if m == nil {
				notes = append(notes, p)
				continue
			}
			ratio := c.text("%s / %s", r.name, r.ratios[k])
			k++
			n := ratio + "x " + m[2]
			if ratio != m[1] {
				n += " (the primer's " + m[1] + "x is wrong)"
			}
			notes = append(notes, n)
		}
		if r.metric != "" {
			metric = c.text("%s", r.metric)
			if metric != r.primerMetric {
				notes = append(notes, "primer: "+r.primerMetric)
			}
		}
		if r.remark != "" {
			notes = append(notes, r.remark)
		}
		g.Rows = append(g.Rows, []string{
			r.name,
			r.label,
			c.text("%s", r.name),
			c.text("%s / l1_ref * 1 s", r.name),
			metric,
			strings.Join(notes, "; "),
		})
	}
	return g, c.err
}
