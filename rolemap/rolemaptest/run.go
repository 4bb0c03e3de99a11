package rolemaptest

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
)

// RunFile runs the case file at path (SPEC §6) as subtests of t, one per
// case, named by the case's name. A file with invalid checks that the set of
// paths validation reports equals the list; a file with unreachable checks
// the rules the linter reports. A failure prints the case, what was wanted,
// what was got, and the decision's explanation with its rule trace.
func RunFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("rolemaptest: %v", err)
	}
	f, err := ParseFile(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	Run(t, f)
}

// Run runs a parsed case file as subtests of t; see [RunFile].
func Run(t *testing.T, f *File) {
	t.Helper()
	res, err := rolemap.Compile(f.Pool, f.Options()...)
	if f.Invalid != nil {
		checkInvalid(t, f, err)
		return
	}
	if err != nil {
		t.Fatalf("the pool must be valid; Compile: %v", err)
	}
	if f.Unreachable != nil {
		checkUnreachable(t, f)
	}
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Helper()
			req := c.Request()
			req.Trace = true
			d, err := res.Resolve(req)
			got := outcome(d, err)
			want := c.Want
			if want.Error != "" && want.Message == "" {
				got.Message = ""
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("case %s\nwant %s\ngot  %s\n(-want +got):\n%s\nexplanation:\n%s",
					describe(c), show(want), show(got), diff, Explain(d, err))
			}
		})
	}
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

// Explain describes a decision or error with its reason and rule trace, as
// RunFile prints it on failure.
func Explain(d rolemap.Decision, err error) string {
	var b strings.Builder
	var trace []rolemap.RuleTrace
	if err != nil {
		b.WriteString("error: ")
		b.WriteString(err.Error())
		var re *rolemap.Error
		if errors.As(err, &re) {
			if re.MappingKey != "" {
				b.WriteString("\nmapping: " + re.MappingKey)
			}
			if re.Reason != "" {
				b.WriteString("\nwhy: " + re.Reason)
			}
			trace = re.Trace
		}
	} else {
		b.WriteString("decision: ")
		b.WriteString(d.String())
		trace = d.Trace
	}
	for _, tr := range trace {
		b.WriteString("\n  ")
		b.WriteString(tr.String())
	}
	return b.String()
}

func describe(c Case) string {
	data, _ := json.MarshalIndent(c, "", "  ")
	return string(data)
}

func show(w Want) string {
	data, _ := json.Marshal(w)
	return string(data)
}

func checkInvalid(t *testing.T, f *File, err error) {
	t.Helper()
	t.Run("invalid", func(t *testing.T) {
		if err == nil {
			t.Fatalf("the pool must be invalid at %q; Compile accepted it", f.Invalid)
		}
		var ve *rolemap.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("Compile: %v; want a *rolemap.ValidationError", err)
		}
		got := map[string]bool{}
		for _, fe := range ve.Errors {
			got[fe.Path] = true
		}
		want := map[string]bool{}
		for _, p := range f.Invalid {
			want[p] = true
		}
		if diff := cmp.Diff(sortedKeys(want), sortedKeys(got)); diff != "" {
			t.Errorf("error paths (-want +got):\n%s\nerrors:\n%v", diff, err)
		}
	})
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
