package rolemap

import (
	"math"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/internal/work"
)

// noRule is larger than any rule index.
const noRule = math.MaxInt32

// The engine decides a Rules mapping. Compile builds, for each distinct
// claim the mapping's rules read (in the order of each claim's first rule),
// one claimProgram; Resolve looks each claim up once, in that order, and
// stops as soon as no later claim's first rule can come before the best
// match found. For one claim the program finds the first matching rule of
// each match type in one walk over the claim's texts:
//
//   - Equals: one lookup per text in a hashed table of the values;
//   - StartsWith: one walk per text down a radix tree of the values;
//   - Contains: strings.Contains over a few values, or one pass per text of
//     an Aho–Corasick automaton over many;
//   - NotEqual: the same hashed lookup marks which NotEqual values the claim
//     holds; the first NotEqual rule whose value is unmarked matches. For a
//     scalar that is the first NotEqual rule, unless its value is the
//     scalar, then the first rule with another value.
//
// So the work per claim is proportional to its texts' length, never to
// rules × elements. A claim that holds a value rolemap/REFERENCE.md §4 refuses stops the
// request at that claim's first rule, exactly where the in-order walk of
// rolemap/REFERENCE.md §3.3 stops; rules of earlier claims that match before it win, as
// they do in order. Traces are built from the decision afterwards (see
// trace), so a traced and an untraced request cannot disagree.
type claimProgram struct {
	name  string
	first int32 // the claim's first rule

	// exact maps each Equals and NotEqual value to an index into values.
	exact  eqIndex
	values []exactValue

	prefixes *prefixTrie // StartsWith values, or nil
	contains *substrings // Contains values, or nil

	// notEqual lists the claim's NotEqual rules in order, each with the
	// index of its value among the distinct NotEqual values (at most 400).
	notEqual []notEqualRule

	// only is the claim's one rule, when it has one: a claim holding a
	// string is then decided by one comparison.
	only *Rule
}

// exactValue is what one value means to a claim's Equals and NotEqual rules.
type exactValue struct {
	equals int32 // the first Equals rule with this value, or noRule
	ne     int32 // the index among distinct NotEqual values, or -1
}

type notEqualRule struct {
	rule  int32
	value int32 // its value's index among distinct NotEqual values
}

// neWords is the bitmap of NotEqual values a claim holds: the hard cap of
// 400 rules per mapping bounds the distinct values.
const neWords = (spec.HardMaxRules + 63) / 64

// compileRules builds the programs of a Rules mapping's rules. Rules on a
// claim the provider does not offer to rules (rolemap/REFERENCE.md §3.1) are left out: they
// never match, and their claim is never read.
func compileRules(key string, rules []Rule) []claimProgram {
	byName := map[string]int{}
	var progs []claimProgram
	// What is gathered per program before it is finished.
	type pending struct {
		subs  []substringRule // its Contains rules
		ne    int32           // its distinct NotEqual values so far
		rules int
	}
	var acc []pending
	for i, r := range rules {
		if !spec.RuleSeesClaim(key, r.Claim) {
			continue
		}
		k, ok := byName[r.Claim]
		if !ok {
			k = len(progs)
			byName[r.Claim] = k
			progs = append(progs, claimProgram{name: r.Claim, first: int32(i)})
			acc = append(acc, pending{})
		}
		p, a := &progs[k], &acc[k]
		a.rules++
		rule := int32(i)
		switch r.MatchType {
		case Equals:
			v := p.value(r.Value)
			v.equals = min(v.equals, rule)
		case NotEqual:
			v := p.value(r.Value)
			if v.ne < 0 {
				v.ne = a.ne
				a.ne++
			}
			p.notEqual = append(p.notEqual, notEqualRule{rule: rule, value: v.ne})
		case StartsWith:
			if p.prefixes == nil {
				p.prefixes = newPrefixTrie()
			}
			p.prefixes.add(r.Value, rule)
		case Contains:
			a.subs = append(a.subs, substringRule{value: r.Value, rule: rule})
		}
	}
	for k, a := range acc {
		if a.subs != nil {
			progs[k].contains = newSubstrings(a.subs)
		}
		if a.rules == 1 {
			progs[k].only = &rules[progs[k].first]
		}
	}
	return progs
}

// value returns the entry of an Equals or NotEqual value, adding it.
func (p *claimProgram) value(s string) *exactValue {
	i := p.exact.add(s, int32(len(p.values)))
	if int(i) == len(p.values) {
		p.values = append(p.values, exactValue{equals: noRule, ne: -1})
	}
	return &p.values[i]
}

// decide returns the index of the first rule of the mapping that matches
// claims, or noRule; or the refusal of a claim that cannot be compared.
func (m *mapping) decide(claims map[string]any) (int32, *Error) {
	best := int32(noRule)
	var e elements
	for k := range m.programs {
		p := &m.programs[k]
		if p.first >= best {
			break // no rule of this claim or a later one can come first
		}
		v, ok := claims[p.name]
		if !ok {
			continue
		}
		if s, ok := v.(string); ok { // the common case, without a walk
			best = min(best, p.evalText(s, best))
			continue
		}
		walk(v, &e)
		r := p.eval(&e, best)
		if e.problem != "" {
			return p.first, badClaim(p.name, e.problem, m.key)
		}
		best = min(best, r)
	}
	return best, nil
}

// test returns the first Equals, StartsWith or Contains rule below limit
// that text s matches (or limit), and the index of s among the NotEqual
// values (or -1).
func (p *claimProgram) test(s string, limit int32) (int32, int32) {
	work.Add(1)
	best, ne := limit, int32(-1)
	if i := p.exact.lookup(s); i >= 0 {
		v := &p.values[i]
		best, ne = min(best, v.equals), v.ne
	}
	if p.prefixes != nil {
		best = min(best, p.prefixes.first(s))
	}
	if p.contains != nil {
		best = min(best, p.contains.first(s, best))
	}
	return best, ne
}

// evalText is eval for a claim holding one string: its first NotEqual rule
// matches unless it holds that rule's value.
func (p *claimProgram) evalText(s string, limit int32) int32 {
	if r := p.only; r != nil {
		work.Add(1 + len(s))
		var hit bool
		switch r.MatchType {
		case Equals:
			hit = s == r.Value
		case NotEqual:
			hit = s != r.Value
		case StartsWith:
			hit = len(s) >= len(r.Value) && s[:len(r.Value)] == r.Value
		default:
			hit = strings.Contains(s, r.Value)
		}
		if hit {
			return p.first
		}
		return noRule
	}
	best, held := p.test(s, limit)
	for _, ne := range p.notEqual {
		work.Add(1)
		if ne.rule >= best {
			break
		}
		if ne.value != held {
			best = ne.rule
			break
		}
	}
	if best == limit {
		return noRule
	}
	return best
}

// eval returns the first rule of the claim below limit that matches the
// texts of e, or noRule. It reads every element, so that a value the walk
// refuses is found wherever it stands, but stops testing rules once the
// claim's first rule matches.
func (p *claimProgram) eval(e *elements, limit int32) int32 {
	best := limit
	var held [neWords]uint64 // the NotEqual values the claim holds
	n := 0                   // the texts compared
	for {
		s, ok := e.next()
		if !ok {
			break
		}
		n++
		work.Add(1)
		if best <= p.first {
			if e.strs != nil {
				break // nothing left to find, and no element to refuse
			}
			continue
		}
		var ne int32
		best, ne = p.test(s, best)
		if ne >= 0 {
			held[ne/64] |= 1 << (ne % 64)
		}
	}
	if n == 0 || e.problem != "" {
		return noRule // absent: no rule matches, not even NotEqual
	}
	for _, ne := range p.notEqual {
		work.Add(1)
		if ne.rule >= best {
			break
		}
		if held[ne.value/64]&(1<<(ne.value%64)) == 0 {
			best = ne.rule
			break
		}
	}
	if best == limit {
		return noRule
	}
	return best
}

// trace lists the rules up to and including last (all of them when last is
// noRule) as the in-order walk of rolemap/REFERENCE.md §3.3 sees them: each rule before last
// did not match, by the decision; last matched, or was refused (refused:
// it is left out). It only observes: the decision is made by decide.
func (m *mapping) trace(claims map[string]any, last int32, refused bool) []RuleTrace {
	end := len(m.matches)
	if last != noRule {
		end = int(last) + 1
		if refused {
			end--
		}
	}
	out := make([]RuleTrace, 0, end)
	seen := map[string]RuleTrace{}
	for i := range m.matches[:end] {
		r := m.matches[i].Rule
		t, ok := seen[r.Claim]
		if !ok {
			t = m.observe(claims, r.Claim)
			seen[r.Claim] = t
		}
		t.Index, t.Rule = i, r
		if t.Outcome == OutcomeMismatch && int32(i) == last {
			t.Outcome = OutcomeMatch
		}
		out = append(out, t)
	}
	return out
}

// observe writes what the rules of the mapping see of one claim: its texts,
// and absent, object or (for a compared value) mismatch.
func (m *mapping) observe(claims map[string]any, name string) RuleTrace {
	v, ok := claims[name]
	if !ok || !spec.RuleSeesClaim(m.key, name) {
		return RuleTrace{Outcome: OutcomeAbsent}
	}
	var e elements
	c := walk(v, &e)
	if c.kind == valObject {
		return RuleTrace{Outcome: OutcomeObject}
	}
	var values []string
	for {
		s, ok := e.next()
		if !ok {
			break
		}
		values = append(values, strings.Clone(s))
	}
	if len(values) == 0 {
		return RuleTrace{Outcome: OutcomeAbsent}
	}
	return RuleTrace{Values: slices.Clip(values), Outcome: OutcomeMismatch}
}
