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
