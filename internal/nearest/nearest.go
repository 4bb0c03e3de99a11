// Package nearest finds the name a misspelt one was meant to be, for the
// "did you mean" of an error message: the command's subcommands, flags and
// finding codes, a user pool's users and groups, a case file's error codes.
package nearest

// MaxLen is the longest name Name looks for a match of: longer text is not
// a misspelling of a short name, and the bound keeps the work small
// whatever an input holds.
const MaxLen = 64

// Name returns the name of names closest to s in edit distance when it is
// close enough to be a misspelling of s — at most 2 edits, or a third of
// its length, and fewer edits than s has bytes — and "" otherwise (also
// for s longer than MaxLen). Of names equally close, the first wins.
func Name(s string, names []string) string {
	if len(s) > MaxLen {
		return ""
	}
	limit := max(2, len(s)/3)
	best, dist := "", -1
	for _, n := range names {
		if len(n) > len(s)+limit || len(s) > len(n)+limit {
			continue // too far apart in length alone; and never costly
		}
		if d := Distance(s, n); dist < 0 || d < dist {
			best, dist = n, d
		}
	}
	if dist >= 0 && dist <= limit && dist < len(s) {
		return best
	}
	return ""
}

// Distance is the Levenshtein distance of a and b, in bytes. It takes
// len(a)×len(b) steps: give it short strings.
func Distance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
