package rolemap

import "github.com/rolemapping/rolemapping/internal/work"

// prefixTrie finds the first StartsWith rule whose value is a prefix of a
// string: a radix tree over the values, whose nodes hold the smallest rule
// index of the value that ends there. A lookup walks the string once, at
// most as far as the longest value, whatever the number of rules; the tree
// has at most two nodes per value and its labels share the values' bytes.
type prefixTrie struct {
	nodes []trieNode // nodes[0] is the root
}

type trieNode struct {
	rule  int32 // the first rule whose value ends here, or noRule
	edges []trieEdge
}

type trieEdge struct {
	label string // non-empty; the labels of a node's edges differ in their first byte
	to    int32
}

func newPrefixTrie() *prefixTrie {
	return &prefixTrie{nodes: []trieNode{{rule: noRule}}}
}

// add records that rule tests StartsWith value; an earlier rule with the
// same value keeps precedence.
func (t *prefixTrie) add(value string, rule int32) {
	n := int32(0)
	for {
		if value == "" {
			t.nodes[n].rule = min(t.nodes[n].rule, rule)
			return
		}
		k := t.edge(n, value[0])
		if k < 0 {
			to := t.node(rule) // before indexing t.nodes, which it may move
			t.nodes[n].edges = append(t.nodes[n].edges, trieEdge{label: value, to: to})
			return
		}
		e := t.nodes[n].edges[k]
		common := 0
		for common < len(e.label) && common < len(value) && e.label[common] == value[common] {
			common++
		}
		work.Add(1 + len(t.nodes[n].edges) + common)
		if common < len(e.label) {
			// Split the edge: n -label[:common]-> mid -label[common:]-> e.to.
			mid := t.node(noRule)
			t.nodes[mid].edges = []trieEdge{{label: e.label[common:], to: e.to}}
			t.nodes[n].edges[k] = trieEdge{label: e.label[:common], to: mid}
			e.to = mid
		}
		n, value = e.to, value[common:]
	}
}

func (t *prefixTrie) node(rule int32) int32 {
	t.nodes = append(t.nodes, trieNode{rule: rule})
	return int32(len(t.nodes) - 1)
}

// edge returns the index of n's edge starting with c, or -1.
func (t *prefixTrie) edge(n int32, c byte) int {
	for k, e := range t.nodes[n].edges {
		if e.label[0] == c {
			return k
		}
	}
	return -1
}

// first returns the smallest rule whose value is a prefix of s, or noRule.
func (t *prefixTrie) first(s string) int32 {
	best := int32(noRule)
	n := &t.nodes[0]
	size := len(s)
	for {
		best = min(best, n.rule)
		if s == "" {
			work.Add(1 + size)
			return best
		}
		var next *trieEdge
		for k := range n.edges {
			if n.edges[k].label[0] == s[0] {
				next = &n.edges[k]
				break
			}
		}
		if next == nil || len(s) < len(next.label) || s[:len(next.label)] != next.label {
			work.Add(1 + size - len(s)) // the bytes read
			return best
		}
		s = s[len(next.label):]
		n = &t.nodes[next.to]
	}
}
