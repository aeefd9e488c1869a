package estimate

import (
	"cmp"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed units.txt
var unitsData string

// UnitKind says what a name in the unit registry is.
type UnitKind int

const (
	// KindUnit is a unit of measure: GB, s, qps.
	KindUnit UnitKind = iota
	// KindScale is a scale word: million, k, bn.
	KindScale
)

// unit is one entry of a registry: every spelling of it maps here.
type unit struct {
	name      string   // the spelling napkin prints: "MB", "mo"
	aliases   []string // every spelling, name first
	value     quantity // one of it in base units
	kind      UnitKind
	nosuggest bool
	declared  bool     // declared by an estimate: its value is in the session's environment
	doc       string   // the comment above it in the data, for :units and help
	section   string   // the data file's section it stands in
	def       string   // its definition as the data writes it: "8 bit"
	prefixes  []prefix // prefixes it takes, in the data's order
	base      *unit    // for a prefixed unit (MB), the unit it prefixes (B)
}

// prefixNames lists the names of the prefixes u takes.
func (u *unit) prefixNames() []string {
	var out []string
	for _, p := range u.prefixes {
		out = append(out, p.name)
	}
	return out
}

// registry maps names to units. The built-in one is read from units.txt
// once and never changed; a Session layers its own declarations on top.
// Prefixed units (MB, GiB, kilobyte) are made when first looked up, not
// when the data is read: a one-off answer needs two or three of them, and
// building all 300 would be most of its start-up.
type registry struct {
	byName    map[string]*unit  // unprefixed spellings
	ambiguous map[string]string // "mb" -> "MB (megabyte) or Mb (megabit)"
	list      []*unit           // unprefixed units, in data order
	prefixes  []prefix          // every prefix any unit takes, longest first
	prefixed  sync.Map          // name -> *unit, prefixed units made so far
	dims      dimNames
	words     displayWords
}

// displayWords are the words and prefixes the formatter writes, taken
// from the data, so that napkin prints only what it reads and no figure
// is written down twice.
type displayWords struct {
	scale []string // scale words by power of a thousand: "", "thousand", "million" ...
	si    []string // SI prefixes by power of a thousand: "", "k", "M" ...
	iec   []string // IEC prefixes by power of 1024: "", "Ki", "Mi" ...
	year  float64  // seconds in a year: 365.2425 days
}

// words returns the display words of the built-in data.
func words() *displayWords { return &builtinRegistry().words }

// ScaleWords returns the scale words napkin reads and prints, by power of
// a thousand: "", "thousand", "million", ... "quintillion".
func ScaleWords() []string { return slices.Clone(words().scale) }

// BinaryPrefixes returns the IEC prefixes by power of 1024: "", "Ki",
// "Mi", ... "Ei".
func BinaryPrefixes() []string { return slices.Clone(words().iec) }

// byPower lists names by the power of base their factor is, the first
// name for each; it stops at the first power with no name.
func byPower(base float64, names []string, factors []float64) []string {
	out := []string{""}
	for i := 1; ; i++ {
		k := slices.Index(factors, math.Pow(base, float64(i)))
		if k < 0 {
			return out
		}
		out = append(out, names[k])
	}
}

// setWords fills r.words from the data just read.
func (r *registry) setWords(sets map[string][]prefix) error {
	var names []string
	var factors []float64
	for _, u := range r.list {
		if u.kind == KindScale {
			names, factors = append(names, u.name), append(factors, u.value.v)
		}
	}
	r.words.scale = byPower(1000, names, factors)
	for set, base := range map[string]float64{"si": 1000, "iec": 1024} {
		names, factors = nil, nil
		for _, p := range sets[set] {
			names, factors = append(names, p.name), append(factors, p.factor)
		}
		ps := byPower(base, names, factors)
		if set == "si" {
			r.words.si = ps
		} else {
			r.words.iec = ps
		}
	}
	yr := r.byName["yr"]
	if yr == nil || len(r.words.scale) < 5 || len(r.words.si) < 5 || len(r.words.iec) < 5 {
		return fmt.Errorf("the formatter needs yr, scale words and si and iec prefixes")
	}
	r.words.year = yr.value.v
	return nil
}

// lookup finds a unit by any spelling, prefixed or not.
func (r *registry) lookup(name string) *unit {
	if u, ok := r.byName[name]; ok {
		return u
	}
	if u, ok := r.prefixed.Load(name); ok {
		return u.(*unit)
	}
	for _, p := range r.prefixes {
		rest, ok := strings.CutPrefix(name, p.name)
		if !ok {
			continue
		}
		base, ok := r.byName[rest]
		if !ok || !slices.Contains(base.prefixes, p) {
			continue
		}
		u, _ := r.prefixed.LoadOrStore(p.name+base.name, withPrefix(base, p))
		r.prefixed.Store(name, u)
		return u.(*unit)
	}
	return nil
}

// withPrefix makes the prefixed unit: B and k make kB.
func withPrefix(base *unit, p prefix) *unit {
	u := &unit{name: p.name + base.name, value: base.value, kind: base.kind, nosuggest: base.nosuggest, section: base.section, base: base}
	u.value.v *= p.factor
	if p.factor == math.Exp2(math.Round(math.Log2(p.factor))) { // binary prefixes are the powers of two
		u.value.show.iec = u.value.dim[dimInformation] != 0 // 4 KiB stays 4 KiB, not 4.096 kB
	}
	if u.value.dim.only(dimInformation) {
		// 1 / 1 GB is 1 /GB; but Gbps is no unit of information, and
		// 1 / 1 Gbps is not 1 s/Gbps: it keeps bit, from its definition.
		u.value.show.info = u
	}
	for _, a := range base.aliases {
		u.aliases = append(u.aliases, p.name+a)
	}
	return u
}

// all returns every unit, each prefixed one right after its base, for
// listings, completion and suggestions.
func (r *registry) all() []*unit {
	var out []*unit
	for _, u := range r.list {
		out = append(out, u)
		for _, p := range u.prefixes {
			out = append(out, r.lookup(p.name+u.name))
		}
	}
	return out
}

var builtinRegistry = sync.OnceValue(func() *registry {
	r, err := parseUnits(unitsData)
	if err != nil {
		panic("estimate: units.txt: " + err.Error()) // caught by TestUnitsData
	}
	return r
})

type prefix struct {
	name   string
	factor float64
}

// parseUnits reads the units data format described at the top of units.txt.
func parseUnits(data string) (*registry, error) {
	r := &registry{byName: map[string]*unit{}, ambiguous: map[string]string{}}
	sets := map[string][]prefix{}
	var comment []string
	section := ""
	for n, line := range strings.Split(data, "\n") {
		lineNo := n + 1
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "section "); ok {
			section = strings.TrimSpace(rest)
			comment = nil
			continue
		}
		if strings.HasPrefix(line, "#") {
			comment = append(comment, strings.TrimSpace(strings.TrimPrefix(line, "#")))
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("line %d: %s", lineNo, fmt.Sprintf(format, args...))
		}
		if rest, ok := strings.CutPrefix(line, "prefixes "); ok {
			name, list, ok := strings.Cut(rest, ":")
			if !ok {
				return nil, fail("prefixes needs a colon")
			}
			for _, f := range strings.Fields(list) {
				p, v, ok := strings.Cut(f, "=")
				x, err := parseDataNumber(v)
				if !ok || err != nil {
					return nil, fail("bad prefix %q", f)
				}
				sets[strings.TrimSpace(name)] = append(sets[strings.TrimSpace(name)], prefix{p, x})
			}
			continue
		}
		if rest, ok := strings.CutPrefix(line, "ambiguous "); ok {
			name, msg, ok := strings.Cut(rest, ":")
			if !ok {
				return nil, fail("ambiguous needs a colon")
			}
			r.ambiguous[strings.TrimSpace(name)] = strings.TrimSpace(msg)
			continue
		}
		fields := strings.Split(line, ";")
		namesPart, def, ok := strings.Cut(fields[0], ":")
		if !ok || len(fields) > 3 {
			return nil, fail("want NAMES : DEFINITION [; PREFIXES] [; FLAGS]")
		}
		names := strings.Fields(namesPart)
		if len(names) == 0 {
			return nil, fail("no names")
		}
		def = strings.TrimSpace(def)
		u := &unit{name: names[0], aliases: names, doc: strings.Join(comment, " "), section: section, def: def}
		if dim, ok := strings.CutPrefix(def, "dimension "); ok {
			slot := len(r.dims.names)
			if slot >= builtinDims {
				return nil, fail("only %d built-in dimensions", builtinDims)
			}
			dim, symbol, _ := strings.Cut(dim, "(")
			symbol = strings.TrimSuffix(strings.TrimSpace(symbol), ")")
			if symbol == "" {
				symbol = names[0]
			}
			r.dims.names = append(r.dims.names, strings.TrimSpace(dim))
			r.dims.symbols = append(r.dims.symbols, symbol)
			r.dims.bases = append(r.dims.bases, names[0])
			u.value = quantity{v: 1}
			u.value.dim[slot] = 1
		} else {
			q, err := r.evalDefinition(def)
			if err != nil {
				return nil, fail("%v", err)
			}
			u.value = q
			// Only a "bits" flag makes a unit show in bits: B = 8 bit does not.
			u.value.show.bits = false
		}
		var prefixSets []string
		if len(fields) > 1 {
			prefixSets = strings.Fields(fields[1])
		}
		if len(fields) > 2 {
			for _, f := range strings.Fields(fields[2]) {
				switch f {
				case "bits":
					u.value.show.bits = true
				case "time":
					u.value.show.time = u
				case "percent":
					u.value.show.percent = true
				case "scale":
					u.kind = KindScale
				case "nosuggest":
					u.nosuggest = true
				default:
					return nil, fail("unknown flag %q", f)
				}
			}
		}
		if u.value.dim.only(dimInformation) {
			u.value.show.info = u
		}
		if err := r.add(u); err != nil {
			return nil, fail("%v", err)
		}
		for _, set := range prefixSets {
			ps, ok := sets[set]
			if !ok {
				return nil, fail("unknown prefix set %q", set)
			}
			for _, p := range ps {
				if !slices.Contains(u.prefixes, p) {
					u.prefixes = append(u.prefixes, p)
				}
				if !slices.Contains(r.prefixes, p) {
					r.prefixes = append(r.prefixes, p)
				}
			}
		}
		comment = nil
	}
	// Longest first, so "kibi" is tried before "k".
	slices.SortStableFunc(r.prefixes, func(a, b prefix) int { return cmp.Compare(len(b.name), len(a.name)) })
	if err := r.setWords(sets); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *registry) add(u *unit) error {
	for _, a := range u.aliases {
		if _, dup := r.byName[a]; dup {
			return fmt.Errorf("%q defined twice", a)
		}
		if _, dup := r.ambiguous[a]; dup {
			return fmt.Errorf("%q is declared ambiguous", a)
		}
		r.byName[a] = u
	}
	r.list = append(r.list, u)
	return nil
}

// evalDefinition evaluates the small language of unit definitions: a
// product of numbers and known units, each later part after a slash
// dividing: "8 bit", "1/s", "yr/12".
func (r *registry) evalDefinition(def string) (quantity, error) {
	q := scalar(1)
	for i, part := range strings.Split(def, "/") {
		fields := strings.Fields(part)
		if len(fields) == 0 {
			return q, fmt.Errorf("empty factor in %q", def)
		}
		for _, f := range fields {
			var x quantity
			if u, ok := r.byName[f]; ok {
				x = u.value
			} else if v, err := parseDataNumber(f); err == nil {
				x = scalar(v)
			} else {
				return q, fmt.Errorf("unknown unit %q in %q", f, def)
			}
			var err error
			if i == 0 {
				q, err = arith{}.mul(q, x)
			} else {
				q, err = arith{}.div(q, x)
			}
			if err != nil {
				return q, fmt.Errorf("%q: %v", def, err)
			}
		}
	}
	return q, nil
}

// parseDataNumber reads a number in the data files: 1e-9, 365.2425, 2^10.
func parseDataNumber(s string) (float64, error) {
	if b, e, ok := strings.Cut(s, "^"); ok {
		x, err1 := strconv.ParseFloat(b, 64)
		y, err2 := strconv.ParseFloat(e, 64)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("bad number %q", s)
		}
		return math.Pow(x, y), nil
	}
	return strconv.ParseFloat(s, 64)
}
