// Package clip bounds the text that errors, findings and trace lines quote
// from their input: a hostile document can hold a megabyte-long key or
// value, and a message that quotes it whole is as long. Every quote of a
// string that comes from a document, a token or a claim goes through
// here, so that no single error, finding or trace line is longer than a
// few kilobytes whatever the input.
package clip

import (
	"strconv"
	"unicode/utf8"
)

const (
	// MaxQuoted is the most bytes of a string a message quotes; the rest is
	// counted: "aaaa…" (1048576 bytes).
	MaxQuoted = 200
	// MaxKey is the most bytes of a map key a path quotes. It is larger
	// than MaxQuoted so that every key AWS accepts (at most 128 code
	// points, so 512 bytes) is written whole and paths of valid documents
	// stay exact.
	MaxKey = 512
	// MaxPath is the longest path written whole; a longer one keeps its
	// first and last bytes around "…".
	MaxPath = 1024
)

// Quote returns strconv.Quote(s), or, for s longer than MaxQuoted bytes,
// the quoted first MaxQuoted bytes (cut at a character boundary) followed
// by "… (N bytes)".
func Quote(s string) string { return quote(s, MaxQuoted) }

// QuoteKey is Quote for a map key in a path, with the limit MaxKey.
func QuoteKey(s string) string { return quote(s, MaxKey) }

func quote(s string, limit int) string {
	if len(s) <= limit {
		return strconv.Quote(s)
	}
	return strconv.Quote(prefix(s, limit)) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// String returns s, or, for s longer than MaxQuoted bytes, its first
// MaxQuoted bytes (cut at a character boundary) followed by
// "… (N bytes)": for text written unquoted, such as a name.
func String(s string) string {
	if len(s) <= MaxQuoted {
		return s
	}
	return prefix(s, MaxQuoted) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Path returns a path of at most MaxPath bytes as it is, and a longer one
// as its first 256 and last 512 bytes around "…", so that it still names
// where it starts and the member it ends at.
func Path(p string) string {
	if len(p) <= MaxPath {
		return p
	}
	head := prefix(p, 256)
	tail := p[len(p)-512:]
	for len(tail) > 0 && !utf8.RuneStart(tail[0]) {
		tail = tail[1:]
	}
	return head + "…(" + strconv.Itoa(len(p)) + " bytes)…" + tail
}

// prefix returns the first at most n bytes of s, cut at a character
// boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
