package rolemaptest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/validate"
)

// findingKey writes a finding as a case file lists it: "CODE PATH", or
// "CODE" for a finding about the whole pool.
func findingKey(f validate.Finding) string {
	if f.Path == "" {
		return f.Code
	}
	return f.Code + " " + f.Path
}

func lint(f *File) []validate.Finding {
	quota := f.MaxRules
	if quota == 0 {
		quota = 25
	}
	return validate.Lint(f.Pool, validate.WithMaxRules(quota))
}

// checkUnreachable checks that the rules validate.Lint reports as
// unreachable-rule are exactly the file's unreachable list.
func checkUnreachable(t *testing.T, f *File, name string) {
	t.Helper()
	t.Run("unreachable", func(t *testing.T) {
		var got, lines []string
		for _, fd := range lint(f) {
			if fd.Code == validate.CodeUnreachableRule {
				got = append(got, fd.Path)
				lines = append(lines, fd.String())
			}
		}
		if diff := cmp.Diff(set(f.Unreachable), set(got), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: unreachable rules (-want +got):\n%s\nfindings:\n%s", name, diff, strings.Join(lines, "\n"))
		}
	})
}

// checkFindings checks that the lint findings are exactly the file's
// findings list.
func checkFindings(t *testing.T, f *File, name string) {
	t.Helper()
	t.Run("findings", func(t *testing.T) {
		var got, lines []string
		for _, fd := range lint(f) {
			got = append(got, findingKey(fd))
			lines = append(lines, fd.String()+"\n\tfix: "+fd.Fix)
		}
		if diff := cmp.Diff(set(f.Findings), set(got), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: lint findings (-want +got):\n%s\nfindings:\n%s", name, diff, strings.Join(lines, "\n"))
		}
	})
}
