package rolemaptest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/internal/reference"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// examples is how many seeded examples the coverage tests draw. Examples
// with fixed seeds are deterministic, so these tests are too.
const examples = 400

// TestDenyNeverFallsBack is the property the package documentation shows.
func TestDenyNeverFallsBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := rolemaptest.Pool().Draw(t, "pool")
		res, err := rolemap.Compile(pool)
		if err != nil {
			t.Fatalf("Compile: %v", err) // Pool generates valid pools only
		}
		req := rolemaptest.Request(pool).Draw(t, "request")
		d, err := res.Resolve(req)
		if err == nil && d.Reason == rolemap.ReasonAmbiguous &&
			pool.RoleMappings[d.MappingKey].AmbiguousRoleResolution == rolemap.AmbiguousDeny {
			t.Fatalf("a Deny mapping granted the default role:\n%s", rolemap.Explain(d, err))
		}
	})
}

// TestPropertyPoolIsValid checks that Pool's pools pass validation, by
// Compile and by the reference validator, and that its parts do too.
func TestPropertyPoolIsValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		if _, err := rolemap.Compile(p); err != nil {
			t.Fatalf("Compile() error = %v", err)
		}
		if paths := reference.Validate(p, spec.DefaultMaxRules); len(paths) != 0 {
			t.Fatalf("reference.Validate() = %q", paths)
		}
	})
}

// TestPropertyPartsAreValid checks the part generators on their own: a
// pool made of any mapping under any key of any kind is valid.
func TestPropertyPartsAreValid(t *testing.T) {
	kinds := []rolemap.ProviderKind{rolemap.KindUserPool, rolemap.KindSocial, rolemap.KindOIDC, rolemap.KindSAML}
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.SampledFrom(kinds).Draw(t, "kind")
		key := rolemaptest.MappingKey(kind).Draw(t, "key")
		m := rolemaptest.Mapping().Draw(t, "mapping")
		m.Type = rolemap.TypeRules
		m.RulesConfiguration = &rolemap.RulesConfiguration{Rules: []rolemap.Rule{rolemaptest.Rule().Draw(t, "rule")}}
		p := rolemap.Pool{
			IdentityPoolID: rolemaptest.IdentityPoolID().Draw(t, "id"),
			Roles:          map[string]string{rolemap.RoleAuthenticated: rolemaptest.RoleARN().Draw(t, "role")},
			RoleMappings:   map[string]rolemap.Mapping{key: m},
		}
		if _, err := rolemap.Compile(p); err != nil {
			t.Fatalf("Compile() error = %v", err)
		}
	})
}

// TestPropertyRequestClaimsAreJSON checks that Request's claims are shaped
// as encoding/json decodes a token payload: they survive json.Marshal and
// json.Unmarshal unchanged (so no NaN, no infinity, no Go-only type).
func TestPropertyRequestClaimsAreJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ex := poolAndRequest.Draw(t, "pool and request")
		data, err := json.Marshal(ex.Request.Claims)
		if err != nil {
			t.Fatalf("json.Marshal(claims) error = %v", err)
		}
		var back map[string]any
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s) error = %v", data, err)
		}
		if diff := cmp.Diff(ex.Request.Claims, back); diff != "" {
			t.Fatalf("claims changed through JSON (-generated +decoded):\n%s", diff)
		}
	})
}

// TestMappingKeyKinds checks that MappingKey's keys are of the kind asked
// for: the login part of a user pool key, and the whole key otherwise.
func TestMappingKeyKinds(t *testing.T) {
	for _, kind := range []rolemap.ProviderKind{rolemap.KindUserPool, rolemap.KindSocial, rolemap.KindOIDC, rolemap.KindSAML} {
		t.Run(kind.String(), func(t *testing.T) {
			for seed := range examples {
				key := rolemaptest.MappingKey(kind).Example(seed)
				login := key
				if kind == rolemap.KindUserPool {
					i := strings.LastIndexByte(key, ':')
					if i < 0 {
						t.Fatalf("user pool key %q has no :CLIENTID", key)
					}
					login = key[:i]
				}
				if got := rolemap.KindOf(login); got != kind {
					t.Fatalf("MappingKey(%v) = %q, whose login is of kind %v", kind, key, got)
				}
			}
		})
	}
	t.Run("unauthenticated", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("MappingKey(Unauthenticated) did not panic")
			}
		}()
		rolemaptest.MappingKey(rolemap.KindUnauthenticated)
	})
}

// seen records which features a set of examples covered.
type seen map[string]bool

func (s seen) missing(want []string) []string {
	var out []string
	for _, w := range want {
		if !s[w] {
			out = append(out, w)
		}
	}
	return out
}

// TestPoolCoverage checks that Pool covers every mapping type, match type,
// provider kind and optional member, present and absent.
func TestPoolCoverage(t *testing.T) {
	got := seen{}
	for seed := range examples {
		p := rolemaptest.Pool().Example(seed)
		known := p.CognitoIdentityProviders != nil || p.SupportedLoginProviders != nil ||
			p.OpenIDConnectProviderARNs != nil || p.SAMLProviderARNs != nil
		got[fmt.Sprintf("providers known %v", known)] = true
		got[fmt.Sprintf("IdentityPoolName %v", p.IdentityPoolName != "")] = true
		got[fmt.Sprintf("DeveloperProviderName %v", p.DeveloperProviderName != "")] = true
		got[fmt.Sprintf("IdentityPoolTags %v", p.IdentityPoolTags != nil)] = true
		got["AllowUnauthenticatedIdentities "+showBool(p.AllowUnauthenticatedIdentities)] = true
		got["AllowClassicFlow "+showBool(p.AllowClassicFlow)] = true
		for _, c := range p.CognitoIdentityProviders {
			got["ServerSideTokenCheck "+showBool(c.ServerSideTokenCheck)] = true
		}
		for _, role := range []string{rolemap.RoleAuthenticated, rolemap.RoleUnauthenticated} {
			_, ok := p.Roles[role]
			got[fmt.Sprintf("%s role %v", role, ok)] = true
		}
		switch {
		case p.RoleMappings == nil:
			got["RoleMappings absent"] = true
		case len(p.RoleMappings) == 0:
			got["RoleMappings empty"] = true
		case len(p.RoleMappings) == spec.MaxRoleMappings:
			got["RoleMappings full"] = true
		}
		for key, m := range p.RoleMappings {
			kind := rolemap.KindOf(key)
			if i := strings.LastIndexByte(key, ':'); i >= 0 && rolemap.KindOf(key[:i]) == rolemap.KindUserPool {
				kind = rolemap.KindUserPool
			}
			got["key "+kind.String()] = true
			got[fmt.Sprintf("key %v with providers known %v", kind, known)] = true
			got["Type "+string(m.Type)] = true
			got["AmbiguousRoleResolution "+string(m.AmbiguousRoleResolution)] = true
			if m.Type == rolemap.TypeToken && m.RulesConfiguration != nil {
				got["Token mapping with rules"] = true
			}
			if m.RulesConfiguration != nil {
				if len(m.RulesConfiguration.Rules) == spec.DefaultMaxRules {
					got["rules at the quota"] = true
				}
				for _, r := range m.RulesConfiguration.Rules {
					got["MatchType "+string(r.MatchType)] = true
				}
			}
		}
	}
	var want []string
	for _, b := range []string{"true", "false"} {
		want = append(want, "providers known "+b, "IdentityPoolName "+b, "DeveloperProviderName "+b,
			"IdentityPoolTags "+b, "authenticated role "+b, "unauthenticated role "+b)
	}
	for _, b := range []string{"true", "false", "absent"} {
		want = append(want, "AllowUnauthenticatedIdentities "+b, "AllowClassicFlow "+b, "ServerSideTokenCheck "+b)
	}
	for _, kind := range []string{"user pool", "social", "OIDC", "SAML"} {
		want = append(want, "key "+kind+" with providers known true", "key "+kind+" with providers known false")
	}
	want = append(want, "RoleMappings absent", "RoleMappings empty", "RoleMappings full",
		"Type Token", "Type Rules", "AmbiguousRoleResolution AuthenticatedRole", "AmbiguousRoleResolution Deny",
		"Token mapping with rules", "rules at the quota",
		"MatchType Equals", "MatchType Contains", "MatchType StartsWith", "MatchType NotEqual")
	if missing := got.missing(want); len(missing) > 0 {
		t.Errorf("%d examples of Pool() never had: %q", examples, missing)
	}
}

func showBool(b *bool) string {
	if b == nil {
		return "absent"
	}
	return fmt.Sprint(*b)
}

// TestAnyPoolCoverage checks that AnyPool generates valid pools and pools
// that break each kind of check.
func TestAnyPoolCoverage(t *testing.T) {
	got := seen{}
	for seed := range examples {
		p := rolemaptest.AnyPool().Example(seed)
		paths := reference.Validate(p, spec.DefaultMaxRules)
		if len(paths) == 0 {
			got["valid"] = true
		}
		for _, path := range paths {
			// Keep the last member name: RoleMappings["k"].Type → Type.
			name := path
			if i := strings.LastIndexAny(path, ".["); i >= 0 {
				name = path[i:]
				if name[0] == '[' {
					name = path[:strings.IndexByte(path, '[')] + "[]"
				}
			}
			got[name] = true
		}
	}
	want := []string{
		"valid", "IdentityPoolId", "Roles", "Roles[]", "RoleMappings", "RoleMappings[]", ".Type",
		".AmbiguousRoleResolution", ".RulesConfiguration", ".Rules", ".Claim", ".MatchType", ".Value", ".RoleARN",
	}
	if missing := got.missing(want); len(missing) > 0 {
		t.Errorf("%d examples of AnyPool() never had: %q (had %q)", examples, missing, slices.Sorted(maps.Keys(got)))
	}
}

// poolAndRequest draws a pool and a request for it.
var poolAndRequest = rapid.Custom(func(t *rapid.T) struct {
	Pool    rolemap.Pool
	Request rolemap.Request
} {
	p := rolemaptest.Pool().Draw(t, "pool")
	return struct {
		Pool    rolemap.Pool
		Request rolemap.Request
	}{p, rolemaptest.Request(p).Draw(t, "request")}
})

// TestRequestCoverage checks that Request reaches every decision and every
// error of the resolver, and that rules match claims of every JSON type.
func TestRequestCoverage(t *testing.T) {
	got := seen{}
	for seed := range examples * 10 {
		ex := poolAndRequest.Example(seed)
		r, err := rolemap.Compile(ex.Pool)
		if err != nil {
			t.Fatalf("Compile() error = %v", err)
		}
		d, err := r.Resolve(ex.Request)
		var re *rolemap.Error
		switch {
		case err == nil:
			got["reason "+d.Reason.String()] = true
			if d.Reason == rolemap.ReasonRuleMatch {
				v := ex.Request.Claims[d.Match.Rule.Claim]
				got[fmt.Sprintf("%s matched %T", d.Match.Rule.MatchType, v)] = true
			}
		case errors.As(err, &re):
			got["error "+re.Code] = true
			if re.Message == spec.AmbiguousDenyMessage(re.MappingKey) {
				got["error ambiguous deny"] = true
			}
		}
		if ex.Request.CustomRoleARN != "" {
			got[fmt.Sprintf("CustomRoleArn, error %v", err != nil)] = true
		}
	}
	want := []string{
		"error " + spec.CodeNotAuthorized, "error " + spec.CodeInvalidParameter,
		"error " + spec.CodeInvalidIdentityPoolConfiguration, "error ambiguous deny",
		"CustomRoleArn, error true", "CustomRoleArn, error false",
	}
	for _, reason := range []rolemap.Reason{rolemap.ReasonUnauthenticated, rolemap.ReasonNoMapping, rolemap.ReasonRuleMatch,
		rolemap.ReasonCustomRole, rolemap.ReasonPreferredRole, rolemap.ReasonSingleRole, rolemap.ReasonAmbiguous, rolemap.ReasonSAML} {
		want = append(want, "reason "+reason.String())
	}
	for _, mt := range []string{"Equals", "Contains", "StartsWith"} {
		want = append(want, mt+" matched string", mt+" matched []interface {}")
	}
	want = append(want, "Equals matched float64", "Equals matched bool", "NotEqual matched string")
	if missing := got.missing(want); len(missing) > 0 {
		t.Errorf("%d examples of Request() never had: %q\nhad: %q", examples*10, missing, slices.Sorted(maps.Keys(got)))
	}
}

// TestRequestNearMisses checks that Request draws the near misses it
// promises for a rule's value: case changed, decomposed accents, one rune
// off, and the value inside longer text.
func TestRequestNearMisses(t *testing.T) {
	const value = "Caf\u00e9s"
	p := rolemap.Pool{
		IdentityPoolID: "us-east-1:0",
		Roles:          map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{"login.example.com": {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "c", MatchType: rolemap.Equals, Value: value, RoleARN: "arn:aws:iam::111122223333:role/A"},
			}},
		}},
	}
	got := seen{}
	gen := rolemaptest.Request(p)
	for seed := range examples * 5 {
		req := gen.Example(seed)
		s, ok := req.Claims["c"].(string)
		switch {
		case !ok:
		case s == value:
			got["exact"] = true
		case s == "cAF\u00c9S":
			got["case changed"] = true
		case s == "Cafe\u0301s":
			got["decomposed"] = true
		case len([]rune(s)) == len([]rune(value)):
			got["one rune off"] = true
		case strings.Contains(s, value):
			got["inside longer text"] = true
		}
	}
	if missing := got.missing([]string{"exact", "case changed", "decomposed", "one rune off", "inside longer text"}); len(missing) > 0 {
		t.Errorf("%d requests never had a claim c: %q", examples*5, missing)
	}
}

// TestRequestCopiesPool checks that changing a pool after making its
// request generator changes nothing the generator draws.
func TestRequestCopiesPool(t *testing.T) {
	var p rolemap.Pool
	for seed := 0; len(p.RoleMappings) == 0; seed++ {
		p = rolemaptest.Pool().Example(seed)
	}
	gen := rolemaptest.Request(p)
	var before []rolemap.Request
	for seed := range 50 {
		before = append(before, gen.Example(seed))
	}
	for key, m := range p.RoleMappings {
		if m.RulesConfiguration != nil {
			for i := range m.RulesConfiguration.Rules {
				m.RulesConfiguration.Rules[i].Value = "changed"
				m.RulesConfiguration.Rules[i].Claim = "changed"
			}
		}
		delete(p.RoleMappings, key)
	}
	clear(p.Roles)
	var after []rolemap.Request
	for seed := range 50 {
		after = append(after, gen.Example(seed))
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("requests changed with the pool (-before +after):\n%s", diff)
	}
}
