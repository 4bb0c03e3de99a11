package rolemap

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/jsnum"
	"github.com/rolemapping/rolemapping/internal/spec"
)

// The kinds of claim value (rolemap/REFERENCE.md §4).
const (
	valScalar = iota // a string, number or boolean: compared
	valNone          // null, or an array element that is skipped
	valObject        // a JSON object: never matches
	valList          // an array
)

// claimValue is one claim value as rolemap/REFERENCE.md §4 sees it.
type claimValue struct {
	kind    int     // valScalar, valNone, valObject or valList
	text    string  // a string's or boolean's text
	isNum   bool    // the scalar is a number: its text is jsnum.Append(num)
	num     float64 // finite
	problem string  // set when the value cannot be compared safely
}

// classify sorts a claim value, or an array element, into what rolemap/REFERENCE.md §4
// compares: strings as they are, booleans as "true" and "false", finite
// numbers of any Go numeric type or json.Number as the nearest float64;
// null is nothing; maps are objects, slices and arrays are lists. Anything
// else, NaN, infinities and []byte included, is a problem: no JSON decodes
// to it.
func classify(v any) claimValue {
	switch x := v.(type) {
	case string:
		return claimValue{kind: valScalar, text: x}
	case bool:
		if x {
			return claimValue{kind: valScalar, text: "true"}
		}
		return claimValue{kind: valScalar, text: "false"}
	case float64:
		return number(x)
	case json.Number:
		f, ok := parseNumber(x)
		if !ok {
			return claimValue{problem: "holds json.Number " + clip.Quote(string(x)) + ", which is not a finite JSON number"}
		}
		return claimValue{kind: valScalar, isNum: true, num: f}
	case nil:
		return claimValue{kind: valNone}
	case []any, []string:
		return claimValue{kind: valList}
	case map[string]any:
		return claimValue{kind: valObject}
	case []byte:
		// Not a list of numbers: encoding/json never decodes to []byte,
		// and reading it as one would let []byte("admin") pass NotEqual
		// "admin" (rolemap/REFERENCE.md §4).
		return claimValue{problem: "has Go type []byte, which no JSON value decodes to"}
	}
	// Types encoding/json does not produce, which a hand-built map may hold.
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return number(float64(rv.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return number(float64(rv.Uint()))
	case reflect.Float32, reflect.Float64:
		return number(rv.Float())
	case reflect.Map:
		return claimValue{kind: valObject}
	case reflect.Slice, reflect.Array:
		return claimValue{kind: valList}
	}
	return claimValue{problem: fmt.Sprintf("has Go type %T, which no JSON value decodes to", v)}
}

func number(f float64) claimValue {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return claimValue{problem: "is not a finite number"}
	}
	return claimValue{kind: valScalar, isNum: true, num: f}
}

// elements walks the texts rolemap/REFERENCE.md §4 compares in one claim value: a scalar's
// one text, or an array's string, number and boolean elements (null, object
// and array elements are skipped). It is the one walk the engine, traces and
// nothing else use. The zero elements is empty.
type elements struct {
	one     claimValue // the value, when it is not a list
	anys    []any
	strs    []string
	rv      reflect.Value // a slice or array of another Go type
	n, i    int
	list    bool
	problem string // set when an element (or the value) cannot be compared
	buf     [jsnum.MaxLen]byte
}

// walk starts a walk over v, a present claim value, and classifies it.
func walk(v any, e *elements) claimValue {
	c := classify(v)
	*e = elements{one: c, problem: c.problem}
	if c.kind == valScalar {
		e.n = 1
	}
	if c.kind != valList {
		return c
	}
	e.list = true
	switch x := v.(type) {
	case []any:
		e.anys, e.n = x, len(x)
	case []string:
		e.strs, e.n = x, len(x)
	default:
		e.rv = reflect.ValueOf(v)
		e.n = e.rv.Len()
	}
	return c
}

// next returns the next text; ok is false at the end of the walk, or when
// an element cannot be compared (then e.problem says why, and the walk is
// over). A number's text lives in e's buffer: it is valid until the next
// call, and must be copied to be kept.
func (e *elements) next() (text string, ok bool) {
	if !e.list {
		if e.i >= e.n || e.problem != "" {
			return "", false
		}
		e.i++
		return e.text(&e.one), true
	}
	for e.i < e.n {
		i := e.i
		e.i++
		var c claimValue
		switch {
		case e.strs != nil:
			return e.strs[i], true
		case e.anys != nil:
			if s, ok := e.anys[i].(string); ok {
				return s, true
			}
			c = classify(e.anys[i])
		default:
			c = classify(e.rv.Index(i).Interface())
		}
		switch {
		case c.problem != "":
			e.problem, e.i = c.problem, e.n
			return "", false
		case c.kind == valScalar:
			return e.text(&c), true
		}
	}
	return "", false
}

// text is a scalar's text as rolemap/REFERENCE.md §4 compares it: a number is written in
// ECMAScript form into e's buffer, without allocating.
func (e *elements) text(c *claimValue) string {
	if !c.isNum {
		return c.text
	}
	b := jsnum.Append(e.buf[:0], c.num)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// parseNumber parses a json.Number as the nearest float64, refusing what is
// not JSON number syntax or overflows.
func parseNumber(n json.Number) (float64, bool) {
	s := string(n)
	if !validJSONNumber(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsInf(f, 0)
}

// validJSONNumber reports whether s is a number in JSON syntax (RFC 8259).
func validJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

// badClaim is the refusal of a request whose claim a rule reads holds a
// value that cannot be compared safely (rolemap/REFERENCE.md §4).
func badClaim(claim, what, key string) *Error {
	return &Error{Code: spec.CodeNotAuthorized,
		Message:    "Invalid login token. Claim " + clip.QuoteKey(claim) + " " + what + ".",
		MappingKey: key,
		Detail:     "a claim a rule reads holds a value that cannot be compared safely, so the request is refused"}
}

// ClaimText returns the text rolemap/REFERENCE.md §4 compares for a scalar claim value: a
// string as it is, a boolean as true or false, a finite number as
// ECMAScript writes it (3.0 → "3", 1e21 → "1e+21"). ok is false for null,
// arrays, objects and values §4 refuses (NaN, []byte, types no JSON
// decodes to).
func ClaimText(v any) (text string, ok bool) {
	c := classify(v)
	if c.kind != valScalar || c.problem != "" {
		return "", false
	}
	if c.isNum {
		return string(jsnum.Append(nil, c.num)), true
	}
	return c.text, true
}
