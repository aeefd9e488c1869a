package estimate

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// readBackForms are the units FuzzReadBack writes values in, one or more
// for each dimension napkin shows; napkin picks how to show them.
var readBackForms = []string{
	"s",                 // times: 1.5 ms, 4m 23s, 18 mo, 1yr 3d, 2.535 yr
	"month",             // months and years
	"B",                 // bytes: 12.7 GB
	"KiB",               // IEC stays IEC: 4 KiB
	"bit",               // bits: 3.6 Tbit
	"bit/s",             // link speeds: 1 Gbit/s
	"B/s",               // byte rates: 100 MB/s
	"KiB/s",             // IEC rates
	"USD",               // money: $1,234.56, $0.0000002
	"$/month",           // money rates: $5.00 /mo
	"$/GB/month",        // $0.023 /(GB·mo)
	"USD * GB",          // $5.00 GB
	"%",                 // percentages: 99.8001%
	"",                  // plain numbers and scale words: 18.45 quintillion
	"/s",                // counts per second
	"/month",            // counts per month: 1 billion /mo
	"tweets/(day·user)", // counted units
	"tweets/day",        // 500 million tweets/day
	"KB/user",           // information per counted unit
	"s/bit",             // 1e-9 s/bit
	"TB/day",            // a rate in the time unit it was written in
	"GB/month",          // 12.71 GB/mo
	"$/req",             // money per plain count: $0.0000002
	"Kibit/s",           // IEC bits
}

// FuzzReadBack checks that napkin reads back what it prints: a value of
// any dimension, displayed at any number of digits, parses back to the
// same value to the precision displayed.
func FuzzReadBack(f *testing.F) {
	seeds := []float64{1, 0.5, 1.5, 59.99, 60, 90, 3599.96, 86400, 1.271e3, 1e9, 1.845e19, 2e-7, 0.998001, 0.99995, 1 - 1e-15, 2.63e6, 4.7e7, 3.2e8, 1.2e-12, 123456789, 999.96, 479.9999999998561}
	for i := range readBackForms {
		for j, v := range seeds {
			f.Add(uint8(i), v, uint8(4+j%3*5), j%5 == 0)
		}
	}
	f.Fuzz(func(t *testing.T, form uint8, v float64, digits uint8, negative bool) {
		if math.IsNaN(v) || math.IsInf(v, 0) || v == 0 {
			return
		}
		v = math.Abs(v)
		if v < 1e-40 || v > 1e40 {
			return
		}
		if negative {
			v = -v
		}
		unit := readBackForms[int(form)%len(readBackForms)]
		d := 1 + int(digits)%17
		expr := "(" + strconv.FormatFloat(v, 'e', -1, 64) + ") " + unit
		if unit == "" || strings.HasPrefix(unit, "/") {
			expr = "(" + strconv.FormatFloat(v, 'e', -1, 64) + ")" + unit
		}
		decl := "unit tweet; unit user"

		s := NewSession(WithDigits(d))
		if _, err := s.Eval(decl); err != nil {
			t.Fatal(err)
		}
		res, err := s.Eval(expr)
		if err != nil {
			return // out of range: result is too large
		}
		r := res[len(res)-1]
		text := r.Display.Text

		back := NewSession()
		if _, err := back.Eval(decl); err != nil {
			t.Fatal(err)
		}
		bres, err := back.Eval(text)
		if err != nil {
			t.Fatalf("%s at %d digits shows %q, which does not read back: %v", expr, d, text, err)
		}
		b := bres[len(bres)-1]
		if b.Dimension != r.Dimension {
			t.Fatalf("%s at %d digits shows %q, which reads back as %s, not %s", expr, d, text, b.Dimension, r.Dimension)
		}
		want, got := r.Value.Base(), b.Value.Base()
		if diff := math.Abs(got - want); diff > readBackSlack(text, want, d) {
			t.Fatalf("%s at %d digits shows %q, which reads back as %g, not %g (off by %.3g of it)", expr, d, text, got, want, diff/math.Abs(want))
		}
	})
}

// readBackSlack is how far a value shown as text may be from want: half
// a unit in the last of digits significant digits (at most 15 show), or
// at the default 4 digits or fewer, for a compound time, half its last
// part: 2h 13m 20s is to a tenth of a second, 115d 17h 47m to half a minute, and 17 min, a compound whose
// seconds rounded away, to a tenth of a second.
func readBackSlack(text string, want float64, digits int) float64 {
	digits = min(digits, maxDigits)
	slack := math.Abs(want) * (0.5*math.Pow(10, float64(1-digits))*1.0001 + 4e-15)
	if digits > 4 {
		return slack // a compound's parts reach its last digit
	}
	if strings.HasSuffix(text, " min") {
		return max(slack, 0.05*1.0001)
	}
	last := text[strings.LastIndexByte(text, ' ')+1:]
	for _, p := range []struct {
		suffix string
		half   float64
	}{{"s", 0.05}, {"m", 30}, {"h", 1800}, {"d", 43200}} {
		n, ok := strings.CutSuffix(last, p.suffix)
		if _, err := strconv.ParseFloat(n, 64); ok && err == nil {
			slack = max(slack, p.half*1.0001)
		}
	}
	return slack
}
