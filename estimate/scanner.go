package estimate

import (
	"errors"
	"iter"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokNumber
	tokIdent
	tokOp // + - * / ^ ** % ( ) , = -> ; < <= > >= == != $ ..
)

// token is one lexeme of a line. col is its rune offset in the line,
// which is what carets and expr's locations count in.
type token struct {
	kind tokenKind
	text string
	num  float64
	col  int // rune offset of the first character
	end  int // rune offset just past it
	off  int // byte offset of the first character
	eoff int // byte offset just past it
}

// Limits on one line, checked while scanning so that no input costs
// more than a bounded amount of time and memory before it is refused.
const (
	maxLineBytes = 100_000 // a longer line is refused before it is scanned
	maxTerms     = 10_000  // numbers and names in one statement
	maxDepth     = 100     // nesting of parentheses, calls, unary operators and ^
	maxLines     = 200_000 // lines with statements in one estimate
)

// statementLines returns src's lines that hold statements, blank lines
// and comments left out, each numbered as in src; it refuses, before
// anything is compiled, an estimate with more than maxLines of them: its
// results alone would take hundreds of megabytes.
func statementLines(src string) (iter.Seq[*srcLine], *Error) {
	lines := strings.Split(src, "\n")
	each := func(yield func(*srcLine) bool) {
		for i, text := range lines {
			if t := strings.TrimSpace(text); t == "" || t[0] == '#' {
				continue
			}
			if !yield(&srcLine{no: i + 1, text: strings.TrimSuffix(text, "\r")}) {
				return
			}
		}
	}
	n := 0
	for l := range each {
		if n++; n > maxLines {
			return nil, errAt(l, 0, "estimate is too long: more than "+itoa(maxLines)+" lines of statements", "split it into several files")
		}
	}
	return each, nil
}

// scan splits one line into statements' tokens at ';', each ending in
// tokEOF; a # starts a comment.
func scan(l *srcLine) ([][]token, *Error) {
	line := l.text
	if len(line) > maxLineBytes {
		return nil, errAt(l, 0, "line is too long: "+itoa(len(line))+" bytes, more than "+itoa(maxLineBytes), "split it into statements on lines of their own")
	}
	// One slice holds the whole line's tokens; each statement is a
	// stretch of it ending in the tokEOF that takes its ';' slot.
	var out [][]token
	toks := make([]token, 0, min(len(line)/3+2, 1024))
	start, terms, depth := 0, 0, 0
	end := func(col, off int) {
		if len(toks) > start {
			toks = append(toks, token{kind: tokEOF, col: col, end: col, off: off, eoff: off})
			out = append(out, toks[start:len(toks):len(toks)])
		}
		start, terms, depth = len(toks), 0, 0
	}
	// calls says, for each open parenthesis, whether it opens a function's
	// arguments, where a comma separates them and digit groups are refused.
	var calls []bool
	inCall := func() bool { return len(calls) > 0 && calls[len(calls)-1] }
	col := 0
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		from, startCol := i, col
		switch {
		case r == '#':
			i = len(line)
			continue
		case unicode.IsSpace(r):
			i += size
			col++
			continue
		case r == utf8.RuneError && size == 1:
			return nil, errAt(l, col, "invalid UTF-8 in input", "")
		case r == '·' || r == '×':
			// napkin prints products of units with a middle dot (20 kB·tweet,
			// $0.023 /(GB·mo)) and reads back what it prints.
			toks = append(toks, token{kind: tokOp, text: "*", col: startCol, end: col + 1, off: from, eoff: i + size})
			i += size
			col++
			continue
		case isDigit(r) || (r == '.' && i+1 < len(line) && isDigit(rune(line[i+1]))):
			j := scanNumber(line, i, !inCall())
			text := line[i:j]
			if inCall() && looksGrouped(line[j:]) {
				return nil, errAt(l, col, "a comma in a function's arguments separates them, so '"+text+line[j:j+4]+"' is not one number",
					"write "+text+line[j+1:j+4]+" or "+text+"_"+line[j+1:j+4]+" there, or put a space after the comma to pass two arguments")
			}
			if bad := badGroup(text); bad >= 0 {
				return nil, errAt(l, col+runeCount(text[:bad]), "malformed digit group in '"+text+"'", "every group after the first has three digits: 1,000,000 or 1,234.5")
			}
			v, err := parseNumber(text)
			if errors.Is(err, strconv.ErrRange) {
				return nil, errAt(l, col, "number '"+text+"' is out of range", "numbers go from about 1e-308 to 1.8e308")
			}
			if err != nil {
				return nil, errAt(l, col, "malformed number '"+text+"'", "numbers look like 12, 1.27, .5, 1e9 or 1_000_000")
			}
			i = j
			col += runeCount(text)
			toks = append(toks, token{kind: tokNumber, text: text, num: v, col: startCol, end: col, off: from, eoff: i})
		case isIdentStart(r):
			j := i + size
			for j < len(line) {
				r2, s2 := utf8.DecodeRuneInString(line[j:])
				if !isIdentPart(r2) {
					break
				}
				j += s2
			}
			text := line[i:j]
			i = j
			col += runeCount(text)
			toks = append(toks, token{kind: tokIdent, text: text, col: startCol, end: col, off: from, eoff: i})
		default:
			op := ""
			if i+1 < len(line) {
				switch two := line[i : i+2]; two {
				case "**", "->", "<=", ">=", "==", "!=", "..":
					op = two
				}
			}
			if op == "" {
				if !strings.ContainsRune("+-*/^%(),=;<>$", r) {
					return nil, errAt(l, col, "unexpected character '"+string(r)+"'", "")
				}
				op = string(r)
			}
			i += len(op)
			col += len(op)
			switch op {
			case ";":
				end(startCol, from)
				calls = nil
				continue
			case "(":
				if depth++; depth > maxDepth {
					return nil, errAt(l, startCol, "expression is nested too deeply", "")
				}
				isFunc := false
				if k := len(toks) - 1; k >= start && toks[k].kind == tokIdent {
					_, isFunc = functionByName(toks[k].text)
				}
				calls = append(calls, isFunc)
			case ")":
				depth--
				if len(calls) > 0 {
					calls = calls[:len(calls)-1]
				}
			}
			toks = append(toks, token{kind: tokOp, text: op, col: startCol, end: col, off: from, eoff: i})
			continue
		}
		if terms++; terms > maxTerms {
			return nil, errAt(l, startCol, "statement is too long: more than "+itoa(maxTerms)+" terms", "split it into several statements")
		}
	}
	end(col, len(line))
	return out, nil
}

// scanNumber returns the end of the number starting at i: digits with
// underscores, digit groups if grouped (1,000,000), a fraction and an
// exponent. It takes anything number-like so that parseNumber can reject
// 1__0 or 1.2.3, and badGroup 1,00, as one bad token.
func scanNumber(s string, i int, grouped bool) int {
	j := i
	for j < len(s) && (isDigit(rune(s[j])) || s[j] == '_' || s[j] == '.' ||
		grouped && s[j] == ',' && j+1 < len(s) && isDigit(rune(s[j+1])) && !strings.Contains(s[i:j], ".")) {
		if s[j] == '.' && j+1 < len(s) && s[j+1] == '.' {
			break // 1..4 is a range, not a number
		}
		j++
	}
	// An exponent only if digits follow: 2e9, 1.5e-3; "2 exabytes" stays apart.
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(rune(s[k])) {
			j = k
			for j < len(s) && (isDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
		}
	}
	return j
}

// looksGrouped reports whether rest, what follows a number in a
// function's arguments, is a comma and a digit group: the 000 of
// max(1,000, 2).
func looksGrouped(rest string) bool {
	return len(rest) >= 4 && rest[0] == ',' && isDigit(rune(rest[1])) && isDigit(rune(rest[2])) && isDigit(rune(rest[3])) &&
		(len(rest) == 4 || !isDigit(rune(rest[4])))
}

// badGroup returns the byte offset in text of its first malformed digit
// group, or -1: the groups after the first have exactly three digits,
// the first one to three, and there are no underscores among them.
func badGroup(text string) int {
	if !strings.Contains(text, ",") {
		return -1
	}
	whole := text
	if k := strings.IndexAny(text, ".eE"); k >= 0 {
		whole = text[:k]
	}
	at := 0
	for n, g := range strings.Split(whole, ",") {
		if g == "" || len(g) > 3 || n > 0 && len(g) != 3 || strings.Contains(g, "_") {
			return at
		}
		at += len(g) + 1
	}
	return -1
}

func parseNumber(text string) (float64, error) {
	text = strings.ReplaceAll(text, ",", "")
	clean := text
	if strings.Contains(text, "_") {
		// Underscores only between digits.
		for i := 0; i < len(text); i++ {
			if text[i] == '_' && (i == 0 || i == len(text)-1 || !isDigit(rune(text[i-1])) || !isDigit(rune(text[i+1]))) {
				return 0, strconv.ErrSyntax
			}
		}
		clean = strings.ReplaceAll(text, "_", "")
	}
	if strings.HasSuffix(clean, ".") || strings.HasPrefix(clean, "0x") {
		return 0, strconv.ErrSyntax
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil {
		return 0, err
	}
	return v, nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

func isIdentPart(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
