package rolemaptest

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/rolemap"
)

// RunFile runs the case file at path (SPEC §6) as subtests of t, one per
// case, named by the case's name. Each case is resolved twice, with and
// without a trace, and the two decisions must agree. A file with invalid
// checks that the set of paths validation reports equals the list; a file
// with unreachable or findings checks what the linter reports. Every
// failure names the file and the case, and prints the request, what was
// wanted, what was got, and the decision's explanation with its rule trace.
func RunFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("rolemaptest: %v", err)
	}
	f, err := ParseFile(data)
	if err != nil {
		t.Fatalf("%s:\n\t%s", path, joinLines(err))
	}
	if err := f.Load(filepath.Dir(path)); err != nil {
		t.Fatalf("%s:\n\t%s", path, joinLines(err))
	}
	run(t, f, path)
}

// RunDir runs every case file (*.json) under dir, at any depth, as subtests
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
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("rolemaptest: %v", err)
	}
	if len(files) == 0 {
		t.Fatalf("rolemaptest: no case files (*.json) under %s", dir)
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
	run(t, f, "case file")
}

func run(t *testing.T, f *File, name string) {
	t.Helper()
	if f.Source != nil && f.Imported == nil {
		t.Fatalf("%s: the pool comes from a source: call File.Load first", name)
	}
	if f.Imported != nil {
		for _, s := range f.Imported.Placeholders {
			t.Logf("%s: placeholder %s", name, s)
		}
	}
	res, err := rolemap.Compile(f.Pool, f.Options()...)
	if f.Invalid != nil {
		checkInvalid(t, f, name, err)
		return
	}
	if err != nil {
		t.Fatalf("%s: the pool must be valid; Compile: %v", name, err)
	}
	if f.Unreachable != nil {
		checkUnreachable(t, f, name)
	}
	if f.Findings != nil {
		checkFindings(t, f, name)
	}
	for i, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Helper()
			req := c.Request()
			d, err := res.Resolve(req)
			req.Trace = true
			td, terr := res.Resolve(req)
			where := name + ": case " + show(c.Name) + " (cases[" + itoa(i) + "])"
			if diff := cmp.Diff(observe(d, err), observe(td, terr)); diff != "" {
				t.Errorf("%s: the decisions with and without a trace differ (-untraced +traced):\n%s", where, diff)
			}
			got := outcome(d, err)
			want := c.Want
			if want.Error != "" && want.Message == "" {
				got.Message = ""
			}
			if got != want {
				t.Errorf("%s:\nwant %s\ngot  %s\nlogin %s, claims %s, customRoleArn %s\n%s",
					where, show(want), show(got), show(c.Login), show(c.Claims), show(c.CustomRoleARN), indent(rolemap.Explain(td, terr)))
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

func checkInvalid(t *testing.T, f *File, name string, err error) {
	t.Helper()
	t.Run("invalid", func(t *testing.T) {
		if err == nil {
			t.Fatalf("%s: the pool must be invalid at %q; Compile accepted it", name, f.Invalid)
		}
		var ve *rolemap.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: Compile: %v; want a *rolemap.ValidationError", name, err)
		}
		var got []string
		for _, fe := range ve.Errors {
			got = append(got, fe.Path)
		}
		if diff := cmp.Diff(set(f.Invalid), set(got), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: error paths (-want +got):\n%s\nerrors:\n%v", name, diff, err)
		}
	})
}

// set sorts a list and drops repeats.
func set(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}
