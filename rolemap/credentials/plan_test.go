package credentials_test

import (
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// The trust policies of TestGetAgreesWithEvaluate: decided when the
// Checker is built, or reading the identity ID, the amr values or the
// tags.
var planPolicies = []string{
	// Decided: both actions, authenticated only.
	`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
	  "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}}`,
	// Reads the identity ID, not the tags; no sts:TagSession.
	`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
	  "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}, "StringLike": {"cognito-identity.amazonaws.com:sub": "us-east-1:*"}}}}`,
	// Reads a tag.
	`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
	  "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `", "aws:RequestTag/dept": "eng"}}}}`,
	// Reads the tag keys, and denies a team tag.
	`{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
	  "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}, "ForAllValues:StringEquals": {"aws:TagKeys": ["dept", "team"]}}},
	  {"Effect": "Deny", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:TagSession", "Condition": {"StringEquals": {"aws:RequestTag/team": "x"}}}]}`,
	// Reads the third amr value.
	`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
	  "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "*:CognitoSignIn:s-1"}}}}`,
}

// TestGetAgreesWithEvaluate: whatever Get decides ahead (a login's plan,
// the specialized policies and their decisions, a stand-in for tags the
// policy does not read, the roles found among few or through a map), its
// trust decision is the uncompiled policy's on the full request context,
// with a trace or without; and the tags are those Tags returns.
func TestGetAgreesWithEvaluate(t *testing.T) {
	const up = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
	for _, nRoles := range []int{3, 12} { // below and above the roles compared one by one
		t.Run(strconv.Itoa(nRoles)+" roles", func(t *testing.T) {
			roles := map[string]*trust.Policy{}
			var rules []rolemap.Rule
			for i := range nRoles {
				arn := fmt.Sprintf("arn:aws:iam::111122223333:role/R%d", i)
				p, err := trust.Parse([]byte(planPolicies[i%len(planPolicies)]))
				if err != nil {
					t.Fatal(err)
				}
				roles[arn] = p
				rules = append(rules, rolemap.Rule{Claim: "r", MatchType: rolemap.Equals, Value: strconv.Itoa(i), RoleARN: arn})
			}
			mapping := rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
			pool := rolemap.Pool{IdentityPoolID: poolID, AllowUnauthenticatedIdentities: yes(),
				Roles:                    map[string]string{"authenticated": "arn:aws:iam::111122223333:role/R0", "unauthenticated": "arn:aws:iam::111122223333:role/R1"},
				SupportedLoginProviders:  map[string]string{"accounts.google.com": "client"},
				CognitoIdentityProviders: []rolemap.Provider{{ProviderName: up, ClientID: "app"}},
				RoleMappings:             map[string]rolemap.Mapping{"accounts.google.com": mapping, up + ":app": mapping},
				PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{
					{IdentityProviderName: "accounts.google.com", PrincipalTags: map[string]string{"team": "team", "dept": "dept"}},
					{IdentityProviderName: up, PrincipalTags: map[string]string{"dept": "custom:dept"}},
				}}
			c := checker(t, pool, roles)
			tagSets := []map[string]any{{}, {"dept": "eng", "custom:dept": "eng"}, {"dept": "ops"}, {"team": "x"}, {"dept": "eng", "team": "a"}}
			var reqs []credentials.Request
			reqs = append(reqs, credentials.Request{})
			for i := range nRoles {
				for _, tags := range tagSets {
					for _, login := range []string{"accounts.google.com", up, "unknown.example.com"} {
						claims := map[string]any{"aud": "app", "sub": "s-1", "r": strconv.Itoa(i)}
						for k, v := range tags {
							claims[k] = v
						}
						reqs = append(reqs, credentials.Request{Request: rolemap.Request{Login: login, Claims: claims}},
							credentials.Request{Request: rolemap.Request{Login: login, Claims: claims}, IdentityID: "us-east-1:0a1b"},
							credentials.Request{Request: rolemap.Request{Login: login, Claims: claims}, AMR: []string{"authenticated", "x:CognitoSignIn:s-1"}})
					}
				}
			}
			for _, req := range reqs {
				name := fmt.Sprintf("%s r=%v %v amr %q id %q", req.Login, req.Claims["r"], req.Claims, req.AMR, req.IdentityID)
				got, err := c.Get(req)
				if err != nil && got.Decision.RoleARN == "" {
					continue // no role chosen: no trust check to compare
				}
				tags, terr := c.Tags(req)
				if terr != nil {
					t.Fatalf("%s: Tags: %v", name, terr)
				}
				if diff := cmp.Diff(tags, got.Tags, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: Get's tags (-Tags +Get):\n%s", name, diff)
				}
				want, werr := roles[got.Decision.RoleARN].Evaluate(c.TrustRequest(req, tags))
				if werr != nil {
					t.Fatalf("%s: Evaluate: %v", name, werr)
				}
				want.Trace = nil
				for _, trace := range []bool{false, true} {
					req := req
					req.Trace = trace
					got, err := c.Get(req)
					td := got.Trust
					var te *credentials.TrustError
					switch {
					case errors.As(err, &te):
						td = te.Decision
					case err != nil:
						t.Fatalf("%s: Get: %v", name, err)
					}
					td.Trace = nil
					if diff := cmp.Diff(want, td); diff != "" {
						t.Errorf("%s (trace %v): Get's trust decision (-Policy.Evaluate +Get):\n%s", name, trace, diff)
					}
				}
			}
		})
	}
}
