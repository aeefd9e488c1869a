package present

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/napkin-calc/napkin/estimate"
)

// file runs src in a new session, as the command does.
func file(t *testing.T, name, src string) File {
	t.Helper()
	s := estimate.NewSession()
	m, _ := s.Compile(src)
	res, err := m.Run()
	var e *estimate.Error
	if err != nil {
		e = err.(*estimate.Error)
	}
	return File{Name: name, Source: src, Results: res, Err: e}
}

func TestForms(t *testing.T) {
	f := file(t, "p.napkin", "# writes\nw = 10 million per month\nw -> /s\nassert w < 1 /s\nunit page = 4 KiB\nx = w + 1 GB")
	tests := []struct {
		got, want string
	}{
		{Line(f.Results[0]), "w = 10 million /mo"},
		{Line(f.Results[1]), "3.803 /s"},
		{Line(f.Results[2]), ""},
		{TextLine(f.Results[1]), "w -> /s = 3.803 /s"},
		{TextLine(f.Results[2]), "assert w < 1 /s: FAILED"},
		{TextLine(f.Results[3]), "unit page = 4 KiB"},
		{Cell(f.Results[2]), "FAILED"},
		{AssertionText(f.Name, f.Results[2].Err), "p.napkin:4: assertion failed: w < 1 /s (w = 3.803 /s)\n"},
		{ErrorText(f.Name, f.Err), "p.napkin:6:7: cannot add 1/s (1/time) and B (information)\n  x = w + 1 GB\n        ^\n"},
		{ErrorText("", f.Err), "napkin: error: cannot add 1/s (1/time) and B (information)\n  x = w + 1 GB\n        ^\n"},
		{ErrorText("dir", &estimate.Error{Msg: "no .napkin files under dir"}), "dir: no .napkin files under dir\n"},
		{ErrorText("", &estimate.Error{Msg: "m", Hint: "h"}), "napkin: error: m\nnapkin: hint: h\n"},
		{Summary([]File{f, {Name: "q"}}), "checked 2 files: 0 assertions passed, 1 failed, 1 error"},
		{Plural(1, "file") + ", " + Plural(0, "file"), "1 file, 0 files"},
		{OrList([]string{"a", "b", "c"}), "a, b or c"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if !f.Failed() || (File{Name: "ok"}).Failed() {
		t.Error("Failed")
	}
	var b bytes.Buffer
	if err := Explain(&b, f); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "# writes\nw = 10 million per month\n  = 10 million /mo\n") {
		t.Errorf("explain:\n%s", b.String())
	}
}

func TestSweepGrid(t *testing.T) {
	src := "w = 1 GB\nassert w < 2 GB\nz = 5"
	s := estimate.NewSession()
	m, _ := s.Compile(src)
	var runs []File
	for _, v := range []string{"1 GB", "3 GB"} {
		in, err := m.Input("w", v)
		if err != nil {
			t.Fatal(err)
		}
		res, _ := m.Run(in)
		runs = append(runs, File{Results: res})
	}
	g := SweepGrid(Sweep{Columns: []string{"w=1 GB", "w=3 GB"}, Runs: runs, Names: []string{"w", "z"}})
	want := [][]string{{"w", "1 GB", "3 GB ✗"}, {"z", "5", "5"}, {"assertions", "ok", "1 failed"}}
	for i, row := range want {
		if strings.Join(g.Rows[i], "|") != strings.Join(row, "|") {
			t.Errorf("row %d = %q, want %q", i, g.Rows[i], row)
		}
	}
}

// TestJSONDistribution checks an uncertain result carries its summary in
// its own unit, a plain one none, and one whose samples are all zero
// (its median no scale to convert by) a summary of zeros.
func TestJSONDistribution(t *testing.T) {
	f := file(t, "d.napkin", "lat = 10 ms..1000 ms\nping = 5 ms\nnone = normal(0 s, 1 s) * 0")
	var buf bytes.Buffer
	if err := LinesJSON(&buf, f); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Name         string
		Value        float64
		Unit         string
		Distribution *struct{ Samples, P50, P5, P95 float64 }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	a, b, c := got[0], got[1], got[2]
	if a.Unit != "ms" || a.Distribution == nil || a.Distribution.P50 != a.Value || a.Distribution.P5 < 9 || a.Distribution.P95 > 1100 {
		t.Errorf("a: %+v %+v", a, a.Distribution)
	}
	if b.Distribution != nil {
		t.Errorf("b, a plain value, has a distribution: %+v", b.Distribution)
	}
	if c.Distribution == nil || c.Distribution.Samples != 10000 || c.Distribution.P95 != 0 {
		t.Errorf("c: %+v", c.Distribution)
	}
}
