package trust

// Steps evaluates req as c.Evaluate does and also returns the steps it
// counted against MaxWork, for the tests that bound the work.
func Steps(c *Compiled, req Request, trace bool) (Decision, int, error) {
	m := newMeter()
	d, err := c.evaluate(req, trace, &m)
	return d, MaxWork - m.left, err
}
