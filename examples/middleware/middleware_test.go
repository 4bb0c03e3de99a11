package main

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/rolemap"
)

const (
	mappingKey = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:" + demoClientID
	roleAdmin  = "arn:aws:iam::111122223333:role/PortalAdmin"
	roleStaff  = "arn:aws:iam::111122223333:role/PortalStaff"
	denied     = "The ambiguous role mapping rules for: " + mappingKey + " denied this request."
)

var (
	invalidToken = errorBody{Code: "NotAuthorizedException", Message: "Invalid login token."}
	missingToken = errorBody{Code: "NotAuthorizedException", Message: "Missing login token."}
)

func TestWrap(t *testing.T) {
	f := newFixture(t)
	k := f.keys
	valid := func(username string, groups ...string) string {
		return f.sign(k.a, kidA, f.claimsFor(username, groups...))
	}
	with := func(edit func(jwt.MapClaims)) string {
		c := f.claimsFor("alice", "admins")
		edit(c)
		return f.sign(k.a, kidA, c)
	}
	pemKey := func() []byte {
		der, err := x509.MarshalPKIXPublicKey(&k.a.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}

	tests := []struct {
		name  string
		token string // sent as "Bearer TOKEN" unless header is set
		// header, when not nil, is the list of Authorization headers sent.
		header     []string
		wantStatus int
		// wantSaw is what the handler must see for a 200.
		wantSaw handlerSaw
		// wantBody and wantErr are the JSON body and the logged reason of a
		// refusal.
		wantBody errorBody
		wantErr  error
	}{
		{
			name:       "admin allowed",
			token:      valid("alice", "admins"),
			wantStatus: http.StatusOK,
			wantSaw:    handlerSaw{RoleARN: roleAdmin, Reason: "rule match", MappingKey: mappingKey, RuleIndex: 0, Username: "alice"},
		},
		{
			name:       "staff allowed by the second rule",
			token:      valid("bob", "staff"),
			wantStatus: http.StatusOK,
			wantSaw:    handlerSaw{RoleARN: roleStaff, Reason: "rule match", MappingKey: mappingKey, RuleIndex: 1, Username: "bob"},
		},
		{
			name:       "lower-case bearer scheme",
			header:     []string{"bearer " + valid("alice", "admins")},
			wantStatus: http.StatusOK,
			wantSaw:    handlerSaw{RoleARN: roleAdmin, Reason: "rule match", MappingKey: mappingKey, RuleIndex: 0, Username: "alice"},
		},
		{
			name:       "contractor denied by the pool",
			token:      valid("carol", "contractors"),
			wantStatus: http.StatusForbidden,
			wantBody:   errorBody{Code: "NotAuthorizedException", Message: denied},
			wantErr:    &rolemap.Error{Code: "NotAuthorizedException", Message: denied},
		},
		{
			name:       "no groups denied by the pool",
			token:      valid("dave"),
			wantStatus: http.StatusForbidden,
			wantBody:   errorBody{Code: "NotAuthorizedException", Message: denied},
			wantErr:    rolemap.ErrNotAuthorized,
		},
		{
			name: "app client the identity pool does not list",
			token: with(func(c jwt.MapClaims) {
				c["aud"] = unlistedClient
			}),
			wantStatus: http.StatusForbidden,
			wantBody:   errorBody{Code: "NotAuthorizedException", Message: "Token is not from a supported provider of this identity pool."},
			wantErr:    rolemap.ErrNotAuthorized,
		},
		{
			name: "expired",
			token: with(func(c jwt.MapClaims) {
				c["iat"] = f.clock.Now().Add(-2 * time.Hour).Unix()
				c["exp"] = f.clock.Now().Add(-time.Hour).Unix()
			}),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenExpired,
		},
		{
			name:       "no exp",
			token:      with(func(c jwt.MapClaims) { delete(c, "exp") }),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenRequiredClaimMissing,
		},
		{
			name:       "not valid yet",
			token:      with(func(c jwt.MapClaims) { c["nbf"] = f.clock.Now().Add(time.Minute).Unix() }),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenNotValidYet,
		},
		{
			name:       "wrong kid",
			token:      f.sign(k.other, "key-nobody-knows", f.claimsFor("alice", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    claims.ErrUnknownKey,
		},
		{
			name:       "no kid",
			token:      f.sign(k.a, "", f.claimsFor("alice", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    claims.ErrUnknownKey,
		},
		{
			name:       "known kid, signed with another key",
			token:      f.sign(k.other, kidA, f.claimsFor("alice", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenSignatureInvalid,
		},
		{
			name: "wrong issuer",
			token: with(func(c jwt.MapClaims) {
				c["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1"
			}),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenInvalidIssuer,
		},
		{
			name:       "issuer without https",
			token:      with(func(c jwt.MapClaims) { c["iss"] = strings.TrimPrefix(f.mw.Issuer(), "https://") }),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenInvalidIssuer,
		},
		{
			name: "access token instead of ID token",
			token: with(func(c jwt.MapClaims) {
				c["token_use"] = "access"
				delete(c, "aud") // access tokens carry client_id, not aud
				c["client_id"] = demoClientID
			}),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    claims.ErrWrongTokenUse,
		},
		{
			name:       "no token_use",
			token:      with(func(c jwt.MapClaims) { delete(c, "token_use") }),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    claims.ErrWrongTokenUse,
		},
		{
			name:       "app client not configured",
			token:      with(func(c jwt.MapClaims) { c["aud"] = "someoneelsesclient000000000" }),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenInvalidAudience,
		},
		{
			name:       "no aud",
			token:      with(func(c jwt.MapClaims) { delete(c, "aud") }),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenInvalidAudience,
		},
		{
			name:       "tampered signature",
			token:      tamperSignature(valid("alice", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenSignatureInvalid,
		},
		{
			name:       "tampered payload",
			token:      swapPayload(t, valid("carol", "contractors"), f.claimsFor("carol", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenSignatureInvalid,
		},
		{
			name:       "alg none",
			token:      signNone(t, f.claimsFor("alice", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenSignatureInvalid,
		},
		{
			name:       "HS256 keyed with the RSA public key",
			token:      signHS256(t, pemKey(), f.claimsFor("alice", "admins")),
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenSignatureInvalid,
		},
		{
			name:       "garbled token",
			token:      "not-a-jwt",
			wantStatus: http.StatusUnauthorized,
			wantBody:   invalidToken,
			wantErr:    jwt.ErrTokenMalformed,
		},
		{
			name:       "no Authorization header",
			header:     []string{},
			wantStatus: http.StatusUnauthorized,
			wantBody:   missingToken,
			wantErr:    ErrNoToken,
		},
		{
			name:       "Basic scheme",
			header:     []string{"Basic YWxpY2U6c2VjcmV0"},
			wantStatus: http.StatusUnauthorized,
			wantBody:   missingToken,
			wantErr:    ErrNoToken,
		},
		{
			name:       "Bearer without a token",
			header:     []string{"Bearer "},
			wantStatus: http.StatusUnauthorized,
			wantBody:   missingToken,
			wantErr:    ErrNoToken,
		},
		{
			name:       "two Authorization headers",
			header:     []string{"Bearer " + valid("alice", "admins"), "Bearer " + valid("bob", "staff")},
			wantStatus: http.StatusUnauthorized,
			wantBody:   missingToken,
			wantErr:    ErrNoToken,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.takeLogged()
			header := tt.header
			if header == nil {
				header = []string{"Bearer " + tt.token}
			}
			got := f.get(t, header...)
			if got.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", got.status, tt.wantStatus, got.body)
			}
			logged := f.takeLogged()
			if tt.wantStatus == http.StatusOK {
				var saw handlerSaw
				if err := json.Unmarshal([]byte(got.body), &saw); err != nil {
					t.Fatalf("handler body %q: %v", got.body, err)
				}
				if diff := cmp.Diff(tt.wantSaw, saw); diff != "" {
					t.Errorf("the handler saw (-want +got):\n%s", diff)
				}
				if len(logged) != 0 {
					t.Errorf("logged %v for an allowed request", logged)
				}
				return
			}
			if diff := cmp.Diff(tt.wantBody, refusal(t, got)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if len(logged) != 1 || !errors.Is(logged[0], tt.wantErr) {
				t.Errorf("logged %v, want one error matching %v", logged, tt.wantErr)
			}
			wantAuth := ""
			switch {
			case tt.wantStatus != http.StatusUnauthorized:
			case errors.Is(tt.wantErr, ErrNoToken):
				wantAuth = "Bearer"
			default:
				wantAuth = `Bearer error="invalid_token"`
			}
			if got.wwwAuthenticate != wantAuth {
				t.Errorf("WWW-Authenticate = %q, want %q", got.wwwAuthenticate, wantAuth)
			}
			for _, h := range header {
				_, tok, _ := strings.Cut(h, " ")
				for _, part := range append(strings.Split(tok, "."), tok) {
					if len(part) >= 8 && strings.Contains(got.body, part) {
						t.Errorf("the body %q echoes part of the token: %q", got.body, part)
					}
					if len(part) >= 8 && len(logged) > 0 && strings.Contains(logged[0].Error(), part) {
						t.Errorf("the logged reason %q echoes part of the token: %q", logged[0], part)
					}
				}
			}
			for _, secret := range []string{"carol", "example.com", "goroutine", ".go:"} {
				if strings.Contains(got.body, secret) {
					t.Errorf("the body %q contains %q", got.body, secret)
				}
			}
		})
	}
}

// tamperSignature changes one byte of the token's signature.
func tamperSignature(tok string) string {
	i := strings.LastIndexByte(tok, '.')
	sig, _ := base64.RawURLEncoding.DecodeString(tok[i+1:])
	sig[len(sig)/2] ^= 0x01
	return tok[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
}

// swapPayload keeps tok's header and signature and replaces its payload.
func swapPayload(t *testing.T, tok string, c jwt.MapClaims) string {
	t.Helper()
	payload, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

func signNone(t *testing.T, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodNone, c)
	tok.Header["kid"] = kidA
	s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signHS256 signs with HMAC keyed by secret: the classic attack keys it
// with the verifier's RSA public key.
func signHS256(t *testing.T, secret []byte, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	tok.Header["kid"] = kidA
	s, err := tok.SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWrapInvalidPoolConfiguration(t *testing.T) {
	// A mapping that falls back to a default role the pool does not set:
	// the pool document is at fault, not the caller.
	p := demoPool(t)
	p.Roles = map[string]string{}
	m := p.RoleMappings[mappingKey]
	m.AmbiguousRoleResolution = rolemap.AmbiguousAuthenticatedRole
	p.RoleMappings[mappingKey] = m
	f := newFixture(t, func(c *Config) { c.Resolver = compile(t, p) })

	got := f.get(t, "Bearer "+f.sign(f.keys.a, kidA, f.claimsFor("carol", "contractors")))
	if got.status != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500; body %s", got.status, got.body)
	}
	want := errorBody{Code: "InvalidIdentityPoolConfigurationException",
		Message: "Invalid identity pool configuration. Check assigned IAM roles for this pool."}
	if diff := cmp.Diff(want, refusal(t, got)); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	if logged := f.takeLogged(); len(logged) != 1 || !errors.Is(logged[0], rolemap.ErrInvalidIdentityPoolConfiguration) {
		t.Errorf("logged %v, want an InvalidIdentityPoolConfigurationException", logged)
	}
}

func TestWrapConcurrent(t *testing.T) {
	// A cold cache and 50 clients at once: every request gets its own
	// answer, and the key set is downloaded once.
	f := newFixture(t)
	type request struct {
		token      string
		wantStatus int
		wantBody   string // a substring of the body
	}
	kinds := []request{
		{f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins")), http.StatusOK, roleAdmin},
		{f.sign(f.keys.a, kidA, f.claimsFor("bob", "staff")), http.StatusOK, roleStaff},
		{f.sign(f.keys.a, kidA, f.claimsFor("carol", "contractors")), http.StatusForbidden, denied},
		{f.sign(f.keys.a, kidA, idTokenClaims(f.mw.Issuer(), demoClientID, "alice", []string{"admins"}, f.clock.Now().Add(-2*time.Hour))),
			http.StatusUnauthorized, invalidToken.Message},
		{tamperSignature(f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))), http.StatusUnauthorized, invalidToken.Message},
	}
	const clients = 50
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rq := kinds[i%len(kinds)]
			req, err := http.NewRequest(http.MethodGet, f.app.URL, nil)
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Authorization", "Bearer "+rq.token)
			resp, err := f.app.Client().Do(req)
			if err != nil {
				t.Errorf("client %d: %v", i, err)
				return
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Errorf("client %d: %v", i, err)
				return
			}
			if resp.StatusCode != rq.wantStatus || !strings.Contains(string(body), rq.wantBody) {
				t.Errorf("client %d: got %d %s, want %d with %q", i, resp.StatusCode, body, rq.wantStatus, rq.wantBody)
			}
		}()
	}
	wg.Wait()
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("the key set was downloaded %d times, want 1", n)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	res := demoResolver(t)
	good := Config{Region: demoRegion, UserPoolID: demoUserPoolID, ClientIDs: []string{demoClientID}, Resolver: res}
	tests := []struct {
		name string
		edit func(*Config)
	}{
		{"no region", func(c *Config) { c.Region = "" }},
		{"pool of another region", func(c *Config) { c.UserPoolID = "eu-west-1_AbC123" }},
		{"pool ID without region", func(c *Config) { c.UserPoolID = "AbC123" }},
		{"no client IDs", func(c *Config) { c.ClientIDs = nil }},
		{"empty client ID", func(c *Config) { c.ClientIDs = []string{demoClientID, ""} }},
		{"no resolver", func(c *Config) { c.Resolver = nil }},
		{"negative timeout", func(c *Config) { c.FetchTimeout = -time.Second }},
		{"negative refresh interval", func(c *Config) { c.RefreshInterval = -time.Second }},
	}
	if _, err := New(good); err != nil {
		t.Fatalf("New(good): %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			if _, err := New(cfg); err == nil {
				t.Errorf("New accepted %+v", cfg)
			}
		})
	}
}

func TestNewDefaultJWKSURL(t *testing.T) {
	mw, err := New(Config{Region: "eu-west-1", UserPoolID: "eu-west-1_XyZ789", ClientIDs: []string{demoClientID},
		Resolver: demoResolver(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_XyZ789/.well-known/jwks.json"
	if mw.KeySet().URL() != want {
		t.Errorf("JWKS URL = %q, want %q", mw.KeySet().URL(), want)
	}
	if want := "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_XyZ789"; mw.Issuer() != want {
		t.Errorf("Issuer() = %q, want %q", mw.Issuer(), want)
	}
}
