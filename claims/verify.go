package claims

import (
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// An Option configures [Verify].
type Option func(*config)

// config collects the options of one Verify call.
type config struct {
	algs     []string
	issuer   *string
	audience []string
	leeway   time.Duration
	now      func() time.Time
	errs     []error
}

func (c *config) invalid(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidOption}, args...)...))
}

// WithAlgorithms sets the signing algorithms [Verify] accepts, by their JWA
// names ("RS256", "ES256", "HS256", ...). It is required. "none" is never
// accepted. A later call replaces the list of an earlier one.
func WithAlgorithms(algs ...string) Option {
	algs = append([]string(nil), algs...)
	return func(c *config) { c.algs = algs }
}

// WithIssuer makes [Verify] require an iss claim equal to iss. An empty iss
// is an error, not a disabled check.
func WithIssuer(iss string) Option {
	return func(c *config) {
		if iss == "" {
			c.invalid("empty issuer")
			return
		}
		c.issuer = &iss
	}
}

// WithAudience makes [Verify] require an aud claim holding at least one of
// aud. An empty list or an empty string in it is an error, not a disabled
// check.
func WithAudience(aud ...string) Option {
	aud = append([]string(nil), aud...)
	return func(c *config) {
		if len(aud) == 0 {
			c.invalid("no audience")
			return
		}
		for _, a := range aud {
			if a == "" {
				c.invalid("empty audience")
				return
			}
		}
		c.audience = aud
	}
}

// WithLeeway allows for clock skew of up to d when [Verify] checks exp and
// nbf. A negative d is an error.
func WithLeeway(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.invalid("negative leeway %v", d)
			return
		}
		c.leeway = d
	}
}

// WithTimeFunc sets the clock [Verify] checks exp and nbf against, instead
// of [time.Now]. It is meant for tests; use [WithLeeway] for clock skew. A
// nil now is an error.
func WithTimeFunc(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.invalid("nil time function")
			return
		}
		c.now = now
	}
}

// parserOptions checks c and turns it into jwt/v5 parser options.
func (c *config) parserOptions() ([]jwt.ParserOption, error) {
	if len(c.errs) > 0 {
		return nil, c.errs[0]
	}
	if len(c.algs) == 0 {
		return nil, fmt.Errorf("%w: use WithAlgorithms", ErrNoAlgorithms)
	}
	for _, alg := range c.algs {
		if strings.EqualFold(alg, "none") {
			return nil, fmt.Errorf("%w: algorithm %q is never allowed", ErrInvalidOption, alg)
		}
		if jwt.GetSigningMethod(alg) == nil {
			return nil, fmt.Errorf("%w: unknown algorithm %q", ErrInvalidOption, alg)
		}
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(c.algs),
		jwt.WithExpirationRequired(),
		jwt.WithJSONNumber(),
		jwt.WithLeeway(c.leeway),
	}
	if c.issuer != nil {
		opts = append(opts, jwt.WithIssuer(*c.issuer))
	}
	if len(c.audience) > 0 {
		opts = append(opts, jwt.WithAudience(c.audience...))
	}
	if c.now != nil {
		opts = append(opts, jwt.WithTimeFunc(c.now))
	}
	return opts, nil
}

// Verify checks a compact JWT and returns its payload as a claims map.
//
// keyFunc returns the key for a token, as in jwt/v5; it is called only for a
// well-formed token whose algorithm is one of [WithAlgorithms]. Verify
// requires:
//
//   - [WithAlgorithms], else [ErrNoAlgorithms]; the token's alg must be one
//     of them, and "none" never is;
//   - a token of at most [MaxTokenSize] bytes, else [ErrTooLarge];
//   - three segments, a JSON object header and a payload that is exactly one
//     JSON object, else [jwt.ErrTokenMalformed];
//   - a valid signature, else [jwt.ErrTokenSignatureInvalid] (or
//     [jwt.ErrTokenUnverifiable] if no key could be found);
//   - an exp claim in the future ([jwt.ErrTokenRequiredClaimMissing],
//     [jwt.ErrTokenExpired]), an nbf claim, if present, in the past
//     ([jwt.ErrTokenNotValidYet]), and the iss and aud set by [WithIssuer]
//     and [WithAudience] ([jwt.ErrTokenInvalidIssuer],
//     [jwt.ErrTokenInvalidAudience]).
//
// Errors wrap those sentinels, so errors.Is works on them. Numbers in the
// returned map are [encoding/json.Number] values. On success the map is
// never nil.
func Verify(token string, keyFunc jwt.Keyfunc, opts ...Option) (map[string]any, error) {
	var c config
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	popts, err := c.parserOptions()
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	// Structural checks first, with the same rules as ParseUnverified, so a
	// malformed or oversized token never reaches keyFunc.
	if _, err := parseUnverified(token); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	m := jwt.MapClaims{}
	if _, err := jwt.NewParser(popts...).ParseWithClaims(token, m, keyFunc); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	return map[string]any(m), nil
}
