package iac_test

import (
	"errors"
	"os"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// Result.Deployment reads the trust policies once, for every consumer:
// the roles the template defines are checked, a role it only names is
// unverified, and a template without roles leaves the check off.
func TestResultDeployment(t *testing.T) {
	data, err := os.ReadFile("testdata/cdk/CredentialsStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := iac.CloudFormation(data)
	if err != nil {
		t.Fatal(err)
	}
	d, err := res.Deployment("")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Roles)+len(d.RoleErrors) != len(res.Roles) || len(d.Roles) == 0 {
		t.Errorf("Deployment has %d policies and %d unread, want the template's %d roles", len(d.Roles), len(d.RoleErrors), len(res.Roles))
	}
	if len(d.UserPools) != len(res.UserPools) {
		t.Errorf("Deployment has %d user pools, want %d", len(d.UserPools), len(res.UserPools))
	}
	c, err := d.Checker()
	if err != nil {
		t.Fatal(err)
	}
	login := "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff35CBA1CE"
	got, err := c.Get(credentials.Request{Request: rolemap.Request{Login: login, Claims: map[string]any{
		"aud": "StaffApp6C7849DB", "sub": "s", "cognito:roles": []any{"arn:aws:iam::123456789012:role/elsewhere"},
		"cognito:preferred_role": "arn:aws:iam::123456789012:role/elsewhere"}}})
	var re *rolemap.Error
	if !errors.As(err, &re) || re.Code != credentials.CodeUnknownRole || got.Decision.RoleARN == "" {
		t.Errorf("a role the template does not define: %v, %v; want the role choice and rolemapping.UnknownRole", got.Decision.RoleARN, err)
	}

	data, err = os.ReadFile("testdata/cdk/GoogleRulesStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	if res, err = iac.CloudFormation(data); err != nil {
		t.Fatal(err)
	}
	if d, err = res.Deployment(""); err != nil {
		t.Fatal(err)
	}
	if (d.Roles == nil) != (res.Roles == nil) {
		t.Errorf("Roles nil = %v, want %v (the template's roles turn the check on)", d.Roles == nil, res.Roles == nil)
	}
}
