package claims

import (
	"context"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// Defaults of [KeySetConfig].
const (
	DefaultFetchTimeout    = 5 * time.Second
	DefaultRefreshInterval = time.Minute
	DefaultRetryBackoff    = time.Second
	DefaultMaxKeySetSize   = 1 << 20
)

// The sizes of RSA keys a key set keeps: Cognito's are 2048 bits; larger
// ones bound the work of one verification.
const (
	minRSABits = 2048
	maxRSABits = 8192
)

var (
	// ErrUnknownKey means the key set holds no usable key with the token's
	// kid, even after a refresh, or a refresh is not allowed yet.
	ErrUnknownKey = errors.New("no signing key with the token's kid")
	// ErrKeysUnavailable means the key set could not be downloaded: the
	// endpoint is down, slow, redirects, or answered something that is not a
	// key set.
	ErrKeysUnavailable = errors.New("signing keys unavailable")
)

// KeySetConfig configures a [KeySet]. Only URL is required.
type KeySetConfig struct {
	// URL is the key set's address, such as a Cognito user pool's
	// https://cognito-idp.REGION.amazonaws.com/POOLID/.well-known/jwks.json.
	URL string
	// Client downloads the key set. Nil means a client that follows no
	// redirect (a key set that moves is an error, not a place an answer can
	// send the verifier) with FetchTimeout as its timeout. A caller's client
	// keeps its own redirect policy; FetchTimeout still bounds each download.
	Client *http.Client
	// FetchTimeout bounds one download. Zero means DefaultFetchTimeout.
	FetchTimeout time.Duration
	// RefreshInterval is the least time between the end of the last
	// successful download and a new one for a kid the set does not hold,
	// so that tokens with made-up kids cannot make the set hammer the
	// endpoint. Zero means DefaultRefreshInterval.
	RefreshInterval time.Duration
	// RetryBackoff is the wait after a failed download before the next
	// one; it doubles with each failure in a row, up to RefreshInterval.
	// Zero means DefaultRetryBackoff.
	RetryBackoff time.Duration
	// MaxSize bounds the key set document, in bytes. Zero means
	// DefaultMaxKeySetSize.
	MaxSize int64
	// Now is the clock of the refresh limits; nil means time.Now. For tests.
	Now func() time.Time
}

// KeySet is a JSON Web Key Set (RFC 7517) fetched over HTTP and cached by
// kid: the keys of a Cognito user pool or of any OIDC provider. It
// downloads the set on first use and again only when a token names a kid it
// does not hold, at most once per RefreshInterval counted from the end of
// the last successful download. A failed download keeps the keys the set
// had, and the next one may start after a short backoff (RetryBackoff,
// doubling), so a set that could not be fetched at start-up recovers within
// seconds of its endpoint. One download runs at a time; every caller that
// needs it waits for that one and shares its result, up to its own
// context's deadline.
//
// It keeps RSA keys of 2048 to 8192 bits and EC keys on P-256, P-384 and
// P-521, with use "sig" or absent and an alg, if any, that fits the key. A
// kid that appears twice is ambiguous: neither key is kept. The token's jku,
// x5u, x5c and jwk headers are never read.
//
// A KeySet is safe for concurrent use. Make one with [NewKeySet]; use it as
// a jwt.Keyfunc with [KeySet.Keyfunc], or through [CognitoVerifier].
type KeySet struct {
	url      string
	client   *http.Client
	timeout  time.Duration
	interval time.Duration
	backoff  time.Duration
	maxSize  int64
	now      func() time.Time

	mu       sync.Mutex
	keys     map[string]Key // nil until a download succeeds
	okAt     time.Time      // end of the last successful download
	failAt   time.Time      // end of the last failed download
	failures int            // failed downloads in a row
	lastErr  error
	inflight *download // the download under way, if any
	count    int       // downloads started, for tests and metrics
}

// download is one download under way, shared by all who wait for it.
type download struct {
	done chan struct{}
	err  error
}

// NewKeySet returns a key set for cfg.URL. It downloads nothing yet; call
// [KeySet.Refresh] to download at start-up.
func NewKeySet(cfg KeySetConfig) (*KeySet, error) {
	if err := checkURL(cfg.URL); err != nil {
		return nil, fmt.Errorf("%w: key set: %w", ErrInvalidOption, err)
	}
	if cfg.FetchTimeout < 0 || cfg.RefreshInterval < 0 || cfg.RetryBackoff < 0 || cfg.MaxSize < 0 {
		return nil, fmt.Errorf("%w: key set: negative limit", ErrInvalidOption)
	}
	s := &KeySet{url: cfg.URL, client: cfg.Client, timeout: cfg.FetchTimeout, interval: cfg.RefreshInterval,
		backoff: cfg.RetryBackoff, maxSize: cfg.MaxSize, now: cfg.Now}
	if s.timeout == 0 {
		s.timeout = DefaultFetchTimeout
	}
	if s.interval == 0 {
		s.interval = DefaultRefreshInterval
	}
	if s.backoff == 0 {
		s.backoff = DefaultRetryBackoff
	}
	if s.maxSize == 0 {
		s.maxSize = DefaultMaxKeySetSize
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: s.timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("the key set's URL redirects; give its final address")
		}}
	}
	return s, nil
}

// URL returns the key set's address.
func (s *KeySet) URL() string { return s.url }

// Downloads returns how many downloads the set has started.
func (s *KeySet) Downloads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// Refresh downloads the key set now, unless a download is under way (then
// it waits for that one). It is meant for start-up; Key refreshes by
// itself.
func (s *KeySet) Refresh(ctx context.Context) error {
	s.mu.Lock()
	d := s.start()
	s.mu.Unlock()
	return s.wait(ctx, d)
}

// Key returns the key with kid, downloading the set when it was never
// downloaded or lacks kid and the limits allow. The error wraps
// [ErrUnknownKey] or [ErrKeysUnavailable].
func (s *KeySet) Key(ctx context.Context, kid string) (Key, error) {
	s.mu.Lock()
	if k, ok := s.keys[kid]; ok {
		s.mu.Unlock()
		return k, nil
	}
	d := s.inflight
	if d == nil {
		now := s.now()
		switch {
		case s.failures > 0 && now.Before(s.failAt.Add(s.retryWait())):
			err := s.lastErr
			none := s.keys == nil
			s.mu.Unlock()
			if none {
				return Key{}, fmt.Errorf("%w: %w", ErrKeysUnavailable, err)
			}
			return Key{}, fmt.Errorf("%w: %s (the last download failed: %w)", ErrUnknownKey, clip.Quote(kid), err)
		case s.keys != nil && now.Before(s.okAt.Add(s.interval)):
			s.mu.Unlock()
			return Key{}, fmt.Errorf("%w: %s", ErrUnknownKey, clip.Quote(kid))
		}
		d = s.start()
	}
	s.mu.Unlock()
	if err := s.wait(ctx, d); err != nil {
		return Key{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[kid]; ok {
		return k, nil
	}
	return Key{}, fmt.Errorf("%w: %s", ErrUnknownKey, clip.Quote(kid))
}

// retryWait is the backoff after the failures in a row: RetryBackoff,
// doubling, at most RefreshInterval.
func (s *KeySet) retryWait() time.Duration {
	w := s.backoff
	for i := 1; i < s.failures && w < s.interval; i++ {
		w *= 2
	}
	return min(w, s.interval)
}

// start begins a download, or returns the one under way; s.mu is held.
func (s *KeySet) start() *download {
	if s.inflight != nil {
		return s.inflight
	}
	d := &download{done: make(chan struct{})}
	s.inflight = d
	s.count++
	go func() {
		keys, err := s.fetch()
		s.mu.Lock()
		now := s.now()
		if err != nil {
			s.failures++
			s.failAt, s.lastErr = now, err
			d.err = fmt.Errorf("%w: %w", ErrKeysUnavailable, err)
		} else {
			s.keys, s.okAt, s.failures, s.lastErr = keys, now, 0, nil
		}
		s.inflight = nil
		s.mu.Unlock()
		close(d.done)
	}()
	return d
}

// wait waits for d, or for ctx.
func (s *KeySet) wait(ctx context.Context, d *download) error {
	select {
	case <-d.done:
		return d.err
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrKeysUnavailable, ctx.Err())
	}
}

// fetch downloads and parses the set. It is not tied to any caller's
// context, so that one impatient caller cannot fail it for everyone;
// FetchTimeout bounds it.
func (s *KeySet) fetch() (map[string]Key, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s answered %s", s.url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.maxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > s.maxSize {
		return nil, fmt.Errorf("the key set is larger than %d bytes", s.maxSize)
	}
	return ParseKeySet(body)
}

// Keyfunc is a jwt.Keyfunc over the set: it picks the key by the token's
// kid and checks that the key fits the token's algorithm (RS256, PS256 and
// the like need an RSA key; ES256 a P-256 key; ES384 P-384; ES512 P-521)
// and, when the key's JWK names an alg, that the token's is that one: a
// key published for RS256 never verifies a PS256 or RS512 token.
func (s *KeySet) Keyfunc(t *jwt.Token) (any, error) {
	return s.keyFor(context.Background(), t)
}

func (s *KeySet) keyFor(ctx context.Context, t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" {
		return nil, fmt.Errorf("%w: the token names no kid", ErrUnknownKey)
	}
	k, err := s.Key(ctx, kid)
	if err != nil {
		return nil, err
	}
	alg := t.Method.Alg()
	if k.Alg != "" && k.Alg != alg {
		return nil, fmt.Errorf("%w: the key %s is for %s, and the token is signed with %s", ErrUnknownKey, clip.Quote(kid), k.Alg, alg)
	}
	switch key := k.Public.(type) {
	case *rsa.PublicKey:
		if strings.HasPrefix(alg, "RS") || strings.HasPrefix(alg, "PS") {
			return key, nil
		}
	case *ecdsa.PublicKey:
		if curveFor(alg) == key.Curve {
			return key, nil
		}
	}
	return nil, fmt.Errorf("%w: the key %s does not fit %s", ErrUnknownKey, clip.Quote(kid), alg)
}

func curveFor(alg string) elliptic.Curve {
	switch alg {
	case "ES256":
		return elliptic.P256()
	case "ES384":
		return elliptic.P384()
	case "ES512":
		return elliptic.P521()
	}
	return nil
}

// jwk is the part of a JSON Web Key (RFC 7517, RFC 7518 §6) a verifier
// needs.
type jwk struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// Key is a usable key of a key set: its public key and the algorithm its
// JWK names.
type Key struct {
	// Public is an *rsa.PublicKey or an *ecdsa.PublicKey.
	Public crypto.PublicKey
	// Alg is the JWK's alg, such as "RS256"; a token verified with the key
	// must be signed with it. Empty when the JWK names none: then any
	// algorithm that fits the key's type and curve is accepted.
	Alg string
}

// ParseKeySet decodes a JSON Web Key Set document ({"keys": [...]}) and
// returns its usable keys by kid, skipping the others as [KeySet]
// describes. A document that is not a JSON object with a "keys" array is
// an error; a set with no usable key is not. Its time and memory are linear
// in the document's size (a key costs its bytes and one point check):
// within about 4× the time and 4× the allocations of decoding the document
// with encoding/json, whatever its keys (BenchmarkParseKeySet times it;
// TestParseKeySetBounded holds its allocations and their growth).
func ParseKeySet(data []byte) (map[string]Key, error) {
	var doc struct {
		Keys *[]json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("key set: %w", err)
	}
	if doc.Keys == nil {
		return nil, errors.New(`key set: no "keys" array`)
	}
	keys := map[string]Key{}
	dup := map[string]bool{}
	for _, raw := range *doc.Keys {
		var k jwk
		if json.Unmarshal(raw, &k) != nil || k.Kid == "" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		pub, ok := k.publicKey()
		if !ok {
			continue
		}
		if _, seen := keys[k.Kid]; seen || dup[k.Kid] {
			delete(keys, k.Kid)
			dup[k.Kid] = true
			continue
		}
		keys[k.Kid] = Key{Public: pub, Alg: k.Alg}
	}
	return keys, nil
}

// checkURL refuses a key set URL that is not absolute https, with a host
// and no user information (http is accepted for a loopback host, for
// tests): a URL built from configuration must not be steered to another
// host by what the configuration holds.
func checkURL(raw string) error {
	if raw == "" {
		return errors.New("no URL")
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("URL: %w", err)
	case u.User != nil:
		return fmt.Errorf("URL %s holds user information", clip.Quote(raw))
	case u.Host == "" || u.Opaque != "":
		return fmt.Errorf("URL %s has no host", clip.Quote(raw))
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("URL %s is not https (http only for a loopback host)", clip.Quote(raw))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (k jwk) publicKey() (any, bool) {
	switch k.Kty {
	case "RSA":
		if k.Alg != "" && !strings.HasPrefix(k.Alg, "RS") && !strings.HasPrefix(k.Alg, "PS") {
			return nil, false
		}
		n, ok1 := bigInt(k.N)
		e, ok2 := bigInt(k.E)
		if !ok1 || !ok2 || n.BitLen() < minRSABits || n.BitLen() > maxRSABits {
			return nil, false
		}
		if e.BitLen() > 31 || e.Int64() < 3 || e.Bit(0) == 0 {
			return nil, false
		}
		return &rsa.PublicKey{N: n, E: int(e.Int64())}, true
	case "EC":
		var curve elliptic.Curve
		var check ecdh.Curve
		switch k.Crv {
		case "P-256":
			curve, check = elliptic.P256(), ecdh.P256()
		case "P-384":
			curve, check = elliptic.P384(), ecdh.P384()
		case "P-521":
			curve, check = elliptic.P521(), ecdh.P521()
		default:
			return nil, false
		}
		if k.Alg != "" && curveFor(k.Alg) != curve {
			return nil, false
		}
		x, ok1 := bigInt(k.X)
		y, ok2 := bigInt(k.Y)
		size := (curve.Params().BitSize + 7) / 8
		if !ok1 || !ok2 || len(x.Bytes()) > size || len(y.Bytes()) > size {
			return nil, false
		}
		// The point must be on the curve: crypto/ecdh checks it.
		point := make([]byte, 1+2*size)
		point[0] = 4
		x.FillBytes(point[1 : 1+size])
		y.FillBytes(point[1+size:])
		if _, err := check.NewPublicKey(point); err != nil {
			return nil, false
		}
		return &ecdsa.PublicKey{Curve: curve, X: x, Y: y}, true
	}
	return nil, false
}

// bigInt decodes an unsigned big-endian integer in base64url, unpadded as
// RFC 7518 requires (padded, as some servers write it, is accepted).
func bigInt(s string) (*big.Int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(b) == 0 {
		return nil, false
	}
	return new(big.Int).SetBytes(b), true
}
