package rolemap

import "hash/maphash"

// eqIndex maps the Values of a claim's Equals rules to the index of the
// first rule with each value: an open-addressing table hashed with
// hash/maphash, cheaper than a Go map on the hot path, with a length filter
// that refuses most misses, long hostile strings included, without hashing.
type eqIndex struct {
	seed           maphash.Seed
	entries        []eqEntry // a power of two, at least twice the values
	minLen, maxLen int
	first          int32 // the smallest rule index in the table
}

type eqEntry struct {
	value string
	rule  int32
	used  bool
}

// add records value for rule, unless an earlier rule has it.
func (x *eqIndex) add(value string, rule int32) {
	if x.entries == nil {
		x.seed = maphash.MakeSeed()
		x.entries = make([]eqEntry, 4)
		x.minLen, x.maxLen, x.first = len(value), len(value), rule
	}
	if x.lookup(value) != noRule {
		return
	}
	n := 1
	for _, e := range x.entries {
		if e.used {
			n++
		}
	}
	if 2*n > len(x.entries) {
		old := x.entries
		x.entries = make([]eqEntry, 2*len(old))
		for _, e := range old {
			if e.used {
				x.insert(e)
			}
		}
	}
	x.insert(eqEntry{value: value, rule: rule, used: true})
	x.minLen, x.maxLen = min(x.minLen, len(value)), max(x.maxLen, len(value))
	x.first = min(x.first, rule)
}

func (x *eqIndex) insert(e eqEntry) {
	mask := uint64(len(x.entries) - 1)
	for i := maphash.String(x.seed, e.value) & mask; ; i = (i + 1) & mask {
		if !x.entries[i].used {
			x.entries[i] = e
			return
		}
	}
}

// lookup returns the rule index of value, or noRule.
func (x *eqIndex) lookup(s string) int32 {
	if len(s) < x.minLen || len(s) > x.maxLen {
		return noRule
	}
	mask := uint64(len(x.entries) - 1)
	for i := maphash.String(x.seed, s) & mask; ; i = (i + 1) & mask {
		e := &x.entries[i]
		if !e.used {
			return noRule
		}
		if e.value == s {
			return e.rule
		}
	}
}
