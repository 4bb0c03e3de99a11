package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/claims/claimstest"
	"github.com/rolemapping/rolemapping/rolemap"
)

// poolJSON is the identity pool: the merged output of describe-identity-pool
// and get-identity-pool-roles, shipped with the service.
//
//go:embed pool.json
var poolJSON []byte

const clientID = "7h778muira8dkr69dt35jhbjo8"

// auth verifies the bearer token of each request, resolves its role, and
// calls next with both in the request's context.
func auth(v *claims.CognitoVerifier, res *rolemap.Resolver, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := claims.BearerToken(r)
		if err != nil {
			refuse(w, http.StatusUnauthorized, "NotAuthorizedException", "Missing login token.")
			return
		}
		login, c, err := v.Verify(r.Context(), token)
		switch {
		case errors.Is(err, claims.ErrKeysUnavailable):
			refuse(w, http.StatusServiceUnavailable, "ExternalServiceException", "The user pool's signing keys could not be fetched.")
			return
		case err != nil:
			refuse(w, http.StatusUnauthorized, "NotAuthorizedException", "Invalid login token.")
			return
		}
		d, err := res.Resolve(rolemap.Request{Login: login, Claims: c})
		var re *rolemap.Error
		switch {
		case errors.Is(err, rolemap.ErrNotAuthorized) && errors.As(err, &re):
			refuse(w, http.StatusForbidden, re.Code, re.Message)
			return
		case errors.As(err, &re):
			refuse(w, http.StatusInternalServerError, re.Code, re.Message)
			return
		}
		next.ServeHTTP(w, r.WithContext(rolemap.NewContext(claims.NewContext(r.Context(), c), d)))
	})
}

// refuse writes {"code": …, "message": …}: AWS's words or the service's,
// never the token's.
func refuse(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": message})
}

// hello is the protected handler.
func hello(w http.ResponseWriter, r *http.Request) {
	d, _ := rolemap.FromContext(r.Context())
	c, _ := claims.FromContext(r.Context())
	fmt.Fprintf(w, "hello %v, your role is %s\n", c["cognito:username"], d)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "middleware:", err)
		os.Exit(1)
	}
}

// run serves the middleware on loopback, with a fake user pool issuing the
// tokens, and prints what a few requests get.
func run(w io.Writer) error {
	up, err := claimstest.NewUserPool("us-east-1", "us-east-1_AbC123")
	if err != nil {
		return err
	}
	defer up.Close()
	verifier, err := up.Verifier(claims.CognitoConfig{ClientIDs: []string{clientID}})
	if err != nil {
		return err
	}
	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return err
	}
	resolver, err := rolemap.Compile(pool)
	if err != nil {
		return err
	}
	app := httptest.NewServer(auth(verifier, resolver, http.HandlerFunc(hello)))
	defer app.Close()

	now := time.Now()
	expired := up.IDToken(clientID, "alice", []string{"admins"}, now.Add(-2*time.Hour))
	for _, rq := range []struct {
		name   string
		claims map[string]any // nil: no Authorization header
	}{
		{"alice, admins", up.IDToken(clientID, "alice", []string{"admins"}, now)},
		{"bob, staff", up.IDToken(clientID, "bob", []string{"staff"}, now)},
		{"carol, contractors", up.IDToken(clientID, "carol", []string{"contractors"}, now)},
		{"alice, expired token", expired},
		{"no Authorization header", nil},
	} {
		req, _ := http.NewRequest(http.MethodGet, app.URL, nil)
		if rq.claims != nil {
			token, err := up.Sign(rq.claims)
			if err != nil {
				return err
			}
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := app.Client().Do(req)
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
