package clip

import (
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("a", 300)
	accented := strings.Repeat("é", 150) // 300 bytes, 2 per character
	tests := []struct {
		name, got, want string
	}{
		{"short quote", Quote("ab\n"), `"ab\n"`},
		{"long quote", Quote(long), `"` + long[:200] + `"… (300 bytes)`},
		{"cut at a character", Quote(accented), `"` + strings.Repeat("é", 100) + `"… (300 bytes)`},
		{"key up to 512 bytes", QuoteKey(long), `"` + long + `"`},
		{"long key", QuoteKey(strings.Repeat("k", 600)), `"` + strings.Repeat("k", 512) + `"… (600 bytes)`},
		{"string", String(long), long[:200] + "… (300 bytes)"},
		{"short path", Path("a.b[0]"), "a.b[0]"},
		{"long path", Path(strings.Repeat("x", 2000)), strings.Repeat("x", 256) + "…(2000 bytes)…" + strings.Repeat("x", 512)},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
