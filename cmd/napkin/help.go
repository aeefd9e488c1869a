package main

import (
	"fmt"
	"slices"
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

// addHelpTopics adds 'napkin help language' and the other topics. They
// are cobra help topics, commands with no Run, so 'napkin --help' lists
// them under "Additional help topics"; their text is generated when asked.
func addHelpTopics(root *cobra.Command) {
	for _, t := range helpTopics {
		c := &cobra.Command{Use: t.name, Short: t.short, Long: t.short + "."}
		c.SetHelpFunc(func(cmd *cobra.Command, _ []string) {
			fmt.Fprint(cmd.OutOrStdout(), t.text(estimate.NewSession()))
		})
		root.AddCommand(c)
	}
}

// unitsHelp lists units by section, with spellings and values.
func unitsHelp(s *estimate.Session) string {
	return unitsListing(s, "")
}

// unitsListing lists the units whose names, section or dimension
// contain filter, by section. Prefixed forms (MB, GiB) are summarised under
// the unit they prefix unless the filter names one exactly.
func unitsListing(s *estimate.Session, filter string) string {
	var b strings.Builder
	section := ""
	n := 0
	for _, u := range s.Units() {
		exact := filter != "" && slices.Contains(u.Aliases, filter)
		if u.Base != "" && !exact {
			continue
		}
		if filter != "" && !exact && !matchesUnit(u, filter) {
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
		var what string
		switch {
		case u.Base != "" || u.Kind == estimate.KindScale:
			what = "= " + u.Value
		case u.Definition == "":
			what = "base unit of " + u.Dimension
		default:
			what = "= " + u.Definition
			if v := u.Value; !sameText(v, "1 "+u.Name, u.Definition, "1 "+u.Definition) {
				what += " = " + v
			}
		}
		fmt.Fprintf(&b, "  %-30s %s\n", strings.Join(u.Aliases, " "), what)
		if len(u.Prefixes) > 0 {
			fmt.Fprintf(&b, "  %-30s prefixes: %s\n", "", strings.Join(u.Prefixes, " "))
		}
	}
	if n == 0 {
		return fmt.Sprintf("no units match %q\n", filter)
	}
	return b.String()
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
		fmt.Fprintf(&b, "  %-28s %s\n", f.Usage, f.Doc)
	}
	return b.String()
}

func constantsHelp(s *estimate.Session) string {
	var b strings.Builder
	b.WriteString("Constants:\n")
	for _, c := range s.Constants() {
		fmt.Fprintf(&b, "  %-22s %-12s %s\n", c.Name, c.Text, c.Doc)
	}
	return b.String()
}

// sameText reports whether v reads as any of others, spaces aside.
func sameText(v string, others ...string) bool {
	squash := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	for _, o := range others {
		if squash(v) == squash(o) {
			return true
		}
	}
	return false
}
