package rolemaptest

import "testing"

// checkUnreachable is replaced when the linter lands.
func checkUnreachable(t *testing.T, f *File) {
	t.Helper()
	t.Run("unreachable", func(t *testing.T) {
		t.Fatalf("the unreachable-rule lint is not implemented yet; want %q", f.Unreachable)
	})
}
