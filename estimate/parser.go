package estimate

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
)

// The parser reads napkin's syntax and builds expr's AST directly, since
// expr's own parser rejects "100 MB", "99.9%" and "->". It needs no
// session: every operator becomes a call to one of the registered
// functions (op:add, op:mul, ...) located at the operator, numbers become
// constants, and every name stays an identifier, resolved when the
// statement is compiled (names.go) and read from the environment when it
// runs (expr.go).

// maxNodes is how many calls and constants one statement may build; the
// scanner's limits on terms and nesting keep it far below in practice.
const maxNodes = 4 * maxTerms

var keywords = map[string]bool{"per": true, "to": true, "in": true, "within": true, "unit": true, "assert": true, "of": true}

// statement is one parsed statement, ready to compile.
type statement struct {
	kind     Kind
	name     string // assigned variable or declared unit
	nameCol  int
	node     ast.Node // nil for "unit tweet"
	text     string   // the statement as written
	exprText string   // the expression part as written
	exprOff  int      // byte offset of exprText in the line
	col      int      // rune offset of the statement in the line
	names    []name   // every name the expression uses, in order
	line     *srcLine // the line it is on
	toks     []token  // its tokens, to parse again: see compound
	units    []compound
}

// compound is a '/' the parser took as part of a compound unit, as in
// 100 MB/s: a name written after a value, then '/' and another name. The
// parser cannot tell units from variables, so it takes every such '/' as
// tight, and the compiler parses the statement again with the '/' loose
// when either name is not a unit (see scope.settle).
type compound struct {
	slash       int // column of the '/'
	left, right string
}

// name is a name a statement uses: an identifier in its tree, resolved
// when the statement is compiled.
type name struct {
	node     *ast.IdentifierNode
	tok      token
	unitOnly bool // in a conversion target, where only units may stand
	factor   bool // the x of 2x: times, where x is no variable
}

type parser struct {
	l        *srcLine
	toks     []token
	p        int
	names    []name
	nodes    int
	depth    int
	unitMode bool // in a conversion target: only units
	units    []compound
	loose    map[int]bool // columns of slashes that are plain division, not a compound unit
}

// parse parses one line into statements. It stops at the first error,
// returning the statements before it, and the names the failing
// statement used before the error: a misspelt name there is the better
// error (dwontime(99%, day) is an unknown name, not a misplaced comma).
func parse(l *srcLine) ([]*statement, []name, *Error) {
	parts, err := scan(l)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*statement, 0, len(parts))
	for _, toks := range parts {
		p := &parser{l: l, toks: toks}
		st, err := p.parseStatement()
		if err != nil {
			return out, p.names, err
		}
		if p.nodes > maxNodes {
			return out, nil, errAt(l, toks[0].col, "statement is too long: more than "+itoa(maxNodes)+" terms", "split it into several statements")
		}
		out = append(out, st)
	}
	return out, nil, nil
}

func (p *parser) peek() token { return p.toks[p.p] }

func (p *parser) next() token {
	t := p.toks[p.p]
	if t.kind != tokEOF {
		p.p++
	}
	return t
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tokOp && t.text == s
}

// nextIsOp reports whether the token after the next one is the operator s.
func (p *parser) nextIsOp(s string) bool {
	t := p.toks[min(p.p+1, len(p.toks)-1)]
	return t.kind == tokOp && t.text == s
}

func (p *parser) isWord(s string) bool {
	t := p.peek()
	return t.kind == tokIdent && t.text == s
}

// enter counts a level of nesting at t (a parenthesis, a call, a unary
// operator or ^), refusing more than maxDepth so that no input can
// exhaust the stack; leave undoes it.
func (p *parser) enter(t token) *Error {
	if p.depth++; p.depth > maxDepth {
		return p.errAt(t, "expression is nested too deeply", "")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

func (p *parser) errAt(t token, msg, hint string) *Error {
	return errAt(p.l, t.col, msg, hint)
}

// describeToken names a token in an error: "'*'", "the end of the line".
func describeToken(t token) string {
	if t.kind == tokEOF {
		return "the end of the line"
	}
	return "'" + t.text + "'"
}

// parseStatement parses toks, one statement of line ending in tokEOF.
func (p *parser) parseStatement() (*statement, *Error) {
	first := p.peek()
	st := &statement{col: first.col, line: p.l}
	last := p.toks[len(p.toks)-2]
	st.text = p.l.text[first.off:last.eoff]
	switch {
	case first.kind == tokIdent && first.text == "unit" && p.toks[p.p+1].kind == tokIdent:
		p.next()
		name := p.next()
		st.kind, st.name, st.nameCol = UnitDeclaration, name.text, name.col
		if p.isOp("=") {
			p.next()
			if err := p.parseValue(st); err != nil {
				return nil, err
			}
		}
	case first.kind == tokIdent && first.text == "assert":
		p.next()
		st.kind = Assertion
		if err := p.parseValue(st); err != nil {
			return nil, err
		}
		if !isComparison(st.node) {
			return nil, p.errAt(p.toks[1], "assert needs a comparison", "for example: assert storage < 1 PB, or assert qps == 4 /s within 5%")
		}
	case first.kind == tokIdent && p.toks[p.p+1].kind == tokOp && p.toks[p.p+1].text == "=":
		p.next()
		p.next()
		st.kind, st.name, st.nameCol = Assignment, first.text, first.col
		if err := p.parseValue(st); err != nil {
			return nil, err
		}
		if isComparison(st.node) {
			return nil, p.errAt(first, "cannot assign a comparison to '"+first.text+"'", "compare with assert: assert "+st.exprText)
		}
	default:
		if err := p.parseValue(st); err != nil {
			return nil, err
		}
		if isComparison(st.node) {
			st.kind = Comparison
		}
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.errAt(t, "unexpected "+describeToken(t), "")
	}
	st.names, st.toks, st.units = p.names, p.toks, p.units
	return st, nil
}

// parseValue parses: expression [comparison expression [within expression]] [-> target].
func (p *parser) parseValue(st *statement) *Error {
	start := p.peek()
	if start.kind == tokEOF {
		return p.errAt(start, "expected an expression", "")
	}
	node, err := p.parseExpr()
	if err != nil {
		return err
	}
	if t := p.peek(); t.kind == tokOp && isComparisonOp(t.text) {
		p.next()
		rhs, err := p.parseExpr()
		if err != nil {
			return err
		}
		args := []ast.Node{node, rhs, &ast.StringNode{Value: t.text}}
		fn := "op:compare"
		if p.isWord("within") {
			p.next()
			tol, err := p.parseExpr()
			if err != nil {
				return err
			}
			args = append(args, tol)
			fn = "op:within"
		}
		node = p.call(fn, t, args...)
	} else if p.isOp("->") || p.isWord("to") || p.isWord("in") {
		arrow := p.next()
		target, text, err := p.parseTarget()
		if err != nil {
			return err
		}
		node = p.call("op:convert", arrow, node, target, &ast.StringNode{Value: text})
	}
	end := p.toks[max(p.p-1, 0)]
	st.node = node
	st.exprText = p.l.text[start.off:end.eoff]
	st.exprOff = start.off
	return nil
}

func isComparisonOp(s string) bool {
	switch s {
	case "<", "<=", ">", ">=", "==", "!=":
		return true
	}
	return false
}

func isComparison(n ast.Node) bool {
	c, ok := n.(*ast.CallNode)
	if !ok {
		return false
	}
	id := c.Callee.(*ast.IdentifierNode)
	return id.Value == "op:compare" || id.Value == "op:within"
}

// parseTarget parses a conversion target: a unit expression, "/s" or
// "per s" for per second, "%", or the word napkin.
func (p *parser) parseTarget() (ast.Node, string, *Error) {
	start := p.peek()
	if start.kind == tokEOF {
		return nil, "", p.errAt(start, "expected a unit after "+describeToken(p.toks[p.p-1]), "for example: -> GB, -> /s, -> hours, -> %")
	}
	if p.isWord(ninesWord) && !p.nextIsOp("(") {
		t := p.next()
		return p.constant(scalar(1), t), ninesWord, nil
	}
	if p.isWord(napkinTarget) {
		t := p.next()
		return p.constant(scalar(1), t), napkinTarget, nil
	}
	if p.isOp("%") {
		p.next()
		q := scalar(0.01)
		q.show.percent = true
		return p.constant(q, start), "%", nil
	}
	p.unitMode = true
	defer func() { p.unitMode = false }()
	var node ast.Node
	var err *Error
	if p.isOp("/") || p.isWord("per") {
		// -> /s, and -> per s as it is said.
		slash := p.next()
		var den ast.Node
		den, err = p.parseMul()
		if err == nil {
			node = p.call("op:div", slash, p.constant(scalar(1), slash), den)
		}
	} else {
		node, err = p.parseMul()
	}
	if err != nil {
		return nil, "", err
	}
	end := p.toks[p.p-1]
	text := strings.Join(strings.Fields(p.l.text[start.off:end.eoff]), " ")
	if rest, ok := strings.CutPrefix(text, "per "); ok && start.kind == tokIdent {
		text = "/" + rest // shown as written by symbol: 10 /s, not 10 per s
	}
	return node, text, nil
}

func (p *parser) parseExpr() (ast.Node, *Error) {
	left, err := p.parseMul()
	if err != nil {
		return nil, err
	}
	for p.isOp("+") || p.isOp("-") {
		op := p.next()
		right, err := p.parseMul()
		if err != nil {
			return nil, err
		}
		fn := "op:add"
		if op.text == "-" {
			fn = "op:sub"
		}
		left = p.call(fn, op, left, right)
	}
	return left, nil
}

func (p *parser) parseMul() (ast.Node, *Error) {
	left, err := p.parseRange()
	if err != nil {
		return nil, err
	}
	for p.isOp("*") || p.isOp("/") || p.isWord("per") {
		op := p.next()
		right, err := p.parseRange()
		if err != nil {
			return nil, err
		}
		fn := "op:mul"
		if op.text != "*" {
			fn = "op:div"
		}
		left = p.call(fn, op, left, right)
	}
	return left, nil
}

// parseRange: a..b, which binds looser than juxtaposition and tighter than
// * and /, so 2..10 tweets / day and dau * 2..10 / day read as a person
// means them. A bare number as the lower bound takes the upper bound's
// unit: 1..4 KB is 1 KB..4 KB.
func (p *parser) parseRange() (ast.Node, *Error) {
	lo, err := p.parseUnary()
	if err != nil || !p.isOp("..") || p.unitMode {
		return lo, err
	}
	dots := p.next()
	hi, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	if n, ok := ninesOf(hi); ok {
		// 2..4 nines, or 2 nines..4 nines, is a range of the count of
		// nines, (2..4) nines: an availability drawn between them stays
		// below 100%, where 99%..99.99% would not.
		if m, ok := ninesOf(lo); ok || !slices.ContainsFunc(factors(lo), notNumeric) {
			if ok {
				lo = m.Arguments[0]
			}
			n.Arguments[0] = p.call("op:range", dots, lo, n.Arguments[0], p.key(dots))
			return n, nil
		}
	}
	if los := factors(lo); !slices.ContainsFunc(los, notNumeric) {
		// 1..4 MB/s: the compound unit's divisions go to the lower bound
		// too, after the units of the product they divide.
		num, dens := hi, []ast.Node(nil)
		for c, ok := num.(*ast.CallNode); ok && c.Callee.(*ast.IdentifierNode).Value == "op:div"; c, ok = num.(*ast.CallNode) {
			num, dens = c.Arguments[0], append([]ast.Node{c.Arguments[1]}, dens...)
		}
		his := factors(num)
		from := slices.IndexFunc(his, notNumeric) // 100M..300M user: 100M user
		if len(los) == 1 && len(his) > 1 && !notNumeric(his[0]) {
			from = 1 // 1.5..3 million: 1.5 million; 1..4 KB: 1 KB
		}
		if from > 0 {
			for _, u := range his[from:] {
				lo = p.call("op:mul", dots, lo, u)
			}
			for _, d := range dens {
				lo = p.call("op:div", dots, lo, d)
			}
		}
	}
	return p.call("op:range", dots, lo, hi, p.key(dots)), nil
}

// ninesOf returns n as a count of nines, 5 nines, if it is one.
func ninesOf(n ast.Node) (*ast.CallNode, bool) {
	c, ok := n.(*ast.CallNode)
	if !ok {
		return nil, false
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	return c, ok && id.Value == "op:nines"
}

// factors flattens a product written side by side into its factors:
// 300M user is 300, M and user.
func factors(n ast.Node) []ast.Node {
	if c, ok := n.(*ast.CallNode); ok {
		if f := c.Callee.(*ast.IdentifierNode).Value; f == "op:mul" || f == "op:juxt" {
			return append(factors(c.Arguments[0]), factors(c.Arguments[1])...)
		}
	}
	return []ast.Node{n}
}

// notNumeric reports whether a factor is more than a number or a scale
// word: a unit, a variable, an expression.
func notNumeric(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.ConstantNode:
		return !x.Value.(quantity).isPlain()
	case *ast.IdentifierNode:
		u := builtinRegistry().lookup(x.Value)
		return u == nil || u.kind != KindScale
	}
	return true
}

// key is what an uncertain value's draws are seeded from, with the
// session's seed: the statement's text and the place in it, stable when
// other statements come and go.
func (p *parser) key(at token) ast.Node {
	first, last := p.toks[0], p.toks[len(p.toks)-2]
	return &ast.StringNode{Value: p.l.text[first.off:last.eoff] + "@" + strconv.Itoa(at.col-first.col)}
}

func (p *parser) parseUnary() (ast.Node, *Error) {
	if p.isOp("-") || p.isOp("+") {
		op := p.next()
		if err := p.enter(op); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if op.text == "+" {
			return x, nil
		}
		return p.call("op:neg", op, x), nil
	}
	return p.parseJuxtaposition()
}

// parseJuxtaposition: "100 MB", "2 x", "10 million": a product that binds
// tighter than * and / but looser than ^.
func (p *parser) parseJuxtaposition() (ast.Node, *Error) {
	var left ast.Node
	var err *Error
	if n := p.durationRun(); n > 0 {
		left = p.parseDuration(n)
	} else if left, err = p.parsePower(); err != nil {
		return nil, err
	}
	for p.startsOperand() {
		t := p.peek()
		if p.isWord(ninesWord) && !p.unitMode && !p.nextIsOp("(") {
			// 5 nines is 99.999%: a count of nines after a value.
			p.next()
			left = p.call("op:nines", t, left)
			continue
		}
		if prev := p.toks[p.p-1]; t.kind == tokIdent && t.text == "B" && prev.kind == tokNumber && prev.eoff == t.off {
			// 500M and 10k are counts, so 1B reads as a billion as often
			// as a byte.
			return nil, p.errAt(prev, "'"+prev.text+"B' is ambiguous: a byte or a billion?", "write "+prev.text+" B for bytes or "+prev.text+"bn for a billion")
		}
		if t.kind == tokNumber && p.toks[p.p-1].kind == tokNumber {
			return nil, p.errAt(t, "missing operator between "+p.toks[p.p-1].text+" and "+t.text, "write 1000000 or 1_000_000, not 1 000 000")
		}
		if p.timesX(t) {
			// 2x avg: a factor, unless x is a variable (names.go).
			p.next()
			x := p.ident(t, t.text)
			p.names[len(p.names)-1].factor = true
			left = p.call("op:juxt", t, left, x)
			continue
		}
		right, err := p.parsePower()
		if err != nil {
			return nil, err
		}
		left = p.call("op:juxt", t, left, right)
		if left, err = p.parseCompound(left, right); err != nil {
			return nil, err
		}
	}
	if p.isWord("of") && !p.unitMode {
		// 20% of 1 TB: a percentage of what follows, as tight as the
		// product it follows, and right to left: 50% of 20% of 1 TB.
		of := p.next()
		right, err := p.parseJuxtaposition()
		if err != nil {
			return nil, err
		}
		left = p.call("op:of", of, left, right)
	}
	return left, nil
}

// timesX reports whether t, the next token, is the x of 2x: glued to the
// number before it and not raised to a power (2x^2 is 2 times x squared).
func (p *parser) timesX(t token) bool {
	prev := p.toks[p.p-1]
	return t.kind == tokIdent && t.text == "x" && prev.kind == tokNumber && prev.eoff == t.off &&
		!p.nextIsOp("^") && !p.nextIsOp("**")
}

// durationRun returns how many parts the compound duration at the next
// token has: 2 h 30 min, 1h 30m, 8h 45m 57s, each a number and a built-in
// time unit smaller than the one before. It returns 0 for fewer than two.
func (p *parser) durationRun() int {
	n, last := 0, math.Inf(1)
	for i := p.p; i+1 < len(p.toks); i += 2 {
		num, u := p.toks[i], p.toks[i+1]
		v := timeUnit(u.text)
		if num.kind != tokNumber || u.kind != tokIdent || v == 0 || v >= last || p.unitMode {
			break
		}
		if after := p.toks[i+2]; after.kind == tokOp && (after.text == "^" || after.text == "**") {
			break // 1 h 30 s^2 is no duration
		}
		n, last = n+1, v
	}
	if n < 2 {
		return 0
	}
	return n
}

// timeUnit is the seconds in the built-in time unit name, or 0. In a
// compound duration m is a minute.
func timeUnit(name string) float64 {
	if name == "m" {
		name = "min"
	}
	u := builtinRegistry().lookup(name)
	if u == nil || u.kind != KindUnit || !u.value.dim.only(dimTime) {
		return 0
	}
	return u.value.v
}

// parseDuration parses the n parts durationRun found into their sum.
func (p *parser) parseDuration(n int) ast.Node {
	var sum ast.Node
	for range n {
		num, u := p.next(), p.next()
		name := u.text
		if name == "m" {
			name = "min"
		}
		part := p.call("op:mul", u, p.constant(scalar(num.num), num), p.ident(u, name))
		if sum == nil {
			sum = part
		} else {
			sum = p.call("op:add", num, sum, part)
		}
	}
	return sum
}

// parseCompound extends product, whose last operand x is a name written
// after a value, by a compound unit when '/' and another name follow:
// 100 MB/s is (100 MB) / s taken as one operand, so 1 PB / 100 MB/s is a
// time. It divides the whole product rather than making MB/s first, so
// that 100 billion read / month computes as it always did, to the last
// bit. A name first in its product stays apart, so $0.023 / GB / month
// and size / users / day divide left to right as they always did.
func (p *parser) parseCompound(product, x ast.Node) (ast.Node, *Error) {
	id, ok := x.(*ast.IdentifierNode)
	if !ok || p.unitMode {
		return product, nil
	}
	left := id.Value
	for p.isOp("/") && !p.loose[p.peek().col] {
		right := p.toks[p.p+1]
		if right.kind == tokEOF {
			return product, nil
		}
		after := p.toks[p.p+2]
		switch {
		case right.kind == tokIdent && !keywords[right.text] && !(after.kind == tokOp && after.text == "("):
		case right.kind == tokOp && right.text == "$" && after.kind != tokNumber:
		default:
			return product, nil
		}
		slash := p.next()
		den, err := p.parsePower()
		if err != nil {
			return nil, err
		}
		// den is the name just read, or a power of it: MB/s^2.
		name := p.names[len(p.names)-1].node.Value
		p.units = append(p.units, compound{slash: slash.col, left: left, right: name})
		product = p.call("op:div", slash, product, den)
		left = name
	}
	return product, nil
}

// startsOperand reports whether the next token can begin an operand of
// an implicit product.
func (p *parser) startsOperand() bool {
	t := p.peek()
	switch t.kind {
	case tokNumber:
		return true
	case tokIdent:
		return !keywords[t.text]
	case tokOp:
		return t.text == "(" || t.text == "$"
	}
	return false
}

func (p *parser) parsePower() (ast.Node, *Error) {
	base, err := p.parsePostfix()
	if err != nil {
		return nil, err
	}
	if p.isOp("^") || p.isOp("**") {
		op := p.next()
		if err := p.enter(op); err != nil {
			return nil, err
		}
		defer p.leave()
		exp, err := p.parseExponent()
		if err != nil {
			return nil, err
		}
		return p.call("op:pow", op, base, exp), nil
	}
	return base, nil
}

// parseExponent: the right of ^, which may be negated: 2^-1, s^-1.
func (p *parser) parseExponent() (ast.Node, *Error) {
	if p.isOp("-") {
		op := p.next()
		if err := p.enter(op); err != nil {
			return nil, err
		}
		defer p.leave()
		x, err := p.parseExponent()
		if err != nil {
			return nil, err
		}
		return p.call("op:neg", op, x), nil
	}
	wasUnit := p.unitMode
	p.unitMode = false // s^-1: the exponent is a number
	defer func() { p.unitMode = wasUnit }()
	return p.parsePower()
}

func (p *parser) parsePostfix() (ast.Node, *Error) {
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	for p.isOp("%") {
		op := p.next()
		x = p.call("op:percent", op, x)
	}
	return x, nil
}

func (p *parser) parsePrimary() (ast.Node, *Error) {
	t := p.next()
	switch t.kind {
	case tokNumber:
		if p.unitMode && !(t.num == 1 && p.isOp("/")) {
			return nil, p.errAt(t, "a conversion target must be units, not a number", "for example: -> GB, -> /s, -> TB/day, -> %")
		}
		return p.constant(scalar(t.num), t), nil
	case tokIdent:
		if keywords[t.text] {
			hint := ""
			if t.text == "of" {
				hint = ofHint
			}
			return nil, p.errAt(t, "unexpected '"+t.text+"'", hint)
		}
		if fn, ok := functionByName(t.text); ok && p.isOp("(") {
			if p.unitMode {
				return nil, p.errAt(t, "a conversion target must be units, not "+t.text+"()", "")
			}
			return p.parseCall(fn, t)
		}
		return p.ident(t, t.text), nil
	case tokOp:
		switch t.text {
		case "(":
			if err := p.enter(t); err != nil {
				return nil, err
			}
			defer p.leave()
			x, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if !p.isOp(")") {
				c := p.peek()
				return nil, p.errAt(c, "expected ')' to close the '(' at column "+strconv.Itoa(t.col+1)+", found "+describeToken(c), "")
			}
			p.next()
			return x, nil
		case "$":
			n := p.peek()
			if n.kind == tokIdent && n.off == t.eoff {
				return nil, p.errAt(n, "expected a number after $", "write dollars as $5 or 5 USD, and $ alone as a unit: 0.023 $/GB")
			}
			if n.kind != tokNumber {
				// $ alone is the unit: -> $/month, 0.023 $/GB/month.
				return p.ident(t, "USD"), nil
			}
			if p.unitMode {
				return nil, p.errAt(n, "a conversion target must be units, not a number", "for example: -> $, -> $/month")
			}
			p.next()
			return p.constant(quantity{v: n.num, dim: dimension{dimCurrency: 1}}, t), nil
		}
	}
	if t.kind == tokEOF {
		hint := ""
		if last := p.toks[len(p.toks)-2]; last.kind == tokOp && last.text == "-" {
			// napkin 1 billion / month -> /s, unquoted: the shell took > /s
			// as a redirection and left a line ending in -.
			hint = "a shell reads > as a redirection: quote the expression, napkin '1 billion / month -> /s'"
		}
		return nil, p.errAt(t, "unexpected end of line: expected a value", hint)
	}
	return nil, p.errAt(t, "unexpected "+describeToken(t)+": expected a value", "")
}

func (p *parser) parseCall(fn *function, name token) (ast.Node, *Error) {
	open := p.next()
	var args []ast.Node
	if err := p.enter(open); err != nil {
		return nil, err
	}
	defer p.leave()
	if !p.isOp(")") {
		for {
			a, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			if fn.comparison {
				// prob(peak > capacity): the argument is a comparison.
				t := p.peek()
				if t.kind != tokOp || !isComparisonOp(t.text) {
					return nil, p.errAt(t, fn.name+" needs a comparison", "for example: "+fn.name+"(peak_qps > capacity)")
				}
				p.next()
				rhs, err := p.parseExpr()
				if err != nil {
					return nil, err
				}
				a = p.call("op:compare", t, a, rhs, &ast.StringNode{Value: t.text})
			}
			args = append(args, a)
			if !p.isOp(",") {
				break
			}
			p.next()
		}
	}
	if !p.isOp(")") {
		c := p.peek()
		return nil, p.errAt(c, "expected ',' or ')' in the call to "+fn.name+", found "+describeToken(c), "")
	}
	p.next()
	if len(args) < fn.min || (fn.max >= 0 && len(args) > fn.max) {
		return nil, p.errAt(name, fn.name+" takes "+fn.arity()+", not "+strconv.Itoa(len(args)), "usage: "+fn.name+fn.args)
	}
	if fn.draw != nil {
		args = append(args, p.key(name))
	}
	return p.call("fn:"+fn.name, name, args...), nil
}

// ident makes the identifier id written as t, a name resolved when the
// statement compiles.
func (p *parser) ident(t token, id string) ast.Node {
	p.nodes++
	n := &ast.IdentifierNode{Value: id}
	n.SetLocation(file.Location{From: t.col, To: t.end})
	p.names = append(p.names, name{node: n, tok: t, unitOnly: p.unitMode})
	return n
}

func (p *parser) constant(q quantity, at token) ast.Node {
	p.nodes++
	n := &ast.ConstantNode{Value: q}
	n.SetLocation(file.Location{From: at.col, To: at.end})
	return n
}

func (p *parser) call(fn string, at token, args ...ast.Node) ast.Node {
	p.nodes++
	loc := file.Location{From: at.col, To: at.end}
	callee := &ast.IdentifierNode{Value: fn}
	callee.SetLocation(loc)
	n := &ast.CallNode{Callee: callee, Arguments: args}
	n.SetLocation(loc)
	return n
}
