package credentials_test

import (
	"os"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// stack is the CredentialsStack fixture, imported as the rolemap command
// imports it: its pool, a Checker with the trust policies of its roles, and
// alice's request through the pool's Token mapping, with her dept tag
// (tagged) and without it (untagged).
type stack struct {
	res              *rolemap.Resolver
	checker          *credentials.Checker
	tagged, untagged credentials.Request
}

func loadStack(tb testing.TB) stack {
	tb.Helper()
	data, err := os.ReadFile("../iac/testdata/cdk/CredentialsStack.template.json")
	if err != nil {
		tb.Fatal(err)
	}
	imp, err := iac.CloudFormation(data, iac.WithBindings(map[string]string{"AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333"}))
	if err != nil {
		tb.Fatal(err)
	}
	pool, err := imp.Pool("")
	if err != nil {
		tb.Fatal(err)
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		tb.Fatal(err)
	}
	roles := map[string]*trust.Policy{}
	for arn, doc := range imp.Roles {
		if roles[arn], err = trust.Parse(doc); err != nil {
			tb.Fatal(err)
		}
	}
	checker, err := credentials.New(res, roles)
	if err != nil {
		tb.Fatal(err)
	}
	const userPool = "eu-west-1_Staff35CBA1CE"
	up := imp.UserPools[userPool]
	claims := map[string]any{"aud": "StaffApp6C7849DB", "sub": "alice-sub"}
	usergroups.Claims(up.Groups, up.Users["alice"]).AddTo(claims)
	s := stack{res: res, checker: checker,
		untagged: credentials.Request{Request: rolemap.Request{Login: "cognito-idp.eu-west-1.amazonaws.com/" + userPool, Claims: claims}}}
	tagged := map[string]any{"custom:dept": "eng"}
	for k, v := range claims {
		tagged[k] = v
	}
	s.tagged = s.untagged
	s.tagged.Claims = tagged
	for _, req := range []credentials.Request{s.tagged, s.untagged} {
		got, err := checker.Get(req)
		if err != nil || !got.TrustChecked() || !got.Trust.Allowed || got.Decision.Reason != rolemap.ReasonPreferredRole {
			tb.Fatalf("the fixture's request: Get = %+v, %v; want a preferred role the trust policy allows", got, err)
		}
	}
	return s
}

// TestGetAllocations: on the fixture Get allocates nothing without tags and
// once with its one tag (the Tags it returns), as the package
// documentation says; Resolve nothing.
func TestGetAllocations(t *testing.T) {
	s := loadStack(t)
	for _, tt := range []struct {
		name string
		req  credentials.Request
		max  float64
	}{{"without tags", s.untagged, 0}, {"with a tag", s.tagged, 1}} {
		got := testing.AllocsPerRun(100, func() { _, _ = s.checker.Get(tt.req) })
		if got > tt.max {
			t.Errorf("Get %s: %v allocations, want at most %v", tt.name, got, tt.max)
		}
	}
	if got := testing.AllocsPerRun(100, func() { _, _ = s.res.Resolve(s.tagged.Request) }); got != 0 {
		t.Errorf("Resolve: %v allocations, want 0", got)
	}
}

func BenchmarkResolve(b *testing.B) {
	s := loadStack(b)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.res.Resolve(s.tagged.Request)
	}
}

func BenchmarkGet(b *testing.B) {
	s := loadStack(b)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.checker.Get(s.tagged)
	}
}

func BenchmarkGetUntagged(b *testing.B) {
	s := loadStack(b)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.checker.Get(s.untagged)
	}
}

func BenchmarkGetTraced(b *testing.B) {
	s := loadStack(b)
	req := s.tagged
	req.Trace = true
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.checker.Get(req)
	}
}
