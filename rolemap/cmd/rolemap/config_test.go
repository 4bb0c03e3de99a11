package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFindConfig: the config is the .rolemap.json nearest the folder, up
// to the first folder holding .git (a folder, or a worktree's file), and
// no further.
func TestFindConfig(t *testing.T) {
	root := t.TempDir()
	mk := func(rel string) string {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mk(".rolemap.json")                  // above the repository: never found
	mk("repo/.git")                      // a worktree's .git is a file
	inRepo := mk("repo/.rolemap.json")   // the repository root's
	nearer := mk("repo/a/.rolemap.json") // nearer still
	mk("repo/a/b/c/x")                   // a/b/c
	mk("other/.git/HEAD")                // a repository without a config
	mk("other/d/x")                      // other/d
	if err := os.Mkdir(filepath.Join(root, "repo", "a", "b", ".rolemap.json"), 0o755); err != nil {
		t.Fatal(err) // a folder of that name is not a config
	}
	for _, tc := range []struct{ dir, want string }{
		{"repo/a/b/c", nearer},
		{"repo/a", nearer},
		{"repo", inRepo},
		{"other/d", ""},
		{"", filepath.Join(root, ".rolemap.json")},
	} {
		if diff := cmp.Diff(tc.want, findConfig(filepath.Join(root, filepath.FromSlash(tc.dir)))); diff != "" {
			t.Errorf("findConfig(%s) (-want +got):\n%s", tc.dir, diff)
		}
	}
}
