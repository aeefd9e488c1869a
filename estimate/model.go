package estimate

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/expr-lang/expr/vm"
)

// Model is an estimate compiled once: each statement an expr program
// whose names are read from an environment when it runs. Run runs it
// again, with other inputs if given, without parsing or compiling
// anything: what-ifs, sweeps and the REPL's next line all go through it.
// A model belongs to the session that compiled it and sees the names the
// session had then.
type Model struct {
	s     *Session
	stmts []*compiled
	dims0 int    // the session's base dimensions before the model
	err   *Error // the compile error after the last statement, or nil
}

// compiled is one statement of a model.
type compiled struct {
	*statement
	prog  *vm.Program // nil for a new base unit: unit tweet
	vars  []name      // the names that are variables, for the working
	uses  []string    // their names, once each
	unit  *unit       // for a unit declaration, the unit
	dims  int         // the session's base dimensions once it is compiled
	first bool        // the first assignment to its name: what an Input replaces
}

// Input is a what-if: an expression that replaces the first assignment to
// a name when a model runs (napkin run --set, --vary). It is compiled
// once, against the names that assignment could use, and must keep the
// dimension of the value it replaces.
type Input struct {
	Name  string // the variable it sets
	Text  string // the expression: "50M"
	stmt  int
	prog  *vm.Program
	uses  []string
	value *quantity // a plain value instead of a program: ValueInput
}

// Compile parses and compiles src, a whole estimate, against the
// session's names, and runs nothing. On an error it returns the error and
// the model of the statements before it: running that model runs them
// and then reports the error, as a file run shows what it computed up to
// its first error.
func (s *Session) Compile(src string) (*Model, error) {
	m := s.compile(src)
	if m.err != nil {
		return m, m.err
	}
	return m, nil
}

func (s *Session) compile(src string) *Model {
	m, sc := s.newModel()
	lines, err := statementLines(src)
	if err != nil {
		m.err = err
		return m
	}
	for l := range lines {
		if !m.compileLine(sc, l) {
			break
		}
	}
	return m
}

// compileLine compiles one line, newlines and all, as line 1: the REPL's.
func (s *Session) compileLine(line string) *Model {
	m, sc := s.newModel()
	m.compileLine(sc, &srcLine{no: 1, text: line})
	return m
}

func (s *Session) newModel() (*Model, *scope) {
	return &Model{s: s, dims0: len(s.dims.names)}, newScope(s)
}

// compileLine adds a line's statements to the model, reporting whether
// it compiled: on an error, m.err holds it.
func (m *Model) compileLine(sc *scope, l *srcLine) bool {
	sts, names, err := parse(l)
	for _, st := range sts {
		first := st.kind == Assignment && !sc.vars[st.name]
		c, cerr := sc.compile(st)
		if cerr != nil {
			m.err = cerr
			return false
		}
		c.first = first
		m.stmts = append(m.stmts, c)
	}
	if err != nil {
		m.err = sc.firstError(names, l, err)
		return false
	}
	return true
}

// firstError returns the error of the first name before a parse error
// that does not resolve, or the parse error.
func (sc *scope) firstError(names []name, l *srcLine, err *Error) *Error {
	for _, n := range names {
		if n.tok.col+1 >= err.Col {
			break
		}
		if _, nerr := sc.resolveName(n, l); nerr != nil {
			return nerr
		}
	}
	return err
}

// compile resolves and compiles one statement, then adds what it defines
// to the scope of the statements after it.
func (sc *scope) compile(st *statement) (*compiled, *Error) {
	s := sc.s
	st, err := sc.settle(st)
	if err != nil {
		return nil, err
	}
	c := &compiled{statement: st}
	switch st.kind {
	case Assignment:
		if msg, hint := sc.assignable(st.name); msg != "" {
			return nil, errAt(st.line, st.nameCol, msg, hint)
		}
	case UnitDeclaration:
		u, err := sc.declare(st)
		if err != nil {
			return nil, err
		}
		c.unit = u
	}
	vars, err := sc.resolve(st)
	if err != nil {
		return nil, err
	}
	c.vars, c.uses = vars, usesOf(vars)
	if st.node != nil {
		if c.prog, err = s.compileNode(st.node, st.line); err != nil {
			return nil, err
		}
	}
	// The program is all that runs: let the tree go, which is most of a
	// compiled statement's memory.
	st.node, st.names, st.toks, st.units = nil, nil, nil, nil
	sc.define(c)
	c.dims = len(s.dims.names)
	return c, nil
}

// usesOf lists the variables' names once each, in order.
func usesOf(vars []name) []string {
	var out []string
	for _, v := range vars {
		if !slices.Contains(out, v.node.Value) {
			out = append(out, v.node.Value)
		}
	}
	return out
}

// define adds what a compiled statement defines to the scope.
func (sc *scope) define(c *compiled) {
	switch c.kind {
	case Assignment:
		sc.vars[c.name] = true
		sc.ans = true
	case Expression:
		sc.ans = true
	case UnitDeclaration:
		for _, a := range c.unit.aliases {
			sc.units[a] = c.unit
		}
	}
}

// declare checks a unit declaration's names and makes its unit. A new
// base unit (unit tweet) takes its dimension now: its value is known
// before anything runs.
func (sc *scope) declare(st *statement) (*unit, *Error) {
	s := sc.s
	names := []string{st.name}
	if p := pluralOf(st.name); p != st.name {
		names = append(names, p)
	}
	for _, n := range names {
		if sc.units[n] != nil || s.units[n] != nil {
			return nil, errAt(st.line, st.nameCol, "unit '"+n+"' is already declared", "")
		}
		msg, hint := sc.assignable(n)
		if msg == "" && sc.isVariable(n) {
			msg = "cannot assign to '" + n + "': it is a variable"
		}
		if msg != "" {
			return nil, errAt(st.line, st.nameCol, strings.Replace(msg, "cannot assign to", "cannot declare unit", 1), hint)
		}
	}
	u := &unit{name: st.name, aliases: names, section: "Declared", def: st.exprText, declared: true}
	if st.node == nil {
		slot := len(s.dims.names)
		if slot >= maxDims {
			return nil, errAt(st.line, st.nameCol, "too many base units: a session holds at most "+itoa(maxDims-builtinDims), "")
		}
		s.dims.add(st.name, names[len(names)-1])
		u.value = quantity{v: 1}
		u.value.dim[slot] = 1
	}
	return u, nil
}

// assignment is the index of the first statement assigning name, or -1.
func (m *Model) assignment(name string) int {
	for i, c := range m.stmts {
		if c.first && c.name == name {
			return i
		}
	}
	return -1
}

// Assigned lists the names the model assigns, in order, once each: what
// an Input may set.
func (m *Model) Assigned() []string {
	var out []string
	for _, c := range m.stmts {
		if c.first {
			out = append(out, c.name)
		}
	}
	return out
}

// Input compiles text as a what-if for the first assignment to name.
// Errors in text are *Error values with Line 0 and Source text.
func (m *Model) Input(name, text string) (*Input, error) {
	s := m.s
	i := m.assignment(name)
	if i < 0 {
		return nil, &Error{Msg: "the estimate never assigns " + name}
	}
	l := &srcLine{text: text}
	sts, _, perr := parse(l)
	if perr != nil {
		return nil, perr
	}
	if len(sts) != 1 || sts[0].kind != Expression {
		return nil, errAt(l, 0, "want one expression, such as 50M or 2 KB / user", "")
	}
	// The names the replaced assignment could use.
	sc := newScope(s)
	for _, c := range m.stmts[:i] {
		sc.define(c)
	}
	st, rerr := sc.settle(sts[0])
	if rerr != nil {
		return nil, rerr
	}
	vars, rerr := sc.resolve(st)
	if rerr != nil {
		return nil, rerr
	}
	uses := usesOf(vars)
	prog, err := s.compileNode(st.node, l)
	if err != nil {
		return nil, err
	}
	return &Input{Name: name, Text: text, stmt: i, prog: prog, uses: uses}, nil
}

// Run runs the model, with each input replacing the first assignment to
// its name, and returns every statement's result. It stops at the first
// error, returning the results before it; a failed assertion does not
// stop it but is reported in its Result's Err. Run does not change the
// session.
func (m *Model) Run(inputs ...*Input) ([]Result, error) {
	return m.RunContext(context.Background(), inputs...)
}

// RunContext is Run, stopping between statements once ctx is done.
func (m *Model) RunContext(ctx context.Context, inputs ...*Input) ([]Result, error) {
	st := m.run(ctx, inputs)
	if st.err != nil {
		return st.results, st.err
	}
	return st.results, nil
}

// runState is what a run leaves: the results, the environment after the
// statements that ran, and how many ran.
type runState struct {
	results []Result
	env     map[string]any
	ran     int
	hasAns  bool
	err     *Error
}

func (m *Model) run(ctx context.Context, inputs []*Input) *runState {
	return m.runIn(ctx, inputs, maps.Clone(m.s.env))
}

// runIn runs the model in env: a copy of the session's, or for a file
// run once, the session's own, so a long file does not copy it per line.
func (m *Model) runIn(ctx context.Context, inputs []*Input, env map[string]any) *runState {
	s := m.s
	prev := s.running
	s.running = ctx
	defer func() { s.running = prev }()
	st := &runState{env: env, hasAns: s.hasAns, results: make([]Result, 0, len(m.stmts))}
	var byStmt map[int]*Input
	if len(inputs) > 0 {
		byStmt = make(map[int]*Input, len(inputs))
		for _, in := range inputs {
			byStmt[in.stmt] = in
		}
	}
	var set map[string]*Input // variables an input changed, directly or through others
	for i, c := range m.stmts {
		if i%64 == 0 && ctx.Err() != nil {
			st.err = &Error{Line: c.line.no, Col: c.col + 1, Msg: "interrupted", Source: c.line.text}
			return st
		}
		r := Result{Kind: c.kind, Line: c.line.no, Col: c.col + 1, Source: c.text, Name: c.name, Expr: c.exprText, Uses: c.uses}
		err := s.exec(c, &r, env, byStmt[i], &set)
		if err != nil {
			st.err = err
			return st
		}
		if c.kind == Expression || c.kind == Assignment {
			st.hasAns = true
		}
		st.results = append(st.results, r)
		st.ran = i + 1
	}
	if m.err != nil {
		st.err = m.err
	}
	return st
}

// setBy returns the input a statement's value depends on, or nil.
func setBy(c *compiled, set map[string]*Input) *Input {
	for _, v := range c.vars {
		if in := set[v.node.Value]; in != nil {
			return in
		}
	}
	return nil
}

// exec runs one statement into r, updating env.
func (s *Session) exec(c *compiled, r *Result, env map[string]any, in *Input, set *map[string]*Input) *Error {
	if c.kind == UnitDeclaration {
		return s.runDeclaration(c, r, env)
	}
	prog, line, why := c.prog, c.line, ""
	if in != nil {
		prog, line = in.prog, &srcLine{text: in.Text, input: in.Name}
		r.Expr, r.Override, r.Uses = in.Text, true, in.uses
	} else if from := setBy(c, *set); from != nil {
		why = from.Name + " is set to " + from.Text + " for this run"
	}
	var v any
	var err *Error
	if in != nil && in.value != nil {
		v = *in.value
	} else {
		v, err = s.runProgram(prog, env, line, why)
	}
	if err != nil {
		return err
	}
	if cmp, ok := v.(comparison); ok {
		return s.compared(c, r, cmp)
	}
	q := v.(quantity).owned() // a variable's samples are never written over
	v = q
	if in != nil {
		if err := s.checkInput(c, in, q, env); err != nil {
			return err
		}
		if *set == nil {
			*set = map[string]*Input{}
		}
		(*set)[c.name] = in
	} else if c.kind == Assignment && *set != nil {
		if from := setBy(c, *set); from != nil {
			(*set)[c.name] = from
		}
	}
	if len(c.vars) > 0 && in == nil {
		r.working = s.working(c, env)
	}
	s.fill(r, q)
	env["ans"] = v
	if c.kind == Assignment {
		env[c.name] = v
	}
	return nil
}

// checkInput makes sure an input keeps the dimension of the value it
// replaces: --set dau='5 GB' must not silently make storage B^2.
func (s *Session) checkInput(c *compiled, in *Input, q quantity, env map[string]any) *Error {
	v, err := s.runProgram(c.prog, env, c.line, "")
	if err != nil {
		return nil // the estimate's own expression fails: the input replaces it
	}
	orig, ok := v.(quantity)
	if !ok || orig.dim == q.dim {
		return nil
	}
	return &Error{Col: 1, Input: in.Name, Source: in.Text,
		Msg:  "'" + in.Text + "' is " + s.dims.describe(q.dim) + ", but " + c.name + " is " + s.dims.describe(orig.dim) + " in the estimate",
		Hint: "keep its units: " + c.name + " = " + c.exprText}
}

// runDeclaration runs "unit name" (a new base dimension, made when it was
// compiled) and "unit name = expr".
func (s *Session) runDeclaration(c *compiled, r *Result, env map[string]any) *Error {
	u := c.unit
	if c.prog != nil {
		v, err := s.runProgram(c.prog, env, c.line, "")
		if err != nil {
			return err
		}
		q, ok := v.(quantity)
		if ok && q.uncertain() {
			return errAt(c.line, c.col, "a unit cannot be uncertain", "declare it with a plain value, and make the quantity that uses it uncertain")
		}
		if !ok || q.v == 0 {
			return errAt(c.line, c.col, "a unit must be a non-zero quantity", "")
		}
		q.show.target = nil
		u.value = q
	}
	for _, a := range u.aliases {
		env[a] = u.value
	}
	s.fill(r, u.value)
	return nil
}

// commit makes a run's effects the session's: the variables, units and
// previous result of the statements that ran.
func (s *Session) commit(m *Model, st *runState) {
	s.env = st.env
	s.hasAns = st.hasAns
	for _, c := range m.stmts[:st.ran] {
		switch c.kind {
		case Assignment:
			if _, ok := s.vars[c.name]; !ok {
				s.varOrder = append(s.varOrder, c.name)
			}
			s.vars[c.name] = c.line.no
		case UnitDeclaration:
			for _, a := range c.unit.aliases {
				s.units[a] = c.unit
			}
			s.declared = append(s.declared, c.unit)
		}
	}
	dims := m.dims0
	if st.ran > 0 {
		dims = m.stmts[st.ran-1].dims
	}
	if dims < len(s.dims.names) {
		s.dims.truncate(dims)
		clear(s.dimText)
	}
}
