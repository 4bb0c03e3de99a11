package cfnyaml_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/validate"
)

// TestLintPlacesLongKeys: in a YAML template, a finding under a key too
// long to print whole (a printed path shortens a key over 512 bytes) is
// placed at its member, not at the mapping around it, as it would be if
// its printed path were read back; and so is an import error under it.
func TestLintPlacesLongKeys(t *testing.T) {
	long := "accounts.example.com/" + strings.Repeat("é", 600) // 1221 bytes: printed clipped
	template := `Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
  Attach:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        authenticated: arn:aws:iam::111122223333:role/A
      RoleMappings:
        "` + long + `":
          Type: Rules
          AmbiguousRoleResolution: Deny
          RulesConfiguration:
            Rules:
              - Claim: sub
                MatchType: Equals
                Value: x
                RoleARN: arn:aws:iam::111122223333:role/B
`
	ld := &input.Loader{Files: map[string][]byte{"template.yaml": []byte(template)}}
	l, err := ld.Load("template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]diag.Range{}
	for _, f := range l.Lint("template.yaml") {
		if len(f.Path) > 0 && f.Path[0].Name == "RoleMappings" {
			got[f.Code] = f.Range
		}
	}
	// The key's violation (too long) at the key: line 13, column 9.
	want := map[string]diag.Range{validate.CodeInvalidValue: {File: "template.yaml", Line: 13, Column: 9}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}

	// An import error under the key: at the rule's member, line 18.
	bad := strings.Replace(template, "Claim: sub", "Claim: !GetAtt Nowhere.Arn", 1)
	ld = &input.Loader{Files: map[string][]byte{"bad.yaml": []byte(bad)}}
	_, err = ld.Load("bad.yaml")
	if err == nil || !strings.Contains(err.Error(), "bad.yaml:18:") {
		t.Errorf("import error %v, want it at bad.yaml:18", err)
	}
}
