package estimate

import (
	"errors"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Session evaluates estimates: it holds the variables, declared units and
// constants of one REPL session or one file run. It is not safe for use by
// several goroutines at once; make one per goroutine.
type Session struct {
	digits    int
	builtin   *registry
	units     map[string]*unit // declared with "unit"
	declared  []*unit
	dims      dimNames
	vars      map[string]*variable
	varOrder  []string
	constants map[string]*constant
	constList []string
	ans       *quantity
	overrides map[string]*override
	cfg       *conf.Config
	machine   vm.VM
}

type variable struct {
	q    quantity
	line int
}

type constant struct {
	Constant
	q    *quantity // evaluated on first use
	busy bool      // being evaluated: catches a constant defined by itself
}

type override struct {
	src  string
	used bool
}

// Constant is a named constant offered to a session: the latency numbers.
type Constant struct {
	Name  string // l1_ref
	Value string // an expression: "0.5 ns"
	Doc   string // "L1 cache reference"
}

// Option configures a Session.
type Option func(*Session)

// WithDigits sets how many significant digits values are shown with (4).
func WithDigits(n int) Option {
	return func(s *Session) { s.digits = max(1, min(n, 17)) }
}

// WithConstants adds named constants. Each is evaluated when first used,
// so a long table costs nothing until a line needs it.
func WithConstants(cs ...Constant) Option {
	return func(s *Session) {
		for _, c := range cs {
			if _, ok := s.constants[c.Name]; !ok {
				s.constList = append(s.constList, c.Name)
			}
			s.constants[c.Name] = &constant{Constant: c}
		}
	}
}

// NewSession returns a session with the built-in units and functions.
func NewSession(opts ...Option) *Session {
	b := builtinRegistry()
	s := &Session{
		digits:    4,
		builtin:   b,
		constants: map[string]*constant{},
		overrides: map[string]*override{},
	}
	s.Reset()
	for _, o := range opts {
		o(s)
	}
	s.cfg = s.newConfig()
	return s
}

func (s *Session) arith() arith { return arith{names: &s.dims} }

func (s *Session) formatter() formatter { return formatter{names: &s.dims, digits: s.digits} }

// newConfig registers the language's operators and functions with expr.
// It leaves expr's builtins out of the config altogether rather than
// disabling them one by one (conf.CreateNew and DisableAllBuiltins walk
// expr's whole builtin table, which costs a one-off answer page faults):
// none can clash with ours or be reached.
func (s *Session) newConfig() *conf.Config {
	cfg := &conf.Config{
		MaxNodes:  conf.DefaultMaxNodes,
		ConstFns:  map[string]reflect.Value{},
		Functions: conf.FunctionsTable{},
		Builtins:  conf.FunctionsTable{},
		Disabled:  map[string]bool{},
	}
	var opts []expr.Option
	bin := func(name string, f func(a arith, x, y quantity) (quantity, error)) {
		opts = append(opts, expr.Function(name, func(p ...any) (any, error) {
			return f(s.arith(), p[0].(quantity), p[1].(quantity))
		}, new(func(quantity, quantity) quantity)))
	}
	bin("op_add", arith.add)
	bin("op_sub", arith.sub)
	bin("op_mul", arith.mul)
	bin("op_div", arith.div)
	bin("op_pow", arith.pow)
	opts = append(opts,
		expr.Function("op_neg", func(p ...any) (any, error) {
			return s.arith().neg(p[0].(quantity))
		}, new(func(quantity) quantity)),
		expr.Function("op_percent", func(p ...any) (any, error) {
			q := p[0].(quantity)
			if !q.dim.IsZero() {
				return nil, errorf("", "% applies to plain numbers, not "+s.dims.describe(q.dim))
			}
			return percentOf(q.v / 100)
		}, new(func(quantity) quantity)),
		expr.Function("op_convert", func(p ...any) (any, error) {
			return s.convert(p[0].(quantity), p[1].(quantity), p[2].(string))
		}, new(func(quantity, quantity, string) quantity)),
		expr.Function("op_compare", func(p ...any) (any, error) {
			return s.compare(p[0].(quantity), p[1].(quantity), p[2].(string), nil)
		}, new(func(quantity, quantity, string) comparison)),
		expr.Function("op_within", func(p ...any) (any, error) {
			tol := p[3].(quantity)
			return s.compare(p[0].(quantity), p[1].(quantity), p[2].(string), &tol)
		}, new(func(quantity, quantity, string, quantity) comparison)),
	)
	for _, f := range functions {
		call := f.call
		var sig any = new(func(quantity) quantity)
		switch {
		case f.max < 0:
			sig = new(func(...quantity) quantity)
		case f.max == 2:
			sig = new(func(quantity, quantity) quantity)
		case f.max == 3:
			sig = new(func(quantity, quantity, quantity) quantity)
		}
		opts = append(opts, expr.Function(f.name, func(p ...any) (any, error) {
			args := make([]quantity, len(p))
			for i := range p {
				args[i] = p[i].(quantity)
			}
			return call(s.arith(), args)
		}, sig))
	}
	for _, o := range opts {
		o(cfg)
	}
	return cfg
}

// comparison is what a comparison evaluates to.
type comparison struct {
	ok       bool
	op       string
	lhs, rhs quantity
	tol      *quantity
}

// equalEpsilon is how close == wants two values without "within": float
// noise, not a tolerance (0.1 + 0.2 == 0.3 holds).
const equalEpsilon = 1e-9

func (s *Session) compare(x, y quantity, op string, tol *quantity) (comparison, error) {
	c := comparison{op: op, lhs: x, rhs: y, tol: tol}
	a := s.arith()
	if x.dim != y.dim {
		return c, a.mismatch("compare", x, y)
	}
	slack := equalEpsilon * math.Max(math.Abs(x.v), math.Abs(y.v))
	if op != "==" && op != "!=" {
		slack = 0
	}
	if tol != nil {
		switch {
		case tol.dim.IsZero():
			slack = tol.v * math.Abs(y.v)
		case tol.dim == x.dim:
			slack = tol.v
		default:
			return c, errorf("write it as a percentage (within 5%) or in the units compared", "a tolerance must be a plain number or "+s.dims.describe(x.dim)+", not "+s.dims.describe(tol.dim))
		}
		if tol.v < 0 {
			return c, errorf("", "a tolerance cannot be negative")
		}
	}
	d := x.v - y.v
	switch op {
	case "==":
		c.ok = math.Abs(d) <= slack
	case "!=":
		c.ok = math.Abs(d) > slack
	case "<":
		c.ok = d < slack
	case "<=":
		c.ok = d <= slack
	case ">":
		c.ok = d > -slack
	case ">=":
		c.ok = d >= -slack
	}
	return c, nil
}

func (s *Session) convert(q, to quantity, text string) (quantity, error) {
	var perTime dimension
	perTime[dimTime] = -1
	if to.dim == perTime && q.dim != to.dim && q.dim[dimTime] == -1 && to.v > 0 {
		// "-> /s" on 10 million pastes / month: per second, whatever is
		// counted: 3.803 paste/s.
		name := strings.Join(strings.Fields(strings.TrimPrefix(text, "/")), "")
		q.show.time = &unit{name: name, aliases: []string{name}, value: quantity{v: 1 / to.v, dim: dimension{dimTime: 1}}}
		q.show.target = nil
		return q, nil
	}
	if q.dim != to.dim {
		return quantity{}, errorf("", "cannot convert "+s.dims.describe(q.dim)+" to "+text+" ("+s.dims.describeNames(to.dim)+")")
	}
	if to.v == 0 {
		return quantity{}, errorf("", "cannot convert to a unit of size zero")
	}
	q.show.target = &target{text: text, factor: to.v, dim: to.dim, percent: text == "%"}
	return q, nil
}

// assignable reports whether name may be assigned to.
func (s *Session) assignable(name string) *Error {
	switch {
	case name == "ans" || name == "_":
		return &Error{Msg: "cannot assign to '" + name + "': it is the previous result"}
	case keywords[name]:
		return &Error{Msg: "cannot assign to '" + name + "': it is a keyword"}
	case s.unitByName(name) != nil:
		u := s.unitByName(name)
		what := "a unit"
		if u.kind == KindScale {
			what = "a scale word"
		}
		return &Error{Msg: "cannot assign to '" + name + "': it is " + what, Hint: "pick another name, such as " + name + "_count"}
	case s.builtin.ambiguous[name] != "":
		return &Error{Msg: "cannot assign to '" + name + "': it reads as a unit", Hint: "pick another name"}
	case s.constants[name] != nil:
		return &Error{Msg: "cannot assign to '" + name + "': it is a constant"}
	}
	if _, ok := functionByName(name); ok {
		return &Error{Msg: "cannot assign to '" + name + "': it is a function"}
	}
	return nil
}

func (s *Session) unitByName(name string) *unit {
	if u, ok := s.units[name]; ok {
		return u
	}
	return s.builtin.lookup(name)
}

func (s *Session) isVariable(name string) bool {
	_, ok := s.vars[name]
	return ok
}

// lookup resolves a name to its value. In a conversion target (units)
// only units are allowed.
func (s *Session) lookup(name string, units bool) (quantity, *Error) {
	if units {
		if u := s.unitByName(name); u != nil && u.kind == KindUnit {
			return u.value, nil
		}
		if msg, ok := s.builtin.ambiguous[name]; ok {
			return quantity{}, &Error{Msg: "'" + name + "' is ambiguous: write " + msg}
		}
		_, isFunc := functionByName(name)
		if s.unitByName(name) == nil && s.vars[name] == nil && s.constants[name] == nil && !isFunc && name != "ans" && name != "_" {
			return quantity{}, s.unknown(name)
		}
		return quantity{}, &Error{Msg: "'" + name + "' is not a unit: a conversion target must be units", Hint: "for example: -> GB, -> /s, -> TB/day, -> %"}
	}
	if name == "ans" || name == "_" {
		if s.ans == nil {
			return quantity{}, &Error{Msg: "no previous result for '" + name + "'"}
		}
		return *s.ans, nil
	}
	if v, ok := s.vars[name]; ok {
		return v.q, nil
	}
	if u := s.unitByName(name); u != nil {
		return u.value, nil
	}
	if c, ok := s.constants[name]; ok {
		return s.constantValue(c)
	}
	if msg, ok := s.builtin.ambiguous[name]; ok {
		return quantity{}, &Error{Msg: "'" + name + "' is ambiguous: write " + msg}
	}
	if f, ok := functionByName(name); ok {
		return quantity{}, &Error{Msg: "'" + name + "' is a function", Hint: "call it: " + f.name + f.args}
	}
	return quantity{}, s.unknown(name)
}

func (s *Session) constantValue(c *constant) (quantity, *Error) {
	if c.q != nil {
		return *c.q, nil
	}
	if c.busy {
		return quantity{}, &Error{Msg: "constant '" + c.Name + "' is defined in terms of itself"}
	}
	c.busy = true
	defer func() { c.busy = false }()
	st, err := s.parseOne(c.Value)
	var q quantity
	if err == nil {
		var v any
		v, err = s.evalNode(st)
		q, _ = v.(quantity)
	}
	if err != nil {
		return quantity{}, &Error{Msg: "constant '" + c.Name + "' = " + c.Value + ": " + err.Msg}
	}
	c.q = &q
	return q, nil
}

// unknown builds the error for a name nothing defines, with the closest
// known names.
func (s *Session) unknown(name string) *Error {
	msg := "unknown name '" + name + "'"
	if sug := s.suggest(name, 2); len(sug) > 0 {
		return &Error{Msg: msg + "; did you mean " + strings.Join(sug, ", ") + "?"}
	}
	e := &Error{Msg: msg}
	if len(name) >= 3 && strings.HasSuffix(name, "s") && isName(name) && !strings.ContainsAny(name, "_0123456789") {
		// 10 million requests: a plural is most often a thing to count.
		e.Hint = "to count " + name + ", declare a unit first: unit " + singularOf(name)
	}
	return e
}

// Names returns every name a line can use: variables, constants, units
// and scale words (every spelling), and functions. The REPL completes them.
func (s *Session) Names() []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, n := range s.varOrder {
		add(n)
	}
	for _, n := range s.constList {
		add(n)
	}
	for _, f := range functions {
		add(f.name)
	}
	for _, u := range s.declared {
		for _, a := range u.aliases {
			add(a)
		}
	}
	for _, u := range s.builtin.all() {
		for _, a := range u.aliases {
			add(a)
		}
	}
	sort.Strings(out)
	return out
}

// split scans a line and splits it at ';' into statements' tokens, each
// ending in tokEOF. Statements are parsed one at a time, just before they
// run, since a later one may use a name an earlier one assigns.
func split(line string) ([][]token, *Error) {
	toks, err := scan(line)
	if err != nil {
		return nil, err
	}
	var out [][]token
	start := 0
	for i, t := range toks {
		if t.kind != tokEOF && !(t.kind == tokOp && t.text == ";") {
			continue
		}
		if i > start {
			out = append(out, append(toks[start:i:i], token{kind: tokEOF, col: t.col, end: t.col, off: t.off, eoff: t.off}))
		}
		start = i + 1
	}
	return out, nil
}

// parseStatement parses one statement's tokens.
func (s *Session) parseStatement(line string, toks []token) (*statement, *Error) {
	p := &parser{s: s, line: line, toks: toks}
	st, err := p.parseStatement()
	if err != nil {
		return nil, err
	}
	if p.nodes > maxNodes {
		return nil, &Error{Col: toks[0].col + 1, Msg: "statement is too long: more than 10000 terms"}
	}
	return st, nil
}

// parseOne parses a line that must hold exactly one statement.
func (s *Session) parseOne(line string) (*statement, *Error) {
	parts, err := split(line)
	if err != nil {
		return nil, err
	}
	if len(parts) != 1 {
		return nil, &Error{Col: 1, Msg: "want one expression"}
	}
	return s.parseStatement(line, parts[0])
}

// evalNode compiles a parsed statement with expr and runs it.
func (s *Session) evalNode(st *statement) (any, *Error) {
	tree := &exprparser.Tree{Node: st.node, Source: file.NewSource("")}
	if _, err := checker.Check(tree, s.cfg); err != nil {
		return nil, s.exprError(err)
	}
	program, err := compiler.Compile(tree, s.cfg)
	if err != nil {
		return nil, s.exprError(err)
	}
	v, err := s.machine.Run(program, nil)
	if err != nil {
		return nil, s.exprError(err)
	}
	return v, nil
}

// exprError turns an error from expr's checker or VM into ours, at the
// column expr recorded for the failing call.
func (s *Session) exprError(err error) *Error {
	out := &Error{Msg: err.Error()}
	var fe *file.Error
	if errors.As(err, &fe) {
		out.Col = fe.From + 1
		out.Msg = fe.Message
	}
	var oe *opError
	if errors.As(err, &oe) {
		out.Msg, out.Hint = oe.msg, oe.hint
	}
	return out
}
