package credentials

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Tag is one principal tag of a session.
type Tag struct {
	Key   string
	Value string
}

// Tags are a session's principal tags, in increasing byte order of their
// keys, each key once: what [Checker.Get] and [Checker.Tags] return, held
// in one allocation (a Go map takes at least two). Build others with
// [TagsOf], which sorts them.
//
// In JSON a Tags is an object, written as its [Tags.Map] is (keys in
// order), and fmt prints a sorted Tags as it prints the map (map[k:v …]):
// outputs that held the map are unchanged.
//
// Credentials.Tags, the result of [Checker.Tags] and the tags argument of
// [Checker.TrustRequest] were a map[string]string before this type; code
// that needs the map calls [Tags.Map], and TagsOf goes the other way.
type Tags []Tag

// TagsOf returns m's tags in key order; nil when m is empty.
func TagsOf(m map[string]string) Tags {
	if len(m) == 0 {
		return nil
	}
	t := make(Tags, 0, len(m))
	for k, v := range m {
		t = append(t, Tag{k, v})
	}
	slices.SortFunc(t, func(a, b Tag) int { return strings.Compare(a.Key, b.Key) })
	return t
}

// Len returns the number of tags.
func (t Tags) Len() int { return len(t) }

// Get returns the value of the tag whose key is exactly key.
func (t Tags) Get(key string) (string, bool) {
	for _, e := range t {
		if e.Key == key {
			return e.Value, true
		}
	}
	return "", false
}

// Keys returns the keys, in t's order.
func (t Tags) Keys() []string {
	if t == nil {
		return nil
	}
	keys := make([]string, len(t))
	for i, e := range t {
		keys[i] = e.Key
	}
	return keys
}

// Map returns the tags as a map; nil when there are none.
func (t Tags) Map() map[string]string {
	if len(t) == 0 {
		return nil
	}
	m := make(map[string]string, len(t))
	for _, e := range t {
		m[e.Key] = e.Value
	}
	return m
}

// String writes the tags in t's order as fmt writes a map: map[k1:v1 k2:v2]
// (for a sorted Tags, exactly what fmt writes for its map).
func (t Tags) String() string {
	var b strings.Builder
	b.WriteString("map[")
	for i, e := range t {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.Key + ":" + e.Value)
	}
	b.WriteByte(']')
	return b.String()
}

// MarshalJSON writes the tags as a JSON object, as their [Tags.Map] would
// be written (null for nil Tags).
func (t Tags) MarshalJSON() ([]byte, error) {
	if t == nil {
		return []byte("null"), nil
	}
	m := t.Map()
	if m == nil {
		m = map[string]string{}
	}
	// Without HTML escaping: the encoder that calls MarshalJSON escapes
	// the result as it is told to, as it would the map.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON reads a JSON object of strings (or null) into t, in key
// order.
func (t *Tags) UnmarshalJSON(data []byte) error {
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	if m == nil {
		*t = nil
		return nil
	}
	*t = TagsOf(m)
	if *t == nil {
		*t = Tags{}
	}
	return nil
}
