package rolemap

// Work counting, for tests: while countingWork is set, the engine adds to
// workDone the work it does — at Compile, the steps of building its
// matchers; at Resolve, one step per text and per matcher it consults and
// one per byte of text a matcher reads — so that tests bound that work,
// which is the same on an idle and a loaded machine, rather than time.
// Off, it costs a predictable branch at each place it counts, never an
// allocation. Only tests set it, from one goroutine.
var (
	countingWork bool
	workDone     int
)

// countWork adds n steps to workDone while work is counted.
func countWork(n int) {
	if countingWork {
		workDone += n
	}
}
