package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/tables"
)

// Tab completion: liner calls complete with the line and the cursor.

// complete is liner's word completer. At the start of a line it
// completes ':' commands, then their arguments (topics, tables, files);
// elsewhere the name before the cursor: variables, constants, units,
// functions. pos counts runes.
func (r *repl) complete(line string, pos int) (head string, items []string, tail string) {
	rs := []rune(line)
	pos = max(0, min(pos, len(rs)))
	before, tail := string(rs[:pos]), string(rs[pos:])
	if t := strings.TrimLeftFunc(before, unicode.IsSpace); strings.HasPrefix(t, ":") {
		return commandHead(before, t), commandCompletions(t), tail
	}
	start := pos
	for start > 0 && estimate.IsNamePart(rs[start-1]) {
		start--
	}
	// A name cannot start with a digit: in "10GB" only "GB" is a name.
	for start < pos && !estimate.IsNameStart(rs[start]) {
		start++
	}
	word := string(rs[start:pos])
	if word == "" {
		return before, nil, tail
	}
	return string(rs[:start]), withPrefix(r.s.Names(), word), tail
}

// commandHead is the text kept before the completed word of a
// ':' line t, which ends before.
func commandHead(before, t string) string {
	i := strings.IndexFunc(t, unicode.IsSpace)
	if i < 0 {
		return before[:len(before)-len(t)]
	}
	arg := strings.TrimLeftFunc(t[i:], unicode.IsSpace)
	return before[:len(before)-len(arg)]
}

// commandCompletions completes a ':' line: the command, then its argument.
func commandCompletions(t string) []string {
	i := strings.IndexFunc(t, unicode.IsSpace)
	if i < 0 {
		var names []string
		for _, c := range replCommands {
			names = append(names, c.name)
			names = append(names, c.aliases...)
		}
		return withPrefix(names, t)
	}
	name, arg := t[:i], strings.TrimLeftFunc(t[i:], unicode.IsSpace)
	switch name {
	case ":help":
		return withPrefix(helpTopicNames(), arg)
	case ":table":
		return withPrefix(tables.Names, arg)
	case ":load", ":save", ":save!":
		return fileCompletions(arg)
	}
	return nil
}

// fileCompletions lists the files and directories whose paths start
// with prefix; directories end in a separator.
func fileCompletions(prefix string) []string {
	dir, base := filepath.Split(prefix)
	read := dir
	if read == "" {
		read = "."
	}
	entries, _ := os.ReadDir(read)
	var out []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), base) {
			continue
		}
		name := dir + e.Name()
		if e.IsDir() {
			name += string(filepath.Separator)
		}
		out = append(out, name)
	}
	return out
}

func withPrefix(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
