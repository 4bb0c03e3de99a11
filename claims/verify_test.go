package claims_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/claims"
)

// now is the fixed clock of every test.
var now = time.Unix(1_700_000_000, 0)

func clock() time.Time { return now }

type testKeys struct {
	rsa     *rsa.PrivateKey
	rsaPEM  []byte // the RSA public key, PEM-encoded: the alg-confusion "secret"
	ecdsa   *ecdsa.PrivateKey
	ecdsa2  *ecdsa.PrivateKey
	hmac    []byte
	hmacBad []byte
}

var keys = sync.OnceValue(func() testKeys {
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	if err != nil {
		panic(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	ek2, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return testKeys{
		rsa:     rk,
		rsaPEM:  pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}),
		ecdsa:   ek,
		ecdsa2:  ek2,
		hmac:    []byte("0123456789abcdef0123456789abcdef"),
		hmacBad: []byte("fedcba9876543210fedcba9876543210"),
	}
})

// sign signs c with method and key.
func sign(t testing.TB, method jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, c).SignedString(key)
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return s
}

// staticKey returns a Keyfunc that always returns key.
func staticKey(key any) jwt.Keyfunc {
	return func(*jwt.Token) (any, error) { return key, nil }
}

// keyByMethod is the recommended shape of a Keyfunc: one key per family.
func keyByMethod(t *jwt.Token) (any, error) {
	k := keys()
	switch t.Method.(type) {
	case *jwt.SigningMethodRSA:
		return &k.rsa.PublicKey, nil
	case *jwt.SigningMethodECDSA:
		return &k.ecdsa.PublicKey, nil
	case *jwt.SigningMethodHMAC:
		return k.hmac, nil
	}
	return nil, errors.New("unexpected method")
}

// segments splits a token into its three parts.
func segments(tok string) (h, p, s string) {
	parts := strings.SplitN(tok, ".", 3)
	return parts[0], parts[1], parts[2]
}

func TestVerify(t *testing.T) {
	k := keys()
	exp := now.Add(time.Hour).Unix()
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "https://issuer.example.com", "aud": "client-1", "sub": "u1", "exp": exp}
	}
	with := func(kv ...any) jwt.MapClaims {
		c := base()
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(c, kv[i].(string))
				continue
			}
			c[kv[i].(string)] = kv[i+1]
		}
		return c
	}
	wantBase := map[string]any{
		"iss": "https://issuer.example.com", "aud": "client-1", "sub": "u1",
		"exp": json.Number("1700003600"),
	}
	rs := sign(t, jwt.SigningMethodRS256, k.rsa, base())
	h, p, s := segments(rs)
	tamperedSig := h + "." + p + "." + s[:len(s)-4] + "AAAA"
	_, forged, _ := segments(sign(t, jwt.SigningMethodRS256, k.rsa, with("sub", "admin")))
	tamperedPayload := h + "." + forged + "." + s
	noneTok := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base())

	rs256 := claims.WithAlgorithms("RS256")
	at := claims.WithTimeFunc(clock)

	tests := []struct {
		name    string
		token   string
		keyFunc jwt.Keyfunc
		opts    []claims.Option
		want    map[string]any
		wantErr []error // every one must match errors.Is
	}{
		{
			name: "valid RS256", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, at}, want: wantBase,
		},
		{
			name: "valid ES256", token: sign(t, jwt.SigningMethodES256, k.ecdsa, base()), keyFunc: keyByMethod,
			opts: []claims.Option{claims.WithAlgorithms("ES256"), at}, want: wantBase,
		},
		{
			name: "valid HS256", token: sign(t, jwt.SigningMethodHS256, k.hmac, base()), keyFunc: keyByMethod,
			opts: []claims.Option{claims.WithAlgorithms("HS256"), at}, want: wantBase,
		},
		{
			name: "numbers are json.Number",
			token: sign(t, jwt.SigningMethodRS256, k.rsa, with(
				"big", json.Number("12345678901234567890"), "frac", 0.1, "list", []any{1, 2.5})),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			want: map[string]any{
				"iss": "https://issuer.example.com", "aud": "client-1", "sub": "u1",
				"exp": json.Number("1700003600"), "big": json.Number("12345678901234567890"),
				"frac": json.Number("0.1"), "list": []any{json.Number("1"), json.Number("2.5")},
			},
		},
		{
			name: "issuer and audience match", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, at, claims.WithIssuer("https://issuer.example.com"), claims.WithAudience("other", "client-1")},
			want: wantBase,
		},
		{
			name: "audience array matches", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("aud", []string{"a", "client-1"})),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at, claims.WithAudience("client-1")},
			want: map[string]any{
				"iss": "https://issuer.example.com", "aud": []any{"a", "client-1"}, "sub": "u1",
				"exp": json.Number("1700003600"),
			},
		},
		{
			name: "several algorithms allowed", token: sign(t, jwt.SigningMethodES256, k.ecdsa, base()), keyFunc: keyByMethod,
			opts: []claims.Option{claims.WithAlgorithms("RS256", "ES256"), at}, want: wantBase,
		},
		{
			name: "expired", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("exp", now.Add(-time.Minute).Unix())),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenInvalidClaims, jwt.ErrTokenExpired},
		},
		{
			name: "expired at exactly now", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("exp", now.Unix())),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenExpired},
		},
		{
			name: "expired within leeway", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("exp", now.Add(-time.Minute).Unix())),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at, claims.WithLeeway(2 * time.Minute)},
			want: map[string]any{
				"iss": "https://issuer.example.com", "aud": "client-1", "sub": "u1",
				"exp": json.Number("1699999940"),
			},
		},
		{
			name: "missing exp", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("exp", nil)),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenInvalidClaims, jwt.ErrTokenRequiredClaimMissing},
		},
		{
			name: "exp not a number", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("exp", "tomorrow")),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenInvalidClaims, jwt.ErrInvalidType},
		},
		{
			name: "not valid yet", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("nbf", now.Add(time.Minute).Unix())),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenNotValidYet},
		},
		{
			name: "wrong alg: HS256 while only RS256 allowed", token: sign(t, jwt.SigningMethodHS256, k.hmac, base()),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name:  "alg confusion: RSA public key as HMAC secret, only RS256 allowed",
			token: sign(t, jwt.SigningMethodHS256, k.rsaPEM, base()),
			// A naive keyFunc that hands out the PEM bytes: the algorithm
			// list alone must stop the attack.
			keyFunc: staticKey(k.rsaPEM), opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name:    "alg confusion: both families allowed, keyFunc returns the RSA key",
			token:   sign(t, jwt.SigningMethodHS256, k.rsaPEM, base()),
			keyFunc: staticKey(&k.rsa.PublicKey), opts: []claims.Option{claims.WithAlgorithms("RS256", "HS256"), at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid, jwt.ErrInvalidKeyType},
		},
		{
			name: "alg none", token: noneTok, keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "alg none even with the magic key", token: noneTok,
			keyFunc: staticKey(jwt.UnsafeAllowNoneSignatureType), opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "none in the algorithm list", token: noneTok,
			keyFunc: staticKey(jwt.UnsafeAllowNoneSignatureType), opts: []claims.Option{claims.WithAlgorithms("none"), at},
			wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "None in the algorithm list", token: noneTok,
			keyFunc: staticKey(jwt.UnsafeAllowNoneSignatureType), opts: []claims.Option{claims.WithAlgorithms("RS256", "None"), at},
			wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "unknown algorithm", token: rs, keyFunc: keyByMethod,
			opts:    []claims.Option{claims.WithAlgorithms("RS256x"), at},
			wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "no algorithms", token: rs, keyFunc: keyByMethod, opts: []claims.Option{at},
			wantErr: []error{claims.ErrNoAlgorithms},
		},
		{
			name: "empty algorithm list", token: rs, keyFunc: keyByMethod, opts: []claims.Option{claims.WithAlgorithms(), at},
			wantErr: []error{claims.ErrNoAlgorithms},
		},
		{
			name: "tampered signature", token: tamperedSig, keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "tampered payload", token: tamperedPayload, keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "other ECDSA key", token: sign(t, jwt.SigningMethodES256, k.ecdsa2, base()), keyFunc: keyByMethod,
			opts: []claims.Option{claims.WithAlgorithms("ES256"), at}, wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "other HMAC key", token: sign(t, jwt.SigningMethodHS256, k.hmacBad, base()), keyFunc: keyByMethod,
			opts: []claims.Option{claims.WithAlgorithms("HS256"), at}, wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "wrong issuer", token: rs, keyFunc: keyByMethod,
			opts:    []claims.Option{rs256, at, claims.WithIssuer("https://other.example.com")},
			wantErr: []error{jwt.ErrTokenInvalidClaims, jwt.ErrTokenInvalidIssuer},
		},
		{
			name: "missing issuer", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("iss", nil)), keyFunc: keyByMethod,
			opts:    []claims.Option{rs256, at, claims.WithIssuer("https://issuer.example.com")},
			wantErr: []error{jwt.ErrTokenRequiredClaimMissing},
		},
		{
			name: "wrong audience", token: rs, keyFunc: keyByMethod,
			opts:    []claims.Option{rs256, at, claims.WithAudience("client-2")},
			wantErr: []error{jwt.ErrTokenInvalidClaims, jwt.ErrTokenInvalidAudience},
		},
		{
			name: "missing audience", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("aud", nil)), keyFunc: keyByMethod,
			opts:    []claims.Option{rs256, at, claims.WithAudience("client-1")},
			wantErr: []error{jwt.ErrTokenRequiredClaimMissing},
		},
		{
			name: "empty issuer option", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, at, claims.WithIssuer("")}, wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "empty audience option", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, at, claims.WithAudience()}, wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "empty string audience option", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, at, claims.WithAudience("client-1", "")}, wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "negative leeway", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, at, claims.WithLeeway(-time.Second)}, wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "nil time func", token: rs, keyFunc: keyByMethod,
			opts: []claims.Option{rs256, claims.WithTimeFunc(nil)}, wantErr: []error{claims.ErrInvalidOption},
		},
		{
			name: "nil keyFunc", token: rs, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenUnverifiable},
		},
		{
			name: "keyFunc error", token: rs, opts: []claims.Option{rs256, at},
			keyFunc: func(*jwt.Token) (any, error) { return nil, errUnknownKid },
			wantErr: []error{jwt.ErrTokenUnverifiable, errUnknownKid},
		},
		{
			name: "oversized token", token: sign(t, jwt.SigningMethodRS256, k.rsa, with("pad", strings.Repeat("x", claims.MaxTokenSize))),
			keyFunc: keyByMethod, opts: []claims.Option{rs256, at}, wantErr: []error{claims.ErrTooLarge},
		},
		{
			name: "two segments", token: h + "." + p, keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenMalformed},
		},
		{
			// The payload is decoded only once the signature holds, so a
			// forged one is refused for its signature.
			name: "bad base64 payload, forged", token: h + ".!!!." + s, keyFunc: keyByMethod, opts: []claims.Option{rs256, at},
			wantErr: []error{jwt.ErrTokenSignatureInvalid},
		},
		{
			name: "bad base64 payload, signed", token: signText(t, b64(`{"alg":"HS256"}`)+".!!!", k.hmac), keyFunc: keyByMethod,
			opts: []claims.Option{claims.WithAlgorithms("HS256"), at}, wantErr: []error{jwt.ErrTokenMalformed},
		},
		{
			name: "signed payload is an array", token: signRaw(t, `{"alg":"HS256","typ":"JWT"}`, `[1,2]`, k.hmac),
			keyFunc: keyByMethod, opts: []claims.Option{claims.WithAlgorithms("HS256"), at},
			wantErr: []error{jwt.ErrTokenMalformed, claims.ErrNotObject},
		},
		{
			name: "signed payload is null", token: signRaw(t, `{"alg":"HS256","typ":"JWT"}`, `null`, k.hmac),
			keyFunc: keyByMethod, opts: []claims.Option{claims.WithAlgorithms("HS256"), at},
			wantErr: []error{jwt.ErrTokenMalformed, claims.ErrNotObject},
		},
		{
			name: "signed payload has trailing data", token: signRaw(t, `{"alg":"HS256","typ":"JWT"}`, `{"exp":1700003600}{}`, k.hmac),
			keyFunc: keyByMethod, opts: []claims.Option{claims.WithAlgorithms("HS256"), at},
			wantErr: []error{jwt.ErrTokenMalformed, claims.ErrNotObject},
		},
		{
			name: "signed raw payload", token: signRaw(t, `{"alg":"HS256","typ":"JWT"}`, `{"exp":1700003600,"n":1.0}`, k.hmac),
			keyFunc: keyByMethod, opts: []claims.Option{claims.WithAlgorithms("HS256"), at},
			want: map[string]any{"exp": json.Number("1700003600"), "n": json.Number("1.0")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := claims.Verify(tt.token, tt.keyFunc, tt.opts...)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("Verify() = %v, want error", got)
				}
				for _, want := range tt.wantErr {
					if !errors.Is(err, want) {
						t.Errorf("Verify() error = %q, want errors.Is(err, %q)", err, want)
					}
				}
				if got != nil {
					t.Errorf("Verify() returned claims %v with an error", got)
				}
				checkErrorText(t, err)
				return
			}
			if err != nil {
				t.Fatalf("Verify() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Verify() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

var errUnknownKid = errors.New("unknown kid")

// signRaw builds an HS256 token from a raw header and payload.
func signRaw(t testing.TB, header, payload string, key []byte) string {
	t.Helper()
	return signText(t, b64(header)+"."+b64(payload), key)
}

// signText signs the signing input text (HEADER.PAYLOAD, as written) with
// HS256.
func signText(t testing.TB, text string, key []byte) string {
	t.Helper()
	sig, err := jwt.SigningMethodHS256.Sign(text, key)
	if err != nil {
		t.Fatal(err)
	}
	return text + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// b64 encodes s as an unpadded base64url JWT segment.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// TestVerifyKeyFuncNotCalled checks that keyFunc never sees a token that
// is oversized, malformed or signed with an algorithm that is not allowed.
func TestVerifyKeyFuncNotCalled(t *testing.T) {
	k := keys()
	valid := sign(t, jwt.SigningMethodHS256, k.hmac, jwt.MapClaims{"exp": now.Add(time.Hour).Unix()})
	h, p, _ := segments(valid)
	tests := []struct {
		name  string
		token string
		opts  []claims.Option
	}{
		{name: "no algorithms", token: valid},
		{name: "algorithm not allowed", token: valid, opts: []claims.Option{claims.WithAlgorithms("RS256")}},
		{name: "alg none", token: b64(`{"alg":"none"}`) + "." + p + ".", opts: []claims.Option{claims.WithAlgorithms("HS256")}},
		{name: "two segments", token: h + "." + p, opts: []claims.Option{claims.WithAlgorithms("HS256")}},
		{name: "payload array", token: h + "." + b64("[]") + ".x", opts: []claims.Option{claims.WithAlgorithms("HS256")}},
		{name: "oversized", token: strings.Repeat("a", claims.MaxTokenSize+1), opts: []claims.Option{claims.WithAlgorithms("HS256")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			keyFunc := func(*jwt.Token) (any, error) { called = true; return k.hmac, nil }
			if _, err := claims.Verify(tt.token, keyFunc, append(tt.opts, claims.WithTimeFunc(clock))...); err == nil {
				t.Fatal("Verify() succeeded, want error")
			}
			if called {
				t.Error("Verify() called keyFunc")
			}
		})
	}
}
