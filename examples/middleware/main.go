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
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// poolJSON is the identity pool: the merged output of describe-identity-pool
// and get-identity-pool-roles (and get-principal-tag-attribute-map), shipped
// with the service.
//
//go:embed pool.json
var poolJSON []byte

// rolesJSON is the trust policies of the roles the pool chooses: the output
// of aws iam list-roles (get-role of each role works too).
//
//go:embed roles.json
var rolesJSON []byte

// deployment compiles what the service was deployed with: the pool and its
// roles' trust policies, into the Checker that answers every request.
func deployment() (*credentials.Checker, error) {
	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return nil, err
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		return nil, err
	}
	roles, unread, err := trust.ParseRoles(rolesJSON)
	if err != nil {
		return nil, err
	}
	return credentials.New(res, roles, credentials.WithPolicyErrors(unread))
}

const clientID = "7h778muira8dkr69dt35jhbjo8"

// auth verifies the bearer token of each request, answers it as
// GetCredentialsForIdentity would — the role, the principal tags, the
// role's trust policy — and calls next with the role choice and the claims
// in the request's context. 401: no valid token. 403: AWS would give this
// identity no credentials (the pool's rules deny it, or the chosen role's
// trust policy refuses it: the body says why). 500: the deployment cannot
// answer (a role the pool needs is missing or has no known trust policy, a
// tag STS would refuse). 503: the user pool's keys cannot be fetched.
func auth(v *claims.CognitoVerifier, c *credentials.Checker, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := claims.BearerToken(r)
		if err != nil {
			refuse(w, http.StatusUnauthorized, "NotAuthorizedException", "Missing login token.", "")
			return
		}
		login, cl, err := v.Verify(r.Context(), token)
		switch {
		case errors.Is(err, claims.ErrKeysUnavailable):
			refuse(w, http.StatusServiceUnavailable, "ExternalServiceException", "The user pool's signing keys could not be fetched.", "")
			return
		case err != nil:
			refuse(w, http.StatusUnauthorized, "NotAuthorizedException", "Invalid login token.", "")
			return
		}
		got, err := c.Get(credentials.Request{Request: rolemap.Request{Login: login, Claims: cl}})
		var refused *credentials.TrustError
		var re *rolemap.Error
		switch {
		case errors.As(err, &refused):
			refuse(w, http.StatusForbidden, refused.Err.Code, refused.Err.Message, string(refused.Decision.Reason))
			return
		case errors.Is(err, rolemap.ErrNotAuthorized) && errors.As(err, &re):
			refuse(w, http.StatusForbidden, re.Code, re.Message, "")
			return
		case errors.As(err, &re):
			refuse(w, http.StatusInternalServerError, re.Code, re.Message, "")
			return
		}
		next.ServeHTTP(w, r.WithContext(rolemap.NewContext(claims.NewContext(r.Context(), cl), got.Decision)))
	})
}

// refuse writes {"code": …, "message": …} and, for a trust refusal, the
// library's reason: AWS's words or the service's, never the token's.
func refuse(w http.ResponseWriter, status int, code, message, reason string) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	}
	w.WriteHeader(status)
	body := map[string]string{"code": code, "message": message}
	if reason != "" {
		body["reason"] = reason
	}
	_ = json.NewEncoder(w).Encode(body)
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
	checker, err := deployment()
	if err != nil {
		return err
	}
	app := httptest.NewServer(auth(verifier, checker, http.HandlerFunc(hello)))
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
		{"dave, auditors", up.IDToken(clientID, "dave", []string{"auditors"}, now)},
		{"erin, staff, dept sales", withClaim(up.IDToken(clientID, "erin", []string{"staff"}, now), "custom:dept", "sales")},
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

// withClaim sets one claim of a token's claims.
func withClaim(c map[string]any, name string, value any) map[string]any {
	c[name] = value
	return c
}
