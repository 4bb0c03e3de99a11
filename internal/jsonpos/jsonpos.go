// Package jsonpos finds where, in a JSON document, the members that paths
// name are: the line and column a tool shows for a finding or an error whose
// path is RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3]
// or Resources.Attach.Properties.Roles.authenticated.
//
// It reads the paths the module writes: a first member name, then .name,
// [N] for an array element and ["key"] (Go-quoted) for a member whose name
// is not a plain word. A path that names something the document does not
// have is placed at the deepest member it does name, so a finding about a
// missing member points at the object that lacks it.
package jsonpos

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Step is one step of a path: a member name, or an array index when Index
// is at least 0.
type Step struct {
	Name  string
	Index int
}

// Split parses a path into its steps. It stops at the first step it cannot
// read (a key quoted in part, as a clipped path writes a long one), so the
// steps it returns name an ancestor of what the path names.
func Split(path string) []Step {
	var steps []Step
	i := 0
	for i < len(path) {
		switch path[i] {
		case '.':
			i++
			continue
		case '[':
			end, step, ok := bracket(path, i)
			if !ok {
				return steps
			}
			steps = append(steps, step)
			i = end
		default:
			j := i
			for j < len(path) && path[j] != '.' && path[j] != '[' {
				j++
			}
			steps = append(steps, Step{Name: path[i:j], Index: -1})
			i = j
		}
	}
	return steps
}

// bracket reads [N] or ["key"] at path[i], returning the offset after it.
func bracket(path string, i int) (int, Step, bool) {
	rest := path[i+1:]
	if strings.HasPrefix(rest, `"`) {
		// Find the closing quote, skipping escapes.
		j := 1
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) || j+1 >= len(rest) || rest[j+1] != ']' {
			return 0, Step{}, false
		}
		key, err := strconv.Unquote(rest[:j+1])
		if err != nil {
			return 0, Step{}, false
		}
		return i + 1 + j + 2, Step{Name: key, Index: -1}, true
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, Step{}, false
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil || n < 0 {
		return 0, Step{}, false
	}
	return i + 1 + end + 1, Step{Index: n}, true
}

// Pos is a place in a document: 1-based line and column, the column
// counting Unicode code points (SARIF's unicodeCodePoints column kind).
// Depth is how many steps of the path were found; the place is that of the
// last one found (the member's name, or the array element), or of the
// document's first value when none was.
type Pos struct {
	Line, Column int
	Depth        int
}

// Locate returns where each path is in doc, in one pass over the document
// linear in its size whatever the number of paths. A document that is not
// JSON is read as far as it is.
func Locate(doc []byte, paths []string) []Pos {
	out, _ := locate(doc, paths)
	return out
}

// locate is Locate, and also returns the bytes of doc it stepped over to
// place the paths, which tests bound (a pass over doc steps over each byte
// once).
func locate(doc []byte, paths []string) ([]Pos, int) {
	steps := make([][]Step, len(paths))
	for i, p := range paths {
		steps[i] = Split(p)
	}
	found, scanned := find(doc, steps)
	out := make([]Pos, len(paths))
	offs := make([]int, len(paths))
	for i, f := range found {
		offs[i], out[i].Depth = f.Offset, f.Depth
	}
	return out, scanned + places(doc, offs, out)
}

// Found is where a path is in a document: the byte offset of the deepest
// step of the path the document has (a member's name, an array element's
// first byte, or the document's first value when no step was found), and
// how many steps were found.
type Found struct {
	Offset, Depth int
}

// Find returns where each path, given as its steps, is in doc, in one pass
// over the document linear in its size whatever the number of paths. A
// document that is not JSON is read as far as it is. The paths are never
// written as text: a map key of any length is matched whole.
func Find(doc []byte, paths [][]Step) []Found {
	out, _ := find(doc, paths)
	return out
}

// find is Find, and also returns the bytes of doc it stepped over.
func find(doc []byte, paths [][]Step) ([]Found, int) {
	root := &node{}
	leaves := make([]*node, len(paths))
	for i, p := range paths {
		n := root
		for _, st := range p {
			n = n.child(st)
		}
		leaves[i] = n
	}
	s := &scanner{data: doc}
	s.space()
	root.off, root.found, root.depth = s.i, true, 0
	s.value(root, 0)
	out := make([]Found, len(paths))
	for i, n := range leaves {
		for !n.found {
			n = n.parent
		}
		out[i] = Found{Offset: n.off, Depth: n.depth}
	}
	return out, s.i
}

// places sets the line and column of each offset in one pass over doc, and
// returns the bytes it stepped over.
func places(doc []byte, offs []int, out []Pos) int {
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(offs[a], offs[b]) })
	line, col, at, steps := 1, 1, 0, 0
	for _, i := range order {
		off := min(max(offs[i], 0), len(doc))
		for at < off {
			steps++
			c := doc[at]
			switch {
			case c == '\n':
				line, col = line+1, 1
			case utf8.RuneStart(c):
				col++
			}
			at++
		}
		out[i].Line, out[i].Column = line, col
	}
	return steps
}

// node is a step of the trie of paths.
type node struct {
	parent  *node
	members map[string]*node
	items   map[int]*node
	depth   int
	found   bool
	off     int
}

func (n *node) child(st Step) *node {
	if st.Index >= 0 {
		if n.items == nil {
			n.items = map[int]*node{}
		}
		c := n.items[st.Index]
		if c == nil {
			c = &node{parent: n, depth: n.depth + 1}
			n.items[st.Index] = c
		}
		return c
	}
	if n.members == nil {
		n.members = map[string]*node{}
	}
	c := n.members[st.Name]
	if c == nil {
		c = &node{parent: n, depth: n.depth + 1}
		n.members[st.Name] = c
	}
	return c
}

type scanner struct {
	data []byte
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value reads the value at s.i; n, when not nil, is the trie node it is,
// whose children are looked for in it. The descent is as deep as the
// paths, and skipped values are read without recursion.
func (s *scanner) value(n *node, depth int) {
	if n == nil || (n.members == nil && n.items == nil) {
		s.skip()
		return
	}
	if s.i >= len(s.data) {
		return
	}
	switch s.data[s.i] {
	case '{':
		s.i++
		for {
			s.space()
			if s.i >= len(s.data) || s.data[s.i] == '}' {
				s.i++
				return
			}
			if s.data[s.i] != '"' {
				s.i = len(s.data)
				return
			}
			at := s.i
			key, ok := s.str()
			if !ok {
				return
			}
			s.space()
			if s.i < len(s.data) && s.data[s.i] == ':' {
				s.i++
			}
			s.space()
			c := n.members[key]
			if c != nil && !c.found {
				c.found, c.off = true, at
			} else if c != nil {
				c = nil // a duplicate member: the first one is placed
			}
			s.value(c, depth+1)
			s.space()
			if s.i < len(s.data) && s.data[s.i] == ',' {
				s.i++
			}
		}
	case '[':
		s.i++
		for k := 0; ; k++ {
			s.space()
			if s.i >= len(s.data) || s.data[s.i] == ']' {
				s.i++
				return
			}
			c := n.items[k]
			if c != nil {
				c.found, c.off = true, s.i
			}
			before := s.i
			s.value(c, depth+1)
			if s.i == before {
				s.i = len(s.data) // not JSON: stop
				return
			}
			s.space()
			if s.i < len(s.data) && s.data[s.i] == ',' {
				s.i++
			}
		}
	default:
		s.skip()
	}
}

// str reads a string at s.i, returning its value. A string with escapes
// (rare in member names) is decoded as encoding/json decodes it, \/ and
// \u surrogate pairs included.
func (s *scanner) str() (string, bool) {
	start := s.i
	s.i++
	escaped := false
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			escaped = true
			s.i += 2
			continue
		case '"':
			s.i++
			raw := s.data[start:s.i]
			if !escaped {
				return string(raw[1 : len(raw)-1]), true
			}
			var v string
			if json.Unmarshal(raw, &v) != nil {
				return string(raw[1 : len(raw)-1]), true
			}
			return v, true
		}
		s.i++
	}
	return "", false
}

// skip passes over one value without decoding it, iteratively.
func (s *scanner) skip() {
	depth := 0
	for s.i < len(s.data) {
		switch c := s.data[s.i]; c {
		case '"':
			s.i++
			for s.i < len(s.data) && s.data[s.i] != '"' {
				if s.data[s.i] == '\\' {
					s.i++
				}
				s.i++
			}
			s.i++
		case '{', '[':
			depth++
			s.i++
		case '}', ']':
			if depth == 0 {
				return // the end of the enclosing value
			}
			depth--
			s.i++
		case ',', ':':
			if depth == 0 {
				return
			}
			s.i++
		case ' ', '\t', '\n', '\r':
			if depth == 0 {
				return
			}
			s.i++
		default:
			s.i++
		}
		if depth == 0 && (s.i >= len(s.data) || isEnd(s.data[s.i-1])) {
			return
		}
	}
}

// isEnd reports whether a value ends with the byte c: a string's closing
// quote or a container's closing bracket.
func isEnd(c byte) bool { return c == '"' || c == '}' || c == ']' }
