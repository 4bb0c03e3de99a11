package strictjson

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// Duplicates reports what [Check] with a schema accepting anything reports
// — every member whose name its object already has, in document order, at
// most MaxIssues and a count of the rest — in one pass over data without
// decoding its values. It is meant for data a decoder has already read as
// one JSON value; on other data it reports what it can and never fails.
// Paths, lines and columns are written only for the issues reported, and
// a member name is decoded only when it holds an escape, so that its cost
// is a small fraction of decoding data.
func Duplicates(data []byte) Report {
	d := dupScanner{data: data}
	d.scan()
	d.place()
	return Report{Issues: d.issues, More: d.more}
}

// dupFrame is an open object or array.
type dupFrame struct {
	obj     bool
	wantKey bool
	index   int       // arrays: the current element
	keyAt   int       // objects: the offset of the current member's name
	keys    []dupName // objects: the names seen so far
	set     map[string]int
}

// dupName is a member name: its offset and, for a name holding an escape,
// its decoded form.
type dupName struct {
	at, end int // the quotes
	decoded string
	escaped bool
}

// setAfter is the number of members past which an object's names go in a
// map rather than a list compared one by one.
const setAfter = 16

type dupScanner struct {
	data   []byte
	stack  []dupFrame
	depth  int
	issues []Issue
	firsts []int // the offset of each issue's first member
	ats    []int // the offset of each issue's member
	more   int
}

func (d *dupScanner) scan() {
	data := d.data
	for i := 0; i < len(data); {
		switch c := data[i]; c {
		case '{', '[':
			if d.depth == len(d.stack) {
				d.stack = append(d.stack, dupFrame{})
			}
			f := &d.stack[d.depth]
			f.obj, f.wantKey, f.index, f.keys = c == '{', c == '{', 0, f.keys[:0]
			clear(f.set)
			d.depth++
			i++
		case '}', ']':
			if d.depth > 0 {
				d.depth--
			}
			i++
		case ',':
			if d.depth > 0 {
				f := &d.stack[d.depth-1]
				if f.obj {
					f.wantKey = true
				} else {
					f.index++
				}
			}
			i++
		case '"':
			end, escaped := stringEnd(data, i)
			if d.depth > 0 && d.stack[d.depth-1].obj && d.stack[d.depth-1].wantKey {
				f := &d.stack[d.depth-1]
				f.wantKey = false
				f.keyAt = i
				d.member(f, dupName{at: i, end: end, escaped: escaped})
			}
			i = end + 1
		default:
			i++
		}
	}
}

// stringEnd returns the offset of the closing quote of the string at
// data[i], and whether it holds an escape.
func stringEnd(data []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j, escaped
		}
	}
	return len(data), escaped
}

// text returns a name's decoded text.
func (d *dupScanner) text(n dupName) string {
	if n.escaped {
		return n.decoded
	}
	return string(d.data[n.at+1 : min(n.end, len(d.data))])
}

// member records the name n of object f, reporting it if f has it already.
func (d *dupScanner) member(f *dupFrame, n dupName) {
	raw := d.data[n.at+1 : min(n.end, len(d.data))]
	// A decoder turns invalid UTF-8 into U+FFFD: decode such a name too.
	n.escaped = n.escaped || !utf8.Valid(raw)
	if n.escaped {
		var s string
		if json.Unmarshal(d.data[n.at:min(n.end+1, len(d.data))], &s) != nil {
			s = string(raw)
		}
		n.decoded = s
	}
	first := -1
	if f.set != nil {
		var ok bool
		if n.escaped {
			first, ok = f.set[n.decoded]
		} else {
			first, ok = f.set[string(raw)]
		}
		if !ok {
			first = -1
			f.set[d.text(n)] = n.at
		}
	} else {
		for _, k := range f.keys {
			if k.escaped || n.escaped {
				if d.text(k) == d.text(n) {
					first = k.at
					break
				}
			} else if bytes.Equal(d.data[k.at+1:k.end], raw) {
				first = k.at
				break
			}
		}
		if first < 0 {
			f.keys = append(f.keys, n)
			if len(f.keys) > setAfter {
				f.set = make(map[string]int, 2*len(f.keys))
				for _, k := range f.keys {
					f.set[d.text(k)] = k.at
				}
			}
		}
	}
	if first < 0 {
		return
	}
	if len(d.issues) == MaxIssues {
		d.more++
		return
	}
	text, steps := d.path()
	d.issues = append(d.issues, Issue{Path: text, Steps: steps, Member: d.text(n), Duplicate: true})
	d.firsts = append(d.firsts, first)
	d.ats = append(d.ats, n.at)
}

// path writes the current member's path as Check does, and returns its
// steps.
func (d *dupScanner) path() (string, []Step) {
	var b strings.Builder
	steps := make([]Step, 0, d.depth)
	for _, f := range d.stack[:d.depth] {
		if !f.obj {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			steps = append(steps, Step{Index: f.index})
			continue
		}
		end, escaped := stringEnd(d.data, f.keyAt)
		escaped = escaped || !utf8.Valid(d.data[f.keyAt+1:min(end, len(d.data))])
		key := d.text(dupName{at: f.keyAt, end: end, escaped: escaped})
		if escaped {
			var s string
			if json.Unmarshal(d.data[f.keyAt:min(end+1, len(d.data))], &s) == nil {
				key = s
			}
		}
		if !identifier(key) || len(key) > clip.MaxKey {
			b.WriteString("[" + clip.QuoteKey(key) + "]")
			steps = append(steps, Step{Name: key, Index: -1, Quoted: true})
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(key)
		steps = append(steps, Step{Name: key, Index: -1})
	}
	return clip.Path(b.String()), steps
}

// place sets the lines and columns (in code points) of the issues, in one
// pass.
func (d *dupScanner) place() {
	if len(d.issues) == 0 {
		return
	}
	type spot struct{ off, issue int }
	var spots []spot
	for i := range d.issues {
		spots = append(spots, spot{d.firsts[i], i}, spot{d.ats[i], i})
	}
	// Offsets: each issue's first member comes before it, and issues come
	// in document order, but a first may come before earlier issues.
	sortSpots := func(s []spot) {
		for i := 1; i < len(s); i++ {
			for j := i; j > 0 && s[j].off < s[j-1].off; j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
	}
	sortSpots(spots)
	line, col, at := 1, 1, 0
	for _, s := range spots {
		for at < s.off && at < len(d.data) {
			switch c := d.data[at]; {
			case c == '\n':
				line, col = line+1, 1
			case utf8.RuneStart(c):
				col++
			}
			at++
		}
		is := &d.issues[s.issue]
		if s.off == d.firsts[s.issue] && is.FirstLine == 0 {
			is.FirstLine, is.FirstCol = line, col
		} else {
			is.Line, is.Col = line, col
		}
	}
}
