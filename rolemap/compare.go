package rolemap

import (
	"bytes"
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

// predNum is pred on a finite number, as written by ECMAScript.
func (cr *rule) predNum(f float64) bool {
	switch cr.op {
	case opEquals, opNotEqual:
		return cr.isNum && f == cr.num // +0 == -0, both written "0"
	}
	var buf [jsnum.MaxLen]byte
	b := jsnum.Append(buf[:0], f)
	if cr.op == opContains {
		return bytes.Contains(b, cr.vb)
	}
	return bytes.HasPrefix(b, cr.vb)
}

// scalar classifies v and, for a scalar, applies the predicate.
func (cr *rule) scalar(v any) (kind int, hit bool, err *Error) {
	switch x := v.(type) {
	case string:
		return valScalar, cr.pred(x), nil
	case bool:
		if x {
			return valScalar, cr.pred("true"), nil
		}
		return valScalar, cr.pred("false"), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, false, cr.badClaim("is not a finite number")
		}
		return valScalar, cr.predNum(x), nil
	case json.Number:
		f, ok := parseNumber(x)
		if !ok {
			return 0, false, cr.badClaim("holds json.Number " + strconv.Quote(string(x)) + ", which is not a finite JSON number")
		}
		return valScalar, cr.predNum(f), nil
	case nil:
		return valNone, false, nil
	case []any, []string:
		return valList, false, nil
	case map[string]any:
		return valObject, false, nil
	}
	f, kind, ok := slowKind(v)
	switch {
	case !ok:
		return 0, false, cr.badClaim(fmt.Sprintf("has Go type %T, which no JSON value decodes to", v))
	case kind == valScalar:
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false, cr.badClaim("is not a finite number")
		}
		return valScalar, cr.predNum(f), nil
	}
	return kind, false, nil
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

// slowKind classifies the Go types encoding/json does not produce but a
// hand-built claims map may hold: other integer and float types (as the
// nearest float64), other maps (objects) and other slices and arrays.
func slowKind(v any) (float64, int, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), valScalar, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), valScalar, true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), valScalar, true
	case reflect.Map:
		return 0, valObject, true
	case reflect.Slice, reflect.Array:
		return 0, valList, true
	}
	return 0, 0, false
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
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		if f, ok := parseNumber(x); ok {
			return string(jsnum.Append(nil, f)), true
		}
		return "", false
	}
	if f, kind, ok := slowKind(v); ok && kind == valScalar && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return string(jsnum.Append(nil, f)), true
	}
	return "", false
}
