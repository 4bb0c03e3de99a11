package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// Naming the made-up values a finding holds compares each finding with
// each placeholder: on a template of 400 rules, each choosing a role of its
// own (800 placeholders) and each unreachable (399 findings), the
// comparisons stop at the budget and the rest are counted, not made —
// the work stays within the budget however large the template.
func TestMentionBudget(t *testing.T) {
	var rules, roles []string
	for i := range 400 {
		rules = append(rules, fmt.Sprintf(`{"Claim": "hd", "MatchType": "Equals", "Value": "x", "RoleARN": {"Fn::GetAtt": ["Role%d", "Arn"]}}`, i))
		roles = append(roles, fmt.Sprintf(`"Role%d": {"Type": "AWS::IAM::Role", "Properties": {}}`, i))
	}
	template := `{"Resources": {` + strings.Join(roles, ",") + `,
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false, "SupportedLoginProviders": {"accounts.google.com": "c"}}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": {"Fn::GetAtt": ["Role0", "Arn"]}},
    "RoleMappings": {"g": {"IdentityProvider": "accounts.google.com", "Type": "Rules", "AmbiguousRoleResolution": "Deny",
      "RulesConfiguration": {"Rules": [` + strings.Join(rules, ",") + `]}}}}}}}`
	path := filepath.Join(t.TempDir(), "many.template.json")
	if err := os.WriteFile(path, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	run([]string{"lint", "--max-rules", "400", "--format", "json", path}, strings.NewReader(""), &stdout, &stderr)
	if n := strings.Count(stdout.String(), `"code": "unreachable-rule"`); n < 399 {
		t.Fatalf("%d unreachable-rule findings, want 399:\n%.2000s\n%s", n, stdout.String(), stderr.String())
	}
	res, err := iac.CloudFormation([]byte(template))
	if err != nil {
		t.Fatal(err)
	}
	per := len(res.Placeholders) + len(res.Inferred)
	want := fmt.Sprintf("%d findings not checked for made-up values", 399-mentionBudget/per)
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q; want %q (%d placeholders each)", stderr.String(), want, per)
	}
}
