package tables

import "github.com/napkin-calc/napkin/estimate"

// primerMonth is the primer's rule of thumb for a month, 4.9% short of a
// real one, chosen (we suppose) so that 400 requests a second come out at
// exactly a billion a month.
const primerMonth = "2.5 million s"

// conversions is the primer's conversion guide: rates per day, per real
// month and per the primer's month, after a row of how long each is.
func conversions() (Grid, error) {
	rows, err := readTSV("conversions.tsv", "rate", "primer")
	if err != nil {
		return Grid{}, err
	}
	c := newCalc()
	// Seven digits show a month's seconds whole: 2.629746 million s.
	exact := newCalc(estimate.WithDigits(7))
	g := Grid{
		Header:  []string{"Rate", "Per day", "Per month", "Per primer month", "Note"},
		Numeric: map[int]bool{0: true, 1: true, 2: true, 3: true},
	}
	g.Rows = append(g.Rows, []string{
		"seconds",
		exact.text("day -> s"),
		exact.text("month -> s"),
		exact.text("%s -> s", primerMonth),
		"a month is a twelfth of a year of 365.2425 days; the primer's is " +
			c.text("1 - %s / month -> %%", primerMonth) + " short",
	})
	for _, f := range rows {
		g.Rows = append(g.Rows, []string{
			c.text("%s", f[0]),
			c.text("%s * day", f[0]),
			c.text("%s * month", f[0]),
			c.text("%s * %s", f[0], primerMonth),
			"primer: " + f[1],
		})
	}
	if exact.err != nil {
		return Grid{}, exact.err
	}
	return g, c.err
}
