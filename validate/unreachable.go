package validate

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Witness returns a request whose decision is rule number rule (zero-based)
// of the Rules mapping key: Resolve on the compiled pool answers it with
// that mapping and that rule index. It returns false when the rule is
// unreachable (Lint reports it as unreachable-rule), and when the pool
// cannot be analysed: it does not compile with the rules quota at its cap,
// key is not a Rules mapping, rule is out of range, or (only for pools built
// in Go) its values are not valid UTF-8 and use every byte.
//
// The request has the login that selects the mapping and only the claims
// the rule needs: for a user pool also aud, the app client of the key.
func Witness(p rolemap.Pool, key string, rule int) (rolemap.Request, bool) {
	a, ok := newAnalyzer(p)
	if !ok {
		return rolemap.Request{}, false
	}
	vs, ok := a.mapping(key)
	if !ok || rule < 0 || rule >= len(vs) || !vs[rule].reachable {
		return rolemap.Request{}, false
	}
	return vs[rule].witness, true
}

// unreachableFindings reports every rule of p that can never be the first
// match.
func unreachableFindings(p rolemap.Pool) []Finding {
	a, ok := newAnalyzer(p)
	if !ok {
		return nil
	}
	var fs []Finding
	for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
		vs, ok := a.mapping(key)
		if !ok {
			continue
		}
		rules := p.RoleMappings[key].RulesConfiguration.Rules
		for i, v := range vs {
			if v.reachable {
				continue
			}
			f := Finding{
				Code:    CodeUnreachableRule,
				Path:    rulePath(key, i),
				Message: describe(i, rules[i]) + " can never be the first match: " + v.why,
				Fix:     v.fix,
			}
			for _, j := range v.shadows {
				f.Related = append(f.Related, rulePath(key, j))
			}
			fs = append(fs, f)
		}
	}
	return fs
}

// analyzer answers reachability questions about one compiled pool.
type analyzer struct {
	pool rolemap.Pool
	res  *rolemap.Resolver
}

func newAnalyzer(p rolemap.Pool) (*analyzer, bool) {
	res, err := rolemap.Compile(p, rolemap.WithMaxRules(spec.HardMaxRules))
	if err != nil {
		return nil, false
	}
	return &analyzer{pool: res.Pool(), res: res}, true
}

// route is one way a request reaches a mapping: its login and, for a user
// pool, the token's aud.
type route struct {
	login string
	kind  rolemap.ProviderKind
	aud   string
}

// routes returns the routes that select the mapping key. A key that is not
// a user pool login has one candidate, the key itself; a user pool key
// LOGIN:CLIENT has one per colon that splits it into a user pool login and a
// non-empty client. Whether a candidate selects the mapping (its login is
// short enough, its provider is configured) is asked of the resolver itself.
func (a *analyzer) routes(key string) []route {
	var cands []route
	if k := rolemap.KindOf(key); k != rolemap.UserPool {
		cands = []route{{login: key, kind: k}}
	} else {
		for _, i := range userPoolSplits(key) {
			cands = append(cands, route{login: key[:i], kind: rolemap.UserPool, aud: key[i+1:]})
		}
	}
	var out []route
	for _, rt := range cands {
		d, err := a.res.Resolve(rt.request(nil))
		var e *rolemap.Error
		if err == nil && d.MappingKey == key || errors.As(err, &e) && e.MappingKey == key {
			out = append(out, rt)
		}
	}
	return out
}

// request builds a request of the route carrying claims (which it may
// modify) and, for a user pool, aud.
func (rt route) request(claims map[string]any) rolemap.Request {
	if rt.kind == rolemap.UserPool {
		if claims == nil {
			claims = map[string]any{}
		}
		claims[spec.ClaimAudience] = rt.aud
	}
	return rolemap.Request{Login: rt.login, Claims: claims}
}

// fixed returns the values a claim can take on the route when the token
// checks of SPEC §3.2 step 3 pin it down: aud of a user pool is exactly the
// app client (and never absent); iss of a user pool or OIDC login is absent
// or names the login. ok is false for every other claim, which is free: it
// may be absent or hold any list of strings.
func (rt route) fixed(claim string) (vals []string, ok bool) {
	switch {
	case claim == spec.ClaimAudience && rt.kind == rolemap.UserPool:
		return []string{rt.aud}, true
	case claim == spec.ClaimIssuer && (rt.kind == rolemap.UserPool || rt.kind == rolemap.OIDC):
		for _, s := range []string{rt.login, "https://" + rt.login} {
			if strings.TrimPrefix(s, "https://") == rt.login {
				vals = append(vals, s)
			}
		}
		return vals, true
	}
	return nil, false
}

// verdict is the analysis of one rule.
type verdict struct {
	reachable bool
	witness   rolemap.Request // when reachable
	shadows   []int           // when not: the rules that shadow it, sorted
	why       string          // when not: the argument, in words
	fix       string
}

// mapping analyses every rule of the Rules mapping key. It returns false
// when key is not a Rules mapping of the pool or no fresh symbol exists.
func (a *analyzer) mapping(key string) ([]verdict, bool) {
	m, ok := a.pool.RoleMappings[key]
	if !ok || m.Type != rolemap.Rules || m.RulesConfiguration == nil {
		return nil, false
	}
	rules := m.RulesConfiguration.Rules
	fresh, ok := freshSymbol(rules)
	if !ok {
		return nil, false
	}
	routes := a.routes(key)
	vs := make([]verdict, len(rules))
	for i := range rules {
		if len(routes) == 0 {
			vs[i] = verdict{
				why: "no login selects this mapping (its key is not a login the pool accepts: check its shape and the pool's providers), so none of its rules is ever evaluated",
				fix: "correct the mapping key, or configure its provider",
			}
			continue
		}
		var all verdict
		for ri, rt := range routes {
			v := analyzeRule(rules, i, rt, fresh)
			if v.reachable {
				all = v
				break
			}
			if ri == 0 {
				all = v
			} else {
				all.shadows = union(all.shadows, v.shadows)
			}
		}
		vs[i] = all
	}
	return vs, true
}

// analyzeRule decides whether rule i can be the first match of rules for a
// request on route rt; see "Unreachable rules" in the package documentation
// for the argument.
func analyzeRule(rules []rolemap.Rule, i int, rt route, fresh string) verdict {
	r := rules[i]
	c := r.Claim
	fixFor := func(sh []int) string {
		return "remove the rule, or move it before " + describeIndex(sh[0])
	}

	// A user pool login always carries aud: an earlier rule on aud that
	// matches the app client matches every request of the route.
	if rt.kind == rolemap.UserPool && c != spec.ClaimAudience {
		var sh []int
		for j := range i {
			if rules[j].Claim == spec.ClaimAudience && matches(rules[j], []string{rt.aud}) {
				sh = append(sh, j)
			}
		}
		if sh != nil {
			return verdict{shadows: sh, fix: fixFor(sh),
				why: "every login that selects this mapping carries aud " + strconv.Quote(rt.aud) + ", which " + describeList(rules, sh) + " matches first"}
		}
	}

	if vals, ok := rt.fixed(c); ok {
		var sh []int
		for _, s := range vals {
			if !matches(r, []string{s}) {
				continue
			}
			var hit []int
			for j := range i {
				if rules[j].Claim == c && matches(rules[j], []string{s}) {
					hit = append(hit, j)
				}
			}
			if hit == nil {
				return verdict{reachable: true, witness: rt.request(map[string]any{c: s})}
			}
			sh = union(sh, hit)
		}
		quoted := make([]string, len(vals))
		for k, s := range vals {
			quoted[k] = strconv.Quote(s)
		}
		if sh == nil {
			return verdict{fix: "remove the rule",
				why: "for every login that selects this mapping the claim " + strconv.Quote(c) + " is absent or one of " + strings.Join(quoted, ", ") + ", and the rule matches none of them"}
		}
		return verdict{shadows: sh, fix: fixFor(sh),
			why: "for every login that selects this mapping the claim " + strconv.Quote(c) + " is absent or one of " + strings.Join(quoted, ", ") + ", and " + describeList(rules, sh) + " matches first every one the rule matches"}
	}

	// A free claim: absent, or any non-empty list of strings.
	var pos, neg []int
	for j := range i {
		if rules[j].Claim != c {
			continue
		}
		if rules[j].MatchType == rolemap.NotEqual {
			neg = append(neg, j)
		} else {
			pos = append(pos, j)
		}
	}
	var why []string
	var sh []int
	// (1) The rule's own test, against the earlier positive rules.
	var killers []int
	switch r.MatchType {
	case rolemap.NotEqual:
		for _, j := range neg {
			if rules[j].Value == r.Value {
				killers = append(killers, j)
			}
		}
		if killers != nil {
			why = append(why, describeList(rules, killers)+" makes the same test first")
		}
	default:
		for _, j := range pos {
			if covers(rules[j], r) {
				killers = append(killers, j)
			}
		}
		if killers != nil {
			why = append(why, "every value it matches is matched first by "+describeList(rules, killers))
		}
	}
	sh = union(sh, killers)
	// (2) An earlier NotEqual b and an earlier positive rule accepting b
	// together match every value of the claim.
	for _, j := range neg {
		b := rules[j].Value
		var acc []int
		for _, k := range pos {
			if accepts(rules[k], b) {
				acc = append(acc, k)
			}
		}
		if acc != nil {
			why = append(why, describe(j, rules[j])+" and "+describeList(rules, acc)+" together match every value of "+strconv.Quote(c)+" (a value either holds "+strconv.Quote(b)+" or it does not)")
			sh = union(sh, append([]int{j}, acc...))
		}
	}
	if sh != nil {
		return verdict{shadows: sh, why: strings.Join(why, "; "), fix: fixFor(sh)}
	}

	// Reachable: the list holds every earlier NotEqual value and, for a
	// positive rule (or a NotEqual with no earlier NotEqual), one value the
	// rule accepts and no earlier positive rule does.
	var list []string
	for _, j := range neg {
		if !slices.Contains(list, rules[j].Value) {
			list = append(list, rules[j].Value)
		}
	}
	clean := func(s string) bool {
		for _, j := range pos {
			if accepts(rules[j], s) {
				return false
			}
		}
		return true
	}
	v := r.Value
	switch r.MatchType {
	case rolemap.Equals:
		list = append(list, v)
	case rolemap.StartsWith:
		if !clean(v) {
			v += fresh
		}
		list = append(list, v)
	case rolemap.Contains:
		if !clean(v) {
			v = fresh + v
		}
		list = append(list, v)
	case rolemap.NotEqual:
		if len(list) == 0 {
			list = append(list, fresh)
		}
	}
	var val any = list[0]
	if len(list) > 1 {
		l := make([]any, len(list))
		for k, s := range list {
			l[k] = s
		}
		val = l
	}
	return verdict{reachable: true, witness: rt.request(map[string]any{c: val})}
}

// accepts is a rule's positive test on one string (SPEC §4): equality for
// Equals and NotEqual, substring for Contains, prefix for StartsWith.
func accepts(r rolemap.Rule, s string) bool {
	switch r.MatchType {
	case rolemap.Contains:
		return strings.Contains(s, r.Value)
	case rolemap.StartsWith:
		return strings.HasPrefix(s, r.Value)
	}
	return s == r.Value
}

// matches is a rule on a present claim holding list (SPEC §4): NotEqual
// when no element equals the value, the others when some element passes.
func matches(r rolemap.Rule, list []string) bool {
	if r.MatchType == rolemap.NotEqual {
		return !slices.Contains(list, r.Value)
	}
	for _, s := range list {
		if accepts(r, s) {
			return true
		}
	}
	return false
}

// covers reports whether the positive rule p accepts every string the
// positive rule r accepts.
func covers(p, r rolemap.Rule) bool {
	switch r.MatchType {
	case rolemap.Equals:
		return accepts(p, r.Value)
	case rolemap.StartsWith:
		return p.MatchType == rolemap.StartsWith && strings.HasPrefix(r.Value, p.Value) ||
			p.MatchType == rolemap.Contains && strings.Contains(r.Value, p.Value)
	case rolemap.Contains:
		return p.MatchType == rolemap.Contains && strings.Contains(r.Value, p.Value)
	}
	return false
}

// freshSymbol returns a string that occurs in no value of rules: a single
// byte none of them holds (an ASCII letter if possible), or, when every
// value is valid UTF-8, a code point none of them holds. A mapping within
// AWS's limits always has one: 400 values of 128 code points cannot hold
// all of Unicode's 1,112,064 scalar values.
func freshSymbol(rules []rolemap.Rule) (string, bool) {
	var used [256]bool
	valid := true
	for _, r := range rules {
		for k := 0; k < len(r.Value); k++ {
			used[r.Value[k]] = true
		}
		valid = valid && utf8.ValidString(r.Value)
	}
	const preferred = "xyzqjkwvXYZQJKWV0123456789"
	for k := 0; k < len(preferred); k++ {
		if !used[preferred[k]] {
			return preferred[k : k+1], true
		}
	}
	for b := 0; b < utf8.RuneSelf; b++ {
		if !used[b] {
			return string(rune(b)), true
		}
	}
	if valid {
		runes := map[rune]bool{}
		for _, r := range rules {
			for _, c := range r.Value {
				runes[c] = true
			}
		}
		for c := rune(utf8.RuneSelf); c <= unicode.MaxRune; c++ {
			if utf8.ValidRune(c) && !runes[c] {
				return string(c), true
			}
		}
	}
	for b := utf8.RuneSelf; b < 256; b++ {
		if !used[b] {
			return string([]byte{byte(b)}), true
		}
	}
	return "", false
}

// union merges two sorted lists of rule indexes.
func union(a, b []int) []int {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

func describeIndex(i int) string { return "rule " + strconv.Itoa(i) }

// describe writes rule i as `rule 3 (email Equals "a@b.c")`.
func describe(i int, r rolemap.Rule) string {
	return describeIndex(i) + " (" + r.Claim + " " + string(r.MatchType) + " " + strconv.Quote(r.Value) + ")"
}

func describeList(rules []rolemap.Rule, idx []int) string {
	parts := make([]string, len(idx))
	for k, j := range idx {
		parts[k] = describe(j, rules[j])
	}
	return strings.Join(parts, " or ")
}
