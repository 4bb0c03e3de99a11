package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
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

const (
	tokenUseID          = "id" // token_use of an ID token; an access token has "access"
	maxAuthorizationLen = claims.MaxTokenSize + len("Bearer ")
)

var (
	// ErrNoToken means the request has no usable Authorization header: none,
	// several, a scheme other than Bearer, or an empty token.
	ErrNoToken = errors.New("no bearer token")

	// ErrNotIDToken means the token's token_use is not "id": most often an
	// access token, which names no app client in aud and carries no
	// user attributes, so the identity pool would not accept it either.
	ErrNotIDToken = errors.New(`token_use is not "id"`)
)

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
	// HTTPClient downloads the key set; see [JWKSConfig].
	HTTPClient *http.Client
	// FetchTimeout bounds one download of the key set; see [JWKSConfig].
	FetchTimeout time.Duration
	// MinRefreshInterval limits downloads of the key set; see [JWKSConfig].
	MinRefreshInterval time.Duration
	// Leeway allows for clock skew when exp and nbf are checked.
	Leeway time.Duration
	// Now is the clock for exp, nbf and the refresh limit. Nil means
	// time.Now.
	Now func() time.Time
	// ErrorLog, if set, is called for every refused request with the status
	// sent and the reason, for the operator's logs. The reason wraps
	// [ErrNoToken], [ErrNotIDToken], [ErrUnknownKey], [ErrKeysUnavailable],
	// a jwt/v5 sentinel such as jwt.ErrTokenExpired, or a *rolemap.Error;
	// it never holds the token. Nil logs nothing.
	ErrorLog func(r *http.Request, status int, err error)
}

// Middleware authenticates requests with Cognito user pool ID tokens and
// chooses each caller's IAM role as the identity pool would. It is safe for
// concurrent use. Make one with [New].
type Middleware struct {
	issuer   string
	clients  []string
	resolver *rolemap.Resolver
	jwks     *JWKS
	verify   []claims.Option
	errorLog func(*http.Request, int, error)
}

// New checks cfg and returns a middleware. It downloads nothing yet: the key
// set is fetched on the first request.
func New(cfg Config) (*Middleware, error) {
	switch {
	case cfg.Region == "":
		return nil, errors.New("middleware: no Region")
	case !strings.HasPrefix(cfg.UserPoolID, cfg.Region+"_"):
		return nil, fmt.Errorf("middleware: UserPoolID %q is not of the form %s_ID", cfg.UserPoolID, cfg.Region)
	case len(cfg.ClientIDs) == 0 || slices.Contains(cfg.ClientIDs, ""):
		return nil, errors.New("middleware: ClientIDs must list at least one app client ID, and no empty one")
	case cfg.Resolver == nil:
		return nil, errors.New("middleware: no Resolver")
	case cfg.Leeway < 0:
		return nil, errors.New("middleware: negative Leeway")
	}
	issuer := "https://cognito-idp." + cfg.Region + ".amazonaws.com/" + cfg.UserPoolID
	url := cfg.JWKSURL
	if url == "" {
		url = issuer + "/.well-known/jwks.json"
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	jwks, err := NewJWKS(JWKSConfig{
		URL:                url,
		Client:             cfg.HTTPClient,
		FetchTimeout:       cfg.FetchTimeout,
		MinRefreshInterval: cfg.MinRefreshInterval,
		Now:                now,
	})
	if err != nil {
		return nil, fmt.Errorf("middleware: %w", err)
	}
	return &Middleware{
		issuer:   issuer,
		clients:  slices.Clone(cfg.ClientIDs),
		resolver: cfg.Resolver,
		jwks:     jwks,
		verify: []claims.Option{
			claims.WithAlgorithms("RS256"), // never trust the token's own alg
			claims.WithIssuer(issuer),
			claims.WithLeeway(cfg.Leeway),
			claims.WithTimeFunc(now),
		},
		errorLog: cfg.ErrorLog,
	}, nil
}

// Issuer returns the iss the middleware requires, such as
// https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123.
func (m *Middleware) Issuer() string { return m.issuer }

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
		c, err := m.authenticate(r.Context(), tok)
		if err != nil {
			if errors.Is(err, ErrKeysUnavailable) {
				m.refuse(w, r, http.StatusServiceUnavailable, CodeExternalService, msgKeysUnavailable, err)
			} else {
				m.refuse(w, r, http.StatusUnauthorized, CodeNotAuthorized, msgInvalidToken, err)
			}
			return
		}
		iss, _ := c["iss"].(string) // a string equal to m.issuer: Verify checked it
		d, err := m.resolver.Resolve(rolemap.Request{Login: claims.LoginFromIssuer(iss), Claims: c})
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
		ctx := context.WithValue(r.Context(), identityKey{}, identity{claims: c, decision: d})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticate verifies the token and returns its claims.
func (m *Middleware) authenticate(ctx context.Context, token string) (map[string]any, error) {
	keyFunc := func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, ErrUnknownKey
		}
		return m.jwks.Key(ctx, kid)
	}
	c, err := claims.Verify(token, keyFunc, m.verify...)
	if err != nil {
		return nil, err
	}
	// An access token carries client_id and no aud, so check token_use
	// first: it names the actual problem.
	if use, _ := c["token_use"].(string); use != tokenUseID {
		return nil, ErrNotIDToken
	}
	aud, err := jwt.MapClaims(c).GetAudience()
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(m.clients, a) }) {
		return nil, fmt.Errorf("%w: not a configured app client", jwt.ErrTokenInvalidAudience)
	}
	return c, nil
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
	if m.errorLog != nil {
		m.errorLog(r, status, err)
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

type identityKey struct{}

type identity struct {
	claims   map[string]any
	decision rolemap.Decision
}

// DecisionFrom returns the role decision [Middleware.Wrap] stored in the
// context of an authenticated request.
func DecisionFrom(ctx context.Context) (rolemap.Decision, bool) {
	id, ok := ctx.Value(identityKey{}).(identity)
	return id.decision, ok
}

// ClaimsFrom returns the verified claims of an authenticated request's ID
// token, such as sub, email and cognito:groups. Numbers are json.Number.
// The map is shared: do not modify it.
func ClaimsFrom(ctx context.Context) (map[string]any, bool) {
	id, ok := ctx.Value(identityKey{}).(identity)
	return id.claims, ok
}
