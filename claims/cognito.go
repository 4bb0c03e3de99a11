package claims

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
)

// AWS's shapes of a region, a user pool ID and an app client ID (the
// Cognito API's UserPoolIdType and ClientIdType patterns).
var (
	regionRE     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
	userPoolIDRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}_[0-9a-zA-Z]+$`)
	clientIDRE   = regexp.MustCompile(`^[\w+]+$`)
)

// The errors of [CognitoVerifier.Verify], for errors.Is. Each wraps the
// matching jwt/v5 sentinel where there is one, so errors.Is(err,
// jwt.ErrTokenExpired) works too.
var (
	// ErrExpired: exp is in the past (beyond the leeway).
	ErrExpired = errors.New("token expired")
	// ErrWrongAudience: an ID token's aud, or an access token's client_id,
	// is not one of the app clients allowed.
	ErrWrongAudience = errors.New("token is for another app client")
	// ErrWrongTokenUse: token_use is not the one the verifier takes (an
	// access token where an ID token is wanted, or the reverse).
	ErrWrongTokenUse = errors.New("wrong token_use")
	// ErrWrongIssuer: iss is not the user pool's.
	ErrWrongIssuer = errors.New("token is from another issuer")
)

// Token uses a [CognitoVerifier] takes.
const (
	TokenUseID     = "id"
	TokenUseAccess = "access"
)

// DefaultLeeway is the clock skew a [CognitoVerifier] allows when it checks
// exp, nbf and iat, unless told otherwise.
const DefaultLeeway = 30 * time.Second

// NoLeeway, as CognitoConfig.Leeway, allows no clock skew at all (the zero
// Leeway means DefaultLeeway).
const NoLeeway time.Duration = -1

// CognitoConfig configures a [CognitoVerifier]. Region, UserPoolID and
// ClientIDs are required; everything else has a default.
type CognitoConfig struct {
	// Region is the user pool's region, such as "eu-west-1": lower-case
	// letters and digits in AWS's region shape (a two-letter area, words,
	// a number).
	Region string
	// UserPoolID is the user pool's ID, such as "eu-west-1_AbC123": the
	// region, "_" and letters and digits, at most 55 characters.
	UserPoolID string
	// ClientIDs are the app clients whose tokens are accepted: an ID
	// token's aud, or an access token's client_id, must be one of them.
	// Each is 1..128 letters, digits, "_" or "+", as Cognito's are.
	ClientIDs []string
	// TokenUse is the token_use accepted: "id" (the default: the token an
	// identity pool takes) or "access".
	TokenUse string
	// Leeway is the clock skew allowed on exp, nbf and iat. Zero means
	// DefaultLeeway (30 s); NoLeeway, or any negative value, means none.
	Leeway time.Duration
	// KeySet is the user pool's key set. Nil means one made from the pool's
	// JWKS URL with HTTPClient and the defaults of KeySetConfig.
	KeySet *KeySet
	// HTTPClient downloads the key set when KeySet is nil; nil means the
	// KeySet default (no redirects, a timeout).
	HTTPClient *http.Client
	// Now is the clock exp, nbf and iat are checked against; nil means
	// time.Now. For tests.
	Now func() time.Time
}

// CognitoVerifier verifies the tokens of one Cognito user pool: RS256
// signatures by the pool's keys (fetched and cached by a [KeySet]), exp,
// nbf and iat with a leeway, iss, token_use, and the app client. It is
// safe for concurrent use. Make one with [NewCognitoVerifier]:
//
//	v, err := claims.NewCognitoVerifier(claims.CognitoConfig{
//		Region: "eu-west-1", UserPoolID: "eu-west-1_AbC123", ClientIDs: []string{"6m1example"}})
//	login, c, err := v.Verify(ctx, token)
//	d, err := resolver.Resolve(rolemap.Request{Login: login, Claims: c})
type CognitoVerifier struct {
	issuer   string
	login    string
	clients  []string
	tokenUse string
	keys     *KeySet
	opts     []jwt.ParserOption
	config   config
}

// NewCognitoVerifier checks cfg and returns a verifier. It downloads
// nothing yet: the first Verify does, or call KeySet().Refresh at start-up.
func NewCognitoVerifier(cfg CognitoConfig) (*CognitoVerifier, error) {
	switch {
	case cfg.Region == "" || cfg.UserPoolID == "":
		return nil, fmt.Errorf("%w: cognito: Region and UserPoolID are required", ErrInvalidOption)
	case !regionRE.MatchString(cfg.Region):
		return nil, fmt.Errorf("%w: cognito: Region %s is not an AWS region (such as eu-west-1)", ErrInvalidOption, clip.Quote(cfg.Region))
	case len(cfg.UserPoolID) > 55 || !userPoolIDRE.MatchString(cfg.UserPoolID):
		return nil, fmt.Errorf("%w: cognito: UserPoolID %s is not a user pool ID (REGION_ID, such as eu-west-1_AbC123)", ErrInvalidOption, clip.Quote(cfg.UserPoolID))
	case !strings.HasPrefix(cfg.UserPoolID, cfg.Region+"_"):
		return nil, fmt.Errorf("%w: cognito: UserPoolID %s is not a user pool of %s (REGION_ID)", ErrInvalidOption, clip.Quote(cfg.UserPoolID), cfg.Region)
	case len(cfg.ClientIDs) == 0:
		return nil, fmt.Errorf("%w: cognito: ClientIDs must list the app clients allowed", ErrInvalidOption)
	}
	for _, c := range cfg.ClientIDs {
		if len(c) > 128 || !clientIDRE.MatchString(c) {
			return nil, fmt.Errorf("%w: cognito: ClientIDs holds %s, which is not an app client ID", ErrInvalidOption, clip.Quote(c))
		}
	}
	use := cfg.TokenUse
	if use == "" {
		use = TokenUseID
	}
	if use != TokenUseID && use != TokenUseAccess {
		return nil, fmt.Errorf("%w: cognito: TokenUse %q is neither \"id\" nor \"access\"", ErrInvalidOption, use)
	}
	// The issuer and the key set's URL are built with net/url and checked
	// to name the user pool's host, whatever the configuration holds.
	host := "cognito-idp." + cfg.Region + ".amazonaws.com"
	issuer := &url.URL{Scheme: "https", Host: host, Path: "/" + cfg.UserPoolID}
	jwks := issuer.JoinPath(".well-known", "jwks.json")
	if u, err := url.Parse(jwks.String()); err != nil || u.Host != host || u.User != nil {
		return nil, fmt.Errorf("%w: cognito: the key set URL %s does not name %s", ErrInvalidOption, clip.Quote(jwks.String()), host)
	}
	login := host + "/" + cfg.UserPoolID
	v := &CognitoVerifier{issuer: issuer.String(), login: login, clients: slices.Clone(cfg.ClientIDs), tokenUse: use, keys: cfg.KeySet}
	if v.keys == nil {
		var err error
		if v.keys, err = NewKeySet(KeySetConfig{URL: jwks.String(), Client: cfg.HTTPClient}); err != nil {
			return nil, err
		}
	}
	leeway := cfg.Leeway
	switch {
	case leeway == 0:
		leeway = DefaultLeeway
	case leeway < 0:
		leeway = 0
	}
	v.config = config{algs: []string{"RS256"}, leeway: leeway, now: cfg.Now}
	var err error
	if v.opts, err = v.config.parserOptions(); err != nil {
		return nil, err
	}
	v.opts = append(v.opts, jwt.WithIssuer(v.issuer))
	return v, nil
}

// KeySet returns the verifier's key set.
func (v *CognitoVerifier) KeySet() *KeySet { return v.keys }

// Login returns the key of GetCredentialsForIdentity's Logins map for the
// user pool: cognito-idp.REGION.amazonaws.com/POOLID.
func (v *CognitoVerifier) Login() string { return v.login }

// Verify checks a token of the user pool and returns the login and the
// claims, ready for rolemap.Request{Login: login, Claims: c}. It checks, as
// [Verify] does, the header (RS256 only, no crit), the signature against
// the pool's key with the token's kid, and exp, nbf and iat with the
// leeway; then iss (the user pool), token_use, and the app client: aud for
// an ID token, client_id for an access token. The error wraps one of
// [ErrExpired], [ErrWrongIssuer], [ErrWrongTokenUse], [ErrWrongAudience],
// [ErrUnknownKey], [ErrKeysUnavailable], or jwt/v5's sentinels for a
// malformed or forged token. ctx bounds the wait for the key set. Its cost
// is [Verify]'s, plus one lookup in the key set (and, for an unknown kid,
// at most one download of the key set per RefreshInterval).
func (v *CognitoVerifier) Verify(ctx context.Context, token string) (login string, c map[string]any, err error) {
	keyFunc := func(t *jwt.Token) (any, error) { return v.keys.keyFor(ctx, t) }
	m, err := verify(token, keyFunc, &v.config, v.opts)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "", nil, fmt.Errorf("claims: %w: %w", ErrExpired, err)
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "", nil, fmt.Errorf("claims: %w: %w", ErrWrongIssuer, err)
	case err != nil:
		return "", nil, fmt.Errorf("claims: %w", err)
	}
	if use, _ := m["token_use"].(string); use != v.tokenUse {
		return "", nil, fmt.Errorf("claims: %w: %s, want %q", ErrWrongTokenUse, clip.Quote(use), v.tokenUse)
	}
	var client string
	if v.tokenUse == TokenUseID {
		client, _ = spec.Audience(m["aud"])
	} else {
		client, _ = m["client_id"].(string)
	}
	if !slices.Contains(v.clients, client) {
		return "", nil, fmt.Errorf("claims: %w: %w: %s", ErrWrongAudience, jwt.ErrTokenInvalidAudience, clip.Quote(client))
	}
	return v.login, m, nil
}
