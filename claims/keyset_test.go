package claims_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
)

var rsa2 = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func rsaJWK(kid string, k *rsa.PublicKey) map[string]any {
	return map[string]any{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())}
}

// jwksServer serves a key set that a test can change, fail or stall.
type jwksServer struct {
	*httptest.Server
	mu       sync.Mutex
	keys     []map[string]any
	status   int           // 0: 200
	block    chan struct{} // non-nil: requests wait for it to close
	requests atomic.Int32
}

func newJWKSServerB(b *testing.B, keys ...map[string]any) *jwksServer {
	return newJWKSServerTB(b, keys...)
}

func newJWKSServer(t *testing.T, keys ...map[string]any) *jwksServer {
	return newJWKSServerTB(t, keys...)
}

func newJWKSServerTB(t testing.TB, keys ...map[string]any) *jwksServer {
	s := &jwksServer{keys: keys}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.mu.Lock()
		block, status, keys := s.block, s.status, s.keys
		s.mu.Unlock()
		if block != nil {
			select {
			case <-block:
			case <-r.Context().Done():
				return
			}
		}
		if status != 0 {
			w.WriteHeader(status)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(f func(s *jwksServer)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newKeySet(t *testing.T, url string, clock *fakeClock) *claims.KeySet {
	t.Helper()
	ks, err := claims.NewKeySet(claims.KeySetConfig{URL: url, Now: clock.Now, FetchTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func TestKeySetCachesAndLimitsRefreshes(t *testing.T) {
	srv := newJWKSServer(t, rsaJWK("k1", &keys().rsa.PublicKey))
	clock := &fakeClock{t: now}
	ks := newKeySet(t, srv.URL, clock)
	ctx := context.Background()
	for range 50 {
		if _, err := ks.Key(ctx, "k1"); err != nil {
			t.Fatal(err)
		}
	}
	if n := ks.Downloads(); n != 1 {
		t.Fatalf("%d downloads for 50 lookups of a known kid; want 1", n)
	}
	// An attacker's flood of unknown kids: the first refreshes once the
	// interval since the last download has passed, the rest do not.
	clock.Add(claims.DefaultRefreshInterval)
	for i := range 1000 {
		if _, err := ks.Key(ctx, "attacker-"+strconv.Itoa(i)); !errors.Is(err, claims.ErrUnknownKey) {
			t.Fatalf("Key(attacker) = %v; want ErrUnknownKey", err)
		}
	}
	if n := ks.Downloads(); n != 2 {
		t.Fatalf("%d downloads after a flood of 1,000 unknown kids; want 2 (one per interval)", n)
	}
	clock.Add(claims.DefaultRefreshInterval - time.Second)
	_, _ = ks.Key(ctx, "attacker-x")
	if n := ks.Downloads(); n != 2 {
		t.Fatalf("%d downloads before the interval passed; want 2", n)
	}
}

func TestKeySetRotationAfterForcedRefresh(t *testing.T) {
	srv := newJWKSServer(t, rsaJWK("old", &keys().rsa.PublicKey))
	clock := &fakeClock{t: now}
	ks := newKeySet(t, srv.URL, clock)
	ctx := context.Background()
	if _, err := ks.Key(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	clock.Add(claims.DefaultRefreshInterval)
	// The attacker forces a refresh; a second later the pool rotates.
	if _, err := ks.Key(ctx, "forged"); !errors.Is(err, claims.ErrUnknownKey) {
		t.Fatal(err)
	}
	srv.set(func(s *jwksServer) { s.keys = append(s.keys, rsaJWK("new", &rsa2().PublicKey)) })
	clock.Add(time.Second)
	if _, err := ks.Key(ctx, "new"); !errors.Is(err, claims.ErrUnknownKey) {
		t.Fatalf("Key(new) right after the forced refresh = %v; want ErrUnknownKey until the interval passes", err)
	}
	clock.Add(claims.DefaultRefreshInterval - time.Second)
	if _, err := ks.Key(ctx, "new"); err != nil {
		t.Fatalf("Key(new) once the interval since the forced refresh passed = %v; want the new key", err)
	}
}

func TestKeySetRecoversAfterFailedFirstFetch(t *testing.T) {
	srv := newJWKSServer(t, rsaJWK("k1", &keys().rsa.PublicKey))
	srv.set(func(s *jwksServer) { s.status = http.StatusServiceUnavailable })
	clock := &fakeClock{t: now}
	ks := newKeySet(t, srv.URL, clock)
	ctx := context.Background()
	if _, err := ks.Key(ctx, "k1"); !errors.Is(err, claims.ErrKeysUnavailable) {
		t.Fatalf("Key() with the endpoint down = %v; want ErrKeysUnavailable", err)
	}
	srv.set(func(s *jwksServer) { s.status = 0 })
	// Within the backoff the set does not download again...
	if _, err := ks.Key(ctx, "k1"); !errors.Is(err, claims.ErrKeysUnavailable) || ks.Downloads() != 1 {
		t.Fatalf("Key() within the backoff = %v after %d downloads; want ErrKeysUnavailable after 1", err, ks.Downloads())
	}
	// ...and recovers as soon as it passes: seconds, not the interval.
	clock.Add(claims.DefaultRetryBackoff)
	if _, err := ks.Key(ctx, "k1"); err != nil {
		t.Fatalf("Key() after the backoff = %v; want the key", err)
	}
	// Backoff doubles with failures in a row, up to the interval.
	srv.set(func(s *jwksServer) { s.status = http.StatusInternalServerError })
	clock.Add(claims.DefaultRefreshInterval)
	for i, wait := range []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second} {
		clock.Add(wait)
		before := ks.Downloads()
		_, _ = ks.Key(ctx, "rotated")
		if ks.Downloads() != before+1 {
			t.Fatalf("failure %d: no download after waiting %v", i, wait)
		}
		clock.Add(wait) // not yet the doubled wait
		_, _ = ks.Key(ctx, "rotated")
		if i > 0 && ks.Downloads() != before+1 {
			t.Fatalf("failure %d: a download before the doubled backoff", i)
		}
	}
	if _, err := ks.Key(ctx, "k1"); err != nil {
		t.Errorf("Key(k1) after failed refreshes = %v; want the key it kept", err)
	}
}

// waitingContext reports on wg the first call of its Done method: the
// moment a caller of KeySet.Key starts to wait, without a clock.
type waitingContext struct {
	context.Context
	once sync.Once
	wg   *sync.WaitGroup
}

func (c *waitingContext) Done() <-chan struct{} {
	c.once.Do(c.wg.Done)
	return c.Context.Done()
}

// TestKeySetSharesOneDownloadWithoutChainedWaits: twenty callers waiting
// for a stalled download share it, and its failure ends every wait, with no
// download of their own (a chained wait started one each after the shared
// one failed: 20 downloads, each its own FetchTimeout); a caller's own
// context ends its wait, and only its wait. It decides by counting
// downloads and by events, not by a clock.
func TestKeySetSharesOneDownloadWithoutChainedWaits(t *testing.T) {
	srv := newJWKSServer(t, rsaJWK("k1", &keys().rsa.PublicKey))
	release := make(chan struct{})
	srv.set(func(s *jwksServer) { s.block, s.status = release, http.StatusServiceUnavailable })
	clock := &fakeClock{t: now}
	ks, err := claims.NewKeySet(claims.KeySetConfig{URL: srv.URL, FetchTimeout: time.Hour, RefreshInterval: time.Millisecond, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	var waiting, wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		waiting.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = ks.Key(&waitingContext{Context: context.Background(), wg: &waiting}, "k1")
		}()
	}
	waiting.Wait() // all twenty wait for the download
	close(release) // which now fails
	wg.Wait()
	for _, err := range errs {
		if !errors.Is(err, claims.ErrKeysUnavailable) {
			t.Fatalf("Key() against a failing endpoint = %v; want ErrKeysUnavailable", err)
		}
	}
	if n := ks.Downloads(); n != 1 {
		t.Errorf("%d downloads for 20 waiting callers; want 1 shared, and no chained download after it failed", n)
	}

	// A caller's own context ends its wait, and only its wait.
	hang := make(chan struct{})
	srv.set(func(s *jwksServer) { s.block, s.status = hang, 0 })
	ks2, err := claims.NewKeySet(claims.KeySetConfig{URL: srv.URL, FetchTimeout: time.Hour, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	waiting.Add(2)
	ctx, cancel := context.WithCancel(context.Background())
	impatient := make(chan error, 1)
	go func() {
		_, err := ks2.Key(&waitingContext{Context: ctx, wg: &waiting}, "k1")
		impatient <- err
	}()
	patient := make(chan error, 1)
	go func() {
		_, err := ks2.Key(&waitingContext{Context: context.Background(), wg: &waiting}, "k1")
		patient <- err
	}()
	waiting.Wait()
	cancel()
	if err := <-impatient; !errors.Is(err, claims.ErrKeysUnavailable) || !errors.Is(err, context.Canceled) {
		t.Errorf("Key() = %v; want ErrKeysUnavailable wrapping the caller's cancellation", err)
	}
	close(hang) // the download the patient caller waits for ends
	if err := <-patient; err != nil {
		t.Errorf("Key() of a caller still waiting = %v; want the key", err)
	}
	if n := ks2.Downloads(); n != 1 {
		t.Errorf("%d downloads; want 1", n)
	}
}

func TestKeySetRefusesBadKeySets(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecJWK := map[string]any{"kty": "EC", "kid": "ec", "crv": "P-256", "alg": "ES256",
		"x": base64.RawURLEncoding.EncodeToString(ec.X.FillBytes(make([]byte, 32))),
		"y": base64.RawURLEncoding.EncodeToString(ec.Y.FillBytes(make([]byte, 32)))}
	offCurve := map[string]any{"kty": "EC", "kid": "off", "crv": "P-256", "x": ecJWK["x"], "y": base64.RawURLEncoding.EncodeToString(make([]byte, 32))}
	good := rsaJWK("good", &keys().rsa.PublicKey)
	tests := []struct {
		name string
		doc  string
		want []string // kids kept
		err  bool
	}{
		{name: "not JSON", doc: `{"keys": [`, err: true},
		{name: "no keys array", doc: `{"key": []}`, err: true},
		{name: "keys of the wrong type", doc: `{"keys": "x"}`, err: true},
		{name: "RSA under 2048 bits", doc: docOf(rsaJWK("small", &small.PublicKey), good), want: []string{"good"}},
		{name: "encryption keys and other algorithms", doc: docOf(with(good, "kid", "enc", "use", "enc"), with(good, "kid", "hs", "alg", "HS256"), good), want: []string{"good"}},
		{name: "a duplicate kid keeps neither", doc: docOf(good, with(good, "n", base64.RawURLEncoding.EncodeToString(rsa2().N.Bytes())), ecJWK), want: []string{"ec"}},
		{name: "members of the wrong type are skipped", doc: `{"keys": [{"kty": 1}, 3, null, ` + mustJSON(good) + `]}`, want: []string{"good"}},
		{name: "an EC point off the curve", doc: docOf(offCurve, ecJWK), want: []string{"ec"}},
		{name: "no kid", doc: docOf(with(good, "kid", "")), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := claims.ParseKeySet([]byte(tt.doc))
			if (err != nil) != tt.err {
				t.Fatalf("ParseKeySet() error = %v, want error %v", err, tt.err)
			}
			var kids []string
			for kid := range got {
				kids = append(kids, kid)
			}
			if strings.Join(kids, ",") != strings.Join(tt.want, ",") {
				t.Errorf("kept %v, want %v", kids, tt.want)
			}
		})
	}
}

func TestKeySetRefusesBadEndpoints(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"keys": [`))
		chunk := []byte(strings.Repeat(" ", 1<<16))
		for range 50 << 4 { // 50 MB of white space
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer big.Close()
	redirect := httptest.NewServer(http.RedirectHandler("http://127.0.0.1:1/keys", http.StatusFound))
	defer redirect.Close()
	for name, url := range map[string]string{"a 50 MB body": big.URL, "a redirect": redirect.URL, "nothing listening": "http://127.0.0.1:1/keys"} {
		t.Run(name, func(t *testing.T) {
			ks, err := claims.NewKeySet(claims.KeySetConfig{URL: url})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ks.Key(context.Background(), "k"); !errors.Is(err, claims.ErrKeysUnavailable) {
				t.Errorf("Key() = %v; want ErrKeysUnavailable", err)
			}
		})
	}
	if _, err := claims.NewKeySet(claims.KeySetConfig{}); !errors.Is(err, claims.ErrInvalidOption) {
		t.Errorf("NewKeySet without a URL: %v", err)
	}
}

func TestKeySetKeyfunc(t *testing.T) {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecJWK := map[string]any{"kty": "EC", "kid": "ec", "crv": "P-256",
		"x": base64.RawURLEncoding.EncodeToString(ec.X.FillBytes(make([]byte, 32))),
		"y": base64.RawURLEncoding.EncodeToString(ec.Y.FillBytes(make([]byte, 32)))}
	srv := newJWKSServer(t, rsaJWK("rsa", &keys().rsa.PublicKey), ecJWK)
	ks := newKeySet(t, srv.URL, &fakeClock{t: now})
	exp := jwt.MapClaims{"exp": now.Add(time.Hour).Unix()}
	rs := jwt.NewWithClaims(jwt.SigningMethodRS256, exp)
	rs.Header["kid"] = "rsa"
	rsTok, _ := rs.SignedString(keys().rsa)
	es := jwt.NewWithClaims(jwt.SigningMethodES256, exp)
	es.Header["kid"] = "ec"
	esTok, _ := es.SignedString(ec)
	wrong := jwt.NewWithClaims(jwt.SigningMethodES256, exp)
	wrong.Header["kid"] = "rsa"
	wrongTok, _ := wrong.SignedString(ec)
	opts := []claims.Option{claims.WithAlgorithms("RS256", "ES256"), claims.WithTimeFunc(clock)}
	for name, tok := range map[string]string{"RS256": rsTok, "ES256": esTok} {
		if _, err := claims.Verify(tok, ks.Keyfunc, opts...); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := claims.Verify(wrongTok, ks.Keyfunc, opts...); !errors.Is(err, claims.ErrUnknownKey) {
		t.Errorf("an ES256 token naming an RSA key: %v; want ErrUnknownKey", err)
	}
}

func docOf(keys ...map[string]any) string {
	data, _ := json.Marshal(map[string]any{"keys": keys})
	return string(data)
}

func mustJSON(v any) string { data, _ := json.Marshal(v); return string(data) }

// with returns a copy of k with members set.
func with(k map[string]any, kv ...string) map[string]any {
	c := map[string]any{}
	for key, v := range k {
		c[key] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		c[kv[i]] = kv[i+1]
	}
	return c
}
