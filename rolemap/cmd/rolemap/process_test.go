package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProcess builds the rolemap binary and runs it as a user's shell or
// CI would: exit statuses, standard input, and errors naming the file.
func TestProcess(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "rolemap")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	pool, err := os.ReadFile(filepath.Join("testdata", "pool.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  []byte
		status int
		stdout string // a regular expression the output must match
		stderr string
	}{
		{"no arguments", nil, nil, 2, `^$`, `Usage:`},
		{"version", []string{"version"}, nil, 0, `^rolemap \S+ \(go1\.\d+`, `^$`},
		{"--version", []string{"--version"}, nil, 0, `^rolemap `, `^$`},
		{"help lint", []string{"help", "lint"}, nil, 0, `(?s)Usage: rolemap lint.*Example:.*-fail-on`, `^$`},
		{"test passes", []string{"test", "testdata/cases"}, nil, 0, `(?m)^ok  \ttestdata/cases/workspace.json\t3 checks$`, `^$`},
		{"test fails", []string{"test", "testdata/failing/wrong-role.json"}, nil, 1, `--- FAIL: testdata/failing/wrong-role.json/outsider gets staff`, `^$`},
		{"lint findings", []string{"lint", "testdata/pool.json"}, nil, 1, `testdata/pool.json:14:21: warning unreachable-rule`, `^$`},
		{"lint below the threshold", []string{"lint", "--fail-on", "error", "testdata/pool.json"}, nil, 0, `2 findings`, `^$`},
		{"lint from stdin", []string{"lint", "-"}, pool, 1, `<stdin>:14:21: warning unreachable-rule`, `^$`},
		{"lint a missing file", []string{"lint", "testdata/no-such.json"}, nil, 2, `^$`, `testdata/no-such.json: no such file`},
		{"lint a syntax error", []string{"lint", "testdata/syntax.json"}, nil, 2, `^$`, `^testdata/syntax.json:3:19: invalid character`},
		{"lint stdin not JSON", []string{"lint", "-"}, []byte("{\n  \"a\": tru\n}"), 2, `^$`, `^<stdin>:2:\d+: invalid character`},
		{"diff exit code", []string{"diff", "--exit-code", "testdata/pool.json", "testdata/pool-new.json"}, nil, 1, `3 changes between`, `^$`},
		{"diff no change", []string{"diff", "--exit-code", "testdata/pool.json", "-"}, pool, 0, `0 changes between testdata/pool.json and <stdin>`, `^$`},
		{"explain granted", []string{"explain", "--pool", "testdata/pool.json", "--claims", "-"}, []byte(`{"iss": "accounts.google.com", "hd": "example.com"}`), 0, `decision: arn:aws:iam::111122223333:role/Staff`, `^$`},
		{"explain denied", []string{"explain", "--pool", "testdata/pool.json", "--claims", "testdata/bob.json"}, nil, 1, `error: NotAuthorizedException`, `^$`},
		{"import", []string{"import", "-q", template}, nil, 0, `"IdentityPoolId": "us-east-1:`, `^$`},
		{"unknown flag", []string{"lint", "--frobnicate", "testdata/pool.json"}, nil, 2, `^$`, `flag provided but not defined: -frobnicate\nRun "rolemap help lint" for usage.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Stdin = bytes.NewReader(tt.stdin)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				status = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", status, tt.status, stdout.String(), stderr.String())
			}
			if !regexp.MustCompile(tt.stdout).Match(stdout.Bytes()) {
				t.Errorf("stdout does not match %q:\n%s", tt.stdout, stdout.String())
			}
			if !regexp.MustCompile(tt.stderr).Match(stderr.Bytes()) {
				t.Errorf("stderr does not match %q:\n%s", tt.stderr, strings.TrimSpace(stderr.String()))
			}
		})
	}
}
