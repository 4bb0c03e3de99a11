// Package timing is for the tests that bound an operation's memory: what
// it allocates, from the runtime's count of every allocation, beside a
// linear baseline (decoding the same document with encoding/json). Such
// counts are the same on an idle and on a loaded machine; tests never
// compare durations (benchmarks do). The steps an operation does are
// counted with internal/work.
package timing

import (
	"encoding/json"
	"runtime"
	"testing"
)

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
