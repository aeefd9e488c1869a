package estimate

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
)

// Display is a value as napkin shows it.
type Display struct {
	Number float64 // the value in Unit
	Unit   string  // the unit Number is in: "GB", "/s", "%", "" for a plain number; "s" for a compound time
	Text   string  // what napkin prints: "12.71 GB", "8h 45m 57s", "99.8001%"
}

// maxDigits is the most significant digits a value shows: a float64
// holds 15 decimal digits faithfully, and a 16th or 17th is the noise of
// binary rounding (0.1 + 0.2 is 0.30000000000000004, 1.27 KB times 10
// million 12.699999999999999 GB).
const maxDigits = 15

// formatter renders quantities; digits is how many significant digits,
// rangeDigits how many an uncertain value's median and interval show
// (more would be false precision).
type formatter struct {
	names       *dimNames
	digits      int
	rangeDigits int
	sigOnly     bool // round whole digits too: an uncertain value's 452 GB is 450 GB
}

func (f formatter) display(q quantity) Display {
	d := f.shown(q)
	d.Number = Clean(d.Number) // 23 $/mo, not 22.999999999999996
	return d
}

// Clean rounds x to the 15 significant digits a float64 holds
// faithfully, dropping the noise of binary rounding: 0.023 $/GB/month
// times 1 TB is 22.999999999999996 $/mo in floats and 23 cleaned. What
// napkin prints is cleaned; so are the numbers of its JSON.
func Clean(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	return roundSig(x, maxDigits)
}

func (f formatter) shown(q quantity) Display {
	if q.uncertain() {
		return f.distribution(q)
	}
	if t := q.show.target; t != nil {
		if t.napkin {
			return f.napkin(q)
		}
		if t.nines {
			n := -math.Log10(1 - q.v)
			return Display{Number: n, Unit: ninesWord, Text: f.number(n) + " " + ninesWord}
		}
		n := q.v / t.factor
		if t.percent {
			return Display{Number: n, Unit: "%", Text: f.percent(q.v)}
		}
		if rest, ok := strings.CutPrefix(t.text, "$"); ok {
			// -> $/month: the $ goes in front, as money always shows.
			return Display{Number: n, Unit: t.text, Text: strings.TrimSpace(f.money(n) + " " + strings.TrimSpace(rest))}
		}
		unit := f.counted(t.text, n)
		return Display{Number: n, Unit: unit, Text: f.written(n) + " " + unit}
	}
	switch {
	case q.dim.IsZero():
		if q.show.percent {
			return Display{Number: q.v * 100, Unit: "%", Text: f.percent(q.v)}
		}
		if q.v >= 0.9 && q.v < 1 {
			return Display{Number: q.v, Text: f.nearOne(q.v, 1)} // 0.99995, not 1
		}
		return Display{Number: q.v, Text: f.number(q.v)}
	case q.dim.only(dimTime):
		return f.duration(q.v)
	case q.dim.only(dimCurrency):
		return Display{Number: q.v, Unit: "$", Text: f.money(q.v)}
	}
	return f.compose(q)
}

// counted agrees a conversion target whose numerator is one declared
// unit with the number before it, as a value shown without one does: 100
// tweet -> tweet is 100 tweets, 1 tweets/day -> tweets/day is 1
// tweet/day.
func (f formatter) counted(target string, n float64) string {
	end := strings.IndexByte(target, '/')
	if end < 0 {
		end = len(target)
	}
	word := target[:end] // alone above the line: tweet/s, not tweet^2 or user day
	for i := builtinDims; i < len(f.names.plurals); i++ {
		one, many := f.names.symbols[i], f.names.plurals[i]
		if many == "" || (word != one && word != many) {
			continue
		}
		if math.Abs(roundSig(n, f.digits)) == 1 {
			return one + target[end:]
		}
		return many + target[end:]
	}
	return target
}

// distribution shows an uncertain value: its median and its 90%
// interval, each as a plain value shows, at rangeDigits significant
// digits: "460 GB (90%: 210 GB .. 1.1 TB)". Display.Number and Unit are
// the median's.
func (f formatter) distribution(q quantity) Display {
	// The 1st and 99th percentiles, which a histogram's range needs, come
	// in the same pass over the samples as the others: their brackets
	// merge with the 5th's and the 95th's.
	ps := q.quantiles(0.01, 0.05, 0.5, 0.95, 0.99)
	lo, med, hi := q.point(ps[1]), q.point(ps[2]), q.point(ps[3])
	g := f.sampled()
	d := g.display(med)
	d.Text += " (90%: " + g.display(lo).Text + " .. " + g.display(hi).Text + ")"
	return d
}

// sampled is the formatter for figures read from samples: rangeDigits
// significant digits, more being false precision.
func (f formatter) sampled() formatter {
	return formatter{names: f.names, digits: f.rangeDigits, sigOnly: true}
}

// compose shows any other dimension as a number and a product of units:
// "12.71 GB/mo", "380.3 /s", "500 million tweet/day", "$0.023 /(GB·mo)".
func (f formatter) compose(q quantity) Display {
	n := q.v
	var num, den []string
	infoAt := -1
	plural := "" // the plural of a lone counted unit: 500 million tweets/day
	for i, e := range q.dim {
		if e == 0 {
			continue
		}
		sym, factor := "", 1.0
		switch i {
		case dimInformation:
			sym, factor = "B", 8
			if q.show.bits {
				sym, factor = "bit", 1
			}
			if u := q.show.info; u != nil && e < 0 {
				// per GB, not per B: keep the unit the reader priced things in.
				sym, factor = u.name, u.value.v
			}
		case dimTime:
			sym, factor = "s", 1
			if u := q.show.time; u != nil {
				sym, factor = u.name, u.value.v
			}
		case dimCurrency:
			sym = "USD"
		default:
			if i < len(f.names.symbols) {
				sym = f.names.symbols[i]
			}
			if e == 1 && i < len(f.names.plurals) && f.names.plurals[i] != "" {
				plural = f.names.plurals[i]
			}
		}
		n /= math.Pow(factor, float64(e))
		a := e
		if a < 0 {
			a = -a
		}
		if a != 1 {
			sym += "^" + strconv.Itoa(int(a))
		}
		if e > 0 {
			if i == dimInformation && e == 1 {
				infoAt = len(num)
			}
			num = append(num, sym)
		} else {
			den = append(den, sym)
		}
	}
	if plural != "" && len(num) == 1 && math.Abs(roundSig(n, f.digits)) != 1 {
		num[0] = plural
	}
	var text string
	money := q.dim[dimCurrency] == 1
	if money {
		// $ goes in front: drop USD from the units.
		for i, s := range num {
			if s == "USD" {
				num = append(num[:i:i], num[i+1:]...)
				if infoAt > i {
					infoAt--
				}
				break
			}
		}
	}
	if infoAt >= 0 {
		var p string
		n, p = f.prefixed(n, q.show.iec)
		num[infoAt] = p + num[infoAt]
	}
	if money {
		text = f.money(n) // $5.00 GB: money times another unit keeps its $
	} else {
		text = f.number(n)
	}
	unitText := strings.Join(num, "·")
	switch len(den) {
	case 0:
	case 1:
		unitText += "/" + den[0]
	default:
		unitText += "/(" + strings.Join(den, "·") + ")"
	}
	if unitText == "" {
		return Display{Number: n, Text: text}
	}
	unit := unitText
	if money {
		// The unit says what the number counts: $/mo, not /mo.
		unit = "$" + unitText
		if len(num) > 0 {
			unit = "$·" + unitText
		}
	}
	return Display{Number: n, Unit: unit, Text: text + " " + unitText}
}

// prefixed picks the SI prefix that puts n in [1, 1000) once rounded,
// or with iec the binary prefix that puts it in [1, 1024).
func (f formatter) prefixed(n float64, iec bool) (float64, string) {
	prefixes, base := words().si, 1000.0
	if iec {
		prefixes, base = words().iec, 1024
	}
	i := 0
	for i < len(prefixes)-1 && math.Abs(n) >= base {
		n /= base
		i++
	}
	if i < len(prefixes)-1 && math.Abs(roundSig(n, f.digits)) >= base {
		n /= base
		i++
	}
	return n, prefixes[i]
}

// duration shows a time: under a minute in one unit ("1.5 ms", "250
// µs"); in months or years as calendar says ("18 mo", "2.535 yr");
// otherwise compound, as the primer's tables do ("8h 45m 57s", "43m
// 49.7s"), with seconds to a tenth.
func (f formatter) duration(v float64) Display {
	a := math.Abs(v)
	if roundSig(a, f.digits) < 60 { // 59.99 s stays 59.99 s, not 1m
		units := []struct {
			name string
			size float64
		}{{"s", 1}, {"ms", 1e-3}, {"µs", 1e-6}, {"ns", 1e-9}, {"ps", 1e-12}}
		for i, u := range units {
			if a >= u.size*(1-1e-12) || i == len(units)-1 || a == 0 {
				n := v / u.size
				// 999.96 ms rounds to 1000 ms: say 1 s instead.
				if i > 0 && math.Abs(roundSig(n, f.digits)) >= 1000 {
					u = units[i-1]
					n = v / u.size
				}
				return Display{Number: n, Unit: u.name, Text: f.number(n) + " " + u.name}
			}
		}
	}
	if d, ok := f.calendar(v); ok {
		return d
	}
	return Display{Number: v, Unit: "s", Text: f.compound(v)}
}

// calendar shows a time that people count in months or years: a whole
// number of years or months in that unit (3 yr, 18 mo); from a year up,
// in months a time that months write in fewer digits than years do (18.5
// mo, not 1.542 yr), whole years and whole days or hours as a compound
// (1yr 3d), and any other time in years to the digits asked (2.535 yr),
// where a compound would print days no one wrote (1yr 182d 15h for 18
// months). Shorter times are not its to show.
func (f formatter) calendar(v float64) (Display, bool) {
	yr := words().year
	a := math.Abs(v)
	// Whole up to float noise, never past the digits asked: 18 months is
	// 18 mo, 67.0000000000012 months at 15 digits is not.
	slack := min(1e-9, 0.5*math.Pow(10, float64(1-f.digits)))
	whole := func(x float64) bool {
		return x >= 1-slack && x < 1e4 && math.Abs(x-math.Round(x)) <= slack*x
	}
	in := func(n float64, name string) (Display, bool) {
		return Display{Number: n, Unit: name, Text: f.number(n) + " " + name}, true
	}
	switch {
	case whole(a / yr):
		return in(math.Copysign(math.Round(a/yr), v), "yr")
	case whole(a / (yr / 12)):
		return in(math.Copysign(math.Round(a/(yr/12)), v), "mo")
	case roundSig(a/yr, f.digits) < 1:
		return Display{}, false
	case !f.sigOnly && a/(yr/12) < 1e4 && needs(a/(yr/12), f.digits, slack) < needs(a/yr, f.digits, slack):
		// 18.5 months is 18.5 mo, as written, not 1.542 yr; 2.535 yr
		// stays in years, not 30.42 mo.
		return in(math.Copysign(roundSig(a/(yr/12), f.digits), v), "mo")
	}
	years := math.Floor(a/yr + 1e-9)
	hours := (a - years*yr) / 3600
	if years >= 1 && years < 1000 && !f.sigOnly && math.Abs(hours-math.Round(hours))*3600 <= slack*a {
		h := int64(math.Round(hours))
		parts := []string{strconv.FormatFloat(years, 'f', 0, 64) + "yr"}
		if h/24 != 0 {
			parts = append(parts, strconv.FormatInt(h/24, 10)+"d")
		}
		if h%24 != 0 {
			parts = append(parts, strconv.FormatInt(h%24, 10)+"h")
		}
		sign := ""
		if v < 0 {
			sign = "-"
		}
		return Display{Number: v, Unit: "s", Text: sign + strings.Join(parts, " ")}, true
	}
	return in(v/yr, "yr")
}

// needs is how many significant digits, up to most, write x in full, up
// to float noise (18.5 needs 3); most+1 if none do (18.504 at 4).
func needs(x float64, most int, slack float64) int {
	for d := 1; d <= most; d++ {
		if math.Abs(x-roundSig(x, d)) <= slack*math.Abs(x) {
			return d
		}
	}
	return most + 1
}

// compound writes a time of a minute or more as up to three adjacent parts
// of years, days, hours, minutes and seconds, the last one rounded, each
// in a spelling napkin reads back: 1yr 3d, 4m 23s (m is a minute only
// after a larger part; alone it is 1 min).
func (f formatter) compound(v float64) string {
	secondsPerYear := words().year
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	parts := []struct {
		name string
		size float64
	}{{"yr", secondsPerYear}, {"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}}
	first := 0
	for first < len(parts)-1 && v < parts[first].size {
		first++
	}
	// Three parts, seconds to a tenth; an uncertain value's median and
	// bounds, shown to 2 significant digits, take two and whole seconds:
	// 59m .. 3d 3h (three with --digits 3 or more).
	span, tenths := 2, !f.sigOnly
	if f.sigOnly && f.digits <= 2 {
		span = 1
	}
	last := min(first+span, len(parts)-1)
	res := parts[last].size
	if last == len(parts)-1 && tenths {
		res = 0.1
	}
	if !f.sigOnly && f.digits > 4 {
		// More digits than the default ask for more parts, down to the
		// one the last digit falls in: 1h 2m 5.1235s at 8 digits.
		res = math.Pow(10, math.Floor(math.Log10(v))+1-float64(f.digits))
		for last < len(parts)-1 && parts[last].size > res {
			last++
		}
		if last < len(parts)-1 || res >= 1 {
			res = parts[last].size
		} else {
			res = min(res, 0.1)
		}
	}
	decimals := max(0, int(math.Round(-math.Log10(res))))
	// Whole years come off first: a year is not a whole number of hours,
	// so rounding 3 years to the hour must not make it 2yr 365d 5h.
	years := 0.0
	rest := v
	if first == 0 {
		years = math.Floor(v/secondsPerYear + 1e-9)
		rest = math.Max(0, v-years*secondsPerYear)
	}
	rest = math.Round(rest/res) * res
	if first == 0 && rest >= secondsPerYear*(1-1e-12) {
		years++
		rest = 0
	}
	if first > 0 && rest >= parts[first-1].size {
		// rounding carried into a larger part: 59m 59.96s is 1h.
		return sign + f.compound(rest)
	}
	var out []string
	if first == 0 {
		out = append(out, strconv.FormatFloat(years, 'f', 0, 64)+"yr")
		first = 1
	}
	for i := first; i <= last; i++ {
		p := parts[i]
		if i == last {
			if p.name == "s" {
				s := strconv.FormatFloat(math.Round(rest/res)*res, 'f', decimals, 64)
				if strings.Contains(s, ".") {
					s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
				}
				if s != "0" {
					out = append(out, s+"s")
				}
			} else if k := math.Round(rest / p.size); k != 0 {
				out = append(out, strconv.FormatFloat(k, 'f', 0, 64)+p.name)
			}
			break
		}
		// rest is a whole number of res, up to float noise: half a res
		// more counts 479.99999999 s as 7m, not 8m, and 480 s, however
		// noisy, as 8m.
		k := math.Floor((rest + res/2) / p.size)
		rest -= k * p.size
		if rest < 0 {
			rest = 0
		}
		if k != 0 {
			out = append(out, strconv.FormatFloat(k, 'f', 0, 64)+p.name)
		}
	}
	if len(out) == 1 && strings.HasSuffix(out[0], "m") {
		out[0] = strings.TrimSuffix(out[0], "m") + " min" // 1m alone is a minute or a million
	}
	return sign + strings.Join(out, " ")
}

// percent shows a fraction as a percentage, keeping every nine of an
// availability: 0.998001 is "99.8001%", 0.9999999 "99.99999%".
//
// Near 100% the shortfall c = 100 - p is what carries the digits: it is
// rounded to the digits asked, but never to more than a float64 near 1
// holds (1 - 1e-15 is 99.9999999999999%, not 99.999999999999901%), and
// 100 - c is then written in exact decimal.
func (f formatter) percent(v float64) string {
	if p := v * 100; p < 90 || p >= 100 {
		return f.number(p) + "%"
	}
	return f.nearOne(v, 100) + "%"
}

// nearOne writes v, from 0.9 up to 1, times scale (1, or 100 for a
// percentage) with every nine: its shortfall from 1 is rounded to the
// digits asked, never to more than a float64 near 1 holds, and scale
// minus it is written in exact decimal.
func (f formatter) nearOne(v, scale float64) string {
	c := (1 - v) * scale
	sig := f.digits
	if ulp := scale * (math.Nextafter(v, 2) - v); ulp > 0 {
		sig = max(1, min(sig, int(math.Floor(math.Log10(c/ulp)))+1))
	}
	c = roundSig(c, sig)
	// and no more digits in all than a float64 holds: 99.8001%, not
	// 99.80010000000002%.
	decimals := max(0, min(sig-1-int(math.Floor(math.Log10(c))), maxDigits-int(math.Log10(scale))))
	exact, _, err := big.ParseFloat(strconv.FormatFloat(c, 'f', decimals, 64), 10, 256, big.ToNearestEven)
	if err != nil {
		return trimZeros(strconv.FormatFloat(v*scale, 'f', min(decimals, 15), 64))
	}
	shown := new(big.Float).SetPrec(256).Sub(big.NewFloat(scale).SetPrec(256), exact)
	return trimZeros(shown.Text('f', decimals))
}

// written writes a number after an explicit conversion in digits, not
// words, from a million to below a billion, when the digits lose
// nothing: ssd_read_1mb -> ns is 1,000,000 ns, not 1 million ns; but a
// month is 2.63 million s at 4 digits, not 2,630,000 s, which would look
// exact, and 4.348 billion stays in words.
func (f formatter) written(n float64) string {
	if a := math.Abs(n); a >= 1e6 && a < 1e9 && !f.sigOnly && n == math.Trunc(n) && roundSig(n, f.digits) == n {
		return formatSig(n, f.digits)
	}
	return f.number(n)
}

// money shows dollars to the digits asked but at least to the cent
// ($1,234.50, $0.30, $5.678, $0.023), from a million in words ($1.5
// million), and below a dollar written out down to a billionth, as price
// lists do ($0.0000002 a request), in an exponent only below that.
func (f formatter) money(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	s := f.number(v)
	if v >= 1e-9 && v < 1e-4 {
		s = formatSig(v, f.digits)
	}
	// Cents, except in an uncertain value's bounds, which show 2
	// significant digits: $32 (90%: $1 .. $980).
	if _, frac, _ := strings.Cut(s, "."); v < 1e6 && len(frac) < 2 && !strings.Contains(s, "e") && !f.sigOnly {
		s = commas(strconv.FormatFloat(v, 'f', 2, 64))
	}
	return sign + "$" + s
}

// number shows a plain number: digits significant digits but never
// rounding away a digit left of the point below a million ("65,536"), then
// scale words ("3.522 trillion"), then an exponent.
func (f formatter) number(v float64) string {
	if v == 0 {
		return "0"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if v < 1e-4 {
		return sign + scientific(v, f.digits)
	}
	if f.sigOnly {
		r := roundSig(v, f.digits)
		if r < 1e6 {
			return sign + formatSig(r, f.digits)
		}
		v = r // 997,516 at 2 digits is 1 million, not 997,516
	}
	if v < 1e6 {
		e := int(math.Floor(math.Log10(v)))
		decimals := max(f.digits-1-e, 0)
		s := strconv.FormatFloat(v, 'f', decimals, 64)
		if r, _ := strconv.ParseFloat(s, 64); r < 1e6 {
			return sign + commas(trimZeros(s))
		}
	}
	scale := words().scale
	for i := 2; i < len(scale); i++ {
		m := v / math.Pow(10, float64(3*i))
		if roundSig(m, f.digits) < 1000 {
			return sign + formatSig(m, f.digits) + " " + scale[i]
		}
	}
	return sign + scientific(v, f.digits)
}

// scientific writes 1.5e-7 rather than Go's 1.5e-07.
func scientific(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'e', digits-1, 64)
	m, e, _ := strings.Cut(s, "e")
	m = trimZeros(m)
	exp, _ := strconv.Atoi(e)
	return m + "e" + strconv.Itoa(exp)
}

// roundSig rounds v to digits significant digits.
func roundSig(v float64, digits int) float64 {
	if v == 0 {
		return 0
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', digits-1, 64), 64)
	return r
}

// formatSig writes v with digits significant digits, no exponent, no
// trailing zeros after the point.
func formatSig(v float64, digits int) string {
	if v == 0 {
		return "0"
	}
	e := int(math.Floor(math.Log10(math.Abs(roundSig(v, digits)))))
	decimals := digits - 1 - e
	if decimals < 0 {
		return commas(strconv.FormatFloat(roundSig(v, digits), 'f', 0, 64))
	}
	return commas(trimZeros(strconv.FormatFloat(v, 'f', decimals, 64)))
}

func trimZeros(s string) string {
	if strings.ContainsRune(s, '.') {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// commas groups a formatted number's whole part in thousands, with
// go-humanize: 1234567.5 -> 1,234,567.5.
func commas(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return s // too long for an int64: formatSig never makes one
	}
	out := humanize.Comma(n)
	if n == 0 && strings.HasPrefix(whole, "-") {
		out = "-" + out
	}
	if hasFrac {
		out += "." + frac
	}
	return out
}
