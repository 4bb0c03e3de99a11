package rolemaptest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/validate"
)

// checkUnreachable checks that the rules validate.Lint reports as
// unreachable-rule are exactly the file's unreachable list.
func checkUnreachable(t *testing.T, f *File) {
	t.Helper()
	t.Run("unreachable", func(t *testing.T) {
		want := map[string]bool{}
		for _, p := range f.Unreachable {
			want[p] = true
		}
		got := map[string]bool{}
		var lines []string
		for _, fd := range validate.Lint(f.Pool, validate.WithMaxRules(f.MaxRules)) {
			if fd.Code == validate.CodeUnreachableRule {
				got[fd.Path] = true
				lines = append(lines, fd.String())
			}
		}
		if diff := cmp.Diff(sortedKeys(want), sortedKeys(got)); diff != "" {
			t.Errorf("unreachable rules (-want +got):\n%s\nfindings:\n%s", diff, strings.Join(lines, "\n"))
		}
	})
}
