package cfnyaml_test

import (
	"encoding/json"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml"
)

// FuzzDecode: whatever the bytes, Decode returns a JSON twin that is
// valid JSON, or errors that are placed; it never panics, and neither do
// placing paths in its result and importing it. Seeded with every YAML
// fixture of testdata and the templates of the tests.
func FuzzDecode(f *testing.F) {
	for y := range fixtures(f) {
		f.Add(read(f, y))
	}
	f.Add([]byte(shortForms))
	f.Add([]byte("A: &a [1]\nB: *a\n<<: *a\nA: 2\n"))
	f.Add([]byte("V: !GetAtt\nW: !Ref [x]\nX: !!binary aGk=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := cfnyaml.Decode(data)
		if err != nil {
			for _, e := range iac.Errors(err) {
				if e.Line < 1 || e.Column < 1 {
					t.Errorf("error not placed: %+v", e)
				}
			}
			return
		}
		if !json.Valid(d.JSON) {
			t.Fatalf("twin is not JSON: %s", d.JSON)
		}
		paths := []diag.Path{nil, diag.Root("Resources"), diag.Root("Resources").Member("Pool").Member("Properties").Index(0),
			diag.Root("Resources").Key("a.b").Member("x").Index(3), diag.Root("Resources").Index(-1)}
		for _, p := range d.Place(paths) {
			if p.Line < 1 || p.Column < 1 {
				t.Errorf("position %+v", p)
			}
		}
		_, _ = iac.CloudFormation(data)
	})
}
