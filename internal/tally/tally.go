// Package tally counts the costly steps of a command run — files read,
// pools compiled — for the tests that hold a run to a fixed number of
// each: a count is the same on an idle and on a loaded machine, where time
// is not. Incrementing a counter is one atomic add.
package tally

import "sync/atomic"

var (
	// Reads counts the files package readfile has read.
	Reads atomic.Int64
	// Compiles counts the pools package validate has compiled (each a
	// rolemap.Compile).
	Compiles atomic.Int64
)
