package main

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestKeyRotation(t *testing.T) {
	f := newFixture(t)
	k := f.keys
	check := func(step, token string, wantStatus int, wantFetches int32) {
		t.Helper()
		got := f.get(t, "Bearer "+token)
		if got.status != wantStatus {
			t.Errorf("%s: status = %d, want %d; body %s", step, got.status, wantStatus, got.body)
		}
		if n := f.jwks.fetches.Load(); n != wantFetches {
			t.Errorf("%s: %d downloads, want %d", step, n, wantFetches)
		}
	}
	tokenA := f.sign(k.a, kidA, f.claimsFor("alice", "admins"))
	tokenB := f.sign(k.b, kidB, f.claimsFor("alice", "admins"))

	check("key a, first use", tokenA, http.StatusOK, 1)
	check("key a, cached", tokenA, http.StatusOK, 1)

	// Cognito publishes key b. A token signed with it names an unknown kid,
	// and the last download is too recent for another.
	f.jwks.setKeys(t, map[string]*rsa.PublicKey{kidA: &k.a.PublicKey, kidB: &k.b.PublicKey})
	check("key b, before the refresh interval", tokenB, http.StatusUnauthorized, 1)

	f.clock.Advance(DefaultMinRefreshInterval)
	check("key b, refreshed", tokenB, http.StatusOK, 2)
	check("key a, still published", tokenA, http.StatusOK, 2)

	// Cognito retires key a. Nothing notices until a download, which an
	// unknown kid triggers; after it key a is no longer trusted.
	f.jwks.setKeys(t, map[string]*rsa.PublicKey{kidB: &k.b.PublicKey})
	f.clock.Advance(DefaultMinRefreshInterval)
	check("unknown kid triggers a download", f.sign(k.other, "key-c", f.claimsFor("alice", "admins")), http.StatusUnauthorized, 3)
	tokenA = f.sign(k.a, kidA, f.claimsFor("alice", "admins"))
	tokenB = f.sign(k.b, kidB, f.claimsFor("alice", "admins"))
	check("key a, retired", tokenA, http.StatusUnauthorized, 3)
	check("key b, still good", tokenB, http.StatusOK, 3)
}

func TestUnknownKidsAreRateLimited(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MinRefreshInterval = 10 * time.Minute })
	for i := range 20 {
		tok := f.sign(f.keys.other, fmt.Sprintf("random-kid-%d", i), f.claimsFor("alice", "admins"))
		if got := f.get(t, "Bearer "+tok); got.status != http.StatusUnauthorized {
			t.Fatalf("token %d: status = %d, want 401", i, got.status)
		}
	}
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("20 unknown kids within the interval: %d downloads, want 1", n)
	}
	f.clock.Advance(9 * time.Minute)
	f.get(t, "Bearer "+f.sign(f.keys.other, "random-kid-x", f.claimsFor("alice", "admins")))
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("after 9 of 10 minutes: %d downloads, want 1", n)
	}
	f.clock.Advance(time.Minute)
	f.get(t, "Bearer "+f.sign(f.keys.other, "random-kid-y", f.claimsFor("alice", "admins")))
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("after 10 minutes: %d downloads, want 2", n)
	}
	for _, err := range f.takeLogged() {
		if !errors.Is(err, ErrUnknownKey) {
			t.Errorf("logged %v, want ErrUnknownKey", err)
		}
	}
}

func TestJWKSUnavailable(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*testing.T, *jwksServer)
	}{
		{"server error", func(t *testing.T, s *jwksServer) { s.setResponse(http.StatusInternalServerError, []byte("oops")) }},
		{"not found", func(t *testing.T, s *jwksServer) { s.setResponse(http.StatusNotFound, nil) }},
		{"not JSON", func(t *testing.T, s *jwksServer) { s.setResponse(http.StatusOK, []byte("<html>")) }},
		{"no keys array", func(t *testing.T, s *jwksServer) { s.setResponse(http.StatusOK, []byte(`{"kys": []}`)) }},
		{"too large", func(t *testing.T, s *jwksServer) {
			s.setResponse(http.StatusOK, append(append([]byte(`{"keys": [], "pad": "`), make([]byte, maxJWKSSize)...), `"}`...))
		}},
		{"slow", func(t *testing.T, s *jwksServer) { s.hang(t) }},
		{"down", func(t *testing.T, s *jwksServer) { s.Close() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.FetchTimeout = 50 * time.Millisecond })
			tt.setup(t, f.jwks)
			tok := f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))
			got := f.get(t, "Bearer "+tok)
			if got.status != http.StatusServiceUnavailable {
				t.Fatalf("status = %d, want 503; body %s", got.status, got.body)
			}
			want := errorBody{Code: "ExternalServiceException", Message: "The user pool's signing keys could not be fetched."}
			if diff := cmp.Diff(want, refusal(t, got)); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if logged := f.takeLogged(); len(logged) != 1 || !errors.Is(logged[0], ErrKeysUnavailable) {
				t.Errorf("logged %v, want ErrKeysUnavailable", logged)
			}
		})
	}
}

func TestJWKSRecovers(t *testing.T) {
	f := newFixture(t)
	f.jwks.setResponse(http.StatusBadGateway, nil)
	tok := f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))
	for i, want := range []int{http.StatusServiceUnavailable, http.StatusServiceUnavailable} {
		if got := f.get(t, "Bearer "+tok); got.status != want {
			t.Errorf("request %d: status = %d, want %d", i, got.status, want)
		}
	}
	if n := f.jwks.fetches.Load(); n != 1 {
		t.Errorf("a failed download is rate-limited too: %d downloads, want 1", n)
	}
	f.jwks.setKeys(t, map[string]*rsa.PublicKey{kidA: &f.keys.a.PublicKey})
	f.clock.Advance(DefaultMinRefreshInterval)
	tok = f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))
	if got := f.get(t, "Bearer "+tok); got.status != http.StatusOK {
		t.Errorf("after the interval: status = %d, want 200; body %s", got.status, got.body)
	}
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("%d downloads, want 2", n)
	}
}

func TestKeyFailedRefreshKeepsKeys(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_750_000_000, 0)}
	k := keys(t)
	srv := newJWKSServer(t, map[string]*rsa.PublicKey{kidA: &k.a.PublicKey})
	j, err := NewJWKS(JWKSConfig{URL: srv.URL, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := j.Key(ctx, kidA); err != nil {
		t.Fatalf("Key(a): %v", err)
	}
	srv.setResponse(http.StatusServiceUnavailable, nil)
	clock.Advance(DefaultMinRefreshInterval)
	if _, err := j.Key(ctx, kidB); !errors.Is(err, ErrKeysUnavailable) {
		t.Errorf("Key(b) with the server failing: %v, want ErrKeysUnavailable", err)
	}
	if _, err := j.Key(ctx, kidB); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("Key(b) again within the interval: %v, want ErrUnknownKey", err)
	}
	got, err := j.Key(ctx, kidA)
	if err != nil || !got.Equal(&k.a.PublicKey) {
		t.Errorf("Key(a) after the failed download: %v, %v; want key a", got, err)
	}
	if n := srv.fetches.Load(); n != 2 {
		t.Errorf("%d downloads, want 2", n)
	}
}

func TestKeyWaitHonoursContext(t *testing.T) {
	k := keys(t)
	srv := newJWKSServer(t, map[string]*rsa.PublicKey{kidA: &k.a.PublicKey})
	arrived := make(chan struct{}, 1)
	srv.notify(arrived)
	j, err := NewJWKS(JWKSConfig{URL: srv.URL, FetchTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	t.Cleanup(func() {
		// Cleanups run last-in first-out: this runs after hang's releases
		// the server, and before the server closes.
		if err := <-first; err != nil {
			t.Errorf("the first Key call: %v", err)
		}
	})
	srv.hang(t)
	go func() {
		_, err := j.Key(context.Background(), kidA)
		first <- err
	}()
	<-arrived // the first call is downloading, and holds the download slot

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := j.Key(ctx, kidA); !errors.Is(err, ErrKeysUnavailable) || !errors.Is(err, context.Canceled) {
		t.Errorf("Key with a cancelled context while another downloads: %v, want ErrKeysUnavailable and context.Canceled", err)
	}
}

func TestParseJWKS(t *testing.T) {
	k := keys(t)
	pub := &k.a.PublicKey
	b64 := base64.RawURLEncoding.EncodeToString
	n := b64(pub.N.Bytes())
	e := b64(big.NewInt(int64(pub.E)).Bytes())
	key := func(edit func(map[string]any)) map[string]any {
		m := map[string]any{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "k", "n": n, "e": e}
		edit(m)
		return m
	}
	small := new(big.Int).Rsh(pub.N, 1100) // about 948 bits
	tests := []struct {
		name     string
		keys     []any
		wantKids []string
	}{
		{"valid", []any{key(func(map[string]any) {})}, []string{"k"}},
		{"no alg or use", []any{key(func(m map[string]any) { delete(m, "alg"); delete(m, "use") })}, []string{"k"}},
		{"padded base64", []any{key(func(m map[string]any) { m["n"] = base64.URLEncoding.EncodeToString(pub.N.Bytes()) })}, []string{"k"}},
		{"two keys", []any{key(func(map[string]any) {}), key(func(m map[string]any) { m["kid"] = "k2" })}, []string{"k", "k2"}},
		{"EC key", []any{key(func(m map[string]any) { m["kty"] = "EC" })}, nil},
		{"encryption key", []any{key(func(m map[string]any) { m["use"] = "enc" })}, nil},
		{"RS512 key", []any{key(func(m map[string]any) { m["alg"] = "RS512" })}, nil},
		{"no kid", []any{key(func(m map[string]any) { delete(m, "kid") })}, nil},
		{"kid not a string", []any{key(func(m map[string]any) { m["kid"] = 7 })}, nil},
		{"modulus under 2048 bits", []any{key(func(m map[string]any) { m["n"] = b64(small.Bytes()) })}, nil},
		{"modulus not base64url", []any{key(func(m map[string]any) { m["n"] = "***" })}, nil},
		{"even exponent", []any{key(func(m map[string]any) { m["e"] = b64([]byte{1, 0, 0}) })}, nil},
		{"exponent 1", []any{key(func(m map[string]any) { m["e"] = b64([]byte{1}) })}, nil},
		{"exponent over 31 bits", []any{key(func(m map[string]any) { m["e"] = b64([]byte{1, 0, 0, 0, 1}) })}, nil},
		{"not an object", []any{"k", key(func(m map[string]any) { m["kid"] = "k2" })}, []string{"k2"}},
		{"duplicate kid", []any{key(func(map[string]any) {}), key(func(map[string]any) {}),
			key(func(m map[string]any) { m["kid"] = "k2" })}, []string{"k2"}},
		{"kid three times", []any{key(func(map[string]any) {}), key(func(map[string]any) {}), key(func(map[string]any) {})}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(map[string]any{"keys": tt.keys})
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseJWKS(data)
			if err != nil {
				t.Fatalf("ParseJWKS: %v", err)
			}
			var kids []string
			for kid, k := range got {
				kids = append(kids, kid)
				if !k.Equal(pub) {
					t.Errorf("key %q is not the key served", kid)
				}
			}
			slices.Sort(kids)
			if diff := cmp.Diff(tt.wantKids, kids); diff != "" {
				t.Errorf("kids (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseJWKSRejectsNonSets(t *testing.T) {
	for _, doc := range []string{``, `null`, `[]`, `{}`, `{"keys": null}`, `{"keys": {}}`, `{"keys": [] `, `"keys"`} {
		if got, err := ParseJWKS([]byte(doc)); err == nil {
			t.Errorf("ParseJWKS(%q) = %v, want an error", doc, got)
		}
	}
	got, err := ParseJWKS([]byte(`{"keys": []}`))
	if err != nil || len(got) != 0 {
		t.Errorf(`ParseJWKS({"keys": []}) = %v, %v; want an empty set`, got, err)
	}
}
