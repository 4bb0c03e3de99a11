package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/validate"
)

// TestAccessExample runs rolemap access on the README's example, the CDK
// app of examples/access: the rule on custom:tier, which the web client
// lets users write (it sets no WriteAttributes), is an escalating
// user-writable-claim, an error; the reports pool's classic flow is
// enabled and exposes reports-export, a role that pool never chooses; and
// anyone can sign up.
func TestAccessExample(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"access", "--format", "json", accessExample}, strings.NewReader(""), &stdout, &stderr)
	var reports []struct {
		IdentityPoolID string `json:"identityPoolId"`
		Roles          []struct {
			ARN string `json:"arn"`
		} `json:"roles"`
		Findings []struct {
			Code, Severity, Path string
		} `json:"findings"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &reports); err != nil {
		t.Fatalf("exit %d, %v:\n%s\n%s", status, err, stdout.Bytes(), stderr.Bytes())
	}
	if status != exitFail {
		t.Errorf("exit status %d, want %d (an error finding)", status, exitFail)
	}
	got := map[string]string{} // code → highest severity
	exportKnown := false
	for _, r := range reports {
		for _, role := range r.Roles {
			exportKnown = exportKnown || strings.HasSuffix(role.ARN, ":role/reports-export")
		}
		for _, f := range r.Findings {
			if got[f.Code] != "error" {
				got[f.Code] = f.Severity
			}
		}
	}
	// The engine alone finds these, from the template's pool and rules.
	for code, sev := range map[string]string{"user-writable-claim": "error", "classic-flow-enabled": "warning"} {
		if got[code] != sev {
			t.Errorf("finding %s: severity %q, want %q\n%s", code, got[code], sev, stdout.Bytes())
		}
	}
	if !exportKnown {
		t.Fatalf("the importer did not keep reports-export, a role only its trust policy ties to the pool:\n%s", stdout.Bytes())
	}
	want := map[string]string{
		"user-writable-claim":       "error",
		"classic-flow-enabled":      "warning",
		"classic-flow-exposes-role": "error",
		"self-signup-grants-role":   "warning",
	}
	for code := range got {
		if _, ok := want[code]; !ok {
			delete(got, code)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s\n%s", diff, stdout.Bytes())
	}
	// The example's case files pin every path of both pools.
	stdout.Reset()
	stderr.Reset()
	if status := run([]string{"test", "../../../examples/access/tests"}, strings.NewReader(""), &stdout, &stderr); status != exitOK {
		t.Errorf("rolemap test examples/access/tests: exit %d\n%s%s", status, stdout.Bytes(), stderr.Bytes())
	}
}

// TestAccessMarkdownHuge: the comment of a huge deployment (ten mappings
// of 100 rules, each granting its own role) stays within GitHub's limit
// and counts the paths it leaves out.
func TestAccessMarkdownHuge(t *testing.T) {
	const arn = "arn:aws:iam::111122223333:role/"
	pool := map[string]any{"IdentityPoolId": "us-east-1:00000000-0000-4000-8000-000000000009", "AllowUnauthenticatedIdentities": true,
		"Roles": map[string]string{"authenticated": arn + "Member", "unauthenticated": arn + "Guest"}}
	var providers []string
	mappings := map[string]any{}
	for m := range 10 {
		host := fmt.Sprintf("sso%d.example.com", m)
		providers = append(providers, "arn:aws:iam::111122223333:oidc-provider/"+host)
		var rules []map[string]string
		for i := range 100 {
			rules = append(rules, map[string]string{"Claim": "dept", "MatchType": "Equals", "Value": fmt.Sprint("d", i),
				"RoleARN": fmt.Sprintf("%s%s-%d-%d", arn, strings.Repeat("x", 40), m, i)})
		}
		mappings[host] = map[string]any{"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
			"RulesConfiguration": map[string]any{"Rules": rules}}
	}
	pool["OpenIdConnectProviderARNs"], pool["RoleMappings"] = providers, mappings
	data, err := json.Marshal(pool)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "huge.json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	status := run([]string{"access", "--max-rules", "100", "--format", "markdown", name}, strings.NewReader(""), &stdout, &stderr)
	if status == exitUsage || stderr.Len() > 0 {
		t.Fatalf("exit %d:\n%s", status, stderr.Bytes())
	}
	n := utf8.RuneCount(stdout.Bytes())
	t.Logf("a comment of %d characters for %d bytes of pool", n, len(data))
	if n > validate.MaxComment {
		t.Errorf("%d characters, over GitHub's limit of %d", n, validate.MaxComment)
	}
	for _, want := range []string{"more paths not shown", "The graph is left out", "- **warning** `guest-access`"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("no %q in the comment", want)
		}
	}
}
