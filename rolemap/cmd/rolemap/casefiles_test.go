package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTestFolderSkips: rolemap test in a project folder checks its case
// files and neither walks dependency, build and hidden folders nor fails
// on JSON files that are not case files; -v says what it skipped.
func TestTestFolderSkips(t *testing.T) {
	dir := t.TempDir()
	pool, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "pools", "workspace.json"), `{"pool": `+string(pool)+`, "cases": [
		{"name": "staff", "login": "accounts.google.com", "claims": {"hd": "example.com"}, "want": {"role": "arn:aws:iam::111122223333:role/Staff"}}]}`)
	writeFile(t, filepath.Join(dir, "package.json"), `{"name": "app", "version": "1.0.0"}`)
	writeFile(t, filepath.Join(dir, "list.json"), `[1, 2]`)
	for _, skip := range []string{"node_modules/aws-cdk-lib/package.json", "node_modules/x/broken.json", "cdk.out/Auth.template.json", "vendor/x.json", ".git/x.json", ".terraform/x.json"} {
		writeFile(t, filepath.Join(dir, skip), `{"cases": [`) // each would fail if read
	}
	status, stdout, stderr := runIn([]string{"test", dir}, "")
	if status != exitOK || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, "ok  \t"+filepath.Join(dir, "pools", "workspace.json")) || stderr != "" {
		t.Errorf("rolemap test %s: status %d, stdout:\n%s\nstderr:\n%s", dir, status, stdout, stderr)
	}
	status, _, stderr = runIn([]string{"test", "-v", dir}, "")
	for _, want := range []string{"node_modules: a folder of dependencies", "cdk.out: a folder of build output", "vendor: a folder of dependencies",
		".git: a hidden folder", ".terraform: a hidden folder", "package.json: no case file member", "list.json: JSON that is not an object"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("rolemap test -v: stderr does not say %q:\n%s", want, stderr)
		}
	}
	if status != exitOK {
		t.Errorf("rolemap test -v: status %d", status)
	}
}

// TestCaseFileAbsoluteSource: an absolute source path is read as it is,
// not joined to the case file's folder.
func TestCaseFileAbsoluteSource(t *testing.T) {
	abs, err := filepath.Abs(template)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "cases.json")
	writeFile(t, path, `{"source": {"cloudformation": "`+filepath.ToSlash(abs)+`"}, "bindings": {"AWS::AccountId": "111122223333"}, "cases": [
		{"name": "staff", "login": "accounts.google.com", "claims": {"hd": "example.com"}, "want": {"role": "arn:aws:iam::111122223333:role/StaffRoleACC3B8F8"}}]}`)
	status, stdout, stderr := runIn([]string{"test", path}, "")
	if status != exitOK {
		t.Errorf("status %d, stdout:\n%s\nstderr:\n%s", status, stdout, stderr)
	}
}

// TestCaseFileNoChecks: a case file that checks nothing is an error, not
// "ok … 0 checks".
func TestCaseFileNoChecks(t *testing.T) {
	pool, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		"empty-cases.json": `{"pool": ` + string(pool) + `, "cases": []}`,
		"no-cases.json":    `{"pool": ` + string(pool) + `}`,
	} {
		path := filepath.Join(dir, name)
		writeFile(t, path, data)
		status, stdout, _ := runIn([]string{"test", path}, "")
		if status != exitUsage || !strings.Contains(stdout, "no checks: give cases") {
			t.Errorf("%s: status %d, stdout:\n%s", name, status, stdout)
		}
	}
}
