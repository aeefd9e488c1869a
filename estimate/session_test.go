package estimate

import (
	"context"
	"errors"
	"go/build"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// asError returns err's *Error, or nil.
func asError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// TestNoCLIImports keeps the engine a library: no command-line or table
// packages.
func TestNoCLIImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		for _, banned := range []string{"github.com/spf13/", "github.com/olekukonko/", "github.com/peterh/", "github.com/rogpeppe/"} {
			if strings.HasPrefix(imp, banned) {
				t.Errorf("estimate imports %s; the engine must not print or know about the CLI", imp)
			}
		}
	}
}

func TestUnitsData(t *testing.T) {
	r, err := parseUnits(unitsData)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{
		"KB": 8000, "kB": 8000, "KiB": 8192, "MiB": 8 << 20, "B": 8, "bit": 1, "Mbps": 1e6,
		"Gb": 1e9, "GiB": 8 << 30, "EB": 8e18, "min": 60, "h": 3600, "day": 86400,
		"wk": 604800, "yr": 31556952, "mo": 2629746, "qps": 1, "ms": 1e-3, "µs": 1e-6,
		"percent": 0.01, "k": 1000, "bn": 1e9,
	} {
		u := r.lookup(name)
		if u == nil {
			t.Errorf("%s not defined", name)
			continue
		}
		if got := u.value.v; abs(got-want) > 1e-9*want {
			t.Errorf("1 %s = %g base units, want %g", name, got, want)
		}
	}
	for _, name := range []string{"kb", "mb", "gb", "tb", "pb", "eb"} {
		if _, ok := r.ambiguous[name]; !ok {
			t.Errorf("%s should be ambiguous", name)
		}
	}
	// Prefixed spellings are made on demand; none may read as another
	// unit or an ambiguous spelling, nor two of them alike.
	seen := map[string]*unit{}
	for _, u := range r.all() {
		for _, a := range u.aliases {
			if other, dup := seen[a]; dup {
				t.Errorf("%q is both %s and %s", a, other.name, u.name)
			}
			seen[a] = u
			if _, amb := r.ambiguous[a]; amb {
				t.Errorf("%q is a unit and ambiguous", a)
			}
			if got := r.lookup(a); got == nil || got.name != u.name {
				t.Errorf("lookup(%q) = %v, want %s", a, got, u.name)
			}
		}
	}
	if len(seen) < 150 {
		t.Errorf("only %d spellings", len(seen))
	}
	// The formatter's words come from the data.
	w := r.words
	if !slices.Equal(w.scale, []string{"", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"}) ||
		!slices.Equal(w.si, []string{"", "k", "M", "G", "T", "P", "E"}) ||
		!slices.Equal(w.iec, []string{"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}) || w.year != 31556952 {
		t.Errorf("display words = %+v", w)
	}
	for _, name := range []string{"KKB", "kib", "MiBB", "Kis", "kmin"} {
		if u := r.lookup(name); u != nil {
			t.Errorf("lookup(%q) = %s, want nothing", name, u.name)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestRunFile(t *testing.T) {
	s := NewSession()
	src := "# pastebin\nwrites = 10 million per month\nsize = 1.271 kB\n\nstorage = writes * size * 3 years\nassert storage < 400 GB\nassert storage < 1 TB\nbad = storage + 1 s\nnever = 1\n"
	res, runErr := s.Run(src)
	err := asError(runErr)
	if err == nil || err.Line != 8 || err.Col != 15 || !strings.Contains(err.Msg, "cannot add") {
		t.Fatalf("error = %v, want 8:15 cannot add", err)
	}
	if err.Source != "bad = storage + 1 s" {
		t.Errorf("error source = %q", err.Source)
	}
	if len(res) != 5 {
		t.Fatalf("got %d results, want 5 (the file stops at the error)", len(res))
	}
	st := res[2]
	if st.Name != "storage" || st.Line != 5 || st.Display.Text != "457.6 GB" || st.Kind != Assignment {
		t.Errorf("storage result = %+v", st)
	}
	if !slices.Equal(st.Uses, []string{"writes", "size"}) {
		t.Errorf("uses = %q", st.Uses)
	}
	if w := st.Working(); w != "10 million /mo * 1.271 kB * 3 years" {
		t.Errorf("working = %q", w)
	}
	if st.BaseUnit != "bit" || st.Dimension != "information" || st.Value.Base() != 457.56e9*8 {
		t.Errorf("base = %v %q %q", st.Value.Base(), st.BaseUnit, st.Dimension)
	}
	if fail := res[3]; fail.Passed || fail.Err == nil || fail.Err.Line != 6 ||
		fail.Err.Msg != "assertion failed: storage < 400 GB (storage = 457.6 GB)" {
		t.Errorf("failed assertion = %+v %v", fail, fail.Err)
	}
	if ok := res[4]; !ok.Passed || ok.Err != nil {
		t.Errorf("passing assertion = %+v", ok)
	}
	if vars := s.Vars(); len(vars) != 3 || vars[2].Name != "storage" || vars[2].Line != 5 {
		t.Errorf("vars = %+v", vars)
	}
}

// TestInput runs one compiled model with other inputs: what --set and
// --vary do.
func TestInput(t *testing.T) {
	s := NewSession()
	m, err := s.Compile("dau = 10M\nreads = dau * 10 / day -> /s\ndau = dau * 2\nlast = dau")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Assigned(); !slices.Equal(got, []string{"dau", "reads", "last"}) {
		t.Errorf("assigned = %v", got)
	}
	in, err := m.Input("dau", "50M")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // a model runs again with the same result
		res, err := m.Run(in)
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Display.Text != "50 million" || !res[0].Override || res[0].Expr != "50M" {
			t.Errorf("dau = %+v", res[0])
		}
		if res[1].Display.Text != "5,787 /s" {
			t.Errorf("reads = %s, want 5,787 /s (50M * 10 / 86400)", res[1].Display.Text)
		}
		// Only the first assignment is replaced: the file's later step stays.
		if res[3].Display.Text != "100 million" {
			t.Errorf("last = %s, want 100 million (50M * 2)", res[3].Display.Text)
		}
	}
	res, err := m.Run()
	if err != nil || res[1].Display.Text != "1,157 /s" {
		t.Errorf("without the input: %v %v", res, err)
	}
	if len(s.Vars()) != 0 {
		t.Errorf("running a model changed the session: %v", s.Vars())
	}
	for _, tt := range []struct{ name, text, msg string }{
		{"nope", "1", "the estimate never assigns nope"},
		{"dau", "1 +", "unexpected end of line: expected a value"},
		{"dau", "x = 1", "want one expression, such as 50M or 2 KB / user"},
		{"dau", "reads * 2", "unknown name 'reads'"},
	} {
		_, err := m.Input(tt.name, tt.text)
		if e := asError(err); e == nil || !strings.HasPrefix(e.Msg, tt.msg) || e.Line != 0 {
			t.Errorf("Input(%q, %q) = %v, want %q", tt.name, tt.text, err, tt.msg)
		}
	}
	// An input must keep the dimension of the value it replaces.
	in, _ = m.Input("dau", "5 GB")
	_, err = m.Run(in)
	if e := asError(err); e == nil || e.Input != "dau" || !strings.Contains(e.Msg, "'5 GB' is B (information), but dau is a plain number") {
		t.Errorf("a 5 GB dau: %v", err)
	}
	// An error the input causes downstream says so.
	m2, _ := s.Compile("n = 4\nshare = 100 / n")
	in, _ = m2.Input("n", "0")
	_, err = m2.Run(in)
	if e := asError(err); e == nil || e.Msg != "division by zero" || e.Hint != "n is set to 0 for this run" || e.Line != 2 {
		t.Errorf("n = 0: %+v", e)
	}
}

func TestConstants(t *testing.T) {
	s := NewSession()
	res, err := s.Eval("mem_read_1mb * 1000 -> ms")
	if err != nil || res[0].Display.Text != "250 ms" {
		t.Fatalf("got %v %v", res, err)
	}
	if _, err := s.Eval("mem_read_1mb = 1"); err == nil {
		t.Error("assigning to a constant should fail")
	}
	if !slices.Contains(s.Names(), "mem_read_1mb") {
		t.Error("Names should list constants")
	}
	cs := s.Constants()
	if len(cs) != 15 || cs[0].Name != "l1_ref" || cs[0].Def != "0.5 ns" || cs[0].Doc != "L1 cache reference" {
		t.Errorf("constants = %+v", cs)
	}
	if _, err := parseConstants("x : 1 : a\nx : 2 : b", builtinRegistry()); err == nil {
		t.Error("a constant defined twice should fail")
	}
	if _, err := parseConstants("MB : 1 : a", builtinRegistry()); err == nil {
		t.Error("a constant named like a unit should fail")
	}
}

func TestReset(t *testing.T) {
	s := NewSession()
	if _, err := s.Eval("unit tweet; x = 5 tweets"); err != nil {
		t.Fatal(err)
	}
	s.Reset()
	for _, line := range []string{"x", "tweet", "ans"} {
		if _, err := s.Eval(line); err == nil {
			t.Errorf("%s survived Reset", line)
		}
	}
	if _, err := s.Eval("unit tweet"); err != nil {
		t.Errorf("redeclaring after Reset: %v", err)
	}
}

func TestTooManyUnits(t *testing.T) {
	s := NewSession()
	var err error
	for i := 0; i < maxDims && err == nil; i++ {
		_, err = s.Eval("unit u" + strings.Repeat("x", i+1))
	}
	if err == nil || !strings.Contains(err.Error(), "too many base units") {
		t.Errorf("got %v", err)
	}
}

func TestLimits(t *testing.T) {
	s := NewSession()
	deep := strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500)
	if _, err := s.Eval(deep); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("deep nesting: %v", err)
	}
	for _, line := range []string{
		"2^" + strings.Repeat("-", 90_000) + "1",
		strings.Repeat("-", 90_000) + "1",
		strings.Repeat("sqrt(", 10_000) + "1",
		"2" + strings.Repeat("^2", 5_000),
	} {
		if _, err := s.Eval(line); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
			t.Errorf("%.20s...: %v", line, err)
		}
	}
	long := strings.Repeat("1 + ", 20000) + "1"
	if _, err := s.Eval(long); err == nil || !strings.Contains(err.Error(), "1:40001: statement is too long") {
		t.Errorf("long line: %v", err)
	}
	ok := strings.Repeat("1 + ", 2000) + "1"
	if res, err := s.Eval(ok); err != nil || res[0].Display.Text != "2,001" {
		t.Errorf("2001 terms: %v %v", res, err)
	}
	// A line over the limit is refused before it is scanned, and its
	// error echoes a window of it, not all of it.
	huge := strings.Repeat("1+", 2_000_000)
	_, err := s.Eval(huge)
	e := asError(err)
	if e == nil || e.Msg != "line is too long: 4,000,000 bytes, more than 100,000" {
		t.Fatalf("4 MB line: %v", err)
	}
	if c := e.Caret(""); len(c) > 2*caretWidth+10 {
		t.Errorf("the caret echoes %d bytes", len(c))
	}
}

// TestLongEstimate: an estimate of more lines than napkin runs is refused
// before anything runs; one at the limit runs.
func TestLongEstimate(t *testing.T) {
	src := strings.Repeat("1 + 1\n# a comment\n\n", maxLines) + "2\n"
	res, err := NewSession().Run(src)
	e := asError(err)
	if len(res) != 0 || e == nil || e.Line != 3*maxLines+1 || e.Msg != "estimate is too long: more than 200,000 lines of statements" {
		t.Errorf("%d results, %v", len(res), err)
	}
	if _, err := NewSession().Compile(src); asError(err) == nil || asError(err).Line != 3*maxLines+1 {
		t.Errorf("Compile: %v", err)
	}
	if testing.Short() {
		return
	}
	res, err = NewSession().Run(strings.Repeat("1 + 1\n", maxLines))
	if err != nil || len(res) != maxLines {
		t.Errorf("%d lines: %d results, %v", maxLines, len(res), err)
	}
}

func TestCaretWindow(t *testing.T) {
	line := strings.Repeat("a", 100) + "X" + strings.Repeat("b", 100)
	e := &Error{Col: 101, Source: line}
	src, caret, _ := strings.Cut(e.Caret(""), "\n")
	if r := []rune(src); r[len([]rune(caret))-1] != 'X' || !strings.HasPrefix(src, "…") || !strings.HasSuffix(src, "…") {
		t.Errorf("window:\n%s\n%s", src, caret)
	}
	short := &Error{Col: 3, Source: "1 MB + 1 s"}
	if got := short.Caret("  "); got != "  1 MB + 1 s\n    ^" {
		t.Errorf("short caret = %q", got)
	}
}

func TestDigits(t *testing.T) {
	s := NewSession(WithDigits(8))
	res, err := s.Eval("1 billion / month -> /s")
	if err != nil || res[0].Display.Text != "380.26486 /s" {
		t.Errorf("got %v %v", res, err)
	}
}

// TestSessionsInParallel runs sessions on several goroutines at once:
// they share only the built-in data (units made on first lookup, the
// constants read on first use), which must be safe to share. CI runs it
// under the race detector.
func TestSessionsInParallel(t *testing.T) {
	lines := []string{"1 TB / 1 Gbps", "2^40 B -> TiB", "mem_read_1mb * 1000 -> ms", "5 PiB + 3 Ebit -> GB", "downtime(99.99%, month)"}
	want := make([]string, len(lines))
	for i, l := range lines {
		res, err := NewSession().Eval(l)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res[0].Display.Text
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			s := NewSession()
			for i := range 50 {
				k := (g + i) % len(lines)
				res, err := s.Eval(lines[k])
				if err == nil && res[0].Display.Text != want[k] {
					err = errors.New(lines[k] + " = " + res[0].Display.Text + ", want " + want[k])
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestRunAll: past an error, independent statements still run; those
// that need what failed are skipped, saying why; a failed reassignment
// does not leave the old value standing; a later assignment restores it.
func TestRunAll(t *testing.T) {
	src := "x = 1 GB\nbad = x + 1 s\nuses_bad = bad * 2\nfine = x * 2\nassert fine < 1 TB\nx = x + 1 s\nstale = x * 3\nx = 5 GB\nagain = x * 2\nalso = nope\n"
	res, errs := NewSession().RunAll(context.Background(), src)
	var got []string
	for _, e := range errs {
		got = append(got, itoa(e.Line)+": "+e.Msg)
	}
	want := []string{
		"2: cannot add B (information) and s (time)",
		"3: skipped: it uses bad, which failed on line 2",
		"6: cannot add B (information) and s (time)",
		"7: skipped: it uses x, which failed on line 6",
		"10: unknown name 'nope'",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !errs[1].Skipped || errs[0].Skipped {
		t.Error("Skipped marks the skipped ones")
	}
	names := map[string]string{}
	for _, r := range res {
		names[r.Name] = r.Display.Text
	}
	if names["fine"] != "2 GB" || names["again"] != "10 GB" || len(res) != 5 {
		t.Errorf("results: %v", names)
	}
}

// TestStatements lists an estimate's statements without compiling it:
// kinds, names, the names each uses, and which are uncertain.
func TestStatements(t *testing.T) {
	src := `# Pastebin, with guesses
unit paste
writes = 10 million paste / month
size = 1..4 KB / paste # a range
latency = normal(100 ms, 10 ms); spare = writes * 2
storage = writes * size * 3 years -> TB
assert storage < 1 PB

undeclared * 2
unit rack = 40 server
`
	got, err := Statements(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []Statement{
		{Line: 2, Kind: UnitDeclaration, Name: "paste"},
		{Line: 3, Kind: Assignment, Name: "writes", Names: []string{"million", "paste", "month"}},
		{Line: 4, Kind: Assignment, Name: "size", Names: []string{"KB", "paste"}, Uncertain: true},
		{Line: 5, Kind: Assignment, Name: "latency", Names: []string{"ms"}, Uncertain: true},
		{Line: 5, Kind: Assignment, Name: "spare", Names: []string{"writes"}},
		{Line: 6, Kind: Assignment, Name: "storage", Names: []string{"writes", "size", "years", "TB"}},
		{Line: 7, Kind: Assertion, Names: []string{"storage", "PB"}},
		{Line: 9, Kind: Expression, Names: []string{"undeclared"}},
		{Line: 10, Kind: UnitDeclaration, Name: "rack", Names: []string{"server"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Statements:\n got %+v\nwant %+v", got, want)
	}

	// A syntax error is the error, positioned; the statements before it
	// are listed.
	got, err = Statements("a = 1\nb = (2 +\n")
	e, ok := err.(*Error)
	if !ok || e.Line != 2 || len(got) != 1 || got[0].Name != "a" {
		t.Errorf("Statements with a syntax error: %+v, %v", got, err)
	}
}
