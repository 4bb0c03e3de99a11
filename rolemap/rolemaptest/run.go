package rolemaptest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap"
)

// RunFile runs the case file at path (see the package docs) as subtests of t, one per
// case, named by the case's name. Each case is resolved twice, with and
// without a trace, and the two decisions must agree. A file with invalid
// checks that the set of paths validation reports equals the list; a file
// with unreachable or findings checks what the linter reports. Every
// failure names the file and the case, and prints the request, what was
// wanted, what was got, and the decision's explanation with its rule trace.
func RunFile(t *testing.T, path string) {
	t.Helper()
	report(t, CheckFile(path))
}

// RunDir runs every case file under dir ([FindCaseFiles]), as subtests
// of t named by the file's path below dir without .json, each with a
// subtest per case: a team keeps its case files in its own repository and
// needs one test function:
//
//	func TestPools(t *testing.T) { rolemaptest.RunDir(t, "testdata/pools") }
//
// It fails when dir holds no case file, so that a wrong path is not a
// silent pass.
func RunDir(t *testing.T, dir string) {
	t.Helper()
	files, err := caseFiles(dir)
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

// Run runs a parsed case file as subtests of t; see [RunFile].
func Run(t *testing.T, f *File) {
	t.Helper()
	report(t, Check(f, "case file"))
}

// report turns a Report into subtests: a file that could not be checked,
// or whose pool does not compile, fails t itself.
func report(t *testing.T, r Report) {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("%s:\n\t%s", r.File, joinLines(r.Err))
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

// observed is what a decision and its error say, without the trace.
type observed struct {
	Role, Reason, Key string
	Rule              int
	Code, Message     string
	Detail            string
}

func observe(d rolemap.Decision, err error) observed {
	var re *rolemap.Error
	if errors.As(err, &re) {
		return observed{Code: re.Code, Message: re.Message, Key: re.MappingKey, Detail: re.Detail, Rule: -1}
	}
	if err != nil {
		return observed{Code: err.Error(), Rule: -1}
	}
	return observed{Role: d.RoleARN, Reason: d.Reason.String(), Key: d.MappingKey, Rule: d.RuleIndex()}
}

func outcome(d rolemap.Decision, err error) Want {
	if err != nil {
		var re *rolemap.Error
		if errors.As(err, &re) {
			return Want{Error: re.Code, Message: re.Message}
		}
		return Want{Error: err.Error()}
	}
	return Want{Role: d.RoleARN}
}

func show(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(data)
}

func itoa(i int) string { return strings.TrimSpace(show(i)) }

func indent(s string) string { return "\t" + strings.ReplaceAll(s, "\n", "\n\t") }

// set sorts a list and drops repeats.
func set(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}

// Skipped is a folder or file under a folder that [FindCaseFiles] did not
// take as a case file, and why.
type Skipped struct {
	Path, Why string
}

// skipDirs are folders of dependencies and build output, never searched
// for case files: a CDK project's node_modules holds thousands of JSON
// files that are not case files.
var skipDirs = map[string]string{
	"node_modules": "dependencies",
	"vendor":       "dependencies",
	"cdk.out":      "build output",
}

// caseFileMembers are the top-level members of which a case file has at
// least one.
var caseFileMembers = []string{"pool", "source", "cases", "invalid", "unreachable", "findings"}

// FindCaseFiles lists the case files (*.json) under dir, at any depth, in
// lexical order, as [CheckDir] and [RunDir] find them. It does not search
// dependency and build folders (node_modules, vendor, cdk.out) or
// dot-folders (.git, .terraform…), and it skips a JSON object with none
// of a case file's top-level members (pool, source, cases, invalid,
// unreachable, findings), such as package.json: those are listed in
// skipped. A file it cannot read or parse is listed as a case file, so
// that checking it reports why. It fails for a folder it cannot walk and
// one that holds no case file ([ErrNoCaseFiles]).
func FindCaseFiles(dir string) (files []string, skipped []Skipped, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == dir {
				return nil
			}
			name := d.Name()
			if why, ok := skipDirs[name]; ok {
				skipped = append(skipped, Skipped{path, "a folder of " + why})
				return filepath.SkipDir
			}
			if strings.HasPrefix(name, ".") {
				skipped = append(skipped, Skipped{path, "a hidden folder"})
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".json") {
			return nil
		}
		if why := notCaseFile(path); why != "" {
			skipped = append(skipped, Skipped{path, why})
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, skipped, fmt.Errorf("%s: %w", dir, ErrNoCaseFiles)
	}
	return files, skipped, nil
}

// notCaseFile says why the JSON file at path is not a case file, or ""
// when it may be one (or cannot be read: checking it says why).
func notCaseFile(path string) string {
	data, err := readfile.Read(path, rolemap.MaxDocumentSize)
	if err != nil {
		return ""
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && json.Valid(data) {
			return "JSON that is not an object"
		}
		return "" // a syntax error: report it
	}
	for _, m := range caseFileMembers {
		if _, ok := top[m]; ok {
			return ""
		}
	}
	return "no case file member (pool, source, cases, invalid, unreachable, findings)"
}
