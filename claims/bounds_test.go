package claims_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/internal/timing"
)

// TestCognitoConfigIsNotAURL: a Region or UserPoolID that reads as part of
// a URL cannot move the key set download, or the issuer a token must
// carry, to another host; before, an attacker's own token then verified.
func TestCognitoConfigIsNotAURL(t *testing.T) {
	attacker := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(docOf(rsaJWK("k1", &rsa2().PublicKey))))
	}))
	defer attacker.Close()
	host := strings.TrimPrefix(attacker.URL, "https://")
	region := "x@" + host + "/"
	client := attacker.Client()
	client.Transport.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: client.Transport.(*http.Transport).TLSClientConfig.RootCAs}
	v, err := claims.NewCognitoVerifier(claims.CognitoConfig{Region: region, UserPoolID: region + "_pool", ClientIDs: []string{testClient},
		HTTPClient: client, Now: clock})
	if err == nil {
		// What the old code did: the attacker's token, naming the issuer
		// the configuration builds, verifies.
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": "https://" + v.Login(), "aud": testClient, "token_use": "id",
			"exp": now.Add(time.Hour).Unix()})
		tok.Header["kid"] = "k1"
		s, _ := tok.SignedString(rsa2())
		_, _, verr := v.Verify(context.Background(), s)
		t.Fatalf("NewCognitoVerifier accepted Region %q (key set at %s); the attacker's token: %v", region, v.KeySet().URL(), verr)
	}
	if !errors.Is(err, claims.ErrInvalidOption) {
		t.Fatalf("NewCognitoVerifier() = %v, want ErrInvalidOption", err)
	}
	for _, bad := range []claims.CognitoConfig{
		{Region: "eu-west-1", UserPoolID: "eu-west-1_a/../../evil"},
		{Region: "eu-west-1", UserPoolID: "eu-west-1_a?x=1"},
		{Region: "eu-west-1", UserPoolID: "eu-west-1_" + strings.Repeat("a", 60)},
		{Region: "EU-WEST-1", UserPoolID: "EU-WEST-1_a"},
		{Region: "eu-west-1.evil.example", UserPoolID: "eu-west-1.evil.example_a"},
		{Region: "eu-west-1", UserPoolID: "eu-west-1_a", ClientIDs: []string{"a b"}},
		{Region: "eu-west-1", UserPoolID: "eu-west-1_a", ClientIDs: []string{strings.Repeat("c", 129)}},
	} {
		if bad.ClientIDs == nil {
			bad.ClientIDs = []string{testClient}
		}
		if _, err := claims.NewCognitoVerifier(bad); !errors.Is(err, claims.ErrInvalidOption) {
			t.Errorf("NewCognitoVerifier(%+v) = %v, want ErrInvalidOption", bad, err)
		}
	}
	for _, region := range []string{"us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-5", "eu-central-2", "il-central-1", "us-isob-east-1"} {
		v, err := claims.NewCognitoVerifier(claims.CognitoConfig{Region: region, UserPoolID: region + "_AbC123", ClientIDs: []string{testClient}})
		if err != nil {
			t.Errorf("region %s: %v", region, err)
			continue
		}
		if want := "https://cognito-idp." + region + ".amazonaws.com/" + region + "_AbC123/.well-known/jwks.json"; v.KeySet().URL() != want {
			t.Errorf("region %s: key set %s, want %s", region, v.KeySet().URL(), want)
		}
	}
	for _, url := range []string{"http://keys.example.com/jwks.json", "https://user@keys.example.com/", "keys.example.com/jwks.json", "https:///jwks.json", "ftp://keys.example.com/"} {
		if _, err := claims.NewKeySet(claims.KeySetConfig{URL: url}); !errors.Is(err, claims.ErrInvalidOption) {
			t.Errorf("NewKeySet(%q) = %v, want ErrInvalidOption", url, err)
		}
	}
	for _, url := range []string{"https://keys.example.com/jwks.json", "http://127.0.0.1:8080/keys", "http://[::1]:1/k", "http://localhost/k"} {
		if _, err := claims.NewKeySet(claims.KeySetConfig{URL: url}); err != nil {
			t.Errorf("NewKeySet(%q) = %v", url, err)
		}
	}
}

// TestVerifyHeaderCapped: a header over MaxHeaderSize is refused before it
// is decoded, so a forged token with a 64 KB nested header costs a small
// part of what decoding that header allocates (before, Verify decoded it:
// 5.8 ms and 2.2 MB).
func TestVerifyHeaderCapped(t *testing.T) {
	header := `{"alg":"RS256","kid":"k1","x":` + strings.Repeat("[", 9000) + strings.Repeat("1,", 14000) + "1" + strings.Repeat("]", 9000) + `}`
	token := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + b64(`{}`) + ".AAAA"
	if len(token) > claims.MaxTokenSize {
		t.Fatalf("the token is %d bytes, over MaxTokenSize", len(token))
	}
	v := newVerifier(t, claims.CognitoConfig{})
	_, _, err := v.Verify(context.Background(), token)
	if !errors.Is(err, claims.ErrTooLarge) || !errors.Is(err, jwt.ErrTokenMalformed) {
		t.Fatalf("Verify() = %v, want ErrTooLarge and jwt.ErrTokenMalformed", err)
	}
	base := timing.DecodeAllocated(t, []byte(header))
	alloc := timing.Allocated(func() { _, _, _ = v.Verify(context.Background(), token) })
	t.Logf("refusing the token allocated %d bytes; decoding its header allocates %d", alloc, base)
	if alloc*10 > base {
		t.Errorf("refusing the token allocated %d bytes, over a tenth of decoding its header (%d)", alloc, base)
	}
	// A header of MaxHeaderSize bytes is still read.
	small := `{"alg":"RS256","kid":"k1","pad":"` + strings.Repeat("p", claims.MaxHeaderSize-40) + `"}`
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{})
	text := b64(small) + "." + b64(`{"iss":"`+testIssuer+`","aud":"`+testClient+`","token_use":"id","exp":1800000000}`)
	sig, err := tok.Method.Sign(text, keys().rsa)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.Verify(context.Background(), text+"."+base64.RawURLEncoding.EncodeToString(sig)); err != nil {
		t.Errorf("a %d-byte header: %v", len(small), err)
	}
}

// TestKeyAlgBindsToken: a JWK that names its alg verifies only tokens of
// that alg, even with the same RSA key.
func TestKeyAlgBindsToken(t *testing.T) {
	srv := newJWKSServer(t, rsaJWK("k1", &keys().rsa.PublicKey)) // alg RS256
	ks := newKeySet(t, srv.URL, &fakeClock{t: now})
	exp := jwt.MapClaims{"exp": now.Add(time.Hour).Unix()}
	all := []claims.Option{claims.WithAlgorithms("RS256", "PS256", "RS512", "PS512"), claims.WithTimeFunc(clock)}
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodPS256, jwt.SigningMethodRS512, jwt.SigningMethodPS512} {
		tok := jwt.NewWithClaims(m, exp)
		tok.Header["kid"] = "k1"
		s, err := tok.SignedString(keys().rsa)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := claims.Verify(s, ks.Keyfunc, all...); !errors.Is(err, claims.ErrUnknownKey) {
			t.Errorf("%s token with an RS256 key: %v; want ErrUnknownKey", m.Alg(), err)
		}
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, exp)
	tok.Header["kid"] = "k1"
	s, _ := tok.SignedString(keys().rsa)
	if _, err := claims.Verify(s, ks.Keyfunc, all...); err != nil {
		t.Errorf("RS256 token with an RS256 key: %v", err)
	}
	// A key that names no alg takes any algorithm of its type.
	noAlg := rsaJWK("k2", &keys().rsa.PublicKey)
	delete(noAlg, "alg")
	ks2 := newKeySet(t, newJWKSServer(t, noAlg).URL, &fakeClock{t: now})
	ps := jwt.NewWithClaims(jwt.SigningMethodPS256, exp)
	ps.Header["kid"] = "k2"
	s, _ = ps.SignedString(keys().rsa)
	if _, err := claims.Verify(s, ks2.Keyfunc, all...); err != nil {
		t.Errorf("PS256 token with a key naming no alg: %v", err)
	}
}

// TestTimesOutOfRange: exp, nbf and iat at or above 2^63 seconds (or
// otherwise outside 1970..9999) are refused; before, they wrapped into the
// past and passed.
func TestTimesOutOfRange(t *testing.T) {
	v := newVerifier(t, claims.CognitoConfig{})
	for name, c := range map[string]jwt.MapClaims{
		"nbf at 2^63 s":        {"nbf": 9223372036854775808.0},
		"nbf at 1e19 s":        {"nbf": 1e19},
		"iat at 2^63 s":        {"iat": 9223372036854775808.0},
		"exp at 2^64 s":        {"exp": 18446744073709551616.0},
		"exp after year 9999":  {"exp": 253402300800},
		"iat before 1970":      {"iat": -1},
		"nbf far before 1970":  {"nbf": -9.3e18},
		"exp a huge json text": {"exp": jsonNumber("1e400")},
	} {
		_, _, err := v.Verify(context.Background(), cognitoToken(t, c))
		if !errors.Is(err, claims.ErrTimeOutOfRange) || !errors.Is(err, jwt.ErrTokenInvalidClaims) {
			t.Errorf("%s: Verify() = %v; want ErrTimeOutOfRange", name, err)
		}
	}
	if _, _, err := v.Verify(context.Background(), cognitoToken(t, jwt.MapClaims{"exp": 253402300799})); err != nil {
		t.Errorf("exp at the end of year 9999: %v", err)
	}
}

type jsonNumber string

func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// TestNoLeeway: the zero Leeway is DefaultLeeway, and NoLeeway allows no
// clock skew at all, which a service could not ask for before.
func TestNoLeeway(t *testing.T) {
	expired := cognitoToken(t, jwt.MapClaims{"exp": now.Add(-10 * time.Second).Unix()})
	if _, _, err := newVerifier(t, claims.CognitoConfig{}).Verify(context.Background(), expired); err != nil {
		t.Errorf("10 s after exp with the default leeway: %v", err)
	}
	_, _, err := newVerifier(t, claims.CognitoConfig{Leeway: claims.NoLeeway}).Verify(context.Background(), expired)
	if !errors.Is(err, claims.ErrExpired) {
		t.Errorf("10 s after exp with NoLeeway: %v; want ErrExpired", err)
	}
	_, _, err = newVerifier(t, claims.CognitoConfig{Leeway: -time.Hour}).Verify(context.Background(), expired)
	if !errors.Is(err, claims.ErrExpired) {
		t.Errorf("10 s after exp with a negative leeway: %v; want ErrExpired", err)
	}
}

// TestErrorsQuoteBoundedText: what an error quotes from a token is cut, so
// a 45 KB token_use or a 2 KB kid makes an error of a few hundred bytes.
func TestErrorsQuoteBoundedText(t *testing.T) {
	v := newVerifier(t, claims.CognitoConfig{})
	_, _, err := v.Verify(context.Background(), cognitoToken(t, jwt.MapClaims{"token_use": strings.Repeat("u", 45<<10)}))
	if !errors.Is(err, claims.ErrWrongTokenUse) || len(err.Error()) > 1<<10 {
		t.Errorf("a 45 KB token_use: an error of %d bytes: %.300v", len(err.Error()), err)
	}
	_, _, err = v.Verify(context.Background(), cognitoToken(t, jwt.MapClaims{"aud": strings.Repeat("a", 45<<10)}))
	if !errors.Is(err, claims.ErrWrongAudience) || len(err.Error()) > 1<<10 {
		t.Errorf("a 45 KB aud: an error of %d bytes: %.300v", len(err.Error()), err)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"exp": now.Add(time.Hour).Unix()})
	tok.Header["kid"] = strings.Repeat("k", 1900)
	s, _ := tok.SignedString(keys().rsa)
	_, _, err = v.Verify(context.Background(), s)
	if !errors.Is(err, claims.ErrUnknownKey) || len(err.Error()) > 1<<10 {
		t.Errorf("a 1,900-byte kid: an error of %d bytes: %.300v", len(err.Error()), err)
	}
}

// BenchmarkVerifyForgedHeader: what a forged token with a 48 KB nested
// header costs Verify, beside a valid token's verification.
func BenchmarkVerifyForgedHeader(b *testing.B) {
	header := `{"alg":"RS256","kid":"k1","x":` + strings.Repeat("[", 9000) + strings.Repeat("1,", 14000) + "1" + strings.Repeat("]", 9000) + `}`
	forged := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + b64(`{}`) + ".AAAA"
	v := newVerifier(b, claims.CognitoConfig{})
	valid := cognitoToken(b, nil)
	ctx := context.Background()
	for name, tok := range map[string]string{"token=forged": forged, "token=valid": valid} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _, _ = v.Verify(ctx, tok)
			}
		})
	}
}

// keySetDocs are key sets of about size bytes shaped to be slow —
// thousands of RSA keys, EC keys each needing a point check, points off the
// curve, 8192-bit moduli, deep nesting, one kid throughout.
func keySetDocs(t testing.TB, size int) map[string][]byte {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	x := base64.RawURLEncoding.EncodeToString(ec.X.FillBytes(make([]byte, 32)))
	y := base64.RawURLEncoding.EncodeToString(ec.Y.FillBytes(make([]byte, 32)))
	rsaN := base64.RawURLEncoding.EncodeToString(keys().rsa.N.Bytes())
	bigN := base64.RawURLEncoding.EncodeToString(append([]byte{0xff}, make([]byte, 1023)...))
	build := func(key string) []byte {
		var b strings.Builder
		b.WriteString(`{"keys": [`)
		for i := 0; b.Len() < size-len(key)-16; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strings.ReplaceAll(key, "KID", "k"+strconv.Itoa(i)))
		}
		b.WriteString(`]}`)
		return []byte(b.String())
	}
	return map[string][]byte{
		"RSA keys":             build(`{"kty": "RSA", "kid": "KID", "alg": "RS256", "n": "` + rsaN + `", "e": "AQAB"}`),
		"EC keys":              build(`{"kty": "EC", "kid": "KID", "crv": "P-256", "x": "` + x + `", "y": "` + y + `"}`),
		"points off the curve": build(`{"kty": "EC", "kid": "KID", "crv": "P-256", "x": "` + x + `", "y": "` + x + `"}`),
		"8192-bit moduli":      build(`{"kty": "RSA", "kid": "KID", "n": "` + bigN + `", "e": "AQAB"}`),
		"deep nesting":         build(`{"kid": "KID", "x": ` + strings.Repeat("[", 500) + strings.Repeat("]", 500) + `}`),
		"one kid":              build(`{"kty": "EC", "kid": "same", "crv": "P-256", "x": "` + x + `", "y": "` + y + `"}`),
	}
}

// TestParseKeySetBounded: key sets of 1 MiB (DefaultMaxKeySetSize) shaped
// to be slow parse within a small multiple of the allocations of decoding
// the same document with encoding/json, and a set four times as large
// costs about four times as much (bytes and allocations), each key its
// bytes and one point check.
func TestParseKeySetBounded(t *testing.T) {
	small, large := keySetDocs(t, claims.DefaultMaxKeySetSize/4), keySetDocs(t, claims.DefaultMaxKeySetSize)
	for name, doc := range large {
		t.Run(name, func(t *testing.T) {
			parse := func(doc []byte) func() {
				return func() {
					if _, err := claims.ParseKeySet(doc); err != nil {
						t.Fatal(err)
					}
				}
			}
			baseAlloc := timing.DecodeAllocated(t, doc)
			alloc, allocSmall := timing.Allocated(parse(doc)), timing.Allocated(parse(small[name]))
			n, nSmall := testing.AllocsPerRun(1, parse(doc)), testing.AllocsPerRun(1, parse(small[name]))
			t.Logf("%d bytes: %.1f× decoding's allocations; %d bytes and %.0f allocations, at a quarter of the size %d and %.0f",
				len(doc), float64(alloc)/float64(baseAlloc), alloc, n, allocSmall, nSmall)
			if alloc > 10*baseAlloc {
				t.Errorf("ParseKeySet allocated %d bytes, over 10× decoding's allocations (%d bytes)", alloc, baseAlloc)
			}
			if 2*alloc > 9*allocSmall || 2*n > 9*nSmall {
				t.Errorf("ParseKeySet: %d bytes and %.0f allocations at 4× the size of %d bytes and %.0f; want at most 4.5×", alloc, n, allocSmall, nSmall)
			}
		})
	}
}

// BenchmarkParseKeySet: ParseKeySet on 1 MiB key sets shaped to be slow,
// beside decoding each with encoding/json.
func BenchmarkParseKeySet(b *testing.B) {
	for name, doc := range keySetDocs(b, claims.DefaultMaxKeySetSize) {
		name = strings.ReplaceAll(name, " ", "_")
		b.Run("keys="+name+"/op=parse", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = claims.ParseKeySet(doc)
			}
		})
		b.Run("keys="+name+"/op=decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = json.Unmarshal(doc, &v)
			}
		})
	}
}
