package estimate

import (
	"strings"

	"github.com/expr-lang/expr/ast"
)

// Names are resolved when a statement is compiled, against what the
// session and the statements before it in the model define: a variable,
// ans, a unit, a scale word or a constant. A built-in unit is folded into
// the tree as a constant; every other name stays an identifier whose
// value is read from the environment when the statement runs, so a model
// compiled once runs again with other inputs.

// scope is what names mean at one point of a model being compiled: the
// session's names plus those the model's earlier statements define.
type scope struct {
	s     *Session
	vars  map[string]bool  // variables the model assigns so far
	units map[string]*unit // units the model declares so far
	ans   bool             // a previous result exists: the session's, or an earlier statement's
}

func newScope(s *Session) *scope {
	return &scope{s: s, vars: map[string]bool{}, units: map[string]*unit{}, ans: s.hasAns}
}

func (sc *scope) isVariable(n string) bool {
	if sc.vars[n] {
		return true
	}
	_, ok := sc.s.vars[n]
	return ok
}

// unit finds a unit by any spelling: declared by the model or the
// session, or built in.
func (sc *scope) unit(n string) *unit {
	if u, ok := sc.units[n]; ok {
		return u
	}
	if u, ok := sc.s.units[n]; ok {
		return u
	}
	return sc.s.builtin.lookup(n)
}

// settle returns st as it reads with the names known here: parsed again
// with a compound unit's '/' as plain division where either side is not
// a unit (users / day with users a variable).
func (sc *scope) settle(st *statement) (*statement, *Error) {
	var loose map[int]bool
	for _, c := range st.units {
		if !sc.isUnitName(c.left) || !sc.isUnitName(c.right) {
			if loose == nil {
				loose = map[int]bool{}
			}
			loose[c.slash] = true
		}
	}
	if loose == nil {
		return st, nil
	}
	p := &parser{l: st.line, toks: st.toks, loose: loose}
	return p.parseStatement()
}

// isUnitName reports whether n is a unit here, not a variable or a
// scale word.
func (sc *scope) isUnitName(n string) bool {
	u := sc.unit(n)
	return u != nil && u.kind == KindUnit && !sc.isVariable(n)
}

// resolve checks every name a statement uses, and folds the built-in
// units into the tree as constants: they never change, so a program need
// not look them up. It returns the names that are variables, for showing
// the working.
func (sc *scope) resolve(st *statement) ([]name, *Error) {
	var vars []name
	var fold map[*ast.IdentifierNode]quantity
	for _, n := range st.names {
		if n.factor && sc.isFree(n.node.Value) {
			// 2x avg: x is no name here, so 2x is the factor 2.
			if fold == nil {
				fold = map[*ast.IdentifierNode]quantity{}
			}
			fold[n.node] = scalar(1)
			continue
		}
		isVar, err := sc.resolveName(n, st.line)
		if err != nil {
			return nil, err
		}
		if isVar {
			vars = append(vars, n)
		} else if u := sc.unit(n.node.Value); u != nil && !u.declared {
			if fold == nil {
				fold = map[*ast.IdentifierNode]quantity{}
			}
			fold[n.node] = u.value
		}
	}
	if fold != nil && st.node != nil {
		ast.Walk(&st.node, folder(fold))
	}
	return vars, nil
}

// isFree reports whether nothing here gives n a meaning: no variable,
// unit, constant or function, and no assignment to it failed.
func (sc *scope) isFree(n string) bool {
	_, isFunc := functionByName(n)
	_, ambiguous := sc.s.builtin.ambiguous[n]
	return !sc.isVariable(n) && sc.unit(n) == nil && sc.s.constant(n) == nil && !isFunc && !ambiguous && sc.s.failed[n] == 0 && n != "ans" && n != "_"
}

// folder replaces the identifiers of built-in units with their values.
type folder map[*ast.IdentifierNode]quantity

func (f folder) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		if q, ok := f[id]; ok {
			ast.Patch(node, &ast.ConstantNode{Value: q})
		}
	}
}

// resolveName checks one name and makes sure the environment holds the
// value of a built-in unit or a constant. In a conversion target only
// units are allowed.
func (sc *scope) resolveName(n name, l *srcLine) (isVar bool, err *Error) {
	id := n.node.Value
	at := func(msg, hint string) *Error { return errAt(l, n.tok.col, msg, hint) }
	s := sc.s
	if n.unitOnly {
		if u := sc.unit(id); u != nil && u.kind == KindUnit {
			return false, nil
		}
		if msg, ok := s.builtin.ambiguous[id]; ok {
			return false, at("'"+id+"' is ambiguous: write "+msg, "")
		}
		_, isFunc := functionByName(id)
		if sc.unit(id) == nil && !sc.isVariable(id) && s.constant(id) == nil && !isFunc && id != "ans" && id != "_" {
			return false, sc.unknown(n, l)
		}
		return false, at("'"+id+"' is not a unit: a conversion target must be units", "for example: -> GB, -> /s, -> TB/day, -> %")
	}
	switch {
	case id == "ans" || id == "_":
		if !sc.ans {
			return false, at("no previous result for '"+id+"'", "")
		}
		n.node.Value = "ans" // the environment holds the previous result once
		return false, nil
	case s.failed[id] > 0 && !sc.vars[id]:
		// RunAll goes on past an error: a statement that needs what
		// failed is skipped, saying why.
		return false, &Error{Line: l.no, Col: n.tok.col + 1, Source: l.text, Input: l.input, Skipped: true,
			Msg: "skipped: it uses " + id + ", which failed on line " + itoa(s.failed[id])}
	case sc.isVariable(id):
		return true, nil
	}
	if u := sc.unit(id); u != nil {
		return false, nil
	}
	if c := s.constant(id); c != nil {
		s.env[id] = c.value
		return false, nil
	}
	if msg, ok := s.builtin.ambiguous[id]; ok {
		return false, at("'"+id+"' is ambiguous: write "+msg, "")
	}
	if f, ok := functionByName(id); ok {
		return false, at("'"+id+"' is a function", "call it: "+f.name+f.args)
	}
	return false, sc.unknown(n, l)
}

// unknown builds the error for a name nothing defines, with the closest
// known names.
func (sc *scope) unknown(n name, l *srcLine) *Error {
	id := n.node.Value
	msg := "unknown name '" + id + "'"
	if id == "log" {
		// log could be any base: say which.
		return errAt(l, n.tok.col, "unknown function 'log': which base?", "write log2, log10 or ln")
	}
	if sug := sc.suggest(id, 2); len(sug) > 0 {
		return errAt(l, n.tok.col, msg+"; did you mean "+strings.Join(sug, ", ")+"?", "")
	}
	hint := ""
	switch {
	case len(id) >= 3 && strings.HasSuffix(id, "s") && isName(id) && !strings.ContainsAny(id, "_0123456789"):
		// 10 million requests: a plural is most often a thing to count.
		// For a one-off, the declaration goes on the same line.
		hint = "to count " + id + ", declare a unit first: unit " + singularOf(id)
		if line := strings.TrimSpace(l.text); len(line) <= 60 && line != id && !strings.HasPrefix(line, "unit ") {
			hint = "to count " + id + ", declare a unit first, on the same line for a one-off: unit " + singularOf(id) + "; " + line
		}
	case id == "x" && (n.tok.off == 0 || !isDigit(rune(l.text[n.tok.off-1]))):
		// Glued, as in 2x^2, x is a name on purpose.
		hint = "for a factor, write 2x with no space: 2x avg, or multiply: 2 * avg"
	}
	return errAt(l, n.tok.col, msg, hint)
}

// freeNames suggests names for a variable that would shadow the unit
// or scale word n, after what it measures: avg_qps for a rate, n_servers
// for a declared unit, duration for a time.
func freeNames(n string, u *unit) string {
	d := u.value.dim
	var info, perTime, money dimension
	info[dimInformation], perTime[dimTime], money[dimCurrency] = 1, -1, 1
	bandwidth := info
	bandwidth[dimTime] = -1
	switch {
	case u.kind == KindScale:
		return "count or n"
	case d == perTime:
		return "avg_" + n + " or peak_" + n
	case u.declared || d.IsZero():
		return "n_" + n + " or " + singularOf(n) + "_count"
	case d.only(dimTime):
		return "duration or latency"
	case d == info:
		return "size or storage"
	case d == bandwidth:
		return "bandwidth or throughput"
	case d == money:
		return "cost or price"
	}
	return n + "_value"
}

// assignable says why name may not be assigned to or declared, or ""
// with no hint if it may.
func (sc *scope) assignable(n string) (msg, hint string) {
	switch {
	case n == "ans" || n == "_":
		return "cannot assign to '" + n + "': it is the previous result", ""
	case keywords[n]:
		return "cannot assign to '" + n + "': it is a keyword", ""
	case sc.unit(n) != nil:
		// Shadowing a unit would make a later 2000 qps, or 10 servers,
		// silently 2000 or 10 times the variable.
		u := sc.unit(n)
		what := "a unit"
		if u.kind == KindScale {
			what = "a scale word"
		}
		if one := singularOf(n); one != n && strings.EqualFold(one, u.name) {
			what = "the plural of the unit " + u.name
		}
		example := "2 " + n
		switch {
		case u.value.dim == dimension{dimTime: -1}:
			example = "2000 " + n
		case len(n) > 3 && singularOf(n) == n:
			example = "1 " + n // a word, singular: 1 server, 1 hour
		}
		stays := strings.TrimPrefix(strings.Replace(what, "a unit", "the unit", 1), "the plural of ")
		return "cannot assign to '" + n + "': it is " + what,
			"pick another name, such as " + freeNames(n, u) + "; " + n + " stays " + stays + ", as in " + example
	case sc.s.builtin.ambiguous[n] != "":
		return "cannot assign to '" + n + "': it reads as a unit", "pick another name"
	case sc.s.constant(n) != nil:
		return "cannot assign to '" + n + "': it is a constant", ""
	}
	if _, ok := functionByName(n); ok {
		return "cannot assign to '" + n + "': it is a function", ""
	}
	return "", ""
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(isIdentPart(r) || (i == 0 && isIdentStart(r))) {
			return false
		}
	}
	return true
}

// pluralOf makes an English plural: tweet -> tweets, query -> queries.
func pluralOf(s string) string {
	switch {
	case strings.HasSuffix(s, "s") || strings.HasSuffix(s, "x") || strings.HasSuffix(s, "ch") || strings.HasSuffix(s, "sh"):
		return s + "es"
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// singularOf undoes pluralOf for a name someone wrote: requests ->
// request, queries -> query.
func singularOf(s string) string {
	switch {
	case strings.HasSuffix(s, "ies") && len(s) > 4:
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses") || strings.HasSuffix(s, "xes") || strings.HasSuffix(s, "ches") || strings.HasSuffix(s, "shes"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss"):
		return s[:len(s)-1]
	}
	return s
}
