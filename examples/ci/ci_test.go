package ci_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// command is one rolemap command line of a sample, with the exit status it
// must have on this folder's files.
type command struct {
	from string // the sample and its line
	args []string
}

// TestSamples runs every rolemap command of the workflow, the hooks and
// the repository's own pre-commit hooks in
// a copy of this folder with the base branch's pool in base/, as the
// workflow's diff step makes it, and checks each exits 0: the tests pass,
// no pool is refused, the SARIF upload never fails the build, and an
// unchanged pool has no diff.
func TestSamples(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(t.TempDir(), "rolemap")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/rolemapping/rolemapping/rolemap/cmd/rolemap").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if err := os.CopyFS(dir, os.DirFS(".")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "base", "pools"), 0o755); err != nil {
		t.Fatal(err)
	}
	pool, err := os.ReadFile(filepath.Join("pools", "prod.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "base", "pools", "prod.json"), pool, 0o644); err != nil {
		t.Fatal(err)
	}
	commands := append(workflowCommands(t, filepath.Join(".github", "workflows", "rolemap.yml")),
		hookCommands(t, dir, ".pre-commit-config.yaml")...)
	// The hooks this repository provides (its root .pre-commit-hooks.yaml),
	// run on this folder as pre-commit runs them in a user's repository.
	commands = append(commands, hookCommands(t, dir, filepath.Join("..", "..", ".pre-commit-hooks.yaml"))...)
	// The repository's GitHub Action, with the inputs a user of this
	// folder gives it.
	commands = append(commands, actionCommands(t, filepath.Join("..", "..", ".github", "actions", "rolemap", "action.yml"), map[string]string{
		"lint": "cdk.out/*.template.json pools/prod.json",
		"test": "tests",
		"diff": "base/pools/prod.json pools/prod.json",
	})...)
	if len(commands) < 12 {
		t.Fatalf("found %d rolemap commands in the samples, want the workflow's five, the hooks' four and the action's three", len(commands))
	}
	for _, c := range commands {
		t.Run(c.from, func(t *testing.T) {
			var args []string
			for _, a := range c.args {
				if strings.Contains(a, "*") {
					matches, _ := filepath.Glob(filepath.Join(dir, a))
					if len(matches) == 0 {
						t.Fatalf("%s matches no file", a)
					}
					for _, m := range matches {
						rel, _ := filepath.Rel(dir, m)
						args = append(args, rel)
					}
					continue
				}
				args = append(args, a)
			}
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("rolemap %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		})
	}
}

// workflowCommands finds the rolemap command lines of the workflow's run
// steps, up to a redirection or ||.
func workflowCommands(t *testing.T, path string) []command {
	t.Helper()
	var out []command
	for i, line := range lines(t, path) {
		s := strings.TrimSpace(line)
		s = strings.TrimPrefix(s, "run: ")
		if !strings.HasPrefix(s, "rolemap ") {
			continue
		}
		if j := regexp.MustCompile(` (>|\|\||;|&&) `).FindStringIndex(s); j != nil {
			s = s[:j[0]]
		}
		out = append(out, command{from: filepath.Base(path) + ":" + strconv.Itoa(i+1), args: strings.Fields(s)[1:]})
	}
	return out
}

// actionCommands builds the action's command line for each command of its
// case statement ("lint) rolemap lint …;;"), its inputs' environment
// variables replaced by the action's defaults and args[command] for
// $ROLEMAP_ARGS.
func actionCommands(t *testing.T, path string, args map[string]string) []command {
	t.Helper()
	defaults := map[string]string{}
	var input string
	var out []command
	caseLine := regexp.MustCompile(`^(\w+)\) (rolemap .*) ;;$`)
	for i, line := range lines(t, path) {
		s := strings.TrimSpace(line)
		switch {
		case strings.HasSuffix(s, ":") && strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   "):
			input = strings.TrimSuffix(s, ":")
		case strings.HasPrefix(s, "default: ") && input != "":
			defaults[input] = strings.Trim(strings.TrimPrefix(s, "default: "), `"`)
		}
		m := caseLine.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		cmdline := strings.NewReplacer(`"$ROLEMAP_FAIL_ON"`, defaults["fail-on"], "$ROLEMAP_ARGS", args[m[1]]).Replace(m[2])
		if strings.Contains(cmdline, "$") {
			t.Fatalf("%s:%d: an input the test does not know: %s", path, i+1, cmdline)
		}
		out = append(out, command{from: "action.yml:" + strconv.Itoa(i+1), args: strings.Fields(cmdline)[1:]})
	}
	if len(out) != len(args) {
		t.Fatalf("%s: found %d commands, want one for each of %d", path, len(out), len(args))
	}
	return out
}

// hookCommands builds each hook's command line as pre-commit does: its
// entry, and unless pass_filenames is false the files its pattern matches.
func hookCommands(t *testing.T, dir, path string) []command {
	t.Helper()
	var out []command
	var cur *command
	var pattern string
	pass := true
	flush := func() {
		if cur == nil {
			return
		}
		if pass {
			re := regexp.MustCompile(pattern)
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				rel, _ := filepath.Rel(dir, p)
				if err == nil && !d.IsDir() && re.MatchString(filepath.ToSlash(rel)) && !strings.HasPrefix(rel, "base") {
					cur.args = append(cur.args, rel)
				}
				return nil
			})
		}
		if pass && len(cur.args) < 2 {
			t.Errorf("%s: the hook's files pattern %q matches no file", cur.from, pattern)
		}
		out = append(out, *cur)
		cur, pattern, pass = nil, "", true
	}
	for i, line := range lines(t, path) {
		s := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(s, "- id: "):
			flush()
			cur = &command{from: path + ":" + strconv.Itoa(i+1)}
		case strings.HasPrefix(s, "entry: rolemap ") && cur != nil:
			cur.args = strings.Fields(strings.TrimPrefix(s, "entry: rolemap "))
		case strings.HasPrefix(s, "entry: .ci/rolemap-hook ") && cur != nil:
			// The repository's own hooks run rolemap through the script
			// that builds it (TestHookScript runs the script itself).
			cur.args = strings.Fields(strings.TrimPrefix(s, "entry: .ci/rolemap-hook "))
		case strings.HasPrefix(s, "files: "):
			pattern = strings.TrimPrefix(s, "files: ")
		case s == "pass_filenames: false":
			pass = false
		}
	}
	flush()
	return out
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// TestHookScript runs the entry script of the repository's pre-commit
// hooks as pre-commit does (from the user's repository, with the hook's
// arguments): it builds rolemap from this checkout and runs it.
func TestHookScript(t *testing.T) {
	script, err := filepath.Abs(filepath.Join("..", "..", ".ci", "rolemap-hook"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(script, "lint", "--fail-on", "error", filepath.Join("pools", "prod.json"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s lint: %v\n%s", script, err, out)
	}
	if !strings.Contains(string(out), "in 1 file") {
		t.Errorf("%s lint printed %q, want lint's summary", script, out)
	}
}
