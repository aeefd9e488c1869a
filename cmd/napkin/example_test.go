package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/napkin-calc/napkin/examples"
)

const examplesDir = "../../examples"

// TestExampleGolden runs each example as 'napkin example run NAME' and
// compares the table with examples/testdata/NAME.golden, which the
// examples package's own TestGolden writes: the command prints what the
// presentation layer renders, byte for byte.
func TestExampleGolden(t *testing.T) {
	for _, e := range examples.List() {
		t.Run(e.Name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"example", "run", e.Name}, strings.NewReader(""), &stdout, &stderr)
			if code != exitOK || stderr.Len() > 0 {
				t.Fatalf("napkin example run %s: exit %d, stderr:\n%s", e.Name, code, stderr.String())
			}
			golden := filepath.Join(examplesDir, "testdata", e.Name+".golden")
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v\nto create it: go test ./examples -run TestGolden -update", err)
			}
			if got := stdout.String(); got != string(want) {
				t.Errorf("napkin example run %s differs from %s:\n%s\nif the new output is right: go test ./examples -run TestGolden -update",
					e.Name, golden, diff.Diff(golden, want, "got", stdout.Bytes()))
			}
		})
	}
}

// TestExamplesCheck runs 'napkin check examples/', as CI does: every
// assertion of every example, and of the design document beside them,
// must hold, and every answer written in them.
func TestExamplesCheck(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"check", examplesDir}, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("napkin check examples/: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	m := regexp.MustCompile(`^checked (\d+) files: (\d+) assertions passed, 0 failed\n$`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("unexpected summary: %q", stdout.String())
	}
	docs, _ := filepath.Glob(filepath.Join(examplesDir, "*.md"))
	if files, _ := strconv.Atoi(m[1]); files != len(examples.List())+len(docs) || files < 8 {
		t.Errorf("checked %d files, want all %d examples (at least 8) and %d documents", files, len(examples.List()), len(docs))
	}
	if passed, _ := strconv.Atoi(m[2]); passed == 0 {
		t.Errorf("no assertions passed: %q", stdout.String())
	}
}

// TestExamplesEmbedded checks the binary embeds exactly the example files
// on disk, byte for byte, and that each has a title and asserts something.
func TestExamplesEmbedded(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(examplesDir, "*.napkin"))
	if err != nil {
		t.Fatal(err)
	}
	var onDisk []string
	for _, p := range paths {
		onDisk = append(onDisk, strings.TrimSuffix(filepath.Base(p), ".napkin"))
	}
	if embedded := examples.Names(); !slices.Equal(embedded, onDisk) {
		t.Fatalf("embedded examples %v, on disk %v", embedded, onDisk)
	}
	for _, e := range examples.List() {
		data, err := os.ReadFile(filepath.Join(examplesDir, e.Name+".napkin"))
		if err != nil {
			t.Fatal(err)
		}
		text, ok := examples.Read(e.Name)
		if !ok || text != string(data) {
			t.Errorf("%s: embedded text differs from the file", e.Name)
		}
		if e.Title == "" {
			t.Errorf("%s: no title: the first line should be a comment", e.Name)
		}
		if !strings.Contains(text, "\nassert ") {
			t.Errorf("%s: asserts nothing", e.Name)
		}
	}
	for _, want := range []string{"pastebin", "twitter", "web_crawler", "mint", "social_graph", "query_cache", "sales_rank", "scaling_aws"} {
		if !slices.Contains(onDisk, want) {
			t.Errorf("missing example %s.napkin", want)
		}
	}
}
