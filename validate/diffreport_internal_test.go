package validate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

const hostileText = "\x1b[31mred\x1b]0;title\x07\n::error::pwned\n  ::add-mask::secret"

// rawControl reports whether s holds what a terminal or a workflow runner
// acts on: invalid UTF-8, a C0/C1 or bidi control (but newline and tab),
// or a line that starts with "::".
func rawControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
			return true
		}
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return true
		}
	}
	return false
}

// TestDiffTagsEscaped: the diff report's tag lists escape tag keys and
// values, which come from a pool's tag map and a request's claims.
func TestDiffTagsEscaped(t *testing.T) {
	got := tagText(map[string]string{"dept" + hostileText: hostileText, "a": "b"})
	if rawControl(got) || strings.Contains(got, "\n") {
		t.Errorf("tagText() = %q holds a raw control character or spans lines", got)
	}
	if !strings.Contains(got, "pwned") {
		t.Errorf("tagText() = %q lost the text", got)
	}
}

// FuzzDiffReportCells feeds untrusted text to the Markdown cells and the
// tag lists of a diff report: neither holds a raw control character, and a
// cell neither a backtick nor a newline.
func FuzzDiffReportCells(f *testing.F) {
	for _, s := range []string{"plain", hostileText, "a|b`c", "[x](https://e.example/)", "\u009b31m\x7f", "\xff\xfe", strings.Repeat("é", 3000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if out := code(s); rawControl(out) || strings.ContainsAny(out, "`\n") {
			t.Fatalf("code(%q) = %q", s, out)
		}
		if out := tagText(map[string]string{s: s}); rawControl(out) || strings.Contains(out, "\n") {
			t.Fatalf("tagText(%q) = %q", s, out)
		}
	})
}
