// Package timing is for the tests that bound how an operation grows on a
// hostile document: they compare it with a linear baseline on the same
// document (decoding it), as a ratio, so that the bound holds on slow and
// fast machines alike.
package timing

import (
	"encoding/json"
	"testing"
	"time"
)

// Fastest returns the shortest of runs runs of f.
func Fastest(runs int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range runs {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// DecodeJSON returns the fastest of three decodings of data with
// encoding/json into an any: the linear baseline.
func DecodeJSON(tb testing.TB, data []byte) time.Duration {
	tb.Helper()
	return Fastest(3, func() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			tb.Fatal(err)
		}
	})
}
