package credentials_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// TestRequestShapes checks that Get refuses, before anything else, a
// request whose IdentityID or DeveloperUserID does not have the shape AWS
// gives it, naming the member; and accepts those that do.
func TestRequestShapes(t *testing.T) {
	c := checker(t, rolemap.Pool{IdentityPoolID: poolID, DeveloperProviderName: "login.example.app",
		Roles: map[string]string{"authenticated": auth}}, map[string]*trust.Policy{})
	dev := rolemap.Request{Login: devLogin}
	tests := []struct {
		name   string
		req    credentials.Request
		member string // "" for a valid request
	}{
		{name: "an identity ID of 56 characters", req: credentials.Request{Request: dev, IdentityID: "us-east-1:" + strings.Repeat("a", 46)}, member: "IdentityID"},
		{name: "a megabyte identity ID", req: credentials.Request{Request: dev, IdentityID: "us-east-1:" + strings.Repeat("a", 1<<20)}, member: "IdentityID"},
		{name: "upper-case hex", req: credentials.Request{Request: dev, IdentityID: "us-east-1:AAAA"}, member: "IdentityID"},
		{name: "no colon", req: credentials.Request{Request: dev, IdentityID: "us-east-1"}, member: "IdentityID"},
		{name: "no region", req: credentials.Request{Request: dev, IdentityID: ":aaaa"}, member: "IdentityID"},
		{name: "no UUID", req: credentials.Request{Request: dev, IdentityID: "us-east-1:"}, member: "IdentityID"},
		{name: "two colons", req: credentials.Request{Request: dev, IdentityID: "us-east-1:aa:bb"}, member: "IdentityID"},
		{name: "a control character", req: credentials.Request{Request: dev, IdentityID: "us-east-1\x1b:aa"}, member: "IdentityID"},
		{name: "non-ASCII", req: credentials.Request{Request: dev, IdentityID: "us-éast-1:aa"}, member: "IdentityID"},
		{name: "a developer user ID of 1,025 characters", req: credentials.Request{Request: dev, DeveloperUserID: strings.Repeat("é", 1025)}, member: "DeveloperUserID"},
		{name: "an identity ID of 55 characters", req: credentials.Request{Request: dev, IdentityID: "us-east-1:" + strings.Repeat("a", 45)}},
		{name: "a real identity ID", req: credentials.Request{Request: dev, IdentityID: "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}},
		{name: "a developer user ID of 1,024 characters", req: credentials.Request{Request: dev, DeveloperUserID: strings.Repeat("é", 1024)}},
		{name: "none given", req: credentials.Request{Request: dev}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Get(tt.req)
			var re *rolemap.Error
			if tt.member == "" {
				// The role has no trust policy: past the request check.
				if !errors.As(err, &re) || re.Code != credentials.CodeUnknownRole {
					t.Fatalf("Get = %v; want %s", err, credentials.CodeUnknownRole)
				}
				return
			}
			if !errors.As(err, &re) || re.Code != credentials.CodeInvalidRequest || !strings.HasPrefix(re.Message, tt.member+" ") {
				t.Fatalf("Get = %v; want %s naming %s", err, credentials.CodeInvalidRequest, tt.member)
			}
			if len(re.Message) > 300 || strings.ContainsAny(re.Message, "\x1b") {
				t.Errorf("message %q is long or holds a control character", re.Message)
			}
		})
	}
	if allocs := testing.AllocsPerRun(100, func() {
		_ = credentials.CheckRequest(credentials.Request{IdentityID: "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", DeveloperUserID: "u"})
	}); allocs != 0 {
		t.Errorf("CheckRequest allocates %v times on a valid request", allocs)
	}
}
