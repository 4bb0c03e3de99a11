package rolemap_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/internal/reference"
)

// The fuzz targets' seed corpora are in testdata/fuzz/FuzzName; go test
// replays them, go test -fuzz=FuzzName explores from them.

// FuzzParsePool feeds pool documents through everything that reads them:
// ParsePool never panics; a pool it accepts survives json.Marshal and
// ParsePool unchanged; Compile accepts it exactly when the reference
// validator does and reports the same paths; and the compiled resolver
// agrees with the reference evaluator on requests derived from the pool.
func FuzzParsePool(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := rolemap.ParsePool(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("json.Marshal(ParsePool(%q)) error = %v", data, err)
		}
		again, err := rolemap.ParsePool(out)
		if err != nil {
			t.Fatalf("ParsePool(%s) error = %v on the re-encoded document", out, err)
		}
		if diff := cmp.Diff(p, again); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		r := fuzzCompile(t, p, spec.DefaultMaxRules)
		if r == nil {
			return
		}
		fuzzResolveDerived(t, r, p)
	})
}

// FuzzCaseFile feeds case files to casefile.ParseFile, which must never
// panic and must return only files of the documented shape; the pool of a
// file it accepts is compiled and every case resolved, in agreement with
// the reference evaluator.
func FuzzCaseFile(f *testing.F) {
	// Seeds with user pools, roles, tag maps and sources, so that the
	// credentials paths and the importers run too.
	for _, pattern := range []string{"testdata/cases/credentials*.json", "iac/testdata/cases/*.json"} {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			f.Fatalf("no seeds %s", pattern)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := casefile.ParseFile(data)
		if err != nil {
			if file != nil {
				t.Fatalf("ParseFile() = %v with error %v", file, err)
			}
			return
		}
		if file.Source != nil {
			// Relative to the importer's case files, the seeds' folder.
			if err := file.Load(filepath.Join("iac", "testdata", "cases")); err != nil {
				return
			}
		}
		// Every check, the credentials ones included, runs without panic.
		casefile.Check(file, "fuzz")
		if len(file.Pool.PrincipalTagAttributeMaps) > 0 {
			// The reference validator does not model tag maps (it accepts
			// UseDefaults beside PrincipalTags, and tag keys STS refuses),
			// so Compile's verdict cannot be compared with it.
			return
		}
		if file.Invalid != nil && len(file.Cases) > 0 {
			t.Errorf("ParseFile() accepted a file with invalid and %d cases", len(file.Cases))
		}
		if file.MaxRules < 0 || file.MaxRules > spec.HardMaxRules {
			t.Errorf("ParseFile() accepted maxRules %d", file.MaxRules)
		}
		names := map[string]bool{}
		for _, c := range file.Cases {
			if c.Name == "" || names[c.Name] {
				t.Errorf("ParseFile() accepted a case named %q (empty or repeated)", c.Name)
			}
			names[c.Name] = true
			if (c.Want.Role == "") == (c.Want.Error == "") {
				t.Errorf("ParseFile() accepted case %q wanting %+v", c.Name, c.Want)
			}
		}
		maxRules := file.MaxRules
		if maxRules == 0 {
			maxRules = spec.DefaultMaxRules
		}
		r := fuzzCompile(t, file.Pool, maxRules)
		if r == nil {
			return
		}
		for _, c := range file.Cases {
			fuzzAgree(t, r, file.Pool, c.Request())
		}
	})
}

// fuzzCompile compiles p with the quota and checks Compile's verdict
// against the reference validator; it returns nil for an invalid pool.
func fuzzCompile(t *testing.T, p rolemap.Pool, maxRules int) *rolemap.Resolver {
	t.Helper()
	want := reference.Validate(p, maxRules)
	r, err := rolemap.Compile(p, rolemap.WithMaxRules(maxRules))
	if err == nil {
		if len(want) > 0 {
			t.Fatalf("Compile() accepted a pool the reference finds invalid at %q", want)
		}
		return r
	}
	var ve *rolemap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Compile() error = %v; want a *rolemap.ValidationError", err)
	}
	var got []string
	for _, fe := range ve.Errors {
		got = append(got, fe.Path)
	}
	if diff := cmp.Diff(want, slices.Compact(got)); diff != "" {
		t.Fatalf("Compile() error paths (-reference +Compile):\n%s\nerror: %v", diff, err)
	}
	return nil
}

// fuzzResolveDerived resolves requests derived from p: a guest, and for
// every login p maps or configures, one token whose claims equal every
// rule's value, one whose claims extend them, one with none, with and
// without the default role as CustomRoleArn. (The requests are derived
// plainly rather than drawn with rolemaptest.Request: rapid's own code
// would make every input look new to the fuzzer's coverage.)
func fuzzResolveDerived(t *testing.T, r *rolemap.Resolver, p rolemap.Pool) {
	t.Helper()
	fuzzAgree(t, r, p, rolemap.Request{})
	var roles []any
	for _, role := range p.Roles {
		roles = append(roles, role)
	}
	type login struct{ login, aud, key string }
	var logins []login
	for key := range p.RoleMappings {
		if i := strings.LastIndexByte(key, ':'); i >= 0 && rolemap.KindOf(key[:i]) == rolemap.KindUserPool {
			logins = append(logins, login{key[:i], key[i+1:], key})
		} else {
			logins = append(logins, login{key, "", key})
		}
	}
	for _, c := range p.CognitoIdentityProviders {
		logins = append(logins, login{c.ProviderName, c.ClientID, c.ProviderName + ":" + c.ClientID})
	}
	for name := range p.SupportedLoginProviders {
		logins = append(logins, login{name, "", name})
	}
	for _, arn := range p.OpenIDConnectProviderARNs {
		logins = append(logins, login{rolemap.OIDCHost(arn), "", rolemap.OIDCHost(arn)})
	}
	for _, arn := range p.SAMLProviderARNs {
		logins = append(logins, login{arn, "", arn})
	}
	for _, l := range logins {
		var rules []rolemap.Rule
		if rc := p.RoleMappings[l.key].RulesConfiguration; rc != nil {
			rules = rc.Rules
		}
		tokenRoles := slices.Clone(roles)
		for _, rule := range rules {
			tokenRoles = append(tokenRoles, rule.RoleARN)
		}
		var pairs []any
		for _, role := range tokenRoles {
			pairs = append(pairs, role.(string)+","+l.login)
		}
		for _, suffix := range []string{"", "x"} {
			claims := map[string]any{
				spec.ClaimIssuer:       "https://" + l.login,
				spec.ClaimRoles:        tokenRoles,
				spec.SAMLRoleAttribute: pairs,
			}
			if l.aud != "" {
				claims[spec.ClaimAudience] = l.aud
			}
			for _, rule := range rules {
				claims[rule.Claim] = rule.Value + suffix
			}
			fuzzAgree(t, r, p, rolemap.Request{Login: l.login, Claims: claims})
			fuzzAgree(t, r, p, rolemap.Request{Login: l.login, Claims: claims, CustomRoleARN: p.Roles[rolemap.RoleAuthenticated]})
		}
		fuzzAgree(t, r, p, rolemap.Request{Login: l.login})
	}
}

// fuzzAgree resolves req and compares the outcome with the reference's.
func fuzzAgree(t *testing.T, r *rolemap.Resolver, p rolemap.Pool, req rolemap.Request) {
	t.Helper()
	want := reference.Resolve(p, req)
	d, err := r.Resolve(req)
	if got := reference.Observe(d, err); !reference.Agrees(want, got) {
		t.Fatalf("Resolve(%s)\ngot  %+v\nwant %+v (reference)", propShow(req), got, want)
	}
}

// FuzzResolveClaims is differential: it decodes arbitrary claims JSON (as
// float64 numbers and as json.Number), resolves them under every
// conformance pool with and without a trace, and checks both against the
// reference evaluator and against each other. The login is the fuzzer's, or
// one of the pool's mapping keys picked by pick.
func FuzzResolveClaims(f *testing.F) {
	pools := fuzzPools(f)
	f.Add(uint8(0), "", []byte(`{"cognito:groups":["admins"],"aud":"client1"}`), "")
	f.Add(uint8(1), "", []byte(`{"c":[1,"a",true,null,{"x":1},[2]],"sub":1e400}`), "")
	f.Add(uint8(2), "graph.facebook.com", []byte(`{"name":"Admin","sub":"10001"}`), "")
	f.Fuzz(func(t *testing.T, pick uint8, login string, claimsJSON []byte, custom string) {
		if len(claimsJSON) > 1<<16 {
			return
		}
		p := pools[int(pick)%len(pools)]
		r, err := rolemap.Compile(p, rolemap.WithMaxRules(spec.HardMaxRules))
		if err != nil {
			t.Fatalf("Compile(pool %d): %v", int(pick)%len(pools), err)
		}
		if login == "" {
			keys := slices.Sorted(maps.Keys(p.RoleMappings))
			if len(keys) > 0 {
				login = keys[int(pick)/len(pools)%len(keys)]
				if i := strings.LastIndexByte(login, ':'); i >= 0 && rolemap.KindOf(login[:i]) == rolemap.KindUserPool {
					login = login[:i]
				}
			}
		}
		for _, useNumber := range []bool{false, true} {
			dec := json.NewDecoder(bytes.NewReader(claimsJSON))
			if useNumber {
				dec.UseNumber()
			}
			var claims map[string]any
			if dec.Decode(&claims) != nil {
				return
			}
			req := rolemap.Request{Login: login, Claims: claims, CustomRoleARN: custom}
			fuzzAgree(t, r, p, req)
			d, err := r.Resolve(req)
			req.Trace = true
			td, terr := r.Resolve(req)
			td.Trace = nil
			if got, traced := reference.Observe(d, err), reference.Observe(td, terr); got != traced {
				t.Fatalf("Resolve(%s): untraced %+v, traced %+v", propShow(req), got, traced)
			}
		}
	})
}

// fuzzPools is every valid conformance and case-file pool, plus a
// 400-rule mapping on one claim.
func fuzzPools(f *testing.F) []rolemap.Pool {
	var pools []rolemap.Pool
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		file, err := casefile.ParseFile(data)
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		if file.Invalid == nil {
			pools = append(pools, file.Pool)
		}
	}
	rules := make([]rolemap.Rule, 400)
	mts := []rolemap.MatchType{rolemap.NotEqual, rolemap.Contains, rolemap.StartsWith, rolemap.Equals}
	for i := range rules {
		rules[i] = rolemap.Rule{Claim: "c", MatchType: mts[i%4], Value: strings.Repeat("a", 1+i%7) + strconv.Itoa(i%13),
			RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i)}
	}
	pools = append(pools, rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}}})
	return pools
}
