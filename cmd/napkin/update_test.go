package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestUpdateLoopAndRace: update walks a directory with a link back up it
// without hanging, and two updates of one file at once leave it whole:
// the last rename wins, and no temporary file is left behind.
func TestUpdateLoopAndRace(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "d")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(sub, "up")); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	path := filepath.Join(sub, "a.napkin")
	src := "writes = 10 million per month\nstorage = writes * 1.271 kB * 3 years\n"
	want := "writes = 10 million per month  #= 10 million /mo\nstorage = writes * 1.271 kB * 3 years  #= 457.6 GB\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := napkin(t, "", "update", dir); code != exitOK {
		t.Fatalf("update %s: exit %d: %s", dir, code, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != want {
		t.Fatalf("after update:\n%s", got)
	}
	for range 5 {
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				napkin(t, "", "update", path)
			}()
		}
		wg.Wait()
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Fatalf("after two updates at once:\n%s", got)
		}
	}
	entries, _ := os.ReadDir(sub)
	for _, e := range entries {
		if e.Name() != "a.napkin" && e.Name() != "up" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestUpdateTooBig: a file over the input limit is refused and left as it was.
func TestUpdateTooBig(t *testing.T) {
	path := bigFile(t)
	_, errOut, code := napkin(t, "", "update", path)
	if code == exitOK || !strings.Contains(errOut, "larger than napkin's limit of 10 MB") {
		t.Errorf("update big file: exit %d, stderr %q", code, errOut)
	}
	if st, err := os.Stat(path); err != nil || st.Size() != maxInput+1 {
		t.Errorf("the file changed: %v %v", st, err)
	}
}
