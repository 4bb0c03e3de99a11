package validate

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/internal/work"
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
//
// Witness compiles and analyses the pool on each call: for more than one
// rule, [Analyze] the pool once and ask [Analysis.Witness].
func Witness(p rolemap.Pool, key string, rule int) (rolemap.Request, bool) {
	a, err := Analyze(p, rolemap.WithMaxRules(spec.HardMaxRules))
	if err != nil {
		return rolemap.Request{}, false
	}
	return a.Witness(key, rule)
}

// analyzer answers reachability questions about one compiled pool.
type analyzer struct {
	pool rolemap.Pool
	res  *rolemap.Resolver
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
	if k := rolemap.KindOf(key); k != rolemap.KindUserPool {
		cands = []route{{login: key, kind: k}}
	} else {
		for _, i := range userPoolSplits(key) {
			cands = append(cands, route{login: key[:i], kind: rolemap.KindUserPool, aud: key[i+1:]})
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
	if rt.kind == rolemap.KindUserPool {
		if claims == nil {
			claims = map[string]any{}
		}
		claims[spec.ClaimAudience] = rt.aud
	}
	return rolemap.Request{Login: rt.login, Claims: claims}
}

// fixed returns the values a claim can take on the route when the token
// checks of rolemap/REFERENCE.md §3.2 step 3 pin it down: aud of a user pool is exactly the
// app client (and never absent); iss of a user pool or OIDC login is absent
// or names the login. ok is false for every other claim, which is free: it
// may be absent or hold any list of strings.
func (rt route) fixed(claim string) (vals []string, ok bool) {
	switch {
	case claim == spec.ClaimAudience && rt.kind == rolemap.KindUserPool:
		return []string{rt.aud}, true
	case claim == spec.ClaimIssuer && (rt.kind == rolemap.KindUserPool || rt.kind == rolemap.KindOIDC):
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
	witness   func() rolemap.Request // when reachable: built on demand
	shadows   []int                  // when not: the rules that shadow it, sorted
	why       string                 // when not: the argument, in words
	fix       string
}

func shadowed(sh []int, why string) verdict {
	return verdict{shadows: sh, why: why, fix: "remove the rule, or move it before " + describeIndex(sh[0])}
}

// mapping analyses every rule of the Rules mapping key. It returns false
// when key is not a Rules mapping of the pool or no fresh symbol exists.
//
// It takes O(n²) comparisons of values for n rules, whatever the key: rules
// on a free claim are analysed once, incrementally, in one pass that keeps
// each claim's earlier NotEqual values and positive rules; only rules on a
// claim the token checks pin down (iss, and aud of a user pool) are analysed
// per route, and the aud shadow of each route is found once.
func (a *analyzer) mapping(key string) ([]verdict, bool) {
	m, ok := a.pool.RoleMappings[key]
	if !ok || m.Type != rolemap.TypeRules || m.RulesConfiguration == nil {
		return nil, false
	}
	rules := m.RulesConfiguration.Rules
	fresh, ok := freshSymbol(rules)
	if !ok {
		return nil, false
	}
	routes := a.routes(key)
	vs := make([]verdict, len(rules))
	if len(routes) == 0 {
		for i := range vs {
			vs[i] = verdict{
				why: "no login selects this mapping (its key is not a login the pool accepts: check its shape and the pool's providers), so none of its rules is ever evaluated",
				fix: "correct the mapping key, or configure its provider",
			}
		}
		return vs, true
	}
	// audHits[r] are the rules on aud that match every request of route r (a
	// user pool login always carries aud, the key's client); audFirst[r] is
	// the first of them, or len(rules).
	audHits := make([][]int, len(routes))
	audFirst := make([]int, len(routes))
	for ri, rt := range routes {
		audFirst[ri] = len(rules)
		for j, r := range rules {
			if rt.kind == rolemap.KindUserPool && r.Claim == spec.ClaimAudience && matches(r, []string{rt.aud}) {
				audHits[ri] = append(audHits[ri], j)
			}
		}
		if len(audHits[ri]) > 0 {
			audFirst[ri] = audHits[ri][0]
		}
	}
	// audShadows returns the rules on aud before rule i that match on every
	// route.
	audShadows := func(i int) []int {
		var sh []int
		for _, hits := range audHits {
			n, _ := slices.BinarySearch(hits, i)
			sh = union(sh, hits[:n])
		}
		return sh
	}
	states := map[string]*claimState{}
	for i, r := range rules {
		c := r.Claim
		switch {
		case !spec.RuleSeesClaim(key, c):
			vs[i] = verdict{fix: "remove the rule, or map on iss, aud or sub",
				why: "the provider " + clip.QuoteKey(key) + " offers only " + strings.Join(spec.LimitedClaims, ", ") + " to rules, so the claim " + clip.QuoteKey(c) + " is absent to every rule"}
			continue
		case routes[0].pinned(c):
			vs[i] = a.pinnedRule(rules, i, routes, audFirst, audShadows)
			continue
		}
		st := states[c]
		if st == nil {
			st = &claimState{negFirst: map[string]int{}, coverNeg: -1}
			states[c] = st
		}
		v := st.analyze(rules, i, fresh)
		st.update(rules, i)
		if !v.reachable {
			vs[i] = v
			continue
		}
		// Reachable on the claim: it needs a route whose aud does not match
		// an earlier rule.
		vs[i] = verdict{}
		for ri, rt := range routes {
			if audFirst[ri] > i {
				claims := v.witness
				vs[i] = verdict{reachable: true, witness: func() rolemap.Request { return rt.request(claims().Claims) }}
				break
			}
		}
		if !vs[i].reachable {
			sh := audShadows(i)
			vs[i] = shadowed(sh, "every login that selects this mapping carries aud "+quotedAuds(routes)+", which "+describeList(rules, sh)+" matches first")
		}
	}
	return vs, true
}

func quotedAuds(routes []route) string {
	var parts []string
	for _, rt := range routes {
		parts = append(parts, clip.QuoteKey(rt.aud))
	}
	return listed(parts, " or ")
}

// pinned reports whether the token checks pin claim down on the route.
func (rt route) pinned(claim string) bool {
	_, ok := rt.fixed(claim)
	return ok
}

// pinnedRule decides rule i, on a claim the token checks pin down, by
// trying each value the claim can hold on each route.
func (a *analyzer) pinnedRule(rules []rolemap.Rule, i int, routes []route, audFirst []int, audShadows func(int) []int) verdict {
	r := rules[i]
	c := r.Claim
	var sh []int
	var whys []string
	for ri, rt := range routes {
		if c != spec.ClaimAudience && audFirst[ri] < i {
			sh = union(sh, audShadows(i))
			whys = append(whys, "a login carries aud "+clip.QuoteKey(rt.aud)+", which "+describe(audFirst[ri], rules[audFirst[ri]])+" matches first")
			continue
		}
		vals, _ := rt.fixed(c)
		var hitAny bool
		for _, s := range vals {
			if !matches(r, []string{s}) {
				continue
			}
			hitAny = true
			var hit []int
			for j := range i {
				if rules[j].Claim == c && matches(rules[j], []string{s}) {
					hit = append(hit, j)
				}
			}
			if hit == nil {
				rt, s := rt, s
				return verdict{reachable: true, witness: func() rolemap.Request { return rt.request(map[string]any{c: s}) }}
			}
			sh = union(sh, hit)
		}
		quoted := make([]string, len(vals))
		for k, s := range vals {
			quoted[k] = clip.QuoteKey(s)
		}
		if hitAny {
			whys = append(whys, "for a login that selects this mapping the claim "+clip.QuoteKey(c)+" is absent or one of "+strings.Join(quoted, ", ")+", and an earlier rule matches first every one the rule matches")
		} else {
			whys = append(whys, "for a login that selects this mapping the claim "+clip.QuoteKey(c)+" is absent or one of "+strings.Join(quoted, ", ")+", and the rule matches none of them")
		}
	}
	why := listed(slices.Compact(whys), "; ")
	if sh == nil {
		return verdict{why: why, fix: "remove the rule"}
	}
	return shadowed(sh, why)
}

// claimState is what the rules before the current one say about one free
// claim: its distinct NotEqual values, its positive rules, and whether an
// earlier NotEqual b and an earlier positive rule accepting b together
// match every value of the claim.
type claimState struct {
	negFirst           map[string]int // NotEqual value → its first rule
	negs               []string       // distinct NotEqual values, in order; only appended to
	pos                []int          // Equals, StartsWith and Contains rules
	coverNeg, coverPos int            // the covering pair, or -1
}

// analyze decides rule i on the claim, given the earlier rules; see
// "Unreachable rules" in the package documentation for the argument.
func (st *claimState) analyze(rules []rolemap.Rule, i int, fresh string) verdict {
	r := rules[i]
	c := r.Claim
	if st.coverNeg >= 0 {
		j, k := st.coverNeg, st.coverPos
		return shadowed([]int{min(j, k), max(j, k)}, describe(j, rules[j])+" and "+describe(k, rules[k])+
			" together match every value of "+clip.QuoteKey(c)+" (a value either holds "+clip.QuoteKey(rules[j].Value)+" or it does not)")
	}
	if r.MatchType == rolemap.NotEqual {
		if j, ok := st.negFirst[r.Value]; ok {
			return shadowed([]int{j}, describe(j, rules[j])+" makes the same test first")
		}
	} else {
		var killers []int
		for _, k := range st.pos {
			if covers(rules[k], r) {
				killers = append(killers, k)
			}
		}
		if killers != nil {
			return shadowed(killers, "every value it matches is matched first by "+describeList(rules, killers))
		}
	}
	// Reachable: the list holds every earlier NotEqual value and, for a
	// positive rule (or a NotEqual with no earlier NotEqual), one value the
	// rule accepts and no earlier positive rule does.
	negs := st.negs[:len(st.negs):len(st.negs)]
	v, add := r.Value, true
	clean := func(s string) bool {
		for _, k := range st.pos {
			if accepts(rules[k], s) {
				return false
			}
		}
		return true
	}
	switch r.MatchType {
	case rolemap.StartsWith:
		if !clean(v) {
			v += fresh
		}
	case rolemap.Contains:
		if !clean(v) {
			v = fresh + v
		}
	case rolemap.NotEqual:
		v, add = fresh, len(negs) == 0
	}
	return verdict{reachable: true, witness: func() rolemap.Request {
		list := append(slices.Clone(negs), v)
		if !add {
			list = list[:len(negs)]
		}
		var val any = list[0]
		if len(list) > 1 {
			l := make([]any, len(list))
			for k, s := range list {
				l[k] = s
			}
			val = l
		}
		return rolemap.Request{Claims: map[string]any{c: val}}
	}}
}

// update adds rule i to the state, in O(rules) comparisons.
func (st *claimState) update(rules []rolemap.Rule, i int) {
	r := rules[i]
	if r.MatchType == rolemap.NotEqual {
		if _, ok := st.negFirst[r.Value]; ok {
			return
		}
		st.negFirst[r.Value] = i
		st.negs = append(st.negs, r.Value)
		if st.coverNeg < 0 {
			for _, k := range st.pos {
				if accepts(rules[k], r.Value) {
					st.coverNeg, st.coverPos = i, k
					break
				}
			}
		}
		return
	}
	st.pos = append(st.pos, i)
	if st.coverNeg < 0 {
		for _, b := range st.negs {
			if accepts(r, b) {
				st.coverNeg, st.coverPos = st.negFirst[b], i
				break
			}
		}
	}
}

// accepts is a rule's positive test on one string (rolemap/REFERENCE.md §4): equality for
// Equals and NotEqual, substring for Contains, prefix for StartsWith.
func accepts(r rolemap.Rule, s string) bool {
	work.Add(1)
	switch r.MatchType {
	case rolemap.Contains:
		return strings.Contains(s, r.Value)
	case rolemap.StartsWith:
		return strings.HasPrefix(s, r.Value)
	}
	return s == r.Value
}

// matches is a rule on a present claim holding list (rolemap/REFERENCE.md §4): NotEqual
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
	work.Add(1)
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
	return describeIndex(i) + " (" + r.Claim + " " + string(r.MatchType) + " " + clip.QuoteKey(r.Value) + ")"
}

// maxNamed is the most rules a message names; maxRelated the most paths a
// finding's Related lists. Bounding them keeps every message short (under
// 1 KB, with values of at most 128 code points) and Lint's output linear in
// the pool, however many rules shadow one another.
const (
	maxNamed   = 3
	maxRelated = 10
)

// describeList names the first few rules of idx, joined by "or", and says
// how many more there are.
func describeList(rules []rolemap.Rule, idx []int) string {
	parts := make([]string, 0, maxNamed)
	for _, j := range idx[:min(len(idx), maxNamed)] {
		parts = append(parts, describe(j, rules[j]))
	}
	s := strings.Join(parts, " or ")
	if n := len(idx) - maxNamed; n > 0 {
		s += " (and " + strconv.Itoa(n) + " more)"
	}
	return s
}

// listed joins the first few parts and says how many more there are.
func listed(parts []string, sep string) string {
	s := strings.Join(parts[:min(len(parts), maxNamed)], sep)
	if n := len(parts) - maxNamed; n > 0 {
		s += sep + "and " + strconv.Itoa(n) + " more"
	}
	return s
}
