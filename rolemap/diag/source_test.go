package diag

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/internal/jsonpos"
)

const pool = `{
  "IdentityPoolId": "us-east-1:x",
  "Roles": {"authenticated": "arn"},
  "RoleMappings": {
    "ключ.example.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny"},
    "accounts.google.com": {
      "Type": "Rules",
      "RulesConfiguration": {"Rules": [
        {"Claim": "a", "Value": "x"},
        {"Claim": "é", "Value": "y"},
        {"Claim": "c", "Value": "z"}
      ]}
    }
  }
}`

func rule(key string, i int) Path {
	return Root("RoleMappings").Key(key).Member("RulesConfiguration").Member("Rules").Index(i)
}

func TestPlace(t *testing.T) {
	caseFile := "{\"name\": \"ü\", \"pool\": " + pool + "}"
	tests := []struct {
		name string
		data string
		off  int
		path Path
		want Range
	}{
		{"top member", pool, 0, Root("IdentityPoolId"), Range{"f.json", 2, 3}},
		{"key", pool, 0, Root("Roles").Key("authenticated"), Range{"f.json", 3, 13}},
		{"after a multi-byte key", pool, 0, Root("RoleMappings").Key("ключ.example.com").Member("AmbiguousRoleResolution"), Range{"f.json", 5, 43}},
		{"after a multi-byte value", pool, 0, rule("accounts.google.com", 1).Member("Value"), Range{"f.json", 10, 24}},
		{"array element", pool, 0, rule("accounts.google.com", 2), Range{"f.json", 11, 9}},
		{"missing member: its parent", pool, 0, rule("accounts.google.com", 0).Member("RoleARN"), Range{"f.json", 9, 9}},
		{"missing element: the list", pool, 0, rule("accounts.google.com", 7).Member("Value"), Range{"f.json", 8, 30}},
		{"negative index: the list", pool, 0, rule("accounts.google.com", -1), Range{"f.json", 8, 30}},
		{"whole document", pool, 0, nil, Range{"f.json", 1, 1}},
		{"embedded at an offset", caseFile, len(`{"name": "ü", "pool": `), Root("Roles").Key("authenticated"), Range{"f.json", 3, 13}},
		{"embedded: its first line", caseFile, len(`{"name": "ü", "pool": `), nil, Range{"f.json", 1, 23}},
		{"embedded: a path after é", caseFile, len(`{"name": "ü", "pool": `), rule("accounts.google.com", 1).Member("Value"), Range{"f.json", 10, 24}},
		{"long key placed whole", `{"a": {"` + strings.Repeat("k", 5000) + `x": 1, "` + strings.Repeat("k", 5000) + `": {"b": 2}}}`, 0,
			Root("a").Key(strings.Repeat("k", 5000)).Member("b"), Range{"f.json", 1, 10021}},
		{"not JSON", `{"a": [`, 0, Root("a").Index(3), Range{"f.json", 1, 2}},
		{"offset past the end", pool, 1 << 20, Root("Roles"), Range{"f.json", 15, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := []Diagnostic{{Path: tt.path, Related: []Path{Root("IdentityPoolId")}}}
			NewSource("f.json", []byte(tt.data)).At(tt.off, ds)
			if diff := cmp.Diff(tt.want, ds[0].Range); diff != "" {
				t.Errorf("Range (-want +got):\n%s", diff)
			}
			if len(ds[0].RelatedRanges) != 1 || ds[0].RelatedRanges[0].Line < 1 {
				t.Errorf("RelatedRanges = %+v", ds[0].RelatedRanges)
			}
		})
	}
}

// TestPlaceRelated places every path of every diagnostic, related ones
// included, in their order.
func TestPlaceRelated(t *testing.T) {
	ds := []Diagnostic{
		{Path: rule("accounts.google.com", 2), Related: []Path{rule("accounts.google.com", 0), rule("accounts.google.com", 1)}},
		{Path: Root("Roles")},
		{Path: Root("IdentityPoolId"), Related: []Path{Root("Nothing")}},
	}
	NewSource("p.json", []byte(pool)).Place(ds)
	type got struct {
		At      Range
		Related []Range
	}
	want := []got{
		{Range{"p.json", 11, 9}, []Range{{"p.json", 9, 9}, {"p.json", 10, 9}}},
		{Range{"p.json", 3, 3}, nil},
		{Range{"p.json", 2, 3}, []Range{{"p.json", 1, 1}}},
	}
	var have []got
	for _, d := range ds {
		have = append(have, got{d.Range, d.RelatedRanges})
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestOffsets: a byte offset's column counts code points.
func TestOffsets(t *testing.T) {
	got := NewSource("f", []byte("ab\n日本x\n")).Offsets([]int{7, 0, 100, -1, 3})
	want := []Range{{"f", 2, 3}, {"f", 1, 1}, {"f", 3, 1}, {"f", 1, 1}, {"f", 2, 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPathString(t *testing.T) {
	tests := []struct {
		path Path
		want string
	}{
		{nil, ""},
		{Root("Roles").Key("authenticated"), `Roles["authenticated"]`},
		{rule("accounts.google.com", 3).Member("Value"), `RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3].Value`},
		{Root("Resources").Member("Attach").Member("Properties").Member("Roles").Member("Fn::GetAtt"), `Resources.Attach.Properties.Roles.Fn::GetAtt`},
		{RootKey("arn:aws:iam::1:role/x").Member("Statement").Index(0), `["arn:aws:iam::1:role/x"].Statement[0]`},
		{Path{}.Index(2).Member("a"), `[2].a`},
		{Root("a").Key("q\"uote]"), `a["q\"uote]"]`},
		{Root("a").Key(strings.Repeat("k", 2000)), `a["` + strings.Repeat("k", 512) + `"… (2000 bytes)]`},
	}
	for _, tt := range tests {
		if got := tt.path.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// TestPathImmutable: extending a path never changes another built from
// the same prefix.
func TestPathImmutable(t *testing.T) {
	base := Root("a").Member("b")
	x, y := base.Member("x"), base.Member("y")
	if x.String() != "a.b.x" || y.String() != "a.b.y" || base.String() != "a.b" {
		t.Errorf("got %s %s %s", x, y, base)
	}
	j := base.Join(Root("c"))
	_ = base.Join(Root("d"))
	if j.String() != "a.b.c" {
		t.Errorf("Join: %s", j)
	}
}

// TestPlaceOnePass: placing ten thousand diagnostics in a megabyte steps
// over each byte a bounded number of times, where placing each path by
// counting lines from the start, as the command did per finding, steps
// over ten thousand times half the document.
func TestPlaceOnePass(t *testing.T) {
	doc, ds := bigDoc(20000), bigDiagnostics(10000)
	work := NewSource("f", doc).at(0, ds)
	if work > 3*len(doc) {
		t.Errorf("Place stepped over %d bytes of a %d-byte document, over 3× its size", work, len(doc))
	}
	if got := ds[9999].Range; got.Line != 1 || got.Column < 2 {
		t.Errorf("last diagnostic: %+v", got)
	}
}

// bigDoc is {"x": [n objects of one 40-byte member]}.
func bigDoc(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"x": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"Claim": "` + strings.Repeat("é", 20) + `"}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// bigDiagnostics are n diagnostics about every other object of bigDoc.
func bigDiagnostics(n int) []Diagnostic {
	ds := make([]Diagnostic, n)
	for i := range ds {
		ds[i].Path = Root("x").Index(2 * i).Member("Claim")
	}
	return ds
}

// BenchmarkPlace compares placing N diagnostics in one pass with placing
// them one path at a time (a pass per path, as the command's atPath and
// metadata placement did).
func BenchmarkPlace(b *testing.B) {
	for _, n := range []int{10, 1000} {
		doc, ds := bigDoc(2000), bigDiagnostics(n)
		b.Run("n="+strconv.Itoa(n)+"/op=one-pass", func(b *testing.B) {
			b.ReportAllocs()
			src := NewSource("f", doc)
			for b.Loop() {
				src.Place(ds)
			}
		})
		b.Run("n="+strconv.Itoa(n)+"/op=per-path", func(b *testing.B) {
			b.ReportAllocs()
			paths := make([]string, len(ds))
			for i, d := range ds {
				paths[i] = d.Path.String()
			}
			for b.Loop() {
				for _, p := range paths {
					jsonpos.Locate(doc, []string{p})
				}
			}
		})
	}
}

// FuzzPlace: placing never panics, every range is in the file, and a path
// the document has is placed where jsonpos places its text.
func FuzzPlace(f *testing.F) {
	f.Add([]byte(pool), 0, "accounts.google.com", 1, "Value")
	for _, tpl := range fixtures.Templates(f, "..") {
		f.Add(tpl.Data, 0, "Resources", 0, "Properties")
	}
	for _, top := range fixtures.CaseFiles(f, "..") {
		if p := top["pool"]; len(p) > 0 {
			doc := append(append([]byte(`{"pool": `), p...), '}')
			f.Add(doc, len(`{"pool": `), "RoleMappings", 0, "Type")
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, off int, key string, i int, member string) {
		ds := []Diagnostic{
			{Path: Root(key).Index(i).Member(member), Related: []Path{Root("RoleMappings").Key(key), nil}},
			{Path: Root("RoleMappings").Key(key).Member(member)},
		}
		src := NewSource("f", data)
		src.At(off, ds)
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range ds {
			for _, r := range append([]Range{d.Range}, d.RelatedRanges...) {
				if r.Line < 1 || r.Line > lines || r.Column < 1 || r.Column > len(data)+1 {
					t.Fatalf("range %+v outside a %d-line, %d-byte file", r, lines, len(data))
				}
			}
		}
		if off == 0 && !strings.ContainsAny(key+member, `[]."\`) && i >= 0 {
			p := Root("RoleMappings").Key(key).Member(member)
			want := jsonpos.Locate(data, []string{"RoleMappings[" + strconv.Quote(key) + "]." + member})[0]
			got := src.Ranges(p)[0]
			if got.Line != want.Line || got.Column != want.Column {
				t.Errorf("%s placed at %d:%d, jsonpos at %d:%d", p, got.Line, got.Column, want.Line, want.Column)
			}
		}
	})
}

func TestValue(t *testing.T) {
	data := []byte("{\"n\\\"ame\": 1, \"pool\" :\n {\"Roles\": {}}, \"list\": [1, [2]]}")
	tests := []struct {
		path   Path
		want   string
		wantOK bool
	}{
		{Root("pool"), `{"Roles": {}}`, true},
		{Root("pool").Member("Roles"), `{}`, true},
		{Root("n\"ame"), `1`, true},
		{Root("list").Index(1), `[2]`, true},
		{Root("list").Index(2), ``, false},
		{Root("nothing"), ``, false},
		{nil, string(data), true},
	}
	for _, tt := range tests {
		off, ok := NewSource("f", data).Value(tt.path)
		got := ""
		if ok {
			got = string(data[off:])[:len(tt.want)]
		}
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("Value(%s) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.wantOK)
		}
	}
}
