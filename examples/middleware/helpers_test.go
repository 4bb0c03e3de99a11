package main

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rolemapping/rolemapping/rolemap"
)

const (
	kidA = "key-a"
	kidB = "key-b"
	// unlistedClient is an app client the middleware accepts but the identity
	// pool does not list, so the resolver refuses its tokens.
	unlistedClient = "3n4uh1jlk9bsa8lq7tqk2n0ma5"
)

// testKeys are generated once per test binary: RSA key generation is slow
// under -race.
type testKeys struct {
	a, b, other *rsa.PrivateKey
}

var generateKeys = sync.OnceValues(func() (testKeys, error) {
	var k testKeys
	for _, p := range []**rsa.PrivateKey{&k.a, &k.b, &k.other} {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return k, err
		}
		*p = key
	}
	return k, nil
})

func keys(t *testing.T) testKeys {
	t.Helper()
	k, err := generateKeys()
	if err != nil {
		t.Fatalf("rsa.GenerateKey: %v", err)
	}
	return k
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// jwksServer is a real HTTP server playing the user pool's JWKS endpoint.
// It counts the downloads, and can be told to fail or to hang.
type jwksServer struct {
	*httptest.Server
	fetches atomic.Int32

	mu      sync.Mutex
	body    []byte
	status  int
	arrived chan struct{} // when not nil, receives once per request
	release chan struct{} // when not nil, requests wait until it is closed
}

func newJWKSServer(t *testing.T, keys map[string]*rsa.PublicKey) *jwksServer {
	t.Helper()
	s := &jwksServer{status: http.StatusOK}
	s.setKeys(t, keys)
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) serve(w http.ResponseWriter, r *http.Request) {
	s.fetches.Add(1)
	s.mu.Lock()
	body, status, release, arrived := s.body, s.status, s.release, s.arrived
	s.mu.Unlock()
	if arrived != nil {
		arrived <- struct{}{}
	}
	if release != nil {
		<-release
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func (s *jwksServer) setKeys(t *testing.T, keys map[string]*rsa.PublicKey) {
	t.Helper()
	body, err := json.Marshal(jwksDocument(keys))
	if err != nil {
		t.Fatal(err)
	}
	s.setResponse(http.StatusOK, body)
}

func (s *jwksServer) setResponse(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body = status, body
}

// hang makes requests wait until the test ends.
func (s *jwksServer) hang(t *testing.T) {
	release := make(chan struct{})
	s.mu.Lock()
	s.release = release
	s.mu.Unlock()
	// Cleanups run last-in first-out: this runs before s.Close, which waits
	// for the handlers.
	t.Cleanup(func() { close(release) })
}

// fixture is the middleware in front of a handler that records what it
// saw, behind a real HTTP server.
type fixture struct {
	t     *testing.T
	keys  testKeys
	clock *fakeClock
	jwks  *jwksServer
	mw    *Middleware
	app   *httptest.Server

	mu        sync.Mutex
	logged    []error
	explained []string
}

// newFixture serves key a in the JWKS and configures the middleware with
// the demo pool; edit changes the configuration.
func newFixture(t *testing.T, edit ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{
		t:     t,
		keys:  keys(t),
		clock: &fakeClock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
	}
	f.jwks = newJWKSServer(t, map[string]*rsa.PublicKey{kidA: &f.keys.a.PublicKey})
	cfg := Config{
		Region:     demoRegion,
		UserPoolID: demoUserPoolID,
		ClientIDs:  []string{demoClientID, unlistedClient},
		Resolver:   demoResolver(t),
		JWKSURL:    f.jwks.URL,
		Now:        f.clock.Now,
		Log: func(r *http.Request, status int, explanation string, err error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			if err != nil {
				f.logged = append(f.logged, err)
			} else {
				f.explained = append(f.explained, explanation)
			}
		},
	}
	for _, e := range edit {
		e(&cfg)
	}
	mw, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.mw = mw
	f.app = httptest.NewServer(mw.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := DecisionFrom(r.Context())
		if !ok {
			http.Error(w, "no decision in the context", http.StatusTeapot)
			return
		}
		c, _ := ClaimsFrom(r.Context())
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(handlerSaw{RoleARN: d.RoleARN, Reason: d.Reason.String(),
			MappingKey: d.MappingKey, RuleIndex: d.RuleIndex(), Username: c["cognito:username"]})
	})))
	t.Cleanup(f.app.Close)
	return f
}

// handlerSaw is what the protected handler found in its request's context.
type handlerSaw struct {
	RoleARN    string
	Reason     string
	MappingKey string
	RuleIndex  int
	Username   any
}

func demoResolver(t *testing.T) *rolemap.Resolver {
	t.Helper()
	return compile(t, demoPool(t))
}

func demoPool(t *testing.T) rolemap.Pool {
	t.Helper()
	p, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		t.Fatalf("ParsePool: %v", err)
	}
	return p
}

func compile(t *testing.T, p rolemap.Pool) *rolemap.Resolver {
	t.Helper()
	r, err := rolemap.Compile(p)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return r
}

// claimsFor returns the claims of a valid ID token of the demo user pool,
// issued now by the fixture's clock.
func (f *fixture) claimsFor(username string, groups ...string) jwt.MapClaims {
	return idTokenClaims(f.mw.Issuer(), demoClientID, username, groups, f.clock.Now())
}

func (f *fixture) sign(key *rsa.PrivateKey, kid string, c jwt.MapClaims) string {
	f.t.Helper()
	tok, err := signToken(key, kid, c)
	if err != nil {
		f.t.Fatalf("signToken: %v", err)
	}
	return tok
}

// response is what a client got.
type response struct {
	status          int
	contentType     string
	wwwAuthenticate string
	body            string
}

// get sends a request with the given Authorization headers.
func (f *fixture) get(t *testing.T, authorization ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.app.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range authorization {
		req.Header.Add("Authorization", a)
	}
	resp, err := f.app.Client().Do(req)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return response{
		status:          resp.StatusCode,
		contentType:     resp.Header.Get("Content-Type"),
		wwwAuthenticate: resp.Header.Get("WWW-Authenticate"),
		body:            string(body),
	}
}

// takeLogged returns the errors logged since the last call.
func (f *fixture) takeLogged() []error {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.logged
	f.logged = nil
	return l
}

// refusal decodes a JSON error body, failing the test if it is not one.
func refusal(t *testing.T, r response) errorBody {
	t.Helper()
	if r.contentType != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", r.contentType)
	}
	var b errorBody
	dec := json.NewDecoder(strings.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("body %q is not a JSON error: %v", r.body, err)
	}
	return b
}
