// Package work counts the work the module's algorithms do, for the tests
// that bound it: steps counted by the code — texts and matchers consulted,
// bytes read, groups read — are the same on an idle and on a loaded
// machine, where time is not. The packages call [Add] where they do such a
// step; outside [Count] it costs a predictable branch and never allocates.
package work

var (
	counting bool
	done     int
)

// Add adds n steps while [Count] runs.
func Add(n int) {
	if counting {
		done += n
	}
}

// Count runs f with counting on and returns the steps the packages added.
// It is for tests, from one goroutine: f must not run what another
// goroutine counts.
func Count(f func()) int {
	counting, done = true, 0
	defer func() { counting = false }()
	f()
	return done
}
