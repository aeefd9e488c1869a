package main

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/doc"
	"github.com/napkin-calc/napkin/estimate/present"
)

// Markdown documents: their napkin blocks are one estimate, run with the
// document's own lines and columns, so every error and annotation points
// into the document.

// isDocument reports whether a file is Markdown, by its name.
func isDocument(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return true
	}
	return false
}

// isEstimate reports whether check takes a file found under a directory:
// a .napkin file, or a Markdown document with a napkin block (one that
// cannot be read counts, so that its error is reported).
func isEstimate(path string) bool {
	if strings.HasSuffix(path, ".napkin") {
		return true
	}
	if !isDocument(path) {
		return false
	}
	text, err := readFile(path)
	if err != nil {
		return true
	}
	d, err := doc.Parse(strings.ToValidUTF8(text, "\uFFFD"))
	return err != nil || len(d.Blocks) > 0
}

// fromDocument turns a Markdown source into its estimate. A document
// napkin cannot read, or one with no napkin block, gets its error.
func fromDocument(src source) source {
	d, err := doc.Parse(src.text)
	var e *estimate.Error
	switch {
	case errors.As(err, &e):
		src.err = e
	case err != nil:
		src.err = &estimate.Error{Msg: err.Error()}
	case len(d.Blocks) == 0:
		src.err = &estimate.Error{
			Msg:  "no napkin blocks in " + src.name,
			Hint: "napkin runs a Markdown document's fenced code blocks whose info string is napkin: ```napkin",
		}
	default:
		src.doc, src.text = d, d.Estimate
	}
	return src
}

// inDocument shows each error under the document's own line, block
// quote markers and all, rather than the estimate's.
func (src source) inDocument(f present.File) present.File {
	if src.doc == nil {
		return f
	}
	fix := func(e *estimate.Error) {
		if e != nil && e.Line > 0 && e.Input == "" {
			e.Source = src.doc.Line(e.Line)
		}
	}
	fix(f.Err)
	for _, e := range f.More {
		fix(e)
	}
	for i := range f.Results {
		fix(f.Results[i].Err)
	}
	return f
}
