package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// runIn runs the command line in-process and returns its status, standard
// output and standard error.
func runIn(args []string, stdin string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	status := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return status, stdout.String(), stderr.String()
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// badConfig is a config of n entries, each with an unknown member.
func badConfig(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"ignore": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"code": "unreachable-rule", "paht": "x"}`)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// TestConfigBounded: a config's problems are capped at 100 and a count,
// and reading it is linear in its size (bytes allocated, counted).
func TestConfigBounded(t *testing.T) {
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small.json"), filepath.Join(dir, "large.json")
	const n = 1500 // about 64 KB
	if err := os.WriteFile(small, badConfig(n), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, badConfig(4*n), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr string
	costSmall := allocated(func() { _, _, stderr = runIn([]string{"lint", "--config", small, "testdata/pool.json"}, "") })
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 101 || !strings.HasSuffix(lines[100], fmt.Sprintf("… and %d more problems", n-100)) {
		t.Errorf("a config of %d problems printed %d lines, ending %q; want 100 and a count", n, len(lines), lines[len(lines)-1])
	}
	configScanned = 0
	runIn([]string{"lint", "--config", large, "testdata/pool.json"}, "")
	if size := 4 * len(badConfig(n)); configScanned > size+100 {
		t.Errorf("placing a config's problems scanned %d bytes of a %d-byte file, want one pass", configScanned, size)
	}
	costLarge := allocated(func() { runIn([]string{"lint", "--config", large, "testdata/pool.json"}, "") })
	if costLarge > 6*costSmall {
		t.Errorf("4× the config allocated %.1f× the bytes (%d vs %d), want linear (at most 6×)", float64(costLarge)/float64(costSmall), costLarge, costSmall)
	}
}

// TestOutputBounded: no input makes a line of the text output longer than
// a few kilobytes, nor the output grow with statements × request size
// (bytes counted, not time).
func TestOutputBounded(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("x", 256<<10)
	claims := writeJSONFile(t, dir, "claims.json", map[string]any{"sub": "1111", "aud": "StaffApp6C7849DB", "custom:dept": big})
	var statements []any
	for i := range 8 {
		statements = append(statements, map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Federated": "cognito-identity.amazonaws.com"},
			"Action":    []string{"sts:AssumeRoleWithWebIdentity", "sts:TagSession"},
			"Condition": map[string]any{"StringLike": map[string]any{"aws:RequestTag/dept": fmt.Sprintf("team-%d-*", i)}},
		})
	}
	roles := writeJSONFile(t, dir, "roles.json", map[string]any{
		"arn:aws:iam::111122223333:role/StaffIdentitiesAuthenticatedRole73673CCE": map[string]any{
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": statements}},
	})
	// A token's sub becomes an amr value, which each statement's trace
	// line quoted whole.
	subClaims := writeJSONFile(t, dir, "sub.json", map[string]any{"hd": "example.com", "sub": strings.Repeat("s", 60<<10)})
	var amrStatements []any
	for i := range 10 {
		amrStatements = append(amrStatements, map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Federated": "cognito-identity.amazonaws.com"},
			"Action":    "sts:AssumeRoleWithWebIdentity",
			"Condition": map[string]any{"ForAnyValue:StringLike": map[string]any{"cognito-identity.amazonaws.com:amr": fmt.Sprintf("x%d*", i)}},
		})
	}
	amrRoles := writeJSONFile(t, dir, "amr-roles.json", map[string]any{
		"arn:aws:iam::111122223333:role/Staff": map[string]any{
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": amrStatements}},
	})
	caseFile := writeJSONFile(t, dir, "cases.json", map[string]any{"source": map[string]any{"cloudformation": "/dev/null"},
		"cases": []any{map[string]any{"name": big, "want": map[string]any{"role": "x"}}}})
	tests := []struct {
		name  string
		args  []string
		limit int // bytes of stdout and stderr together
	}{
		{"a 1 MiB --bind key", []string{"lint", "--bind", strings.Repeat("k", 1<<20) + "=v", "testdata/broken-template.json"}, 16 << 10},
		{"a 1 MiB --bind value", []string{"lint", "--bind", "NoSuchRole.Arn=" + strings.Repeat("v", 1<<20), "testdata/broken-template.json"}, 16 << 10},
		{"explain, 8 statements × a 256 KB tag", cred("explain", "--pool", credStack, "--login", staffLogin, "--claims", claims, "--roles", roles), 64 << 10},
		{"explain, 10 amr statements × a 60 KB sub", []string{"explain", "--pool", "testdata/pool.json", "--login", "accounts.google.com", "--claims", subClaims, "--roles", amrRoles}, 64 << 10},
		{"a 1 MiB flag value", []string{"lint", "--fail-on", strings.Repeat("x", 1<<20), "testdata/pool.json"}, 16 << 10},
		{"a case name of 256 KB", []string{"test", caseFile}, 16 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stdout, stderr := runIn(tt.args, "")
			t.Logf("%d bytes of output", len(stdout)+len(stderr))
			if n := len(stdout) + len(stderr); n > tt.limit {
				t.Errorf("%d bytes of output, want at most %d; the longest line:\n%.300s…", n, tt.limit, longest(stdout+stderr))
			}
			for _, l := range strings.Split(stdout+stderr, "\n") {
				if len(l) > 4200 {
					t.Errorf("a line of %d bytes: %.200s…", len(l), l)
					break
				}
			}
		})
	}
}

func longest(s string) string {
	var best string
	for _, l := range strings.Split(s, "\n") {
		if len(l) > len(best) {
			best = l
		}
	}
	return best
}

// bigPools are two pools of n rules on long claim values whose long roles
// all change: n large rows of a diff.
func bigPools(t *testing.T, dir string, n int) (string, string) {
	t.Helper()
	pool := func(role string) map[string]any {
		var rules []any
		for i := range n {
			rules = append(rules, map[string]any{"Claim": fmt.Sprintf("custom:c%d", i), "MatchType": "Equals",
				"Value": fmt.Sprintf("%d-%s", i, strings.Repeat("v", 120)), "RoleARN": fmt.Sprintf("arn:aws:iam::111122223333:role/%s%d-%s", role, i, strings.Repeat("r", 1900))})
		}
		return map[string]any{
			"IdentityPoolId": "eu-west-1:4bf8e4ad-0000-4a7c-9d27-8b1a2e4c9f10", "IdentityPoolName": "big", "Roles": map[string]any{},
			"AllowUnauthenticatedIdentities": false,
			"SupportedLoginProviders":        map[string]any{"accounts.google.com": "123456789012-abc.apps.googleusercontent.com"},
			"RoleMappings": map[string]any{"accounts.google.com": map[string]any{"Type": "Rules", "AmbiguousRoleResolution": "Deny",
				"RulesConfiguration": map[string]any{"Rules": rules}}},
		}
	}
	return writeJSONFile(t, dir, "old.json", pool("Old")), writeJSONFile(t, dir, "new.json", pool("New"))
}

// TestMarkdownFitsComment: 100 large changes give a comment within GitHub's
// 65,536 characters, which says how many changes it leaves out and how to
// get them all.
func TestMarkdownFitsComment(t *testing.T) {
	old, new := bigPools(t, t.TempDir(), 100)
	status, stdout, stderr := runIn([]string{"diff", "--max-rules", "100", "--format", "markdown", old, new}, "")
	if status != 0 || stderr != "" {
		t.Fatalf("status %d, stderr:\n%s", status, stderr)
	}
	t.Logf("the comment is %d characters, %d rows", utf8.RuneCountInString(stdout), strings.Count(stdout, "\n| `"))
	if n := utf8.RuneCountInString(stdout); n > 65536 {
		t.Errorf("the comment is %d characters, over GitHub's 65,536", n)
	}
	if !strings.Contains(stdout, "### rolemap diff: 100 changes") || !strings.Contains(stdout, "not shown") || !strings.Contains(stdout, "rolemap diff --format json") {
		t.Errorf("the comment does not say what it leaves out and where the whole list is:\n%.2000s", stdout[max(0, len(stdout)-2000):])
	}
	rows := strings.Count(stdout, "\n| `")
	if rows < 10 {
		t.Errorf("the comment shows %d rows, want as many as fit (at least 10)", rows)
	}
}
