package reference_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/internal/reference"
)

// TestConformance checks the reference evaluator on its own against every
// conformance case file, independently of rolemap's resolver: valid pools
// decide every case as the file says, invalid pools report exactly the
// file's paths.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob("../../testdata/conformance/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no conformance case files found")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := casefile.ParseFile(data)
			if err != nil {
				t.Fatal(err)
			}
			maxRules := f.MaxRules
			if maxRules == 0 {
				maxRules = spec.DefaultMaxRules
			}
			paths := reference.Validate(f.Pool, maxRules)
			if f.Invalid != nil {
				want := slices.Sorted(slices.Values(f.Invalid))
				if diff := cmp.Diff(want, paths); diff != "" {
					t.Errorf("Validate() paths (-want +got):\n%s", diff)
				}
				return
			}
			if len(paths) != 0 {
				t.Fatalf("Validate() = %q; want a valid pool", paths)
			}
			for _, c := range f.Cases {
				t.Run(c.Name, func(t *testing.T) {
					got := reference.Resolve(f.Pool, c.Request())
					// The reference decides the role choice only: the
					// tags, the trust check and the generated claims come
					// after it. A case refused by them needs the role
					// choice to succeed.
					if c.Want.Reason != "" || strings.HasPrefix(c.Want.Error, "rolemapping.") {
						if got.Code != "" {
							t.Errorf("Resolve() = %+v; want a role (the case is refused after the role choice, with %s)", got, c.Want.Error)
						}
						return
					}
					c.Want.Tags, c.Want.Claims = nil, nil
					want := casefile.Want{Role: got.Role, Error: got.Code}
					if c.Want.Message != "" {
						want.Message = got.Message
					}
					if diff := cmp.Diff(c.Want, want); diff != "" {
						t.Errorf("Resolve() (-want +got):\n%s\nresult: %+v", diff, got)
					}
				})
			}
		})
	}
}

// TestAgrees checks that an open message accepts any message and that every
// other field must be equal.
func TestAgrees(t *testing.T) {
	deny := reference.Result{Code: spec.CodeNotAuthorized, RuleIndex: -1}
	tests := []struct {
		name      string
		want, got reference.Result
		agree     bool
	}{
		{name: "open message", want: deny, got: reference.Result{Code: spec.CodeNotAuthorized, Message: "anything", RuleIndex: -1}, agree: true},
		{name: "fixed message differs", want: reference.Result{Code: spec.CodeNotAuthorized, Message: "a", RuleIndex: -1},
			got: reference.Result{Code: spec.CodeNotAuthorized, Message: "b", RuleIndex: -1}},
		{name: "code differs", want: deny, got: reference.Result{Code: spec.CodeInvalidParameter, RuleIndex: -1}},
		{name: "rule index differs", want: reference.Result{Role: "r", RuleIndex: 0}, got: reference.Result{Role: "r", RuleIndex: 1}},
		{name: "same role", want: reference.Result{Role: "r", RuleIndex: 2}, got: reference.Result{Role: "r", RuleIndex: 2}, agree: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reference.Agrees(tt.want, tt.got); got != tt.agree {
				t.Errorf("Agrees(%+v, %+v) = %v; want %v", tt.want, tt.got, got, tt.agree)
			}
		})
	}
}

// TestValidateCaseFiles checks the reference validator against the
// invalid pools of this repository's own case files (the principal tag
// maps among them).
func TestValidateCaseFiles(t *testing.T) {
	files, err := filepath.Glob("../../testdata/cases/*.json")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := casefile.ParseFile(data)
		if err != nil {
			t.Fatal(err)
		}
		if f.Invalid == nil || f.Source != nil {
			continue
		}
		n++
		maxRules := f.MaxRules
		if maxRules == 0 {
			maxRules = spec.DefaultMaxRules
		}
		want := slices.Compact(slices.Sorted(slices.Values(f.Invalid)))
		if diff := cmp.Diff(want, reference.Validate(f.Pool, maxRules)); diff != "" {
			t.Errorf("%s: Validate() paths (-want +got):\n%s", filepath.Base(name), diff)
		}
	}
	if n == 0 {
		t.Fatal("no invalid case files")
	}
}
