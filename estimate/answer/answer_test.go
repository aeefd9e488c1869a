package answer

import (
	"strings"
	"testing"

	"github.com/napkin-calc/napkin/estimate"
)

func result(t *testing.T, src string) (*Checker, estimate.Result) {
	t.Helper()
	res, err := estimate.NewSession().Run(src)
	if err != nil {
		t.Fatal(err)
	}
	return NewChecker(estimate.NewSession(), src), res[len(res)-1]
}

// The rounding rule: the computed value, in the answer's unit, rounded at
// the written number's last significant digit, is the written number.
func TestHolds(t *testing.T) {
	const storage = "storage = 10 million per month * 1.271 kB * 3 years" // 457.6 GB
	for _, tc := range []struct {
		src, written string
		holds        bool
	}{
		{storage, "457.6 GB", true},
		{storage, "460 GB", true},
		{storage, "500 GB", true},
		{storage, "450 GB", false},
		{storage, "457.5 GB", false},
		{storage, "457.56 GB", true}, // exactly
		{storage, "457.55 GB", false},
		{storage, "0.46 TB", true},
		{storage, "0.45 TB", false},
		{storage, "457,560 MB", true},
		{storage, "4.6e11 B", true},
		{storage, "4.5e11 B", false},
		{storage, "457.6 GiB", false},
		{storage, "457.6 s", false}, // other dimension
		{storage, "about half a TB", false},
		{storage, "", false},
		{"x = 1 billion / month -> /s", "380.3 /s", true},
		{"x = 1 billion / month -> /s", "380 /s", true},
		{"x = 1 billion / month -> /s", "1 billion /mo", true},
		{"x = 1 billion / month -> /s", "2 billion /mo", false},
		{"x = downtime(99.99%, month)", "4m 23s", true},
		{"x = downtime(99.99%, month)", "4m 24s", false},
		{"x = downtime(99.99%, month)", "4.4 min", true},
		{"x = parallel(99.9%, 99.9%)", "99.9999%", true},
		{"x = parallel(99.9%, 99.9%)", "99.99%", false},
		{"x = 1234.56 USD", "$1,235", true},
		{"x = 1234.56 USD", "$1,200", true},
		{"x = 1234.56 USD", "$1,300", false},
		{"unit tweet\nx = 12.34 tweet", "12 tweet", true},
		{"unit tweet\nx = 12.34 tweet", "13 tweet", false},
		{"x = -3 GB", "-3 GB", true},
	} {
		c, r := result(t, tc.src)
		if got := c.Holds(tc.written, r); got != tc.holds {
			t.Errorf("%s: %q holds for %s: %v, want %v", tc.src, tc.written, r.Display.Text, got, tc.holds)
		}
	}
}

func TestUpdate(t *testing.T) {
	const in = "# Pastes\r\n" +
		"writes = 10 million per month\r\n" +
		"storage = writes * 1.271 kB * 3 years   # three years  #= 450 GB\r\n" +
		"rounded = storage -> TB #= 0.46 TB\r\n" +
		"empty = 2 GB #=\r\n" +
		"assert storage < 1 TB\r\n" +
		"unit page = 4 KiB\r\n" +
		"p = 1; q = 2 GB   \r\n"
	const want = "# Pastes\r\n" +
		"writes = 10 million per month  #= 10 million /mo\r\n" +
		"storage = writes * 1.271 kB * 3 years   # three years  #= 457.6 GB\r\n" +
		"rounded = storage -> TB #= 0.46 TB\r\n" +
		"empty = 2 GB #= 2 GB\r\n" +
		"assert storage < 1 TB\r\n" +
		"unit page = 4 KiB\r\n" +
		"p = 1; q = 2 GB  #= 2 GB\r\n"
	update := func(text string) (string, []Stale) {
		res, err := estimate.NewSession().Run(text)
		if err != nil {
			t.Fatal(err)
		}
		return Update(text, text, res, NewChecker(estimate.NewSession(), text))
	}
	got, stale := update(in)
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(stale) != 1 || stale[0] != (Stale{Line: 3, Col: 56, Written: "450 GB", Computed: "457.6 GB", Source: "storage = writes * 1.271 kB * 3 years   # three years  #= 450 GB"}) {
		t.Errorf("stale %+v", stale)
	}
	again, stale := update(got)
	if again != got || len(stale) != 0 {
		t.Errorf("a second update changed %q, stale %v", again, stale)
	}
	if e := (Stale{Line: 3, Col: 56, Written: "450 GB", Computed: "457.6 GB"}).Error(""); !strings.HasPrefix(e.Msg, "stale answer: the document says 450 GB, napkin computes 457.6 GB") {
		t.Error(e.Msg)
	}
}

// FuzzUpdate: after update, every answer holds, so check passes, and a
// second update changes nothing.
func FuzzUpdate(f *testing.F) {
	for _, s := range []string{
		"writes = 10 million per month\nstorage = writes * 1.271 kB * 3 years #= 450 GB",
		"x = downtime(99.99%, month)\r\ny = parallel(99.9%, 99.9%) # c #= 1",
		"unit tweet\nt = 12.345 tweet / day; u = t * 1 yr",
		"x = 1e300 B #=\ny = 0.000001234 s\nz = 1234.5 USD\nw = 457.6 GB -> napkin",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res, err := estimate.NewSession().Run(text)
		if err != nil {
			return
		}
		once, _ := Update(text, text, res, NewChecker(estimate.NewSession(), text))
		res, err = estimate.NewSession().Run(once)
		if err != nil {
			t.Fatalf("the updated estimate fails: %v\n%s", err, once)
		}
		twice, stale := Update(once, once, res, NewChecker(estimate.NewSession(), once))
		if twice != once || len(stale) > 0 {
			t.Fatalf("a second update changed\n%q\nto\n%q, stale %+v", once, twice, stale)
		}
	})
}
