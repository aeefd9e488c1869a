package estimate

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// suggest returns up to n known names closest to name, for "did you
// mean". Closeness is edit distance ignoring case; ties go to the longer
// shared prefix, then to the exact-case distance. Each unit is offered by
// its best spelling only.
func (sc *scope) suggest(name string, n int) []string {
	s := sc.s
	lower := strings.ToLower(name)
	limit := max(1, len([]rune(name))/3)
	best := map[any]cand{}
	consider := func(key any, candidate string) {
		d := editDistance(lower, strings.ToLower(candidate))
		if d > limit || candidate == name {
			return
		}
		if _, isUnit := key.(*unit); isUnit && !typoOfUnit(name, candidate, d) {
			return
		}
		if _, isFunc := key.(*function); isFunc && lower[0] != candidate[0] {
			return // Mbs is not abs
		}
		if len([]rune(name)) < 3 && d > 0 {
			// x or Gb: a one-letter change is another name, not a typo.
			return
		}
		c := cand{name: candidate, dist: d, prefix: commonPrefix(lower, strings.ToLower(candidate)), exact: editDistance(name, candidate)}
		if old, ok := best[key]; !ok || compareCands(c, old) < 0 {
			best[key] = c
		}
	}
	for _, v := range s.varOrder {
		consider("var:"+v, v)
	}
	for v := range sc.vars {
		consider("var:"+v, v)
	}
	for _, c := range builtinConstants() {
		consider("const:"+c.name, c.name)
	}
	for _, f := range allFunctions {
		consider(f, f.name)
	}
	for _, u := range s.declared {
		for _, a := range u.aliases {
			consider(u, a)
		}
	}
	for _, u := range sc.units {
		consider(u, u.name)
	}
	for _, u := range s.builtin.all() {
		if u.nosuggest {
			continue
		}
		for _, a := range u.aliases {
			consider(u, a)
		}
	}
	var list []cand
	for _, c := range best {
		list = append(list, c)
	}
	slices.SortFunc(list, compareCands)
	var out []string
	for _, c := range list {
		if len(out) == n {
			break
		}
		if !slices.Contains(out, c.name) { // min, the unit and the function
			out = append(out, c.name)
		}
	}
	return out
}

// typoOfUnit reports whether the unit candidate, d edits from name
// ignoring case, may be offered for it: only if taking it cannot change
// the answer. In a unit the case carries meaning (Mbps is 8 MBps, ms is
// 1e-9 Ms), the first letter is most often a prefix (msec is not sec),
// a two-letter unit and one more letter is another name (msg is not
// ms), and in a short one every letter counts: one letter replaced is
// another unit or another word (tpm is not tps, users is not usecs).
func typoOfUnit(name, candidate string, d int) bool {
	first, _ := utf8.DecodeRuneInString(name)
	cfirst, _ := utf8.DecodeRuneInString(candidate)
	n := utf8.RuneCountInString(candidate)
	if n <= 5 && replacesOne(name, candidate) {
		return false
	}
	return editDistance(name, candidate) == d && first == cfirst && n >= 3
}

// replacesOne reports whether a and b, of one length, differ in exactly
// one letter, ignoring case.
func replacesOne(a, b string) bool {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	if len(ra) != len(rb) {
		return false
	}
	diff := 0
	for i := range ra {
		if ra[i] != rb[i] {
			diff++
		}
	}
	return diff == 1
}

// cand is a name offered by "did you mean".
type cand struct {
	name         string
	dist, prefix int // edit distance ignoring case; length of the shared prefix
	exact        int // edit distance in the exact case
}

// compareCands orders candidates best first: nearest, then the longer
// shared prefix, then the nearer exact case, then by name.
func compareCands(a, b cand) int {
	return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.prefix, a.prefix), cmp.Compare(a.exact, b.exact), cmp.Compare(a.name, b.name))
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
