// Package tally counts the costly steps of a command run — pools
// compiled — for the tests that hold a run to a fixed number of each (the
// files read are counted by package readfile): a count is the same on an
// idle and on a loaded machine, where time is not. Incrementing a counter
// is one atomic add.
package tally

import "sync/atomic"

// Compiles counts the pools package validate has compiled (each a
// rolemap.Compile).
var Compiles atomic.Int64
