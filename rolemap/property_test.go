package rolemap_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/internal/reference"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// The properties below run with rapid's default number of checks under
// go test; RAPID_CHECKS=20000 (or -rapid.checks) runs more. Select them
// with -run Property. The lint-based property (removing a rule the linter
// reports unreachable never changes a decision) lives with the linter in
// package validate.

// propCompile compiles a pool that must be valid.
func propCompile(t *rapid.T, p rolemap.Pool) *rolemap.Resolver {
	t.Helper()
	r, err := rolemap.Compile(p)
	if err != nil {
		t.Fatalf("Compile() error = %v; the generated pool must be valid", err)
	}
	return r
}

// propClone deep-copies a pool through its JSON form, which
// TestPropertyJSONRoundTrip shows is exact.
func propClone(t *rapid.T, p rolemap.Pool) rolemap.Pool {
	t.Helper()
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("json.Marshal(pool) error = %v", err)
	}
	c, err := rolemap.ParsePool(data)
	if err != nil {
		t.Fatalf("ParsePool(json.Marshal(pool)) error = %v", err)
	}
	return c
}

// show writes a request for failure messages.
func propShow(req rolemap.Request) string {
	claims, err := json.Marshal(req.Claims)
	if err != nil {
		claims = []byte(fmt.Sprintf("%#v", req.Claims))
	}
	return fmt.Sprintf("login %q, claims %s, CustomRoleArn %q", req.Login, claims, req.CustomRoleARN)
}

func propShowPool(p rolemap.Pool) string {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Sprintf("%#v", p)
	}
	return string(data)
}

// TestPropertyResolveAgreesWithReference checks the fast resolver against
// the reference evaluator, written separately from rolemap/REFERENCE.md §3–§4, on every
// generated pool and request, with and without a trace.
func TestPropertyResolveAgreesWithReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		r := propCompile(t, p)
		reqs := rapid.SliceOfN(rolemaptest.Request(p), 1, 8).Draw(t, "requests")
		for _, req := range reqs {
			want := reference.Resolve(p, req)
			d, err := r.Resolve(req)
			got := reference.Observe(d, err)
			if !reference.Agrees(want, got) {
				req.Trace = true
				t.Fatalf("Resolve(%s)\ngot  %+v\nwant %+v (reference)\n%s\npool:\n%s",
					propShow(req), got, want, rolemap.Explain(r.Resolve(req)), propShowPool(p))
			}
			traced := req
			traced.Trace = true
			if got := reference.Observe(r.Resolve(traced)); got != reference.Observe(d, err) {
				t.Fatalf("Resolve(%s) with a trace = %+v; without = %+v", propShow(req), got, reference.Observe(d, err))
			}
		}
	})
}

// TestPropertyValidation checks Compile's validation against the reference
// validator on pools that may be invalid: Compile succeeds exactly when
// the reference finds nothing wrong (so validation passing implies Compile
// succeeding), and otherwise reports the same paths, sorted, each wrapping
// one of the sentinels.
func TestPropertyValidation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.AnyPool().Draw(t, "pool")
		want := reference.Validate(p, spec.DefaultMaxRules)
		_, err := rolemap.Compile(p)
		if len(want) == 0 {
			if err != nil {
				t.Fatalf("Compile() error = %v; the reference finds the pool valid\npool:\n%s", err, propShowPool(p))
			}
			return
		}
		var ve *rolemap.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("Compile() error = %v; want a *rolemap.ValidationError at %q", err, want)
		}
		var got []string
		for i, fe := range ve.Errors {
			if i > 0 && ve.Errors[i-1].Path > fe.Path {
				t.Errorf("errors not sorted by path: %q before %q", ve.Errors[i-1].Path, fe.Path)
			}
			if !errors.Is(fe, rolemap.ErrMissing) && !errors.Is(fe, rolemap.ErrInvalidValue) && !errors.Is(fe, rolemap.ErrOverLimit) {
				t.Errorf("%v wraps none of ErrMissing, ErrInvalidValue, ErrOverLimit", fe)
			}
			got = append(got, fe.Path)
		}
		got = slices.Compact(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Compile() error paths (-want +got):\n%s\nerror: %v", diff, err)
		}
	})
}

// TestPropertyJSONRoundTrip checks that a pool survives json.Marshal and
// ParsePool unchanged, absent and empty members alike, and that a resolver
// gives back the pool it was compiled from.
func TestPropertyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("json.Marshal() error = %v", err)
		}
		got, err := rolemap.ParsePool(data)
		if err != nil {
			t.Fatalf("ParsePool(%s) error = %v", data, err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Fatalf("ParsePool(json.Marshal(p)) (-want +got):\n%s", diff)
		}
		r := propCompile(t, p)
		if diff := cmp.Diff(p, r.Pool()); diff != "" {
			t.Fatalf("Compile(p).Pool() (-want +got):\n%s", diff)
		}
	})
}

// TestPropertyAppendRuleKeepsMatches checks that appending a rule to a
// Rules mapping never changes a decision that a rule already made, nor any
// decision about another mapping.
func TestPropertyAppendRuleKeepsMatches(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		var room []string // Rules mappings below the quota
		for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
			m := p.RoleMappings[key]
			if m.Type == rolemap.TypeRules && len(m.RulesConfiguration.Rules) < spec.DefaultMaxRules {
				room = append(room, key)
			}
		}
		if len(room) == 0 {
			return // nothing to append to
		}
		key := rapid.SampledFrom(room).Draw(t, "mapping")
		grown := propClone(t, p)
		rc := grown.RoleMappings[key].RulesConfiguration
		rc.Rules = append(rc.Rules, rolemaptest.Rule().Draw(t, "appended rule"))

		before, after := propCompile(t, p), propCompile(t, grown)
		reqs := rapid.SliceOfN(rolemaptest.Request(p), 1, 8).Draw(t, "requests")
		for _, req := range reqs {
			d1, err1 := before.Resolve(req)
			d2, err2 := after.Resolve(req)
			o1, o2 := reference.Observe(d1, err1), reference.Observe(d2, err2)
			matched := err1 == nil && d1.Reason == rolemap.ReasonRuleMatch
			if (matched || o1.MappingKey != key) && o1 != o2 {
				t.Fatalf("Resolve(%s) = %+v; after appending a rule to %q: %+v", propShow(req), o1, key, o2)
			}
		}
	})
}

// TestPropertySwapSameRoleRules checks that swapping two adjacent rules
// that grant the same role never changes the role (nor an error).
func TestPropertySwapSameRoleRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		var pairs []string // Rules mappings with at least two rules
		for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
			if m := p.RoleMappings[key]; m.Type == rolemap.TypeRules && len(m.RulesConfiguration.Rules) >= 2 {
				pairs = append(pairs, key)
			}
		}
		if len(pairs) == 0 {
			return // no adjacent rules to swap
		}
		key := rapid.SampledFrom(pairs).Draw(t, "mapping")
		rules := p.RoleMappings[key].RulesConfiguration.Rules
		i := rapid.IntRange(0, len(rules)-2).Draw(t, "first rule of the pair")
		rules[i+1].RoleARN = rules[i].RoleARN // now both grant the same role
		swapped := propClone(t, p)
		sr := swapped.RoleMappings[key].RulesConfiguration.Rules
		sr[i], sr[i+1] = sr[i+1], sr[i]

		before, after := propCompile(t, p), propCompile(t, swapped)
		reqs := rapid.SliceOfN(rolemaptest.Request(p), 1, 8).Draw(t, "requests")
		for _, req := range reqs {
			o1 := reference.Observe(before.Resolve(req))
			o2 := reference.Observe(after.Resolve(req))
			if o1.Role != o2.Role || o1.Code != o2.Code || o1.Message != o2.Message {
				t.Fatalf("Resolve(%s) = %+v; after swapping rules %d and %d of %q: %+v", propShow(req), o1, i, i+1, key, o2)
			}
		}
	})
}

// TestPropertyNumberRepresentations checks that claims decide alike as
// encoding/json's float64, as json.Number in several spellings of the same
// number, as the jwt.MapClaims of a signed token parsed back, with float64
// or json.Number, and with integral numbers as Go int64.
func TestPropertyNumberRepresentations(t *testing.T) {
	key := []byte("property-test-key-0123456789abcdef")
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		r := propCompile(t, p)
		reqs := rapid.SliceOfN(rolemaptest.Request(p), 1, 8).Draw(t, "requests")
		for _, req := range reqs {
			want := reference.Observe(r.Resolve(req))
			spelling := rapid.SampledFrom(propNumberSpellings).Draw(t, "json.Number spelling")
			variants := map[string]map[string]any{
				"json.Number (" + spelling + ")": propJSONNumbers(req.Claims, spelling),
				"decoded with UseNumber":         propDecode(t, req.Claims, true),
				"decoded as float64":             propDecode(t, req.Claims, false),
				"jwt.MapClaims":                  propViaJWT(t, key, req.Claims, false),
				"jwt.MapClaims with JSONNumber":  propViaJWT(t, key, req.Claims, true),
				"Go integers where integral":     propInts(req.Claims),
			}
			for _, name := range slices.Sorted(maps.Keys(variants)) {
				alt := req
				alt.Claims = variants[name]
				if got := reference.Observe(r.Resolve(alt)); got != want {
					t.Fatalf("Resolve(%s) = %+v with float64 claims; %+v with claims as %s", propShow(req), want, got, name)
				}
			}
		}
	})
}

var propNumberSpellings = []string{"shortest", "exponent", "fixed", "trailing zeros"}

// propJSONNumbers copies claims with every float64 written as a
// json.Number in the given spelling; every spelling parses to the same
// double.
func propJSONNumbers(claims map[string]any, spelling string) map[string]any {
	return propMapNumbers(claims, func(x float64) any {
		var s string
		switch spelling {
		case "shortest":
			s = strconv.FormatFloat(x, 'g', -1, 64)
		case "exponent":
			s = strconv.FormatFloat(x, 'E', -1, 64)
		case "fixed":
			s = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			s = strconv.FormatFloat(x, 'f', -1, 64)
			if !bytes.ContainsRune([]byte(s), '.') {
				s += "."
			}
			s += "000"
		}
		return json.Number(s)
	})
}

// propInts copies claims with every integral float64 of at most 2⁵³ in
// magnitude written as an int64, as a hand-built claims map may hold it.
func propInts(claims map[string]any) map[string]any {
	return propMapNumbers(claims, func(x float64) any {
		if x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
			return int64(x)
		}
		return x
	})
}

// propMapNumbers copies claims, replacing every float64, in arrays and
// objects too, by f of it.
func propMapNumbers(claims map[string]any, f func(float64) any) map[string]any {
	if claims == nil {
		return nil
	}
	var conv func(v any) any
	conv = func(v any) any {
		switch x := v.(type) {
		case float64:
			return f(x)
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = conv(e)
			}
			return out
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[k] = conv(e)
			}
			return out
		}
		return v
	}
	return conv(claims).(map[string]any)
}

// propDecode re-decodes claims from their JSON form.
func propDecode(t *rapid.T, claims map[string]any, useNumber bool) map[string]any {
	t.Helper()
	if claims == nil {
		return nil
	}
	data, err := json.Marshal(claims)
	if err != nil {
		t.Fatalf("json.Marshal(claims) error = %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if useNumber {
		dec.UseNumber()
	}
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return out
}

// propViaJWT signs claims into an HS256 token and parses it back as
// jwt.MapClaims, as an application using golang-jwt would.
func propViaJWT(t *rapid.T, key []byte, claims map[string]any, jsonNumber bool) map[string]any {
	t.Helper()
	if claims == nil {
		return nil
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims)).SignedString(key)
	if err != nil {
		t.Fatalf("signing claims: %v", err)
	}
	opts := []jwt.ParserOption{jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation()}
	if jsonNumber {
		opts = append(opts, jwt.WithJSONNumber())
	}
	var mc jwt.MapClaims
	if _, err := jwt.NewParser(opts...).ParseWithClaims(tok, &mc, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		t.Fatalf("parsing the signed claims: %v", err)
	}
	return mc
}

// propOutcome is everything Resolve returns, for exact comparison.
type propOutcome struct {
	Decision rolemap.Decision
	Err      *rolemap.Error
}

func propResolveAll(r *rolemap.Resolver, reqs []rolemap.Request, start int) []propOutcome {
	out := make([]propOutcome, len(reqs))
	for n := range reqs {
		i := (start + n) % len(reqs)
		d, err := r.Resolve(reqs[i])
		out[i] = propOutcome{Decision: d}
		if err != nil {
			out[i].Err = err.(*rolemap.Error)
		}
	}
	return out
}

// TestPropertyConcurrentResolve checks that a compiled resolver gives the
// same decisions, traces and errors from many goroutines at once as from
// one (run it with -race).
func TestPropertyConcurrentResolve(t *testing.T) {
	const goroutines = 8
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		r := propCompile(t, p)
		reqs := rapid.SliceOfN(rolemaptest.Request(p), 1, 16).Draw(t, "requests")
		for i := range reqs {
			reqs[i].Trace = i%2 == 0
		}
		want := propResolveAll(r, reqs, 0)
		got := make([][]propOutcome, goroutines)
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[g] = propResolveAll(r, reqs, g)
			}()
		}
		wg.Wait()
		for g := range goroutines {
			if diff := cmp.Diff(want, got[g]); diff != "" {
				t.Fatalf("goroutine %d (-sequential +concurrent):\n%s", g, diff)
			}
		}
	})
}

// TestPropertyMutationAfterCompile checks that changing every part of a
// pool after Compile, and of the copy Resolver.Pool returns, changes no
// decision and not the resolver's pool.
func TestPropertyMutationAfterCompile(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rolemaptest.Pool().Draw(t, "pool")
		snapshot := propClone(t, p)
		r := propCompile(t, p)
		reqs := rapid.SliceOfN(rolemaptest.Request(snapshot), 1, 16).Draw(t, "requests")
		want := propResolveAll(r, reqs, 0)

		propScribble(&p)
		copied := r.Pool()
		propScribble(&copied)

		if diff := cmp.Diff(want, propResolveAll(r, reqs, 0)); diff != "" {
			t.Fatalf("decisions changed after the pool was changed (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff(snapshot, r.Pool()); diff != "" {
			t.Fatalf("Resolver.Pool() changed after the pool was changed (-before +after):\n%s", diff)
		}
	})
}

// propScribble changes every map, slice, pointer and string of p in place.
func propScribble(p *rolemap.Pool) {
	const other = "arn:aws:iam::000000000000:role/Scribbled"
	if p.AllowUnauthenticatedIdentities != nil {
		*p.AllowUnauthenticatedIdentities = !*p.AllowUnauthenticatedIdentities
	}
	for k := range p.Roles {
		p.Roles[k] = other
	}
	delete(p.Roles, rolemap.RoleUnauthenticated)
	for i := range p.CognitoIdentityProviders {
		p.CognitoIdentityProviders[i].ProviderName += "x"
		p.CognitoIdentityProviders[i].ClientID += "x"
	}
	for k := range p.SupportedLoginProviders {
		delete(p.SupportedLoginProviders, k)
	}
	for i := range p.OpenIDConnectProviderARNs {
		p.OpenIDConnectProviderARNs[i] += "x"
	}
	for i := range p.SAMLProviderARNs {
		p.SAMLProviderARNs[i] += "x"
	}
	deleted := false
	for k, m := range p.RoleMappings {
		if m.RulesConfiguration != nil {
			for i := range m.RulesConfiguration.Rules {
				rule := &m.RulesConfiguration.Rules[i]
				rule.Claim += "x"
				rule.Value = "propScribbled"
				rule.MatchType = rolemap.NotEqual
				rule.RoleARN = other
			}
			m.RulesConfiguration.Rules = m.RulesConfiguration.Rules[:0]
		}
		if m.Type == rolemap.TypeToken {
			m.Type = rolemap.TypeRules
		} else {
			m.Type = rolemap.TypeToken
		}
		p.RoleMappings[k] = m
		if !deleted {
			delete(p.RoleMappings, k)
			deleted = true
		}
	}
	p.AllowUnauthenticatedIdentities = nil
}

// TestNumberSpellingsParseAlike guards the json.Number conversion the
// representations property relies on: every spelling names the same double.
func TestNumberSpellingsParseAlike(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 3, -0.5, 1e21, 1.5e-7, 5e-324, math.MaxFloat64, 123456789012345680000} {
		for _, s := range propNumberSpellings {
			n := propJSONNumbers(map[string]any{"n": f}, s)["n"].(json.Number)
			if !json.Valid([]byte(n)) {
				t.Errorf("%s spelling of %v = %q, not a JSON number", s, f, n)
				continue
			}
			got, err := n.Float64()
			if err != nil || got != f || math.Signbit(got) != math.Signbit(f) {
				t.Errorf("%s spelling of %v = %q, parses to %v, %v", s, f, n, got, err)
			}
		}
	}
}
