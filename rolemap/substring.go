package rolemap

import (
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/work"
)

// substrings finds the first Contains rule whose value occurs in a string.
// With a few values it tries each with strings.Contains, in rule order;
// with more it runs an Aho–Corasick automaton, one pass over the string
// whatever the number of values. The choice is made once, at Compile.
type substrings struct {
	few []substringRule // when the automaton is nil: by rule, distinct values
	ac  *automaton
}

type substringRule struct {
	value string
	rule  int32
}

// fewSubstrings is the most values substrings tries one by one.
const fewSubstrings = 4

// newSubstrings builds the matcher for the Contains rules of one claim,
// given in rule order.
func newSubstrings(rules []substringRule) *substrings {
	var distinct []substringRule
	seen := map[string]bool{}
	for _, r := range rules {
		if !seen[r.value] {
			seen[r.value] = true
			distinct = append(distinct, r)
		}
	}
	if len(distinct) <= fewSubstrings {
		return &substrings{few: distinct}
	}
	return &substrings{ac: newAutomaton(distinct)}
}

// first returns the smallest rule below limit whose value occurs in s, or
// noRule.
func (m *substrings) first(s string, limit int32) int32 {
	if m.ac != nil {
		return m.ac.first(s, limit)
	}
	for _, r := range m.few {
		if r.rule >= limit {
			break
		}
		work.Add(1 + len(s))
		if strings.Contains(s, r.value) {
			return r.rule
		}
	}
	return noRule
}

// automaton is an Aho–Corasick automaton over byte strings. Each state holds
// the smallest rule of every value that ends there, its own or through its
// failure links.
type automaton struct {
	states []acState // states[0] is the root
	edges  []acEdge  // each state's edges, sorted by byte, in one array
	min    int32     // the smallest rule of any value
	// root indexes the root's transitions by byte (an edge index plus one,
	// 0 for none): most bytes of a text leave the automaton at the root,
	// and a table lookup decides that fastest.
	root [256]uint16
}

type acState struct {
	from, to int32 // its edges: edges[from:to]
	fail     int32
	out      int32 // the smallest rule of a value that is a suffix here, or noRule
}

type acEdge struct {
	c  byte
	to int32
}

func newAutomaton(rules []substringRule) *automaton {
	// Build the trie with per-state maps, then flatten it.
	type node struct {
		next map[byte]int32
		out  int32
	}
	nodes := []node{{next: map[byte]int32{}, out: noRule}}
	a := &automaton{min: noRule}
	for _, r := range rules {
		n := int32(0)
		work.Add(len(r.value))
		for i := 0; i < len(r.value); i++ {
			c := r.value[i]
			to, ok := nodes[n].next[c]
			if !ok {
				nodes = append(nodes, node{next: map[byte]int32{}, out: noRule})
				to = int32(len(nodes) - 1)
				nodes[n].next[c] = to
			}
			n = to
		}
		nodes[n].out = min(nodes[n].out, r.rule)
		a.min = min(a.min, r.rule)
	}
	a.states = make([]acState, len(nodes))
	for i, n := range nodes {
		from := len(a.edges)
		for c, to := range n.next {
			a.edges = append(a.edges, acEdge{c: c, to: to})
		}
		// In byte order, so that the automaton does not depend on the
		// order of map iteration (a node has few edges).
		slices.SortFunc(a.edges[from:], func(x, y acEdge) int { return int(x.c) - int(y.c) })
		a.states[i].from = int32(from)
		a.states[i].to = int32(len(a.edges))
		a.states[i].out = n.out
	}
	for k, e := range a.edges[a.states[0].from:a.states[0].to] {
		a.root[e.c] = uint16(k + 1) // at most 256 edges
	}
	// Failure links, breadth first; out takes the minimum along them.
	queue := []int32{}
	for _, e := range a.edges[a.states[0].from:a.states[0].to] {
		a.states[e.to].fail = 0
		queue = append(queue, e.to)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range a.edges[a.states[s].from:a.states[s].to] {
			f := a.states[s].fail
			for {
				if to, ok := a.probe(f, e.c); ok {
					f = to
					break
				}
				if f == 0 {
					break
				}
				f = a.states[f].fail
			}
			a.states[e.to].fail = f
			a.states[e.to].out = min(a.states[e.to].out, a.states[f].out)
			queue = append(queue, e.to)
		}
	}
	return a
}

// probe is step at Compile, which counts the edges it may read.
func (a *automaton) probe(s int32, c byte) (int32, bool) {
	work.Add(1 + int(a.states[s].to-a.states[s].from))
	return a.step(s, c)
}

// step follows the edge of state s labelled c, if any.
func (a *automaton) step(s int32, c byte) (int32, bool) {
	for _, e := range a.edges[a.states[s].from:a.states[s].to] {
		if e.c == c {
			return e.to, true
		}
		if e.c > c {
			break
		}
	}
	return 0, false
}

// first returns the smallest rule below limit whose value occurs in s, or
// noRule. It stops early once it finds the smallest rule of all.
func (a *automaton) first(s string, limit int32) int32 {
	best := int32(noRule)
	if a.min >= limit {
		return best
	}
	state := int32(0)
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		for state != 0 {
			if to, ok := a.step(state, c); ok {
				state = to
				goto moved
			}
			state = a.states[state].fail
		}
		if k := a.root[c]; k > 0 {
			state = a.edges[k-1].to // the root's edges come first
		}
	moved:
		if out := a.states[state].out; out < best {
			best = out
			if best == a.min {
				break
			}
		}
	}
	work.Add(1 + i) // the bytes read; the failure links followed are fewer
	return best
}
