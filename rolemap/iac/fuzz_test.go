package iac_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// The importers' fuzz targets: on any input an importer never panics,
// returns a result or an error (never both), ends within 2 s and allocates
// at most 64× its input plus a fixed 1 MiB.

// FuzzCloudFormation takes raw bytes, seeded with the real cdk synth
// templates.
func FuzzCloudFormation(f *testing.F) {
	for _, data := range fixtures(f, "testdata/cdk*/*.template.json") {
		f.Add(data)
	}
	f.Add(roleTemplate(`{"Fn::Sub": ["${A}${!B}", {"A": {"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]}}]}`))
	f.Add(roleTemplate(`{"Fn::If": ["Loop1", {"Fn::GetAtt": ["Cyclic", "Arn"]}, {"Ref": "AWS::NoValue"}]}`))
	f.Add(findInMapChain(8))
	f.Add(subChain(8))
	f.Fuzz(func(t *testing.T, data []byte) { checkImport(t, iac.CloudFormation, data) })
}

// FuzzTerraform takes raw bytes, seeded with the Terraform fixtures.
func FuzzTerraform(f *testing.F) {
	for _, data := range fixtures(f, "testdata/terraform/*.json") {
		f.Add(data)
	}
	f.Add(tfPlan("[0]", tfProviders, `"aws_iam_role.r.arn"`))
	f.Add(moduleFanOut(6))
	f.Fuzz(func(t *testing.T, data []byte) { checkImport(t, iac.Terraform, data) })
}

// FuzzCloudFormationEdit and FuzzTerraformEdit reach deep into real
// documents, which random bytes seldom keep valid JSON far enough to do:
// each input picks a fixture, a value in it (by its place in a walk of the
// document) and what replaces it (a JSON value, or else a string).
func FuzzCloudFormationEdit(f *testing.F) {
	docs := decodedFixtures(f, "testdata/cdk*/*.template.json")
	for i := range docs {
		f.Add(uint8(i), uint16(7*i+3), `{"Ref": "AWS::Region"}`)
		f.Add(uint8(i), uint16(40+i), `{"Fn::GetAtt": ["X", "Arn"]}`)
	}
	f.Fuzz(func(t *testing.T, doc uint8, at uint16, value string) {
		checkImport(t, iac.CloudFormation, edit(t, docs[int(doc)%len(docs)], int(at), value))
	})
}

func FuzzTerraformEdit(f *testing.F) {
	docs := decodedFixtures(f, "testdata/terraform/*.json")
	for i := range docs {
		f.Add(uint8(i), uint16(11*i+5), `true`)
		f.Add(uint8(i), uint16(60+i), `{"references": ["var.x", "aws_iam_role.r[0].arn"]}`)
	}
	f.Fuzz(func(t *testing.T, doc uint8, at uint16, value string) {
		checkImport(t, iac.Terraform, edit(t, docs[int(doc)%len(docs)], int(at), value))
	})
}

func fixtures(f *testing.F, glob string) [][]byte {
	names, err := filepath.Glob(glob)
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures %s: %v", glob, err)
	}
	var out [][]byte
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

func decodedFixtures(f *testing.F, glob string) []any {
	var out []any
	for _, data := range fixtures(f, glob) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			f.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// edit returns doc, re-encoded, with its at-th value (in a depth-first
// walk, modulo their number) replaced by value read as JSON, or as a
// string when it is not JSON.
func edit(t *testing.T, doc any, at int, value string) []byte {
	var repl any
	if json.Unmarshal([]byte(value), &repl) != nil {
		repl = value
	}
	n := count(doc)
	target := at % n
	seen := 0
	var walk func(v any) any
	walk = func(v any) any {
		if seen == target {
			seen++
			return repl
		}
		seen++
		switch t := v.(type) {
		case map[string]any:
			c := make(map[string]any, len(t))
			for k, e := range t {
				c[k] = walk(e)
			}
			return c
		case []any:
			c := make([]any, len(t))
			for i, e := range t {
				c[i] = walk(e)
			}
			return c
		}
		return v
	}
	data, err := json.Marshal(walk(doc))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func count(v any) int {
	n := 1
	switch t := v.(type) {
	case map[string]any:
		for _, e := range t {
			n += count(e)
		}
	case []any:
		for _, e := range t {
			n += count(e)
		}
	}
	return n
}

func checkImport(t *testing.T, imp func([]byte, ...iac.Option) (*iac.Result, error), data []byte) {
	t.Helper()
	var res *iac.Result
	var err error
	// Bounded by what it allocates, not by a clock; an import that would
	// stall is what the template importer's step budget ends, and go
	// test's -timeout is the watchdog.
	alloc := timing.Allocated(func() {
		res, err = imp(data, iac.WithBindings(map[string]string{"AWS::Region": "eu-west-1"}))
	})
	if (res == nil) == (err == nil) {
		t.Errorf("import = %v, %v; want a result or an error", res, err)
	}
	if limit := 64*uint64(len(data)) + 1<<20; alloc > limit {
		t.Errorf("the import of %d bytes allocated %d, over 64× its input plus 1 MiB", len(data), alloc)
	}
}
