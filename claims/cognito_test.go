package claims_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
)

const (
	testRegion = "eu-west-1"
	testPool   = "eu-west-1_AbC123"
	testIssuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
	testClient = "6m1example2client3id4abcde"
)

// cognitoToken signs a Cognito-shaped token with the test RSA key, kid k1.
func cognitoToken(t testing.TB, c jwt.MapClaims) string {
	t.Helper()
	base := jwt.MapClaims{"iss": testIssuer, "sub": "5b3f", "token_use": "id", "aud": testClient,
		"exp": now.Add(time.Hour).Unix(), "iat": now.Add(-time.Minute).Unix(), "auth_time": now.Add(-time.Minute).Unix()}
	for k, v := range c {
		if v == nil {
			delete(base, k)
		} else {
			base[k] = v
		}
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, base)
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(keys().rsa)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newVerifier(t testing.TB, cfg claims.CognitoConfig) *claims.CognitoVerifier {
	t.Helper()
	srv := newJWKSServerTB(t, rsaJWK("k1", &keys().rsa.PublicKey))
	ks, err := claims.NewKeySet(claims.KeySetConfig{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Region, cfg.UserPoolID, cfg.KeySet, cfg.Now = testRegion, testPool, ks, clock
	if cfg.ClientIDs == nil {
		cfg.ClientIDs = []string{testClient}
	}
	v, err := claims.NewCognitoVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCognitoVerifier(t *testing.T) {
	id := newVerifier(t, claims.CognitoConfig{})
	access := newVerifier(t, claims.CognitoConfig{TokenUse: claims.TokenUseAccess})
	other := cognitoToken(t, jwt.MapClaims{"kid": nil})
	tests := []struct {
		name  string
		v     *claims.CognitoVerifier
		token string
		want  []error // nil: accepted
	}{
		{name: "an ID token", v: id, token: cognitoToken(t, nil)},
		{name: "aud as an array of one", v: id, token: cognitoToken(t, jwt.MapClaims{"aud": []string{testClient}})},
		{name: "expired", v: id, token: cognitoToken(t, jwt.MapClaims{"exp": now.Add(-time.Hour).Unix()}), want: []error{claims.ErrExpired, jwt.ErrTokenExpired}},
		{name: "expired within the leeway", v: id, token: cognitoToken(t, jwt.MapClaims{"exp": now.Add(-10 * time.Second).Unix()})},
		{name: "another app client", v: id, token: cognitoToken(t, jwt.MapClaims{"aud": "other"}), want: []error{claims.ErrWrongAudience}},
		{name: "an access token where an ID token is wanted", v: id, token: cognitoToken(t, jwt.MapClaims{"token_use": "access", "aud": nil, "client_id": testClient}),
			want: []error{claims.ErrWrongTokenUse}},
		{name: "an access token, checked against client_id", v: access, token: cognitoToken(t, jwt.MapClaims{"token_use": "access", "aud": nil, "client_id": testClient})},
		{name: "an access token of another client", v: access, token: cognitoToken(t, jwt.MapClaims{"token_use": "access", "aud": nil, "client_id": "other"}),
			want: []error{claims.ErrWrongAudience}},
		{name: "an access token's aud is not its client", v: access, token: cognitoToken(t, jwt.MapClaims{"token_use": "access"}), want: []error{claims.ErrWrongAudience}},
		{name: "another user pool", v: id, token: cognitoToken(t, jwt.MapClaims{"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"}),
			want: []error{claims.ErrWrongIssuer, jwt.ErrTokenInvalidIssuer}},
		{name: "issued in the future", v: id, token: cognitoToken(t, jwt.MapClaims{"iat": now.Add(time.Hour).Unix()}), want: []error{jwt.ErrTokenUsedBeforeIssued}},
		{name: "tampered", v: id, token: other[:len(other)-4] + "AAAA", want: []error{jwt.ErrTokenSignatureInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login, c, err := tt.v.Verify(context.Background(), tt.token)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Verify() = %v", err)
				}
				if login != "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123" || c["sub"] != "5b3f" {
					t.Errorf("Verify() = %q, %v", login, c)
				}
				return
			}
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("Verify() = %v; want errors.Is(err, %v)", err, want)
				}
			}
		})
	}
}

func TestCognitoVerifierKeys(t *testing.T) {
	srv := newJWKSServer(t, rsaJWK("k2", &rsa2().PublicKey))
	ks, err := claims.NewKeySet(claims.KeySetConfig{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	v, err := claims.NewCognitoVerifier(claims.CognitoConfig{Region: testRegion, UserPoolID: testPool, ClientIDs: []string{testClient}, KeySet: ks, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Verify(context.Background(), cognitoToken(t, nil)); !errors.Is(err, claims.ErrUnknownKey) {
		t.Errorf("Verify() with a kid the pool lacks = %v; want ErrUnknownKey", err)
	}
	down := newJWKSServer(t)
	down.set(func(s *jwksServer) { s.status = 500 })
	ks, _ = claims.NewKeySet(claims.KeySetConfig{URL: down.URL})
	v, _ = claims.NewCognitoVerifier(claims.CognitoConfig{Region: testRegion, UserPoolID: testPool, ClientIDs: []string{testClient}, KeySet: ks, Now: clock})
	if _, _, err := v.Verify(context.Background(), cognitoToken(t, nil)); !errors.Is(err, claims.ErrKeysUnavailable) {
		t.Errorf("Verify() with the key set down = %v; want ErrKeysUnavailable", err)
	}
	for name, cfg := range map[string]claims.CognitoConfig{
		"no region":             {UserPoolID: testPool, ClientIDs: []string{testClient}},
		"no clients":            {Region: testRegion, UserPoolID: testPool},
		"a bad use":             {Region: testRegion, UserPoolID: testPool, ClientIDs: []string{testClient}, TokenUse: "refresh"},
		"empty client":          {Region: testRegion, UserPoolID: testPool, ClientIDs: []string{""}},
		"another region's pool": {Region: "us-east-1", UserPoolID: testPool, ClientIDs: []string{testClient}},
	} {
		if _, err := claims.NewCognitoVerifier(cfg); !errors.Is(err, claims.ErrInvalidOption) {
			t.Errorf("%s: NewCognitoVerifier() = %v; want ErrInvalidOption", name, err)
		}
	}
}

// BenchmarkVerify compares CognitoVerifier.Verify with a warm key set
// against golang-jwt's own ParseWithClaims with the same checks, in one
// set: benchstat -col /impl.
func BenchmarkVerify(b *testing.B) {
	srv := newJWKSServerB(b, rsaJWK("k1", &keys().rsa.PublicKey))
	ks, err := claims.NewKeySet(claims.KeySetConfig{URL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	v, err := claims.NewCognitoVerifier(claims.CognitoConfig{Region: testRegion, UserPoolID: testPool, ClientIDs: []string{testClient}, KeySet: ks, Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	token := cognitoToken(b, jwt.MapClaims{"email": "ana@example.com", "cognito:groups": []string{"staff", "eng"}, "cognito:username": "ana"})
	ctx := context.Background()
	if _, _, err := v.Verify(ctx, token); err != nil {
		b.Fatal(err)
	}
	b.Run("impl=CognitoVerifier", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := v.Verify(ctx, token); err != nil {
				b.Fatal(err)
			}
		}
	})
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(testIssuer), jwt.WithAudience(testClient),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithLeeway(claims.DefaultLeeway), jwt.WithJSONNumber(), jwt.WithTimeFunc(clock))
	b.Run("impl=jwt.ParseWithClaims", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := jwt.MapClaims{}
			if _, err := parser.ParseWithClaims(token, m, ks.Keyfunc); err != nil || m["token_use"] != "id" {
				b.Fatal(err)
			}
		}
	})
}
