package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/rolemap"
)

// The error codes of the JSON bodies, AWS exception names as
// GetCredentialsForIdentity would return them.
const (
	// CodeNotAuthorized: no token, an invalid token (401), or a token the
	// identity pool refuses (403).
	CodeNotAuthorized = "NotAuthorizedException"
	// CodeExternalService: the user pool's key set could not be downloaded
	// (503).
	CodeExternalService = "ExternalServiceException"
	// CodeInternalError: anything unexpected (500).
	CodeInternalError = "InternalErrorException"
)

// The messages of the bodies the middleware writes itself. They never depend
// on the token.
const (
	msgMissingToken    = "Missing login token."
	msgInvalidToken    = "Invalid login token."
	msgKeysUnavailable = "The user pool's signing keys could not be fetched."
	msgInternalError   = "An internal error occurred."
)

const maxAuthorizationLen = claims.MaxTokenSize + len("Bearer ")

// ErrNoToken means the request has no usable Authorization header: none,
// several, a scheme other than Bearer, or an empty token.
var ErrNoToken = errors.New("no bearer token")

// Config configures a [Middleware]. Region, UserPoolID, ClientIDs and
// Resolver are required.
type Config struct {
	// Region is the user pool's AWS region, such as "us-east-1".
	Region string
	// UserPoolID is the user pool's ID, such as "us-east-1_AbC123". The
	// issuer the tokens must carry is
	// https://cognito-idp.REGION.amazonaws.com/USERPOOLID.
	UserPoolID string
	// ClientIDs are the app client IDs whose ID tokens are accepted: the aud
	// claim must be one of them.
	ClientIDs []string
	// Resolver is the compiled identity pool document that chooses the role.
	Resolver *rolemap.Resolver

	// JWKSURL is where the user pool's signing keys are. Empty means
	// https://cognito-idp.REGION.amazonaws.com/USERPOOLID/.well-known/jwks.json;
	// tests point it at a local server.
	JWKSURL string
	// HTTPClient, FetchTimeout and RefreshInterval configure the key set;
	// see claims.KeySetConfig.
	HTTPClient      *http.Client
	FetchTimeout    time.Duration
	RefreshInterval time.Duration
	// Leeway allows for clock skew on exp, nbf and iat; zero means
	// claims.DefaultLeeway.
	Leeway time.Duration
	// Now is the clock for exp, nbf, iat and the key set's limits. Nil
	// means time.Now.
	Now func() time.Time
	// Log, if set, is called for every request with the decision's
	// explanation (rolemap.Explain) or the refusal's status and reason,
	// for the operator's logs. The reason wraps a sentinel of package
	// claims (claims.ErrExpired, claims.ErrWrongAudience, …), ErrNoToken
	// or a *rolemap.Error; it never holds the token. Nil logs nothing.
	Log func(r *http.Request, status int, explanation string, err error)
}

// Middleware authenticates requests with Cognito user pool ID tokens and
// chooses each caller's IAM role as the identity pool would. It is safe for
// concurrent use. Make one with [New].
type Middleware struct {
	verifier *claims.CognitoVerifier
	resolver *rolemap.Resolver
	log      func(*http.Request, int, string, error)
}

// New checks cfg and returns a middleware. It downloads nothing yet: the key
// set is fetched on the first request.
func New(cfg Config) (*Middleware, error) {
	if cfg.Resolver == nil {
		return nil, errors.New("middleware: no Resolver")
	}
	url := cfg.JWKSURL
	if url == "" {
		url = "https://cognito-idp." + cfg.Region + ".amazonaws.com/" + cfg.UserPoolID + "/.well-known/jwks.json"
	}
	keys, err := claims.NewKeySet(claims.KeySetConfig{URL: url, Client: cfg.HTTPClient, FetchTimeout: cfg.FetchTimeout,
		RefreshInterval: cfg.RefreshInterval, Now: cfg.Now})
	if err != nil {
		return nil, fmt.Errorf("middleware: %w", err)
	}
	v, err := claims.NewCognitoVerifier(claims.CognitoConfig{Region: cfg.Region, UserPoolID: cfg.UserPoolID,
		ClientIDs: cfg.ClientIDs, KeySet: keys, Leeway: cfg.Leeway, Now: cfg.Now})
	if err != nil {
		return nil, fmt.Errorf("middleware: %w", err)
	}
	return &Middleware{verifier: v, resolver: cfg.Resolver, log: cfg.Log}, nil
}

// Issuer returns the iss the middleware requires, such as
// https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123.
func (m *Middleware) Issuer() string { return "https://" + m.verifier.Login() }

// KeySet returns the user pool's key set.
func (m *Middleware) KeySet() *claims.KeySet { return m.verifier.KeySet() }

// Wrap returns a handler that authenticates each request and resolves its
// role before calling next, which finds them with [DecisionFrom] and
// [ClaimsFrom]. A request it refuses never reaches next; it gets a JSON body
// {"code": ..., "message": ...}:
//
//   - 401 NotAuthorizedException: no bearer token, or a token that is
//     malformed, badly signed, signed by an unknown key, expired, not yet
//     valid, from another issuer, not an ID token, or for another app client;
//   - 403 NotAuthorizedException: a valid token the identity pool refuses,
//     with the resolver's message, such as "The ambiguous role mapping rules
//     for: KEY denied this request.";
//   - 500 with the resolver's code and message for any other resolver error,
//     such as InvalidIdentityPoolConfigurationException (the pool document
//     lacks a default role it needs), or InternalErrorException;
//   - 503 ExternalServiceException: the key set could not be downloaded.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, err := bearerToken(r)
		if err != nil {
			m.refuse(w, r, http.StatusUnauthorized, CodeNotAuthorized, msgMissingToken, err)
			return
		}
		login, c, err := m.verifier.Verify(r.Context(), tok)
		if err != nil {
			if errors.Is(err, claims.ErrKeysUnavailable) {
				m.refuse(w, r, http.StatusServiceUnavailable, CodeExternalService, msgKeysUnavailable, err)
			} else {
				m.refuse(w, r, http.StatusUnauthorized, CodeNotAuthorized, msgInvalidToken, err)
			}
			return
		}
		d, err := m.resolver.Resolve(rolemap.Request{Login: login, Claims: c})
		if err != nil {
			var re *rolemap.Error
			switch {
			case !errors.As(err, &re):
				m.refuse(w, r, http.StatusInternalServerError, CodeInternalError, msgInternalError, err)
			case errors.Is(err, rolemap.ErrNotAuthorized):
				m.refuse(w, r, http.StatusForbidden, re.Code, re.Message, err)
			default:
				m.refuse(w, r, http.StatusInternalServerError, re.Code, re.Message, err)
			}
			return
		}
		if m.log != nil {
			m.log(r, http.StatusOK, rolemap.Explain(d, nil), nil)
		}
		ctx := rolemap.NewContext(context.WithValue(r.Context(), claimsKey{}, c), d)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bearerToken returns the token of the request's one Authorization header,
// "Bearer TOKEN" with the scheme in any case (RFC 6750 §2.1).
func bearerToken(r *http.Request) (string, error) {
	h := r.Header.Values("Authorization")
	if len(h) != 1 || len(h[0]) > maxAuthorizationLen {
		return "", ErrNoToken
	}
	scheme, tok, ok := strings.Cut(h[0], " ")
	tok = strings.TrimLeft(tok, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" || strings.ContainsAny(tok, " \t") {
		return "", ErrNoToken
	}
	return tok, nil
}

// errorBody is the JSON body of a refused request.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// refuse writes the JSON error; err goes to the operator's log only.
func (m *Middleware) refuse(w http.ResponseWriter, r *http.Request, status int, code, msg string, err error) {
	if m.log != nil {
		m.log(r, status, rolemap.Explain(rolemap.Decision{}, err), err)
	}
	body, _ := json.Marshal(errorBody{Code: code, Message: msg}) // two strings: cannot fail
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if status == http.StatusUnauthorized {
		if errors.Is(err, ErrNoToken) {
			h.Set("WWW-Authenticate", `Bearer`)
		} else {
			h.Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		}
	}
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

type claimsKey struct{}

// DecisionFrom returns the role decision [Middleware.Wrap] stored in the
// context of an authenticated request (rolemap.FromContext).
func DecisionFrom(ctx context.Context) (rolemap.Decision, bool) { return rolemap.FromContext(ctx) }

// ClaimsFrom returns the verified claims of an authenticated request's ID
// token, such as sub, email and cognito:groups. Numbers are json.Number.
// The map is shared: do not modify it.
func ClaimsFrom(ctx context.Context) (map[string]any, bool) {
	c, ok := ctx.Value(claimsKey{}).(map[string]any)
	return c, ok
}
