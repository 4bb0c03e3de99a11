package claims

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// ErrNoToken means a request has no usable Authorization header: none,
// several, a scheme other than Bearer, an empty token, or one over
// [MaxTokenSize] bytes.
var ErrNoToken = errors.New("no bearer token")

// BearerToken returns the token of a request's one Authorization header,
// "Bearer TOKEN" with the scheme in any case (RFC 6750 §2.1), or an error
// wrapping [ErrNoToken]. It never reads more than one header value, and
// refuses one longer than a token may be.
func BearerToken(r *http.Request) (string, error) {
	h := r.Header.Values("Authorization")
	if len(h) != 1 || len(h[0]) > MaxTokenSize+len("Bearer ") {
		return "", ErrNoToken
	}
	scheme, tok, ok := strings.Cut(h[0], " ")
	tok = strings.TrimLeft(tok, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" || strings.ContainsAny(tok, " \t") {
		return "", ErrNoToken
	}
	return tok, nil
}

type claimsKey struct{}

// NewContext returns a copy of ctx carrying the verified claims c, for
// handlers behind an auth middleware to read with [FromContext].
func NewContext(ctx context.Context, c map[string]any) context.Context {
	return context.WithValue(ctx, claimsKey{}, c)
}

// FromContext returns the claims [NewContext] stored in ctx, if any. The
// map is shared: do not modify it.
func FromContext(ctx context.Context) (map[string]any, bool) {
	c, ok := ctx.Value(claimsKey{}).(map[string]any)
	return c, ok
}
