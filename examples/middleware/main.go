package main

import (
	"crypto/rand"
	"crypto/rsa"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/rolemapping/rolemapping/rolemap"
)

// The demo's user pool. Replace them with your own: the region and pool ID
// are in the Cognito console, or in the ProviderName of your identity
// pool's CognitoIdentityProviders.
const (
	demoRegion     = "us-east-1"
	demoUserPoolID = "us-east-1_AbC123"
	demoClientID   = "7h778muira8dkr69dt35jhbjo8"
	demoKID        = "demo-key-1"
)

// poolJSON is the identity pool document: in a real service, the merged
// output of `aws cognito-identity describe-identity-pool` and
// `get-identity-pool-roles`, shipped with the service or read at start-up.
//
//go:embed pool.json
var poolJSON []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "middleware:", err)
		os.Exit(1)
	}
}

// run plays a user pool and a client against the middleware, all in this
// process on loopback: it serves a JWKS holding a freshly generated key,
// protects a handler with the middleware, sends it a few requests with ID
// tokens it signs itself, prints each outcome to w, and shuts everything
// down.
func run(w io.Writer) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	jwks := httptest.NewServer(jwksHandler(map[string]*rsa.PublicKey{demoKID: &key.PublicKey}))
	defer jwks.Close()

	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return err
	}
	resolver, err := rolemap.Compile(pool)
	if err != nil {
		return err
	}
	mw, err := New(Config{
		Region:     demoRegion,
		UserPoolID: demoUserPoolID,
		ClientIDs:  []string{demoClientID},
		Resolver:   resolver,
		JWKSURL:    jwks.URL, // leave empty for the user pool's real JWKS
	})
	if err != nil {
		return err
	}
	app := httptest.NewServer(mw.Wrap(http.HandlerFunc(hello)))
	defer app.Close()

	now := time.Now()
	issuer := mw.Issuer()
	expired := idTokenClaims(issuer, demoClientID, "alice", []string{"admins"}, now.Add(-2*time.Hour))
	access := idTokenClaims(issuer, demoClientID, "alice", []string{"admins"}, now)
	access["token_use"] = "access" // an access token has no aud: it names its client in client_id
	delete(access, "aud")
	access["client_id"] = demoClientID

	requests := []struct {
		name   string
		claims jwt.MapClaims // nil: no Authorization header
	}{
		{"alice, admins", idTokenClaims(issuer, demoClientID, "alice", []string{"admins"}, now)},
		{"bob, staff", idTokenClaims(issuer, demoClientID, "bob", []string{"staff"}, now)},
		{"carol, contractors", idTokenClaims(issuer, demoClientID, "carol", []string{"contractors"}, now)},
		{"alice, expired token", expired},
		{"alice, access token", access},
		{"no Authorization header", nil},
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, rq := range requests {
		req, err := http.NewRequest(http.MethodGet, app.URL, nil)
		if err != nil {
			return err
		}
		if rq.claims != nil {
			token, err := signToken(key, demoKID, rq.claims)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %d %s\n", rq.name, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return nil
}

// hello is the protected handler: it reads what the middleware decided.
func hello(w http.ResponseWriter, r *http.Request) {
	d, _ := DecisionFrom(r.Context())
	c, _ := ClaimsFrom(r.Context())
	fmt.Fprintf(w, "hello %v, your role is %s\n", c["cognito:username"], d)
}

// idTokenClaims returns the claims of a user pool ID token for username,
// issued at iat and valid for an hour, as Cognito writes them.
func idTokenClaims(issuer, clientID, username string, groups []string, iat time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"iss":              issuer,
		"aud":              clientID,
		"sub":              "sub-" + username, // Cognito writes a UUID
		"token_use":        "id",
		"auth_time":        iat.Unix(),
		"iat":              iat.Unix(),
		"exp":              iat.Add(time.Hour).Unix(),
		"cognito:username": username,
		"cognito:groups":   groups,
		"email":            username + "@example.com",
	}
}

// signToken signs claims with RS256, naming kid in the header, as a user
// pool signs its tokens.
func signToken(key *rsa.PrivateKey, kid string, c jwt.MapClaims) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	t.Header["kid"] = kid
	return t.SignedString(key)
}

// jwksHandler serves keys as a JWKS document, as
// https://cognito-idp.REGION.amazonaws.com/POOLID/.well-known/jwks.json does.
func jwksHandler(keys map[string]*rsa.PublicKey) http.Handler {
	doc := jwksDocument(keys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(doc)
	})
}

// jwksDocument returns keys in the shape of a JWKS document.
func jwksDocument(keys map[string]*rsa.PublicKey) map[string][]map[string]string {
	doc := map[string][]map[string]string{"keys": {}}
	for kid, pub := range keys {
		doc["keys"] = append(doc["keys"], map[string]string{
			"kty": "RSA",
			"alg": "RS256",
			"use": "sig",
			"kid": kid,
			"n":   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		})
	}
	return doc
}
