package claims_test

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
)

// TestVerifyHardening covers the checks RFC 7515 and RFC 8725 ask for
// beyond what jwt/v5 does by default.
func TestVerifyHardening(t *testing.T) {
	k := keys()
	exp := now.Add(time.Hour).Unix()
	valid := sign(t, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"exp": exp, "sub": "1"})
	h, p, s := segments(valid)
	// A second spelling of the same signature: the last base64url
	// character of a 256-byte signature carries 2 unused bits.
	last := s[len(s)-1]
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i := strings.IndexByte(alphabet, last)
	respelled := h + "." + p + "." + s[:len(s)-1] + string(alphabet[i^1])

	withHeader := func(header string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"exp": exp})
		_, p, _ := segments(sign(t, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"exp": exp}))
		text := b64(header) + "." + p
		sig, err := tok.Method.Sign(text, k.rsa)
		if err != nil {
			t.Fatal(err)
		}
		return text + "." + base64.RawURLEncoding.EncodeToString(sig)
	}
	signedText := func(text string) string {
		sig, err := jwt.SigningMethodRS256.Sign(text, k.rsa)
		if err != nil {
			t.Fatal(err)
		}
		return text + "." + base64.RawURLEncoding.EncodeToString(sig)
	}
	rs := []claims.Option{claims.WithAlgorithms("RS256"), claims.WithTimeFunc(clock)}
	tests := []struct {
		name  string
		token string
		opts  []claims.Option
		want  error // nil: accepted
	}{
		{name: "valid", token: valid},
		{name: "a second base64 spelling of the signature", token: respelled, want: jwt.ErrTokenMalformed},
		{name: "padded payload, forged", token: h + "." + p + "==." + s, want: jwt.ErrTokenSignatureInvalid},
		{name: "padded payload, signed", token: signedText(h + "." + p + "=="), want: jwt.ErrTokenMalformed},
		{name: "crit names an unknown extension", token: withHeader(`{"alg":"RS256","crit":["exp"],"exp":1}`), want: claims.ErrCriticalHeader},
		{name: "crit empty", token: withHeader(`{"alg":"RS256","crit":[]}`), want: claims.ErrCriticalHeader},
		{name: "iat a year ahead", token: sign(t, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"exp": exp, "iat": now.AddDate(1, 0, 0).Unix()}),
			want: jwt.ErrTokenUsedBeforeIssued},
		{name: "iat within the leeway", token: sign(t, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"exp": exp, "iat": now.Add(30 * time.Second).Unix()}),
			opts: []claims.Option{claims.WithLeeway(time.Minute)}},
		{name: "typ required and absent", token: withHeader(`{"alg":"RS256"}`), opts: []claims.Option{claims.WithType("JWT")}, want: claims.ErrWrongType},
		{name: "typ required and wrong", token: withHeader(`{"alg":"RS256","typ":"at+jwt"}`), opts: []claims.Option{claims.WithType("JWT")}, want: claims.ErrWrongType},
		{name: "typ matches case-insensitively with application/", token: withHeader(`{"alg":"RS256","typ":"application/jwt"}`), opts: []claims.Option{claims.WithType("JWT")}},
		{name: "jku is never fetched", token: withHeader(`{"alg":"RS256","jku":"http://127.0.0.1:1/keys"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := claims.Verify(tt.token, staticKey(&k.rsa.PublicKey), append(append([]claims.Option{}, rs...), tt.opts...)...)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Verify() error = %v, want success", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("Verify() error = %v, want errors.Is(err, %v)", err, tt.want)
			}
		})
	}
	if _, err := claims.Verify(valid, staticKey(&k.rsa.PublicKey), claims.WithAlgorithms("RS256"), claims.WithType("")); !errors.Is(err, claims.ErrInvalidOption) {
		t.Errorf("WithType(\"\"): error = %v, want ErrInvalidOption", err)
	}
}

// TestVerifyForgedTokenNotDecoded checks that a token whose signature
// fails never has its payload JSON-decoded: a forged 48 KB payload of many
// members costs a base64 decode, not thousands of allocations.
func TestVerifyForgedTokenNotDecoded(t *testing.T) {
	k := keys()
	var b strings.Builder
	b.WriteString(`{"exp":1`)
	for i := 0; b.Len() < 36<<10; i++ {
		b.WriteString(`,"m` + strconv.Itoa(i) + `":[1,2,3]`)
	}
	b.WriteString("}")
	valid := sign(t, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"exp": now.Add(time.Hour).Unix()})
	h, _, s := segments(valid)
	forged := h + "." + b64(b.String()) + "." + s
	if len(forged) < 48<<10 {
		t.Fatalf("forged token of %d bytes", len(forged))
	}
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := claims.Verify(forged, staticKey(&k.rsa.PublicKey), claims.WithAlgorithms("RS256"), claims.WithTimeFunc(clock)); !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			t.Fatalf("Verify(forged) = %v, want ErrTokenSignatureInvalid", err)
		}
	})
	if allocs > 100 {
		t.Errorf("Verify(forged) made %v allocations; the payload must not be decoded before the signature is checked", allocs)
	}
}
