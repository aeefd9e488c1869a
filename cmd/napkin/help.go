package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/spf13/cobra"
)

// helpTopics are the topics of 'napkin help TOPIC' and the REPL's
// ':help TOPIC', generated from the engine's registries.
var helpTopics = []struct {
	name, short string
	text        func(s *estimate.Session) string
}{
	{"language", "The estimate language: statements, numbers, operators, conversions", func(*estimate.Session) string { return estimate.LanguageHelp }},
	{"units", "Every unit, prefix and scale word napkin knows", unitsHelp},
	{"functions", "The functions, availability maths among them", functionsHelp},
	{"constants", "The named constants: the latency numbers", constantsHelp},
}

// helpTopic returns the text of a help topic.
func helpTopic(name string, s *estimate.Session) (string, bool) {
	for _, t := range helpTopics {
		if t.name == name {
			return t.text(s), true
		}
	}
	return "", false
}

// helpTopicNames lists the topics.
func helpTopicNames() []string {
	var out []string
	for _, t := range helpTopics {
		out = append(out, t.name)
	}
	return out
}

func addHelpTopics(root *cobra.Command) {
	for _, t := range helpTopics {
		t := t
		root.AddCommand(&cobra.Command{
			Use:   t.name,
			Short: t.short,
			Long:  t.short + ".",
			Run: func(cmd *cobra.Command, args []string) {
				fmt.Fprint(cmd.OutOrStdout(), t.text(newSession()))
			},
			// A topic has no Run of its own in cobra's eyes: help lists it under "Additional help topics".
		})
	}
	// Topics are shown by 'napkin help TOPIC'; as commands they would
	// shadow expressions, so they are hidden help-only commands.
	for _, c := range root.Commands() {
		for _, t := range helpTopics {
			if c.Name() == t.name {
				c.Hidden = true
			}
		}
	}
}

// unitsHelp lists units by section, with spellings and values.
func unitsHelp(s *estimate.Session) string {
	return unitsListing(s, "")
}

// unitsListing lists the units whose names or section contain filter.
func unitsListing(s *estimate.Session, filter string) string {
	var b strings.Builder
	section := ""
	n := 0
	for _, u := range s.Units() {
		if filter != "" && !matchesUnit(u, filter) {
			continue
		}
		if u.Section != section {
			section = u.Section
			if n > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "%s:\n", section)
		}
		n++
		value := u.Value
		if u.Kind == estimate.KindUnit && u.Dimension != "" && isBase(u) {
			value = "base unit of " + u.Dimension
		}
		fmt.Fprintf(&b, "  %-28s %s\n", strings.Join(u.Aliases, " "), value)
	}
	if n == 0 {
		return "no units match " + fmt.Sprintf("%q", filter) + "\n"
	}
	return b.String()
}

func isBase(u estimate.UnitInfo) bool {
	return u.Value == "1 "+u.Name || u.Value == "1 bit" && u.Name == "bit"
}

func matchesUnit(u estimate.UnitInfo, filter string) bool {
	f := strings.ToLower(filter)
	if strings.Contains(strings.ToLower(u.Section), f) || strings.Contains(strings.ToLower(u.Dimension), f) {
		return true
	}
	for _, a := range u.Aliases {
		if strings.Contains(strings.ToLower(a), f) {
			return true
		}
	}
	return false
}

func functionsHelp(*estimate.Session) string {
	var b strings.Builder
	b.WriteString("Functions:\n")
	for _, f := range estimate.Functions() {
		fmt.Fprintf(&b, "  %-22s %s\n", f.Usage, f.Doc)
	}
	return b.String()
}

func constantsHelp(s *estimate.Session) string {
	var b strings.Builder
	b.WriteString("Constants:\n")
	cs := s.Constants()
	sort.SliceStable(cs, func(i, j int) bool { return false })
	for _, c := range cs {
		fmt.Fprintf(&b, "  %-22s %-12s %s\n", c.Name, c.Text, c.Doc)
	}
	return b.String()
}
