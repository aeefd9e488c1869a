package estimate

import (
	"strings"
	"testing"
	"unicode"
)

// TestNoFloatNoise shows values at every number of digits --digits
// takes: none shows more than 15 significant digits, the most a float64
// holds faithfully (no 99.80010000000002%, no 0.30000000000000004).
func TestNoFloatNoise(t *testing.T) {
	exprs := []string{"series(99.9%, 99.9%)", "0.1 + 0.2", "1 - 1e-14 -> %", "1/3 -> %", "$0.20 / 1M",
		"1 month -> day", "10 million * 1.27 KB", "1.1 * 1.1", "0.023 $/GB/month * 1 TB -> $/mo", "1 - 2e-16 -> %",
		"parallel(99.9%, 99.9%, 99.9%)", "2^0.5", "$1234.5678", "1 EB / 1 Gbps", "0.7 * 3 -> %", "1 - 1e-15"}
	for d := 1; d <= 17; d++ {
		s := NewSession(WithDigits(d))
		for _, e := range exprs {
			res, err := s.Eval(e)
			if err != nil {
				t.Fatalf("%s: %v", e, err)
			}
			text := res[0].Display.Text
			if n := significantDigits(text); n > 15 {
				t.Errorf("%s at %d digits shows %q: %d significant digits", e, d, text, n)
			}
		}
	}
}

// significantDigits counts the digits of the first number in text, from
// its first nonzero one, ignoring separators.
func significantDigits(text string) int {
	n, started := 0, false
	for _, r := range text {
		switch {
		case r == ',' || r == '.':
		case unicode.IsDigit(r):
			if r != '0' {
				started = true
			}
			if started {
				n++
			}
		case started || strings.ContainsRune("$-", r):
			if started {
				return n
			}
		}
	}
	return n
}
