package tables

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// Grid is a table to render: a header, rows of cells, and which columns
// hold numbers (aligned right).
type Grid struct {
	Header  []string
	Rows    [][]string
	Numeric map[int]bool
}

// Formats are the formats Render takes.
var Formats = []string{"table", "markdown", "csv", "json"}

// Render writes g as "table" (box drawing), "markdown", "csv" or "json"
// (an array of objects keyed by the header's names in snake case).
func Render(w io.Writer, format string, g Grid) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(g.Header); err != nil {
			return err
		}
		if err := cw.WriteAll(g.Rows); err != nil {
			return err
		}
		return cw.Error()
	case "json":
		items := make([]map[string]string, 0, len(g.Rows))
		for _, r := range g.Rows {
			m := map[string]string{}
			for i, h := range g.Header {
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
	align := make([]tw.Align, len(g.Header))
	for i := range align {
		align[i] = tw.AlignLeft
		if g.Numeric[i] {
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
	t.Header(g.Header)
	for _, r := range g.Rows {
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
