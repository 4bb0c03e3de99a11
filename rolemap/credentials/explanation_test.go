package credentials_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

const (
	explainPoolID = "us-east-1:11111111-2222-3333-4444-555555555555"
	explainRole   = "arn:aws:iam::111122223333:role/Staff"
)

// explainResolver compiles a pool whose Google logins get the Staff role
// and whose guests get none.
func explainResolver(t testing.TB) *rolemap.Resolver {
	pool, err := rolemap.ParsePool([]byte(`{
	  "IdentityPoolId": "` + explainPoolID + `",
	  "SupportedLoginProviders": {"accounts.google.com": "123.apps.googleusercontent.com"},
	  "Roles": {"authenticated": "` + explainRole + `"}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// staffPolicy is a trust policy that admits the identities of pool aud.
func staffPolicy(t testing.TB, aud string) *trust.Policy {
	p, err := trust.Parse([]byte(`{"Version": "2012-10-17", "Statement": [{
	  "Effect": "Allow",
	  "Principal": {"Federated": "cognito-identity.amazonaws.com"},
	  "Action": "sts:AssumeRoleWithWebIdentity",
	  "Condition": {
	    "StringEquals": {"cognito-identity.amazonaws.com:aud": "` + aud + `"},
	    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExplainRequest: the explanation of each kind of answer — the role
// choice alone, trust allowed, refused, unverified, required — in its
// JSON fields, its error and its text.
func TestExplainRequest(t *testing.T) {
	res := explainResolver(t)
	google := rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"sub": "alice"}}
	type summary struct {
		Role, ErrorCode, TrustUnverified string
		TrustChecked, TrustAllowed       bool
		Err                              bool
	}
	tests := []struct {
		name         string
		roles        map[string]*trust.Policy // nil: no checker
		policyErrs   map[string]error
		checker      bool
		req          rolemap.Request
		requireTrust bool
		want         summary
		wantText     []string
	}{
		{name: "role choice alone", req: google,
			want:     summary{Role: explainRole},
			wantText: []string{"login: accounts.google.com\n", "decision: " + explainRole}},
		{name: "guest refused", req: rolemap.Request{},
			want:     summary{ErrorCode: "NotAuthorizedException", Err: true},
			wantText: []string{"login: a guest (no login)\n"}},
		{name: "trust allowed", checker: true, roles: map[string]*trust.Policy{explainRole: staffPolicy(t, explainPoolID)}, req: google,
			want:     summary{Role: explainRole, TrustChecked: true, TrustAllowed: true},
			wantText: []string{"decision: " + explainRole}},
		{name: "trust refused", checker: true, roles: map[string]*trust.Policy{explainRole: staffPolicy(t, "us-east-1:other")}, req: google,
			want:     summary{Role: explainRole, TrustChecked: true, ErrorCode: "InvalidIdentityPoolConfigurationException", Err: true},
			wantText: []string{"InvalidIdentityPoolConfigurationException"}},
		{name: "trust unverified", checker: true, roles: map[string]*trust.Policy{}, req: google,
			want: summary{Role: explainRole,
				TrustUnverified: `"` + explainRole + `" has no trust policy among the roles given: give it with --roles FILE, or import the template that defines it; --require-trust makes this an error`},
			wantText: []string{"\ntrust: unverified (\"" + explainRole + "\" has no trust policy"}},
		{name: "policy outside the grammar", checker: true, roles: map[string]*trust.Policy{}, req: google,
			policyErrs: map[string]error{explainRole: &trust.Error{Code: trust.CodeUnsupported, Detail: "NotPrincipal"}},
			want:       summary{Role: explainRole, ErrorCode: trust.CodeUnsupported, Err: true}},
		{name: "trust required", checker: true, roles: map[string]*trust.Policy{}, req: google, requireTrust: true,
			want: summary{Role: explainRole, ErrorCode: credentials.CodeUnknownRole, Err: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c *credentials.Checker
			if tt.checker {
				var err error
				if c, err = credentials.New(res, tt.roles, credentials.WithPolicyErrors(tt.policyErrs)); err != nil {
					t.Fatal(err)
				}
			}
			x := credentials.ExplainRequest(res, c, credentials.Request{Request: tt.req}, tt.requireTrust)
			got := summary{TrustUnverified: x.TrustUnverified, Err: x.Err() != nil}
			if x.Decision != nil {
				got.Role = x.Decision.RoleARN
			}
			if x.Error != nil {
				got.ErrorCode = x.Error.Code
			}
			if x.Trust != nil {
				got.TrustChecked, got.TrustAllowed = true, x.Trust.Allowed
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ExplainRequest() (-want +got):\n%s", diff)
			}
			if pe := (*trust.Error)(nil); tt.policyErrs != nil && !errors.As(x.Err(), &pe) {
				t.Errorf("Err() = %v, want a *trust.Error", x.Err())
			}
			var b strings.Builder
			if err := x.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(b.String(), w) {
					t.Errorf("WriteText() = %q, want it to hold %q", b.String(), w)
				}
			}
		})
	}
}

// TestExplanationJSON: the JSON form keeps its field names and order, and
// leaves out the text-only fields.
func TestExplanationJSON(t *testing.T) {
	res := explainResolver(t)
	x := credentials.ExplainRequest(res, nil, credentials.Request{Request: rolemap.Request{Login: "accounts.google.com"}}, false)
	x.LoginFromIssuer, x.Notes = true, []string{"a note"}
	data, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.Token() // {
	for dec.More() {
		k, _ := dec.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]string{"request", "decision"}, keys); diff != "" {
		t.Errorf("JSON keys (-want +got):\n%s", diff)
	}
}

// TestExplanationWriteTextNotes: the login read from iss is said, and the
// notes follow the login line.
func TestExplanationWriteTextNotes(t *testing.T) {
	res := explainResolver(t)
	x := credentials.ExplainRequest(res, nil, credentials.Request{Request: rolemap.Request{Login: "accounts.google.com"}}, false)
	x.LoginFromIssuer, x.Notes = true, []string{"user: alice, in none"}
	var b strings.Builder
	if err := x.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "login: accounts.google.com (from the token's iss)\nuser: alice, in none\ndecision: "
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("WriteText() = %q, want it to start %q", b.String(), want)
	}
}

// TestExplanationWriteError: WriteText returns the writer's error.
func TestExplanationWriteError(t *testing.T) {
	res := explainResolver(t)
	x := credentials.ExplainRequest(res, nil, credentials.Request{}, false)
	if err := x.WriteText(failWriter{}); !errors.Is(err, errWrite) {
		t.Errorf("WriteText() = %v, want %v", err, errWrite)
	}
}

var errWrite = errors.New("write failed")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

// A request resolved with the credentials check, its answer written as
// rolemap explain writes it; the JSON form is the Explanation itself.
func ExampleExplainRequest() {
	pool, err := rolemap.ParsePool([]byte(`{
	  "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
	  "SupportedLoginProviders": {"accounts.google.com": "123.apps.googleusercontent.com"},
	  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Staff"}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Trust policies are given, but none for the Staff role: its trust is
	// unverified.
	c, err := credentials.New(res, map[string]*trust.Policy{})
	if err != nil {
		fmt.Println(err)
		return
	}
	req := credentials.Request{Request: rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"sub": "alice"}}}
	x := credentials.ExplainRequest(res, c, req, false)
	x.WriteText(os.Stdout)
	fmt.Println("error:", x.Err())
	// Output:
	// login: accounts.google.com
	// decision: arn:aws:iam::111122223333:role/Staff (default authenticated role, no mapping)
	// trust: unverified ("arn:aws:iam::111122223333:role/Staff" has no trust policy among the roles given: give it with --roles FILE, or import the template that defines it; --require-trust makes this an error)
	// error: <nil>
}
