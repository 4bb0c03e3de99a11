package rolemap

import "math/rand/v2"

// eqIndex maps strings to int32 payloads: an open-addressing table with an
// inline, randomly seeded hash, cheaper than a Go map on the hot path, and
// a length filter that refuses most misses, long hostile strings included,
// without hashing. A lookup probes at most the table, twice the values.
type eqIndex struct {
	seed           uint64
	entries        []eqEntry // a power of two, at least twice the values
	n              int       // the values held
	minLen, maxLen int
}

type eqEntry struct {
	value   string
	payload int32
	used    bool
}

// add records value with payload, unless value is already there; it
// returns the payload value has.
func (x *eqIndex) add(value string, payload int32) int32 {
	if x.entries == nil {
		x.seed = rand.Uint64()
		x.entries = make([]eqEntry, 4)
		x.minLen, x.maxLen = len(value), len(value)
	}
	if p := x.lookup(value); p >= 0 {
		return p
	}
	if 2*(x.n+1) > len(x.entries) {
		old := x.entries
		x.entries = make([]eqEntry, 2*len(old))
		for _, e := range old {
			if e.used {
				x.insert(e)
			}
		}
	}
	x.insert(eqEntry{value: value, payload: payload, used: true})
	x.n++
	x.minLen, x.maxLen = min(x.minLen, len(value)), max(x.maxLen, len(value))
	return payload
}

func (x *eqIndex) insert(e eqEntry) {
	mask := uint64(len(x.entries) - 1)
	for i := x.hash(e.value) & mask; ; i = (i + 1) & mask {
		if !x.entries[i].used {
			x.entries[i] = e
			return
		}
	}
}

// lookup returns the payload of s, or -1.
func (x *eqIndex) lookup(s string) int32 {
	if x.n == 0 || len(s) < x.minLen || len(s) > x.maxLen {
		return -1
	}
	mask := uint64(len(x.entries) - 1)
	for i := x.hash(s) & mask; ; i = (i + 1) & mask {
		e := &x.entries[i]
		if !e.used {
			return -1
		}
		if e.value == s {
			return e.payload
		}
	}
}

// hash mixes s eight bytes at a time with the multipliers of SplitMix64.
// Lookups hash only strings within the values' lengths, at most 512 bytes.
func (x *eqIndex) hash(s string) uint64 {
	h := x.seed ^ uint64(len(s))*0x9e3779b97f4a7c15
	for len(s) >= 8 {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = (h ^ w) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
		s = s[8:]
	}
	var w uint64
	for i := 0; i < len(s); i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	h = (h ^ w) * 0x94d049bb133111eb
	return h ^ h>>29
}
