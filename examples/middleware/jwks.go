package main

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults of [JWKSConfig].
const (
	// DefaultFetchTimeout bounds one download of the key set.
	DefaultFetchTimeout = 5 * time.Second
	// DefaultMinRefreshInterval is the least time between two downloads of
	// the key set.
	DefaultMinRefreshInterval = time.Minute
)

// Limits on what a key set may hold.
const (
	maxJWKSSize = 1 << 20 // bytes of the JWKS document
	minRSABits  = 2048    // Cognito's keys are 2048-bit
	maxRSABits  = 8192    // bounds the work of one verification
)

var (
	// ErrUnknownKey means the key set holds no usable key with the token's
	// kid, even after a refresh (or a refresh was not allowed yet).
	ErrUnknownKey = errors.New("no signing key with the token's kid")

	// ErrKeysUnavailable means the key set could not be downloaded: the
	// endpoint is down, slow, or answered something that is not a JWKS.
	ErrKeysUnavailable = errors.New("signing keys unavailable")
)

// JWKSConfig configures a [JWKS].
type JWKSConfig struct {
	// URL is the key set's address. For a Cognito user pool it is
	// https://cognito-idp.REGION.amazonaws.com/POOLID/.well-known/jwks.json.
	URL string
	// Client downloads the key set. Nil means an http.Client whose Timeout
	// is FetchTimeout.
	Client *http.Client
	// FetchTimeout bounds one download, whatever Client does. Zero means
	// DefaultFetchTimeout.
	FetchTimeout time.Duration
	// MinRefreshInterval is the least time between two downloads, so that
	// tokens with random kids cannot make the cache hammer the endpoint.
	// Zero means DefaultMinRefreshInterval.
	MinRefreshInterval time.Duration
	// Now is the clock of the refresh limit. Nil means time.Now.
	Now func() time.Time
}

// JWKS is a cache of the RSA signing keys of a JSON Web Key Set (RFC 7517),
// looked up by kid. It downloads the set on first use and again only when a
// token names a kid it does not hold (key rotation), at most once per
// MinRefreshInterval. A download replaces the whole set, so rotated-out keys
// are dropped; a failed download keeps the keys it had.
//
// Only keys that can verify RS256 are kept: kty "RSA", use "sig" or absent,
// alg "RS256" or absent, a non-empty kid, a modulus of 2048 to 8192 bits and
// an odd exponent of at least 3 that fits in 31 bits. Other keys are skipped,
// and a kid that appears twice is ambiguous, so neither key is kept.
//
// A JWKS is safe for concurrent use by multiple goroutines. Make one with
// [NewJWKS].
type JWKS struct {
	url      string
	client   *http.Client
	timeout  time.Duration
	interval time.Duration
	now      func() time.Time

	mu   sync.RWMutex
	keys map[string]*rsa.PublicKey // nil until a download succeeds

	// fetching is held (a token in the channel) by the one goroutine that
	// may download; it also guards lastAttempt and lastErr.
	fetching    chan struct{}
	lastAttempt time.Time
	lastErr     error
}

// NewJWKS returns a cache for the key set at cfg.URL. It downloads nothing
// yet.
func NewJWKS(cfg JWKSConfig) (*JWKS, error) {
	if cfg.URL == "" {
		return nil, errors.New("jwks: no URL")
	}
	if cfg.FetchTimeout < 0 || cfg.MinRefreshInterval < 0 {
		return nil, errors.New("jwks: negative duration")
	}
	j := &JWKS{
		url:      cfg.URL,
		client:   cfg.Client,
		timeout:  cfg.FetchTimeout,
		interval: cfg.MinRefreshInterval,
		now:      cfg.Now,
		fetching: make(chan struct{}, 1),
	}
	if j.timeout == 0 {
		j.timeout = DefaultFetchTimeout
	}
	if j.interval == 0 {
		j.interval = DefaultMinRefreshInterval
	}
	if j.now == nil {
		j.now = time.Now
	}
	if j.client == nil {
		j.client = &http.Client{Timeout: j.timeout}
	}
	return j, nil
}

// Key returns the key with the given kid, downloading the set if it has
// never been downloaded or does not hold kid, and the last download is at
// least MinRefreshInterval old. The error wraps [ErrUnknownKey] or
// [ErrKeysUnavailable].
//
// While another goroutine downloads, Key waits for it, or until ctx is done.
// The download itself is not cancelled with ctx, so that one impatient
// client cannot fail it for everyone; FetchTimeout bounds it.
func (j *JWKS) Key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	if k, ok := j.lookup(kid); ok {
		return k, nil
	}
	select {
	case j.fetching <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: %w", ErrKeysUnavailable, ctx.Err())
	}
	defer func() { <-j.fetching }()

	// Another goroutine may have downloaded the key while this one waited.
	if k, ok := j.lookup(kid); ok {
		return k, nil
	}
	j.mu.RLock()
	downloaded := j.keys != nil
	j.mu.RUnlock()
	now := j.now()
	if !j.lastAttempt.IsZero() && now.Sub(j.lastAttempt) < j.interval {
		if !downloaded {
			return nil, fmt.Errorf("%w: %w", ErrKeysUnavailable, j.lastErr)
		}
		return nil, ErrUnknownKey
	}
	j.lastAttempt = now
	keys, err := j.fetch(ctx)
	if err != nil {
		j.lastErr = err
		return nil, fmt.Errorf("%w: %w", ErrKeysUnavailable, err)
	}
	j.lastErr = nil
	j.mu.Lock()
	j.keys = keys
	j.mu.Unlock()
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	return nil, ErrUnknownKey
}

func (j *JWKS) lookup(kid string) (*rsa.PublicKey, bool) {
	j.mu.RLock()
	defer j.mu.RUnlock()
	k, ok := j.keys[kid]
	return k, ok
}

// fetch downloads and parses the key set.
func (j *JWKS) fetch(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), j.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := j.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("jwks: %s answered %s", j.url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSSize+1))
	if err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	if len(body) > maxJWKSSize {
		return nil, fmt.Errorf("jwks: document larger than %d bytes", maxJWKSSize)
	}
	return ParseJWKS(body)
}

// jwk is the part of a JSON Web Key (RFC 7517, RFC 7518 §6.3) an RS256
// verifier needs.
type jwk struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// ParseJWKS decodes a JSON Web Key Set document ({"keys": [...]}) and returns
// its usable RS256 keys by kid, skipping the others as [JWKS] describes. A
// document that is not a JSON object with a "keys" array is an error; a set
// with no usable key is not.
func ParseJWKS(data []byte) (map[string]*rsa.PublicKey, error) {
	var doc struct {
		Keys *[]json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	if doc.Keys == nil {
		return nil, errors.New(`jwks: no "keys" array`)
	}
	keys := map[string]*rsa.PublicKey{}
	dup := map[string]bool{}
	for _, raw := range *doc.Keys {
		var k jwk
		if json.Unmarshal(raw, &k) != nil {
			continue // not an object, or a member of the wrong type
		}
		pub, ok := k.rsaKey()
		if !ok {
			continue
		}
		if _, seen := keys[k.Kid]; seen || dup[k.Kid] {
			delete(keys, k.Kid)
			dup[k.Kid] = true
			continue
		}
		keys[k.Kid] = pub
	}
	return keys, nil
}

// rsaKey returns the key if it is a usable RS256 signature key.
func (k jwk) rsaKey() (*rsa.PublicKey, bool) {
	if k.Kty != "RSA" || k.Kid == "" ||
		(k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
		return nil, false
	}
	nb, err := decodeB64URL(k.N)
	if err != nil {
		return nil, false
	}
	eb, err := decodeB64URL(k.E)
	if err != nil {
		return nil, false
	}
	n := new(big.Int).SetBytes(nb)
	e := new(big.Int).SetBytes(eb)
	if bits := n.BitLen(); bits < minRSABits || bits > maxRSABits {
		return nil, false
	}
	if e.BitLen() > 31 || e.Int64() < 3 || e.Bit(0) == 0 {
		return nil, false
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}, true
}

// decodeB64URL decodes base64url, unpadded as RFC 7515 requires, or padded
// as some servers write it.
func decodeB64URL(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}
