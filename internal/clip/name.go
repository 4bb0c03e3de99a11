package clip

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Name is Line for a name a reader compares by eye (a role ARN, an
// identity, a user name): besides what Line escapes, every character that
// prints as nothing or that Go does not deem printable — a zero-width
// space (U+200B), a byte order mark (U+FEFF), a soft hyphen (U+00AD), any
// other format character, an unassigned or private-use code point — is
// written as a Go escape (\u200b), as a quoted path key writes it, so that
// role/Ad\u200bmin cannot pass for role/Admin. A string with none of these
// is returned as it is.
func Name(s string) string {
	s = Line(s)
	if visible(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s { // Line left no invalid UTF-8
		if r == ' ' || strconv.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r) // '\u200b'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// visible reports whether every character of s prints.
func visible(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if !strconv.IsPrint(r) {
					return false
				}
			}
			return true
		}
	}
	return true
}
