package tfconfig

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// TestUnknownMembersAreErrors: a boolean or a map element of a pool that
// is known only after apply (a function rolemap does not evaluate, or an
// attribute the provider computes) is an error naming the binding that
// resolves it, never read as false or left out.
func TestUnknownMembersAreErrors(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"an unevaluated function", `sha256("x")`},
		{"an unknown function", `nosuchfunction("x")`},
		{"an attribute known only after apply", `aws_iam_role.r.unique_id`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, map[string]string{"main.tf": `
resource "aws_iam_role" "r" { name = "r" }
resource "aws_cognito_identity_pool" "ip" {
  identity_pool_name = "x"
  allow_unauthenticated_identities = ` + tc.value + ` == "y"
  allow_classic_flow = ` + tc.value + ` == "y"
  supported_login_providers = { "accounts.google.com" = ` + tc.value + ` }
}
`})
			res, err := Read(dir, nil)
			var e *iac.Error
			if !errors.As(err, &e) {
				t.Fatalf("want an *iac.Error, got %v (pools %+v)", err, res)
			}
			for _, w := range []string{
				`aws_cognito_identity_pool.ip.allow_unauthenticated_identities: known only after apply`,
				`(bind "aws_cognito_identity_pool.ip.allow_unauthenticated_identities" to resolve it)`,
				`aws_cognito_identity_pool.ip.allow_classic_flow: known only after apply`,
				`aws_cognito_identity_pool.ip.supported_login_providers["accounts.google.com"]: known only after apply`,
			} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
			// Bound, they resolve.
			res, err = Read(dir, map[string]string{
				"aws_cognito_identity_pool.ip.allow_unauthenticated_identities":                 "false",
				"aws_cognito_identity_pool.ip.allow_classic_flow":                               "false",
				`aws_cognito_identity_pool.ip.supported_login_providers["accounts.google.com"]`: "app",
			})
			if err != nil {
				t.Fatal(err)
			}
			if p := res.Pools["aws_cognito_identity_pool.ip"]; p.SupportedLoginProviders["accounts.google.com"] != "app" || p.AllowUnauthenticatedIdentities == nil {
				t.Errorf("pool %+v", p)
			}
		})
	}
}
