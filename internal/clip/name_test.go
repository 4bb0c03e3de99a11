package clip

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestName: Name escapes what Line does and every character Go does not
// deem printable (format characters, unassigned code points), and leaves
// printable text, spaces and the ellipsis of a clipped string alone.
func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"role/Admin", "role/Admin"},
		{"role/Ad\u200bmin", `role/Ad\u200bmin`},
		{"\ufeffx\u00ady", `\ufeffx\u00ady`},
		{"a\u2028b\u0085c\x1b", `a\u2028b\u0085c\x1b`},
		{"::error", `\x3a:error`},
		{"Größe … ok", "Größe … ok"},
		{"bad\xffutf8", `bad\xffutf8`},
		{"\U000e0001tag", `\U000e0001tag`},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Name(tt.in)); diff != "" {
			t.Errorf("Name(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestNameCleanAllocs: a name with nothing to escape is returned as it
// is, with no allocation.
func TestNameCleanAllocs(t *testing.T) {
	s := "arn:aws:iam::111122223333:role/Größe-Admin"
	if n := testing.AllocsPerRun(100, func() { _ = Name(s) }); n != 0 {
		t.Errorf("Name allocates %v times on a clean name, want 0", n)
	}
}
