package spec

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// STS's rules for session tags ("Tagging AWS STS sessions", IAM User
// Guide, and the Tag type of the STS API reference): at most 50 tags; a key
// of 1..128 characters and a value of 0..256, both of the set
// [\p{L}\p{Z}\p{N}_.:/=+\-@]; no key beginning aws: in any case; keys
// compared without regard to case, so two keys differing only in case are
// refused.
const (
	MaxSessionTags        = 50
	SessionTagKeyMaxLen   = 128
	SessionTagValueMaxLen = 256
	// SessionTagPattern is the set of characters of a tag key or value.
	SessionTagPattern = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
)

// TagRune reports whether STS accepts r in a session tag's key or value: a
// letter, a number or a separator (Unicode categories L, N, Z), or one of
// _ . : / = + - @.
func TagRune(r rune) bool {
	switch r {
	case '_', '.', ':', '/', '=', '+', '-', '@':
		return true
	}
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == ' '
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Z, r)
}

// TagCharProblem says which character of s STS does not accept in a
// session tag (the first one; invalid UTF-8 included), or returns "". It
// never quotes s itself, only the character, escaped.
func TagCharProblem(s string) string {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return "is not valid UTF-8 (byte 0x" + strconv.FormatUint(uint64(s[i]), 16) + " at offset " + strconv.Itoa(i) + ")"
			}
		}
		if !TagRune(r) {
			hex := strings.ToUpper(strconv.FormatInt(int64(r), 16))
			if len(hex) < 4 {
				hex = strings.Repeat("0", 4-len(hex)) + hex
			}
			return "holds " + strconv.QuoteRuneToASCII(r) + " (U+" + hex + ") at offset " + strconv.Itoa(i) +
				"; STS accepts only letters, digits, white space and _ . : / = + - @ in a session tag"
		}
	}
	return ""
}

// TagKeyProblem says which of STS's rules for a session tag key k breaks
// on its own (its length, its characters, the aws: prefix), or returns ""
// for a key STS accepts. Two keys differing only in case are a problem of
// the set: see [TagKeysCollide].
func TagKeyProblem(k string) string {
	if k == "" {
		return "a tag key may not be empty"
	}
	if n := utf8.RuneCountInString(k); n > SessionTagKeyMaxLen {
		return "the key is " + strconv.Itoa(n) + " characters, over STS's limit of " + strconv.Itoa(SessionTagKeyMaxLen)
	}
	if problem := TagCharProblem(k); problem != "" {
		return "the key " + problem
	}
	if HasASCIIPrefixFold(k, "aws:") {
		return "a tag key may not begin with aws: in any case (AWS reserves the prefix)"
	}
	return ""
}

// HasASCIIPrefixFold reports whether s begins with prefix, an ASCII
// string, ignoring the case of ASCII letters only.
func HasASCIIPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := range len(prefix) {
		a, b := s[i], prefix[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// TagKeysCollide reports whether two different session tag keys are one
// key to STS, which compares keys without regard to case. It folds case as
// Unicode simple folding does (strings.EqualFold), which holds for every
// pair an ASCII folding makes equal and for a few more (K and the Kelvin
// sign): refusing those too is the safe side.
func TagKeysCollide(a, b string) bool { return a != b && strings.EqualFold(a, b) }
