package validate_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// brief is what the lint tests compare of a finding.
type brief struct {
	Code    string
	Path    string
	Related []string
}

// briefs leaves out providers-unknown, which the test pools (built without
// provider lists) all have; TestLintNewFindings covers it.
func briefs(fs []validate.Finding) []brief {
	out := []brief{}
	for _, f := range fs {
		if f.Code != validate.CodeProvidersUnknown {
			out = append(out, brief{Code: f.Code, Path: f.Path.String(), Related: strs(f.Related)})
		}
	}
	return out
}

// rp is the path of rule i of mapping key.
func rp(key string, i int) string {
	return `RoleMappings["` + key + `"].RulesConfiguration.Rules[` + string(rune('0'+i)) + `]`
}

func withMapping(p rolemap.Pool, key string, m rolemap.Mapping) rolemap.Pool {
	p.RoleMappings[key] = m
	return p
}

func tokenMapping(arr rolemap.AmbiguousRoleResolution) rolemap.Mapping {
	return rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: arr}
}

func TestLint(t *testing.T) {
	const arn = "arn:aws:iam::111122223333:role/R"
	tests := []struct {
		name string
		pool rolemap.Pool
		opts []validate.LintOption
		want []brief
	}{
		{
			name: "clean pool",
			pool: rulesPool(google, rule("hd", rolemap.Equals, "example.com"), rule("sub", rolemap.NotEqual, "x")),
			want: []brief{},
		},
		{
			name: "Contains value inside another value of the mapping",
			pool: rulesPool(google, rule("hd", rolemap.Equals, "admin"), rule("sub", rolemap.Equals, "xadmx"), rule("hd", rolemap.Contains, "adm")),
			want: []brief{{Code: validate.CodeSubstringMatch, Path: rp(google, 2), Related: []string{rp(google, 0), rp(google, 1)}}},
		},
		{
			name: "StartsWith value prefixing another value of the mapping",
			pool: rulesPool(google, rule("hd", rolemap.Equals, "admin"), rule("hd", rolemap.StartsWith, "ad"), rule("hd", rolemap.StartsWith, "dm")),
			want: []brief{{Code: validate.CodeSubstringMatch, Path: rp(google, 1), Related: []string{rp(google, 0)}}},
		},
		{
			name: "Contains and StartsWith on cognito:groups",
			pool: rulesPool(google, rule("cognito:groups", rolemap.Contains, "admins"), rule("cognito:groups", rolemap.Equals, "staff"), rule("cognito:groups", rolemap.StartsWith, "dev")),
			want: []brief{
				{Code: validate.CodeSubstringMatch, Path: rp(google, 0)},
				{Code: validate.CodeSubstringMatch, Path: rp(google, 2)},
			},
		},
		{
			name: "user-writable claims, default list",
			pool: rulesPool(google, rule("email", rolemap.Equals, "a@b.c"), rule("custom:tenant", rolemap.Equals, "t"),
				rule("preferred_username", rolemap.Equals, "p"), rule("sub", rolemap.Equals, "s"), rule("dev:custom:x", rolemap.Equals, "d")),
			want: []brief{
				{Code: validate.CodeUserWritableClaim, Path: rp(google, 0) + ".Claim"},
				{Code: validate.CodeUserWritableClaim, Path: rp(google, 1) + ".Claim"},
				{Code: validate.CodeUserWritableClaim, Path: rp(google, 2) + ".Claim"},
			},
		},
		{
			name: "read-only attributes are not reported",
			pool: rulesPool(google, rule("email", rolemap.Equals, "a@b.c"), rule("custom:tenant", rolemap.Equals, "t")),
			opts: []validate.LintOption{validate.WithReadOnlyAttributes("custom:tenant")},
			want: []brief{{Code: validate.CodeUserWritableClaim, Path: rp(google, 0) + ".Claim"}},
		},
		{
			name: "writable attributes replace the default list",
			pool: rulesPool(google, rule("email", rolemap.Equals, "a@b.c"), rule("custom:team", rolemap.Equals, "t"), rule("hd", rolemap.Equals, "h")),
			opts: []validate.LintOption{validate.WithWritableAttributes("custom:team"), validate.WithWritableAttributes("hd"), nil},
			want: []brief{
				{Code: validate.CodeUserWritableClaim, Path: rp(google, 1) + ".Claim"},
				{Code: validate.CodeUserWritableClaim, Path: rp(google, 2) + ".Claim"},
			},
		},
		{
			name: "token mapping on a social provider",
			pool: withMapping(withMapping(rulesPool(google, rule("hd", rolemap.Equals, "h")),
				"graph.facebook.com", tokenMapping(rolemap.AmbiguousDeny)),
				userPool+":client1", tokenMapping(rolemap.AmbiguousDeny)),
			want: []brief{{Code: validate.CodeTokenOnSocialProvider, Path: `RoleMappings["graph.facebook.com"].Type`}},
		},
		{
			name: "rules on a token mapping",
			pool: withMapping(rulesPool(google, rule("hd", rolemap.Equals, "h")), userPool+":client1", rolemap.Mapping{
				Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{Claim: "hd", MatchType: rolemap.Equals, Value: "h", RoleARN: arn}}},
			}),
			want: []brief{{Code: validate.CodeRulesOnTokenMapping, Path: `RoleMappings["` + userPool + `:client1"].RulesConfiguration`}},
		},
		{
			name: "fallback to a missing authenticated role",
			pool: func() rolemap.Pool {
				p := withMapping(rulesPool(google, rule("hd", rolemap.Equals, "h")), userPool+":client1", tokenMapping(rolemap.AmbiguousAuthenticatedRole))
				p.Roles = map[string]string{}
				return p
			}(),
			want: []brief{{Code: validate.CodeMissingAuthenticatedRole, Path: `RoleMappings["` + userPool + `:client1"].AmbiguousRoleResolution`}},
		},
		{
			name: "fallback with an authenticated role",
			pool: withMapping(rulesPool(google, rule("hd", rolemap.Equals, "h")), userPool+":client1", tokenMapping(rolemap.AmbiguousAuthenticatedRole)),
			want: []brief{},
		},
		{
			name: "listed providers without a mapping and no authenticated role",
			pool: func() rolemap.Pool {
				p := rulesPool(google, rule("hd", rolemap.Equals, "h"))
				p.Roles = map[string]string{}
				p.SupportedLoginProviders = map[string]string{google: "app", "graph.facebook.com": "app"}
				p.CognitoIdentityProviders = []rolemap.Provider{{ProviderName: userPool, ClientID: "client1"}}
				p.OpenIDConnectProviderARNs = []string{"arn:aws:iam::111122223333:oidc-provider/" + oidcHost}
				p.SAMLProviderARNs = []string{samlARN}
				return p
			}(),
			want: []brief{
				{Code: validate.CodeMissingAuthenticatedRole, Path: "CognitoIdentityProviders[0]"},
				{Code: validate.CodeMissingAuthenticatedRole, Path: "OpenIdConnectProviderARNs[0]"},
				{Code: validate.CodeMissingAuthenticatedRole, Path: `SupportedLoginProviders["graph.facebook.com"]`},
			},
		},
		{
			name: "role ARN shapes",
			pool: func() rolemap.Pool {
				p := rulesPool(google,
					rolemap.Rule{Claim: "hd", MatchType: rolemap.Equals, Value: "a", RoleARN: "arn:aws:iam::111122223333:user/Alice"},
					rolemap.Rule{Claim: "hd", MatchType: rolemap.Equals, Value: "b", RoleARN: "arn:aws-cn:iam::111122223333:role/path/to/Name"},
					rolemap.Rule{Claim: "hd", MatchType: rolemap.Equals, Value: "c", RoleARN: "arn:aws-us-gov:iam::111122223333:role/Name+=,.@-_"},
					rolemap.Rule{Claim: "hd", MatchType: rolemap.Equals, Value: "d", RoleARN: "arn:aws:iam::1111:role/Short"},
				)
				p.Roles = map[string]string{"authenticated": "arn:aws:iam::111122223333:role/", "unauthenticated": "arn:aws:iam::111122223333:role/Guest"}
				return p
			}(),
			want: []brief{
				{Code: validate.CodeRoleARNShape, Path: rp(google, 0) + ".RoleARN"},
				{Code: validate.CodeRoleARNShape, Path: rp(google, 3) + ".RoleARN"},
				{Code: validate.CodeRoleARNShape, Path: `Roles["authenticated"]`},
				{Code: validate.CodeUnauthenticatedRoleUnused, Path: `Roles["unauthenticated"]`},
			},
		},
		{
			name: "mapping key with a scheme",
			pool: withMapping(rulesPool(google, rule("hd", rolemap.Equals, "h")), "https://"+oidcHost, tokenMapping(rolemap.AmbiguousDeny)),
			want: []brief{
				{Code: validate.CodeMappingKeyShape, Path: `RoleMappings["https://login.example.com"]`},
				{Code: validate.CodeTokenOnOIDCProvider, Path: `RoleMappings["https://login.example.com"].Type`},
			},
		},
		{
			name: "user pool key without a client",
			pool: rulesPool(userPool+":", rule("hd", rolemap.Equals, "h")),
			want: []brief{
				{Code: validate.CodeMappingKeyShape, Path: `RoleMappings["` + userPool + `:"]`},
				{Code: validate.CodeUnreachableRule, Path: rp(userPool+":", 0)},
			},
		},
		{
			name: "unreachable rules",
			pool: rulesPool(google, rule("hd", rolemap.Equals, "h"), rule("hd", rolemap.Equals, "h")),
			want: []brief{{Code: validate.CodeUnreachableRule, Path: rp(google, 1), Related: []string{rp(google, 0)}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate.Lint(tt.pool, tt.opts...)
			if diff := cmp.Diff(tt.want, briefs(got)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, f := range got {
				if f.Message == "" || f.Fix == "" {
					t.Errorf("finding %v lacks a message or a fix", f)
				}
			}
		})
	}
}

// TestLintInvalidPool lints a pool that is invalid in many ways: Lint
// reports what it can and skips what is malformed.
func TestLintInvalidPool(t *testing.T) {
	p := rolemap.Pool{
		RoleMappings: map[string]rolemap.Mapping{
			"":     {Type: "rules"},
			google: {Type: rolemap.TypeRules},
			oidcHost: {Type: rolemap.TypeRules, AmbiguousRoleResolution: "deny", RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "", MatchType: "equals", Value: "", RoleARN: ""},
				{Claim: "cognito:groups", MatchType: rolemap.Contains, Value: "admins"},
				{Claim: "hd", MatchType: rolemap.Contains, Value: strings.Repeat("a", 200)},
				{Claim: "hd", MatchType: rolemap.Equals, Value: strings.Repeat("a", 300)},
			}}},
		},
	}
	want := []brief{{Code: validate.CodeSubstringMatch, Path: rp(oidcHost, 1)}}
	if diff := cmp.Diff(want, briefs(validate.Lint(p))); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestLintSortedAndDeterministic(t *testing.T) {
	p := rulesPool(google,
		rule("email", rolemap.Contains, "a"), rule("email", rolemap.Equals, "ba"), rule("email", rolemap.Contains, "ba"))
	p = withMapping(p, "graph.facebook.com", tokenMapping(rolemap.AmbiguousDeny))
	p = withMapping(p, "https://x.example.com", tokenMapping(rolemap.AmbiguousDeny))
	p.Roles["unauthenticated"] = "arn:aws:iam::1:role/Guest"
	first := validate.Lint(p)
	if len(first) < 8 {
		t.Fatalf("Lint found %d findings, want at least 8:\n%v", len(first), first)
	}
	for i := 0; i < 20; i++ {
		if diff := cmp.Diff(first, validate.Lint(p)); diff != "" {
			t.Fatalf("Lint is not deterministic (-first +again):\n%s", diff)
		}
	}
	sorted := slices.IsSortedFunc(first, func(a, b validate.Finding) int {
		if c := strings.Compare(a.Path.String(), b.Path.String()); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	if !sorted {
		t.Errorf("findings are not sorted by path, then code:\n%v", first)
	}
}

func TestFindingString(t *testing.T) {
	f := validate.Finding{Code: validate.CodeRoleARNShape, Path: P(`Roles["authenticated"]`), Message: "bad"}
	if got, want := f.String(), `Roles["authenticated"]: bad [role-arn-shape]`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestLintNewFindings covers the findings that make silent gaps loud: an
// unknown provider configuration, a guest role that cannot apply, group-like
// claims, provider-aware advice and Token mappings on foreign issuers.
func TestLintNewFindings(t *testing.T) {
	f := false
	known := func(p rolemap.Pool) rolemap.Pool {
		p.SupportedLoginProviders = map[string]string{google: "app"}
		p.OpenIDConnectProviderARNs = []string{"arn:aws:iam::111122223333:oidc-provider/" + oidcHost}
		p.SAMLProviderARNs = []string{samlARN}
		p.AllowUnauthenticatedIdentities = &f
		return p
	}
	type full struct{ Code, Path, Fix string }
	tests := []struct {
		name string
		pool rolemap.Pool
		want []brief
		fix  map[string]string // a word the fix of the finding at that path must hold
	}{
		{
			name: "providers unknown",
			pool: rulesPool(google, rule("hd", rolemap.Equals, "example.com")),
			want: []brief{{Code: validate.CodeProvidersUnknown}},
			fix:  map[string]string{"": "jq -s add"},
		},
		{
			name: "guest role while AllowUnauthenticatedIdentities is absent",
			pool: func() rolemap.Pool {
				p := known(rulesPool(google, rule("hd", rolemap.Equals, "example.com")))
				p.AllowUnauthenticatedIdentities = nil
				p.Roles["unauthenticated"] = "arn:aws:iam::111122223333:role/Guest"
				return p
			}(),
			want: []brief{{Code: validate.CodeUnauthenticatedRoleUnused, Path: `Roles["unauthenticated"]`}},
			fix:  map[string]string{`Roles["unauthenticated"]`: "describe-identity-pool"},
		},
		{
			name: "group-like claims",
			pool: known(withMapping(rulesPool(oidcHost, rule("custom:groups", rolemap.Contains, "admin"), rule("roles", rolemap.StartsWith, "adm")),
				samlARN, rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
					RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{rule("https://aws.amazon.com/SAML/Attributes/Group", rolemap.Contains, "ops")}}})),
			want: []brief{
				{Code: validate.CodeSubstringMatch, Path: rp(samlARN, 0)},
				{Code: validate.CodeSubstringMatch, Path: rp(oidcHost, 0)},
				{Code: validate.CodeUserWritableClaim, Path: rp(oidcHost, 0) + ".Claim"},
				{Code: validate.CodeSubstringMatch, Path: rp(oidcHost, 1)},
			},
		},
		{
			name: "a Google email rule gets Google advice",
			pool: known(rulesPool(google, rule("email", rolemap.Equals, "boss@example.com"))),
			want: []brief{{Code: validate.CodeUserWritableClaim, Path: rp(google, 0) + ".Claim"}},
			fix:  map[string]string{rp(google, 0) + ".Claim": "hd"},
		},
		{
			name: "a user pool email rule gets user pool advice",
			pool: rulesPool(userPool+":client", rule("email", rolemap.Equals, "boss@example.com")),
			want: []brief{{Code: validate.CodeProvidersUnknown}, {Code: validate.CodeUserWritableClaim, Path: rp(userPool+":client", 0) + ".Claim"}},
			fix:  map[string]string{rp(userPool+":client", 0) + ".Claim": "WithWritableAttributes"},
		},
		{
			name: "Token mapping on an OIDC provider",
			pool: known(withMapping(rulesPool(google, rule("hd", rolemap.Equals, "example.com")), oidcHost, tokenMapping(rolemap.AmbiguousDeny))),
			want: []brief{{Code: validate.CodeTokenOnOIDCProvider, Path: `RoleMappings["` + oidcHost + `"].Type`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate.Lint(tt.pool)
			var all []brief
			for _, f := range got {
				all = append(all, brief{Code: f.Code, Path: f.Path.String(), Related: nil})
				if word, ok := tt.fix[f.Path.String()]; ok && !strings.Contains(f.Fix, word) {
					t.Errorf("%s %s: fix %q does not mention %q", f.Code, f.Path, f.Fix, word)
				}
			}
			if diff := cmp.Diff(tt.want, all); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%v", diff, got)
			}
		})
	}
	_ = full{}
}

// TestLintDocument finds what only the document shows: near misses of
// AWS's member names, the CloudFormation shape of a mapping, and a member
// given twice.
func TestLintDocument(t *testing.T) {
	doc := []byte(`{
  "IdentityPoolId": "us-east-1:1",
  "SupportedLoginProviders": {"accounts.google.com": "app"},
  "Roles": {},
  "RoleMapings": {},
  "RoleMappings": {
    "GoogleMapping": {"IdentityProvider": "accounts.google.com", "Type": "Rules", "AmbiguousRoleResolution": "Deny",
      "RulesConfiguration": {"Rule": [], "Rules": [{"Claim": "hd", "MatchType": "Equals", "Value": "x", "RoleARN": "arn:aws:iam::111122223333:role/R"}]}},
    "accounts.google.com": {"type": "Rules", "Type": "Token", "AmbiguousRoleResolution": "Deny", "Type": "Rules"}
  }
}`)
	fs, err := validate.LintDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []brief
	for _, f := range fs {
		if f.Code == validate.CodeUnknownMember || f.Code == validate.CodeCloudFormationShape || f.Code == validate.CodeDuplicateMember {
			got = append(got, brief{Code: f.Code, Path: f.Path.String()})
			if !strings.Contains(f.Message, "line ") || f.Fix == "" {
				t.Errorf("%v: want a line in the message and a fix", f)
			}
		}
	}
	want := []brief{
		{Code: validate.CodeUnknownMember, Path: "RoleMapings"},
		{Code: validate.CodeCloudFormationShape, Path: `RoleMappings["GoogleMapping"].IdentityProvider`},
		{Code: validate.CodeUnknownMember, Path: `RoleMappings["GoogleMapping"].RulesConfiguration.Rule`},
		{Code: validate.CodeDuplicateMember, Path: `RoleMappings["accounts.google.com"].Type`},
		{Code: validate.CodeUnknownMember, Path: `RoleMappings["accounts.google.com"].type`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("document findings (-want +got):\n%s\n%v", diff, fs)
	}
	if _, err := validate.LintDocument([]byte(`{"IdentityPoolId": 3}`)); err == nil {
		t.Error("LintDocument accepted a member of the wrong type")
	}
}
