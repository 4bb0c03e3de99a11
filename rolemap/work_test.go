package rolemap

// CountWork runs f with work counting on and returns the steps the engine
// counted (see countWork). It is for the tests of package rolemap_test.
func CountWork(f func()) int {
	countingWork, workDone = true, 0
	defer func() { countingWork = false }()
	f()
	return workDone
}
