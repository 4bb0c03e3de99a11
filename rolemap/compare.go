package rolemap

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/jsnum"
	"github.com/rolemapping/rolemapping/internal/spec"
)

// The kinds of claim value (SPEC §4).
const (
	valScalar = iota // a string, number or boolean: compared
	valNone          // null, or an array element that is skipped
	valObject        // a JSON object: never matches
	valList          // an array
)

// eval compares a present claim value with the rule (SPEC §4). It returns
// an *Error only for a value it cannot compare safely: a Go type JSON does
// not produce, or a number that is not finite.
func (cr *rule) eval(v any) (Outcome, *Error) {
	kind, hit, err := cr.scalar(v)
	if err != nil {
		return 0, err
	}
	switch kind {
	case valScalar:
		return cr.outcome(hit), nil
	case valObject:
		return OutcomeObject, nil
	case valNone:
		return OutcomeAbsent, nil
	}
	// An array: Equals, Contains and StartsWith match if any element does;
	// NotEqual matches if no element equals Value. Null, object and array
	// elements are skipped; a list with no element left is absent.
	n, found := 0, false
	switch list := v.(type) {
	case []any:
		for _, e := range list {
			k, h, err := cr.scalar(e)
			if err != nil {
				return 0, err
			}
			if k == valScalar {
				n++
				found = found || h
			}
		}
	case []string:
		for _, e := range list {
			n++
			found = found || cr.pred(e)
		}
	default:
		rv := reflect.ValueOf(v)
		for i := 0; i < rv.Len(); i++ {
			k, h, err := cr.scalar(rv.Index(i).Interface())
			if err != nil {
				return 0, err
			}
			if k == valScalar {
				n++
				found = found || h
			}
		}
	}
	if n == 0 {
		return OutcomeAbsent, nil
	}
	return cr.outcome(found), nil
}

// outcome turns the predicate's result into the rule's: NotEqual negates
// equality.
func (cr *rule) outcome(hit bool) Outcome {
	if hit != (cr.op == opNotEqual) {
		return OutcomeMatch
	}
	return OutcomeMismatch
}

// pred is the rule's positive predicate on a string: equality for Equals
// and NotEqual, substring for Contains, prefix for StartsWith.
func (cr *rule) pred(s string) bool {
	switch cr.op {
	case opContains:
		return strings.Contains(s, cr.value)
	case opStartsWith:
		return len(s) >= len(cr.value) && s[:len(cr.value)] == cr.value
	}
	return s == cr.value
}

// scalar classifies v and, for a scalar, applies the predicate.
func (cr *rule) scalar(v any) (kind int, hit bool, err *Error) {
	c := classify(v)
	switch {
	case c.problem != "":
		return 0, false, cr.badClaim(c.problem)
	case c.kind != valScalar:
		return c.kind, false, nil
	case c.isNum:
		var buf [jsnum.MaxLen]byte
		return valScalar, cr.pred(string(jsnum.Append(buf[:0], c.num))), nil
	}
	return valScalar, cr.pred(c.text), nil
}

// claimValue is one claim value as SPEC §4 sees it.
type claimValue struct {
	kind    int     // valScalar, valNone, valObject or valList
	text    string  // a string's or boolean's text
	isNum   bool    // the scalar is a number: compare jsnum.Append(num)
	num     float64 // finite
	problem string  // set when the value cannot be compared safely
}

// classify sorts a claim value, or an array element, into what SPEC §4
// compares: strings as they are, booleans as "true" and "false", finite
// numbers of any Go numeric type or json.Number as the nearest float64;
// null is nothing; maps are objects, slices and arrays are lists. Anything
// else, NaN and infinities included, is a problem: no JSON decodes to it.
// The one classification serves the in-order walk, the fast path's Equals
// index and traces alike.
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
			return claimValue{problem: "holds json.Number " + strconv.Quote(string(x)) + ", which is not a finite JSON number"}
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
		// "admin" (SPEC §4).
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

func (cr *rule) badClaim(what string) *Error {
	return &Error{Code: spec.CodeNotAuthorized,
		Message: "Invalid login token. Claim " + strconv.Quote(cr.src.Claim) + " " + what + ".",
		Reason:  "a claim a rule reads holds a value that cannot be compared safely, so the request is refused"}
}

// traceValues writes a claim value as the strings the rules compared.
func traceValues(v any) []string {
	var out []string
	add := func(e any) {
		if s, ok := stringify(e); ok {
			out = append(out, s)
		}
	}
	switch list := v.(type) {
	case []any:
		for _, e := range list {
			add(e)
		}
	case []string:
		out = append(out, list...)
	default:
		rv := reflect.ValueOf(v)
		if v != nil && (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) {
			for i := 0; i < rv.Len(); i++ {
				add(rv.Index(i).Interface())
			}
		} else {
			add(v)
		}
	}
	return out
}

// stringify writes a scalar claim value as SPEC §4 compares it.
func stringify(v any) (string, bool) {
	c := classify(v)
	switch {
	case c.problem != "" || c.kind != valScalar:
		return "", false
	case c.isNum:
		return string(jsnum.Append(nil, c.num)), true
	}
	return c.text, true
}
