package estimate

import (
	"strconv"
	"strings"
)

// maxDims is how many base dimensions a session can hold: the built-in
// ones plus those declared with `unit NAME`.
const maxDims = 16

// Built-in base dimensions, in the order their slots take in a Dim. They
// are declared in units.txt; these constants only name the slots the
// formatter treats specially.
const (
	dimInformation = iota
	dimTime
	dimCurrency
	builtinDims
)

// dimension is a dimension: the exponent of each base dimension. It is
// comparable, so it can key a map. The zero Dim is dimensionless.
type dimension [maxDims]int8

// IsZero reports whether d is dimensionless.
func (d dimension) IsZero() bool { return d == dimension{} }

// mul multiplies two dimensions, adding exponents; ok is false if an
// exponent would overflow int8, which would otherwise wrap silently
// (B^100 times B^100 is not B^-56).
func (d dimension) mul(e dimension) (dimension, bool) {
	for i := range d {
		x := int(d[i]) + int(e[i])
		if x > 127 || x < -127 {
			return d, false
		}
		d[i] = int8(x)
	}
	return d, true
}

// div divides two dimensions, subtracting exponents; ok as for mul.
func (d dimension) div(e dimension) (dimension, bool) {
	var neg dimension
	for i := range e {
		neg[i] = -e[i] // no overflow: exponents stay within ±127
	}
	return d.mul(neg)
}

// pow raises d to an integer power; ok is false if an exponent would
// overflow int8.
func (d dimension) pow(n int) (dimension, bool) {
	for i := range d {
		e := int(d[i]) * n
		if e > 127 || e < -127 {
			return d, false
		}
		d[i] = int8(e)
	}
	return d, true
}

// root takes the nth root of d; ok is false if an exponent is not divisible.
func (d dimension) root(n int) (dimension, bool) {
	for i := range d {
		if int(d[i])%n != 0 {
			return d, false
		}
		d[i] = int8(int(d[i]) / n)
	}
	return d, true
}

// only reports whether d is exactly base dimension i to the power 1.
func (d dimension) only(i int) bool {
	var e dimension
	e[i] = 1
	return d == e
}

// dimNames names base dimensions: the built-in ones and a session's own.
type dimNames struct {
	names   []string // dimension names: "information", "time", "tweet"
	symbols []string // symbols errors name them by: "B", "s", "tweet"
	bases   []string // base units, in which values are held: "bit", "s", "tweet"
	plurals []string // plurals of declared base units: "tweets"; "" for built-in ones
}

// describe renders d with symbols and names, as errors show it:
// "B/s (information/time)".
func (n *dimNames) describe(d dimension) string {
	if d.IsZero() {
		return "a plain number"
	}
	return n.format(d, n.symbols, "·") + " (" + n.format(d, n.names, "×") + ")"
}

// format writes d as a product of base names: "B/s", "tweet/s^2".
func (n *dimNames) format(d dimension, names []string, times string) string {
	var num, den []string
	for i, e := range d {
		if e == 0 || i >= len(names) {
			continue
		}
		s := names[i]
		if e > 1 || e < -1 {
			a := e
			if a < 0 {
				a = -a
			}
			s += "^" + strconv.Itoa(int(a))
		}
		if e > 0 {
			num = append(num, s)
		} else {
			den = append(den, s)
		}
	}
	out := strings.Join(num, times)
	if out == "" && len(den) > 0 {
		out = "1"
	}
	switch len(den) {
	case 0:
	case 1:
		out += "/" + den[0]
	default:
		out += "/(" + strings.Join(den, times) + ")"
	}
	return out
}

// describeNames names d's dimensions only: "information/time", or "a
// plain number".
func (n *dimNames) describeNames(d dimension) string {
	if d.IsZero() {
		return "a plain number"
	}
	return n.format(d, n.names, "×")
}
