package strictjson

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/internal/work"
)

var testSchema = &Schema{Members: map[string]*Schema{
	"name":   nil,
	"claims": {Any: true},
	"pool":   Pool,
	"cases": {Items: &Schema{Members: map[string]*Schema{
		"want": {Members: map[string]*Schema{"role": nil, "message": nil}},
	}}},
}}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // Issue.String()
		err  string   // a part of the error
	}{
		{name: "clean", doc: `{"name": "x", "claims": {"anything": {"goes": 1}}, "cases": [{"want": {"role": "r"}}]}`},
		{name: "near miss", doc: "{\n  \"nmae\": 1}", want: []string{`nmae (line 2, column 3): unknown member; did you mean "name"?`}},
		{name: "far miss lists the known names", doc: `{"zzzzzz": 1}`,
			want: []string{`zzzzzz (line 1, column 2): unknown member; known members: cases, claims, name, pool`}},
		{name: "nested in an array", doc: `{"cases": [{}, {"want": {"mesage": "m"}}]}`,
			want: []string{`cases[1].want.mesage (line 1, column 26): unknown member; did you mean "message"?`}},
		{name: "every problem at once", doc: `{"nmae": 1, "cases": [{"wnat": {}}]}`,
			want: []string{`nmae (line 1, column 2): unknown member; did you mean "name"?`, `cases[0].wnat (line 1, column 24): unknown member; did you mean "want"?`}},
		{name: "pool: unknown members are ignored, near misses are not", doc: `{"pool": {"Future": 1, "RoleMapings": {}, "RoleMappings": {"k.x": {"type": "Rules", "RulesConfiguration": {"Rule": []}}}}}`,
			want: []string{
				`pool.RoleMapings (line 1, column 24): unknown member; did you mean "RoleMappings"?`,
				`pool.RoleMappings["k.x"].type (line 1, column 68): unknown member; did you mean "Type"?`,
				`pool.RoleMappings["k.x"].RulesConfiguration.Rule (line 1, column 108): unknown member; did you mean "Rules"?`,
			}},
		{name: "pool: the CloudFormation member", doc: `{"pool": {"RoleMappings": {"G": {"IdentityProvider": "accounts.google.com"}}}}`,
			want: []string{`pool.RoleMappings["G"].IdentityProvider (line 1, column 34): ` + Pool.Members["RoleMappings"].Values.Flagged["IdentityProvider"]}},
		{name: "duplicate members, anywhere", doc: "{\"name\": 1,\n \"name\": 2, \"claims\": {\"a\": 1, \"a\": 2}}",
			want: []string{
				`name (line 2, column 2): duplicate member (the first is at line 1, column 2); a decoder keeps only one of them`,
				`claims.a (line 2, column 32): duplicate member (the first is at line 2, column 24); a decoder keeps only one of them`,
			}},
		{name: "a duplicate in a map and in the pool", doc: `{"pool": {"Roles": {"authenticated": "a", "authenticated": "b"}, "RoleMappings": {"k": {}, "k": {}}}}`,
			want: []string{
				`pool.Roles.authenticated (line 1, column 43): duplicate member (the first is at line 1, column 21); a decoder keeps only one of them`,
				`pool.RoleMappings["k"] (line 1, column 92): duplicate member (the first is at line 1, column 83); a decoder keeps only one of them`,
			}},
		{name: "syntax error with its place", doc: "{\n  \"name\": 1,\n}", err: "line 3, column 1"},
		{name: "data after the value", doc: `{"name": 1} }`, err: "line 1, column 13: data after the JSON value"},
		{name: "a second value", doc: "{}\n{}", err: "line 2, column 1: data after the JSON value"},
		{name: "truncated", doc: `{"name": [1, 2`, err: "unexpected end of JSON input"},
		{name: "empty", doc: ``, err: "unexpected end of JSON input"},
		{name: "too deep", doc: strings.Repeat("[", 10001) + strings.Repeat("]", 10001), err: "exceeded max depth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := Check([]byte(tt.doc), testSchema)
			issues := report.Issues
			if tt.err != "" {
				var se *SyntaxError
				if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Check() error = %v, want a *SyntaxError with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, is := range issues {
				got = append(got, is.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("issues (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	known := map[string]bool{"claims": true, "message": true, "Type": true, "Rules": true, "login": true}
	tests := []struct {
		name, nearest string
		close         bool
	}{
		{"clams", "claims", true},
		{"mesage", "message", true},
		{"type", "Type", true},
		{"Rule", "Rules", true},
		{"lgoin", "login", true}, // a swap is one edit
		{"xyz", "Type", false},
	}
	for _, tt := range tests {
		got, close := Nearest(tt.name, known)
		if got != tt.nearest || close != tt.close {
			t.Errorf("Nearest(%q) = %q, %v; want %q, %v", tt.name, got, close, tt.nearest, tt.close)
		}
	}
}

// FuzzCheck: Check never panics, and reports issues only for documents
// encoding/json reads.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{`{}`, `{"nmae": 1}`, `{"cases": [{"want": {"mesage": 1}}]}`, `{"pool": {"RoleMapings": 1}}`, `[`, `{"a":`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		report, err := Check(data, testSchema)
		if err != nil && (report.Issues != nil || report.More != 0) {
			t.Fatalf("issues %v with error %v", report, err)
		}
		if len(report.Issues) > MaxIssues || report.More > 0 && len(report.Issues) < MaxIssues {
			t.Fatalf("%d issues and %d more", len(report.Issues), report.More)
		}
		for _, is := range report.Issues {
			if is.Line < 1 || is.Col < 1 || is.Duplicate && (is.FirstLine < 1 || is.FirstCol < 1 || is.FirstLine > is.Line) {
				t.Fatalf("issue %v has no place", is)
			}
			if len(is.String()) > 4096 {
				t.Fatalf("issue of %d bytes", len(is.String()))
			}
		}
	})
}

// checkLinearDocs are documents whose naive handling grows with the square
// of their size: 150,000 unknown members, each of whose places counted the
// lines from the start; 10,000 nested arrays, each of whose paths copied
// its parent's (both about 40× decoding the document); and 100,000 near
// misses of a loose schema's names, each compared with every name in full.
func checkLinearDocs() []struct {
	name   string
	doc    []byte
	schema *Schema
} {
	var many strings.Builder
	many.WriteString(`{"cases": [`)
	for i := range 150000 {
		if i > 0 {
			many.WriteString(",\n")
		}
		many.WriteString(`{"x": 1}`)
	}
	many.WriteString("]}")
	var near strings.Builder
	near.WriteString(`{`)
	for i := range 100000 {
		if i > 0 {
			near.WriteString(",\n")
		}
		near.WriteString(`"RoleMapingz` + strconv.Itoa(i%10) + `": 1`)
	}
	near.WriteString("}")
	loose := &Schema{Loose: true, Members: map[string]*Schema{}}
	for _, k := range []string{"RoleMappings", "RoleMappingz", "IdentityPoolId", "IdentityPoolName", "Roles", "RolesMappings", "RuleMappings", "RoleMaps"} {
		loose.Members[k] = nil
	}
	schema := &Schema{Members: map[string]*Schema{"cases": {Items: &Schema{Members: map[string]*Schema{"name": nil}}}}}
	return []struct {
		name   string
		doc    []byte
		schema *Schema
	}{
		{"many unknown members", []byte(many.String()), schema},
		{"deep arrays", []byte(strings.Repeat("[", 9999) + strings.Repeat("]", 9999)), schema},
		{"near misses", []byte(near.String()), loose},
	}
}

// TestCheckLinear checks that Check's work on checkLinearDocs is linear:
// the bytes it steps over to place issues and the distance cells it
// computes, at most a few times the document's size, and its allocations
// within a small multiple of decoding the document with encoding/json.
func TestCheckLinear(t *testing.T) {
	for _, tc := range checkLinearDocs() {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.doc
			var report Report
			var err error
			steps := work.Count(func() { report, err = Check(data, tc.schema) })
			if err != nil {
				t.Fatal(err)
			}
			alloc := timing.Allocated(func() { _, _ = Check(data, tc.schema) })
			base := timing.DecodeAllocated(t, data)
			t.Logf("%d bytes: work %d (%.1f× the size), %d bytes allocated (%.1f× decoding's)", len(data), steps,
				float64(steps)/float64(len(data)), alloc, float64(alloc)/float64(base))
			if steps > 20*len(data) {
				t.Errorf("Check did %d steps, over 20× the document's %d bytes", steps, len(data))
			}
			if alloc > 16*base {
				t.Errorf("Check allocated %d bytes, over 16× decoding the document (%d)", alloc, base)
			}
			if tc.name == "many unknown members" {
				if len(report.Issues) != MaxIssues || report.More != 150000-MaxIssues {
					t.Fatalf("%d issues and %d more, want %d and %d", len(report.Issues), report.More, MaxIssues, 150000-MaxIssues)
				}
				last := report.Issues[len(report.Issues)-1]
				if last.Line != MaxIssues || last.Col != 2 || last.Path != "cases[99].x" {
					t.Errorf("last issue at %s line %d column %d; want cases[99].x, line 100, column 2", last.Path, last.Line, last.Col)
				}
			}
		})
	}
}

// BenchmarkCheck: Check on checkLinearDocs, beside decoding each.
func BenchmarkCheck(b *testing.B) {
	for _, tc := range checkLinearDocs() {
		b.Run("doc="+strings.ReplaceAll(tc.name, " ", "_")+"/op=check", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Check(tc.doc, tc.schema)
			}
		})
		b.Run("doc="+strings.ReplaceAll(tc.name, " ", "_")+"/op=decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = json.Unmarshal(tc.doc, &v)
			}
		})
	}
}

// TestDistanceWithin checks the banded distance against the full one on
// every pair of short strings over a small alphabet.
func TestDistanceWithin(t *testing.T) {
	var words []string
	var gen func(prefix string)
	gen = func(prefix string) {
		words = append(words, prefix)
		if len(prefix) < 4 {
			for _, c := range "abA" {
				gen(prefix + string(c))
			}
		}
	}
	gen("")
	for _, a := range words {
		for _, b := range words {
			for limit := 0; limit <= 2; limit++ {
				full := distance(a, b)
				got, _ := distanceWithin(a, b, limit)
				if full <= limit && got != full || full > limit && got <= limit {
					t.Fatalf("distanceWithin(%q, %q, %d) = %d; distance = %d", a, b, limit, got, full)
				}
			}
		}
	}
}
