package rolemaptest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// RunFile runs the case file at path (its format: package
// rolemap/casefile) as subtests of t, one per check, named by the case's
// name: it is [casefile.CheckFile] with each [casefile.Result] a subtest.
// Each case is resolved twice, with and without a trace, and the two
// decisions must agree. A file with invalid checks that the set of paths
// validation reports equals the list; a file with unreachable or findings
// checks what the linter reports. Every failure names the file and the
// case, and prints the request, what was wanted, what was got, and the
// decision's explanation with its rule trace. A file that cannot be read,
// parsed or imported fails t.
func RunFile(t *testing.T, path string) {
	t.Helper()
	report(t, casefile.CheckFile(path))
}

// RunDir runs every case file under dir ([casefile.FindCaseFiles]), as
// subtests of t named by the file's path below dir without .json, each
// with a subtest per case: a team keeps its case files in its own
// repository and needs one test function:
//
//	func TestPools(t *testing.T) { rolemaptest.RunDir(t, "testdata/pools") }
//
// It fails when dir holds no case file, so that a wrong path is not a
// silent pass.
func RunDir(t *testing.T, dir string) {
	t.Helper()
	files, _, err := casefile.FindCaseFiles(dir)
	if err != nil {
		t.Fatalf("rolemaptest: %v", err)
	}
	for _, path := range files {
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			rel = path
		}
		t.Run(strings.TrimSuffix(filepath.ToSlash(rel), ".json"), func(t *testing.T) { RunFile(t, path) })
	}
}

// Run runs a parsed case file as subtests of t; see [RunFile]. A file
// with a source must be loaded first ([casefile.File.Load]).
func Run(t *testing.T, f *File) {
	t.Helper()
	report(t, casefile.Check(f, "case file"))
}

// report turns a Report into subtests: a file that could not be checked,
// or whose pool does not compile, fails t itself.
func report(t *testing.T, r casefile.Report) {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("%s:\n\t%s", r.File, strings.ReplaceAll(r.Err.Error(), "\n", "\n\t"))
	}
	for _, n := range r.Notes {
		t.Logf("%s: %s", r.File, n)
	}
	for _, res := range r.Results {
		if res.Kind == "pool" {
			t.Fatal(res.Failure)
		}
		t.Run(res.Name, func(t *testing.T) {
			if res.Failure != "" {
				t.Error(res.Failure)
			}
		})
	}
}
