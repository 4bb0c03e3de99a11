package rolemap_test

import (
	"math"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/internal/reference"
)

// engineValues overlap as prefixes and substrings of one another, so that
// every match type finds hits and near misses; "3", "true" and "1e+21" are
// the texts of a number and a boolean.
var engineValues = []string{"a", "b", "ab", "ba", "aab", "abab", "b a", "3", "0.5", "true", "false", "1e+21", "é", "e\u0301"}

func engineRule(t *rapid.T, claims []string, i int) rolemap.Rule {
	return rolemap.Rule{
		Claim:     rapid.SampledFrom(claims).Draw(t, "claim"),
		MatchType: rapid.SampledFrom([]rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}).Draw(t, "match"),
		Value:     rapid.SampledFrom(engineValues).Draw(t, "value"),
		RoleARN:   "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i),
	}
}

// engineScalar draws a JSON scalar whose text is often a rule value.
func engineScalar(t *rapid.T) any {
	switch rapid.IntRange(0, 9).Draw(t, "kind") {
	case 0:
		return 3.0
	case 1:
		return 0.5
	case 2:
		return 1e21
	case 3:
		return rapid.Bool().Draw(t, "bool")
	case 4:
		return nil
	case 5:
		return map[string]any{"a": "a"}
	case 6:
		return []any{"a"}
	}
	s := rapid.SampledFrom(engineValues).Draw(t, "text")
	return rapid.SampledFrom([]string{s, s + "x", "x" + s, s + s, ""}).Draw(t, "variant")
}

// engineClaims draws a claim for some names: absent, a scalar, or an array
// of up to 60 scalars.
func engineClaims(t *rapid.T, names []string) map[string]any {
	claims := map[string]any{}
	for _, n := range names {
		switch rapid.IntRange(0, 3).Draw(t, "shape") {
		case 0: // absent
		case 1:
			claims[n] = engineScalar(t)
		default:
			list := make([]any, rapid.IntRange(0, 60).Draw(t, "elements"))
			for i := range list {
				list[i] = engineScalar(t)
			}
			claims[n] = list
		}
	}
	return claims
}

// TestPropertyEngineWide checks Resolve against the reference evaluator on
// mappings of up to 400 rules over up to 30 distinct claims, with arrays of
// up to 60 elements, decoded as float64, as json.Number and as
// jwt.MapClaims, traced and untraced.
func TestPropertyEngineWide(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	rapid.Check(t, func(t *rapid.T) {
		names := make([]string, rapid.IntRange(1, 30).Draw(t, "claims"))
		for i := range names {
			names[i] = "c" + strconv.Itoa(i)
		}
		rules := make([]rolemap.Rule, rapid.IntRange(1, 400).Draw(t, "rules"))
		for i := range rules {
			rules[i] = engineRule(t, names, i)
		}
		login := rapid.SampledFrom([]string{"login.example.com", "www.amazon.com"}).Draw(t, "login")
		if login == "www.amazon.com" {
			names = append(names, "sub", "aud")
			for i := range rules {
				if rapid.IntRange(0, 3).Draw(t, "visible") == 0 {
					rules[i].Claim = rapid.SampledFrom([]string{"sub", "aud"}).Draw(t, "visibleClaim")
				}
			}
		}
		p := rolemap.Pool{IdentityPoolID: "us-east-1:1",
			Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
			RoleMappings: map[string]rolemap.Mapping{login: {Type: rolemap.TypeRules,
				AmbiguousRoleResolution: rapid.SampledFrom([]rolemap.AmbiguousRoleResolution{rolemap.AmbiguousDeny, rolemap.AmbiguousAuthenticatedRole}).Draw(t, "ambiguous"),
				RulesConfiguration:      &rolemap.RulesConfiguration{Rules: rules}}}}
		r, err := rolemap.Compile(p, rolemap.WithMaxRules(400))
		if err != nil {
			t.Fatalf("Compile: %v", err)
		}
		claims := engineClaims(t, names)
		for name, c := range map[string]map[string]any{
			"float64":             claims,
			"json.Number":         propDecode(t, claims, true),
			"jwt.MapClaims":       propViaJWT(t, key, claims, false),
			"jwt.MapClaims (num)": propViaJWT(t, key, claims, true),
		} {
			engineAgree(t, r, p, rolemap.Request{Login: login, Claims: c}, name)
		}
	})
}

// TestPropertyEngineJunk puts values rolemap/REFERENCE.md §4 refuses among the claims: the
// refusal must come at exactly the rule the in-order walk reaches first.
func TestPropertyEngineJunk(t *testing.T) {
	junk := []any{math.NaN(), math.Inf(1), struct{}{}, []byte("a"), func() {}}
	rapid.Check(t, func(t *rapid.T) {
		names := []string{"c0", "c1", "c2", "c3"}
		rules := make([]rolemap.Rule, rapid.IntRange(1, 30).Draw(t, "rules"))
		for i := range rules {
			rules[i] = engineRule(t, names, i)
		}
		p := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
			RoleMappings: map[string]rolemap.Mapping{"login.example.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}}}
		r, err := rolemap.Compile(p, rolemap.WithMaxRules(400))
		if err != nil {
			t.Fatalf("Compile: %v", err)
		}
		claims := engineClaims(t, names)
		bad := rapid.SampledFrom(names).Draw(t, "junkClaim")
		j := rapid.SampledFrom(junk).Draw(t, "junk")
		if list, ok := claims[bad].([]any); ok && len(list) > 0 {
			list[rapid.IntRange(0, len(list)-1).Draw(t, "at")] = j
		} else {
			claims[bad] = j
		}
		engineAgree(t, r, p, rolemap.Request{Login: "login.example.com", Claims: claims}, "junk")
	})
}

// engineAgree resolves req traced and untraced: both must agree with the
// reference, and with each other.
func engineAgree(t *rapid.T, r *rolemap.Resolver, p rolemap.Pool, req rolemap.Request, decoding string) {
	t.Helper()
	want := reference.Resolve(p, req)
	d, err := r.Resolve(req)
	got := reference.Observe(d, err)
	if !reference.Agrees(want, got) {
		t.Fatalf("%s: Resolve(%s)\ngot  %+v\nwant %+v (reference)", decoding, propShow(req), got, want)
	}
	req.Trace = true
	td, terr := r.Resolve(req)
	if traced := reference.Observe(td, terr); traced != got {
		t.Fatalf("%s: traced %+v, untraced %+v", decoding, traced, got)
	}
	if terr == nil && td.RuleIndex() >= 0 {
		last := td.Trace[len(td.Trace)-1]
		if last.Index != td.RuleIndex() || last.Outcome != rolemap.OutcomeMatch {
			t.Fatalf("%s: trace ends with %v; want rule %d matching", decoding, last, td.RuleIndex())
		}
		for _, tr := range td.Trace[:len(td.Trace)-1] {
			if tr.Outcome == rolemap.OutcomeMatch {
				t.Fatalf("%s: trace has %v before the matching rule %d", decoding, tr, td.RuleIndex())
			}
		}
	}
}
