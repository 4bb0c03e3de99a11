package main

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/claims/claimstest"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

const (
	roleAdmin  = "arn:aws:iam::111122223333:role/PortalAdmin"
	roleStaff  = "arn:aws:iam::111122223333:role/PortalStaff"
	mappingKey = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:" + clientID
	denied     = "The ambiguous role mapping rules for: " + mappingKey + " denied this request."
)

// refusedBy is the body of a trust refusal.
func refusedBy(reason string) string {
	return `{"code":"InvalidIdentityPoolConfigurationException","message":"Invalid identity pool configuration. Check assigned IAM roles for this pool.","reason":"` + reason + `"}`
}

// fixture is the middleware in front of a handler that reports what it
// saw, with a fake user pool issuing the tokens.
type fixture struct {
	up  *claimstest.UserPool
	app *httptest.Server
}

func newFixture(t testing.TB, pool rolemap.Pool) *fixture {
	t.Helper()
	up, err := claimstest.NewUserPool("us-east-1", "us-east-1_AbC123")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(up.Close)
	v, err := up.Verifier(claims.CognitoConfig{ClientIDs: []string{clientID, "unlistedclient"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		t.Fatal(err)
	}
	roles, unread, err := trust.ParseRoles(rolesJSON)
	if err != nil {
		t.Fatal(err)
	}
	c, err := credentials.New(res, roles, credentials.WithPolicyErrors(unread))
	if err != nil {
		t.Fatal(err)
	}
	app := httptest.NewServer(auth(v, c, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := rolemap.FromContext(r.Context())
		c, _ := claims.FromContext(r.Context())
		_ = json.NewEncoder(w).Encode(map[string]any{"role": d.RoleARN, "rule": d.RuleIndex(), "user": c["cognito:username"]})
	})))
	t.Cleanup(app.Close)
	return &fixture{up: up, app: app}
}

func demoPool(t testing.TB) rolemap.Pool {
	t.Helper()
	p, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) token(t testing.TB, edit func(map[string]any), username string, groups ...string) string {
	t.Helper()
	c := f.up.IDToken(clientID, username, groups, time.Now())
	if edit != nil {
		edit(c)
	}
	s, err := f.up.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type response struct {
	Status int
	Body   string
	Auth   string // WWW-Authenticate
}

func (f *fixture) get(t testing.TB, authorization ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.app.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range authorization {
		req.Header.Add("Authorization", a)
	}
	resp, err := f.app.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Body: strings.TrimSpace(string(body)), Auth: resp.Header.Get("WWW-Authenticate")}
}

func TestAuth(t *testing.T) {
	f := newFixture(t, demoPool(t))
	valid := func(user string, groups ...string) string { return f.token(t, nil, user, groups...) }
	with := func(edit func(map[string]any)) string { return f.token(t, edit, "alice", "admins") }
	other, err := claimstest.NewUserPool("us-east-1", "us-east-1_AbC123") // same names, another key
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	forged, _ := other.Sign(f.up.IDToken(clientID, "alice", []string{"admins"}, time.Now()))
	const (
		invalid = `{"code":"NotAuthorizedException","message":"Invalid login token."}`
		missing = `{"code":"NotAuthorizedException","message":"Missing login token."}`
	)
	tests := []struct {
		name   string
		header []string // the Authorization headers; nil: "Bearer " + token
		token  string
		status int
		body   string
	}{
		{name: "admin", token: valid("alice", "admins"), status: 200, body: `{"role":"` + roleAdmin + `","rule":0,"user":"alice"}`},
		{name: "staff by the second rule", token: valid("bob", "staff"), status: 200, body: `{"role":"` + roleStaff + `","rule":1,"user":"bob"}`},
		{name: "lower-case scheme", header: []string{"bearer " + valid("alice", "admins")}, status: 200, body: `{"role":"` + roleAdmin + `","rule":0,"user":"alice"}`},
		{name: "a contractor, denied by the pool", token: valid("carol", "contractors"), status: 403,
			body: `{"code":"NotAuthorizedException","message":"` + denied + `"}`},
		{name: "an auditor, whose role trusts another pool", token: valid("dave", "auditors"), status: 403, body: refusedBy("trust-condition")},
		{name: "staff with a dept tag their role cannot take", token: f.token(t, func(c map[string]any) { c["custom:dept"] = "sales" }, "erin", "staff"),
			status: 403, body: refusedBy("trust-tag-session")},
		{name: "admin with a dept tag", token: f.token(t, func(c map[string]any) { c["custom:dept"] = "ops" }, "alice", "admins"),
			status: 200, body: `{"role":"` + roleAdmin + `","rule":0,"user":"alice"}`},
		{name: "an app client the identity pool does not list", token: with(func(c map[string]any) { c["aud"] = "unlistedclient" }), status: 403,
			body: `{"code":"NotAuthorizedException","message":"Token is not from a supported provider of this identity pool."}`},
		{name: "expired", token: with(func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }), status: 401, body: invalid},
		{name: "no exp", token: with(func(c map[string]any) { delete(c, "exp") }), status: 401, body: invalid},
		{name: "not valid yet", token: with(func(c map[string]any) { c["nbf"] = time.Now().Add(time.Hour).Unix() }), status: 401, body: invalid},
		{name: "nbf past 2^63 seconds", token: with(func(c map[string]any) { c["nbf"] = 1e19 }), status: 401, body: invalid},
		{name: "signed by another key under the same kid", token: forged, status: 401, body: invalid},
		{name: "another issuer", token: with(func(c map[string]any) { c["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" }), status: 401, body: invalid},
		{name: "an access token", token: with(func(c map[string]any) { c["token_use"] = "access" }), status: 401, body: invalid},
		{name: "an app client the verifier does not take", token: with(func(c map[string]any) { c["aud"] = "someoneelse" }), status: 401, body: invalid},
		{name: "tampered payload", token: swapPayload(t, valid("carol", "contractors"), f.up.IDToken(clientID, "carol", []string{"admins"}, time.Now())), status: 401, body: invalid},
		{name: "alg none", token: signWith(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, f.up, nil), status: 401, body: invalid},
		{name: "HS256 keyed with the RSA public key", token: signWith(t, jwt.SigningMethodHS256, nil, f.up, f), status: 401, body: invalid},
		{name: "a 40 KB header", token: base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","x":"`+strings.Repeat("x", 40<<10)+`"}`)) + ".e30.AAAA", status: 401, body: invalid},
		{name: "garbled", token: "not-a-jwt", status: 401, body: invalid},
		{name: "no Authorization header", header: []string{}, status: 401, body: missing},
		{name: "Basic scheme", header: []string{"Basic YWxpY2U6c2VjcmV0"}, status: 401, body: missing},
		{name: "Bearer without a token", header: []string{"Bearer "}, status: 401, body: missing},
		{name: "two Authorization headers", header: []string{"Bearer " + valid("alice", "admins"), "Bearer " + valid("bob", "staff")}, status: 401, body: missing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.header
			if header == nil {
				header = []string{"Bearer " + tt.token}
			}
			got := f.get(t, header...)
			if diff := cmp.Diff(response{Status: tt.status, Body: tt.body, Auth: got.Auth}, got); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if wantAuth := map[bool]string{true: `Bearer error="invalid_token"`}[tt.status == 401]; got.Auth != wantAuth {
				t.Errorf("WWW-Authenticate = %q, want %q", got.Auth, wantAuth)
			}
			for _, h := range header {
				_, tok, _ := strings.Cut(h, " ")
				for _, part := range strings.Split(tok, ".") {
					if len(part) >= 8 && strings.Contains(got.Body, part) {
						t.Errorf("the body %q echoes part of the token", got.Body)
					}
				}
			}
		})
	}
}

// signWith signs alice's claims with method: alg none, or HS256 keyed with
// the pool's RSA public key as PEM (the classic confusion attack).
func signWith(t *testing.T, method jwt.SigningMethod, key any, up *claimstest.UserPool, f *fixture) string {
	t.Helper()
	if f != nil {
		resp, err := http.Get(up.KeySetURL())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		keys, err := claims.ParseKeySet(data)
		if err != nil {
			t.Fatal(err)
		}
		der, err := x509.MarshalPKIXPublicKey(keys[up.KeyID].Public)
		if err != nil {
			t.Fatal(err)
		}
		key = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}
	tok := jwt.NewWithClaims(method, jwt.MapClaims(up.IDToken(clientID, "alice", []string{"admins"}, time.Now())))
	tok.Header["kid"] = up.KeyID
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// swapPayload keeps tok's header and signature and replaces its payload.
func swapPayload(t *testing.T, tok string, c map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

// TestAuthStatuses: a pool that lacks a role it needs is the service's
// fault (500, AWS's code and message), and so is a chosen role whose trust
// policy the service was not given (500, the library's code); a user pool
// whose keys cannot be fetched is 503.
func TestAuthStatuses(t *testing.T) {
	p := demoPool(t)
	p.Roles = map[string]string{}
	m := p.RoleMappings[mappingKey]
	m.AmbiguousRoleResolution = rolemap.AmbiguousAuthenticatedRole
	p.RoleMappings[mappingKey] = m
	f := newFixture(t, p)
	got := f.get(t, "Bearer "+f.token(t, nil, "carol", "contractors"))
	want := response{Status: 500, Body: `{"code":"InvalidIdentityPoolConfigurationException","message":"Invalid identity pool configuration. Check assigned IAM roles for this pool."}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a pool without its default role (-want +got):\n%s", diff)
	}
	// A role the deployment has no trust policy for: the service cannot
	// tell whether AWS would hand it out, so it does not serve it.
	p = demoPool(t)
	m = p.RoleMappings[mappingKey]
	m.RulesConfiguration.Rules[0].RoleARN = "arn:aws:iam::111122223333:role/Elsewhere"
	f = newFixture(t, p)
	got = f.get(t, "Bearer "+f.token(t, nil, "alice", "admins"))
	if got.Status != 500 || !strings.Contains(got.Body, `"code":"rolemapping.UnknownRole"`) {
		t.Errorf("a role with no trust policy: %d %s, want 500 rolemapping.UnknownRole", got.Status, got.Body)
	}
	f = newFixture(t, demoPool(t))
	token := f.token(t, nil, "alice", "admins")
	f.up.Close()
	got = f.get(t, "Bearer "+token)
	want = response{Status: 503, Body: `{"code":"ExternalServiceException","message":"The user pool's signing keys could not be fetched."}`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys unavailable (-want +got):\n%s", diff)
	}
}

// TestAuthConcurrent: 50 clients at once on a cold key set each get their
// own answer.
func TestAuthConcurrent(t *testing.T) {
	f := newFixture(t, demoPool(t))
	kinds := []struct {
		token  string
		status int
		part   string
	}{
		{f.token(t, nil, "alice", "admins"), 200, roleAdmin},
		{f.token(t, nil, "bob", "staff"), 200, roleStaff},
		{f.token(t, nil, "carol", "contractors"), 403, denied},
		{f.token(t, func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }, "alice"), 401, "Invalid login token."},
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := kinds[i%len(kinds)]
			req, _ := http.NewRequest(http.MethodGet, f.app.URL, nil)
			req.Header.Set("Authorization", "Bearer "+k.token)
			resp, err := f.app.Client().Do(req)
			if err != nil {
				t.Errorf("client %d: %v", i, err)
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != k.status || !strings.Contains(string(body), k.part) {
				t.Errorf("client %d: %d %s, want %d with %q", i, resp.StatusCode, body, k.status, k.part)
			}
		}()
	}
	wg.Wait()
}

// BenchmarkAuth sends requests through the middleware over loopback: valid
// ID tokens, and forged tokens with a 48 KB header (which the verifier
// refuses before decoding). ns/op is the time of one request, client and
// server on the same machine.
func BenchmarkAuth(b *testing.B) {
	f := newFixture(b, demoPool(b))
	forged := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","kid":"k","x":`+strings.Repeat("[", 9000)+strings.Repeat("1,", 14000)+"1"+strings.Repeat("]", 9000)+`}`)) + ".e30.AAAA"
	for name, tok := range map[string]string{"token=valid": f.token(b, nil, "alice", "admins"), "token=forged-48KB-header": forged} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				client := f.app.Client()
				for pb.Next() {
					req, _ := http.NewRequest(http.MethodGet, f.app.URL, nil)
					req.Header.Set("Authorization", "Bearer "+tok)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		})
	}
}
