// Package strictjson checks a JSON document's members against a schema:
// it reports unknown members with their path, their line and column and the
// nearest known name, syntax errors with their line and column, and data
// after the top-level value. Case files use it strictly; pool documents,
// whose unknown members AWS ignores, use it to find near misses of AWS's
// member names.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Schema describes a JSON value. The zero Schema accepts any value.
type Schema struct {
	// Members are the known members of an object; a nil *Schema accepts any
	// value for that member.
	Members map[string]*Schema
	// Values is the schema of every member of an object whose keys are
	// data (a map), when Members is nil.
	Values *Schema
	// Items is the schema of every element of an array.
	Items *Schema
	// Loose: an unknown member is reported only when it is a near miss of
	// a known one (AWS ignores members it does not know).
	Loose bool
	// Flagged members are reported, known or not, with their message.
	Flagged map[string]string
	// Any accepts any value (claims, free text).
	Any bool
}

// Issue is one unknown or flagged member.
type Issue struct {
	Path    string // the member's path: cases[3].clams
	Member  string
	Line    int      // 1-based
	Col     int      // 1-based, in bytes
	Nearest string   // a known name the member nearly spells, if any
	Known   []string // the known names, when none is near
	Message string   // the flag's message, for a flagged member
}

// String writes the issue as "PATH (line L, column C): what".
func (i Issue) String() string { return i.Path + " " + i.Detail() }

// Detail writes the issue without its path: "(line L, column C): what".
func (i Issue) Detail() string {
	at := fmt.Sprintf("(line %d, column %d)", i.Line, i.Col)
	switch {
	case i.Message != "":
		return at + ": " + i.Message
	case i.Nearest != "":
		return at + ": unknown member; did you mean " + strconv.Quote(i.Nearest) + "?"
	case len(i.Known) > 0:
		return at + ": unknown member; known members: " + strings.Join(i.Known, ", ")
	}
	return at + ": unknown member"
}

// SyntaxError is a JSON syntax error with its place.
type SyntaxError struct {
	Line, Col int
	Msg       string
}

// Error writes "line L, column C: MESSAGE".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// Check walks data against s. It returns the issues found, in document
// order, or an error for data that is not exactly one JSON value. Its time
// and memory are linear in the size of data: paths and places are built
// only for the issues it reports.
func Check(data []byte, s *Schema) ([]Issue, error) {
	c := checker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), line: 1}
	c.dec.UseNumber()
	if err := c.value(s); err != nil {
		return nil, err
	}
	end := c.dec.InputOffset()
	if _, err := c.dec.Token(); !errors.Is(err, io.EOF) {
		line, col := c.place(c.skipSpace(end))
		return nil, &SyntaxError{Line: line, Col: col, Msg: "data after the JSON value"}
	}
	return c.issues, nil
}

type checker struct {
	data   []byte
	dec    *json.Decoder
	issues []Issue
	// path is the current value's path, one step per level: a member
	// name, or an array index (isIndex).
	path []step
	// The last place computed: offsets only grow as the walk goes, so each
	// place counts the lines after the previous one.
	placed, lineStart int64
	line              int
}

type step struct {
	key     string
	index   int
	isIndex bool
	isMap   bool // a key of a map: written ["key"]
}

// maxDepth is the deepest nesting Check reads, as encoding/json.
const maxDepth = 10000

// place turns a byte offset into a line and column.
func (c *checker) place(off int64) (line, col int) {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.placed {
		c.placed, c.lineStart, c.line = 0, 0, 1
	}
	seg := c.data[c.placed:off]
	c.line += bytes.Count(seg, []byte("\n"))
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		c.lineStart = c.placed + int64(i) + 1
	}
	c.placed = off
	return c.line, int(off-c.lineStart) + 1
}

// pathString writes the current path: cases[3].claims["a.b"].
func (c *checker) pathString() string {
	var b strings.Builder
	for _, st := range c.path {
		switch {
		case st.isIndex:
			b.WriteString("[" + strconv.Itoa(st.index) + "]")
		case st.isMap || !identifier(st.key):
			b.WriteString("[" + strconv.Quote(st.key) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.key)
		}
	}
	return b.String()
}

// skipSpace returns the offset of the first byte at or after off that is
// not white space, a comma or a colon.
func (c *checker) skipSpace(off int64) int64 {
	for off < int64(len(c.data)) && strings.IndexByte(" \t\r\n,:", c.data[off]) >= 0 {
		off++
	}
	return off
}

func (c *checker) token() (json.Token, error) {
	start := c.dec.InputOffset()
	t, err := c.dec.Token()
	if err == nil {
		return t, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		line, col := c.place(se.Offset)
		return nil, &SyntaxError{Line: line, Col: col, Msg: se.Error()}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		line, col := c.place(int64(len(c.data)))
		return nil, &SyntaxError{Line: line, Col: col, Msg: "unexpected end of JSON input"}
	}
	line, col := c.place(c.skipSpace(start))
	return nil, &SyntaxError{Line: line, Col: col, Msg: err.Error()}
}

// value reads one value, at c.path, against s.
func (c *checker) value(s *Schema) error {
	t, err := c.token()
	if err != nil {
		return err
	}
	d, ok := t.(json.Delim)
	if !ok {
		return nil // a scalar
	}
	if len(c.path) >= maxDepth {
		line, col := c.place(c.dec.InputOffset())
		return &SyntaxError{Line: line, Col: col, Msg: "exceeded max depth"}
	}
	switch d {
	case '[':
		var items *Schema
		if s != nil && !s.Any {
			items = s.Items
		}
		for i := 0; c.dec.More(); i++ {
			c.path = append(c.path, step{index: i, isIndex: true})
			err := c.value(items)
			c.path = c.path[:len(c.path)-1]
			if err != nil {
				return err
			}
		}
	case '{':
		for c.dec.More() {
			keyAt := c.skipSpace(c.dec.InputOffset())
			t, err := c.token()
			if err != nil {
				return err
			}
			key := t.(string)
			c.path = append(c.path, step{key: key, isMap: s != nil && !s.Any && s.Members == nil})
			err = c.value(c.member(s, key, keyAt))
			c.path = c.path[:len(c.path)-1]
			if err != nil {
				return err
			}
		}
	}
	_, err = c.token() // the closing delimiter
	return err
}

// member checks the member name key, the last step of c.path, of an object
// of schema s, and returns the schema of its value.
func (c *checker) member(s *Schema, key string, at int64) *Schema {
	if s == nil || s.Any {
		return nil
	}
	if s.Members == nil { // a map: its keys are data
		return s.Values
	}
	report := func(nearest, message string) {
		line, col := c.place(at)
		is := Issue{Path: c.pathString(), Member: key, Line: line, Col: col, Nearest: nearest, Message: message}
		if nearest == "" && message == "" {
			for k := range s.Members {
				is.Known = append(is.Known, k)
			}
			slices.Sort(is.Known)
		}
		c.issues = append(c.issues, is)
	}
	if msg, ok := s.Flagged[key]; ok {
		report("", msg)
		return nil
	}
	if sub, known := s.Members[key]; known {
		return sub
	}
	nearest, close := Nearest(key, s.Members)
	switch {
	case close:
		report(nearest, "")
	case !s.Loose:
		report("", "")
	}
	return nil
}

// identifier reports whether a member name is written .name in a path
// (else ["name"]).
func identifier(key string) bool {
	for _, r := range key {
		if !(r == '_' || r == ':' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return key != ""
}

// Nearest returns the known name nearest to name, and whether it is a near
// miss: the same but for case, or within an edit distance of 1 (names of up
// to 4 characters) or 2.
func Nearest[V any](name string, known map[string]V) (string, bool) {
	names := make([]string, 0, len(known))
	for k := range known {
		names = append(names, k)
	}
	slices.Sort(names)
	best, bestD := "", -1
	for _, k := range names {
		d := distance(strings.ToLower(name), strings.ToLower(k))
		if bestD < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return "", false
	}
	limit := 2
	if utf8.RuneCountInString(best) <= 4 {
		limit = 1
	}
	return best, bestD <= limit
}

// distance is the optimal string alignment distance between a and b, in
// bytes: insertions, deletions, substitutions and swaps of adjacent bytes
// cost one each ("nmae" is one edit from "name"). Names are short (member
// names); the cost is bounded by 64×64.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
