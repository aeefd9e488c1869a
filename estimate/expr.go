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
	"slices"

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
	fn := func(name string, f func(p ...any) (any, error), sig any) {
		opts = append(opts, expr.Function(name, f, sig))
	}
	// Binary operators: a float loop over samples when either side is
	// uncertain.
	bin := func(name string, f func(a arith, x, y quantity) (quantity, error), op byte) {
		fn(name, func(p ...any) (any, error) {
			x, y := p[0].(quantity), p[1].(quantity)
			if x.smp == nil && y.smp == nil {
				return f(s.arith(), x, y)
			}
			if err := s.interrupted(); err != nil {
				return nil, err
			}
			if op == 0 {
				return lift(func(q []quantity) (quantity, error) { return f(s.arith(), q[0], q[1]) }, []quantity{x, y})
			}
			return liftFast(f, op, s.arith(), x, y)
		}, new(func(quantity, quantity) quantity))
	}
	bin("op:add", arith.add, '+')
	bin("op:sub", arith.sub, '-')
	bin("op:mul", arith.mul, '*')
	bin("op:juxt", arith.juxtapose, '*')
	bin("op:of", arith.of, '*')
	bin("op:div", arith.div, '/')
	bin("op:pow", arith.pow, 0)
	unary := func(name string, f func(q quantity) (quantity, error)) {
		fn(name, func(p ...any) (any, error) {
			q := p[0].(quantity)
			if q.smp == nil {
				return f(q)
			}
			if err := s.interrupted(); err != nil {
				return nil, err
			}
			return lift(func(x []quantity) (quantity, error) { return f(x[0]) }, []quantity{q})
		}, new(func(quantity) quantity))
	}
	unary("op:neg", s.arith().neg)
	unary("op:nines", func(q quantity) (quantity, error) { return fromNines(s.arith(), q) })
	unary("op:percent", func(q quantity) (quantity, error) {
		if !q.dim.IsZero() {
			return quantity{}, errorf("", "% applies to plain numbers, not "+s.dims.describe(q.dim))
		}
		return percentOf(q.v / 100)
	})
	fn("op:convert", func(p ...any) (any, error) {
		q, to := p[0].(quantity), p[1].(quantity)
		c, err := s.convert(q.at(0), to, p[2].(string)) // a conversion changes how it shows, not the samples
		c.smp, c.tmp, c.ord = q.smp, q.tmp, q.ord
		return c, err
	}, new(func(quantity, quantity, string) quantity))
	fn("op:compare", func(p ...any) (any, error) {
		return s.compare(p[0].(quantity), p[1].(quantity), p[2].(string), nil)
	}, new(func(quantity, quantity, string) comparison))
	fn("op:within", func(p ...any) (any, error) {
		tol := p[3].(quantity)
		return s.compare(p[0].(quantity), p[1].(quantity), p[2].(string), &tol)
	}, new(func(quantity, quantity, string, quantity) comparison))
	fn("op:range", func(p ...any) (any, error) {
		if err := s.interrupted(); err != nil {
			return nil, err
		}
		return s.rangeOf(p[2].(string), p[0].(quantity), p[1].(quantity))
	}, new(func(quantity, quantity, string) quantity))
	fn("fn:prob", func(p ...any) (any, error) {
		c := p[0].(comparison)
		if !c.uncertain {
			return nil, errorf("for example: prob(peak_qps > capacity)", "prob needs a comparison of an uncertain value")
		}
		return percentOf(c.share)
	}, new(func(comparison) quantity))
	for _, f := range allFunctions {
		if f.comparison {
			continue // prob, above
		}
		sig := signature(f)
		if f.draw != nil {
			draw := f.draw
			fn("fn:"+f.name, func(p ...any) (any, error) {
				if err := s.interrupted(); err != nil {
					return nil, err
				}
				return draw(s, p[len(p)-1].(string), quantities(p[:len(p)-1]))
			}, sig)
			continue
		}
		call, whole, each := f.call, f.whole, f.each
		fn("fn:"+f.name, func(p ...any) (any, error) {
			args := quantities(p)
			if whole || !slices.ContainsFunc(args, quantity.uncertain) {
				return call(s.arith(), args)
			}
			if err := s.interrupted(); err != nil {
				return nil, err
			}
			one := func(x []quantity) (quantity, error) { return call(s.arith(), x) }
			if each != nil && len(args) == 1 {
				return liftEach(one, each, args[0])
			}
			return lift(one, args)
		}, sig)
	}
	for _, o := range opts {
		o(cfg)
	}
	return cfg
}

// signature is f's type for expr's checker; a constructor takes its
// draws' key last.
func signature(f *function) any {
	if f.draw != nil {
		switch f.max {
		case 2:
			return new(func(quantity, quantity, string) quantity)
		case 3:
			return new(func(quantity, quantity, quantity, string) quantity)
		}
	}
	switch {
	case f.max < 0:
		return new(func(...quantity) quantity)
	case f.max == 2:
		return new(func(quantity, quantity) quantity)
	case f.max == 3:
		return new(func(quantity, quantity, quantity) quantity)
	}
	return new(func(quantity) quantity)
}

func quantities(p []any) []quantity {
	out := make([]quantity, len(p))
	for i := range p {
		out[i] = p[i].(quantity)
	}
	return out
}

// compileNode type-checks and compiles one statement's tree.
func (s *Session) compileNode(node ast.Node, l *srcLine) (*vm.Program, *Error) {
	tree := &exprparser.Tree{Node: node, Source: file.NewSource("")}
	if _, err := checker.Check(tree, s.cfg); err != nil {
		return nil, s.exprError(err, l, "")
	}
	p, err := compiler.Compile(tree, s.cfg)
	if err != nil {
		return nil, s.exprError(err, l, "")
	}
	return p, nil
}

// runProgram runs a compiled statement against env. Errors are placed on
// the line l, at the column expr recorded for the failing call; why, if
// not "", is their hint when the failure has none of its own.
func (s *Session) runProgram(p *vm.Program, env map[string]any, l *srcLine, why string) (any, *Error) {
	v, err := s.machine.Run(p, env)
	if err != nil {
		return nil, s.exprError(err, l, why)
	}
	return v, nil
}

// exprError turns an error from expr's checker or VM into ours, at the
// column expr recorded for the failing call.
func (s *Session) exprError(err error, l *srcLine, why string) *Error {
	col, msg, hint := 0, err.Error(), why
	var fe *file.Error
	if errors.As(err, &fe) {
		col, msg = fe.From, fe.Message
	}
	var oe *opError
	if errors.As(err, &oe) {
		msg = oe.msg
		if oe.hint != "" {
			hint = oe.hint
		}
	}
	return errAt(l, col, msg, hint)
}
