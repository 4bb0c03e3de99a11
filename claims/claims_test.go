package claims_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/claims"
)

// checkErrorText checks the house style of an error string: it starts with
// "claims: ", is lower-case after it and has no final period.
func checkErrorText(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "claims: ")
	if !ok {
		t.Errorf("error %q does not start with %q", msg, "claims: ")
	}
	if r := []rune(rest); len(r) > 0 && unicode.IsUpper(r[0]) {
		t.Errorf("error %q is not lower-case", msg)
	}
	if strings.HasSuffix(msg, ".") {
		t.Errorf("error %q ends with a period", msg)
	}
}

// checkErr checks err against wantErr (all must match errors.Is); it reports
// whether the caller should go on to compare results.
func checkErr(t *testing.T, fn string, err error, wantErr []error) bool {
	t.Helper()
	if len(wantErr) == 0 {
		if err != nil {
			t.Fatalf("%s error = %v", fn, err)
		}
		return true
	}
	if err == nil {
		t.Fatalf("%s succeeded, want error", fn)
	}
	for _, want := range wantErr {
		if !errors.Is(err, want) {
			t.Errorf("%s error = %q, want errors.Is(err, %q)", fn, err, want)
		}
	}
	checkErrorText(t, err)
	return false
}

func TestParseUnverified(t *testing.T) {
	hdr := b64(`{"alg":"RS256","typ":"JWT"}`)
	body := b64(`{"sub":"u1","n":12345678901234567890,"g":["a","b"]}`)
	sig := b64("not really a signature")
	malformed := []error{jwt.ErrTokenMalformed}
	notObject := []error{jwt.ErrTokenMalformed, claims.ErrNotObject}

	tests := []struct {
		name    string
		token   string
		want    map[string]any
		wantErr []error
	}{
		{
			name: "unsigned", token: hdr + "." + body + ".",
			want: map[string]any{"sub": "u1", "n": json.Number("12345678901234567890"), "g": []any{"a", "b"}},
		},
		{
			name: "bogus signature", token: hdr + "." + body + "." + sig,
			want: map[string]any{"sub": "u1", "n": json.Number("12345678901234567890"), "g": []any{"a", "b"}},
		},
		{
			name: "alg none", token: b64(`{"alg":"none"}`) + "." + b64(`{"a":true}`) + ".",
			want: map[string]any{"a": true},
		},
		{name: "empty object", token: hdr + "." + b64(`{}`) + ".", want: map[string]any{}},
		{name: "empty string", token: "", wantErr: malformed},
		{name: "one segment", token: hdr, wantErr: malformed},
		{name: "two segments", token: hdr + "." + body, wantErr: malformed},
		{name: "four segments", token: hdr + "." + body + "." + sig + ".x", wantErr: malformed},
		{name: "only dots", token: "..", wantErr: notObject},
		{name: "bad base64 header", token: "%%%." + body + ".", wantErr: malformed},
		{name: "bad base64 payload", token: hdr + ".a*b." + sig, wantErr: malformed},
		{name: "bad base64 signature", token: hdr + "." + body + ".!", wantErr: malformed},
		{name: "padded payload", token: hdr + "." + b64(`{"a":1}`) + "=." + sig, wantErr: malformed},
		{name: "standard base64 alphabet", token: hdr + "." + b64(`{"a":"??>"}`)[:4] + "+/" + ".", wantErr: malformed},
		{name: "header not JSON", token: b64("alg") + "." + body + ".", wantErr: notObject},
		{name: "header an array", token: b64(`[]`) + "." + body + ".", wantErr: notObject},
		{name: "payload not JSON", token: hdr + "." + b64(`{"a":`) + ".", wantErr: notObject},
		{name: "payload an array", token: hdr + "." + b64(`[{"a":1}]`) + ".", wantErr: notObject},
		{name: "payload null", token: hdr + "." + b64(`null`) + ".", wantErr: notObject},
		{name: "payload a string", token: hdr + "." + b64(`"sub"`) + ".", wantErr: notObject},
		{name: "payload a number", token: hdr + "." + b64(`42`) + ".", wantErr: notObject},
		{name: "payload empty", token: hdr + ".." + sig, wantErr: notObject},
		{name: "payload trailing data", token: hdr + "." + b64(`{"a":1}x`) + ".", wantErr: notObject},
		{name: "payload two objects", token: hdr + "." + b64(`{"a":1} {"a":2}`) + ".", wantErr: notObject},
		{
			name: "too large", token: hdr + "." + b64(`{"p":"`+strings.Repeat("x", claims.MaxTokenSize)+`"}`) + ".",
			wantErr: []error{claims.ErrTooLarge},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := claims.ParseUnverified(tt.token)
			if !checkErr(t, "ParseUnverified()", err, tt.wantErr) {
				if got != nil {
					t.Errorf("ParseUnverified() returned claims %v with an error", got)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseUnverified() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseUnverifiedReadsSignedToken(t *testing.T) {
	k := keys()
	tok := sign(t, jwt.SigningMethodES256, k.ecdsa, jwt.MapClaims{"sub": "u1", "exp": 1})
	got, err := claims.ParseUnverified(tok)
	if err != nil {
		t.Fatalf("ParseUnverified() error = %v", err)
	}
	want := map[string]any{"sub": "u1", "exp": json.Number("1")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseUnverified() mismatch (-want +got):\n%s", diff)
	}
}

func TestFromJSON(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    map[string]any
		wantErr []error
	}{
		{name: "empty object", payload: `{}`, want: map[string]any{}},
		{name: "surrounding whitespace", payload: " \n\t{\"a\":\"b\"}\r\n ", want: map[string]any{"a": "b"}},
		{
			name:    "every JSON type",
			payload: `{"s":"x","t":true,"f":false,"z":null,"o":{"k":[1,"2",null]},"a":[]}`,
			want: map[string]any{
				"s": "x", "t": true, "f": false, "z": nil,
				"o": map[string]any{"k": []any{json.Number("1"), "2", nil}}, "a": []any{},
			},
		},
		{
			name:    "numbers keep their text",
			payload: `{"big":12345678901234567890,"frac":0.1,"exp":1e400,"neg":-0,"three":3.0}`,
			want: map[string]any{
				"big": json.Number("12345678901234567890"), "frac": json.Number("0.1"),
				"exp": json.Number("1e400"), "neg": json.Number("-0"), "three": json.Number("3.0"),
			},
		},
		{name: "duplicate member: last wins", payload: `{"a":1,"a":2}`, want: map[string]any{"a": json.Number("2")}},
		{name: "empty", payload: ``, wantErr: []error{claims.ErrNotObject}},
		{name: "whitespace only", payload: "  \n", wantErr: []error{claims.ErrNotObject}},
		{name: "null", payload: `null`, wantErr: []error{claims.ErrNotObject}},
		{name: "array", payload: `[{"a":1}]`, wantErr: []error{claims.ErrNotObject}},
		{name: "string", payload: `"a"`, wantErr: []error{claims.ErrNotObject}},
		{name: "number", payload: `1`, wantErr: []error{claims.ErrNotObject}},
		{name: "boolean", payload: `true`, wantErr: []error{claims.ErrNotObject}},
		{name: "truncated", payload: `{"a":1`, wantErr: []error{claims.ErrNotObject}},
		{name: "syntax error", payload: `{"a":}`, wantErr: []error{claims.ErrNotObject}},
		{name: "single quotes", payload: `{'a':1}`, wantErr: []error{claims.ErrNotObject}},
		{name: "trailing object", payload: `{}{}`, wantErr: []error{claims.ErrNotObject}},
		{name: "trailing garbage", payload: `{"a":1} x`, wantErr: []error{claims.ErrNotObject}},
		{name: "trailing brace", payload: `{"a":1}}`, wantErr: []error{claims.ErrNotObject}},
		{
			name: "too large", payload: `{"p":"` + strings.Repeat("x", claims.MaxTokenSize) + `"}`,
			wantErr: []error{claims.ErrTooLarge},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := claims.FromJSON([]byte(tt.payload))
			if !checkErr(t, "FromJSON()", err, tt.wantErr) {
				if got != nil {
					t.Errorf("FromJSON() returned claims %v with an error", got)
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromJSON() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromJSONSizeLimit(t *testing.T) {
	// A payload of exactly MaxTokenSize bytes is accepted; one more is not.
	pad := claims.MaxTokenSize - len(`{"p":""}`)
	ok := []byte(`{"p":"` + strings.Repeat("x", pad) + `"}`)
	if _, err := claims.FromJSON(ok); err != nil {
		t.Errorf("FromJSON(%d bytes) error = %v", len(ok), err)
	}
	tooBig := append(ok, ' ')
	if _, err := claims.FromJSON(tooBig); !errors.Is(err, claims.ErrTooLarge) {
		t.Errorf("FromJSON(%d bytes) error = %v, want %v", len(tooBig), err, claims.ErrTooLarge)
	}
}

func TestFromJSONDeepNesting(t *testing.T) {
	nested := func(depth int, open, close string) []byte {
		return []byte(`{"a":` + strings.Repeat(open, depth) + "0" + strings.Repeat(close, depth) + `}`)
	}
	tests := []struct {
		name    string
		payload []byte
		wantErr bool
	}{
		{name: "arrays within the limit", payload: nested(5000, "[", "]")},
		{name: "objects within the limit", payload: nested(3000, `{"b":`, "}")},
		{name: "arrays past the limit", payload: nested(20000, "[", "]"), wantErr: true},
		{name: "objects past the limit", payload: nested(10500, `{"":`, "}"), wantErr: true},
		{name: "unclosed arrays filling the limit", payload: []byte(`{"a":` + strings.Repeat("[", claims.MaxTokenSize-5)), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := claims.FromJSON(tt.payload)
			if tt.wantErr {
				if !errors.Is(err, claims.ErrNotObject) {
					t.Errorf("FromJSON() error = %v, want %v", err, claims.ErrNotObject)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromJSON() error = %v", err)
			}
			if _, ok := got["a"]; !ok {
				t.Errorf("FromJSON() = map without \"a\"")
			}
		})
	}
}

func TestFromSAML(t *testing.T) {
	const roleAttr = "https://aws.amazon.com/SAML/Attributes/Role"
	tests := []struct {
		name  string
		attrs map[string][]string
		want  map[string]any
	}{
		{name: "nil", attrs: nil, want: map[string]any{}},
		{name: "empty", attrs: map[string][]string{}, want: map[string]any{}},
		{
			name:  "single value is a string",
			attrs: map[string][]string{"department": {"eng"}},
			want:  map[string]any{"department": "eng"},
		},
		{
			name:  "several values are an array, in order",
			attrs: map[string][]string{roleAttr: {"arn:aws:iam::1:role/B,arn:aws:iam::1:saml-provider/P", "arn:aws:iam::1:role/A,arn:aws:iam::1:saml-provider/P"}},
			want:  map[string]any{roleAttr: []any{"arn:aws:iam::1:role/B,arn:aws:iam::1:saml-provider/P", "arn:aws:iam::1:role/A,arn:aws:iam::1:saml-provider/P"}},
		},
		{
			name:  "no values is absent",
			attrs: map[string][]string{"groups": {}, "nil": nil, "mail": {"a@example.com"}},
			want:  map[string]any{"mail": "a@example.com"},
		},
		{
			name:  "empty string value is kept",
			attrs: map[string][]string{"nickname": {""}, "dup": {"x", "x"}},
			want:  map[string]any{"nickname": "", "dup": []any{"x", "x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := claims.FromSAML(tt.attrs)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromSAML() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromSAMLCopies(t *testing.T) {
	groups := []string{"a", "b"}
	attrs := map[string][]string{"groups": groups}
	got := claims.FromSAML(attrs)
	groups[0] = "changed"
	attrs["new"] = []string{"x"}
	got["groups"].([]any)[1] = "mine"
	want := map[string]any{"groups": []any{"a", "mine"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FromSAML() result changed with its input (-want +got):\n%s", diff)
	}
	if groups[1] != "b" {
		t.Errorf("changing the result changed the input: groups = %q", groups)
	}
}

func TestFromMapClaims(t *testing.T) {
	tests := []struct {
		name string
		in   jwt.MapClaims
		want map[string]any
	}{
		{name: "nil", in: nil, want: nil},
		{name: "empty", in: jwt.MapClaims{}, want: map[string]any{}},
		{
			name: "float64 numbers stay float64",
			in:   jwt.MapClaims{"exp": float64(1700000000), "cognito:groups": []any{"admins"}},
			want: map[string]any{"exp": float64(1700000000), "cognito:groups": []any{"admins"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := claims.FromMapClaims(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromMapClaims() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoginFromIssuer(t *testing.T) {
	tests := []struct {
		name string
		iss  string
		want string
	}{
		{
			name: "user pool",
			iss:  "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12",
			want: "cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12",
		},
		{name: "google with scheme", iss: "https://accounts.google.com", want: "accounts.google.com"},
		{name: "google without scheme", iss: "accounts.google.com", want: "accounts.google.com"},
		{name: "trailing slash kept", iss: "https://tenant.auth0.com/", want: "tenant.auth0.com/"},
		{name: "only one scheme removed", iss: "https://https://x.example", want: "https://x.example"},
		{name: "http kept", iss: "http://login.example.com", want: "http://login.example.com"},
		{name: "case kept", iss: "HTTPS://Login.Example.com", want: "HTTPS://Login.Example.com"},
		{name: "empty", iss: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := claims.LoginFromIssuer(tt.iss); got != tt.want {
				t.Errorf("LoginFromIssuer(%q) = %q, want %q", tt.iss, got, tt.want)
			}
		})
	}
}
