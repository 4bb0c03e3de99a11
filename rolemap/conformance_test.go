package rolemap_test

import (
	"path/filepath"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// TestConformance runs every case file in testdata/conformance, a copy of
// ../shared/conformance kept in sync by TestConformanceInSync.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/conformance/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no case files in testdata/conformance")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { rolemaptest.RunFile(t, f) })
	}
}
