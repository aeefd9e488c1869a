package main

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// grid is a table to render: a header and rows of cells, and which
// columns hold numbers (aligned right).
type grid struct {
	header  []string
	rows    [][]string
	numeric map[int]bool
}

// renderGrid writes g as "table" (box drawing), "markdown", "csv" or
// "json" (an array of objects keyed by the header's lowercased names).
func renderGrid(w io.Writer, format string, g grid) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(g.header); err != nil {
			return err
		}
		if err := cw.WriteAll(g.rows); err != nil {
			return err
		}
		return cw.Error()
	case "json":
		items := make([]map[string]string, 0, len(g.rows))
		for _, r := range g.rows {
			m := map[string]string{}
			for i, h := range g.header {
				if i < len(r) {
					m[jsonKey(h)] = r[i]
				}
			}
			items = append(items, m)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	align := make([]tw.Align, len(g.header))
	for i := range align {
		align[i] = tw.AlignLeft
		if g.numeric[i] {
			align[i] = tw.AlignRight
		}
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	}
	if format == "markdown" {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(g.header)
	for _, r := range g.rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	return t.Render()
}

// jsonKey turns a column heading into a JSON key: "Per day" -> "per_day".
func jsonKey(h string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(h)), " ", "_")
}
