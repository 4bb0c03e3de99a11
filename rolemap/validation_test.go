package rolemap_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
)

// valViolation is what the validation tests compare of a field error: its path
// and the name of its sentinel.
type valViolation struct {
	Path string
	Err  string
}

func valSentinel(err error) string {
	switch {
	case errors.Is(err, rolemap.ErrMissing):
		return "missing"
	case errors.Is(err, rolemap.ErrInvalidValue):
		return "invalid"
	case errors.Is(err, rolemap.ErrOverLimit):
		return "over"
	}
	return "other: " + err.Error()
}

// valViolations compiles p and returns its violations, in the order reported.
func valViolations(t *testing.T, p rolemap.Pool, opts ...rolemap.Option) []valViolation {
	t.Helper()
	_, err := rolemap.Compile(p, opts...)
	if err == nil {
		return []valViolation{}
	}
	var ve *rolemap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Compile: %v; want a *rolemap.ValidationError", err)
	}
	out := []valViolation{}
	for _, fe := range ve.Errors {
		out = append(out, valViolation{Path: fe.Path, Err: valSentinel(fe)})
	}
	return out
}

const (
	valPoolID  = "us-east-1:11111111-2222-3333-4444-555555555555"
	valRoleARN = "arn:aws:iam::111122223333:role/R"
	valGoogle  = "accounts.google.com"
)

// valPool is a valid pool with one Rules mapping of one rule under accounts.google.com.
func valPool() rolemap.Pool {
	return rolemap.Pool{
		IdentityPoolID: valPoolID,
		Roles:          map[string]string{"authenticated": valRoleARN},
		RoleMappings: map[string]rolemap.Mapping{valGoogle: {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "hd", MatchType: rolemap.Equals, Value: "example.com", RoleARN: valRoleARN},
			}},
		}},
	}
}

// valWithRule returns valPool with its rule changed by f.
func valWithRule(f func(*rolemap.Rule)) rolemap.Pool {
	p := valPool()
	f(&p.RoleMappings[valGoogle].RulesConfiguration.Rules[0])
	return p
}

// valWithMapping returns valPool with its mapping changed by f.
func valWithMapping(f func(*rolemap.Mapping)) rolemap.Pool {
	p := valPool()
	m := p.RoleMappings[valGoogle]
	f(&m)
	p.RoleMappings[valGoogle] = m
	return p
}

// valWithRules returns valPool with n rules in its mapping.
func valWithRules(n int) rolemap.Pool {
	return valWithMapping(func(m *rolemap.Mapping) {
		rules := make([]rolemap.Rule, n)
		for i := range rules {
			rules[i] = rolemap.Rule{Claim: "hd", MatchType: rolemap.Equals, Value: "v" + strconv.Itoa(i), RoleARN: valRoleARN}
		}
		m.RulesConfiguration = &rolemap.RulesConfiguration{Rules: rules}
	})
}

// valARNOfLen is a role ARN of n code points; multi-byte code points count
// once.
func valARNOfLen(n int) string {
	return "arn:aws:iam::111122223333:role/" + strings.Repeat("é", n-len("arn:aws:iam::111122223333:role/"))
}

// valPoolIDOfLen is an identity pool ID of n characters that matches the
// pattern.
func valPoolIDOfLen(n int) string { return "us-east-1:" + strings.Repeat("0", n-len("us-east-1:")) }

const (
	valRulePath = `RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0]`
	valMapPath  = `RoleMappings["accounts.google.com"]`
)

func TestValidationBoundaries(t *testing.T) {
	tests := []struct {
		name string
		pool rolemap.Pool
		opts []rolemap.Option
		want []valViolation
	}{
		{name: "valid", pool: valPool(), want: []valViolation{}},

		// IdentityPoolId: required; 1..55 code points; the whole string
		// matches [\w-]+:[0-9a-f-]+.
		{name: "pool ID missing", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = ""; return p }(),
			want: []valViolation{{"IdentityPoolId", "missing"}}},
		{name: "pool ID 55", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = valPoolIDOfLen(55); return p }(),
			want: []valViolation{}},
		{name: "pool ID 56", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = valPoolIDOfLen(56); return p }(),
			want: []valViolation{{"IdentityPoolId", "invalid"}}},
		{name: "pool ID 1", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = ":"; return p }(),
			want: []valViolation{{"IdentityPoolId", "invalid"}}},
		{name: "pool ID with upper-case hex", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = "us-east-1:ABC"; return p }(),
			want: []valViolation{{"IdentityPoolId", "invalid"}}},
		{name: "pool ID pattern matches the whole string", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = "us-east-1:abc x"; return p }(),
			want: []valViolation{{"IdentityPoolId", "invalid"}}},
		{name: "pool ID with a multi-byte letter", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = "us-éast-1:abc"; return p }(),
			want: []valViolation{{"IdentityPoolId", "invalid"}}},
		{name: "pool ID not UTF-8", pool: func() rolemap.Pool { p := valPool(); p.IdentityPoolID = "us-east-1:ab\xff"; return p }(),
			want: []valViolation{{"IdentityPoolId", "invalid"}}},

		// Roles: required, may be empty, at most 2; keys (un)authenticated;
		// values 20..2048 code points.
		{name: "roles missing", pool: func() rolemap.Pool { p := valPool(); p.Roles = nil; return p }(),
			want: []valViolation{{"Roles", "missing"}}},
		{name: "roles empty", pool: func() rolemap.Pool { p := valPool(); p.Roles = map[string]string{}; return p }(),
			want: []valViolation{}},
		{name: "roles 2", pool: func() rolemap.Pool {
			p := valPool()
			p.Roles = map[string]string{"authenticated": valRoleARN, "unauthenticated": valRoleARN}
			return p
		}(), want: []valViolation{}},
		{name: "roles 3", pool: func() rolemap.Pool {
			p := valPool()
			p.Roles = map[string]string{"authenticated": valRoleARN, "unauthenticated": valRoleARN, "admin": valRoleARN}
			return p
		}(), want: []valViolation{{"Roles", "over"}, {`Roles["admin"]`, "invalid"}}},
		{name: "roles key is case-sensitive", pool: func() rolemap.Pool {
			p := valPool()
			p.Roles = map[string]string{"Authenticated": valRoleARN}
			return p
		}(),
			want: []valViolation{{`Roles["Authenticated"]`, "invalid"}}},
		{name: "roles key pattern matches the whole string", pool: func() rolemap.Pool {
			p := valPool()
			p.Roles = map[string]string{"unauthenticatedx": valRoleARN, "xauthenticated": valRoleARN}
			return p
		}(), want: []valViolation{{`Roles["unauthenticatedx"]`, "invalid"}, {`Roles["xauthenticated"]`, "invalid"}}},
		{name: "roles key not UTF-8", pool: func() rolemap.Pool {
			p := valPool()
			p.Roles = map[string]string{"authenticated\xff": valRoleARN}
			return p
		}(),
			want: []valViolation{{`Roles["authenticated\xff"]`, "invalid"}}},
		{name: "role ARN empty", pool: func() rolemap.Pool { p := valPool(); p.Roles["authenticated"] = ""; return p }(),
			want: []valViolation{{`Roles["authenticated"]`, "missing"}}},
		{name: "role ARN 19", pool: func() rolemap.Pool { p := valPool(); p.Roles["authenticated"] = strings.Repeat("é", 19); return p }(),
			want: []valViolation{{`Roles["authenticated"]`, "invalid"}}},
		{name: "role ARN 20", pool: func() rolemap.Pool { p := valPool(); p.Roles["authenticated"] = strings.Repeat("é", 20); return p }(),
			want: []valViolation{}},
		{name: "role ARN 2048", pool: func() rolemap.Pool { p := valPool(); p.Roles["authenticated"] = valARNOfLen(2048); return p }(),
			want: []valViolation{}},
		{name: "role ARN 2049", pool: func() rolemap.Pool { p := valPool(); p.Roles["authenticated"] = valARNOfLen(2049); return p }(),
			want: []valViolation{{`Roles["authenticated"]`, "invalid"}}},

		// RoleMappings: at most 10; keys 1..128 code points.
		{name: "valMappings 10", pool: valMappings(10), want: []valViolation{}},
		{name: "valMappings 11", pool: valMappings(11), want: []valViolation{{"RoleMappings", "over"}}},
		{name: "mapping key empty", pool: valKeyed(""), want: []valViolation{{`RoleMappings[""]`, "invalid"}}},
		{name: "mapping key 1", pool: valKeyed("k"), want: []valViolation{}},
		{name: "mapping key 128", pool: valKeyed(strings.Repeat("é", 128)), want: []valViolation{}},
		{name: "mapping key 129", pool: valKeyed(strings.Repeat("é", 129)),
			want: []valViolation{{`RoleMappings["` + strings.Repeat("é", 129) + `"]`, "invalid"}}},

		// Type and AmbiguousRoleResolution: required, case-sensitive enums.
		{name: "type missing", pool: valWithMapping(func(m *rolemap.Mapping) { m.Type = "" }),
			want: []valViolation{{valMapPath + ".Type", "missing"}}},
		{name: "type lower-case", pool: valWithMapping(func(m *rolemap.Mapping) { m.Type = "rules" }),
			want: []valViolation{{valMapPath + ".Type", "invalid"}}},
		{name: "type token lower-case", pool: valWithMapping(func(m *rolemap.Mapping) { m.Type = "token"; m.RulesConfiguration = nil }),
			want: []valViolation{{valMapPath + ".Type", "invalid"}}},
		{name: "type Token", pool: valWithMapping(func(m *rolemap.Mapping) { m.Type = rolemap.TypeToken; m.RulesConfiguration = nil }),
			want: []valViolation{}},
		{name: "ambiguous resolution missing", pool: valWithMapping(func(m *rolemap.Mapping) { m.AmbiguousRoleResolution = "" }),
			want: []valViolation{{valMapPath + ".AmbiguousRoleResolution", "missing"}}},
		{name: "ambiguous resolution lower-case", pool: valWithMapping(func(m *rolemap.Mapping) { m.AmbiguousRoleResolution = "deny" }),
			want: []valViolation{{valMapPath + ".AmbiguousRoleResolution", "invalid"}}},
		{name: "ambiguous resolution AuthenticatedRole", pool: valWithMapping(func(m *rolemap.Mapping) { m.AmbiguousRoleResolution = rolemap.AmbiguousAuthenticatedRole }),
			want: []valViolation{}},

		// RulesConfiguration: required for Rules; 1..25 rules, or up to the
		// quota WithMaxRules sets, at most 400.
		{name: "rules configuration missing", pool: valWithMapping(func(m *rolemap.Mapping) { m.RulesConfiguration = nil }),
			want: []valViolation{{valMapPath + ".RulesConfiguration", "missing"}}},
		{name: "rules 0", pool: valWithRules(0), want: []valViolation{{valMapPath + ".RulesConfiguration.Rules", "missing"}}},
		{name: "rules 1", pool: valWithRules(1), want: []valViolation{}},
		{name: "rules 25", pool: valWithRules(25), want: []valViolation{}},
		{name: "rules 26", pool: valWithRules(26), want: []valViolation{{valMapPath + ".RulesConfiguration.Rules", "over"}}},
		{name: "rules 26, quota 26", pool: valWithRules(26), opts: []rolemap.Option{rolemap.WithMaxRules(26)}, want: []valViolation{}},
		{name: "rules 25, quota 24", pool: valWithRules(25), opts: []rolemap.Option{rolemap.WithMaxRules(24)},
			want: []valViolation{{valMapPath + ".RulesConfiguration.Rules", "over"}}},
		{name: "rules 400, quota 400", pool: valWithRules(400), opts: []rolemap.Option{rolemap.WithMaxRules(400)}, want: []valViolation{}},
		{name: "rules 401, quota 400", pool: valWithRules(401), opts: []rolemap.Option{rolemap.WithMaxRules(400)},
			want: []valViolation{{valMapPath + ".RulesConfiguration.Rules", "over"}}},
		{name: "rules 0 on a token mapping", pool: valWithMapping(func(m *rolemap.Mapping) {
			m.Type = rolemap.TypeToken
			m.RulesConfiguration = &rolemap.RulesConfiguration{}
		}), want: []valViolation{{valMapPath + ".RulesConfiguration.Rules", "missing"}}},

		// Claim: required; 1..64 code points; letters, marks, symbols,
		// numbers and punctuation only.
		{name: "claim missing", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "" }),
			want: []valViolation{{valRulePath + ".Claim", "missing"}}},
		{name: "claim 1", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "a" }), want: []valViolation{}},
		{name: "claim 64", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = strings.Repeat("é", 64) }), want: []valViolation{}},
		{name: "claim 65", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = strings.Repeat("é", 65) }),
			want: []valViolation{{valRulePath + ".Claim", "invalid"}}},
		{name: "claim with punctuation and symbols", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "cognito:groups+$€_1" }), want: []valViolation{}},
		{name: "claim with a combining mark", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "e\u0301" }), want: []valViolation{}},
		{name: "claim with a space", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "custom: x" }),
			want: []valViolation{{valRulePath + ".Claim", "invalid"}}},
		{name: "claim with a non-breaking space", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "a\u00a0b" }),
			want: []valViolation{{valRulePath + ".Claim", "invalid"}}},
		{name: "claim with a control character", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "a\x01" }),
			want: []valViolation{{valRulePath + ".Claim", "invalid"}}},
		{name: "claim not UTF-8", pool: valWithRule(func(r *rolemap.Rule) { r.Claim = "a\xff" }),
			want: []valViolation{{valRulePath + ".Claim", "invalid"}}},

		// MatchType: required, one of four, case-sensitive.
		{name: "match type missing", pool: valWithRule(func(r *rolemap.Rule) { r.MatchType = "" }),
			want: []valViolation{{valRulePath + ".MatchType", "missing"}}},
		{name: "match type lower-case", pool: valWithRule(func(r *rolemap.Rule) { r.MatchType = "equals" }),
			want: []valViolation{{valRulePath + ".MatchType", "invalid"}}},
		{name: "match type Contains", pool: valWithRule(func(r *rolemap.Rule) { r.MatchType = rolemap.Contains }), want: []valViolation{}},
		{name: "match type StartsWith", pool: valWithRule(func(r *rolemap.Rule) { r.MatchType = rolemap.StartsWith }), want: []valViolation{}},
		{name: "match type NotEqual", pool: valWithRule(func(r *rolemap.Rule) { r.MatchType = rolemap.NotEqual }), want: []valViolation{}},

		// Value: required, 1..128 code points, no pattern.
		{name: "value missing", pool: valWithRule(func(r *rolemap.Rule) { r.Value = "" }),
			want: []valViolation{{valRulePath + ".Value", "missing"}}},
		{name: "value 1", pool: valWithRule(func(r *rolemap.Rule) { r.Value = " " }), want: []valViolation{}},
		{name: "value 128", pool: valWithRule(func(r *rolemap.Rule) { r.Value = strings.Repeat("é", 128) }), want: []valViolation{}},
		{name: "value 129", pool: valWithRule(func(r *rolemap.Rule) { r.Value = strings.Repeat("é", 129) }),
			want: []valViolation{{valRulePath + ".Value", "invalid"}}},

		// RoleARN: required, 20..2048 code points.
		{name: "rule role ARN missing", pool: valWithRule(func(r *rolemap.Rule) { r.RoleARN = "" }),
			want: []valViolation{{valRulePath + ".RoleARN", "missing"}}},
		{name: "rule role ARN 19", pool: valWithRule(func(r *rolemap.Rule) { r.RoleARN = strings.Repeat("é", 19) }),
			want: []valViolation{{valRulePath + ".RoleARN", "invalid"}}},
		{name: "rule role ARN 20", pool: valWithRule(func(r *rolemap.Rule) { r.RoleARN = strings.Repeat("é", 20) }), want: []valViolation{}},
		{name: "rule role ARN 2048", pool: valWithRule(func(r *rolemap.Rule) { r.RoleARN = valARNOfLen(2048) }), want: []valViolation{}},
		{name: "rule role ARN 2049", pool: valWithRule(func(r *rolemap.Rule) { r.RoleARN = valARNOfLen(2049) }),
			want: []valViolation{{valRulePath + ".RoleARN", "invalid"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, valViolations(t, tt.pool, tt.opts...)); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}

// valMappings returns valPool with n Token valMappings.
func valMappings(n int) rolemap.Pool {
	p := valPool()
	p.RoleMappings = map[string]rolemap.Mapping{}
	for i := range n {
		p.RoleMappings["p"+strconv.Itoa(i)+".example.com"] = rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny}
	}
	return p
}

// valKeyed returns valPool with its mapping under key.
func valKeyed(key string) rolemap.Pool {
	p := valPool()
	p.RoleMappings = map[string]rolemap.Mapping{key: p.RoleMappings[valGoogle]}
	return p
}

func TestValidationMaxRulesOption(t *testing.T) {
	for _, n := range []int{-1, 0, 401} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			_, err := rolemap.Compile(valPool(), rolemap.WithMaxRules(n))
			if err == nil {
				t.Fatalf("Compile with WithMaxRules(%d) succeeded; want an error", n)
			}
			var ve *rolemap.ValidationError
			if errors.As(err, &ve) {
				t.Errorf("Compile with WithMaxRules(%d): %v; want an option error, not a ValidationError", n, err)
			}
		})
	}
}

func TestValidationNotConfiguredProvider(t *testing.T) {
	const (
		up       = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
		oidcARN  = "arn:aws:iam::111122223333:oidc-provider/login.example.com"
		samlARN  = "arn:aws:iam::111122223333:saml-provider/Corp"
		samlARN2 = "arn:aws:iam::111122223333:saml-provider/Other"
	)
	listed := func(p rolemap.Pool) rolemap.Pool {
		p.CognitoIdentityProviders = []rolemap.Provider{{ProviderName: up, ClientID: "client1"}}
		p.SupportedLoginProviders = map[string]string{valGoogle: "app.apps.googleusercontent.com"}
		p.OpenIDConnectProviderARNs = []string{oidcARN}
		p.SAMLProviderARNs = []string{samlARN}
		return p
	}
	tests := []struct {
		name  string
		pool  rolemap.Pool
		key   string
		valid bool
	}{
		{name: "user pool configured", pool: listed(valPool()), key: up + ":client1", valid: true},
		{name: "user pool, other client", pool: listed(valPool()), key: up + ":client2"},
		{name: "user pool without client", pool: listed(valPool()), key: up},
		{name: "social configured", pool: listed(valPool()), key: valGoogle, valid: true},
		{name: "social not configured", pool: listed(valPool()), key: "graph.facebook.com"},
		{name: "OIDC configured", pool: listed(valPool()), key: "login.example.com", valid: true},
		{name: "OIDC ARN as key", pool: listed(valPool()), key: oidcARN},
		{name: "OIDC not configured", pool: listed(valPool()), key: "other.example.com"},
		{name: "SAML configured", pool: listed(valPool()), key: samlARN, valid: true},
		{name: "SAML not configured", pool: listed(valPool()), key: samlARN2},
		{name: "providers listed empty", pool: func() rolemap.Pool { p := valPool(); p.SAMLProviderARNs = []string{}; return p }(), key: valGoogle},
		{name: "providers unknown", pool: valPool(), key: "graph.facebook.com", valid: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.pool
			p.RoleMappings = map[string]rolemap.Mapping{tt.key: valPool().RoleMappings[valGoogle]}
			_, err := rolemap.Compile(p)
			if tt.valid {
				if err != nil {
					t.Fatalf("Compile: %v; want a valid pool", err)
				}
				return
			}
			type detailed struct{ Path, Err, Detail string }
			want := []detailed{{
				Path:   "RoleMappings[" + strconv.Quote(tt.key) + "]",
				Err:    "invalid",
				Detail: "(" + tt.key + ") is not a valid RoleMapping ProviderName or is not a configured provider.",
			}}
			var ve *rolemap.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Compile: %v; want a *rolemap.ValidationError", err)
			}
			got := []detailed{}
			for _, fe := range ve.Errors {
				got = append(got, detailed{Path: fe.Path, Err: valSentinel(fe), Detail: fe.Detail})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidationAllAtOnce checks that every violation is reported, sorted by
// path, each findable with errors.Is and errors.As.
func TestValidationAllAtOnce(t *testing.T) {
	p := rolemap.Pool{
		IdentityPoolID: "not a pool id",
		Roles:          map[string]string{"authenticated": "short", "guest": valRoleARN, "unauthenticated": valRoleARN},
		RoleMappings: map[string]rolemap.Mapping{
			"b.example.com": {Type: "token"},
			"a.example.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny, RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "hd", MatchType: rolemap.Equals, Value: "x", RoleARN: valRoleARN},
				{Claim: "a b", MatchType: "Like", Value: "", RoleARN: "short"},
			}}},
			"c.example.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny},
		},
	}
	want := []valViolation{
		{"IdentityPoolId", "invalid"},
		{`RoleMappings["a.example.com"].RulesConfiguration.Rules[1].Claim`, "invalid"},
		{`RoleMappings["a.example.com"].RulesConfiguration.Rules[1].MatchType`, "invalid"},
		{`RoleMappings["a.example.com"].RulesConfiguration.Rules[1].RoleARN`, "invalid"},
		{`RoleMappings["a.example.com"].RulesConfiguration.Rules[1].Value`, "missing"},
		{`RoleMappings["b.example.com"].AmbiguousRoleResolution`, "missing"},
		{`RoleMappings["b.example.com"].Type`, "invalid"},
		{`RoleMappings["c.example.com"].RulesConfiguration`, "missing"},
		{"Roles", "over"},
		{`Roles["authenticated"]`, "invalid"},
		{`Roles["guest"]`, "invalid"},
	}
	if diff := cmp.Diff(want, valViolations(t, p)); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
	_, err := rolemap.Compile(p)
	for _, s := range []error{rolemap.ErrMissing, rolemap.ErrInvalidValue, rolemap.ErrOverLimit} {
		if !errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = false; want true", s)
		}
	}
	var fe *rolemap.FieldError
	if !errors.As(err, &fe) || fe.Path != "IdentityPoolId" {
		t.Errorf("errors.As found %v; want the first valViolation, at IdentityPoolId", fe)
	}
}

// TestValidationHuge validates pools far beyond AWS's limits: it must finish
// without panicking and report the valViolations.
func TestValidationHuge(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	p := valPool()
	p.IdentityPoolID = big
	p.Roles = map[string]string{big: big, "authenticated": big, "unauthenticated": valRoleARN}
	for i := range 10000 {
		p.RoleMappings["k"+strconv.Itoa(i)+"\xff\xfe"] = rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny}
	}
	// A long key and many rules: checking its rules would copy the key into
	// every rule's path.
	rules := make([]rolemap.Rule, 5000)
	for i := range rules {
		rules[i] = rolemap.Rule{Claim: "c", MatchType: rolemap.Equals, Value: "v", RoleARN: valRoleARN}
	}
	rules[0] = rolemap.Rule{Claim: big + "\xff", MatchType: rolemap.MatchType(big), Value: big, RoleARN: big}
	p.RoleMappings[big] = rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
	got := valViolations(t, p)
	// Paths quote at most 512 bytes of a key, and count the rest.
	clipped := strconv.Quote(big[:512]) + "… (1048576 bytes)"
	bigKey := "RoleMappings[" + clipped + "]"
	want := []valViolation{
		{"IdentityPoolId", "invalid"},
		{"RoleMappings", "over"},
		{bigKey, "invalid"}, // an over-long key: its contents are not checked
		{"Roles", "over"},
		{`Roles["authenticated"]`, "invalid"},
		{"Roles[" + clipped + "]", "invalid"},
		{"Roles[" + clipped + "]", "invalid"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("violations (-want +got):\n%.2000s", diff)
	}
}

// TestValidationSortedByPath checks that violations come sorted by path, on
// pools with violations in every section, keys that quote differently from
// how they sort raw, and more than ten rules.
func TestValidationSortedByPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"", "a", "a\n", "a\"", "a\xff", "A", "é", "a]", "b", strings.Repeat("z", 129)}),
			0, 12, rapid.ID[string]).Draw(t, "keys")
		p := rolemap.Pool{
			IdentityPoolID: rapid.SampledFrom([]string{"", "bad", valPoolID}).Draw(t, "poolID"),
			RoleMappings:   map[string]rolemap.Mapping{},
		}
		if rapid.Bool().Draw(t, "roles") {
			p.Roles = map[string]string{}
			for _, k := range rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"authenticated", "unauthenticated", "x", "x\n", "\xff"}), 0, 5, rapid.ID[string]).Draw(t, "roleKeys") {
				p.Roles[k] = rapid.SampledFrom([]string{"", "short", valRoleARN}).Draw(t, "roleARN")
			}
		}
		for _, k := range keys {
			n := rapid.IntRange(0, 12).Draw(t, "rules")
			rules := make([]rolemap.Rule, n)
			for i := range rules {
				rules[i] = rolemap.Rule{
					Claim:     rapid.SampledFrom([]string{"", "c", "a b"}).Draw(t, "claim"),
					MatchType: rolemap.MatchType(rapid.SampledFrom([]string{"", "Equals", "equals"}).Draw(t, "matchType")),
					Value:     rapid.SampledFrom([]string{"", "v"}).Draw(t, "value"),
					RoleARN:   rapid.SampledFrom([]string{"", valRoleARN}).Draw(t, "ruleARN"),
				}
			}
			p.RoleMappings[k] = rolemap.Mapping{
				Type:                    rolemap.MappingType(rapid.SampledFrom([]string{"", "Rules", "Token", "rules"}).Draw(t, "type")),
				AmbiguousRoleResolution: rolemap.AmbiguousRoleResolution(rapid.SampledFrom([]string{"", "Deny"}).Draw(t, "ambiguous")),
				RulesConfiguration:      &rolemap.RulesConfiguration{Rules: rules},
			}
		}
		_, err := rolemap.Compile(p, rolemap.WithMaxRules(10))
		var ve *rolemap.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("Compile: %v", err)
		}
		if ve == nil {
			return
		}
		paths := make([]string, len(ve.Errors))
		for i, fe := range ve.Errors {
			paths[i] = fe.Path
		}
		if !slices.IsSorted(paths) {
			t.Fatalf("paths are not sorted:\n%s", strings.Join(paths, "\n"))
		}
	})
}
