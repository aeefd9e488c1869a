package examples

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/napkin-calc/napkin/estimate"
	"github.com/napkin-calc/napkin/estimate/present"
	"github.com/rogpeppe/go-internal/diff"
)

func TestRead(t *testing.T) {
	a, ok := Read("pastebin")
	b, ok2 := Read("pastebin.napkin")
	if !ok || !ok2 || a != b || a == "" {
		t.Fatalf("Read(pastebin) and Read(pastebin.napkin) should return the same file")
	}
	for _, bad := range []string{"", "nope", "../examples/pastebin", "testdata/pastebin", ".napkin"} {
		if _, ok := Read(bad); ok {
			t.Errorf("Read(%q) found an example", bad)
		}
	}
}

func TestList(t *testing.T) {
	list := List()
	if len(list) < 8 {
		t.Fatalf("List() has %d examples, want the primer's 8", len(list))
	}
	for i, e := range list {
		if i > 0 && list[i-1].Name >= e.Name {
			t.Errorf("List() not sorted at %s", e.Name)
		}
		if e.Title == "" || e.Title[0] == '#' {
			t.Errorf("%s: title %q", e.Name, e.Title)
		}
	}
}

func TestTitle(t *testing.T) {
	for in, want := range map[string]string{
		"# Pastebin: pastes\n#\nunit paste": "Pastebin: pastes",
		"#Short\n":                          "Short",
		"unit paste\n# not a title":         "",
		"":                                  "",
	} {
		if got := title(in); got != want {
			t.Errorf("title(%q) = %q, want %q", in, got, want)
		}
	}
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden runs each example through the engine and renders it as
// napkin run's table, comparing with testdata/NAME.golden. Every
// assertion must hold.
func TestGolden(t *testing.T) {
	for _, e := range List() {
		t.Run(e.Name, func(t *testing.T) {
			src, _ := Read(e.Name)
			res, err := estimate.NewSession().Run(src)
			if err != nil {
				t.Fatalf("%s.napkin: %v", e.Name, err)
			}
			f := present.File{Name: e.Name + ".napkin", Source: src, Results: res}
			if f.Failed() {
				var b bytes.Buffer
				present.Errors(&b, f)
				t.Fatalf("assertions fail:\n%s", b.String())
			}
			var got bytes.Buffer
			if err := present.Run(&got, present.Table, []present.File{f}, false); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", e.Name+".golden")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v\nto create it: go test ./examples -run TestGolden -update", err)
			}
			if got.String() != string(want) {
				t.Errorf("%s differs:\n%s\nif the new output is right: go test ./examples -run TestGolden -update",
					golden, diff.Diff(golden, want, "got", got.Bytes()))
			}
		})
	}
}
