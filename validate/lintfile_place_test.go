package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

// TestLintFilePlacesLongKeys: a finding about a member under a key too
// long to print whole is placed at the member itself, not at the object
// around the key: its path is placed as steps, never as the clipped text
// it prints as.
func TestLintFilePlacesLongKeys(t *testing.T) {
	long := "accounts.example.com/" + strings.Repeat("é", 600) // 1221 bytes: printed clipped
	doc := []byte("{\"IdentityPoolId\": \"us-east-1:11111111-2222-3333-4444-555555555555\",\n" +
		" \"Roles\": {\"authenticated\": \"arn:aws:iam::111122223333:role/A\"},\n" +
		" \"RoleMappings\": {\n  \"" + long + "\": {\"Type\": \"Rules\", \"AmbiguousRoleResolution\": \"Deny\"}}}")
	p, err := rolemap.ParsePool(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]diag.Range{}
	for _, l := range validate.LintFile("pool.json", doc, []validate.FilePool{{Pool: p, Document: true}}) {
		if strings.HasPrefix(l.Path.String(), "RoleMappings[") {
			got[l.Code] = l.Range
		}
	}
	// The key's violation (too long) at the key, line 4 column 3.
	want := map[string]diag.Range{validate.CodeInvalidValue: {File: "pool.json", Line: 4, Column: 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}
}
