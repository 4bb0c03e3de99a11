package casefile_test

import (
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// TestParseFileCredentialsErrors checks the case-file rules of userPools and roles
// and §9.2 for the members groups and trust checks add.
func TestParseFileCredentialsErrors(t *testing.T) {
	const head = `{"pool": {"IdentityPoolId": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100", "Roles": {}},
		"userPools": {"us-east-1_AbC": {"Groups": [{"GroupName": "admins", "RoleArn": "arn:aws:iam::111122223333:role/Admin", "Precedence": 0}],
			"Users": {"alice": ["admins"]}}},
		"cases": [{"name": "c", "login": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC", `
	tests := []struct{ name, file, want string }{
		{"claims and user both set a group claim", head + `"user": "alice", "claims": {"cognito:roles": ["x"]}, "want": {"role": "r"}}]}`,
			`cases[0] "c": rolemapping.CaseFile: "claims" and "user" both set cognito:roles`},
		{"an unknown user", head + `"user": "bob", "want": {"role": "r"}}]}`, `user "bob" is no user`},
		{"an unknown group", head + `"groups": ["staff"], "want": {"role": "r"}}]}`, `"staff" is no group`},
		{"user and groups", head + `"user": "alice", "groups": ["admins"], "want": {"role": "r"}}]}`, "at most one of user and groups"},
		{"a reason without the trust error", head + `"want": {"role": "r", "reason": "trust-deny"}}]}`, "want.reason goes with the error"},
		{"a misspelled member", head + `"usr": "alice", "want": {"role": "r"}}]}`, `did you mean "user"?`},
		{"an invalid user pool", `{"pool": {"IdentityPoolId": "us-east-1:1", "Roles": {}}, "userPools": {"p": {"Groups": [{"GroupName": "a", "Precedence": 3.0}]}}}`,
			`UserPools["p"].Groups[0].Precedence`},
		{"a user pool of another region", strings.ReplaceAll(head, "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC", "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC") + `"user": "alice", "want": {"role": "r"}}]}`,
			`userPools has no user pool "eu-west-1_AbC", the login's, but has "us-east-1_AbC": bind AWS::Region to "eu-west-1"`},
		{"an unknown user pool", strings.ReplaceAll(head, "amazonaws.com/us-east-1_AbC", "amazonaws.com/us-east-1_Other") + `"user": "alice", "want": {"role": "r"}}]}`,
			`userPools has no user pool "us-east-1_Other", the login's; the file has "us-east-1_AbC"`},
		{"a role with no policy", `{"pool": {"IdentityPoolId": "us-east-1:1", "Roles": {}}, "roles": {"arn:aws:iam::1:role/R": {}}}`, "no AssumeRolePolicyDocument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casefile.ParseFile([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestParseFileRolesList checks that roles may be a list of IAM Role
// objects (aws iam get-role output), keyed by their Arn.
func TestParseFileRolesList(t *testing.T) {
	f, err := casefile.ParseFile([]byte(`{"pool": {"IdentityPoolId": "us-east-1:1", "Roles": {}}, "findings": [], "roles": [
		{"RoleName": "R", "Arn": "arn:aws:iam::1:role/R", "AssumeRolePolicyDocument": {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*"}}},
		{"Arn": "arn:aws:iam::1:role/S", "AssumeRolePolicyDocument": {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Roles["arn:aws:iam::1:role/R"] == nil || f.RoleErrors["arn:aws:iam::1:role/S"] == nil {
		t.Errorf("Roles = %v, RoleErrors = %v; want R parsed and S refused", f.Roles, f.RoleErrors)
	}
}
