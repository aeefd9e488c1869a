package estimate

import (
	"context"

	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm"
)

// Session evaluates estimates: it holds the variables, declared units and
// previous result of one REPL session or one file run. Each line or file
// is compiled into a Model against the session's names and run; what it
// defines then becomes the session's. A Session is not safe for use by
// several goroutines at once; make one per goroutine.
type Session struct {
	digits    int
	digitsSet bool   // WithDigits was given: uncertain values show that many too, not 2
	samples   int    // draws per uncertain value
	seed      uint64 // the seed every range's draws start from
	builtin   *registry
	units     map[string]*unit // declared with "unit", every spelling
	declared  []*unit          // declared units, in order
	dims      dimNames
	env       map[string]any // what names read when a program runs: variables, units, constants, "ans"
	vars      map[string]int // variable -> the line it was last assigned on
	varOrder  []string
	hasAns    bool
	failed    map[string]int          // in RunAll, variables whose assignment failed -> its line
	dimText   map[dimension][2]string // a dimension's base unit and name, as Results give them
	cfg       *conf.Config
	machine   vm.VM // reused by every program the session runs
	// running is the context of the run under way: sampled operations
	// look at it, so a deadline stops a long statement of ranges, not
	// only the statements after it.
	running context.Context
}

// interrupted is the error an operation over samples returns once the
// run's context is done; nil otherwise.
func (s *Session) interrupted() error {
	if s.running != nil && s.running.Err() != nil {
		return errorf("", "interrupted")
	}
	return nil
}

// Option configures a Session.
type Option func(*Session)

// WithDigits sets how many significant digits values are shown with (4;
// an uncertain value's median and interval show 2 unless this is given).
// Past 15 they show as 15: a float64 holds no more faithfully, and more
// would print its rounding (0.30000000000000004).
func WithDigits(n int) Option {
	return func(s *Session) { s.digits, s.digitsSet = max(1, min(n, 17)), true }
}

// WithSamples sets how many samples an uncertain value has
// (DefaultSamples), from MinSamples to MaxSamples.
func WithSamples(n int) Option {
	return func(s *Session) { s.samples = max(MinSamples, min(n, MaxSamples)) }
}

// WithSeed sets the seed the draws of every range start from. The same
// estimate and seed give the same samples on every run and machine.
func WithSeed(seed uint64) Option {
	return func(s *Session) { s.seed = seed }
}

// Fresh returns a new session with s's settings (digits, samples, seed)
// and none of its variables or units: to replay what s has run.
func (s *Session) Fresh() *Session {
	f := NewSession(WithSamples(s.samples), WithSeed(s.seed))
	f.digits, f.digitsSet = s.digits, s.digitsSet
	return f
}

// SetSamples changes how many samples the session's next uncertain values
// have: the REPL's :samples. Values made before keep theirs.
func (s *Session) SetSamples(n int) error {
	if n < MinSamples || n > MaxSamples {
		return &Error{Msg: "samples must be from 1,000 to 10,000,000, not " + itoa(n)}
	}
	s.samples = n
	return nil
}

// Samples is how many samples the session's uncertain values have.
func (s *Session) Samples() int { return s.samples }

// DefaultSeed is the seed a session starts with: fixed, so that a run in
// CI never differs from the one before.
const DefaultSeed = 1

// NewSession returns a session with the built-in units, functions and
// constants.
func NewSession(opts ...Option) *Session {
	s := &Session{digits: 4, samples: DefaultSamples, seed: DefaultSeed, builtin: builtinRegistry()}
	s.Reset()
	for _, o := range opts {
		o(s)
	}
	s.cfg = s.newConfig()
	return s
}

func (s *Session) arith() arith { return arith{names: &s.dims} }

func (s *Session) formatter() formatter {
	f := formatter{names: &s.dims, digits: min(s.digits, maxDigits), rangeDigits: 2}
	if s.digitsSet {
		f.rangeDigits = f.digits
	}
	return f
}

// Eval evaluates one line: statements separated by ';'. It stops at the
// first error, returning the results before it and the error; as in Run,
// a failed assertion does not stop it and is reported in its Result's
// Err. What the line defines stays for the session's next lines.
func (s *Session) Eval(line string) ([]Result, error) {
	return s.EvalContext(context.Background(), line)
}

// EvalContext is Eval, stopping between statements once ctx is done.
func (s *Session) EvalContext(ctx context.Context, line string) ([]Result, error) {
	return s.runModel(ctx, s.compileLine(line))
}

// Run evaluates a whole estimate file. It stops at the first error,
// returning the results before it and the error; a failed assertion does
// not stop it but is reported in its Result's Err, so one run lists every
// failed assertion. What the file defines stays for the session.
func (s *Session) Run(src string) ([]Result, error) {
	return s.RunContext(context.Background(), src)
}

// RunContext is Run, stopping between statements once ctx is done.
//
// A file run once keeps no program: each line is compiled, run and let go
// before the next, so memory grows with the results, not with compiled
// statements (expr's programs keep their trees). Compile keeps them, to
// run a model again.
func (s *Session) RunContext(ctx context.Context, src string) ([]Result, error) {
	lines, err := statementLines(src)
	if err != nil {
		return nil, err
	}
	var out []Result
	for l := range lines {
		m, sc := s.newModel()
		m.compileLine(sc, l)
		st := m.runIn(ctx, nil, s.env)
		s.commit(m, st)
		out = append(out, st.results...)
		if st.err != nil {
			return out, st.err
		}
	}
	return out, nil
}

func (s *Session) runModel(ctx context.Context, m *Model) ([]Result, error) {
	st := m.run(ctx, nil)
	s.commit(m, st)
	if st.err != nil {
		return st.results, st.err
	}
	return st.results, nil
}

// RunAll evaluates a whole estimate file as Run does, but goes on past an
// error: statements that do not depend on a failed one still run, and
// those that do are reported as skipped, with the variable they need. It
// returns every result and every error, in file order: napkin check's
// way, so one run lists every problem.
func (s *Session) RunAll(ctx context.Context, src string) ([]Result, []*Error) {
	lines, err := statementLines(src)
	if err != nil {
		return nil, []*Error{err}
	}
	s.failed = map[string]int{}
	defer func() { s.failed = nil }()
	var out []Result
	var errs []*Error
	for l := range lines {
		m, sc := s.newModel()
		m.compileLine(sc, l)
		st := m.runIn(ctx, nil, s.env)
		s.commit(m, st)
		out = append(out, st.results...)
		ran := map[string]bool{}
		for _, r := range st.results {
			if r.Kind == Assignment {
				delete(s.failed, r.Name) // assigned again: its new value stands
				ran[r.Name] = true
			}
		}
		e := st.err
		if e == nil {
			continue
		}
		if e.Msg == "interrupted" {
			return out, append(errs, e)
		}
		errs = append(errs, e)
		// What the line would have assigned from the failure on fails too,
		// even a variable assigned before: its old value is not what the
		// file meant from here.
		for _, name := range linesAssignments(l) {
			if !ran[name] {
				s.failed[name] = l.no
			}
		}
	}
	return out, errs
}

// linesAssignments lists the names a line assigns, parsing it alone.
func linesAssignments(l *srcLine) []string {
	sts, _, _ := parse(l)
	var out []string
	for _, st := range sts {
		if st.kind == Assignment {
			out = append(out, st.name)
		}
	}
	if len(sts) == 0 {
		// A line that does not parse: a name = at its start still names
		// what it meant to assign.
		if toks, err := scan(l); err == nil && len(toks) > 0 && len(toks[0]) > 2 &&
			toks[0][0].kind == tokIdent && toks[0][1].kind == tokOp && toks[0][1].text == "=" {
			out = append(out, toks[0][0].text)
		}
	}
	return out
}

// Reset forgets the session's variables, declared units and previous
// result; settings stay.
func (s *Session) Reset() {
	b := s.builtin
	s.units = map[string]*unit{}
	s.declared = nil
	s.env = map[string]any{}
	s.vars = map[string]int{}
	s.varOrder = nil
	s.hasAns = false
	s.dimText = map[dimension][2]string{}
	s.dims.names = append([]string(nil), b.dims.names...)
	s.dims.symbols = append([]string(nil), b.dims.symbols...)
	s.dims.bases = append([]string(nil), b.dims.bases...)
	s.dims.plurals = make([]string, len(b.dims.names))
}

// add names a new base dimension: a unit someone declared.
func (n *dimNames) add(name, plural string) {
	n.names = append(n.names, name)
	n.symbols = append(n.symbols, name)
	n.bases = append(n.bases, name)
	n.plurals = append(n.plurals, plural)
}

// truncate forgets base dimensions past the first k. A session clears
// its dimText with it, since a forgotten slot may be declared again.
func (n *dimNames) truncate(k int) {
	n.names, n.symbols, n.bases, n.plurals = n.names[:k], n.symbols[:k], n.bases[:k], n.plurals[:k]
}
