package tables

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/napkin-calc/napkin/estimate"
)

// powers is the powers of two: the exact value (math/big, since 2^64 does
// not fit a uint64), the value in words, and bytes with binary prefixes
// beside napkin's decimal ones, so 2^10 B is 1 KiB and 1.024 kB.
// With all, every power from 2^0 to 2^64, the data's rows among them.
func powers(all bool) (Grid, error) {
	rows, err := readTSV("powers.tsv", "power", "source", "primer_approx", "primer_bytes", "remark")
	if err != nil {
		return Grid{}, err
	}
	if all {
		byPower := map[string][]string{}
		for _, f := range rows {
			byPower[f[0]] = f
		}
		rows = nil
		for n := 0; n <= 64; n++ {
			f, ok := byPower[strconv.Itoa(n)]
			if !ok {
				f = []string{strconv.Itoa(n), "", "", "", ""}
			}
			rows = append(rows, f)
		}
	}
	c := newCalc()
	g := Grid{
		Header:  []string{"Power", "Exact value", "Approx value", "Bytes (IEC)", "Bytes (SI)", "Note"},
		Numeric: map[int]bool{0: true, 1: true, 3: true, 4: true},
	}
	for _, f := range rows {
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 0 || n > 64 {
			return Grid{}, fmt.Errorf("powers.tsv: power %q is not a whole number from 0 to 64", f[0])
		}
		exact := new(big.Int).Lsh(big.NewInt(1), uint(n))
		approx := inWords(exact)
		var notes []string
		switch primerApprox, primerBytes := f[2], f[3]; {
		case f[1] != "primer":
			notes = append(notes, "not in the primer")
		case primerApprox != "" || primerBytes != "":
			notes = append(notes, "primer: "+strings.Join(nonEmpty(primerApprox, primerBytes), ", "))
			if primerApprox != "" && primerApprox != approx {
				notes = append(notes, fmt.Sprintf("it rounds: 2^%d is %s more than %s", n, c.text("2^%d / (%s) - 1 -> %%", n, primerApprox), primerApprox))
			}
		}
		if f[4] != "" {
			notes = append(notes, f[4])
		}
		g.Rows = append(g.Rows, []string{
			"2^" + f[0],
			humanize.BigComma(exact),
			approx,
			c.text("2^%d B -> %s", n, iecUnit(n)),
			c.text("2^%d B", n),
			strings.Join(notes, "; "),
		})
	}
	return g, c.err
}

// iecUnit is the largest binary unit 2^n bytes is a whole number of.
func iecUnit(n int) string {
	prefixes := estimate.BinaryPrefixes()
	return prefixes[min(n/10, len(prefixes)-1)] + "B"
}

// inWords writes a number to two significant digits with a scale word, as
// people say it: 1,024 is "1 thousand", 2^40 "1.1 trillion". Below a
// thousand the number is its own approximation. The scale words are the
// language's, which go up to quintillion: enough for 2^64.
func inWords(n *big.Int) string {
	scaleNames := estimate.ScaleWords()
	if n.Cmp(big.NewInt(1000)) < 0 {
		return n.String()
	}
	v, _ := new(big.Float).SetInt(n).Float64()
	i := 0
	for i < len(scaleNames)-1 && v >= 1000 {
		v /= 1000
		i++
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 2, 64), 64)
	if r >= 1000 && i < len(scaleNames)-1 {
		// 999.6 thousand rounds to a million.
		r, i = math.Round(r/100)/10, i+1
	}
	return strconv.FormatFloat(r, 'f', -1, 64) + " " + scaleNames[i]
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}
