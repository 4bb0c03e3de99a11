package claims_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
)

// The fuzz targets compare with reflect.DeepEqual rather than cmp.Diff:
// cmp's slice diffing is exponential in nesting depth, and fuzz inputs nest
// deeply.

// FuzzFromJSON checks that FromJSON never panics, returns a non-nil map or a
// classified error, and that what it accepts survives a JSON round trip.
func FuzzFromJSON(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"iss":"https://accounts.google.com","aud":["a","b"],"exp":1700000000}`,
		`{"n":12345678901234567890,"f":-1.5e-7,"t":true,"z":null,"o":{"a":[1,{}]}}`,
		`null`, `[]`, `"s"`, `0`, `{}{}`, `{"a":1`, `{"a":"\ud800"}`, "{\"a\":\"\xff\"}",
		`{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := claims.FromJSON(data)
		if err != nil {
			if m != nil {
				t.Fatalf("FromJSON() returned %v with error %v", m, err)
			}
			if !errors.Is(err, claims.ErrNotObject) && !errors.Is(err, claims.ErrTooLarge) {
				t.Fatalf("FromJSON() error %v wraps neither ErrNotObject nor ErrTooLarge", err)
			}
			return
		}
		if m == nil {
			t.Fatal("FromJSON() = nil map, nil error")
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("json.Marshal(FromJSON()) error = %v", err)
		}
		if len(b) > claims.MaxTokenSize {
			return // escaping can make the re-encoding longer than the limit
		}
		m2, err := claims.FromJSON(b)
		if err != nil {
			t.Fatalf("FromJSON(%q) error = %v on re-encoded output", b, err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Errorf("round trip mismatch:\nfirst:  %v\nsecond: %v", m, m2)
		}
	})
}

// FuzzParseUnverified checks that ParseUnverified and Verify never panic,
// that ParseUnverified returns a non-nil map or a classified error, and that
// it agrees with FromJSON on the payload.
func FuzzParseUnverified(f *testing.F) {
	hmacKey := []byte("0123456789abcdef0123456789abcdef")
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u1", "exp": 1}).SignedString(hmacKey)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		signed,
		"eyJhbGciOiJub25lIn0.eyJhIjoxfQ.",
		"e30.e30.",
		"..",
		"a.b",
		"a.b.c.d",
		"e30.bnVsbA.",
		"e30.W10.",
		"!.!.!",
		"e30.e30=.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		m, err := claims.ParseUnverified(token)
		if err != nil {
			if m != nil {
				t.Fatalf("ParseUnverified() returned %v with error %v", m, err)
			}
			if !errors.Is(err, jwt.ErrTokenMalformed) && !errors.Is(err, claims.ErrTooLarge) {
				t.Fatalf("ParseUnverified() error %v wraps neither jwt.ErrTokenMalformed nor ErrTooLarge", err)
			}
		} else {
			if m == nil {
				t.Fatal("ParseUnverified() = nil map, nil error")
			}
			payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
			if err != nil {
				t.Fatalf("ParseUnverified() accepted a payload that is not base64url: %v", err)
			}
			want, err := claims.FromJSON(payload)
			if err != nil {
				t.Fatalf("ParseUnverified() accepted a payload FromJSON rejects: %v", err)
			}
			if !reflect.DeepEqual(want, m) {
				t.Errorf("ParseUnverified() and FromJSON disagree:\nFromJSON:        %v\nParseUnverified: %v", want, m)
			}
		}
		v, verr := claims.Verify(token, func(*jwt.Token) (any, error) { return hmacKey, nil },
			claims.WithAlgorithms("HS256"), claims.WithTimeFunc(func() time.Time { return time.Unix(0, 0) }))
		if verr == nil {
			if err != nil {
				t.Fatalf("Verify() accepted a token ParseUnverified rejects: %v", err)
			}
			if !reflect.DeepEqual(m, v) {
				t.Errorf("Verify() and ParseUnverified() disagree:\nParseUnverified: %v\nVerify:          %v", m, v)
			}
		}
	})
}

// FuzzParseKeySet: any document is a key set or an error, never a panic,
// and every key kept is usable.
func FuzzParseKeySet(f *testing.F) {
	f.Add([]byte(`{"keys": []}`))
	f.Add([]byte(docOf(rsaJWK("k", &keys().rsa.PublicKey))))
	f.Add([]byte(`{"keys": [{"kty": "EC", "kid": "e", "crv": "P-256", "x": "AAAA", "y": "AAAA"}, {"kty": "RSA", "kid": "r", "n": "AQAB", "e": "AQAB"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, err := claims.ParseKeySet(data)
		if err != nil {
			if keys != nil {
				t.Fatalf("keys %v with error %v", keys, err)
			}
			return
		}
		for kid, k := range keys {
			if kid == "" || k.Public == nil {
				t.Fatalf("kept key %q = %v", kid, k)
			}
		}
	})
}

// FuzzVerify: any token is verified or refused, never a panic, and a
// token that verifies carries the claims that were signed.
func FuzzVerify(f *testing.F) {
	k := keys()
	f.Add(sign(f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"exp": now.Add(time.Hour).Unix(), "sub": "x"}))
	f.Add(sign(f, jwt.SigningMethodHS256, k.hmac, jwt.MapClaims{"exp": now.Add(time.Hour).Unix()}))
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add(b64(`{"alg":"RS256","crit":["b64"]}`) + "." + b64(`{}`) + ".AAAA")
	opts := []claims.Option{claims.WithAlgorithms("RS256", "ES256"), claims.WithTimeFunc(clock)}
	f.Fuzz(func(t *testing.T, token string) {
		c, err := claims.Verify(token, staticKey(&k.rsa.PublicKey), opts...)
		if (c == nil) == (err == nil) {
			t.Fatalf("Verify() = %v, %v", c, err)
		}
	})
}
