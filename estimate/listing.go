package estimate

import (
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
)

// Variable is a session variable, as :vars lists it.
type Variable struct {
	Name  string
	Value Value
	Text  string // its display
	Line  int    // where it was last assigned
}

// Vars returns the session's variables in the order they were first set.
func (s *Session) Vars() []Variable {
	var out []Variable
	f := s.formatter()
	for _, n := range s.varOrder {
		q := s.env[n].(quantity)
		out = append(out, Variable{Name: n, Value: Value{q}, Text: f.display(q).Text, Line: s.vars[n]})
	}
	return out
}

// Format shows v as the session would print it.
func (s *Session) Format(v Value) Display { return s.formatter().display(v.q) }

// FormatSampled shows a figure read from samples, a percentile or a
// median, as an uncertain value shows its median: at 2 significant digits
// unless the session was given more (sensitivity's figures are these).
func (s *Session) FormatSampled(v Value) Display { return s.formatter().sampled().display(v.q) }

// UnitInfo describes a unit or scale word, for listings and help.
type UnitInfo struct {
	Name       string   // the spelling napkin prints: "MB"
	Aliases    []string // every spelling, Name first
	Kind       UnitKind
	Dimension  string   // "information"; "" for scale words
	Value      string   // what one of it is, as napkin shows it: "1.024 kB"
	Definition string   // how the data defines it: "8 bit", "yr/12"; "" for a base unit
	Prefixes   []string // prefixes it takes: k M G ...; MB itself is listed too, with Base "B"
	Base       string   // for a prefixed unit (MB), the unit it prefixes (B)
	Doc        string   // why it is defined as it is: the data file's comment
	Section    string   // its group: "Information", "Time", "Declared"
}

// Units lists the built-in units and scale words, then the session's
// declared ones, in the order the data defines them.
func (s *Session) Units() []UnitInfo {
	var out []UnitInfo
	f := formatter{names: &s.dims, digits: 10}
	for _, list := range [][]*unit{s.builtin.all(), s.declared} {
		for _, u := range list {
			q := u.value
			q.show = hints{bits: q.show.bits, percent: q.show.percent}
			info := UnitInfo{
				Name: u.name, Aliases: u.aliases, Kind: u.kind,
				Dimension: s.dims.format(u.value.dim, s.dims.names, "×"),
				Value:     f.display(q).Text, Definition: u.def, Prefixes: u.prefixNames(),
				Doc: u.doc, Section: u.section,
			}
			if strings.HasPrefix(u.def, "dimension ") {
				info.Definition = ""
			}
			if u.base != nil {
				info.Base = u.base.name
			}
			out = append(out, info)
		}
	}
	return out
}

// ConstantInfo describes a named constant: a latency number.
type ConstantInfo struct {
	Name  string // "l1_ref"
	Value Value
	Def   string // as the data writes it: "0.5 ns"
	Text  string // as napkin shows it: "500 ps"
	Doc   string // the primer's label: "L1 cache reference"
}

// Constants lists the named constants, in the data's order.
func (s *Session) Constants() []ConstantInfo {
	var out []ConstantInfo
	f := s.formatter()
	for _, c := range builtinConstants() {
		out = append(out, ConstantInfo{Name: c.name, Value: Value{c.value}, Def: c.def, Text: f.display(c.value).Text, Doc: c.doc})
	}
	return out
}

// FunctionInfo describes a function of the language.
type FunctionInfo struct {
	Name  string // "downtime"
	Usage string // "downtime(a, period)"
	Doc   string
}

// Functions lists the language's functions.
func Functions() []FunctionInfo {
	var out []FunctionInfo
	for _, f := range allFunctions {
		out = append(out, FunctionInfo{Name: f.name, Usage: f.name + f.args, Doc: f.doc})
	}
	return out
}

// Names returns every name a line can use: variables, constants, units
// and scale words (every spelling), and functions, sorted. The REPL
// completes them.
func (s *Session) Names() []string {
	var out []string
	out = append(out, s.varOrder...)
	for _, c := range builtinConstants() {
		out = append(out, c.name)
	}
	for _, f := range allFunctions {
		out = append(out, f.name)
	}
	for _, list := range [][]*unit{s.declared, s.builtin.all()} {
		for _, u := range list {
			out = append(out, u.aliases...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// IsNameStart and IsNamePart are the language's rule for names: a letter
// or underscore, then letters, digits and underscores. The REPL's
// completion finds the name before the cursor with them.
func IsNameStart(r rune) bool { return isIdentStart(r) }

// IsNamePart reports whether r may stand in a name after its first character.
func IsNamePart(r rune) bool { return isIdentPart(r) }

// IsName reports whether s is a name in the language's rule.
func IsName(s string) bool { return isName(s) }

// Statement is one statement of an estimate as written: parsed, not
// compiled, so the names it uses are not yet known as variables, units or
// constants.
type Statement struct {
	Line      int
	Kind      Kind
	Name      string   // the variable assigned or the unit declared; "" for others
	Names     []string // the names its expression uses, in order, once each
	Uncertain bool     // it writes a range, a..b, or a distribution, normal(…)
}

// Statements parses an estimate without compiling or running it: a
// listing of its statements at a small part of Compile's cost. Its error
// is the first one parsing finds; a name nothing defines is no error
// here.
func Statements(src string) ([]Statement, error) {
	lines, err := statementLines(src)
	if err != nil {
		return nil, err
	}
	var out []Statement
	for l := range lines {
		sts, _, err := parse(l)
		if err != nil {
			return out, err
		}
		for _, st := range sts {
			s := Statement{Line: l.no, Kind: st.kind, Name: st.name}
			for _, n := range st.names {
				if !slices.Contains(s.Names, n.node.Value) {
					s.Names = append(s.Names, n.node.Value)
				}
			}
			if st.node != nil {
				ast.Find(st.node, func(n ast.Node) bool {
					c, ok := n.(*ast.CallNode)
					if !ok {
						return false
					}
					id, _ := c.Callee.(*ast.IdentifierNode)
					if id == nil {
						return false
					}
					fn, isFn := strings.CutPrefix(id.Value, "fn:")
					if id.Value == "op:range" || isFn && slices.ContainsFunc(constructors, func(c *function) bool { return c.name == fn }) {
						s.Uncertain = true
					}
					return s.Uncertain
				})
			}
			out = append(out, s)
		}
	}
	return out, nil
}
