package rolemap_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
)

// absentClaim in a table means: the claim is not in the claims at all.
type absentClaim struct{}

// evalOne resolves claims against a pool whose only mapping (for Google) is
// one Deny rule on claim "c", with and without a trace, and returns the
// rule's trace entry. It checks that both runs agree.
func evalOne(t *testing.T, mt rolemap.MatchType, value string, c map[string]any) (rolemap.RuleTrace, error) {
	t.Helper()
	r := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousDeny, rule("c", mt, value, roleA))}))

	d, err := r.Resolve(rolemap.Request{Login: google, Claims: c})
	var matchedPlain bool
	switch {
	case err == nil && d.RoleARN == roleA && d.Reason == rolemap.ReasonRuleMatch && d.RuleIndex() == 0:
		matchedPlain = true
	case err == nil:
		t.Fatalf("unexpected decision %v", d)
	case errors.Is(err, &rolemap.Error{Code: codeNotAuthorized, Message: denyMsg(google)}):
	default:
		return rolemap.RuleTrace{}, err
	}
	if d.Trace != nil {
		t.Errorf("Decision.Trace = %v without Request.Trace, want nil", d.Trace)
	}
	var e *rolemap.Error
	if errors.As(err, &e) && e.Trace != nil {
		t.Errorf("Error.Trace = %v without Request.Trace, want nil", e.Trace)
	}

	d, err = r.Resolve(rolemap.Request{Login: google, Claims: c, Trace: true})
	trace := d.Trace
	if err != nil {
		if !errors.As(err, &e) {
			t.Fatalf("traced Resolve error %v is not a *rolemap.Error", err)
		}
		if e.Message != denyMsg(google) {
			t.Fatalf("traced Resolve: %v, untraced Resolve denied", err)
		}
		trace = e.Trace
	}
	if len(trace) != 1 {
		t.Fatalf("trace %v, want one entry", trace)
	}
	if got := trace[0].Outcome == rolemap.OutcomeMatch; got != matchedPlain {
		t.Errorf("traced outcome %v, untraced matched = %v", trace[0].Outcome, matchedPlain)
	}
	return trace[0], nil
}

type compareCase struct {
	name   string
	mt     rolemap.MatchType
	value  string
	claim  any
	want   rolemap.Outcome
	values []string // the claim's values as the trace shows them
}

func runCompareCases(t *testing.T, tests []compareCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := claims("other", "v")
			if _, ok := tt.claim.(absentClaim); !ok {
				c["c"] = tt.claim
			}
			got, err := evalOne(t, tt.mt, tt.value, c)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			want := rolemap.RuleTrace{Index: 0, Rule: rule("c", tt.mt, tt.value, roleA), Values: tt.values, Outcome: tt.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("claim %#v %s %q (-want +got):\n%s", tt.claim, tt.mt, tt.value, diff)
			}
		})
	}
}

const (
	match    = rolemap.OutcomeMatch
	mismatch = rolemap.OutcomeMismatch
	absent   = rolemap.OutcomeAbsent
	object   = rolemap.OutcomeObject
)

func TestCompareStrings(t *testing.T) {
	const nfc, nfd = "caf\u00e9", "cafe\u0301"
	runCompareCases(t, []compareCase{
		{name: "equals", mt: rolemap.Equals, value: "admin", claim: "admin", want: match, values: []string{"admin"}},
		{name: "equals case-sensitive", mt: rolemap.Equals, value: "Admin", claim: "admin", want: mismatch, values: []string{"admin"}},
		{name: "equals no leading trim", mt: rolemap.Equals, value: "admin", claim: " admin", want: mismatch, values: []string{" admin"}},
		{name: "equals no trailing trim", mt: rolemap.Equals, value: "admin", claim: "admin\n", want: mismatch, values: []string{"admin\n"}},
		{name: "equals empty claim", mt: rolemap.Equals, value: "x", claim: "", want: mismatch, values: []string{""}},
		{name: "not equal empty claim", mt: rolemap.NotEqual, value: "x", claim: "", want: match, values: []string{""}},
		{name: "not equal same", mt: rolemap.NotEqual, value: "a", claim: "a", want: mismatch, values: []string{"a"}},
		{name: "not equal other", mt: rolemap.NotEqual, value: "a", claim: "b", want: match, values: []string{"b"}},
		{name: "not equal case", mt: rolemap.NotEqual, value: "a", claim: "A", want: match, values: []string{"A"}},
		{name: "contains substring", mt: rolemap.Contains, value: "admin", claim: "superadmins", want: match, values: []string{"superadmins"}},
		{name: "contains case-sensitive", mt: rolemap.Contains, value: "ADMIN", claim: "superadmins", want: mismatch, values: []string{"superadmins"}},
		{name: "contains whole", mt: rolemap.Contains, value: "admin", claim: "admin", want: match, values: []string{"admin"}},
		{name: "starts with", mt: rolemap.StartsWith, value: "ad", claim: "admin", want: match, values: []string{"admin"}},
		{name: "starts with case-sensitive", mt: rolemap.StartsWith, value: "ad", claim: "Admin", want: mismatch, values: []string{"Admin"}},
		{name: "starts with not at the end", mt: rolemap.StartsWith, value: "in", claim: "admin", want: mismatch, values: []string{"admin"}},
		{name: "starts with longer value", mt: rolemap.StartsWith, value: "admins", claim: "admin", want: mismatch, values: []string{"admin"}},
		{name: "nfc equals nfc", mt: rolemap.Equals, value: nfc, claim: nfc, want: match, values: []string{nfc}},
		{name: "nfc equals nfd", mt: rolemap.Equals, value: nfc, claim: nfd, want: mismatch, values: []string{nfd}},
		{name: "nfd equals nfc", mt: rolemap.Equals, value: nfd, claim: nfc, want: mismatch, values: []string{nfc}},
		{name: "nfc not equal nfd", mt: rolemap.NotEqual, value: nfc, claim: nfd, want: match, values: []string{nfd}},
		{name: "nfc contains in nfd", mt: rolemap.Contains, value: "\u00e9", claim: nfd, want: mismatch, values: []string{nfd}},
		{name: "nfd contains e", mt: rolemap.Contains, value: "cafe", claim: nfd, want: match, values: []string{nfd}},
		{name: "string that looks like a number", mt: rolemap.Equals, value: "3", claim: "3.0", want: mismatch, values: []string{"3.0"}},
		{name: "string true", mt: rolemap.Equals, value: "true", claim: "true", want: match, values: []string{"true"}},
	})
}

func TestCompareBooleans(t *testing.T) {
	runCompareCases(t, []compareCase{
		{name: "true equals", mt: rolemap.Equals, value: "true", claim: true, want: match, values: []string{"true"}},
		{name: "false equals", mt: rolemap.Equals, value: "false", claim: false, want: match, values: []string{"false"}},
		{name: "true is not True", mt: rolemap.Equals, value: "True", claim: true, want: mismatch, values: []string{"true"}},
		{name: "true is not 1", mt: rolemap.Equals, value: "1", claim: true, want: mismatch, values: []string{"true"}},
		{name: "false not equal true", mt: rolemap.NotEqual, value: "true", claim: false, want: match, values: []string{"false"}},
		{name: "true not equal true", mt: rolemap.NotEqual, value: "true", claim: true, want: mismatch, values: []string{"true"}},
		{name: "true contains", mt: rolemap.Contains, value: "ru", claim: true, want: match, values: []string{"true"}},
		{name: "false starts with", mt: rolemap.StartsWith, value: "fa", claim: false, want: match, values: []string{"false"}},
	})
}

func TestCompareNumbers(t *testing.T) {
	negZero := math.Copysign(0, -1)
	tenth := 0.1 // a variable, so that 0.1 + 0.2 is not computed exactly at compile time
	runCompareCases(t, []compareCase{
		{name: "3 equals 3", mt: rolemap.Equals, value: "3", claim: 3.0, want: match, values: []string{"3"}},
		{name: "3.0 never equals a number", mt: rolemap.Equals, value: "3.0", claim: 3.0, want: mismatch, values: []string{"3"}},
		{name: "not equal 3.0", mt: rolemap.NotEqual, value: "3.0", claim: 3.0, want: match, values: []string{"3"}},
		{name: "not equal 3", mt: rolemap.NotEqual, value: "3", claim: 3.0, want: mismatch, values: []string{"3"}},
		{name: "03 never equals", mt: rolemap.Equals, value: "03", claim: 3.0, want: mismatch, values: []string{"3"}},
		{name: "+3 never equals", mt: rolemap.Equals, value: "+3", claim: 3.0, want: mismatch, values: []string{"3"}},
		{name: "negative half", mt: rolemap.Equals, value: "-0.5", claim: -0.5, want: match, values: []string{"-0.5"}},
		{name: "1e21", mt: rolemap.Equals, value: "1e+21", claim: 1e21, want: match, values: []string{"1e+21"}},
		{name: "1e21 without plus", mt: rolemap.Equals, value: "1e21", claim: 1e21, want: mismatch, values: []string{"1e+21"}},
		{name: "1e21 starts with 1e", mt: rolemap.StartsWith, value: "1e", claim: 1e21, want: match, values: []string{"1e+21"}},
		{name: "1e21 contains e+", mt: rolemap.Contains, value: "e+", claim: 1e21, want: match, values: []string{"1e+21"}},
		{name: "1.5e-7", mt: rolemap.Equals, value: "1.5e-7", claim: 1.5e-7, want: match, values: []string{"1.5e-7"}},
		{name: "1e-7", mt: rolemap.Equals, value: "1e-7", claim: 1e-7, want: match, values: []string{"1e-7"}},
		{name: "1e-6 is written in full", mt: rolemap.Equals, value: "0.000001", claim: 1e-6, want: match, values: []string{"0.000001"}},
		{name: "1e20 is written in full", mt: rolemap.Equals, value: "100000000000000000000", claim: 1e20, want: match,
			values: []string{"100000000000000000000"}},
		{name: "1e20 has no e", mt: rolemap.Contains, value: "e", claim: 1e20, want: mismatch, values: []string{"100000000000000000000"}},
		{name: "negative zero equals 0", mt: rolemap.Equals, value: "0", claim: negZero, want: match, values: []string{"0"}},
		{name: "negative zero is not -0", mt: rolemap.Equals, value: "-0", claim: negZero, want: mismatch, values: []string{"0"}},
		{name: "negative zero has no sign", mt: rolemap.StartsWith, value: "-", claim: negZero, want: mismatch, values: []string{"0"}},
		{name: "negative zero not equal 0", mt: rolemap.NotEqual, value: "0", claim: negZero, want: mismatch, values: []string{"0"}},
		{name: "half contains a dot", mt: rolemap.Contains, value: ".", claim: 0.5, want: match, values: []string{"0.5"}},
		{name: "half starts with 0.", mt: rolemap.StartsWith, value: "0.", claim: 0.5, want: match, values: []string{"0.5"}},
		{name: "integer has no dot", mt: rolemap.Contains, value: ".", claim: 42.0, want: mismatch, values: []string{"42"}},
		{name: "shortest digits", mt: rolemap.Equals, value: "0.30000000000000004", claim: tenth + 0.2, want: match,
			values: []string{"0.30000000000000004"}},
		{name: "nearest double", mt: rolemap.Equals, value: "123456789012345680000", claim: 123456789012345678901.0, want: match,
			values: []string{"123456789012345680000"}},
		{name: "max float", mt: rolemap.Equals, value: "1.7976931348623157e+308", claim: math.MaxFloat64, want: match,
			values: []string{"1.7976931348623157e+308"}},
		{name: "smallest denormal", mt: rolemap.Equals, value: "5e-324", claim: math.SmallestNonzeroFloat64, want: match,
			values: []string{"5e-324"}},
	})
}

func TestCompareNullArraysObjects(t *testing.T) {
	skipped := []any{nil, map[string]any{"x": "x"}, []any{"x"}}
	var tests []compareCase
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		tests = append(tests,
			compareCase{name: string(mt) + " absent", mt: mt, value: "x", claim: absentClaim{}, want: absent},
			compareCase{name: string(mt) + " null", mt: mt, value: "x", claim: nil, want: absent},
			compareCase{name: string(mt) + " empty array", mt: mt, value: "x", claim: []any{}, want: absent},
			compareCase{name: string(mt) + " empty string slice", mt: mt, value: "x", claim: []string{}, want: absent},
			compareCase{name: string(mt) + " only skipped elements", mt: mt, value: "x", claim: skipped, want: absent},
			compareCase{name: string(mt) + " object", mt: mt, value: "x", claim: map[string]any{"x": "x"}, want: object},
			compareCase{name: string(mt) + " empty object", mt: mt, value: "x", claim: map[string]any{}, want: object},
			compareCase{name: string(mt) + " jwt.MapClaims object", mt: mt, value: "x", claim: jwt.MapClaims{"x": "x"}, want: object},
			compareCase{name: string(mt) + " string map object", mt: mt, value: "x", claim: map[string]string{"x": "x"}, want: object},
		)
	}
	tests = append(tests, []compareCase{
		{name: "equals any element", mt: rolemap.Equals, value: "b", claim: []any{"a", "b"}, want: match, values: []string{"a", "b"}},
		{name: "equals no element", mt: rolemap.Equals, value: "c", claim: []any{"a", "b"}, want: mismatch, values: []string{"a", "b"}},
		{name: "contains any element", mt: rolemap.Contains, value: "dm", claim: []any{"x", "admin"}, want: match, values: []string{"x", "admin"}},
		{name: "contains not across elements", mt: rolemap.Contains, value: "ab", claim: []any{"a", "b"}, want: mismatch, values: []string{"a", "b"}},
		{name: "starts with any element", mt: rolemap.StartsWith, value: "ad", claim: []any{"x", "admin"}, want: match, values: []string{"x", "admin"}},
		{name: "not equal when one element equals", mt: rolemap.NotEqual, value: "a", claim: []any{"a", "b"}, want: mismatch,
			values: []string{"a", "b"}},
		{name: "not equal when no element equals", mt: rolemap.NotEqual, value: "c", claim: []any{"a", "b"}, want: match,
			values: []string{"a", "b"}},
		{name: "string slice", mt: rolemap.Equals, value: "b", claim: []string{"a", "b"}, want: match, values: []string{"a", "b"}},
		{name: "string slice not equal", mt: rolemap.NotEqual, value: "b", claim: []string{"a", "b"}, want: mismatch, values: []string{"a", "b"}},
		{name: "number element", mt: rolemap.Equals, value: "3", claim: []any{"x", 3.0}, want: match, values: []string{"x", "3"}},
		{name: "big number element", mt: rolemap.StartsWith, value: "1e+", claim: []any{1e21}, want: match, values: []string{"1e+21"}},
		{name: "boolean element", mt: rolemap.Equals, value: "true", claim: []any{false, true}, want: match, values: []string{"false", "true"}},
		{name: "skipped elements do not match", mt: rolemap.Equals, value: "x", claim: append([]any{"y"}, skipped...), want: mismatch,
			values: []string{"y"}},
		{name: "skipped elements do not count for not equal", mt: rolemap.NotEqual, value: "x", claim: append([]any{"y"}, skipped...),
			want: match, values: []string{"y"}},
		{name: "nested array is skipped", mt: rolemap.Contains, value: "x", claim: []any{[]any{"x"}, "y"}, want: mismatch, values: []string{"y"}},
		{name: "go int slice", mt: rolemap.Equals, value: "2", claim: []int{1, 2, 3}, want: match, values: []string{"1", "2", "3"}},
		{name: "go float slice", mt: rolemap.Contains, value: ".", claim: []float64{1, 0.5}, want: match, values: []string{"1", "0.5"}},
		{name: "json number slice", mt: rolemap.Equals, value: "3", claim: []json.Number{"3.0"}, want: match, values: []string{"3"}},
		{name: "go array", mt: rolemap.Equals, value: "b", claim: [2]string{"a", "b"}, want: match, values: []string{"a", "b"}},
	}...)
	runCompareCases(t, tests)
}

// TestCompareNumberRepresentations decodes the same JSON claims as
// encoding/json does (float64), with UseNumber (json.Number), and as
// jwt.MapClaims from a signed token (with and without WithJSONNumber): all
// must decide alike.
func TestCompareNumberRepresentations(t *testing.T) {
	tests := []struct {
		name   string
		json   string // the claim's JSON value
		mt     rolemap.MatchType
		value  string
		want   rolemap.Outcome
		values []string
	}{
		{name: "3", json: `3`, mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "3.0 reads 3", json: `3.0`, mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "3.0 never equals 3.0", json: `3.0`, mt: rolemap.Equals, value: "3.0", want: mismatch, values: []string{"3"}},
		{name: "3.0 not equal 3", json: `3.0`, mt: rolemap.NotEqual, value: "3", want: mismatch, values: []string{"3"}},
		{name: "30e-1 reads 3", json: `30e-1`, mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "negative half", json: `-0.5`, mt: rolemap.Equals, value: "-0.5", want: match, values: []string{"-0.5"}},
		{name: "1e21", json: `1e21`, mt: rolemap.Equals, value: "1e+21", want: match, values: []string{"1e+21"}},
		{name: "1E21 starts with 1e", json: `1E21`, mt: rolemap.StartsWith, value: "1e", want: match, values: []string{"1e+21"}},
		{name: "1e+21 not 1e21", json: `1e+21`, mt: rolemap.Equals, value: "1e21", want: mismatch, values: []string{"1e+21"}},
		{name: "1.5e-7", json: `0.00000015`, mt: rolemap.Equals, value: "1.5e-7", want: match, values: []string{"1.5e-7"}},
		{name: "1e20 in full", json: `1e20`, mt: rolemap.Equals, value: "100000000000000000000", want: match,
			values: []string{"100000000000000000000"}},
		{name: "negative zero", json: `-0`, mt: rolemap.Equals, value: "0", want: match, values: []string{"0"}},
		{name: "negative zero float", json: `-0.0`, mt: rolemap.StartsWith, value: "-", want: mismatch, values: []string{"0"}},
		{name: "half contains dot", json: `0.5`, mt: rolemap.Contains, value: ".", want: match, values: []string{"0.5"}},
		{name: "nearest double of a long integer", json: `12345678901234567890`, mt: rolemap.Equals, value: "12345678901234567000",
			want: match, values: []string{"12345678901234567000"}},
		{name: "underflow reads 0", json: `1e-400`, mt: rolemap.Equals, value: "0", want: match, values: []string{"0"}},
		{name: "many digits", json: `0.1000000000000000000000001`, mt: rolemap.Equals, value: "0.1", want: match, values: []string{"0.1"}},
		{name: "array of numbers", json: `[1, 2.50, true, "x", null, {}]`, mt: rolemap.Equals, value: "2.5", want: match,
			values: []string{"1", "2.5", "true", "x"}},
		{name: "array not equal", json: `[1.0, 2]`, mt: rolemap.NotEqual, value: "1", want: mismatch, values: []string{"1", "2"}},
		{name: "object", json: `{"a": 1}`, mt: rolemap.NotEqual, value: "1", want: object},
		{name: "null", json: `null`, mt: rolemap.NotEqual, value: "1", want: absent},
		{name: "boolean", json: `true`, mt: rolemap.Equals, value: "true", want: match, values: []string{"true"}},
	}
	key := []byte("test key")
	decoders := []struct {
		name   string
		decode func(t *testing.T, payload string) map[string]any
	}{
		{name: "float64", decode: func(t *testing.T, payload string) map[string]any {
			var m map[string]any
			if err := json.Unmarshal([]byte(payload), &m); err != nil {
				t.Fatal(err)
			}
			return m
		}},
		{name: "json.Number", decode: func(t *testing.T, payload string) map[string]any {
			dec := json.NewDecoder(strings.NewReader(payload))
			dec.UseNumber()
			var m map[string]any
			if err := dec.Decode(&m); err != nil {
				t.Fatal(err)
			}
			return m
		}},
		{name: "jwt.MapClaims", decode: func(t *testing.T, payload string) map[string]any {
			return parseJWT(t, signJWT(t, key, payload), key)
		}},
		{name: "jwt.MapClaims json.Number", decode: func(t *testing.T, payload string) map[string]any {
			return parseJWT(t, signJWT(t, key, payload), key, jwt.WithJSONNumber())
		}},
	}
	for _, tt := range tests {
		for _, dec := range decoders {
			t.Run(tt.name+"/"+dec.name, func(t *testing.T) {
				c := dec.decode(t, `{"c": `+tt.json+`}`)
				got, err := evalOne(t, tt.mt, tt.value, c)
				if err != nil {
					t.Fatalf("Resolve: %v", err)
				}
				want := rolemap.RuleTrace{Rule: rule("c", tt.mt, tt.value, roleA), Values: tt.values, Outcome: tt.want}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("claim %s (%#v) %s %q (-want +got):\n%s", tt.json, c["c"], tt.mt, tt.value, diff)
				}
			})
		}
	}
}

// signJWT returns an HS256 token whose payload is exactly payload.
func signJWT(t *testing.T, key []byte, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func parseJWT(t *testing.T, token string, key []byte, opts ...jwt.ParserOption) jwt.MapClaims {
	t.Helper()
	opts = append(opts, jwt.WithValidMethods([]string{"HS256"}))
	tok, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return key, nil }, opts...)
	if err != nil {
		t.Fatalf("jwt.Parse: %v", err)
	}
	mc, ok := tok.Claims.(jwt.MapClaims)
	if !ok {
		t.Fatalf("claims are %T", tok.Claims)
	}
	return mc
}

func TestCompareJWTMapClaimsAsRequestClaims(t *testing.T) {
	// A jwt.MapClaims is assignable to Request.Claims and resolves a whole
	// user pool request.
	key := []byte("k")
	payload := `{"iss": "` + upIssuer + `", "aud": "` + clientID + `", "cognito:groups": ["staff", "eng"], "level": 3.0}`
	for _, opts := range [][]jwt.ParserOption{nil, {jwt.WithJSONNumber()}} {
		mc := parseJWT(t, signJWT(t, key, payload), key, opts...)
		r := compile(t, pool(map[string]rolemap.Mapping{upKey: rulesMapping(rolemap.AmbiguousDeny,
			rule("level", rolemap.Equals, "3.0", roleA),
			rule("level", rolemap.Equals, "3", roleB),
			rule("cognito:groups", rolemap.Equals, "eng", roleC))}))
		check(t, r, rolemap.Request{Login: upLogin, Claims: mc}, matched(roleB, upKey, 1))
	}
}

func TestCompareGoNumberTypes(t *testing.T) {
	tests := []struct {
		name   string
		claim  any
		mt     rolemap.MatchType
		value  string
		want   rolemap.Outcome
		values []string
	}{
		{name: "int", claim: int(3), mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "int8", claim: int8(-3), mt: rolemap.Equals, value: "-3", want: match, values: []string{"-3"}},
		{name: "int16", claim: int16(3), mt: rolemap.NotEqual, value: "3", want: mismatch, values: []string{"3"}},
		{name: "int32", claim: int32(3), mt: rolemap.Equals, value: "3.0", want: mismatch, values: []string{"3"}},
		{name: "int64", claim: int64(42), mt: rolemap.StartsWith, value: "4", want: match, values: []string{"42"}},
		{name: "uint", claim: uint(3), mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "uint8", claim: uint8(255), mt: rolemap.Equals, value: "255", want: match, values: []string{"255"}},
		{name: "uint16", claim: uint16(3), mt: rolemap.Contains, value: "3", want: match, values: []string{"3"}},
		{name: "uint32", claim: uint32(3), mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "uint64", claim: uint64(3), mt: rolemap.Equals, value: "3", want: match, values: []string{"3"}},
		{name: "int64 above 2^53 reads its nearest double", claim: int64(9007199254740993), mt: rolemap.Equals,
			value: "9007199254740992", want: match, values: []string{"9007199254740992"}},
		{name: "int64 above 2^53 exact digits never match", claim: int64(9007199254740993), mt: rolemap.Equals,
			value: "9007199254740993", want: mismatch, values: []string{"9007199254740992"}},
		{name: "max uint64", claim: uint64(math.MaxUint64), mt: rolemap.Equals, value: "18446744073709552000", want: match,
			values: []string{"18446744073709552000"}},
		{name: "min int64", claim: int64(math.MinInt64), mt: rolemap.Equals, value: "-9223372036854776000", want: match,
			values: []string{"-9223372036854776000"}},
		{name: "float32 half", claim: float32(0.5), mt: rolemap.Contains, value: ".", want: match, values: []string{"0.5"}},
		{name: "int zero", claim: 0, mt: rolemap.Equals, value: "0", want: match, values: []string{"0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := evalOne(t, tt.mt, tt.value, claims("c", tt.claim))
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			want := rolemap.RuleTrace{Rule: rule("c", tt.mt, tt.value, roleA), Values: tt.values, Outcome: tt.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("claim %T(%v) (-want +got):\n%s", tt.claim, tt.claim, diff)
			}
		})
	}
}

func TestCompareHostileClaims(t *testing.T) {
	var deep any = "x"
	for range 10000 {
		deep = []any{deep}
	}
	huge := strings.Repeat("a", 1<<20) + "admin"
	runCompareCases(t, []compareCase{
		{name: "deep array equals", mt: rolemap.Equals, value: "x", claim: deep, want: absent},
		{name: "deep array not equal", mt: rolemap.NotEqual, value: "x", claim: deep, want: absent},
		{name: "deep array beside a string", mt: rolemap.Equals, value: "x", claim: []any{deep, "x"}, want: match, values: []string{"x"}},
		{name: "deep array inside an object", mt: rolemap.Contains, value: "x", claim: map[string]any{"a": deep}, want: object},
		{name: "1 MiB string contains", mt: rolemap.Contains, value: "admin", claim: huge, want: match, values: []string{huge}},
		{name: "1 MiB string starts with", mt: rolemap.StartsWith, value: "admin", claim: huge, want: mismatch, values: []string{huge}},
		{name: "1 MiB string equals", mt: rolemap.Equals, value: "admin", claim: huge, want: mismatch, values: []string{huge}},
		{name: "1 MiB string not equal", mt: rolemap.NotEqual, value: "admin", claim: huge, want: match, values: []string{huge}},
		{name: "invalid utf-8 equals itself", mt: rolemap.Equals, value: "\xff\xfe", claim: "\xff\xfe", want: match, values: []string{"\xff\xfe"}},
		{name: "invalid utf-8 is not the replacement character", mt: rolemap.Equals, value: "\xff", claim: "\ufffd", want: mismatch,
			values: []string{"\ufffd"}},
		{name: "replacement character is not invalid utf-8", mt: rolemap.Equals, value: "\ufffd", claim: "\xff", want: mismatch,
			values: []string{"\xff"}},
		{name: "invalid utf-8 contains", mt: rolemap.Contains, value: "\xff", claim: "a\xffb", want: match, values: []string{"a\xffb"}},
		{name: "truncated sequence starts with", mt: rolemap.StartsWith, value: "\xc3", claim: "\u00e9", want: match, values: []string{"\u00e9"}},
		{name: "invalid utf-8 array", mt: rolemap.NotEqual, value: "\xff", claim: []any{"\xfe", "\xff"}, want: mismatch,
			values: []string{"\xfe", "\xff"}},
	})

	t.Run("invalid utf-8 claim names", func(t *testing.T) {
		c := claims("c\xff", "x", "\xff", "x", "c", "y")
		got, err := evalOne(t, rolemap.Equals, "x", c)
		if err != nil {
			t.Fatal(err)
		}
		if got.Outcome != mismatch {
			t.Errorf("outcome %v, want mismatch: claim names are compared byte for byte", got.Outcome)
		}
	})
	t.Run("claim names are not normalised", func(t *testing.T) {
		r := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousDeny, rule("caf\u00e9", rolemap.Equals, "x", roleA))}))
		check(t, r, rolemap.Request{Login: google, Claims: claims("cafe\u0301", "x")}, deny(google))
		check(t, r, rolemap.Request{Login: google, Claims: claims("caf\u00e9", "x")}, matched(roleA, google, 0))
	})
}

func TestCompareUnsupportedValuesFailClosed(t *testing.T) {
	ch := make(chan int)
	junk := []struct {
		name  string
		claim any
	}{
		{name: "struct", claim: struct{ A string }{"x"}},
		{name: "empty struct", claim: struct{}{}},
		{name: "chan", claim: ch},
		{name: "func", claim: func() {}},
		{name: "pointer", claim: ptr("x")},
		{name: "complex", claim: complex(1, 0)},
		{name: "NaN", claim: math.NaN()},
		{name: "+Inf", claim: math.Inf(1)},
		{name: "-Inf", claim: math.Inf(-1)},
		{name: "float32 NaN", claim: float32(math.NaN())},
		{name: "json.Number abc", claim: json.Number("abc")},
		{name: "json.Number 1e400", claim: json.Number("1e400")},
		{name: "json.Number -1e400", claim: json.Number("-1e400")},
		{name: "json.Number empty", claim: json.Number("")},
		{name: "json.Number leading zero", claim: json.Number("03")},
		{name: "json.Number plus", claim: json.Number("+3")},
		{name: "json.Number NaN", claim: json.Number("NaN")},
		{name: "json.Number Infinity", claim: json.Number("Infinity")},
		{name: "json.Number hex", claim: json.Number("0x10")},
		{name: "json.Number trailing dot", claim: json.Number("3.")},
		{name: "json.Number spaces", claim: json.Number(" 3")},
		{name: "junk in an array", claim: []any{"x", struct{}{}}},
		{name: "NaN in an array", claim: []any{math.NaN(), "x"}},
		{name: "bad json.Number in an array", claim: []any{json.Number("abc")}},
		{name: "NaN in a float slice", claim: []float64{math.NaN()}},
		// []byte is not a list of numbers (rolemap/REFERENCE.md §4): read as one,
		// []byte("admin") would pass NotEqual "admin".
		{name: "byte slice", claim: []byte("admin")},
		{name: "byte slice in an array", claim: []any{[]byte("x")}},
	}
	for _, j := range junk {
		for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
			t.Run(j.name+"/"+string(mt), func(t *testing.T) {
				r := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousAuthenticatedRole,
					rule("c", mt, "x", roleA), rule("d", rolemap.Equals, "y", roleB))}))
				for _, trace := range []bool{false, true} {
					d, err := r.Resolve(rolemap.Request{Login: google, Claims: claims("c", j.claim, "d", "y"), Trace: trace})
					var e *rolemap.Error
					if !errors.As(err, &e) {
						t.Fatalf("Trace %v: Resolve = %v, %v; want a *rolemap.Error", trace, d, err)
					}
					if !errors.Is(err, rolemap.ErrNotAuthorized) || e.MappingKey != google || d.RoleARN != "" {
						t.Errorf("Trace %v: Resolve = %q, %v (key %q); want NotAuthorizedException for mapping %q", trace, d.RoleARN, err, e.MappingKey, google)
					}
				}
				// The same value in a claim no rule reads is ignored.
				check(t, r, rolemap.Request{Login: google, Claims: claims("unread", j.claim, "d", "y")}, matched(roleB, google, 1))
				check(t, r, rolemap.Request{Login: google, Claims: claims("unread", j.claim)}, ok(authARN, rolemap.ReasonAmbiguous, google))
			})
		}
	}
}

func TestCompareJunkElsewhereIgnored(t *testing.T) {
	// Junk in claims that only the token mapping, the iss check or nothing
	// reads does not trip the rules path.
	r := compile(t, pool(map[string]rolemap.Mapping{upKey: tokenMapping(rolemap.AmbiguousDeny)}))
	check(t, r, rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, math.NaN(), struct{}{}}, "x", func() {})},
		ok(roleA, rolemap.ReasonSingleRole, upKey))
	check(t, r, rolemap.Request{Login: upLogin, Claims: up(clientID, prefClaim, json.Number("abc"), rolesClaim, []any{roleA})},
		ok(roleA, rolemap.ReasonSingleRole, upKey))
}
