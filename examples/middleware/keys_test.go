package main

import (
	"crypto/rsa"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rolemapping/rolemapping/claims"
)

// The key set's behaviour seen through the middleware: what the example's
// hand-written cache got wrong, and claims.KeySet gets right.

// A failed download at start-up recovers within seconds of the endpoint,
// not after the whole refresh interval.
func TestKeysRecoverAfterFailedFirstFetch(t *testing.T) {
	f := newFixture(t)
	f.jwks.setResponse(http.StatusServiceUnavailable, []byte("down"))
	token := "Bearer " + f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))
	if r := f.get(t, token); r.status != http.StatusServiceUnavailable {
		t.Fatalf("with the key set down: %d, want 503", r.status)
	}
	f.jwks.setKeys(t, map[string]*rsa.PublicKey{kidA: &f.keys.a.PublicKey})
	f.clock.Advance(claims.DefaultRetryBackoff)
	if r := f.get(t, token); r.status != http.StatusOK {
		t.Fatalf("%v after the endpoint recovered: %d %s, want 200", claims.DefaultRetryBackoff, r.status, r.body)
	}
}

// Requests waiting for a hanging key set share one download and give up
// together when it times out: waits do not chain.
func TestKeysNoChainedWaits(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.FetchTimeout = 300 * time.Millisecond; c.RefreshInterval = time.Millisecond })
	f.jwks.hang(t)
	token := "Bearer " + f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))
	start := time.Now()
	var wg sync.WaitGroup
	statuses := make([]int, 10)
	for i := range statuses {
		wg.Add(1)
		go func() { defer wg.Done(); statuses[i] = f.get(t, token).status }()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusServiceUnavailable {
			t.Fatalf("statuses %v; want every request 503", statuses)
		}
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("10 requests against a hanging key set took %v; waits chained", took)
	}
	if n := f.mw.KeySet().Downloads(); n != 1 {
		t.Errorf("%d downloads for 10 concurrent requests; want 1", n)
	}
}

// An attacker's tokens with made-up kids cause at most one download per
// refresh interval.
func TestKeysUnknownKidFlood(t *testing.T) {
	f := newFixture(t)
	if r := f.get(t, "Bearer "+f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))); r.status != http.StatusOK {
		t.Fatalf("warm-up: %d", r.status)
	}
	f.clock.Advance(claims.DefaultRefreshInterval)
	for i := range 200 {
		if r := f.get(t, "Bearer "+f.sign(f.keys.other, "forged-"+strconv.Itoa(i), f.claimsFor("mallory", "admins"))); r.status != http.StatusUnauthorized {
			t.Fatalf("forged kid: %d, want 401", r.status)
		}
	}
	if n := f.jwks.fetches.Load(); n != 2 {
		t.Errorf("%d downloads for 200 made-up kids in one interval; want 2 (start-up and one refresh)", n)
	}
}

// A real key rotation right after an attacker forced a refresh is
// accepted as soon as the refresh interval allows.
func TestKeysRotationAfterForcedRefresh(t *testing.T) {
	f := newFixture(t)
	if r := f.get(t, "Bearer "+f.sign(f.keys.a, kidA, f.claimsFor("alice", "admins"))); r.status != http.StatusOK {
		t.Fatalf("warm-up: %d", r.status)
	}
	f.clock.Advance(claims.DefaultRefreshInterval)
	f.get(t, "Bearer "+f.sign(f.keys.other, "forged", f.claimsFor("mallory", "admins")))
	f.jwks.setKeys(t, map[string]*rsa.PublicKey{kidA: &f.keys.a.PublicKey, kidB: &f.keys.b.PublicKey})
	f.clock.Advance(time.Second)
	rotated := func() int { return f.get(t, "Bearer "+f.sign(f.keys.b, kidB, f.claimsFor("bob", "admins"))).status }
	if s := rotated(); s != http.StatusUnauthorized {
		t.Fatalf("the rotated key within the interval: %d, want 401", s)
	}
	f.clock.Advance(claims.DefaultRefreshInterval - time.Second)
	if s := rotated(); s != http.StatusOK {
		t.Fatalf("the rotated key once the interval passed: %d, want 200", s)
	}
}

// TestLoad sends 20,000 requests (or 2,000 with -short) with valid ID
// tokens over loopback from 16 clients and reports the throughput and the
// 99th percentile latency; every request must get its role.
func TestLoad(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	f := newFixture(t)
	tokens := make([]string, 50)
	for i := range tokens {
		tokens[i] = "Bearer " + f.sign(f.keys.a, kidA, f.claimsFor("user"+strconv.Itoa(i), "admins"))
	}
	const clients = 16
	latencies := make([]time.Duration, n)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := f.app.Client()
			for i := c; i < n; i += clients {
				req, _ := http.NewRequest(http.MethodGet, f.app.URL, nil)
				req.Header.Set("Authorization", tokens[i%len(tokens)])
				t0 := time.Now()
				resp, err := client.Do(req)
				latencies[i] = time.Since(t0)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("request %d: %d", i, resp.StatusCode)
					return
				}
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	t.Logf("%d requests from %d clients in %v: %.0f requests/s, p50 %v, p99 %v",
		n, clients, took.Round(time.Millisecond), float64(n)/took.Seconds(), latencies[n/2].Round(time.Microsecond), latencies[n*99/100].Round(time.Microsecond))
}
