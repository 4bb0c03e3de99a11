package rolemap

import "context"

type decisionKey struct{}

// NewContext returns a copy of ctx carrying d, for handlers behind an auth
// middleware to read with [FromContext].
func NewContext(ctx context.Context, d Decision) context.Context {
	return context.WithValue(ctx, decisionKey{}, d)
}

// FromContext returns the Decision [NewContext] stored in ctx, if any.
func FromContext(ctx context.Context) (Decision, bool) {
	d, ok := ctx.Value(decisionKey{}).(Decision)
	return d, ok
}
