package input_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

// FuzzDetect feeds inputs to the detection and the reader: neither
// panics, an error is an *input.Error about the file with no kind, and
// what Detect calls a pool document Load reads or refuses with such an
// error. Seeded from the repository's real inputs: cdk synth templates,
// case files' pools (deployment documents among them), plans and the
// command's test inputs.
func FuzzDetect(f *testing.F) {
	for _, t := range fixtures.Templates(f, "..") {
		f.Add(t.Data)
	}
	for _, p := range fixtures.Members(f, "..", "pool") {
		f.Add([]byte(p))
	}
	for _, pattern := range []string{"../iac/testdata/terraform/*.json", "../cmd/rolemap/testdata/*.json"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := input.File{Name: "in.json", Data: data}
		kind, err := input.Detect(file, input.Auto)
		if err != nil {
			var ie *input.Error
			if kind != "" || !errors.As(err, &ie) || ie.Path != "in.json" {
				t.Fatalf("Detect() = %q, %#v", kind, err)
			}
			return
		}
		if kind != input.PoolDocument {
			return
		}
		l, err := (&input.Loader{Files: map[string][]byte{"in.json": data}}).Load("in.json")
		if err != nil {
			var ie *input.Error
			if !errors.As(err, &ie) || ie.Path != "in.json" {
				t.Fatalf("Load() error %#v, want an *input.Error about in.json", err)
			}
			return
		}
		if len(l.Pools) != 1 {
			t.Fatalf("a pool document read as %d pools", len(l.Pools))
		}
		if _, err := l.Deployment(""); err != nil {
			t.Fatalf("Deployment() error %v", err)
		}
	})
}
