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

// readmeSections are the README sections whose console blocks
// TestReadmeSessions runs, with the sessions each must hold at least.
var readmeSections = []struct {
	title string
	min   int
}{
	{"Without Go", 4}, // test, lint, explain and diff
	{"Which role does alice in groups admin and dev get — and will AWS hand it out?", 3},
	{"Who can obtain each role — by every path?", 1},
}

// TestReadmeSessions runs each "$ rolemap …" line of the console blocks
// of the README's sections from the repository's root and compares what
// it prints with the lines the README shows after it.
func TestReadmeSessions(t *testing.T) {
	root := filepath.Join("..", "..")
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	type session struct {
		cmd  string
		want []string
	}
	var sessions []session
	for _, sec := range readmeSections {
		_, section, ok := strings.Cut(string(data), "\n## "+sec.title+"\n")
		if !ok {
			t.Fatalf("README.md has no %q section", "## "+sec.title)
		}
		section, _, _ = strings.Cut(section, "\n## ")
		n := 0
		for {
			_, rest, ok := strings.Cut(section, "```console\n")
			if !ok {
				break
			}
			block, after, _ := strings.Cut(rest, "```")
			section = after
			for _, line := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
				if cmd, ok := strings.CutPrefix(line, "$ "); ok {
					sessions = append(sessions, session{cmd: cmd})
					n++
				} else if len(sessions) > 0 {
					sessions[len(sessions)-1].want = append(sessions[len(sessions)-1].want, line)
				}
			}
		}
		if n < sec.min {
			t.Fatalf("%q: found %d sessions, want at least %d", sec.title, n, sec.min)
		}
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
		cmd.Run() // lint and explain exit 1 on a finding or a refusal; the output says so
		got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		if diff := cmp.Diff(s.want, got); diff != "" {
			t.Errorf("$ %s (-README +got):\n%s", s.cmd, diff)
		}
	}
}
