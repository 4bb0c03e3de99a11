package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostile is text an input can carry that a terminal or a CI log acts on:
// an ANSI colour, an OSC title sequence, and lines GitHub Actions reads as
// workflow commands.
const hostile = "\x1b[31mred\x1b]0;title\x07\n::error::pwned\n  ::add-mask::secret"

// checkSafe fails when out holds an escape character, a BEL, or a line
// that starts with "::", and when the hostile text did not reach out at
// all (escaped), so that the test tests the place it names.
func checkSafe(t *testing.T, place, out string) {
	t.Helper()
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Errorf("%s: the output holds a raw control character:\n%q", place, out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
			t.Errorf("%s: the output holds a workflow command line %q", place, l)
		}
	}
	if !strings.Contains(out, `\x1b`) {
		t.Errorf("%s: the hostile text does not reach the output; the test tests nothing:\n%s", place, out)
	}
}

func writeJSONFile(t *testing.T, dir, name string, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTextOutputEscaped: each place issue 27 found printing untrusted
// text raw now escapes it.
func TestTextOutputEscaped(t *testing.T) {
	dir := t.TempDir()
	enc := base64.RawURLEncoding.EncodeToString
	payload, _ := json.Marshal(map[string]any{"iss": "https://evil.example/" + hostile, "sub": "1"})
	tok := enc([]byte(`{"alg":"none"}`)) + "." + enc(payload) + "."

	claims := writeJSONFile(t, dir, "claims.json", map[string]any{"sub": "1111", "aud": "StaffApp6C7849DB", "custom:dept": hostile})
	roles := writeJSONFile(t, dir, "roles.json", map[string]any{
		"arn:aws:iam::111122223333:role/StaffIdentitiesAuthenticatedRole73673CCE": map[string]any{
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
				"Effect": "Allow", "Principal": map[string]any{"Federated": "cognito-identity.amazonaws.com"},
				"Action":    []string{"sts:AssumeRoleWithWebIdentity", "sts:TagSession"},
				"Condition": map[string]any{"StringEquals": map[string]any{"aws:RequestTag/dept": "eng"}},
			}}},
		},
	})
	var pool map[string]any
	data, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &pool); err != nil {
		t.Fatal(err)
	}
	caseFile := writeJSONFile(t, dir, "cases.json", map[string]any{"pool": pool, "cases": []any{
		map[string]any{"name": "case " + hostile, "login": "accounts.google.com", "claims": map[string]any{"hd": "example.com"},
			"want": map[string]any{"role": "arn:aws:iam::111122223333:role/Nope"}},
	}})
	template := writeJSONFile(t, dir, "template.json", map[string]any{
		"Parameters": map[string]any{"Name" + hostile: map[string]any{"Type": "String"}},
		"Resources": map[string]any{
			"Pool": map[string]any{"Type": "AWS::Cognito::IdentityPool", "Properties": map[string]any{
				"AllowUnauthenticatedIdentities": false, "IdentityPoolName": map[string]any{"Ref": "Name" + hostile}}},
			"Attach": map[string]any{"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": map[string]any{
				"IdentityPoolId": map[string]any{"Ref": "Pool"},
				"Roles":          map[string]any{"authenticated": map[string]any{"Ref": "Role" + hostile}}}},
		},
	})

	tests := []struct {
		place string
		args  []string
	}{
		{"explain's login line (a token's iss)", []string{"explain", "--pool", "testdata/pool.json", "--token", tok, "--unverified"}},
		{"explain's tags line and trust trace", cred("explain", "--pool", credStack, "--login", staffLogin, "--claims", claims, "--roles", roles)},
		{"explain's --user notes", cred("explain", "--pool", credStack, "--login", staffLogin, "--groups", "readers,dev"+hostile)},
		{"test's case names", []string{"test", caseFile}},
		{"test's case names, -v", []string{"test", "-v", caseFile}},
		{"an importer error's parameter name", []string{"lint", template}},
		{"a flag's value", []string{"lint", "--fail-on", hostile, "testdata/pool.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.place, func(t *testing.T) {
			_, stdout, stderr := runIn(tt.args, "")
			checkSafe(t, tt.place, stdout+stderr)
		})
	}
}

// TestJUnitEscaped: JUnit XML carries no escape sequence or C1 control,
// raw or as a character reference, from a case's name.
func TestJUnitEscaped(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	var pool map[string]any
	if err := json.Unmarshal(data, &pool); err != nil {
		t.Fatal(err)
	}
	caseFile := writeJSONFile(t, dir, "cases.json", map[string]any{"pool": pool, "cases": []any{
		map[string]any{"name": "case " + hostile + "\u009b31m", "login": "accounts.google.com", "claims": map[string]any{"hd": "example.com"},
			"want": map[string]any{"role": "arn:aws:iam::111122223333:role/Nope"}},
	}})
	_, stdout, _ := runIn([]string{"test", "--format", "junit", caseFile}, "")
	for _, bad := range []string{"\x1b", "\u009b", "&#x1B;", "&#x9B;", "&#27;", "&#155;"} {
		if strings.Contains(stdout, bad) {
			t.Errorf("the JUnit report holds %q:\n%s", bad, stdout)
		}
	}
	if !strings.Contains(stdout, `\x1b`) {
		t.Errorf("the case's name does not reach the report:\n%s", stdout)
	}
}
