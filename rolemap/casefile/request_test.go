package casefile_test

import (
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// TestCaseRequestShapes checks that a case whose identityId or
// developerUserId AWS could not send is refused when the file is read,
// naming the case and the member, without quoting the long value.
func TestCaseRequestShapes(t *testing.T) {
	long := strings.Repeat("a", 300_000)
	tests := []struct {
		name, member, value, want string
	}{
		{"long identity ID", "identityId", "us-east-1:" + long, `cases[0] "c": identityId is 300010 characters; an identity ID is at most 55`},
		{"identity ID of another shape", "identityId", "us-east-1:ABC", `cases[0] "c": identityId holds 'A' at offset 10`},
		{"identity ID with no region", "identityId", ":abc", `cases[0] "c": identityId does not match`},
		{"long developer user ID", "developerUserId", long, `cases[0] "c": developerUserId is 300000 characters; a developer user identifier is at most 1024`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := `{"pool": {"IdentityPoolId": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100", "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Auth"}},
"cases": [{"name": "c", "login": "cognito-identity.amazonaws.com", "` + tt.member + `": "` + tt.value + `", "want": {"role": "arn:aws:iam::111122223333:role/Auth"}}]}`
			_, err := casefile.ParseFile([]byte(data))
			if err == nil {
				t.Fatal("ParseFile accepted the case")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile error:\n%v\nwant it to say %q", err, tt.want)
			}
			if len(err.Error()) > 1000 {
				t.Errorf("the error is %d bytes long", len(err.Error()))
			}
		})
	}
}
