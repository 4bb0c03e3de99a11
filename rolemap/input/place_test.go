package input_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/validate"
)

// longKeyTemplate is a CloudFormation template whose role mapping's key is
// too long to print whole (a path shortens a key over 512 bytes), on line
// 9 column 9, inside RoleMappings (line 7, column 5).
func longKeyTemplate(key string) []byte {
	return []byte(`{"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {
    "AllowUnauthenticatedIdentities": false}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
    "IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": "arn:aws:iam::111122223333:role/A"},
    "RoleMappings":
      {
        "` + key + `": {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
          "RulesConfiguration": {"Rules": [{"Claim": "sub", "MatchType": "Equals", "Value": "x", "RoleARN": "arn:aws:iam::111122223333:role/B"}]}}}}}}}`)
}

// TestLintPlacesLongKeysInTemplate: a finding under a key too long to
// print whole is placed at its member in the template, not at the object
// around it, as it would be if its printed path were read back.
func TestLintPlacesLongKeysInTemplate(t *testing.T) {
	long := "accounts.example.com/" + strings.Repeat("é", 600) // 1221 bytes: printed clipped
	ld := &input.Loader{Files: map[string][]byte{"template.json": longKeyTemplate(long)}}
	l, err := ld.Load("template.json")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]diag.Range{}
	for _, f := range l.Lint("template.json") {
		if f.Path.String() != "" && f.Path[0].Name == "RoleMappings" {
			got[f.Code] = f.Range
		}
	}
	// The key's violation (too long) at the key: line 9, column 9.
	want := map[string]diag.Range{validate.CodeInvalidValue: {File: "template.json", Line: 9, Column: 9}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}

	// The template's path of the key's member, followed step by step.
	origin, ok := l.OriginPath("Pool", diag.Root("RoleMappings").Key(long).Member("RulesConfiguration").Member("Rules").Index(0).Member("Value"))
	if !ok {
		t.Fatal("no origin")
	}
	if r := l.Places([]diag.Path{origin})[0]; r.Line != 10 {
		t.Errorf("the rule's Value at %v, want line 10", r)
	}
}
