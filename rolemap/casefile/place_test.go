package casefile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// TestPoolErrorsPlaced: an error of a pool given in a case file is at its
// line and column in the case file (columns in code points), through the
// pool's offset, and still unwraps to the *rolemap.FieldError.
func TestPoolErrorsPlaced(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want diag.Range
		path string
	}{
		{"after a multi-byte description", "{\"description\": \"日本語\", \"pool\": {\"IdentityPoolId\": \"us-east-1:00000000-0000-0000-0000-000000000000\",\n \"Roles\": {\"authenticated\": 5}},\n \"cases\": [{\"name\": \"a\", \"login\": \"x\", \"want\": {\"role\": \"r\"}}]}",
			diag.Range{Line: 2, Column: 12}, `Roles["authenticated"]`},
		{"on the pool's first line", "{\"pool\": {\"é\": 1, \"Roles\": []}, \"cases\": [{\"name\": \"a\", \"login\": \"x\", \"want\": {\"role\": \"r\"}}]}",
			diag.Range{Line: 1, Column: 19}, `Roles`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casefile.ParseFile([]byte(tt.doc))
			var ce *casefile.Error
			if !errors.As(err, &ce) {
				t.Fatalf("ParseFile: %v; want a *casefile.Error", err)
			}
			if diff := cmp.Diff(tt.want, ce.Range); diff != "" {
				t.Errorf("Range (-want +got):\n%s", diff)
			}
			if got := ce.Path.String(); got != tt.path {
				t.Errorf("Path = %s, want %s", got, tt.path)
			}
			var fe *rolemap.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, rolemap.ErrInvalidValue) {
				t.Errorf("errors.As/Is lost the *rolemap.FieldError: %v", err)
			}
		})
	}
}

// TestViolationsPlaced: Check lists an embedded pool's violations each at
// its place in the case file.
func TestViolationsPlaced(t *testing.T) {
	doc := "{\"description\": \"ü\", \"pool\": {\"IdentityPoolId\": \"us-east-1:00000000-0000-0000-0000-000000000000\",\n  \"Roles\": {\"authenticated\": \"x\"}},\n \"cases\": [{\"name\": \"a\", \"login\": \"x\", \"want\": {\"role\": \"r\"}}]}"
	f, err := casefile.ParseFile([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	r := casefile.Check(f, "c.json")
	var failure string
	for _, res := range r.Results {
		failure += res.Failure
	}
	if want := "\n\tc.json:2:13: Roles[\"authenticated\"]: length 1"; !strings.Contains(failure, want) {
		t.Errorf("failure %q lacks %q", failure, want)
	}
}
