package rolemap_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
)

// hostileDocuments are the worst pool documents we could build for
// ParsePool and Compile, each of 1 MiB: one member per few
// bytes, deep nesting where AWS ignores it, huge keys and values, far more
// rules and mappings than AWS allows.
func hostileDocuments() map[string][]byte {
	const size = 1 << 20
	build := func(open, item, close string) []byte {
		var b strings.Builder
		b.WriteString(open)
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strings.ReplaceAll(item, "N", strconv.Itoa(i)))
		}
		b.WriteString(close)
		return []byte(b.String())
	}
	deep := strings.Repeat(`{"a":[`, 1600) + strings.Repeat(`]}`, 1600)
	return map[string][]byte{
		"unknown members":      build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, `, `"uN": 0`, `}`),
		"deep unknown members": build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "x": [`, deep, `]}`),
		"many login providers": build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "SupportedLoginProviders": {`, `"pN.example": "a"`, `}}`),
		"many mappings": build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "RoleMappings": {`,
			`"kN": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [{"Claim": "c", "MatchType": "Equals", "Value": "v", "RoleARN": "arn:aws:iam::111122223333:role/R"}]}}`, `}}`),
		"many rules": build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [`,
			`{"Claim": "cN", "MatchType": "Contains", "Value": "vN", "RoleARN": "arn:aws:iam::111122223333:role/RN"}`, `]}}}}`),
		"huge values": build(`{"IdentityPoolId": "us-east-1:1", "Roles": {"authenticated": "`+strings.Repeat("a", 256<<10)+`"}, "RoleMappings": {"`+strings.Repeat("k", 256<<10)+`": {"Type": "Rules", "RulesConfiguration": {"Rules": [`,
			`{"Claim": "c", "MatchType": "Contains", "Value": "`+strings.Repeat("v", 1<<16)+`", "RoleARN": "r"}`, `]}}}}`),
		"the largest valid pool": largestValid(),
		"wrong types":            build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "RoleMappings": {`, `"kN": {"Type": 1, "RulesConfiguration": {"Rules": [{"Claim": []}]}}`, `}}`),
	}
}

// largestValid is a valid document at AWS's limits: ten mappings of 400
// rules (the hard quota), alternating Contains, StartsWith and Equals on a
// few claims, each value 128 characters that overlap the others', so that
// the automata and radix trees Compile builds are as large as they get.
func largestValid() []byte {
	var b strings.Builder
	b.WriteString(`{"IdentityPoolId": "us-east-1:1", "Roles": {"authenticated": "arn:aws:iam::111122223333:role/A"}, "RoleMappings": {`)
	types := []string{"Contains", "StartsWith", "Equals", "NotEqual"}
	for m := range 10 {
		if m > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"login` + strconv.Itoa(m) + `.example.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [`)
		for r := range 400 {
			if r > 0 {
				b.WriteByte(',')
			}
			v := strings.Repeat("ab", r%60) + strconv.Itoa(r)
			v += strings.Repeat("a", 128-len(v))
			b.WriteString(`{"Claim": "c` + strconv.Itoa(r%3) + `", "MatchType": "` + types[r%4] + `", "Value": "` + v + `", "RoleARN": "arn:aws:iam::111122223333:role/R` + strconv.Itoa(r) + `"}`)
		}
		b.WriteString(`]}}`)
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

// TestParseCompileBounded checks the bounds the package documentation
// states: ParsePool and Compile of any document allocate within a small
// multiple of what decoding it with encoding/json allocates, and the steps
// Compile counts building its matchers (automata, radix trees) are within
// a small multiple of the document's size (building a Contains automaton
// probed 256 bytes per state: 53× decoding the largest valid pool).
func TestParseCompileBounded(t *testing.T) {
	for name, doc := range hostileDocuments() {
		t.Run(name, func(t *testing.T) {
			if len(doc) > rolemap.MaxDocumentSize {
				t.Fatalf("the document is %d bytes, over MaxDocumentSize", len(doc))
			}
			baseAlloc := timing.DecodeAllocated(t, doc)
			var p rolemap.Pool
			var parseErr, compileErr error
			parseAlloc := timing.Allocated(func() { p, parseErr = rolemap.ParsePool(doc) })
			var compileAlloc uint64
			var steps int
			if parseErr == nil {
				compileAlloc = timing.Allocated(func() { _, compileErr = rolemap.Compile(p, rolemap.WithMaxRules(400)) })
				steps = work.Count(func() { _, _ = rolemap.Compile(p, rolemap.WithMaxRules(400)) })
			}
			t.Logf("%d bytes: ParsePool %.1f× decoding's allocations; Compile %.1f× and %d steps (%.2f a byte); errors %d and %d bytes",
				len(doc), float64(parseAlloc)/float64(baseAlloc), float64(compileAlloc)/float64(baseAlloc),
				steps, float64(steps)/float64(len(doc)), errLen(parseErr), errLen(compileErr))
			if parseAlloc > 16*baseAlloc {
				t.Errorf("ParsePool allocated %d bytes, over 16× decoding's allocations (%d bytes)", parseAlloc, baseAlloc)
			}
			if compileAlloc > 16*baseAlloc {
				t.Errorf("Compile allocated %d bytes, over 16× decoding's allocations (%d bytes)", compileAlloc, baseAlloc)
			}
			if steps > 4*len(doc) {
				t.Errorf("Compile counted %d steps, over 4× the document's %d bytes", steps, len(doc))
			}
			if l := errLen(parseErr) + errLen(compileErr); l > 4<<20 {
				t.Errorf("errors of %d bytes", l)
			}
		})
	}
}

// BenchmarkParseCompileHostile: ParsePool and Compile of the hostile
// documents, beside decoding each with encoding/json.
func BenchmarkParseCompileHostile(b *testing.B) {
	for name, doc := range hostileDocuments() {
		name = strings.ReplaceAll(name, " ", "_")
		b.Run("doc="+name+"/op=decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = json.Unmarshal(doc, &v)
			}
		})
		b.Run("doc="+name+"/op=parse", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = rolemap.ParsePool(doc)
			}
		})
		p, err := rolemap.ParsePool(doc)
		if err != nil {
			continue
		}
		b.Run("doc="+name+"/op=compile", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = rolemap.Compile(p, rolemap.WithMaxRules(400))
			}
		})
	}
}

func errLen(err error) int {
	if err == nil {
		return 0
	}
	return len(err.Error())
}
