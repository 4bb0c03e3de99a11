package claims

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/internal/clip"
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
	typ      string
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

// WithType makes [Verify] require the typ header typ, compared as RFC 7515
// §4.1.9 says (case-insensitively, "application/" optional), as RFC 8725
// §3.11 recommends to keep one kind of token from being taken for another.
// Cognito's own tokens carry no typ, so the check is off by default. An
// empty typ is an error.
func WithType(typ string) Option {
	return func(c *config) {
		if typ == "" {
			c.invalid("empty type")
			return
		}
		c.typ = typ
	}
}

// WithLeeway allows for clock skew of up to d when [Verify] checks exp, nbf
// and iat. A negative d is an error.
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
		jwt.WithIssuedAt(),
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
// well-formed token whose algorithm is one of [WithAlgorithms], and its
// Token has Raw, Method, Header and Signature set but not Claims: Verify
// checks the signature before it decodes the payload, so choose the key by
// the header (kid), never by claims. Verify requires:
//
//   - [WithAlgorithms], else [ErrNoAlgorithms]; the token's alg must be one
//     of them, and "none" never is ([jwt.ErrTokenSignatureInvalid]);
//   - a token of at most [MaxTokenSize] bytes, else [ErrTooLarge];
//   - three segments of strict, unpadded base64url (RFC 7515 §2: one
//     spelling per token, no padding, no stray bits) and a header that is a
//     JSON object, else [jwt.ErrTokenMalformed];
//   - no crit header naming an extension, since Verify understands none
//     (RFC 7515 §4.1.11), else [ErrCriticalHeader]; and, with [WithType],
//     the typ header RFC 8725 §3.11 recommends, else [ErrWrongType];
//   - a valid signature, else [jwt.ErrTokenSignatureInvalid] (or
//     [jwt.ErrTokenUnverifiable] if no key could be found);
//   - a payload that is exactly one JSON object ([jwt.ErrTokenMalformed]
//     and [ErrNotObject]);
//   - an exp claim in the future ([jwt.ErrTokenRequiredClaimMissing],
//     [jwt.ErrTokenExpired]), an nbf claim, if present, in the past
//     ([jwt.ErrTokenNotValidYet]), an iat claim, if present, not after now
//     plus the leeway ([jwt.ErrTokenUsedBeforeIssued]), and the iss and aud
//     set by [WithIssuer] and [WithAudience] ([jwt.ErrTokenInvalidIssuer],
//     [jwt.ErrTokenInvalidAudience]); each wraps [jwt.ErrTokenInvalidClaims].
//
// The header members jku, x5u, x5c and jwk are never read: the key comes
// from keyFunc alone, so a token cannot steer where a key is fetched from.
//
// Errors wrap those sentinels, so errors.Is works on them. Numbers in the
// returned map are [encoding/json.Number] values. On success the map is
// never nil.
//
// Cost: until the signature holds, Verify does work linear in the token's
// size, which it caps at [MaxTokenSize] before anything else, and decodes
// at most a header of [MaxHeaderSize] bytes, so an unauthenticated token
// costs at most a few microseconds plus one signature check (a forged 48 KB
// header: 1.1 µs; TestVerifyHeaderCapped). Only a payload the key signed is
// decoded, in time and memory linear in its size.
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
	m, err := verify(token, keyFunc, &c, popts)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	return m, nil
}

// strict is the only base64 spelling a token may use (RFC 7515 §2).
var strict = base64.RawURLEncoding.Strict()

// MaxHeaderSize is the largest token header, in bytes once base64-decoded,
// that [Verify] reads. The header is read before the signature is checked,
// so its size bounds the work a forged token costs; Cognito's headers are
// about 60 bytes ({"kid":"…","alg":"RS256"}).
const MaxHeaderSize = 2 << 10

func verify(token string, keyFunc jwt.Keyfunc, c *config, popts []jwt.ParserOption) (map[string]any, error) {
	if len(token) > MaxTokenSize {
		return nil, fmt.Errorf("token: %w: %d bytes, limit %d", ErrTooLarge, len(token), MaxTokenSize)
	}
	h, rest, _ := strings.Cut(token, ".")
	p, s, ok := strings.Cut(rest, ".")
	if !ok || strings.IndexByte(s, '.') >= 0 {
		return nil, fmt.Errorf("%w: token has %d segments, want 3", jwt.ErrTokenMalformed, strings.Count(token, ".")+1)
	}
	// Nothing is decoded before the signature holds but a header of at
	// most MaxHeaderSize bytes and the signature itself.
	if len(h) > strict.EncodedLen(MaxHeaderSize) {
		return nil, fmt.Errorf("%w: %w: the header is over %d bytes", jwt.ErrTokenMalformed, ErrTooLarge, MaxHeaderSize)
	}
	hb, err := strict.DecodeString(h)
	if err != nil {
		return nil, fmt.Errorf("%w: header is not strict base64url: %w", jwt.ErrTokenMalformed, err)
	}
	header, err := decodeObject(hb)
	if err != nil {
		return nil, fmt.Errorf("%w: header: %w", jwt.ErrTokenMalformed, err)
	}
	alg, _ := header["alg"].(string)
	method := jwt.GetSigningMethod(alg)
	if method == nil || !slices.Contains(c.algs, alg) {
		return nil, fmt.Errorf("%w: signing method %s is not allowed", jwt.ErrTokenSignatureInvalid, clip.Quote(alg))
	}
	if crit, ok := header["crit"]; ok {
		return nil, fmt.Errorf("%w: %s", ErrCriticalHeader, clip.String(fmt.Sprint(crit)))
	}
	if c.typ != "" && !typeMatches(header["typ"], c.typ) {
		return nil, fmt.Errorf("%w: typ %s, want %q", ErrWrongType, clip.String(fmt.Sprint(header["typ"])), c.typ)
	}
	sig, err := strict.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: signature is not strict base64url: %w", jwt.ErrTokenMalformed, err)
	}
	if keyFunc == nil {
		return nil, fmt.Errorf("%w: no key function", jwt.ErrTokenUnverifiable)
	}
	key, err := keyFunc(&jwt.Token{Raw: token, Method: method, Header: header, Signature: sig})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenUnverifiable, err)
	}
	signed := token[:len(h)+1+len(p)]
	if set, ok := key.(jwt.VerificationKeySet); ok {
		err = fmt.Errorf("%w: empty key set", jwt.ErrTokenUnverifiable)
		for _, k := range set.Keys {
			if err = method.Verify(signed, sig, k); err == nil {
				break
			}
		}
	} else {
		err = method.Verify(signed, sig, key)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenSignatureInvalid, err)
	}
	// The payload is decoded once, and only once its signature holds.
	pb, err := strict.DecodeString(p)
	if err != nil {
		return nil, fmt.Errorf("%w: payload is not strict base64url: %w", jwt.ErrTokenMalformed, err)
	}
	m, err := decodeObject(pb)
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %w", jwt.ErrTokenMalformed, err)
	}
	if err := checkTimes(m); err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenInvalidClaims, err)
	}
	if err := jwt.NewValidator(popts...).Validate(jwt.MapClaims(m)); err != nil {
		return nil, fmt.Errorf("%w: %w", jwt.ErrTokenInvalidClaims, err)
	}
	return m, nil
}

// The range of times a token may carry in exp, nbf and iat, in seconds since
// the epoch: from 1970 to the end of year 9999. jwt/v5 turns a time into an
// int64 of nanoseconds, and a time at or above 2^63 seconds (or far below
// zero) wraps around: exp far in the future would read as past, nbf and
// iat far in the future as past, and pass. A time outside the range is
// refused before the claims are validated.
const (
	minTime = 0
	maxTime = 253402300799 // 9999-12-31T23:59:59Z
)

// ErrTimeOutOfRange means exp, nbf or iat is a number outside 1970..9999, or
// not a finite number, so that no clock comparison with it means anything.
var ErrTimeOutOfRange = errors.New("time claim out of range")

// checkTimes refuses exp, nbf and iat outside minTime..maxTime. A time that
// is not a number is left to jwt/v5, which refuses it.
func checkTimes(m map[string]any) error {
	for _, name := range []string{"exp", "nbf", "iat"} {
		v, ok := m[name]
		if !ok {
			continue
		}
		var f float64
		switch n := v.(type) {
		case json.Number:
			var err error
			if f, err = n.Float64(); err != nil {
				return fmt.Errorf("%w: %s is %s", ErrTimeOutOfRange, name, clip.String(string(n)))
			}
		case float64:
			f = n
		default:
			continue
		}
		if math.IsNaN(f) || f < minTime || f > maxTime {
			return fmt.Errorf("%w: %s is %v, outside 1970..9999", ErrTimeOutOfRange, name, f)
		}
	}
	return nil
}

// typeMatches compares a typ header with want as RFC 7515 §4.1.9 says:
// case-insensitively, with "application/" optional.
func typeMatches(typ any, want string) bool {
	s, ok := typ.(string)
	if !ok {
		return false
	}
	norm := func(t string) string {
		t = strings.ToLower(t)
		return strings.TrimPrefix(t, "application/")
	}
	return norm(s) == norm(want)
}
