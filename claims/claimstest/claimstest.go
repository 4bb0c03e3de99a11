// Package claimstest plays a Cognito user pool for tests and demos, as
// net/http/httptest plays a server: [UserPool] holds a signing key, serves
// its key set on loopback, and signs ID tokens as the pool would, so a
// service can test its auth middleware end to end, offline, with the real
// claims.CognitoVerifier:
//
//	up, err := claimstest.NewUserPool("eu-west-1", "eu-west-1_AbC123")
//	defer up.Close()
//	v, err := up.Verifier(claims.CognitoConfig{ClientIDs: []string{"client1"}})
//	token, err := up.Sign(up.IDToken("client1", "alice", []string{"admins"}, time.Now()))
//	login, c, err := v.Verify(ctx, token) // cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123
package claimstest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
)

// UserPool is a fake Cognito user pool: a 2048-bit RSA key under KeyID,
// its key set served on loopback, and tokens signed with RS256 as Cognito
// signs them. Close it when done. It is safe for concurrent use.
type UserPool struct {
	// Region and UserPoolID name the pool; tokens carry its issuer,
	// https://cognito-idp.REGION.amazonaws.com/USERPOOLID.
	Region, UserPoolID string
	// KeyID is the kid of the signing key, in the key set and in every
	// token's header.
	KeyID string

	key *rsa.PrivateKey
	srv *httptest.Server
}

// NewUserPool makes a user pool with a fresh signing key and starts
// serving its key set.
func NewUserPool(region, userPoolID string) (*UserPool, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	up := &UserPool{Region: region, UserPoolID: userPoolID, KeyID: "claimstest-1", key: key}
	doc, err := json.Marshal(map[string][]map[string]string{"keys": {{
		"kty": "RSA", "alg": "RS256", "use": "sig", "kid": up.KeyID,
		"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}}})
	if err != nil {
		return nil, err
	}
	up.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(doc)
	}))
	return up, nil
}

// Close stops serving the key set.
func (up *UserPool) Close() { up.srv.Close() }

// KeySetURL is where the key set is served (on loopback).
func (up *UserPool) KeySetURL() string { return up.srv.URL + "/.well-known/jwks.json" }

// Issuer is the iss of the pool's tokens:
// https://cognito-idp.REGION.amazonaws.com/USERPOOLID.
func (up *UserPool) Issuer() string {
	return "https://cognito-idp." + up.Region + ".amazonaws.com/" + up.UserPoolID
}

// Verifier returns a claims.CognitoVerifier for the pool: cfg with its
// Region, UserPoolID and a KeySet reading the pool's key set.
func (up *UserPool) Verifier(cfg claims.CognitoConfig) (*claims.CognitoVerifier, error) {
	ks, err := claims.NewKeySet(claims.KeySetConfig{URL: up.KeySetURL(), Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	cfg.Region, cfg.UserPoolID, cfg.KeySet = up.Region, up.UserPoolID, ks
	return claims.NewCognitoVerifier(cfg)
}

// IDToken returns the claims of an ID token of the app client clientID
// for username, in groups, issued at iat and valid for an hour, as Cognito
// writes them (sub, cognito:username, cognito:groups when there are
// groups, token_use "id", auth_time, iat, exp). Change them at will before
// [UserPool.Sign].
func (up *UserPool) IDToken(clientID, username string, groups []string, iat time.Time) map[string]any {
	c := map[string]any{
		"iss": up.Issuer(), "aud": clientID, "sub": "sub-" + username, "token_use": "id",
		"auth_time": iat.Unix(), "iat": iat.Unix(), "exp": iat.Add(time.Hour).Unix(),
		"cognito:username": username, "email": username + "@example.com",
	}
	if len(groups) > 0 {
		c["cognito:groups"] = groups
	}
	return c
}

// Sign signs c with the pool's key, RS256, KeyID in the header.
func (up *UserPool) Sign(c map[string]any) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(c))
	t.Header["kid"] = up.KeyID
	return t.SignedString(up.key)
}
