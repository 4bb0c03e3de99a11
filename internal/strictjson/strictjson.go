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
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap/diag"
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

	once  sync.Once
	names []knownName // Members' names, sorted, for closeName
}

type knownName struct{ name, lower string }

// known returns the member names, sorted, with their lower-case forms.
func (s *Schema) known() []knownName {
	s.once.Do(func() {
		for _, k := range slices.Sorted(maps.Keys(s.Members)) {
			s.names = append(s.names, knownName{k, strings.ToLower(k)})
		}
	})
	return s.names
}

// Issue is one unknown, flagged or duplicate member.
type Issue struct {
	Path    string // the member's path: cases[3].clams
	Steps   []Step // Path as steps, which place the member whole
	Member  string
	Line    int      // 1-based
	Col     int      // 1-based, in code points
	Nearest string   // a known name the member nearly spells, if any
	Known   []string // the known names, when none is near
	Message string   // the flag's message, for a flagged member
	// Duplicate: the member is the second of its name in its object, and
	// FirstLine and FirstCol are where the first one is.
	Duplicate           bool
	FirstLine, FirstCol int
}

// MaxIssues is the most issues [Check] reports; it counts the rest.
const MaxIssues = 100

// Report is what [Check] found: at most MaxIssues issues, in document
// order, and how many more there are.
type Report struct {
	Issues []Issue
	More   int
}

// String writes the issue as "PATH (line L, column C): what".
func (i Issue) String() string { return i.Path + " " + i.Detail() }

// Detail writes the issue without its path: "(line L, column C): what".
func (i Issue) Detail() string {
	at := fmt.Sprintf("(line %d, column %d)", i.Line, i.Col)
	switch {
	case i.Duplicate:
		return at + fmt.Sprintf(": duplicate member (the first is at line %d, column %d); a decoder keeps only one of them", i.FirstLine, i.FirstCol)
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

// CodeSyntax is the code of the diagnostic of a [SyntaxError].
const CodeSyntax = "syntax"

// Diagnostic returns the error as a diagnostic of code [CodeSyntax] and
// error severity, at its line and column (code points); the file is the
// caller's to set in its Range, and a document embedded in a file at a
// line other than 1 is the caller's to shift.
func (e *SyntaxError) Diagnostic() diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.SeverityError, Code: CodeSyntax, Message: e.Msg,
		Fix:   "correct the JSON at this place",
		Range: diag.Range{Line: e.Line, Column: e.Col}}
}

// Check walks data against s. It returns the issues found, in document
// order — unknown and flagged members, and every member whose name its
// object already has (in any object, whatever its schema) — or an error
// for data that is not exactly one JSON value. It reports at most
// MaxIssues issues and counts the rest. Its time and memory are linear in
// the size of data: paths and places are built only for the issues it
// reports, and a member's nearest known name costs at most 64×64 steps per
// known name.
//
// The work it does besides decoding — the bytes it steps over to place
// issues and the cells of the distances it computes — is counted with
// internal/work, for the tests that bound it.
func Check(data []byte, s *Schema) (Report, error) {
	c := checker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), line: 1}
	c.dec.UseNumber()
	if err := c.value(s); err != nil {
		return Report{}, err
	}
	end := c.dec.InputOffset()
	if _, err := c.dec.Token(); !errors.Is(err, io.EOF) {
		line, col := c.place(c.skipSpace(end))
		return Report{}, &SyntaxError{Line: line, Col: col, Msg: "data after the JSON value"}
	}
	return Report{Issues: c.issues, More: c.more}, nil
}

type checker struct {
	data   []byte
	dec    *json.Decoder
	issues []Issue
	more   int // issues past MaxIssues
	// path is the current value's path, one step per level: a member
	// name, or an array index (isIndex).
	path []step
	// The last place computed: offsets only grow as the walk goes, so each
	// place counts the lines after the previous one.
	placed, lineStart int64
	line              int
	col               int // code points from lineStart to placed
}

type step struct {
	key     string
	index   int
	isIndex bool
	isMap   bool // a key of a map: written ["key"]
}

// maxDepth is the deepest nesting Check reads, as encoding/json.
const maxDepth = 10000

// place turns a byte offset into a line and a column counted in code
// points, stepping over the bytes after the previous place once.
func (c *checker) place(off int64) (line, col int) {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.placed {
		c.placed, c.lineStart, c.line, c.col = 0, 0, 1, 0
	}
	seg := c.data[c.placed:off]
	work.Add(len(seg))
	c.line += bytes.Count(seg, []byte("\n"))
	if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
		c.lineStart = c.placed + int64(i) + 1
		c.col = 0
		seg = seg[i+1:]
	}
	c.col += utf8.RuneCount(seg)
	c.placed = off
	return c.line, c.col + 1
}

// Step is one step of an [Issue]'s path: an array element when Index is at
// least 0, else a member, written ["Name"] when Quoted and .Name otherwise.
type Step struct {
	Name   string
	Index  int
	Quoted bool
}

// steps returns the current path as steps.
func (c *checker) steps() []Step {
	out := make([]Step, len(c.path))
	for i, st := range c.path {
		switch {
		case st.isIndex:
			out[i] = Step{Index: st.index}
		default:
			out[i] = Step{Name: st.key, Index: -1, Quoted: st.isMap || !identifier(st.key) || len(st.key) > clip.MaxKey}
		}
	}
	return out
}

// pathString writes the current path: cases[3].claims["a.b"].
func (c *checker) pathString() string {
	var b strings.Builder
	for _, st := range c.path {
		switch {
		case st.isIndex:
			b.WriteString("[" + strconv.Itoa(st.index) + "]")
		case st.isMap || !identifier(st.key) || len(st.key) > clip.MaxKey:
			b.WriteString("[" + clip.QuoteKey(st.key) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.key)
		}
	}
	return clip.Path(b.String())
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
		var seen map[string]int64 // member name to its offset
		for c.dec.More() {
			keyAt := c.skipSpace(c.dec.InputOffset())
			t, err := c.token()
			if err != nil {
				return err
			}
			key := t.(string)
			c.path = append(c.path, step{key: key, isMap: s != nil && !s.Any && s.Members == nil})
			if seen == nil {
				seen = map[string]int64{}
			}
			if first, dup := seen[key]; dup {
				c.duplicate(key, first, keyAt)
			} else {
				seen[key] = keyAt
			}
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
		if len(c.issues) == MaxIssues {
			c.more++
			return
		}
		line, col := c.place(at)
		is := Issue{Path: c.pathString(), Steps: c.steps(), Member: key, Line: line, Col: col, Nearest: nearest, Message: message}
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
	if !s.Loose && len(c.issues) == MaxIssues {
		c.more++ // an issue whatever its nearest name
		return nil
	}
	nearest, close, cells := closeName(key, s)
	work.Add(cells)
	switch {
	case close:
		report(nearest, "")
	case !s.Loose:
		report("", "")
	}
	return nil
}

// duplicate reports the member key at offset at, the last step of c.path,
// whose object has a member of that name at offset first.
func (c *checker) duplicate(key string, first, at int64) {
	if len(c.issues) == MaxIssues {
		c.more++
		return
	}
	// place walks forward only; count back from the member to the first.
	line, col := c.place(at)
	work.Add(int(at)) // the counts back to the first
	fl := line - bytes.Count(c.data[first:at], []byte("\n"))
	fc := utf8.RuneCount(c.data[bytes.LastIndexByte(c.data[:first], '\n')+1:first]) + 1
	c.issues = append(c.issues, Issue{Path: c.pathString(), Steps: c.steps(), Member: key, Line: line, Col: col, Duplicate: true, FirstLine: fl, FirstCol: fc})
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
	best, bestD := "", -1
	if len(name) > 64 {
		name = name[:64] // no known name is as long: none is near
	}
	lower := strings.ToLower(name)
	for k := range known {
		d := distance(lower, strings.ToLower(k))
		if bestD < 0 || d < bestD || d == bestD && k < best {
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

// closeName is Nearest for the near misses only: a name whose length is
// more than 2 bytes from the key's is never within the limit, so most known
// names cost one comparison of lengths, and the others a banded distance of
// about 5 steps per byte of the key. It also returns the steps it took: one
// per known name, and the cells of the distances.
func closeName(key string, s *Schema) (string, bool, int) {
	if len(key) > 66 {
		return "", false, 1 // no known name is as long
	}
	best, bestD := "", 3
	lower := asciiLower(key)
	known := s.known()
	steps := len(known)
	for _, k := range known {
		if len(k.name) < len(key)-2 || len(k.name) > len(key)+2 {
			continue
		}
		limit := 2
		if utf8.RuneCountInString(k.name) <= 4 {
			limit = 1
		}
		d, cells := distanceWithin(lower, k.lower, limit)
		steps += cells
		if d <= limit && d < bestD {
			best, bestD = k.name, d // names are sorted: the first of a distance wins
		}
	}
	return best, best != "", steps
}

// asciiLower is strings.ToLower for the names in question, which are
// ASCII, without allocating when s is already lower case.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// distanceWithin is distance(a, b) when it is at most limit, and some
// larger number otherwise. It computes only the cells within limit of the
// diagonal (the others exceed it), so a comparison costs about
// (2·limit+1)·len(a) steps, and it stops at the first two rows all of
// whose cells exceed limit. It also returns the cells it computed.
func distanceWithin(a, b string, limit int) (int, int) {
	if len(a) > 64 || len(b) > 64 {
		return 64, 0
	}
	cells := 0
	over := limit + 1
	var r0, r1, r2 [65]int
	prev2, prev, cur := r0[:len(b)+1], r1[:len(b)+1], r2[:len(b)+1]
	for j := range prev {
		prev[j] = min(j, over)
		prev2[j], cur[j] = over, over
	}
	lastLow := 0
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[0] = min(i, over)
		if lo > 1 && lo-1 <= len(b) {
			cur[lo-1] = over
		}
		low := cur[0]
		cells += max(hi-lo+1, 0)
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = min(c, over)
			low = min(low, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = over
		}
		// A swap reaches back two rows: stop when two rows are over.
		if low > limit && lastLow > limit {
			return over, cells
		}
		lastLow = low
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)], cells
}

// distance is the optimal string alignment distance between a and b, in
// bytes: insertions, deletions, substitutions and swaps of adjacent bytes
// cost one each ("nmae" is one edit from "name"). Names are short (member
// names); the cost is bounded by 64×64.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	// Three rows: two back (for swaps), one back and this one; on the
	// stack.
	var r0, r1, r2 [65]int
	prev2, prev, cur := &r0, &r1, &r2
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
