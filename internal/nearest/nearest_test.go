package nearest

import (
	"strings"
	"testing"
)

func TestName(t *testing.T) {
	codes := []string{"missing", "unreachable-rule", "user-writable-claim", "trust-no-amr"}
	tests := []struct{ s, want string }{
		{"user-writeable-claim", "user-writable-claim"},
		{"unreachable", "unreachable-rule"[:0]}, // 5 edits: too far
		{"trust-no-arm", "trust-no-amr"},
		{"mising", "missing"},
		{"x", ""},
		{strings.Repeat("a", MaxLen+1), ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Name(tt.s, codes); got != tt.want {
			t.Errorf("Name(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	// A huge candidate is skipped by its length, not compared.
	if got := Name("admins", []string{strings.Repeat("x", 1<<20), "admin"}); got != "admin" {
		t.Errorf("Name = %q, want admin", got)
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d, want 3", d)
	}
}
