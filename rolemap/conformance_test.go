package rolemap_test

import (
	"path/filepath"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// TestConformance runs every case file in testdata/conformance, a copy of
// ../shared/conformance that .ci/run keeps identical.
func TestConformance(t *testing.T) { runCaseFiles(t, "testdata/conformance/*.json") }

// TestCases runs this library's own case files, which pin down the reference's rules
// beyond the conformance sample.
func TestCases(t *testing.T) { runCaseFiles(t, "testdata/cases/*.json") }

func runCaseFiles(t *testing.T, glob string) {
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no case files match %s", glob)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { rolemaptest.RunFile(t, f) })
	}
}
