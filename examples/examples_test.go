package examples

import "testing"

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
