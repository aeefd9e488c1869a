// Package examples holds worked estimates of the System Design Primer's
// exercises, embedded so the napkin binary can list, show and run them.
package examples

import (
	"cmp"
	"embed"
	"io/fs"
	"slices"
	"strings"
)

// FS holds the example files, NAME.napkin at its root.
//
//go:embed *.napkin
var FS embed.FS

// Example is one embedded estimate file.
type Example struct {
	Name  string // file name without .napkin: "pastebin"
	Title string // the first comment line, without its "# "
}

// List returns the examples sorted by name.
func List() []Example {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		panic(err) // the embedded root always reads
	}
	var out []Example
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".napkin")
		if !ok {
			continue
		}
		text, _ := Read(name)
		out = append(out, Example{Name: name, Title: title(text)})
	}
	slices.SortFunc(out, func(a, b Example) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// Names returns the examples' names, sorted.
func Names() []string {
	var out []string
	for _, e := range List() {
		out = append(out, e.Name)
	}
	return out
}

// Read returns the text of the named example; the name may end in
// .napkin. ok is false if there is no such example.
func Read(name string) (text string, ok bool) {
	name = strings.TrimSuffix(name, ".napkin")
	if name == "" || strings.ContainsAny(name, `/\`) {
		return "", false
	}
	data, err := FS.ReadFile(name + ".napkin")
	if err != nil {
		return "", false
	}
	return string(data), true
}

// title is a file's first line if it is a comment, without the "#".
func title(text string) string {
	first, _, _ := strings.Cut(text, "\n")
	if t, ok := strings.CutPrefix(strings.TrimSpace(first), "#"); ok {
		return strings.TrimSpace(t)
	}
	return ""
}
