package tables

import (
	"math"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/napkin-calc/napkin/estimate"
)

// column returns the named column of g, keyed by the first column.
func column(t *testing.T, g Grid, name string) map[string]string {
	t.Helper()
	i := slices.Index(g.Header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, g.Header)
	}
	out := map[string]string{}
	for _, r := range g.Rows {
		out[r[0]] = r[i]
	}
	return out
}

func lookup(t *testing.T, name string, o Options) Grid {
	t.Helper()
	g, err := Lookup(name, o)
	if err != nil {
		t.Fatalf("Lookup(%q, %+v): %v", name, o, err)
	}
	return g
}

// seconds evaluates src in a session with the latency constants.
func seconds(t *testing.T, s *estimate.Session, src string) float64 {
	t.Helper()
	res, err := s.Eval(src)
	if err != nil || len(res) != 1 {
		t.Fatalf("%s: %v", src, err)
	}
	return res[0].Value.Base()
}

// The primer's latency table in nanoseconds (numbers.md section 2), and
// the names the issue gives the constants, in the primer's order.
var primerLatency = []struct {
	name string
	ns   float64
}{
	{"l1_ref", 0.5},
	{"branch_mispredict", 5},
	{"l2_ref", 7},
	{"mutex_lock", 25},
	{"mem_ref", 100},
	{"compress_1kb", 10_000},
	{"send_1kb_1gbps", 10_000},
	{"ssd_random_read_4kb", 150_000},
	{"mem_read_1mb", 250_000},
	{"dc_round_trip", 500_000},
	{"ssd_read_1mb", 1_000_000},
	{"hdd_seek", 10_000_000},
	{"net_read_1mb_1gbps", 10_000_000},
	{"hdd_read_1mb", 30_000_000},
	{"ca_nl_round_trip", 150_000_000},
}

func TestConstantsAreThePrimers(t *testing.T) {
	s := estimate.NewSession()
	var names []string
	for _, c := range s.Constants() {
		names = append(names, c.Name)
		if c.Doc == "" {
			t.Errorf("%s has no doc", c.Name)
		}
	}
	var want []string
	for _, p := range primerLatency {
		want = append(want, p.name)
		if got := seconds(t, s, p.name+" -> ns") * 1e9; math.Abs(got-p.ns) > 1e-9*p.ns {
			t.Errorf("%s = %g ns, the primer says %g ns", p.name, got, p.ns)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("constants are %q\nwant %q", names, want)
	}
}

// TestConstantsMatchTable evaluates each constant and the table row's
// latency as printed, and wants the same time.
func TestConstantsMatchTable(t *testing.T) {
	s := estimate.NewSession()
	g := lookup(t, "latency", Options{})
	lat := column(t, g, "Latency")
	if len(lat) != len(s.Constants()) {
		t.Errorf("table has %d rows, want one per constant (%d)", len(lat), len(s.Constants()))
	}
	for _, c := range s.Constants() {
		cell, ok := lat[c.Name]
		if !ok {
			t.Errorf("no row for constant %s", c.Name)
			continue
		}
		if a, b := seconds(t, s, c.Name), seconds(t, s, cell); math.Abs(a-b) > 1e-9*a {
			t.Errorf("%s = %g s, its row says %s", c.Name, a, cell)
		}
	}
	// napkin 'mem_read_1mb * 1000 -> ms', from the issue.
	res, err := s.Eval("mem_read_1mb * 1000 -> ms")
	if err != nil || res[0].Display.Text != "250 ms" {
		t.Errorf("mem_read_1mb * 1000 -> ms = %v, %v; want 250 ms", res, err)
	}
}

func TestLatencyDerived(t *testing.T) {
	g := lookup(t, "latency", Options{})
	human := column(t, g, "If L1 took 1 s")
	metric := column(t, g, "Handy metric")
	note := column(t, g, "Note")
	for name, want := range map[string]string{
		"l1_ref":           "1 s",
		"mem_ref":          "3m 20s", // 200 s
		"hdd_seek":         "231d 11h 33m",
		"ca_nl_round_trip": "9.507 yr", // 3e8 s
	} {
		if human[name] != want {
			t.Errorf("%s if L1 took 1 s = %q, want %q", name, human[name], want)
		}
	}
	for name, want := range map[string]string{
		"hdd_read_1mb":       "33.33 MB/s", // the primer's 30 MB/s
		"net_read_1mb_1gbps": "100 MB/s",
		"ssd_read_1mb":       "1 GB/s",
		"mem_read_1mb":       "4 GB/s",
		"ca_nl_round_trip":   "6.667 /s", // the primer's 6-7
		"dc_round_trip":      "2,000 /s",
	} {
		if metric[name] != want {
			t.Errorf("%s handy metric = %q, want %q", name, metric[name], want)
		}
	}
	for name, want := range map[string]string{
		"l2_ref":       "14x L1 cache",
		"mem_ref":      "14.29x L2 cache (the primer's 20x is wrong); 200x L1 cache",
		"hdd_seek":     "20x datacenter roundtrip",
		"hdd_read_1mb": "120x memory; 30x SSD; primer: 30 MB/s;",
	} {
		if !strings.HasPrefix(note[name], want) {
			t.Errorf("%s note = %q, want it to start %q", name, note[name], want)
		}
	}
}

// TestAvailabilityPrimer checks the cells of the primer's tables
// (numbers.md section 3) where the primer is right, and the right figure
// where it is not.
func TestAvailabilityPrimer(t *testing.T) {
	g := lookup(t, "availability", Options{})
	want := map[string][]string{
		"99.9%": {"1m 26.4s", "10m 4.8s", "43m 49.7s", "8h 45m 57s"},
		// The primer: 8.6s (rounded), 1m 5s (wrong: 604,800 s x 0.01% =
		// 60.48 s), 4m 23s, 52min 35.7s.
		"99.99%": {"8.64 s", "1m 0.5s", "4m 23s", "52m 35.7s"},
	}
	for level, cells := range want {
		for i, p := range []string{"Per day", "Per week", "Per month", "Per year"} {
			if got := column(t, g, p)[level]; got != cells[i] {
				t.Errorf("%s %s = %q, want %q", level, p, got, cells[i])
			}
		}
	}
	note := column(t, g, "Note")
	if note["99.9%"] != "as in the primer" {
		t.Errorf("99.9%% note = %q", note["99.9%"])
	}
	if n := note["99.99%"]; !strings.Contains(n, "week 1m 5s is wrong") || !strings.Contains(n, "day 8.6s (rounded)") || strings.Contains(n, "month") || strings.Contains(n, "year") {
		t.Errorf("99.99%% note = %q, want the week wrong and the day rounded, nothing else", n)
	}
	var levels []string
	for _, r := range g.Rows {
		levels = append(levels, r[0])
	}
	if def := []string{"90%", "99%", "99.5%", "99.9%", "99.95%", "99.99%", "99.999%", "99.9999%"}; !slices.Equal(levels, def) {
		t.Errorf("default levels %q, want %q", levels, def)
	}
}

func TestAvailabilityOptions(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want []string
	}{
		{Options{Nines: []int{5, 3, 4}}, []string{"99.9%", "99.99%", "99.999%"}},
		{Options{SLA: []float64{0.9995}}, []string{"99.95%"}},
		{Options{Nines: []int{1, 3}, SLA: []float64{0.999, 0.97}}, []string{"90%", "97%", "99.9%"}},
		{Options{Nines: []int{9}}, []string{"99.9999999%"}},
		{Options{SLA: []float64{0}}, []string{"0%"}},
	} {
		g := lookup(t, "availability", tc.o)
		var got []string
		for _, r := range g.Rows {
			got = append(got, r[0])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: levels %q, want %q", tc.o, got, tc.want)
		}
	}
	// A level chosen by option still gets the primer's note.
	g := lookup(t, "availability", Options{Nines: []int{4}})
	if n := column(t, g, "Note")["99.99%"]; !strings.Contains(n, "1m 5s is wrong") {
		t.Errorf("99.99%% by --nines: note %q", n)
	}
	for _, o := range []Options{
		{Nines: []int{0}},
		{Nines: []int{10}},
		{SLA: []float64{1}},
		{SLA: []float64{1.5}},
		{SLA: []float64{-0.1}},
		{SLA: []float64{math.NaN()}},
	} {
		if _, err := Lookup("availability", o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestParseSLA(t *testing.T) {
	for in, want := range map[string]float64{
		"99.95%":  0.9995,
		"0.9995":  0.9995,
		"99.9 %":  0.999,
		"0%":      0,
		"99.999%": 0.99999,
	} {
		got, err := ParseSLA(in)
		if err != nil || math.Abs(got-want) > 1e-15 {
			t.Errorf("ParseSLA(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"99.95":      "did you mean 99.95%?",
		"100%":       "below 100%, not 100%",
		"101%":       "not 101%",
		"-5%":        "at least 0%",
		"1 ms":       "not an availability",
		"nines":      "not an availability",
		"x = 1":      "not an availability",
		"":           "not an availability",
		"99.9%; 99%": "not an availability",
	} {
		_, err := ParseSLA(in)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseSLA(%q): error %v, want one saying %q", in, err, msg)
		}
	}
}

func TestPowers(t *testing.T) {
	g := lookup(t, "powers", Options{})
	exact := column(t, g, "Exact value")
	approx := column(t, g, "Approx value")
	iec := column(t, g, "Bytes (IEC)")
	si := column(t, g, "Bytes (SI)")
	for _, p := range []string{"2^0", "2^7", "2^8", "2^10", "2^16", "2^20", "2^30", "2^32", "2^40", "2^50", "2^60", "2^64"} {
		if _, ok := exact[p]; !ok {
			t.Errorf("no row %s", p)
		}
	}
	for p, want := range map[string][4]string{
		"2^10": {"1,024", "1 thousand", "1 KiB", "1.024 kB"},
		"2^16": {"65,536", "66 thousand", "64 KiB", "65.54 kB"},
		"2^30": {"1,073,741,824", "1.1 billion", "1 GiB", "1.074 GB"},
		"2^40": {"1,099,511,627,776", "1.1 trillion", "1 TiB", "1.1 TB"},
		"2^64": {"18,446,744,073,709,551,616", "18 quintillion", "16 EiB", "18.45 EB"},
	} {
		if got := [4]string{exact[p], approx[p], iec[p], si[p]}; got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	// Every exact value is 2^power, however it is printed.
	for _, r := range g.Rows {
		n, ok := new(big.Int).SetString(strings.ReplaceAll(r[1], ",", ""), 10)
		if !ok || n.BitLen()-1 != mustAtoi(t, strings.TrimPrefix(r[0], "2^")) || n.TrailingZeroBits() != uint(n.BitLen()-1) {
			t.Errorf("%s: exact value %s is not that power of two", r[0], r[1])
		}
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	return int(n.Int64())
}

func TestInWords(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 999: "999", 1000: "1 thousand", 1500: "1.5 thousand", 65536: "66 thousand",
		524288: "520 thousand", 999_600: "1 million", 1_048_576: "1 million", 4_294_967_296: "4.3 billion",
	} {
		if got := inWords(big.NewInt(n)); got != want {
			t.Errorf("inWords(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestConversions(t *testing.T) {
	g := lookup(t, "conversions", Options{})
	want := [][]string{
		{"seconds", "86,400 s", "2,629,746 s", "2,500,000 s"},
		{"1 /s", "86,400", "2.63 million", "2.5 million"},
		{"40 /s", "3.456 million", "105.2 million", "100 million"},
		{"400 /s", "34.56 million", "1.052 billion", "1 billion"},
	}
	if len(g.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(g.Rows), len(want))
	}
	for i, w := range want {
		if got := g.Rows[i][:4]; !slices.Equal(got, w) {
			t.Errorf("row %d = %q, want %q", i, got, w)
		}
	}
	if n := g.Rows[0][4]; !strings.Contains(n, "4.934% short") {
		t.Errorf("seconds note %q, want the primer's month 4.934%% short", n)
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, err := Lookup("latencies", Options{}); err == nil || !strings.Contains(err.Error(), `"latencies"`) {
		t.Errorf("Lookup(latencies): %v", err)
	}
}

func TestReadTSV(t *testing.T) {
	// Every data file is read by its table; here, that a wrong header fails.
	if _, err := readTSV("latency.tsv", "name", "value"); err == nil {
		t.Error("readTSV with the wrong columns: no error")
	}
	if _, err := readTSV("missing.tsv", "x"); err == nil {
		t.Error("readTSV of a missing file: no error")
	}
}
