package rolemap

import (
	"math"
	"strings"

	"github.com/rolemapping/rolemapping/internal/jsnum"
)

// fastSlots is the most distinct claims a mapping may read for rulesFast.
const fastSlots = 8

// noRule is larger than any rule index.
const noRule = math.MaxInt32

// rulesFast decides a Rules mapping exactly as rules does, faster: the
// Equals rules of each claim are decided together by hashing the claim's
// values (the first matching Equals rule is the smallest index any value
// maps to), and only the other rules before that index are evaluated in
// order. It reports ok=false, to let rules decide, when a claim holds a value
// that needs an error, whose exact moment only the in-order walk knows.
func (r *Resolver) rulesFast(d *Decision, m *mapping, claims map[string]any) (bool, error) {
	var vals [fastSlots]any
	var strs [fastSlots]string
	var state [fastSlots]uint8
	const (
		unread = iota
		isString
		isOther
		isAbsent
	)
	load := func(slot int, name string) {
		v, ok := claims[name]
		vals[slot], state[slot] = v, isAbsent
		if s, isStr := v.(string); isStr {
			strs[slot], state[slot] = s, isString
		} else if ok {
			state[slot] = isOther
		}
	}
	best := int32(noRule)
	for k := range m.eq {
		es := &m.eq[k]
		if es.index.first >= best {
			break // no Equals rule of this claim or later ones can come first
		}
		load(es.slot, m.claims[es.slot])
		var first int32
		switch state[es.slot] {
		case isAbsent:
			continue
		case isString:
			first = es.index.lookup(strs[es.slot])
		default:
			var ok bool
			if first, ok = firstEqual(&es.index, vals[es.slot]); !ok {
				return false, nil
			}
		}
		best = min(best, first)
	}
	for _, i := range m.scan {
		if i >= best {
			break
		}
		cr := &m.rules[i]
		if state[cr.slot] == unread {
			load(cr.slot, cr.src.Claim)
		}
		var out Outcome
		switch state[cr.slot] {
		case isAbsent:
			continue
		case isString:
			// cr.pred, written out: it is too large to inline.
			str, hit := strs[cr.slot], false
			switch cr.op {
			case opStartsWith:
				hit = len(str) >= len(cr.value) && str[:len(cr.value)] == cr.value
			case opContains:
				hit = strings.Contains(str, cr.value)
			default:
				hit = str == cr.value
			}
			out = cr.outcome(hit)
		default:
			var err *Error
			if out, err = cr.eval(vals[cr.slot]); err != nil {
				return false, nil
			}
		}
		if out == OutcomeMatch {
			best = i
			break
		}
	}
	if best == noRule {
		return true, r.ambiguous(d, m, nil)
	}
	cr := &m.rules[best]
	d.RoleARN, d.Reason, d.RuleIndex, d.Rule = cr.src.RoleARN, ReasonRuleMatch, int(best), cr.src
	return true, nil
}

// firstEqual returns the smallest rule index idx maps any of v's values to
// (noRule for none), as SPEC §4 compares them; ok=false for a value that
// needs an error.
func firstEqual(idx *eqIndex, v any) (int32, bool) {
	best := int32(noRule)
	switch x := v.(type) {
	case string:
		return idx.lookup(x), true
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				best = min(best, idx.lookup(s))
				continue
			}
			i, ok := scalarIndex(idx, e)
			if !ok {
				return 0, false
			}
			best = min(best, i)
		}
		return best, true
	case []string:
		for _, e := range x {
			best = min(best, idx.lookup(e))
		}
		return best, true
	}
	if classify(v).kind == valList {
		return 0, false // a slice of another Go type: the in-order walk reads it
	}
	return scalarIndex(idx, v)
}

// scalarIndex looks up one value as SPEC §4 writes it; null, objects and
// arrays match nothing.
func scalarIndex(idx *eqIndex, v any) (int32, bool) {
	c := classify(v)
	switch {
	case c.problem != "":
		return 0, false // let the in-order walk refuse it at the right rule
	case c.kind != valScalar:
		return noRule, true
	case c.isNum:
		var buf [jsnum.MaxLen]byte
		return idx.lookup(string(jsnum.Append(buf[:0], c.num))), true
	}
	return idx.lookup(c.text), true
}
