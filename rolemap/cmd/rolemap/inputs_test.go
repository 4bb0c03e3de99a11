package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWalkInputsLinks: a folder's walk reads the regular files and skips
// a symbolic link (to a pool document, or to a device), saying why.
func TestWalkInputsLinks(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pool.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"link.json": abs, "zero.json": "/dev/zero"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip(err)
		}
	}
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, raw: &bytes.Buffer{}}
	found, skipped, err := walkInputs(e, dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, "pool.json")}, found); diff != "" {
		t.Errorf("found (-want +got):\n%s", diff)
	}
	var names []string
	for _, s := range skipped {
		names = append(names, filepath.Base(s.path))
	}
	if diff := cmp.Diff([]string{"link.json", "zero.json"}, names); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}
