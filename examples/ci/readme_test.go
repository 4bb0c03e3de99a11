package ci_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadmeSessions runs each "$ rolemap …" line of the README's
// "Without Go" section from the repository's root and compares what it
// prints with the lines the README shows after it.
func TestReadmeSessions(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Without Go\n")
	if !ok {
		t.Fatal(`README.md has no "## Without Go" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok := strings.Cut(section, "```console\n")
	if !ok {
		t.Fatal("the section has no console block")
	}
	block, _, _ = strings.Cut(block, "```")
	type session struct {
		cmd  string
		want []string
	}
	var sessions []session
	for _, line := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			sessions = append(sessions, session{cmd: cmd})
		} else if len(sessions) > 0 {
			sessions[len(sessions)-1].want = append(sessions[len(sessions)-1].want, line)
		}
	}
	if len(sessions) < 4 {
		t.Fatalf("found %d sessions, want test, lint, explain and diff", len(sessions))
	}
	bin := filepath.Join(t.TempDir(), "rolemap")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/rolemapping/rolemapping/rolemap/cmd/rolemap").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, s := range sessions {
		args := strings.Fields(s.cmd)
		if args[0] != "rolemap" {
			t.Fatalf("a session runs %q, not rolemap", s.cmd)
		}
		cmd := exec.Command(bin, args[1:]...)
		cmd.Dir = root
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		cmd.Run() // lint exits 1 on its finding; the output says so
		got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		if diff := cmp.Diff(s.want, got); diff != "" {
			t.Errorf("$ %s (-README +got):\n%s", s.cmd, diff)
		}
	}
}
