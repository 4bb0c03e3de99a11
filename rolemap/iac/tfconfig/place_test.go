package tfconfig

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/validate"
)

// TestLintPlacesLongKeys: in Terraform configuration, a finding about a
// role mapping whose key is too long to print whole (a printed path
// shortens a key over 512 bytes) is placed at its role_mapping block, not
// at the resource around it, as it would be if its printed path were read
// back.
func TestLintPlacesLongKeys(t *testing.T) {
	long := "accounts.example.com/" + strings.Repeat("é", 600) // 1221 bytes: printed clipped
	dir := write(t, map[string]string{"main.tf": `resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = "p"
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { authenticated = "arn:aws:iam::111122223333:role/A" }
  role_mapping {
    identity_provider         = "accounts.google.com"
    type                      = "Token"
    ambiguous_role_resolution = "Deny"
  }
  role_mapping {
    identity_provider         = "` + long + `"
    type                      = "Token"
    ambiguous_role_resolution = "Deny"
  }
}
`})
	ld := &input.Loader{}
	l, err := ld.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]diag.Range{}
	for _, f := range l.Lint("main") {
		if len(f.Path) > 1 && f.Path[0].Name == "RoleMappings" && f.Path[1].Name == long {
			got[f.Code] = f.Range
		}
	}
	file := filepath.ToSlash(filepath.Join(dir, "main.tf"))
	want := map[string]diag.Range{validate.CodeInvalidValue: {File: file, Line: 12, Column: 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}
}
