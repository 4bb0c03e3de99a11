package casefile_test

import (
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// TestParseFileChecks: a case file that checks nothing, and a case that
// wants an error code no request can get, are errors that say what to do.
func TestParseFileChecks(t *testing.T) {
	const pool = `"pool": {"IdentityPoolId": "us-east-1:1", "Roles": {}}`
	tests := []struct {
		name, file, want string
	}{
		{"no cases", `{` + pool + `}`, "no checks: give cases, or an invalid, unreachable, findings or access list"},
		{"empty cases", `{` + pool + `, "cases": []}`, "no checks"},
		{"misspelt code", `{` + pool + `, "cases": [{"name": "a", "want": {"error": "NotAuthorizedExeption"}}]}`,
			`want.error "NotAuthorizedExeption" is no error code; did you mean "NotAuthorizedException"?`},
		{"short code", `{` + pool + `, "cases": [{"name": "a", "want": {"error": "NotAuthorized"}}]}`,
			`did you mean "NotAuthorizedException"?`},
		{"unknown code", `{` + pool + `, "cases": [{"name": "a", "want": {"error": "Boom"}}]}`,
			"want NotAuthorizedException, InvalidParameterException, InvalidIdentityPoolConfigurationException, or a rolemapping. code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casefile.ParseFile([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile() error = %v, want it to say %q", err, tt.want)
			}
		})
	}
	for _, ok := range []string{
		`{` + pool + `, "findings": []}`,
		`{` + pool + `, "cases": [{"name": "a", "want": {"error": "rolemapping.UnknownRole"}}]}`,
		`{` + pool + `, "cases": [{"name": "a", "want": {"error": "InvalidParameterException"}}]}`,
	} {
		if _, err := casefile.ParseFile([]byte(ok)); err != nil {
			t.Errorf("ParseFile(%s) error = %v", ok, err)
		}
	}
}
