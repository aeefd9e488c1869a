package estimate

import (
	"math"
	"strings"
)

// Value is what an expression evaluates to: today one number with a
// dimension. Callers go through its methods, so ranges can come later.
type Value struct {
	q quantity
}

// Base returns the value in base units: bits, seconds, dollars, or a
// declared unit; a fraction for percentages.
func (v Value) Base() float64 { return v.q.v }

// Result is one statement's outcome.
type Result struct {
	Kind      Kind
	Line      int    // 1-based line of the file
	Col       int    // 1-based column where the statement starts
	Source    string // the statement as written
	Name      string // the assigned variable or declared unit
	Expr      string // the expression part as written: "writes * paste_size * 3 years"
	Value     Value
	Display   Display // Text is what napkin prints: "457.6 GB"
	BaseUnit  string  // the unit Value.Base is in: "bit", "s", "bit/s", "" for plain numbers
	Dimension string  // "information", "information/time", "" for plain numbers
	Passed    bool    // for assertions and comparisons: whether it held
	Err       *Error  // for a failed assertion: the failure, with its position
	Override  bool    // the expression came from an override, not the source

	working func() string
}

// Working returns Expr with each variable replaced by its value, as a
// candidate shows their working: "10 million /mo * 1.271 kB * 3 years".
// It is "" when Expr names no variable. Computed on demand: most callers
// never ask.
func (r Result) Working() string {
	if r.working == nil {
		return ""
	}
	return r.working()
}

// Eval evaluates one line: statements separated by ';'. It stops at the
// first evaluation error, returning the results before it; as in Run, a
// failed assertion does not stop it and is reported in its Result's Err.
func (s *Session) Eval(line string) ([]Result, *Error) {
	return s.runLine(line, 1)
}

// Run evaluates a whole estimate file. It stops at the first evaluation
// error and returns it; a failed assertion does not stop it but is
// reported in its Result's Err, so one run lists every failed assertion.
func (s *Session) Run(src string) ([]Result, *Error) {
	var out []Result
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSuffix(line, "\r")
		res, err := s.runLine(line, i+1)
		out = append(out, res...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

func (s *Session) runLine(line string, lineNo int) ([]Result, *Error) {
	parts, err := split(line)
	if err != nil {
		err.Line, err.Source = lineNo, line
		return nil, err
	}
	var out []Result
	for _, toks := range parts {
		st, err := s.parseStatement(line, toks)
		if err != nil {
			err.Line, err.Source = lineNo, line
			return out, err
		}
		r, err := s.exec(st, line, lineNo)
		if err != nil {
			if err.Line == 0 {
				err.Line, err.Source = lineNo, line
			}
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Session) exec(st *statement, line string, lineNo int) (Result, *Error) {
	r := Result{Kind: st.kind, Line: lineNo, Col: st.col + 1, Source: st.text, Name: st.name, Expr: st.exprText}
	if st.kind == Assignment {
		if o, ok := s.overrides[st.name]; ok {
			o.used = true
			parsed, err := s.parseOne(o.src)
			if err == nil && parsed.kind != Expression {
				err = &Error{Col: 1, Msg: "want one expression"}
			}
			if err != nil {
				err.Msg = "--set " + st.name + "=" + o.src + ": " + err.Msg
				err.Line, err.Source = lineNo, line
				return r, err
			}
			st.node, st.refs, st.exprText = parsed.node, nil, o.src
			r.Expr, r.Override = o.src, true
		}
	}
	if st.kind == UnitDeclaration {
		return s.declare(st, r)
	}
	v, err := s.evalNode(st)
	if err != nil {
		if r.Override {
			err.Msg = "--set " + st.name + "=" + st.exprText + ": " + err.Msg
			err.Line, err.Source = lineNo, st.exprText
		}
		return r, err
	}
	if c, ok := v.(comparison); ok {
		r, err := s.compared(st, r, c)
		if r.Err != nil {
			r.Err.Source = line
		}
		return r, err
	}
	q := v.(quantity)
	if len(st.refs) > 0 {
		r.working = s.working(st, line)
	}
	s.fill(&r, q)
	s.ans = &q
	if st.kind == Assignment {
		if _, ok := s.vars[st.name]; !ok {
			s.varOrder = append(s.varOrder, st.name)
		}
		s.vars[st.name] = &variable{q: q, line: lineNo}
	}
	return r, nil
}

func (s *Session) fill(r *Result, q quantity) {
	r.Value = Value{q}
	r.Display = s.formatter().display(q)
	r.BaseUnit = s.dims.format(q.dim, s.dims.bases, "·")
	r.Dimension = s.dims.format(q.dim, s.dims.names, "×")
}

func (s *Session) compared(st *statement, r Result, c comparison) (Result, *Error) {
	r.Passed = c.ok
	f := s.formatter()
	r.Display = Display{Text: "false"}
	if c.ok {
		r.Display = Display{Text: "true"}
	}
	if st.kind != Assertion || c.ok {
		return r, nil
	}
	lhs := strings.TrimSpace(st.exprText[:strings.Index(st.exprText, c.op)])
	// Show the left side the way the right side is written: writes == 4 /s
	// fails with writes = 3.803 /s, not 10 million /mo.
	shown := c.lhs
	shown.show = c.rhs.show
	shown.show.target = nil
	detail := lhs + " = " + f.display(shown).Text
	if st.refs == nil || !isName(lhs) {
		detail = "left side is " + f.display(shown).Text
	}
	if c.tol != nil && c.rhs.v != 0 {
		off := (c.lhs.v - c.rhs.v) / math.Abs(c.rhs.v)
		detail += ", off by " + f.number(math.Abs(off)*100) + "%"
	}
	r.Err = &Error{Line: r.Line, Col: r.Col, Msg: "assertion failed: " + strings.TrimSpace(strings.TrimPrefix(st.text, "assert")) + " (" + detail + ")"}
	return r, nil
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

// working returns a function that rewrites the expression with each
// variable's value, as it is now, in place of its name.
func (s *Session) working(st *statement, line string) func() string {
	values := make([]quantity, len(st.refs))
	for i, ref := range st.refs {
		values[i] = s.vars[ref.name].q
	}
	f := s.formatter()
	return func() string {
		var b strings.Builder
		at := st.exprOff
		for i, ref := range st.refs {
			b.WriteString(line[at:ref.off])
			b.WriteString(f.display(values[i]).Text)
			at = ref.eoff
		}
		b.WriteString(line[at : st.exprOff+len(st.exprText)])
		return b.String()
	}
}

// declare runs "unit name" (a new base dimension) and "unit name = expr".
func (s *Session) declare(st *statement, r Result) (Result, *Error) {
	names := []string{st.name}
	if p := pluralOf(st.name); p != st.name {
		names = append(names, p)
	}
	for _, n := range names {
		if _, ok := s.units[n]; ok {
			return r, &Error{Col: st.nameCol + 1, Msg: "unit '" + n + "' is already declared"}
		}
		if err := s.assignable(n); err != nil || s.vars[n] != nil {
			if err == nil {
				err = &Error{Msg: "cannot declare unit '" + n + "': it is a variable"}
			}
			err.Msg = strings.Replace(err.Msg, "cannot assign to", "cannot declare unit", 1)
			err.Col = st.nameCol + 1
			return r, err
		}
	}
	u := &unit{name: st.name, aliases: names, section: "Declared", def: st.exprText}
	if st.node == nil {
		slot := len(s.dims.names)
		if slot >= maxDims {
			return r, &Error{Col: st.nameCol + 1, Msg: "too many base units: a session holds at most " + itoa(maxDims-builtinDims)}
		}
		s.dims.names = append(s.dims.names, st.name)
		s.dims.symbols = append(s.dims.symbols, st.name)
		s.dims.bases = append(s.dims.bases, st.name)
		s.dims.plurals = append(s.dims.plurals, names[len(names)-1])
		u.value = quantity{v: 1}
		u.value.dim[slot] = 1
	} else {
		v, err := s.evalNode(st)
		if err != nil {
			return r, err
		}
		q, ok := v.(quantity)
		if !ok || q.v == 0 {
			return r, &Error{Col: st.col + 1, Msg: "a unit must be a non-zero quantity"}
		}
		q.show.target = nil
		u.value = q
	}
	for _, n := range names {
		s.units[n] = u
	}
	s.declared = append(s.declared, u)
	s.fill(&r, u.value)
	return r, nil
}

func itoa(n int) string { return formatter{digits: 17}.number(float64(n)) }

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

// Set makes the next assignment to name use src instead of its own
// expression: a what-if (--set dau=50M). It fails if src does not parse.
func (s *Session) Set(name, src string) *Error {
	if err := s.assignable(name); err != nil {
		return err
	}
	s.overrides[name] = &override{src: src}
	return nil
}

// UnusedSets returns the names given to Set that no assignment used.
func (s *Session) UnusedSets() []string {
	var out []string
	for n, o := range s.overrides {
		if !o.used {
			out = append(out, n)
		}
	}
	return out
}

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
		v := s.vars[n]
		out = append(out, Variable{Name: n, Value: Value{v.q}, Text: f.display(v.q).Text, Line: v.line})
	}
	return out
}

// Format shows v as the session would print it.
func (s *Session) Format(v Value) Display { return s.formatter().display(v.q) }

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
	Section    string   // its group: "Information", "Time", "declared"
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

// ConstantInfo describes a named constant.
type ConstantInfo struct {
	Constant
	Text string // its value as napkin shows it, or the error evaluating it
}

// Constants lists the session's named constants in the order given.
func (s *Session) Constants() []ConstantInfo {
	var out []ConstantInfo
	f := s.formatter()
	for _, n := range s.constList {
		c := s.constants[n]
		info := ConstantInfo{Constant: c.Constant}
		if q, err := s.constantValue(c); err != nil {
			info.Text = "error: " + err.Msg
		} else {
			info.Text = f.display(q).Text
		}
		out = append(out, info)
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
	for _, f := range functions {
		out = append(out, FunctionInfo{Name: f.name, Usage: f.name + f.args, Doc: f.doc})
	}
	return out
}

// Reset forgets the session's variables, declared units and previous
// result; constants and settings stay.
func (s *Session) Reset() {
	b := s.builtin
	s.units = map[string]*unit{}
	s.declared = nil
	s.vars = map[string]*variable{}
	s.varOrder = nil
	s.ans = nil
	s.dims.names = append([]string(nil), b.dims.names...)
	s.dims.symbols = append([]string(nil), b.dims.symbols...)
	s.dims.bases = append([]string(nil), b.dims.bases...)
	s.dims.plurals = make([]string, len(b.dims.names))
}

// AssignedNames returns the names src assigns to, in order, without
// evaluating anything: what --set may replace.
func AssignedNames(src string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(src, "\n") {
		toks, err := scan(line)
		if err != nil {
			continue
		}
		start := 0
		for i, t := range toks {
			if t.kind != tokEOF && !(t.kind == tokOp && t.text == ";") {
				continue
			}
			if i-start >= 2 && toks[start].kind == tokIdent && toks[start+1].kind == tokOp && toks[start+1].text == "=" {
				if n := toks[start].text; !seen[n] {
					seen[n] = true
					out = append(out, n)
				}
			}
			start = i + 1
		}
	}
	return out
}
