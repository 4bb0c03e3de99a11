package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRun runs the demo that `go run ./examples/middleware` prints, so the
// example cannot rot.
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatalf("run: %v", err)
	}
	want := `alice, admins: 200 hello alice, your role is arn:aws:iam::111122223333:role/PortalAdmin (rule match: RoleMappings["cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:7h778muira8dkr69dt35jhbjo8"] rule 0, cognito:groups Equals "admins" -> arn:aws:iam::111122223333:role/PortalAdmin)
bob, staff: 200 hello bob, your role is arn:aws:iam::111122223333:role/PortalStaff (rule match: RoleMappings["cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:7h778muira8dkr69dt35jhbjo8"] rule 1, cognito:groups Equals "staff" -> arn:aws:iam::111122223333:role/PortalStaff)
carol, contractors: 403 {"code":"NotAuthorizedException","message":"The ambiguous role mapping rules for: cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:7h778muira8dkr69dt35jhbjo8 denied this request."}
dave, auditors: 403 {"code":"InvalidIdentityPoolConfigurationException","message":"Invalid identity pool configuration. Check assigned IAM roles for this pool.","reason":"trust-condition"}
erin, staff, dept sales: 403 {"code":"InvalidIdentityPoolConfigurationException","message":"Invalid identity pool configuration. Check assigned IAM roles for this pool.","reason":"trust-tag-session"}
alice, expired token: 401 {"code":"NotAuthorizedException","message":"Invalid login token."}
no Authorization header: 401 {"code":"NotAuthorizedException","message":"Missing login token."}
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("run output (-want +got):\n%s", diff)
	}
}
