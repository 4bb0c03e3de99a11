// Package timing is for the tests that bound how an operation grows on a
// hostile document: they compare it with a linear baseline on the same
// document (decoding it), as a ratio, so that the bound holds on slow and
// fast machines alike.
package timing

import (
	"encoding/json"
	"runtime"
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

// Allocated returns the bytes f allocates, from the runtime's count of
// every allocation (run it with nothing else going on). It is for the
// tests that bound an operation's memory as a multiple of its input.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Within runs f and reports whether it returned within limit. A call that
// does not return in time is left running: the caller fails, and the test
// binary ends it, so a test of a bound fails in bounded time even on code
// that would take hours.
func Within(limit time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
		return true
	case <-time.After(limit):
		return false
	}
}

// DecodeAllocated returns the bytes one decoding of data with encoding/json
// into an any allocates: the linear baseline of memory.
func DecodeAllocated(tb testing.TB, data []byte) uint64 {
	tb.Helper()
	var err error
	n := Allocated(func() {
		var v any
		err = json.Unmarshal(data, &v)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
