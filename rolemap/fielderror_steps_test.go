package rolemap_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// TestFieldErrorSteps: every violation carries its path as steps, which
// print as its Path, and converts to a diagnostic of its kind.
func TestFieldErrorSteps(t *testing.T) {
	long := strings.Repeat("k", 2000)
	docs := []string{
		`{"IdentityPoolId": "x", "Roles": {"bad key": "", "authenticated": "arn:aws:iam::123456789012:role/a"},
		  "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Nope",
		    "RulesConfiguration": {"Rules": [{"Claim": "", "MatchType": "Equals", "Value": "x", "RoleARN": ""}]}},
		  "` + long + `": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}},
		  "PrincipalTagAttributeMaps": [{"IdentityProviderName": "", "PrincipalTags": {"a": "", "é": "x"}}]}`,
		`{"IdentityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000", "Roles": {"authenticated": 3}}`,
	}
	for _, doc := range docs {
		var errs []*rolemap.FieldError
		p, err := rolemap.ParsePool([]byte(doc))
		if err == nil {
			_, err = rolemap.Compile(p)
		}
		var ve *rolemap.ValidationError
		var fe *rolemap.FieldError
		switch {
		case errors.As(err, &ve):
			errs = ve.Errors
		case errors.As(err, &fe):
			errs = []*rolemap.FieldError{fe}
		default:
			t.Fatalf("err = %v", err)
		}
		if len(errs) < 2 && doc == docs[0] {
			t.Errorf("only %d violations", len(errs))
		}
		for _, fe := range errs {
			if fe.At == nil && fe.Path != "" {
				t.Errorf("%s: no steps", fe.Path)
				continue
			}
			if got := fe.At.String(); got != clip.Path(fe.Path) {
				t.Errorf("steps print %q, Path is %q", got, fe.Path)
			}
			d := fe.Diagnostic()
			if d.Code == "" || d.Severity != diag.SeverityError || d.Message != fe.Detail || d.Path.String() != fe.At.String() {
				t.Errorf("%s: Diagnostic() = %+v", fe.Path, d)
			}
		}
	}
}
