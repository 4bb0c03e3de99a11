package validate_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

const (
	google   = "accounts.google.com"
	oidcHost = "login.example.com"
	userPool = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab"
	samlARN  = "arn:aws:iam::111122223333:saml-provider/Corp"
)

// tb is what the helpers need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// rule builds a rule whose role names its position, so decisions tell rules
// apart.
func rule(claim string, mt rolemap.MatchType, value string) rolemap.Rule {
	return rolemap.Rule{Claim: claim, MatchType: mt, Value: value}
}

// rulesPool is a pool with one Rules mapping under key.
func rulesPool(key string, rules ...rolemap.Rule) rolemap.Pool {
	rules = slices.Clone(rules)
	for i := range rules {
		if rules[i].RoleARN == "" {
			rules[i].RoleARN = "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i)
		}
	}
	return rolemap.Pool{
		IdentityPoolID: "us-east-1:11111111-2222-3333-4444-555555555555",
		Roles:          map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{key: {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules},
		}},
	}
}

// unreachable returns, for each rule Lint reports unreachable, its index and
// the indexes of the rules that shadow it.
func unreachable(t tb, p rolemap.Pool, key string) map[int][]int {
	t.Helper()
	prefix := `RoleMappings[` + strconv.Quote(key) + `].RulesConfiguration.Rules[`
	index := func(path string) int {
		rest, ok := strings.CutPrefix(path, prefix)
		if !ok || !strings.HasSuffix(rest, "]") {
			t.Fatalf("path %q is not a rule of %q", path, key)
		}
		i, err := strconv.Atoi(strings.TrimSuffix(rest, "]"))
		if err != nil {
			t.Fatalf("path %q: %v", path, err)
		}
		return i
	}
	got := map[int][]int{}
	for _, f := range validate.Lint(p, validate.WithMaxRules(400)) {
		if f.Code != validate.CodeUnreachableRule {
			continue
		}
		related := []int{}
		for _, r := range f.Related {
			related = append(related, index(r.String()))
		}
		got[index(f.Path.String())] = related
	}
	return got
}

// checkWitnesses checks the analysis both ways on one mapping: every rule
// not reported has a witness whose decision is that rule, and no reported
// rule has one.
func checkWitnesses(t tb, p rolemap.Pool, key string, reported map[int][]int) {
	t.Helper()
	res, err := rolemap.Compile(p, rolemap.WithMaxRules(400))
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	for i := range p.RoleMappings[key].RulesConfiguration.Rules {
		req, ok := validate.Witness(p, key, i)
		if _, bad := reported[i]; bad {
			if ok {
				t.Errorf("rule %d is reported unreachable, yet Witness gives %+v", i, req)
			}
			continue
		}
		if !ok {
			t.Errorf("rule %d is not reported unreachable, and Witness gives none", i)
			continue
		}
		d, err := res.Resolve(req)
		if err != nil || d.MappingKey != key || d.RuleIndex() != i {
			t.Errorf("rule %d: Witness %+v resolves to %v (rule %d of %q), %v; want rule %d", i, req, d, d.RuleIndex(), d.MappingKey, err, i)
		}
	}
}

func TestUnreachable(t *testing.T) {
	asciiAll := make([]rolemap.Rule, 0, 130)
	for b := 0; b < utf8.RuneSelf; b++ {
		asciiAll = append(asciiAll, rule("d", rolemap.Equals, string(rune(b))))
	}
	asciiAll = append(asciiAll, rule("c", rolemap.Equals, "é"), rule("c", rolemap.StartsWith, "é"), rule("c", rolemap.Contains, "é"), rule("c", rolemap.StartsWith, "éa"))
	tests := []struct {
		name string
		pool rolemap.Pool
		key  string
		want map[int][]int // unreachable rule → the rules that shadow it
	}{
		{
			name: "conformance lint-unreachable",
			key:  google,
			pool: rulesPool(google,
				rule("email", rolemap.StartsWith, "admin"),
				rule("email", rolemap.Equals, "admin@corp.com"),
				rule("hd", rolemap.Equals, "example.com"),
				rule("email", rolemap.Contains, "@corp"),
				rule("email", rolemap.Contains, "@corp.com")),
			want: map[int][]int{1: {0}, 4: {3}},
		},
		{
			name: "same Equals twice",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.Equals, "a"), rule("c", rolemap.Equals, "a")),
			want: map[int][]int{1: {0}},
		},
		{
			name: "Equals under StartsWith and Contains",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "ab"), rule("c", rolemap.Contains, "zz"),
				rule("c", rolemap.Equals, "abc"), rule("c", rolemap.Equals, "xzzx"), rule("c", rolemap.Equals, "ba")),
			want: map[int][]int{2: {0}, 3: {1}},
		},
		{
			name: "StartsWith under a shorter StartsWith",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "a"), rule("c", rolemap.StartsWith, "ab")),
			want: map[int][]int{1: {0}},
		},
		{
			name: "StartsWith under a longer StartsWith is reachable",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "ab"), rule("c", rolemap.StartsWith, "a")),
			want: map[int][]int{},
		},
		{
			name: "StartsWith under a Contains of a part of it",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.Contains, "b"), rule("c", rolemap.StartsWith, "abc")),
			want: map[int][]int{1: {0}},
		},
		{
			name: "StartsWith after Equals of its value is reachable",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.Equals, "a"), rule("c", rolemap.StartsWith, "a")),
			want: map[int][]int{},
		},
		{
			name: "Contains after StartsWith and Equals of its value is reachable",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "a"), rule("c", rolemap.Equals, "xab"), rule("c", rolemap.Contains, "ab")),
			want: map[int][]int{},
		},
		{
			name: "Contains under a Contains of a part of it",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.Contains, "b"), rule("c", rolemap.Contains, "abc")),
			want: map[int][]int{1: {0}},
		},
		{
			name: "Contains is not shadowed by a StartsWith",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "a"), rule("c", rolemap.Contains, "a")),
			want: map[int][]int{},
		},
		{
			name: "NotEqual twice",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.NotEqual, "a"), rule("c", rolemap.NotEqual, "a"), rule("c", rolemap.NotEqual, "b")),
			want: map[int][]int{1: {0}},
		},
		{
			name: "NotEqual b and Equals b catch every value",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.NotEqual, "b"), rule("c", rolemap.Equals, "b"),
				rule("c", rolemap.Equals, "z"), rule("c", rolemap.NotEqual, "q"), rule("d", rolemap.Equals, "z")),
			want: map[int][]int{2: {0, 1}, 3: {0, 1}},
		},
		{
			name: "NotEqual and a StartsWith accepting its value",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "b"), rule("c", rolemap.NotEqual, "ba"), rule("c", rolemap.Contains, "q")),
			want: map[int][]int{2: {0, 1}},
		},
		{
			name: "NotEqual whose value no positive rule accepts: the value is the witness",
			key:  google,
			pool: rulesPool(google, rule("c", rolemap.StartsWith, "b"), rule("c", rolemap.NotEqual, "ab"), rule("c", rolemap.Contains, "q"), rule("c", rolemap.Equals, "ab")),
			want: map[int][]int{},
		},
		{
			name: "rules on other claims never shadow",
			key:  google,
			pool: rulesPool(google, rule("d", rolemap.NotEqual, "x"), rule("d", rolemap.Equals, "x"), rule("c", rolemap.Equals, "x")),
			want: map[int][]int{},
		},
		{
			name: "user pool: aud is the app client",
			key:  userPool + ":client1",
			pool: rulesPool(userPool+":client1", rule("aud", rolemap.StartsWith, "cli"), rule("aud", rolemap.Equals, "client1"),
				rule("aud", rolemap.Equals, "other"), rule("c", rolemap.Equals, "x")),
			want: map[int][]int{1: {0}, 2: {}, 3: {0, 1}},
		},
		{
			name: "user pool: aud NotEqual the client never matches",
			key:  userPool + ":client1",
			pool: rulesPool(userPool+":client1", rule("aud", rolemap.NotEqual, "client1"), rule("aud", rolemap.NotEqual, "x")),
			want: map[int][]int{0: {}},
		},
		{
			name: "OIDC: iss is absent or names the login",
			key:  oidcHost,
			pool: rulesPool(oidcHost, rule("iss", rolemap.Equals, "other"), rule("iss", rolemap.StartsWith, "https://"),
				rule("iss", rolemap.Equals, "https://"+oidcHost), rule("iss", rolemap.Contains, oidcHost), rule("c", rolemap.Equals, "x")),
			want: map[int][]int{0: {}, 2: {1}},
		},
		{
			name: "social: iss is a free claim",
			key:  google,
			pool: rulesPool(google, rule("iss", rolemap.Equals, "other")),
			want: map[int][]int{},
		},
		{
			name: "user pool key without a client: no login selects it",
			key:  userPool,
			pool: rulesPool(userPool, rule("c", rolemap.Equals, "x"), rule("c", rolemap.Equals, "y")),
			want: map[int][]int{0: {}, 1: {}},
		},
		{
			name: "user pool key with two routes",
			key:  userPool + ":a:b",
			pool: rulesPool(userPool+":a:b", rule("aud", rolemap.Equals, "a:b"), rule("aud", rolemap.Equals, "b"), rule("aud", rolemap.Equals, "a"), rule("c", rolemap.Equals, "x")),
			// Login userPool with aud "a:b" meets rule 0 first; login
			// userPool+":a" with aud "b" meets rule 1 first.
			want: map[int][]int{2: {}, 3: {0, 1}},
		},
		{
			name: "OIDC key configured only as a social provider",
			key:  oidcHost,
			pool: func() rolemap.Pool {
				p := rulesPool(oidcHost, rule("c", rolemap.Equals, "x"))
				p.SupportedLoginProviders = map[string]string{oidcHost: "app"}
				return p
			}(),
			want: map[int][]int{0: {}},
		},
		{
			name: "OIDC key configured as an OIDC provider",
			key:  oidcHost,
			pool: func() rolemap.Pool {
				p := rulesPool(oidcHost, rule("c", rolemap.Equals, "x"))
				p.OpenIDConnectProviderARNs = []string{"arn:aws:iam::111122223333:oidc-provider/" + oidcHost}
				return p
			}(),
			want: map[int][]int{},
		},
		{
			name: "SAML rules mapping",
			key:  samlARN,
			pool: rulesPool(samlARN, rule("https://aws.amazon.com/SAML/Attributes/Role", rolemap.Contains, "Admin"), rule("c", rolemap.Contains, "Ad"), rule("c", rolemap.Contains, "Admin")),
			want: map[int][]int{2: {1}},
		},
		{
			name: "every ASCII byte used: the fresh symbol is a code point",
			key:  google,
			pool: rulesPool(google, asciiAll...),
			want: map[int][]int{131: {129, 130}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unreachable(t, tt.pool, tt.key)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("unreachable rule → shadowing rules (-want +got):\n%s", diff)
			}
			checkWitnesses(t, tt.pool, tt.key, got)
		})
	}
}

func TestWitnessOutOfRange(t *testing.T) {
	p := rulesPool(google, rule("c", rolemap.Equals, "x"))
	tests := []struct {
		name string
		pool rolemap.Pool
		key  string
		rule int
	}{
		{name: "negative index", pool: p, key: google, rule: -1},
		{name: "index past the end", pool: p, key: google, rule: 1},
		{name: "no such mapping", pool: p, key: oidcHost, rule: 0},
		{name: "invalid pool", pool: rolemap.Pool{}, key: google, rule: 0},
		{name: "token mapping", pool: func() rolemap.Pool {
			q := rulesPool(google, rule("c", rolemap.Equals, "x"))
			m := q.RoleMappings[google]
			m.Type = rolemap.TypeToken
			q.RoleMappings[google] = m
			return q
		}(), key: google, rule: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if req, ok := validate.Witness(tt.pool, tt.key, tt.rule); ok {
				t.Errorf("Witness = %+v, true; want false", req)
			}
		})
	}
}

// The property tests draw small mappings over a small alphabet, so that
// rules overlap often, on keys of every provider kind and claims the token
// checks pin down (iss, aud).

var (
	propKeys = []string{
		google, oidcHost, samlARN,
		userPool + ":client1",
		userPool + ":a:b", // two routes: aud "a:b", and login userPool+":a" with aud "b"
		userPool,          // no client: no login selects it
	}
	propClaims = []string{"c", "d", "iss", "aud"}
	// propSpecial are the strings the pinned claims can hold, and parts of
	// them.
	propSpecial = []string{"client1", "cli", "a:b", "b", "a", oidcHost, "https://" + oidcHost, "https://",
		userPool, "https://" + userPool}
	propLogins = []string{google, oidcHost, samlARN, userPool, userPool + ":a", "other.example.com"}
)

// valueGen draws a rule value: mostly a short string over {a, b}, so that
// values often prefix and contain each other; sometimes a string a pinned
// claim can hold.
func valueGen() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b"}), 1, 3).Draw(t, "letters"), "")
		}),
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b"}), 1, 3).Draw(t, "letters"), "")
		}),
		rapid.SampledFrom(propSpecial),
	)
}

func ruleGen() *rapid.Generator[rolemap.Rule] {
	return rapid.Custom(func(t *rapid.T) rolemap.Rule {
		return rolemap.Rule{
			Claim:     rapid.SampledFrom([]string{"c", "c", "c", "d", "iss", "aud"}).Draw(t, "claim"),
			MatchType: rapid.SampledFrom([]rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}).Draw(t, "matchType"),
			Value:     valueGen().Draw(t, "value"),
		}
	})
}

// propPool draws a valid pool with one Rules mapping, and its key.
func propPool(t *rapid.T) (rolemap.Pool, string) {
	key := rapid.SampledFrom(propKeys).Draw(t, "key")
	rules := rapid.SliceOfN(ruleGen(), 1, 7).Draw(t, "rules")
	p := rulesPool(key, rules...)
	// Optionally list the providers, configuring the key as any kind of
	// provider, so that some keys are configured as the wrong kind.
	switch rapid.IntRange(0, 4).Draw(t, "providers") {
	case 1:
		p.SupportedLoginProviders = map[string]string{key: "app"}
	case 2:
		p.OpenIDConnectProviderARNs = []string{"arn:aws:iam::111122223333:oidc-provider/" + key}
	case 3:
		p.SAMLProviderARNs = []string{key}
	case 4:
		// A user pool entry whose ProviderName:ClientId is the key, split
		// at any colon.
		var colons []int
		for i := range len(key) {
			if key[i] == ':' {
				colons = append(colons, i)
			}
		}
		if colons == nil {
			p.SupportedLoginProviders = map[string]string{key: "app"}
			break
		}
		i := rapid.SampledFrom(colons).Draw(t, "split")
		p.CognitoIdentityProviders = []rolemap.Provider{{ProviderName: key[:i], ClientID: key[i+1:]}}
	}
	if rapid.Bool().Draw(t, "allowAmbiguousFallback") {
		m := p.RoleMappings[key]
		m.AmbiguousRoleResolution = rolemap.AmbiguousAuthenticatedRole
		p.RoleMappings[key] = m
	}
	return p, key
}

// claimString draws a string a claim may hold: a value, a prefix or an
// extension of one, or a pinned claim's value.
func claimString(t *rapid.T, label string) string {
	s := valueGen().Draw(t, label)
	switch rapid.IntRange(0, 3).Draw(t, label+"Shape") {
	case 1:
		s = s[:rapid.IntRange(0, len(s)).Draw(t, label+"Cut")]
	case 2:
		s += rapid.SampledFrom([]string{"a", "b", "x", ":b"}).Draw(t, label+"Suffix")
	case 3:
		s = rapid.SampledFrom([]string{"a", "b", "x"}).Draw(t, label+"Prefix") + s
	}
	return s
}

// requestGen draws a request: a login of any kind and claims, each absent,
// a string, a list of strings, a number, an object or null.
func requestGen(t *rapid.T) rolemap.Request {
	req := rolemap.Request{Login: rapid.SampledFrom(propLogins).Draw(t, "login"), Claims: map[string]any{}}
	for _, c := range propClaims {
		switch rapid.IntRange(0, 5).Draw(t, c+"Kind") {
		case 1, 2:
			req.Claims[c] = claimString(t, c)
		case 3:
			n := rapid.IntRange(0, 3).Draw(t, c+"Len")
			l := make([]any, n)
			for k := range l {
				l[k] = claimString(t, c+"Elem")
			}
			req.Claims[c] = l
		case 4:
			req.Claims[c] = rapid.SampledFrom([]any{nil, map[string]any{"a": "a"}, 3.0, true}).Draw(t, c+"Other")
		}
	}
	return req
}

type outcome struct {
	Role    string
	Reason  rolemap.Reason
	Key     string
	Rule    int
	Code    string
	Message string
}

func resolve(res *rolemap.Resolver, req rolemap.Request) outcome {
	d, err := res.Resolve(req)
	if err != nil {
		e := err.(*rolemap.Error)
		return outcome{Code: e.Code, Message: e.Message, Key: e.MappingKey, Rule: -1}
	}
	return outcome{Role: d.RoleARN, Reason: d.Reason, Key: d.MappingKey, Rule: d.RuleIndex()}
}

// TestUnreachableExact checks the analysis against brute force, both ways:
// removing a rule reported unreachable never changes a decision, and never
// one of its requests over a universe of candidate values makes it the first
// match; every rule not reported has a witness request whose decision is
// that rule.
func TestUnreachableExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, key := propPool(t)
		res, err := rolemap.Compile(p)
		if err != nil {
			t.Fatalf("the generator drew an invalid pool: %v", err)
		}
		got := unreachable(t, p, key)
		checkWitnesses(t, p, key, got)

		rules := p.RoleMappings[key].RulesConfiguration.Rules
		reqs := make([]rolemap.Request, 40)
		for k := range reqs {
			reqs[k] = requestGen(t)
		}
		for _, i := range slices.Sorted(maps.Keys(got)) {
			// Remove rule i: no decision changes.
			q := rulesPool(key)
			q.SupportedLoginProviders, q.OpenIDConnectProviderARNs = p.SupportedLoginProviders, p.OpenIDConnectProviderARNs
			q.SAMLProviderARNs, q.CognitoIdentityProviders = p.SAMLProviderARNs, p.CognitoIdentityProviders
			m := p.RoleMappings[key]
			// A rule on a claim no request carries keeps the mapping valid
			// when i was its only rule, and never matches.
			rest := append(slices.Delete(slices.Clone(rules), i, i+1), rolemap.Rule{Claim: "never", MatchType: rolemap.Equals, Value: "x", RoleARN: "arn:aws:iam::111122223333:role/Never"})
			m.RulesConfiguration = &rolemap.RulesConfiguration{Rules: rest}
			q.RoleMappings[key] = m
			resQ, err := rolemap.Compile(q)
			if err != nil {
				t.Fatalf("Compile without rule %d: %v", i, err)
			}
			for _, req := range reqs {
				want := resolve(res, req)
				gotQ := resolve(resQ, req)
				if gotQ.Rule >= i {
					gotQ.Rule++
				}
				if want.Reason == rolemap.ReasonRuleMatch && gotQ.Reason == rolemap.ReasonRuleMatch {
					gotQ.Role = want.Role // roles are named by index, which shifted
				}
				if diff := cmp.Diff(want, gotQ); diff != "" {
					t.Fatalf("rule %d is reported unreachable, but removing it changes the decision for %+v (-with +without):\n%s", i, req, diff)
				}
			}
			// Exhaustively: no list of up to two candidate strings in the
			// rule's claim, every other claim absent but aud, makes it first.
			for _, req := range candidateRequests(p, key, rules[i].Claim) {
				if o := resolve(res, req); o.Key == key && o.Rule == i {
					t.Fatalf("rule %d is reported unreachable, but %+v makes it the first match", i, req)
				}
			}
		}
	})
}

// candidateRequests lists requests for every login that may select key,
// with claim holding each list of up to two strings of a universe built
// from the mapping's values: the values, their prefixes, and extensions by
// a fresh letter on either side.
func candidateRequests(p rolemap.Pool, key, claim string) []rolemap.Request {
	set := map[string]bool{"x": true, "": true}
	for _, r := range p.RoleMappings[key].RulesConfiguration.Rules {
		for n := 0; n <= len(r.Value); n++ {
			set[r.Value[:n]] = true
		}
		set[r.Value+"x"], set["x"+r.Value] = true, true
	}
	universe := slices.Sorted(maps.Keys(set))
	var lists []any
	for i, a := range universe {
		lists = append(lists, a)
		for _, b := range universe[i+1:] {
			lists = append(lists, []any{a, b})
		}
	}
	type route struct{ login, aud string }
	routes := []route{{login: key}}
	for i := 0; i < len(key); i++ {
		if key[i] == ':' {
			routes = append(routes, route{login: key[:i], aud: key[i+1:]})
		}
	}
	var reqs []rolemap.Request
	for _, rt := range routes {
		for _, l := range lists {
			claims := map[string]any{claim: l}
			if rt.aud != "" && claim != "aud" {
				claims["aud"] = rt.aud
			}
			reqs = append(reqs, rolemap.Request{Login: rt.login, Claims: claims})
		}
	}
	return reqs
}

// TestWitnessUnicode checks the witness direction on values drawn from a
// wider alphabet, multi-byte code points included.
func TestWitnessUnicode(t *testing.T) {
	alphabet := []rune{'a', 'b', 'x', 'é', '中', '😀', ':'}
	value := rapid.Custom(func(t *rapid.T) string {
		return string(rapid.SliceOfN(rapid.SampledFrom(alphabet), 1, 4).Draw(t, "runes"))
	})
	rapid.Check(t, func(t *rapid.T) {
		key := rapid.SampledFrom([]string{google, oidcHost, userPool + ":client1"}).Draw(t, "key")
		rules := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) rolemap.Rule {
			return rolemap.Rule{
				Claim:     rapid.SampledFrom([]string{"c", "d"}).Draw(t, "claim"),
				MatchType: rapid.SampledFrom([]rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}).Draw(t, "matchType"),
				Value:     value.Draw(t, "value"),
			}
		}), 1, 8).Draw(t, "rules")
		p := rulesPool(key, rules...)
		got := unreachable(t, p, key)
		checkWitnesses(t, p, key, got)
		res, err := rolemap.Compile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			for _, req := range candidateRequests(p, key, rules[i].Claim) {
				if o := resolve(res, req); o.Key == key && o.Rule == i {
					t.Fatalf("rule %d is reported unreachable, but %+v makes it the first match", i, req)
				}
			}
		}
	})
}

func TestUnreachableMessages(t *testing.T) {
	p := rulesPool(google,
		rule("c", rolemap.NotEqual, "b"), rule("c", rolemap.Equals, "b"), rule("c", rolemap.Equals, "z"))
	var got []validate.Finding
	for _, f := range validate.Lint(p, validate.WithMaxRules(400)) {
		if f.Code == validate.CodeUnreachableRule {
			got = append(got, f)
		}
	}
	rp := func(i int) string { return fmt.Sprintf("RoleMappings[%q].RulesConfiguration.Rules[%d]", google, i) }
	want := []validate.Finding{{
		Code:     validate.CodeUnreachableRule,
		Severity: validate.SeverityWarning,
		Path:     P(rp(2)),
		Message:  `rule 2 (c Equals "z") can never be the first match: rule 0 (c NotEqual "b") and rule 1 (c Equals "b") together match every value of "c" (a value either holds "b" or it does not)`,
		Fix:      "remove the rule, or move it before rule 0",
		Related:  []diag.Path{P(rp(0)), P(rp(1))},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestUnreachableExhaustive checks the analysis on every mapping of one to
// three rules on one claim drawn from four match types and five values,
// against every request whose claim holds a list of up to two strings built
// from those values.
func TestUnreachableExhaustive(t *testing.T) {
	var all []rolemap.Rule
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		for _, v := range []string{"a", "b", "ab", "ba", "aa"} {
			all = append(all, rule("c", mt, v))
		}
	}
	var seqs [][]rolemap.Rule
	for _, r0 := range all {
		seqs = append(seqs, []rolemap.Rule{r0})
		for _, r1 := range all {
			seqs = append(seqs, []rolemap.Rule{r0, r1})
			for _, r2 := range all {
				seqs = append(seqs, []rolemap.Rule{r0, r1, r2})
			}
		}
	}
	for _, rules := range seqs {
		p := rulesPool(google, rules...)
		res, err := rolemap.Compile(p)
		if err != nil {
			t.Fatal(err)
		}
		got := unreachable(t, p, google)
		checkWitnesses(t, p, google, got)
		for i := range got {
			for _, req := range candidateRequests(p, google, "c") {
				if o := resolve(res, req); o.Rule == i {
					t.Errorf("%v: rule %d is reported unreachable, but %+v makes it the first match", rules, i, req)
				}
			}
		}
	}
}
