package present

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"unicode"

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

// GridFormats are the formats Render takes.
var GridFormats = []string{Table, Markdown, CSV, JSON}

// Render writes g as "table" (box drawing), "markdown", "csv" or "json"
// (an array of objects keyed by the header's names in snake case, in
// the header's order).
func Render(w io.Writer, format string, g Grid) error {
	switch format {
	case CSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(g.Header); err != nil {
			return err
		}
		if err := cw.WriteAll(g.Rows); err != nil {
			return err
		}
		return cw.Error()
	case JSON:
		items := make([]jsonRow, 0, len(g.Rows))
		for _, r := range g.Rows {
			items = append(items, jsonRow{g.Header, r})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
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
	if format == Markdown {
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

// jsonRow is a row as a JSON object, its keys in the header's order.
type jsonRow struct {
	header, cells []string
}

func (r jsonRow) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, h := range r.header {
		if i >= len(r.cells) {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // CA->Netherlands, not CA-\u003eNetherlands
		if err := enc.Encode(jsonKey(h)); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		b.WriteByte(':')
		if err := enc.Encode(r.cells[i]); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonKey turns a column heading into a JSON key, its runs of letters
// and digits joined by underscores: "Per day" -> "per_day", "Bytes (IEC)"
// -> "bytes_iec".
func jsonKey(h string) string {
	words := strings.FieldsFunc(strings.ToLower(h), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(words, "_")
}
