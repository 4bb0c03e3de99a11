package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

// TestTrustNoAMREvaluated checks that trust-no-amr is decided by
// evaluating the trust policy with a guest's context, not by whether it
// mentions amr, and only in pools where a guest can take its own token to
// STS (guests allowed, and the basic flow on or possibly on); the message
// says which.
func TestTrustNoAMREvaluated(t *testing.T) {
	const (
		poolID = "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"
		auth   = "arn:aws:iam::111122223333:role/Auth"
		unauth = "arn:aws:iam::111122223333:role/Unauth"
	)
	policy := func(amr string) *trust.Policy {
		cond := `"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}`
		if amr != "" {
			cond += ", " + amr
		}
		p, err := trust.Parse([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
			"Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": {` + cond + `}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	const gist = `"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": ["authenticated", "unauthenticated"]}`
	const authOnly = `"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}`
	denyGuests, err := trust.Parse([]byte(`{"Statement": [
		{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
		 "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}}},
		{"Effect": "Deny", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
		 "Condition": {"ForAnyValue:StringEquals": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	pool := func(guests, classic *bool, mapped bool) rolemap.Pool {
		p := rolemap.Pool{IdentityPoolID: poolID, AllowUnauthenticatedIdentities: guests, AllowClassicFlow: classic,
			SupportedLoginProviders: map[string]string{"accounts.google.com": "client"},
			Roles:                   map[string]string{"authenticated": auth, "unauthenticated": unauth}}
		if mapped {
			p.RoleMappings = map[string]rolemap.Mapping{"accounts.google.com": {Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole}}
		}
		return p
	}
	tests := []struct {
		name   string
		pool   rolemap.Pool
		policy *trust.Policy
		want   string // a part of the message; "" for no finding
	}{
		{name: "the public-gist shape, basic flow on", pool: pool(&yes, &yes, false), policy: policy(gist), want: "the basic flow is on (AllowClassicFlow is true)"},
		{name: "the public-gist shape, basic flow not set", pool: pool(&yes, nil, false), policy: policy(gist), want: "the basic flow may be on (AllowClassicFlow is absent"},
		{name: "no amr condition at all", pool: pool(&yes, &yes, false), policy: policy(""), want: "guests are allowed (AllowUnauthenticatedIdentities is true)"},
		{name: "amr * admits guests", pool: pool(&yes, &yes, false), policy: policy(`"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "*"}`), want: "amr [\"unauthenticated\"] is allowed"},
		{name: "amr authenticated only", pool: pool(&yes, &yes, false), policy: policy(authOnly)},
		{name: "a Deny for guests", pool: pool(&yes, &yes, false), policy: denyGuests},
		{name: "the gist shape, RoleMappings block the basic flow", pool: pool(&yes, &yes, true), policy: policy(gist)},
		{name: "the gist shape, AllowClassicFlow false", pool: pool(&yes, &no, false), policy: policy(gist)},
		{name: "the gist shape, no guests", pool: pool(&no, &yes, false), policy: policy(gist)},
		{name: "the gist shape, guests not set", pool: pool(nil, &yes, false), policy: policy(gist)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := validate.Lint(tt.pool, validate.WithTrustPolicies(map[string]*trust.Policy{auth: tt.policy, unauth: policy(authOnly)}))
			var got []validate.Finding
			for _, f := range fs {
				if f.Code == validate.CodeTrustNoAMR {
					got = append(got, f)
				}
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("trust-no-amr: %v; want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("trust-no-amr findings: %v; want one", got)
			}
			if diff := cmp.Diff(`roles["`+auth+`"].AssumeRolePolicyDocument`, got[0].Path.String()); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if !strings.Contains(got[0].Message, tt.want) {
				t.Errorf("message %q does not say %q", got[0].Message, tt.want)
			}
		})
	}
}
