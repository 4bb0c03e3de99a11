package jsonpos

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/timing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		path string
		want []Step
	}{
		{"", nil},
		{"Roles.authenticated", []Step{{"Roles", -1}, {"authenticated", -1}}},
		{`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3].Value`,
			[]Step{{"RoleMappings", -1}, {"accounts.google.com", -1}, {"RulesConfiguration", -1}, {"Rules", -1}, {"", 3}, {"Value", -1}}},
		{`Resources.Attach.Properties.Roles.Fn::GetAtt`, []Step{{"Resources", -1}, {"Attach", -1}, {"Properties", -1}, {"Roles", -1}, {"Fn::GetAtt", -1}}},
		{`a["q\"uote]"].b`, []Step{{"a", -1}, {`q"uote]`, -1}, {"b", -1}}},
		{`a["long…"… (900 bytes)].b`, []Step{{"a", -1}}},
		{`a[x].b`, []Step{{"a", -1}}},
		{`a[-1]`, []Step{{"a", -1}}},
		{`a["unterminated`, []Step{{"a", -1}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Split(tt.path)); diff != "" {
			t.Errorf("Split(%q) (-want +got):\n%s", tt.path, diff)
		}
	}
}

const doc = `{
  "IdentityPoolId": "us-east-1:x",
  "Roles": {"authenticated": "arn"},
  "RoleMappings": {
    "accounts.google.com": {
      "Type": "Rules",
      "RulesConfiguration": {"Rules": [
        {"Claim": "a", "Value": "x"},
        {"Claim": "é\"\\", "Value": [1, {"x": "]"}]},
        {"Claim": "c", "Value": "z"}
      ]}
    }
  }
}`

func TestLocate(t *testing.T) {
	paths := []string{
		"IdentityPoolId",
		"Roles.authenticated",
		`RoleMappings["accounts.google.com"]`,
		`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0]`,
		`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[2].Value`,
		`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[9].Value`, // no such rule: the list
		`RoleMappings["accounts.google.com"].AmbiguousRoleResolution`,           // missing: the mapping
		"Nothing",
		"",
	}
	want := []Pos{
		{2, 3, 1},
		{3, 13, 2},
		{5, 5, 2},
		{8, 9, 5},
		{10, 24, 6},
		{7, 30, 4},
		{5, 5, 2},
		{1, 1, 0},
		{1, 1, 0},
	}
	if diff := cmp.Diff(want, Locate([]byte(doc), paths)); diff != "" {
		t.Errorf("Locate (-want +got):\n%s", diff)
	}
}

// TestLocateColumnsCountCodePoints: a column after "é" counts it once.
func TestLocateColumnsCountCodePoints(t *testing.T) {
	got := Locate([]byte(`{"é": 1, "b": 2}`), []string{"b"})
	if want := (Pos{1, 10, 1}); got[0] != want {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
}

// TestLocateDuplicate places the first of two members of one name.
func TestLocateDuplicate(t *testing.T) {
	got := Locate([]byte(`{"a": {"b": 1}, "a": {"b": 2}}`), []string{"a.b"})
	if want := (Pos{1, 8, 2}); got[0] != want {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
}

// TestLocateNotJSON never panics and stops where the document breaks.
func TestLocateNotJSON(t *testing.T) {
	for _, d := range []string{"", "{", `{"a"`, `{"a":`, `{"a": [`, `{"a": [1,`, `[,,]`, `{"a\`, `"\`, `{"a": {"b": "\`, "}", "]]]", `{"a": [{"b"}]}`} {
		Locate([]byte(d), []string{"a.b", "a[0].b", "[1]"})
	}
}

// TestLocateLinear: ten thousand paths into a megabyte cost one pass. It
// counts the bytes Locate steps over: placing each path by counting its
// line from the start stepped over 10,000 × half the document.
func TestLocateLinear(t *testing.T) {
	doc, paths := linearDoc(20000), linearPaths(10000)
	got, steps := locate(doc, paths)
	if got[9999].Depth != 3 {
		t.Errorf("last path: %+v", got[9999])
	}
	if steps > 3*len(doc) {
		t.Errorf("Locate stepped over %d bytes of a %d-byte document, over 3× its size", steps, len(doc))
	}
	// Its memory is that of the paths, not of the document times the paths.
	alloc := timing.Allocated(func() { Locate(doc, paths) })
	small := timing.Allocated(func() { Locate(linearDoc(5000), linearPaths(2500)) })
	t.Logf("%d bytes, %d paths: %d steps, %d bytes allocated (%d at a quarter of the size)", len(doc), len(paths), steps, alloc, small)
	if alloc > 5*small {
		t.Errorf("Locate allocated %d bytes at 4× the size of one that allocated %d; want about 4×", alloc, small)
	}
}

// linearDoc is {"x": [n objects of one 40-byte member]}.
func linearDoc(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"x": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"Claim": "` + strings.Repeat("a", 40) + `"}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// linearPaths are n paths to every other object of linearDoc.
func linearPaths(n int) []string {
	paths := make([]string, n)
	for i := range paths {
		paths[i] = "x[" + itoa(2*i) + "].Claim"
	}
	return paths
}

// BenchmarkLocate: ten thousand paths into a megabyte, beside decoding the
// document.
func BenchmarkLocate(b *testing.B) {
	doc, paths := linearDoc(20000), linearPaths(10000)
	b.Run("op=locate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Locate(doc, paths)
		}
	})
	b.Run("op=decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v any
			_ = json.Unmarshal(doc, &v)
		}
	})
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var s []byte
	for ; i > 0; i /= 10 {
		s = append([]byte{byte('0' + i%10)}, s...)
	}
	return string(s)
}

func FuzzLocate(f *testing.F) {
	f.Add([]byte(doc), `RoleMappings["accounts.google.com"].RulesConfiguration.Rules[1].Value`)
	f.Add([]byte(`[1,[2,{"a":"\u00e9"}]]`), `[1][1].a`)
	f.Fuzz(func(t *testing.T, data []byte, path string) {
		for _, p := range Locate(data, []string{path, path + ".x"}) {
			if p.Line < 1 || p.Column < 1 || p.Depth < 0 {
				t.Fatalf("bad position %+v", p)
			}
		}
	})
}

// TestLocateEscapedKey: a key written with a \u surrogate pair or \/ is the
// key decoded, as encoding/json reads it.
func TestLocateEscapedKey(t *testing.T) {
	doc := []byte("{\"a\": 1,\n \"\\ud83d\\ude00\\/x\": {\"b\": 2}}")
	got := Find(doc, [][]Step{{{Name: "😀/x", Index: -1}, {Name: "b", Index: -1}}})
	if want := (Found{Offset: 30, Depth: 2}); got[0] != want {
		t.Errorf("got %+v, want %+v", got[0], want)
	}
}
