package credentials_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// TestUnknownRoleSaysHowToSupplyPolicy: Get keeps failing closed with
// rolemapping.UnknownRole, with the role choice, and its message says how
// to give the missing trust policy.
func TestUnknownRoleSaysHowToSupplyPolicy(t *testing.T) {
	res, err := rolemap.Compile(rolemap.Pool{IdentityPoolID: "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100",
		Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"}})
	if err != nil {
		t.Fatal(err)
	}
	checker, err := credentials.New(res, map[string]*trust.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := checker.Get(credentials.Request{Request: rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"sub": "1"}}})
	var re *rolemap.Error
	if !errors.As(err, &re) || re.Code != credentials.CodeUnknownRole {
		t.Fatalf("Get = %v; want %s", err, credentials.CodeUnknownRole)
	}
	if got.Decision.RoleARN != "arn:aws:iam::111122223333:role/Auth" {
		t.Errorf("Get's decision = %q, want the role choice", got.Decision.RoleARN)
	}
	for _, part := range []string{`"arn:aws:iam::111122223333:role/Auth"`, "give its trust policy", "--roles FILE", `a case file's "roles"`, "import the template that defines it"} {
		if !strings.Contains(re.Message, part) {
			t.Errorf("message %q does not say %q", re.Message, part)
		}
	}
}
