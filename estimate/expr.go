package estimate

// The expr binding. napkin uses expr-lang/expr for what it is built for:
// a program compiled once and run many times against an environment.
//
//   - Compile: each statement's tree (built by our parser, since expr's
//     own rejects "100 MB" and "99.9%") is type-checked by expr's checker,
//     which verifies the arity and argument types of every operator and
//     function call once, and compiled to bytecode.
//   - Run: the program runs on a reused VM against an environment that
//     maps names (variables, units, constants, ans) to their values, so a
//     model runs again with other inputs (--set, --vary, the REPL's next
//     line) without parsing or compiling anything.
//   - Errors: the VM reports a failing call at the location our parser
//     gave it, so a dimension error points at its operator.
//
// Operators are calls to functions registered with expr.Function (op:add,
// op:mul, ...). That is what expr.Operator's patcher turns a binary node
// into for custom types; our parser builds the calls directly, which
// spares the patcher's repeated type-check passes on every statement. The
// language's functions are registered as fn:ceil, fn:min ...: no estimate
// can spell those, so the unit min never meets the function min.

import (
	"errors"
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// newConfig registers the language's operators and functions with expr.
// The environment is declared as a map whose every key holds a quantity:
// names are resolved before expr sees them (names.go), with suggestions
// expr could not make. expr's builtins are left out of the config
// altogether rather than disabled one by one (conf.CreateNew and
// DisableAllBuiltins walk expr's whole builtin table, which costs a one-off
// answer page faults): none can clash with ours or be reached.
func (s *Session) newConfig() *conf.Config {
	cfg := &conf.Config{
		ConstFns:  map[string]reflect.Value{},
		Functions: conf.FunctionsTable{},
		Builtins:  conf.FunctionsTable{},
		Disabled:  map[string]bool{},
	}
	cfg.WithEnv(types.Map{types.Extra: types.TypeOf(quantity{})})
	var opts []expr.Option
	bin := func(name string, f func(a arith, x, y quantity) (quantity, error)) {
		opts = append(opts, expr.Function(name, func(p ...any) (any, error) {
			return f(s.arith(), p[0].(quantity), p[1].(quantity))
		}, new(func(quantity, quantity) quantity)))
	}
	bin("op:add", arith.add)
	bin("op:sub", arith.sub)
	bin("op:mul", arith.mul)
	bin("op:juxt", arith.juxtapose)
	bin("op:div", arith.div)
	bin("op:pow", arith.pow)
	opts = append(opts,
		expr.Function("op:neg", func(p ...any) (any, error) {
			return s.arith().neg(p[0].(quantity))
		}, new(func(quantity) quantity)),
		expr.Function("op:percent", func(p ...any) (any, error) {
			q := p[0].(quantity)
			if !q.dim.IsZero() {
				return nil, errorf("", "% applies to plain numbers, not "+s.dims.describe(q.dim))
			}
			return percentOf(q.v / 100)
		}, new(func(quantity) quantity)),
		expr.Function("op:of", func(p ...any) (any, error) {
			pct := p[0].(quantity)
			if !pct.dim.IsZero() || !pct.show.percent {
				return nil, errorf(ofHint, "of follows a percentage, not "+s.formatter().display(pct).Text)
			}
			return s.arith().mul(pct, p[1].(quantity))
		}, new(func(quantity, quantity) quantity)),
		expr.Function("op:nines", func(p ...any) (any, error) {
			return fromNines(s.arith(), p[0].(quantity))
		}, new(func(quantity) quantity)),
		expr.Function("op:convert", func(p ...any) (any, error) {
			return s.convert(p[0].(quantity), p[1].(quantity), p[2].(string))
		}, new(func(quantity, quantity, string) quantity)),
		expr.Function("op:compare", func(p ...any) (any, error) {
			return s.compare(p[0].(quantity), p[1].(quantity), p[2].(string), nil)
		}, new(func(quantity, quantity, string) comparison)),
		expr.Function("op:within", func(p ...any) (any, error) {
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
		opts = append(opts, expr.Function("fn:"+f.name, func(p ...any) (any, error) {
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

// ofHint shows what of is for.
const ofHint = "of takes a percentage of what follows: 20% of 1 TB; otherwise multiply with *"

// compileNode type-checks and compiles one statement's tree.
func (s *Session) compileNode(node ast.Node, l *srcLine) (*vm.Program, *Error) {
	tree := &exprparser.Tree{Node: node, Source: file.NewSource("")}
	if _, err := checker.Check(tree, s.cfg); err != nil {
		return nil, s.exprError(err, l)
	}
	p, err := compiler.Compile(tree, s.cfg)
	if err != nil {
		return nil, s.exprError(err, l)
	}
	return p, nil
}

// runProgram runs a compiled statement against env. Errors are placed on
// the line l, at the column expr recorded for the failing call.
func (s *Session) runProgram(p *vm.Program, env map[string]any, l *srcLine) (any, *Error) {
	v, err := s.machine.Run(p, env)
	if err != nil {
		return nil, s.exprError(err, l)
	}
	return v, nil
}

// exprError turns an error from expr's checker or VM into ours, at the
// column expr recorded for the failing call.
func (s *Session) exprError(err error, l *srcLine) *Error {
	col, msg, hint := 0, err.Error(), ""
	var fe *file.Error
	if errors.As(err, &fe) {
		col, msg = fe.From, fe.Message
	}
	var oe *opError
	if errors.As(err, &oe) {
		msg, hint = oe.msg, oe.hint
	}
	return errAt(l, col, msg, hint)
}
