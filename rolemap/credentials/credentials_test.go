package credentials_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

const (
	poolID = "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"
	auth   = "arn:aws:iam::111122223333:role/Auth"
	oidc   = "arn:aws:iam::111122223333:oidc-provider/login.example.com"
	saml   = "arn:aws:iam::111122223333:saml-provider/Corp"
)

func yes() *bool { b := true; return &b }

func checker(t *testing.T, pool rolemap.Pool, roles map[string]*trust.Policy) *credentials.Checker {
	t.Helper()
	res, err := rolemap.Compile(pool)
	if err != nil {
		t.Fatal(err)
	}
	c, err := credentials.New(res, roles)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTags(t *testing.T) {
	pool := rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth},
		OpenIDConnectProviderARNs: []string{oidc}, SAMLProviderARNs: []string{saml},
		PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{
			{IdentityProviderName: oidc, PrincipalTags: map[string]string{"dept": "dept"}},
			{IdentityProviderName: saml, UseDefaults: yes()},
			{IdentityProviderName: "www.amazon.com", UseDefaults: yes()},
			{IdentityProviderName: "graph.facebook.com", UseDefaults: yes()},
		}}
	c := checker(t, pool, nil)
	many := map[string]string{}
	for i := range credentials.MaxTags + 1 {
		many["t"+strconv.Itoa(i)] = "v"
	}
	tests := []struct {
		name    string
		req     credentials.Request
		want    map[string]string
		errCode string
	}{
		{name: "OIDC: the map of the provider ARN whose host is the login",
			req:  credentials.Request{Request: rolemap.Request{Login: "login.example.com", Claims: map[string]any{"iss": "https://login.example.com", "aud": "a", "dept": "ops"}}},
			want: map[string]string{"dept": "ops"}},
		{name: "SAML defaults read the name attributes",
			req:  credentials.Request{Request: rolemap.Request{Login: saml, Claims: map[string]any{credentials.SAMLNameAttribute: "Alice", credentials.SAMLNameIdentifierAttribute: "alice@corp"}}},
			want: map[string]string{"client": "Alice", "username": "alice@corp"}},
		{name: "Login with Amazon: username is user_id",
			req:  credentials.Request{Request: rolemap.Request{Login: "www.amazon.com", Claims: map[string]any{"aud": "amzn1.application.x", "sub": "s", "user_id": "amzn1.account.u"}}},
			want: map[string]string{"client": "amzn1.application.x", "username": "amzn1.account.u"}},
		{name: "Facebook: username is sub",
			req:  credentials.Request{Request: rolemap.Request{Login: "graph.facebook.com", Claims: map[string]any{"aud": "app", "sub": "fb-1"}}},
			want: map[string]string{"client": "app", "username": "fb-1"}},
		{name: "a multivalued SAML attribute is refused",
			req:     credentials.Request{Request: rolemap.Request{Login: saml, Claims: map[string]any{credentials.SAMLNameAttribute: []any{"a", "b"}}}},
			errCode: credentials.CodeUnsupportedPrincipalTagValue},
		{name: "too many developer tags", req: credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com"}, DeveloperPrincipalTags: many},
			errCode: credentials.CodeTooManyPrincipalTags},
		{name: "a long developer tag", req: credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com"},
			DeveloperPrincipalTags: map[string]string{"a": strings.Repeat("x", 257)}}, errCode: credentials.CodePrincipalTagTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Tags(tt.req)
			var re *rolemap.Error
			switch {
			case tt.errCode != "":
				if !errors.As(err, &re) || re.Code != tt.errCode {
					t.Fatalf("Tags = %v, %v; want %s", got, err, tt.errCode)
				}
			case err != nil:
				t.Fatal(err)
			default:
				if diff := cmp.Diff(tt.want, got.Map()); diff != "" {
					t.Errorf("Tags (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestPlaceholderIdentityID(t *testing.T) {
	id := credentials.PlaceholderIdentityID(poolID, "accounts.google.com", "g-1")
	if !regexp.MustCompile(`^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("PlaceholderIdentityID = %q, want REGION:UUID", id)
	}
	if id == credentials.PlaceholderIdentityID(poolID, "accounts.google.com", "g-2") {
		t.Error("two subs give the same placeholder")
	}
	if id != credentials.PlaceholderIdentityID(poolID, "accounts.google.com", "g-1") {
		t.Error("the placeholder is not deterministic")
	}
}

func TestTrustRequest(t *testing.T) {
	pool := rolemap.Pool{IdentityPoolID: "cn-north-1:0f0e0d0c-0b0a-0908-0706-050403020100", DeveloperProviderName: "login.example.app",
		Roles: map[string]string{"authenticated": auth}}
	c := checker(t, pool, nil)
	up := "cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC"
	for _, tt := range []struct {
		req  credentials.Request
		want []string
	}{
		{credentials.Request{}, []string{"unauthenticated"}},
		{credentials.Request{Request: rolemap.Request{Login: up, Claims: map[string]any{"sub": "s-1"}}}, []string{"authenticated", up, up + ":CognitoSignIn:s-1"}},
		{credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com"}, DeveloperUserID: "u-1"},
			[]string{"authenticated", "login.example.app", "login.example.app:" + pool.IdentityPoolID + ":u-1"}},
		{credentials.Request{Request: rolemap.Request{Login: "accounts.google.com"}}, []string{"authenticated", "accounts.google.com"}},
		{credentials.Request{Request: rolemap.Request{Login: "accounts.google.com"}, AMR: []string{"x"}}, []string{"x"}},
	} {
		got := c.TrustRequest(tt.req, nil)
		if diff := cmp.Diff(tt.want, got.AMR); diff != "" || !got.China || got.IdentityPoolID != pool.IdentityPoolID {
			t.Errorf("TrustRequest(%q): amr (-want +got):\n%s\nchina %v", tt.req.Login, diff, got.China)
		}
	}
}

func TestGetTrustError(t *testing.T) {
	p, err := trust.Parse([]byte(`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := checker(t, rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth}}, map[string]*trust.Policy{auth: p})
	_, err = c.Get(credentials.Request{Request: rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"aud": "a"}}})
	var te *credentials.TrustError
	if !errors.As(err, &te) || te.Decision.Reason != trust.ReasonNoAud || !errors.Is(err, rolemap.ErrInvalidIdentityPoolConfiguration) || te.Role != auth {
		t.Fatalf("Get = %v; want a TrustError, trust-no-aud, that is an InvalidIdentityPoolConfigurationException", err)
	}
	if te.Decision.Trace != nil {
		t.Errorf("a trace %v without Request.Trace", te.Decision.Trace)
	}
	// With Request.Trace, the trace says why.
	_, err = c.Get(credentials.Request{Request: rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"aud": "a"}, Trace: true}})
	if got := credentials.Explain(credentials.Credentials{}, err); !strings.Contains(got, "reason: trust-no-aud") || !strings.Contains(got, "no condition pins") {
		t.Errorf("Explain =\n%s", got)
	}
	// No trust policies: no check.
	c = checker(t, rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth}}, nil)
	if got, err := c.Get(credentials.Request{Request: rolemap.Request{Login: "accounts.google.com"}}); err != nil || got.TrustChecked() || got.Decision.RoleARN != auth {
		t.Errorf("Get without policies = %+v, %v", got, err)
	}
}

// TestGetAfterTheRoleChoice: once the role is chosen, Get returns the role
// choice with any error, and the tags once computed (on a trust refusal,
// the tags requested); a policy given as unread (WithPolicyErrors) is that
// error, not rolemapping.UnknownRole; Explain writes each.
func TestGetAfterTheRoleChoice(t *testing.T) {
	const other = "arn:aws:iam::111122223333:role/Other"
	pool := rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth},
		OpenIDConnectProviderARNs: []string{oidc},
		PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{{IdentityProviderName: oidc, PrincipalTags: map[string]string{"dept": "dept"}}}}
	noTagSession, err := trust.Parse([]byte(`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, unsupported := trust.Parse([]byte(`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}}`))
	if unsupported == nil {
		t.Fatal("a Date condition parsed")
	}
	req := credentials.Request{Request: rolemap.Request{Login: "login.example.com", Claims: map[string]any{"iss": "https://login.example.com", "aud": "a", "dept": "ops"}, Trace: true}}
	tests := []struct {
		name    string
		roles   map[string]*trust.Policy
		unread  map[string]error
		errCode string
		lines   []string // lines Explain must write
	}{
		{name: "a trust refusal keeps the tags requested", roles: map[string]*trust.Policy{auth: noTagSession},
			errCode: "InvalidIdentityPoolConfigurationException",
			lines:   []string{"tags requested: dept=ops", "  reason: trust-tag-session (sts:TagSession on " + auth + ")", "  sts:AssumeRoleWithWebIdentity: statement 0 Allow: applies"}},
		{name: "an unread policy is its error", roles: map[string]*trust.Policy{}, unread: map[string]error{auth: unsupported},
			errCode: trust.CodeUnsupported, lines: []string{"tags requested: dept=ops", "trust: not checked: " + unsupported.Error()}},
		{name: "unread policies alone turn the check on", unread: map[string]error{other: unsupported},
			errCode: credentials.CodeUnknownRole, lines: []string{"tags requested: dept=ops"}},
		{name: "an unknown role", roles: map[string]*trust.Policy{other: noTagSession},
			errCode: credentials.CodeUnknownRole, lines: []string{"credentials: " + credentials.CodeUnknownRole + ": the chosen role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rolemap.Compile(pool)
			if err != nil {
				t.Fatal(err)
			}
			c, err := credentials.New(res, tt.roles, credentials.WithPolicyErrors(tt.unread))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Get(req)
			var re *rolemap.Error
			var pe *trust.Error
			code := ""
			switch {
			case errors.As(err, &re):
				code = re.Code
			case errors.As(err, &pe):
				code = pe.Code
			}
			if code != tt.errCode {
				t.Fatalf("Get error %v (code %q); want code %q", err, code, tt.errCode)
			}
			if got.Decision.RoleARN != auth || !cmp.Equal(got.Tags.Map(), map[string]string{"dept": "ops"}) {
				t.Errorf("Get = %+v; want the role choice %s and the tags dept=ops with the error", got, auth)
			}
			text := credentials.Explain(got, err)
			if !strings.HasPrefix(text, rolemap.Explain(got.Decision, nil)) {
				t.Errorf("Explain does not start with the role choice:\n%s", text)
			}
			for _, line := range tt.lines {
				if !strings.Contains(text, "\n"+line) {
					t.Errorf("Explain lacks the line %q:\n%s", line, text)
				}
			}
		})
	}
}

// TestExplainBounded: a trust trace over a large request names each key's
// values once and cuts them, so that Explain and the decision's JSON stay a
// small multiple of the policy, whatever the size of the request's values
// (here 4 amr values of 60 KB, read by every statement of a policy at IAM's
// size quota), and no line is longer than a few KB.
func TestExplainBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Statement":[`)
	for i := 0; ; i++ {
		st := `{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"x` + strconv.Itoa(i) + `"}}}`
		if b.Len()+len(st)+3 > trust.MaxPolicyChars {
			break
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(st)
	}
	b.WriteString(`]}`)
	policy, err := trust.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	c := checker(t, rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth},
		SupportedLoginProviders: map[string]string{"accounts.google.com": "a"}}, map[string]*trust.Policy{auth: policy})
	big := strings.Repeat("a", 60<<10)
	amr := []string{big + "1", big + "2", big + "3", big + "4"}
	got, err := c.Get(credentials.Request{Request: rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"aud": "a"}, Trace: true}, AMR: amr})
	var te *credentials.TrustError
	if !errors.As(err, &te) || te.Decision.Reason != trust.ReasonCondition || len(te.Decision.Trace) < 20 {
		t.Fatalf("Get = %v; want trust-condition with a trace of every statement", err)
	}
	input := b.Len() + 4*len(big)
	text := credentials.Explain(got, err)
	data, jerr := json.Marshal(te.Decision)
	if jerr != nil {
		t.Fatal(jerr)
	}
	t.Logf("policy %d bytes, %d statements, request %d bytes: Explain %d bytes, JSON %d bytes", b.Len(), len(te.Decision.Trace), input, len(text), len(data))
	if len(text) > 4*b.Len() || len(data) > 8*b.Len() {
		t.Errorf("Explain %d bytes and the decision's JSON %d bytes; want at most 4× and 8× the policy's %d bytes", len(text), len(data), b.Len())
	}
	for line := range strings.Lines(text) {
		if len(line) > 4096 {
			t.Errorf("a line of %d bytes: %.200s…", len(line), line)
		}
	}
	if n := strings.Count(text, strconv.Itoa(len(amr[0]))+" bytes)"); n != 4 {
		t.Errorf("the values are quoted %d times; want each once (4 values):\n%s", n, text)
	}
}
