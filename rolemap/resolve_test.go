package rolemap_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Fixtures shared by the tests of this package.
const (
	poolID     = "us-east-1:11111111-2222-3333-4444-555555555555"
	authARN    = "arn:aws:iam::111122223333:role/Auth"
	unauthARN  = "arn:aws:iam::111122223333:role/Unauth"
	roleA      = "arn:aws:iam::111122223333:role/A"
	roleB      = "arn:aws:iam::111122223333:role/B"
	roleC      = "arn:aws:iam::111122223333:role/C"
	roleD      = "arn:aws:iam::111122223333:role/D"
	upLogin    = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
	upIssuer   = "https://" + upLogin
	otherPool  = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"
	clientID   = "7h778muira8dkr69dt35jhbjo8"
	otherApp   = "1example23456789abcdefghij"
	upKey      = upLogin + ":" + clientID
	google     = "accounts.google.com"
	facebook   = "graph.facebook.com"
	oidcHost   = "login.example.com"
	oidcARN    = "arn:aws:iam::111122223333:oidc-provider/login.example.com"
	samlARN    = "arn:aws:iam::111122223333:saml-provider/Okta"
	otherSAML  = "arn:aws:iam::111122223333:saml-provider/Other"
	samlAttr   = "https://aws.amazon.com/SAML/Attributes/Role"
	rolesClaim = "cognito:roles"
	prefClaim  = "cognito:preferred_role"
)

// AWS's messages, typed out here so that a typo in the library shows.
const (
	msgUnauth   = "Unauthenticated access is not supported for this identity pool."
	msgConfig   = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
	msgIssuer   = "Invalid login token. Issuer doesn't match providerName"
	msgAud      = "Invalid login token. Missing a required claim: aud"
	msgProvider = "Token is not from a supported provider of this identity pool."
)

func denyMsg(key string) string {
	return "The ambiguous role mapping rules for: " + key + " denied this request."
}

const (
	codeNotAuthorized = "NotAuthorizedException"
	codeInvalidParam  = "InvalidParameterException"
	codeInvalidConfig = "InvalidIdentityPoolConfigurationException"
)

// anyMessage in a wanted result means: the message is not part of the
// contract, compare the code only.
const anyMessage = "\x00any message"

// result is what a test compares: a decision, or an error.
type result struct {
	Role      string
	Reason    rolemap.Reason
	Key       string // Decision.MappingKey or Error.MappingKey
	RuleIndex int
	Code      string
	Message   string
}

func ok(role string, reason rolemap.Reason, key string) result {
	return result{Role: role, Reason: reason, Key: key, RuleIndex: -1}
}

func matched(role, key string, index int) result {
	return result{Role: role, Reason: rolemap.ReasonRuleMatch, Key: key, RuleIndex: index}
}

func fail(code, message, key string) result {
	return result{Code: code, Message: message, Key: key, RuleIndex: -1}
}

func deny(key string) result { return fail(codeNotAuthorized, denyMsg(key), key) }

var sentinels = map[string]error{
	codeNotAuthorized: rolemap.ErrNotAuthorized,
	codeInvalidParam:  rolemap.ErrInvalidParameter,
	codeInvalidConfig: rolemap.ErrInvalidIdentityPoolConfiguration,
}

// outcome turns what Resolve returned into a result, checking that an error
// is a *rolemap.Error that errors.Is matches with its sentinel, and only with
// it.
func outcome(t *testing.T, d rolemap.Decision, err error) result {
	t.Helper()
	if err == nil {
		return result{Role: d.RoleARN, Reason: d.Reason, Key: d.MappingKey, RuleIndex: d.RuleIndex()}
	}
	var e *rolemap.Error
	if !errors.As(err, &e) {
		t.Fatalf("Resolve error %v (%T) is not a *rolemap.Error", err, err)
	}
	for code, s := range sentinels {
		if got, want := errors.Is(err, s), code == e.Code; got != want {
			t.Errorf("errors.Is(%v, Err for %s) = %v, want %v", err, code, got, want)
		}
	}
	return result{Code: e.Code, Message: e.Message, Key: e.MappingKey, RuleIndex: -1}
}

// check resolves req and compares the result with want.
func check(t *testing.T, r *rolemap.Resolver, req rolemap.Request, want result) {
	t.Helper()
	d, err := r.Resolve(req)
	got := outcome(t, d, err)
	if want.Message == anyMessage && got.Code != "" {
		got.Message = anyMessage
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Resolve(%+v) (-want +got):\n%s", req, diff)
	}
}

func compile(t *testing.T, p rolemap.Pool, opts ...rolemap.Option) *rolemap.Resolver {
	t.Helper()
	r, err := rolemap.Compile(p, opts...)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// pool returns a valid pool with both default roles, guests allowed, no
// provider configuration and the given mappings.
func pool(mappings map[string]rolemap.Mapping) rolemap.Pool {
	return rolemap.Pool{
		IdentityPoolID:                 poolID,
		AllowUnauthenticatedIdentities: ptr(true),
		Roles:                          map[string]string{"authenticated": authARN, "unauthenticated": unauthARN},
		RoleMappings:                   mappings,
	}
}

// rulesMapping is a Rules mapping.
func rulesMapping(amb rolemap.AmbiguousRoleResolution, rules ...rolemap.Rule) rolemap.Mapping {
	return rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: amb,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
}

func tokenMapping(amb rolemap.AmbiguousRoleResolution) rolemap.Mapping {
	return rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: amb}
}

func rule(claim string, mt rolemap.MatchType, value, role string) rolemap.Rule {
	return rolemap.Rule{Claim: claim, MatchType: mt, Value: value, RoleARN: role}
}

// up returns user pool claims for app client aud, plus extra claims
// (name, value pairs).
func up(aud any, extra ...any) map[string]any {
	c := map[string]any{"iss": upIssuer, "aud": aud, "sub": "5b3f4c1e-0000-4000-8000-000000000001", "token_use": "id"}
	return with(c, extra...)
}

// claims builds a claims map from name, value pairs.
func claims(kv ...any) map[string]any { return with(map[string]any{}, kv...) }

func with(c map[string]any, kv ...any) map[string]any {
	for i := 0; i < len(kv); i += 2 {
		c[kv[i].(string)] = kv[i+1]
	}
	return c
}

// saml returns SAML attributes whose Role attribute is v.
func saml(v any, extra ...any) map[string]any { return claims(append([]any{samlAttr, v}, extra...)...) }

// pair is a SAML Role attribute value: role ARN, then provider ARN.
func pair(role string) string { return role + "," + samlARN }

func TestKindOf(t *testing.T) {
	tests := []struct {
		name  string
		login string
		want  rolemap.ProviderKind
	}{
		{name: "empty", login: "", want: rolemap.KindUnauthenticated},
		{name: "user pool", login: upLogin, want: rolemap.KindUserPool},
		{name: "user pool minimal", login: "cognito-idp./", want: rolemap.KindUserPool},
		{name: "cognito-idp without slash", login: "cognito-idp.us-east-1.amazonaws.com", want: rolemap.KindOIDC},
		{name: "cognito-idp not at the start", login: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X", want: rolemap.KindOIDC},
		{name: "cognito-idp upper case", login: "COGNITO-IDP.us-east-1.amazonaws.com/us-east-1_X", want: rolemap.KindOIDC},
		{name: "saml provider arn", login: samlARN, want: rolemap.KindSAML},
		{name: "saml provider arn other partition", login: "arn:aws-cn:iam::111122223333:saml-provider/X", want: rolemap.KindSAML},
		{name: "arn without saml-provider", login: "arn:aws:iam::111122223333:role/Saml", want: rolemap.KindOIDC},
		{name: "oidc provider arn", login: oidcARN, want: rolemap.KindOIDC},
		{name: "saml-provider without arn", login: "saml-provider/Okta", want: rolemap.KindOIDC},
		{name: "facebook", login: "graph.facebook.com", want: rolemap.KindSocial},
		{name: "amazon", login: "www.amazon.com", want: rolemap.KindSocial},
		{name: "twitter", login: "api.twitter.com", want: rolemap.KindSocial},
		{name: "digits", login: "www.digits.com", want: rolemap.KindSocial},
		{name: "google", login: "accounts.google.com", want: rolemap.KindSocial},
		{name: "apple", login: "appleid.apple.com", want: rolemap.KindSocial},
		{name: "google upper case", login: "ACCOUNTS.GOOGLE.COM", want: rolemap.KindOIDC},
		{name: "google with path", login: "accounts.google.com/", want: rolemap.KindOIDC},
		{name: "google with scheme", login: "https://accounts.google.com", want: rolemap.KindOIDC},
		{name: "oidc host", login: oidcHost, want: rolemap.KindOIDC},
		{name: "oidc host with https", login: "https://login.example.com", want: rolemap.KindOIDC},
		{name: "oidc host with path", login: "login.example.com/tenant", want: rolemap.KindOIDC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rolemap.KindOf(tt.login); got != tt.want {
				t.Errorf("KindOf(%q) = %v, want %v", tt.login, got, tt.want)
			}
		})
	}
}

func TestUserPoolID(t *testing.T) {
	tests := []struct{ login, want string }{
		{upLogin, upLogin[strings.IndexByte(upLogin, '/')+1:]},
		{"cognito-idp.us-east-1.amazonaws.com/us-east-1_X:client", "us-east-1_X:client"},
		{"cognito-idp./", ""},
		{"cognito-idp.us-east-1.amazonaws.com", ""},
		{"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X", ""},
		{"accounts.google.com", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := rolemap.UserPoolID(tt.login); got != tt.want {
			t.Errorf("UserPoolID(%q) = %q, want %q", tt.login, got, tt.want)
		}
	}
}

func TestProviderKindString(t *testing.T) {
	tests := []struct {
		name string
		kind rolemap.ProviderKind
		want string
	}{
		{name: "unauthenticated", kind: rolemap.KindUnauthenticated, want: "unauthenticated"},
		{name: "user pool", kind: rolemap.KindUserPool, want: "user pool"},
		{name: "social", kind: rolemap.KindSocial, want: "social"},
		{name: "oidc", kind: rolemap.KindOIDC, want: "OIDC"},
		{name: "saml", kind: rolemap.KindSAML, want: "SAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolveRequestChecks(t *testing.T) {
	// A 20-code-point unauthenticated role and a 2048-code-point
	// authenticated role, so that the boundaries can succeed.
	short := "arn:aws:iam::1:role/"
	long := "arn:aws:iam::111122223333:role/" + strings.Repeat("x", spec.CustomRoleARNMaxLen-len("arn:aws:iam::111122223333:role/"))
	if n := len(short); n != spec.CustomRoleARNMinLen {
		t.Fatalf("len(short) = %d", n)
	}
	p := pool(nil)
	p.Roles = map[string]string{"authenticated": long, "unauthenticated": short}
	r := compile(t, p)
	closed := pool(nil)
	closed.AllowUnauthenticatedIdentities = nil
	rc := compile(t, closed)

	invalid := fail(codeInvalidParam, anyMessage, "")
	tests := []struct {
		name string
		r    *rolemap.Resolver
		req  rolemap.Request
		want result
	}{
		{name: "login 128 ascii", r: r, req: rolemap.Request{Login: strings.Repeat("a", spec.LoginMaxLen)},
			want: ok(long, rolemap.ReasonNoMapping, "")},
		{name: "login 129 ascii", r: r, req: rolemap.Request{Login: strings.Repeat("a", spec.LoginMaxLen+1)}, want: invalid},
		{name: "login 128 two-byte code points", r: r, req: rolemap.Request{Login: strings.Repeat("é", spec.LoginMaxLen)},
			want: ok(long, rolemap.ReasonNoMapping, "")},
		{name: "login 129 two-byte code points", r: r, req: rolemap.Request{Login: strings.Repeat("é", spec.LoginMaxLen+1)}, want: invalid},
		{name: "login 128 four-byte code points", r: r, req: rolemap.Request{Login: strings.Repeat("😀", spec.LoginMaxLen)},
			want: ok(long, rolemap.ReasonNoMapping, "")},
		{name: "login 129 four-byte code points", r: r, req: rolemap.Request{Login: strings.Repeat("😀", spec.LoginMaxLen+1)}, want: invalid},
		{name: "custom 19", r: r, req: rolemap.Request{CustomRoleARN: short[:19]}, want: invalid},
		{name: "custom 20", r: r, req: rolemap.Request{CustomRoleARN: short}, want: ok(short, rolemap.ReasonUnauthenticated, "")},
		{name: "custom 2048", r: r, req: rolemap.Request{Login: google, CustomRoleARN: long}, want: ok(long, rolemap.ReasonNoMapping, "")},
		{name: "custom 2049", r: r, req: rolemap.Request{Login: google, CustomRoleARN: long + "x"}, want: invalid},
		{name: "custom 19 two-byte code points", r: r, req: rolemap.Request{Login: google, CustomRoleARN: strings.Repeat("é", 19)}, want: invalid},
		{name: "custom 20 two-byte code points", r: r, req: rolemap.Request{Login: google, CustomRoleARN: strings.Repeat("é", 20)},
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "custom 2048 two-byte code points", r: r, req: rolemap.Request{Login: google, CustomRoleARN: strings.Repeat("é", 2048)},
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "custom 2049 two-byte code points", r: r, req: rolemap.Request{Login: google, CustomRoleARN: strings.Repeat("é", 2049)}, want: invalid},
		{name: "request checks come before the guest check", r: rc, req: rolemap.Request{CustomRoleARN: "arn:aws:iam::1:role"}, want: invalid},
		{name: "login checked before token checks", r: r,
			req:  rolemap.Request{Login: "cognito-idp." + strings.Repeat("a", spec.LoginMaxLen) + "/x", Claims: claims("iss", "https://evil")},
			want: invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, tt.r, tt.req, tt.want) })
	}
}

func TestResolveUnauthenticated(t *testing.T) {
	absent := pool(nil)
	absent.AllowUnauthenticatedIdentities = nil
	off := pool(nil)
	off.AllowUnauthenticatedIdentities = ptr(false)
	noRole := pool(nil)
	noRole.Roles = map[string]string{"authenticated": authARN}
	on := pool(map[string]rolemap.Mapping{google: tokenMapping(rolemap.AmbiguousDeny)})

	tests := []struct {
		name string
		pool rolemap.Pool
		req  rolemap.Request
		want result
	}{
		{name: "allow absent means false", pool: absent, want: fail(codeNotAuthorized, msgUnauth, "")},
		{name: "allow false", pool: off, want: fail(codeNotAuthorized, msgUnauth, "")},
		{name: "allow false with custom role", pool: off, req: rolemap.Request{CustomRoleARN: unauthARN},
			want: fail(codeNotAuthorized, msgUnauth, "")},
		{name: "no unauthenticated role", pool: noRole, want: fail(codeInvalidConfig, msgConfig, "")},
		{name: "unauthenticated role", pool: on, want: ok(unauthARN, rolemap.ReasonUnauthenticated, "")},
		{name: "custom role equal", pool: on, req: rolemap.Request{CustomRoleARN: unauthARN},
			want: ok(unauthARN, rolemap.ReasonUnauthenticated, "")},
		{name: "custom role different", pool: on, req: rolemap.Request{CustomRoleARN: roleA},
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "custom role is the authenticated role", pool: on, req: rolemap.Request{CustomRoleARN: authARN},
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "claims are ignored", pool: on,
			req:  rolemap.Request{Claims: claims("iss", "https://evil", rolesClaim, []any{roleA}, prefClaim, roleA)},
			want: ok(unauthARN, rolemap.ReasonUnauthenticated, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, compile(t, tt.pool), tt.req, tt.want) })
	}
}

// knownPool lists one provider of each kind.
func knownPool() rolemap.Pool {
	p := pool(nil)
	p.CognitoIdentityProviders = []rolemap.Provider{{ProviderName: upLogin, ClientID: clientID}}
	p.SupportedLoginProviders = map[string]string{google: "123.apps.googleusercontent.com"}
	p.OpenIDConnectProviderARNs = []string{oidcARN}
	p.SAMLProviderARNs = []string{samlARN}
	return p
}

func TestResolveTokenChecks(t *testing.T) {
	known := compile(t, knownPool())
	unknown := compile(t, pool(nil))
	emptySAML := pool(nil)
	emptySAML.SAMLProviderARNs = []string{}
	emptySocial := pool(nil)
	emptySocial.SupportedLoginProviders = map[string]string{}
	emptyUserPools := pool(nil)
	emptyUserPools.CognitoIdentityProviders = []rolemap.Provider{}
	emptyOIDC := pool(nil)
	emptyOIDC.OpenIDConnectProviderARNs = []string{}

	def := ok(authARN, rolemap.ReasonNoMapping, "")
	single := ok(roleA, rolemap.ReasonSAML, "")
	iss := fail(codeNotAuthorized, msgIssuer, "")
	aud := fail(codeNotAuthorized, msgAud, "")
	notConfigured := fail(codeNotAuthorized, msgProvider, "")
	tests := []struct {
		name   string
		r      *rolemap.Resolver
		login  string
		claims map[string]any
		want   result
	}{
		// iss
		{name: "user pool iss with https", r: known, login: upLogin, claims: up(clientID), want: def},
		{name: "user pool iss without https", r: known, login: upLogin, claims: up(clientID, "iss", upLogin), want: def},
		{name: "user pool iss absent", r: known, login: upLogin, claims: claims("aud", clientID), want: def},
		{name: "user pool iss null is absent", r: known, login: upLogin, claims: up(clientID, "iss", nil), want: def},
		{name: "user pool iss other pool", r: known, login: upLogin, claims: up(clientID, "iss", "https://"+otherPool), want: iss},
		{name: "user pool iss http", r: known, login: upLogin, claims: up(clientID, "iss", "http://"+upLogin), want: iss},
		{name: "user pool iss https twice", r: known, login: upLogin, claims: up(clientID, "iss", "https://"+upIssuer), want: iss},
		{name: "user pool iss trailing slash", r: known, login: upLogin, claims: up(clientID, "iss", upIssuer+"/"), want: iss},
		{name: "user pool iss empty", r: known, login: upLogin, claims: up(clientID, "iss", ""), want: iss},
		{name: "user pool iss number", r: known, login: upLogin, claims: up(clientID, "iss", 5.0), want: iss},
		{name: "user pool iss array", r: known, login: upLogin, claims: up(clientID, "iss", []any{upIssuer}), want: iss},
		{name: "user pool iss object", r: known, login: upLogin, claims: up(clientID, "iss", map[string]any{}), want: iss},
		{name: "oidc iss with https", r: known, login: oidcHost, claims: claims("iss", "https://"+oidcHost), want: def},
		{name: "oidc iss without https", r: known, login: oidcHost, claims: claims("iss", oidcHost), want: def},
		{name: "oidc iss absent", r: known, login: oidcHost, claims: claims("sub", "x"), want: def},
		{name: "oidc iss other", r: known, login: oidcHost, claims: claims("iss", "https://evil.example.com"), want: iss},
		{name: "oidc iss bool", r: known, login: oidcHost, claims: claims("iss", true), want: iss},
		{name: "oidc login with https never matches", r: unknown, login: "https://" + oidcHost,
			claims: claims("iss", "https://"+oidcHost), want: iss},
		{name: "social iss not checked", r: known, login: google, claims: claims("iss", "https://evil.example.com"), want: def},
		{name: "social iss number not checked", r: known, login: google, claims: claims("iss", 1.0), want: def},
		{name: "saml iss not checked", r: known, login: samlARN, claims: saml(pair(roleA), "iss", "https://evil.example.com"), want: single},
		{name: "iss checked before aud", r: known, login: upLogin, claims: claims("iss", "https://evil"), want: iss},
		{name: "iss checked before providers", r: known, login: otherPool, claims: up(otherApp, "iss", "https://evil"), want: iss},

		// aud
		{name: "aud one-element array", r: known, login: upLogin, claims: up([]any{clientID}), want: def},
		{name: "aud one-element string slice", r: known, login: upLogin, claims: up([]string{clientID}), want: def},
		{name: "aud absent", r: known, login: upLogin, claims: claims("iss", upIssuer), want: aud},
		{name: "aud null", r: known, login: upLogin, claims: up(nil), want: aud},
		{name: "aud empty string", r: known, login: upLogin, claims: up(""), want: aud},
		{name: "aud empty array", r: known, login: upLogin, claims: up([]any{}), want: aud},
		{name: "aud array of empty string", r: known, login: upLogin, claims: up([]any{""}), want: aud},
		{name: "aud two-element array", r: known, login: upLogin, claims: up([]any{clientID, otherApp}), want: aud},
		{name: "aud two equal elements", r: known, login: upLogin, claims: up([]any{clientID, clientID}), want: aud},
		{name: "aud number", r: known, login: upLogin, claims: up(5.0), want: aud},
		{name: "aud array of number", r: known, login: upLogin, claims: up([]any{5.0}), want: aud},
		{name: "aud object", r: known, login: upLogin, claims: up(map[string]any{"x": clientID}), want: aud},
		{name: "aud checked before providers", r: known, login: otherPool, claims: claims("iss", "https://"+otherPool), want: aud},
		{name: "aud not required for oidc", r: known, login: oidcHost, claims: claims("iss", "https://"+oidcHost), want: def},
		{name: "aud not required for social", r: known, login: google, claims: claims(), want: def},

		// known providers
		{name: "user pool other app client", r: known, login: upLogin, claims: up(otherApp), want: notConfigured},
		{name: "user pool other pool", r: known, login: otherPool, claims: up(clientID, "iss", "https://"+otherPool), want: notConfigured},
		{name: "social configured", r: known, login: google, claims: claims(), want: def},
		{name: "social not configured", r: known, login: facebook, claims: claims(), want: notConfigured},
		{name: "oidc configured via arn host", r: known, login: oidcHost, claims: claims(), want: def},
		{name: "oidc not configured", r: known, login: "other.example.com", claims: claims(), want: notConfigured},
		{name: "oidc arn as login", r: known, login: oidcARN, claims: claims(), want: notConfigured},
		{name: "saml configured", r: known, login: samlARN, claims: saml(pair(roleA)), want: single},
		{name: "saml not configured", r: known, login: otherSAML, claims: saml(pair(roleA)), want: notConfigured},

		// unknown providers: every login is accepted
		{name: "unknown user pool other app client", r: unknown, login: upLogin, claims: up(otherApp), want: def},
		{name: "unknown user pool other pool", r: unknown, login: otherPool, claims: up(clientID, "iss", "https://"+otherPool), want: def},
		{name: "unknown social", r: unknown, login: facebook, claims: claims(), want: def},
		{name: "unknown oidc", r: unknown, login: "other.example.com", claims: claims(), want: def},
		{name: "unknown saml", r: unknown, login: otherSAML, claims: saml(pair(roleA)), want: single},

		// a present but empty list or map makes the configuration known
		{name: "empty saml list refuses social", r: compile(t, emptySAML), login: google, claims: claims(), want: notConfigured},
		{name: "empty saml list refuses saml", r: compile(t, emptySAML), login: samlARN, claims: saml(pair(roleA)), want: notConfigured},
		{name: "empty social map refuses social", r: compile(t, emptySocial), login: google, claims: claims(), want: notConfigured},
		{name: "empty user pool list refuses user pool", r: compile(t, emptyUserPools), login: upLogin, claims: up(clientID), want: notConfigured},
		{name: "empty oidc list refuses oidc", r: compile(t, emptyOIDC), login: oidcHost, claims: claims(), want: notConfigured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, tt.r, rolemap.Request{Login: tt.login, Claims: tt.claims}, tt.want)
		})
	}
}

func TestResolveKnownProvidersFromDocument(t *testing.T) {
	// An empty list in the JSON document counts as present.
	p, err := rolemap.ParsePool([]byte(`{"IdentityPoolId": "` + poolID + `",
		"Roles": {"authenticated": "` + authARN + `"}, "OpenIdConnectProviderARNs": []}`))
	if err != nil {
		t.Fatal(err)
	}
	r := compile(t, p)
	check(t, r, rolemap.Request{Login: oidcHost}, fail(codeNotAuthorized, msgProvider, ""))
	// Each provider list set to null counts as present and empty (rolemap/REFERENCE.md §1,
	// fail closed): a Token mapping for an unlisted login never applies.
	for _, member := range []string{"CognitoIdentityProviders", "SupportedLoginProviders", "OpenIdConnectProviderARNs", "SamlProviderARNs"} {
		p, err = rolemap.ParsePool([]byte(`{"IdentityPoolId": "` + poolID + `",
			"Roles": {"authenticated": "` + authARN + `"}, "` + member + `": null}`))
		if err != nil {
			t.Fatal(err)
		}
		r := compile(t, p)
		check(t, r, rolemap.Request{Login: oidcHost}, fail(codeNotAuthorized, msgProvider, ""))
		check(t, r, rolemap.Request{Login: google}, fail(codeNotAuthorized, msgProvider, ""))
	}
	// Without any provider list, the configuration is unknown.
	p, err = rolemap.ParsePool([]byte(`{"IdentityPoolId": "` + poolID + `",
		"Roles": {"authenticated": "` + authARN + `"}}`))
	if err != nil {
		t.Fatal(err)
	}
	check(t, compile(t, p), rolemap.Request{Login: oidcHost}, ok(authARN, rolemap.ReasonNoMapping, ""))
}

// TestNullProvidersKeepMappingChecks is the exploit rolemap/REFERENCE.md §1 closes: with
// SupportedLoginProviders null, a Token mapping for evil.example.com must
// not be compiled with provider checks off.
func TestNullProvidersKeepMappingChecks(t *testing.T) {
	_, err := rolemap.ParsePool([]byte(`{"IdentityPoolId": "` + poolID + `",
		"SupportedLoginProviders": null, "Roles": {},
		"RoleMappings": {"evil.example.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := rolemap.ParsePool([]byte(`{"IdentityPoolId": "` + poolID + `",
		"SupportedLoginProviders": null, "Roles": {},
		"RoleMappings": {"evil.example.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}}}`))
	_, err = rolemap.Compile(p)
	var ve *rolemap.ValidationError
	if !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Path != `RoleMappings["evil.example.com"]` {
		t.Fatalf("Compile: %v; want the mapping key refused as not a configured provider", err)
	}
}

func TestResolveMappingKey(t *testing.T) {
	gold := func(role string) rolemap.Mapping {
		return rulesMapping(rolemap.AmbiguousDeny, rule("tier", rolemap.Equals, "gold", role))
	}
	colonKey := upLogin + ":x:y"
	r := compile(t, pool(map[string]rolemap.Mapping{
		upKey:    gold(roleA),
		upLogin:  gold(roleB), // a user pool key without a client never applies
		colonKey: gold(roleC),
		google:   gold(roleD),
		oidcHost: gold(roleB),
		samlARN:  gold(roleC),
	}))
	tests := []struct {
		name   string
		login  string
		claims map[string]any
		want   result
	}{
		{name: "user pool login and aud", login: upLogin, claims: up(clientID, "tier", "gold"), want: matched(roleA, upKey, 0)},
		{name: "user pool aud array", login: upLogin, claims: up([]any{clientID}, "tier", "gold"), want: matched(roleA, upKey, 0)},
		{name: "user pool no match denies with its key", login: upLogin, claims: up(clientID), want: deny(upKey)},
		{name: "user pool other app client has no mapping", login: upLogin, claims: up(otherApp, "tier", "gold"),
			want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "user pool aud with colon", login: upLogin, claims: up("x:y", "tier", "gold"), want: matched(roleC, colonKey, 0)},
		{name: "user pool aud prefix of a key", login: upLogin, claims: up("x", "tier", "gold"), want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "social", login: google, claims: claims("tier", "gold"), want: matched(roleD, google, 0)},
		{name: "oidc", login: oidcHost, claims: claims("tier", "gold"), want: matched(roleB, oidcHost, 0)},
		{name: "saml", login: samlARN, claims: saml(pair(roleA), "tier", "gold"), want: matched(roleC, samlARN, 0)},
		{name: "other login has no mapping", login: "other.example.com", claims: claims("tier", "gold"),
			want: ok(authARN, rolemap.ReasonNoMapping, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, r, rolemap.Request{Login: tt.login, Claims: tt.claims}, tt.want)
		})
	}
}

func TestResolveSAML(t *testing.T) {
	noDefaults := pool(nil)
	noDefaults.Roles = map[string]string{}
	withMapping := func(m rolemap.Mapping, roles map[string]string) *rolemap.Resolver {
		p := pool(map[string]rolemap.Mapping{samlARN: m})
		p.Roles = roles
		return compile(t, p)
	}
	defaults := map[string]string{"authenticated": authARN}
	bare := compile(t, noDefaults)
	tokenDeny := withMapping(tokenMapping(rolemap.AmbiguousDeny), map[string]string{})
	tokenAuth := withMapping(tokenMapping(rolemap.AmbiguousAuthenticatedRole), defaults)
	tokenAuthNoRole := withMapping(tokenMapping(rolemap.AmbiguousAuthenticatedRole), map[string]string{})
	rules := rulesMapping(rolemap.AmbiguousDeny,
		rule("department", rolemap.Equals, "eng", roleC),
		rule("https://aws.amazon.com/SAML/Attributes/groups", rolemap.Contains, "ops", roleD))
	rulesDeny := withMapping(rules, map[string]string{})
	rules.AmbiguousRoleResolution = rolemap.AmbiguousAuthenticatedRole
	rulesAuth := withMapping(rules, defaults)
	rulesAuthNoRole := withMapping(rules, map[string]string{})

	two := []string{pair(roleA), pair(roleB)}
	noRole := fail(codeNotAuthorized, anyMessage, "")
	tests := []struct {
		name   string
		r      *rolemap.Resolver
		claims map[string]any
		custom string
		want   result
	}{
		{name: "string attribute", r: bare, claims: saml(pair(roleA)), want: ok(roleA, rolemap.ReasonSAML, "")},
		{name: "provider first", r: bare, claims: saml(samlARN + "," + roleA), want: ok(roleA, rolemap.ReasonSAML, "")},
		{name: "string slice attribute", r: bare, claims: saml([]string{pair(roleA)}), want: ok(roleA, rolemap.ReasonSAML, "")},
		{name: "any slice attribute", r: bare, claims: saml([]any{pair(roleA)}), want: ok(roleA, rolemap.ReasonSAML, "")},
		{name: "same role in both orders", r: bare, claims: saml([]any{pair(roleA), samlARN + "," + roleA}),
			want: ok(roleA, rolemap.ReasonSAML, "")},
		{name: "malformed pairs skipped", r: bare, claims: saml([]string{
			roleA,                               // no provider
			roleA + "," + roleC + "," + samlARN, // three parts
			samlARN + "," + otherSAML,           // no role
			roleA + "," + roleC,                 // two roles
			"," + roleA,                         // empty provider
			roleA + ",",                         // empty provider
			"",
			pair(roleB),
		}), want: ok(roleB, rolemap.ReasonSAML, "")},
		{name: "non-string elements skipped", r: bare, claims: saml([]any{5.0, nil, true, map[string]any{}, []any{pair(roleA)}, pair(roleB)}),
			want: ok(roleB, rolemap.ReasonSAML, "")},
		{name: "several roles without mapping", r: bare, claims: saml(two), want: noRole},
		{name: "no attribute", r: bare, claims: claims("department", "eng"), want: noRole},
		{name: "empty attribute", r: bare, claims: saml([]string{}), want: noRole},
		{name: "only malformed values", r: bare, claims: saml([]any{roleA, 5.0}), want: noRole},
		{name: "attribute number", r: bare, claims: saml(5.0), want: noRole},
		{name: "custom role in roles", r: bare, claims: saml(two), custom: roleB, want: ok(roleB, rolemap.ReasonCustomRole, "")},
		{name: "custom role the single role", r: bare, claims: saml(pair(roleA)), custom: roleA, want: ok(roleA, rolemap.ReasonCustomRole, "")},
		{name: "custom role not in roles", r: bare, claims: saml(two), custom: roleC, want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "custom role without roles", r: bare, claims: claims(), custom: roleC, want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "custom provider half is not a role", r: bare, claims: saml(pair(roleA)), custom: samlARN,
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "token mapping single role", r: tokenDeny, claims: saml(pair(roleA)), want: ok(roleA, rolemap.ReasonSAML, samlARN)},
		{name: "token mapping several roles deny", r: tokenDeny, claims: saml(two), want: deny(samlARN)},
		{name: "token mapping no role deny", r: tokenDeny, claims: claims(), want: deny(samlARN)},
		{name: "token mapping several roles authenticated role", r: tokenAuth, claims: saml(two),
			want: ok(authARN, rolemap.ReasonAmbiguous, samlARN)},
		{name: "token mapping several roles no authenticated role", r: tokenAuthNoRole, claims: saml(two),
			want: fail(codeInvalidConfig, msgConfig, samlARN)},
		{name: "token mapping no preferred role for saml", r: tokenDeny,
			claims: saml(two, prefClaim, roleA), want: deny(samlARN)},
		{name: "token mapping cognito roles ignored for saml", r: tokenDeny,
			claims: claims(rolesClaim, []any{roleA}), want: deny(samlARN)},
		{name: "token mapping custom role in roles", r: tokenDeny, claims: saml(two), custom: roleA,
			want: ok(roleA, rolemap.ReasonCustomRole, samlARN)},
		{name: "token mapping custom role not in roles", r: tokenDeny, claims: saml(two), custom: roleC,
			want: fail(codeNotAuthorized, anyMessage, samlARN)},
		{name: "rules mapping on a single-valued attribute", r: rulesDeny, claims: saml(pair(roleA), "department", "eng"),
			want: matched(roleC, samlARN, 0)},
		{name: "rules mapping on a multi-valued attribute", r: rulesDeny,
			claims: saml(pair(roleA), "department", []string{"sales", "eng"}), want: matched(roleC, samlARN, 0)},
		{name: "rules mapping second rule", r: rulesDeny,
			claims: saml(pair(roleA), "https://aws.amazon.com/SAML/Attributes/groups", []string{"devops"}), want: matched(roleD, samlARN, 1)},
		{name: "rules mapping ignores the role attribute", r: rulesDeny, claims: saml(pair(roleA)), want: deny(samlARN)},
		{name: "rules mapping no match authenticated role", r: rulesAuth, claims: saml(pair(roleA), "department", "sales"),
			want: ok(authARN, rolemap.ReasonAmbiguous, samlARN)},
		{name: "rules mapping no match no authenticated role", r: rulesAuthNoRole, claims: saml(pair(roleA)),
			want: fail(codeInvalidConfig, msgConfig, samlARN)},
		{name: "rules mapping custom role", r: rulesDeny, claims: saml(pair(roleA), "department", "eng"), custom: roleA,
			want: fail(codeInvalidParam, anyMessage, samlARN)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, tt.r, rolemap.Request{Login: samlARN, Claims: tt.claims, CustomRoleARN: tt.custom}, tt.want)
		})
	}
}

func TestResolveNoMapping(t *testing.T) {
	full := compile(t, pool(map[string]rolemap.Mapping{upKey: tokenMapping(rolemap.AmbiguousDeny)}))
	noAuth := pool(nil)
	noAuth.Roles = map[string]string{"unauthenticated": unauthARN}
	empty := pool(nil)
	empty.Roles = map[string]string{}
	tests := []struct {
		name   string
		r      *rolemap.Resolver
		login  string
		claims map[string]any
		custom string
		want   result
	}{
		{name: "social", r: full, login: google, want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "oidc", r: full, login: oidcHost, want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "user pool other client", r: full, login: upLogin, claims: up(otherApp), want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "claims do not matter", r: full, login: google, claims: claims(rolesClaim, []any{roleA}, prefClaim, roleA),
			want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "custom role equal", r: full, login: google, custom: authARN, want: ok(authARN, rolemap.ReasonNoMapping, "")},
		{name: "custom role different", r: full, login: google, custom: roleA, want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "custom role is the unauthenticated role", r: full, login: google, custom: unauthARN,
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "no authenticated role", r: compile(t, noAuth), login: google, want: fail(codeInvalidConfig, msgConfig, "")},
		{name: "empty roles", r: compile(t, empty), login: oidcHost, want: fail(codeInvalidConfig, msgConfig, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, tt.r, rolemap.Request{Login: tt.login, Claims: tt.claims, CustomRoleARN: tt.custom}, tt.want)
		})
	}
}

func TestResolveRules(t *testing.T) {
	four := []rolemap.Rule{
		rule("hd", rolemap.Equals, "example.com", roleA),
		rule("email", rolemap.StartsWith, "admin", roleB),
		rule("cognito:groups", rolemap.Contains, "eng", roleC),
		rule("tier", rolemap.NotEqual, "free", roleD),
	}
	noAuth := func(p rolemap.Pool) rolemap.Pool {
		p.Roles = map[string]string{"unauthenticated": unauthARN}
		return p
	}
	auth := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousAuthenticatedRole, four...)}))
	denied := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousDeny, four...)}))
	authNoRole := compile(t, noAuth(pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousAuthenticatedRole, four...)})))
	userPool := compile(t, pool(map[string]rolemap.Mapping{upKey: rulesMapping(rolemap.AmbiguousDeny, four...)}))
	// The same claim read by several rules, in an order where a later rule
	// would match too.
	sameClaim := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousDeny,
		rule("email", rolemap.Contains, "@example.com", roleA),
		rule("email", rolemap.StartsWith, "admin", roleB),
		rule("email", rolemap.NotEqual, "x", roleC))}))

	tests := []struct {
		name   string
		r      *rolemap.Resolver
		login  string
		claims map[string]any
		custom string
		want   result
	}{
		{name: "first rule", r: auth, claims: claims("hd", "example.com"), want: matched(roleA, google, 0)},
		{name: "first match wins over later matches", r: auth,
			claims: claims("hd", "example.com", "email", "admin@x", "cognito:groups", []any{"eng"}, "tier", "pro"), want: matched(roleA, google, 0)},
		{name: "second rule", r: auth, claims: claims("hd", "other.org", "email", "admin@x", "tier", "pro"), want: matched(roleB, google, 1)},
		{name: "third rule on groups", r: auth, claims: claims("cognito:groups", []any{"engineering"}), want: matched(roleC, google, 2)},
		{name: "last rule", r: auth, claims: claims("tier", "pro"), want: matched(roleD, google, 3)},
		{name: "no claims", r: auth, claims: claims(), want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "nil claims", r: auth, claims: nil, want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "not equal value", r: auth, claims: claims("tier", "free"), want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "not equal null", r: auth, claims: claims("tier", nil), want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "claim names are case-sensitive", r: auth, claims: claims("HD", "example.com", "Tier", "pro"),
			want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "no match deny", r: denied, claims: claims("hd", "other.org"), want: deny(google)},
		{name: "no match no authenticated role", r: authNoRole, claims: claims("tier", "free"), want: fail(codeInvalidConfig, msgConfig, google)},
		{name: "custom role with rules", r: denied, claims: claims("hd", "example.com"), custom: roleA,
			want: fail(codeInvalidParam, anyMessage, google)},
		{name: "custom role with rules no match", r: auth, claims: claims(), custom: authARN,
			want: fail(codeInvalidParam, anyMessage, google)},
		{name: "user pool match", r: userPool, login: upLogin, claims: up(clientID, "tier", "pro"), want: matched(roleD, upKey, 3)},
		{name: "user pool deny names the client", r: userPool, login: upLogin, claims: up(clientID), want: deny(upKey)},
		{name: "same claim first", r: sameClaim, claims: claims("email", "admin@example.com"), want: matched(roleA, google, 0)},
		{name: "same claim second", r: sameClaim, claims: claims("email", "admin@other.org"), want: matched(roleB, google, 1)},
		{name: "same claim third", r: sameClaim, claims: claims("email", "bob@other.org"), want: matched(roleC, google, 2)},
		{name: "same claim none", r: sameClaim, claims: claims("email", "x"), want: deny(google)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login := tt.login
			if login == "" {
				login = google
			}
			check(t, tt.r, rolemap.Request{Login: login, Claims: tt.claims, CustomRoleARN: tt.custom}, tt.want)
		})
	}
}

func TestResolveRulesAbsentClaim(t *testing.T) {
	// A rule whose claim is absent is not evaluated, whatever its type.
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		r := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousDeny, rule("c", mt, "v", roleA))}))
		tests := []struct {
			name   string
			claims map[string]any
		}{
			{name: "absent", claims: claims("other", "w")},
			{name: "null", claims: claims("c", nil)},
			{name: "empty array", claims: claims("c", []any{})},
			{name: "array of skipped elements", claims: claims("c", []any{nil, map[string]any{}, []any{"w"}})},
		}
		for _, tt := range tests {
			t.Run(string(mt)+"/"+tt.name, func(t *testing.T) {
				check(t, r, rolemap.Request{Login: google, Claims: tt.claims}, deny(google))
			})
		}
	}
}

func TestResolveToken(t *testing.T) {
	r := compile(t, pool(map[string]rolemap.Mapping{
		upKey:  tokenMapping(rolemap.AmbiguousDeny),
		google: tokenMapping(rolemap.AmbiguousAuthenticatedRole),
		// A Token mapping ignores its rules.
		oidcHost: {Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{rule("hd", rolemap.Equals, "x", roleD)}}},
	}))
	noAuth := pool(map[string]rolemap.Mapping{google: tokenMapping(rolemap.AmbiguousAuthenticatedRole)})
	noAuth.Roles = map[string]string{}
	rNoAuth := compile(t, noAuth)

	tests := []struct {
		name   string
		r      *rolemap.Resolver
		login  string
		claims map[string]any
		custom string
		want   result
	}{
		{name: "preferred role in roles", claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, roleB),
			want: ok(roleB, rolemap.ReasonPreferredRole, upKey)},
		{name: "preferred role not in roles", claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, roleC),
			want: ok(roleC, rolemap.ReasonPreferredRole, upKey)},
		{name: "preferred role without roles", claims: up(clientID, prefClaim, roleC), want: ok(roleC, rolemap.ReasonPreferredRole, upKey)},
		{name: "preferred role beats single role", claims: up(clientID, rolesClaim, []any{roleA}, prefClaim, roleB),
			want: ok(roleB, rolemap.ReasonPreferredRole, upKey)},
		{name: "preferred role number ignored", claims: up(clientID, rolesClaim, []any{roleA}, prefClaim, 5.0),
			want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "preferred role array ignored", claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, []any{roleA}),
			want: deny(upKey)},
		{name: "preferred role empty ignored", claims: up(clientID, rolesClaim, []any{roleA}, prefClaim, ""),
			want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "preferred role null ignored", claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, nil),
			want: deny(upKey)},
		{name: "single role", claims: up(clientID, rolesClaim, []any{roleA}), want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "single role string slice", claims: up(clientID, rolesClaim, []string{roleA}), want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "non-string elements skipped", claims: up(clientID, rolesClaim, []any{5.0, nil, true, map[string]any{}, []any{roleB}, roleA, struct{}{}}),
			want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "empty element skipped", claims: up(clientID, rolesClaim, []any{"", roleA}), want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "duplicates count once", claims: up(clientID, rolesClaim, []any{roleA, roleA}), want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "several roles", claims: up(clientID, rolesClaim, []any{roleA, roleB}), want: deny(upKey)},
		{name: "no roles", claims: up(clientID), want: deny(upKey)},
		{name: "roles null", claims: up(clientID, rolesClaim, nil), want: deny(upKey)},
		{name: "roles empty array", claims: up(clientID, rolesClaim, []any{}), want: deny(upKey)},
		{name: "roles number", claims: up(clientID, rolesClaim, 5.0), want: deny(upKey)},
		{name: "roles object", claims: up(clientID, rolesClaim, map[string]any{roleA: roleA}), want: deny(upKey)},
		{name: "comma string single", claims: up(clientID, rolesClaim, roleA), want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "comma string trimmed and empties dropped", claims: up(clientID, rolesClaim, " "+roleA+" , , ,"),
			want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "comma string duplicates", claims: up(clientID, rolesClaim, roleA+", "+roleA), want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "comma string several", claims: up(clientID, rolesClaim, roleA+", "+roleB), want: deny(upKey)},
		{name: "comma string empty", claims: up(clientID, rolesClaim, ""), want: deny(upKey)},
		{name: "comma string only separators", claims: up(clientID, rolesClaim, " , ,"), want: deny(upKey)},
		{name: "array elements are not split", claims: up(clientID, rolesClaim, []any{roleA + "," + roleB}),
			want: ok(roleA+","+roleB, rolemap.ReasonSingleRole, upKey)},
		{name: "custom role in roles", claims: up(clientID, rolesClaim, []any{roleA, roleB}), custom: roleB,
			want: ok(roleB, rolemap.ReasonCustomRole, upKey)},
		{name: "custom role in comma string", claims: up(clientID, rolesClaim, roleA+" , "+roleB), custom: roleB,
			want: ok(roleB, rolemap.ReasonCustomRole, upKey)},
		{name: "custom role beats preferred role", claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, roleA), custom: roleB,
			want: ok(roleB, rolemap.ReasonCustomRole, upKey)},
		{name: "custom role not in roles", claims: up(clientID, rolesClaim, []any{roleA, roleB}), custom: roleC,
			want: fail(codeNotAuthorized, anyMessage, upKey)},
		{name: "custom role equal to preferred role only", claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, roleC), custom: roleC,
			want: fail(codeNotAuthorized, anyMessage, upKey)},
		{name: "custom role without roles", claims: up(clientID), custom: roleA, want: fail(codeNotAuthorized, anyMessage, upKey)},
		{name: "custom role is the default role", claims: up(clientID), custom: authARN, want: fail(codeNotAuthorized, anyMessage, upKey)},
		{name: "ambiguous authenticated role", login: google, claims: claims(rolesClaim, []any{roleA, roleB}),
			want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "ambiguous no authenticated role", r: rNoAuth, login: google, claims: claims(),
			want: fail(codeInvalidConfig, msgConfig, google)},
		{name: "token mapping ignores its rules", login: oidcHost, claims: claims("hd", "x", rolesClaim, []any{roleA}),
			want: ok(roleA, rolemap.ReasonSingleRole, oidcHost)},
		{name: "token mapping ignores its rules when ambiguous", login: oidcHost, claims: claims("hd", "x"), want: deny(oidcHost)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, login := tt.r, tt.login
			if res == nil {
				res = r
			}
			if login == "" {
				login = upLogin
			}
			check(t, res, rolemap.Request{Login: login, Claims: tt.claims, CustomRoleARN: tt.custom}, tt.want)
		})
	}
}

// mixedPool has one mapping of each flavour, for the concurrency and
// immutability tests.
func mixedPool() rolemap.Pool {
	p := knownPool()
	p.RoleMappings = map[string]rolemap.Mapping{
		upKey: tokenMapping(rolemap.AmbiguousDeny),
		google: rulesMapping(rolemap.AmbiguousAuthenticatedRole,
			rule("hd", rolemap.Equals, "example.com", roleA),
			rule("cognito:groups", rolemap.Contains, "eng", roleB),
			rule("age", rolemap.StartsWith, "4", roleC)),
		oidcHost: rulesMapping(rolemap.AmbiguousDeny, rule("tier", rolemap.NotEqual, "free", roleD)),
		samlARN:  tokenMapping(rolemap.AmbiguousAuthenticatedRole),
	}
	return p
}

func mixedRequests() []rolemap.Request {
	return []rolemap.Request{
		{},
		{CustomRoleARN: unauthARN},
		{CustomRoleARN: roleA},
		{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, roleB)},
		{Login: upLogin, Claims: up(clientID, rolesClaim, roleA)},
		{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB})},
		{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB}), CustomRoleARN: roleA},
		{Login: upLogin, Claims: up(otherApp)},
		{Login: upLogin, Claims: up(clientID, "iss", "https://evil")},
		{Login: google, Claims: claims("hd", "example.com")},
		{Login: google, Claims: claims("cognito:groups", []any{"x", "engineering"}), Trace: true},
		{Login: google, Claims: claims("age", 42.0)},
		{Login: google, Claims: claims("age", 39.0), Trace: true},
		{Login: google, Claims: claims("hd", "example.com"), CustomRoleARN: roleA},
		{Login: oidcHost, Claims: claims("tier", "pro")},
		{Login: oidcHost, Claims: claims("tier", "free"), Trace: true},
		{Login: oidcHost, Claims: claims("tier", "free")},
		{Login: samlARN, Claims: saml(pair(roleA))},
		{Login: samlARN, Claims: saml([]string{pair(roleA), pair(roleB)})},
		{Login: samlARN, Claims: saml([]string{pair(roleA), pair(roleB)}), CustomRoleARN: roleB},
		{Login: facebook},
		{Login: strings.Repeat("x", 200)},
	}
}

// full is everything a resolution returns, errors included, for exact
// comparisons between runs.
type full struct {
	Decision rolemap.Decision
	Err      *rolemap.Error
}

func resolveFull(t *testing.T, r *rolemap.Resolver, req rolemap.Request) full {
	t.Helper()
	d, err := r.Resolve(req)
	f := full{Decision: d}
	if err != nil && !errors.As(err, &f.Err) {
		t.Errorf("Resolve error %v (%T) is not a *rolemap.Error", err, err)
	}
	return f
}

func TestResolveParallel(t *testing.T) {
	r := compile(t, mixedPool())
	reqs := mixedRequests()
	want := make([]full, len(reqs))
	for i, req := range reqs {
		want[i] = resolveFull(t, r, req)
	}
	const goroutines, rounds = 16, 100
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range rounds {
				i := (g*7 + n) % len(reqs)
				d, err := r.Resolve(reqs[i])
				got := full{Decision: d}
				if err != nil && !errors.As(err, &got.Err) {
					t.Errorf("request %d: error %v is not a *rolemap.Error", i, err)
					return
				}
				if diff := cmp.Diff(want[i], got); diff != "" {
					t.Errorf("request %d (-want +got):\n%s", i, diff)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestCompileCopiesPool(t *testing.T) {
	p := mixedPool()
	r := compile(t, p)
	reqs := mixedRequests()
	want := make([]full, len(reqs))
	for i, req := range reqs {
		want[i] = resolveFull(t, r, req)
	}

	// Change every map, slice and pointer of the pool Compile saw.
	*p.AllowUnauthenticatedIdentities = false
	p.Roles["authenticated"] = roleD
	delete(p.Roles, "unauthenticated")
	p.CognitoIdentityProviders[0].ClientID = otherApp
	p.SupportedLoginProviders[facebook] = "fb"
	delete(p.SupportedLoginProviders, google)
	p.OpenIDConnectProviderARNs[0] = "arn:aws:iam::111122223333:oidc-provider/other.example.com"
	p.SAMLProviderARNs[0] = otherSAML
	rules := p.RoleMappings[google].RulesConfiguration.Rules
	rules[0].Value = "other.org"
	rules[1].MatchType = rolemap.Equals
	rules[2].RoleARN = roleD
	p.RoleMappings[google].RulesConfiguration.Rules = rules[:1]
	p.RoleMappings[oidcHost] = tokenMapping(rolemap.AmbiguousAuthenticatedRole)
	p.RoleMappings[facebook] = tokenMapping(rolemap.AmbiguousDeny)
	delete(p.RoleMappings, upKey)

	for i, req := range reqs {
		if diff := cmp.Diff(want[i], resolveFull(t, r, req)); diff != "" {
			t.Errorf("request %d after changing the pool (-want +got):\n%s", i, diff)
		}
	}
	if diff := cmp.Diff(mixedPool(), r.Pool()); diff != "" {
		t.Errorf("Pool() after changing the compiled pool (-want +got):\n%s", diff)
	}
}

func TestResolverPoolIsACopy(t *testing.T) {
	r := compile(t, mixedPool())
	reqs := mixedRequests()
	want := make([]full, len(reqs))
	for i, req := range reqs {
		want[i] = resolveFull(t, r, req)
	}
	c := r.Pool()
	if diff := cmp.Diff(mixedPool(), c); diff != "" {
		t.Fatalf("Pool() (-want +got):\n%s", diff)
	}
	*c.AllowUnauthenticatedIdentities = false
	c.Roles["authenticated"] = roleD
	c.CognitoIdentityProviders[0].ProviderName = otherPool
	c.SupportedLoginProviders[facebook] = "fb"
	c.OpenIDConnectProviderARNs[0] = "x"
	c.SAMLProviderARNs[0] = "y"
	c.RoleMappings[google].RulesConfiguration.Rules[0].Value = "other.org"
	c.RoleMappings[samlARN] = tokenMapping(rolemap.AmbiguousDeny)

	if diff := cmp.Diff(mixedPool(), r.Pool()); diff != "" {
		t.Errorf("Pool() after changing an earlier copy (-want +got):\n%s", diff)
	}
	for i, req := range reqs {
		if diff := cmp.Diff(want[i], resolveFull(t, r, req)); diff != "" {
			t.Errorf("request %d after changing a copy (-want +got):\n%s", i, diff)
		}
	}
}

func TestResolveAllocs(t *testing.T) {
	manyRules := []rolemap.Rule{
		rule("hd", rolemap.Equals, "example.com", roleA),
		rule("email", rolemap.StartsWith, "admin", roleB),
		rule("cognito:groups", rolemap.Contains, "eng", roleC),
		rule("hd", rolemap.NotEqual, "staff.example.com", roleD),
		rule("age", rolemap.Contains, ".", roleA),
		rule("big", rolemap.StartsWith, "1e", roleB),
		rule("n", rolemap.Equals, "3", roleC),
	}
	r := compile(t, pool(map[string]rolemap.Mapping{
		google:   rulesMapping(rolemap.AmbiguousAuthenticatedRole, manyRules...),
		oidcHost: rulesMapping(rolemap.AmbiguousDeny, manyRules...),
		upKey:    tokenMapping(rolemap.AmbiguousDeny),
	}))
	groups := []any{"sales", 3.0, true, "engineering"}
	tests := []struct {
		name string
		req  rolemap.Request
		want result
	}{
		{name: "rules first match", req: rolemap.Request{Login: google, Claims: claims("hd", "example.com")}, want: matched(roleA, google, 0)},
		{name: "rules last match", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "n", 3.0, "email", "bob")},
			want: matched(roleC, google, 6)},
		{name: "rules array claim", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "cognito:groups", groups)},
			want: matched(roleC, google, 2)},
		{name: "rules no match authenticated role", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "email", "bob")},
			want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "rules no match deny", req: rolemap.Request{Login: oidcHost, Claims: claims("hd", "staff.example.com", "email", "bob")},
			want: deny(oidcHost)},
		{name: "number contains", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "age", 0.5)},
			want: matched(roleA, google, 4)},
		{name: "number starts with", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "big", 1e21)},
			want: matched(roleB, google, 5)},
		{name: "number mismatches", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "age", 42.0, "big", 1e20, "n", 4.0)},
			want: ok(authARN, rolemap.ReasonAmbiguous, google)},
		{name: "json number", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "age", json.Number("1.5"))},
			want: matched(roleA, google, 4)},
		{name: "json number equals", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "n", json.Number("3.0"))},
			want: matched(roleC, google, 6)},
		{name: "json number big", req: rolemap.Request{Login: google, Claims: claims("hd", "staff.example.com", "big", json.Number("1E21"))},
			want: matched(roleB, google, 5)},
		{name: "token preferred role", req: rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB}, prefClaim, roleB)},
			want: ok(roleB, rolemap.ReasonPreferredRole, upKey)},
		{name: "token single role", req: rolemap.Request{Login: upLogin, Claims: up([]any{clientID}, rolesClaim, []any{roleA})},
			want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "token comma string", req: rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, " "+roleA+" , "+roleA+",")},
			want: ok(roleA, rolemap.ReasonSingleRole, upKey)},
		{name: "token custom role", req: rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB}), CustomRoleARN: roleB},
			want: ok(roleB, rolemap.ReasonCustomRole, upKey)},
		{name: "token ambiguous deny", req: rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB})},
			want: deny(upKey)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, r, tt.req, tt.want)
			allocs := testing.AllocsPerRun(100, func() {
				_, _ = r.Resolve(tt.req)
			})
			if allocs != 0 {
				t.Errorf("Resolve allocates %v times per call, want 0", allocs)
			}
		})
	}
}
