package casefile_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// failingFiles are case files each of whose checks fails: a wrong role, a
// wrong claim, wrong lint findings and unreachable rules (several items
// missing and unexpected), and wrong invalid paths.
var failingFiles = map[string]string{
	"wrong-lint.json": `{
  "pool": {"IdentityPoolId": "us-east-1:1", "SupportedLoginProviders": {"accounts.google.com": "app"},
  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Member"},
  "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
    "RulesConfiguration": {"Rules": [
      {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Staff"},
      {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Other"},
      {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Third"}]}}}},
  "unreachable": ["RoleMappings[\"accounts.google.com\"].RulesConfiguration.Rules[0]", "zzz", "aaa"],
  "findings": ["unreachable-rule somewhere", "b-code x", "a-code y"],
  "cases": [
    {"name": "outsider gets staff", "login": "accounts.google.com", "claims": {"hd": "other.org", "b": ["x", "y"], "a": 1},
     "want": {"role": "arn:aws:iam::111122223333:role/Staff", "claims": {"hd": "x", "a": 2}}}
  ]
}`,
	"wrong-invalid.json": `{
  "pool": {"IdentityPoolId": "us-east-1:1", "Roles": {"authenticated": "not-an-arn", "unauthenticated": "nor-this"}},
  "invalid": ["Roles.guest", "IdentityPoolName", "Roles.authenticated"]
}`,
}

// failureText checks every failing file and returns all its text.
func failureText(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, name := range []string{"wrong-invalid.json", "wrong-lint.json"} {
		r := casefile.CheckFile(filepath.Join(dir, name))
		if r.Err != nil {
			t.Fatalf("%s: %v", name, r.Err)
		}
		for _, res := range r.Results {
			if res.Failure == "" {
				t.Errorf("%s: check %s passed; the file is meant to fail it", name, res.Name)
			}
			b.WriteString(res.Failure + "\n")
		}
	}
	return b.String()
}

// TestFailureTextStable: the failure text of a case file is the same, byte
// for byte, on every check (it had embedded go-cmp's diffs, whose spacing
// go-cmp varies on purpose between runs), and holds none of go-cmp's
// markers.
func TestFailureTextStable(t *testing.T) {
	dir := t.TempDir()
	for name, text := range failingFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first := failureText(t, dir)
	for range 20 {
		if again := failureText(t, dir); again != first {
			t.Fatalf("the failure text changed between checks:\n%q\nthen\n%q", first, again)
		}
	}
	markers := regexp.MustCompile("(?m)\u00a0|\\(-want \\+got\\)|\\(-untraced \\+traced\\)|^\\s*[-+][ \t]|\\[\\]string\\{")
	if m := markers.FindString(first); m != "" {
		t.Errorf("the failure text holds go-cmp's marker %q:\n%s", m, first)
	}
	for _, want := range []string{`want, not got: "aaa"`, `got, not wanted: "RoleMappings[\"accounts.google.com\"].RulesConfiguration.Rules[1]"`,
		`want, not got: "a-code y"`, `want claim a = 2`, `want, not got: "Roles.guest"`} {
		if !strings.Contains(first, want) {
			t.Errorf("the failure text lacks %q:\n%s", want, first)
		}
	}
}
