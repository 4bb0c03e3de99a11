// Package spec is the single source of truth for every AWS limit, enum
// string, pattern and exception message that this module reproduces. The
// rolemap resolver, its validator, the linter, the generators in
// rolemaptest and the documentation all read these values from here.
package spec

import (
	"slices"
	"strings"
)

// Exception names (the Code of a rolemap.Error), exactly as AWS spells them.
const (
	CodeNotAuthorized                    = "NotAuthorizedException"
	CodeInvalidParameter                 = "InvalidParameterException"
	CodeInvalidIdentityPoolConfiguration = "InvalidIdentityPoolConfigurationException"
)

// Exception messages that AWS returns and this module reproduces verbatim.
const (
	MsgUnauthNotSupported  = "Unauthenticated access is not supported for this identity pool."
	MsgInvalidPoolConfig   = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
	MsgIssuerMismatch      = "Invalid login token. Issuer doesn't match providerName"
	MsgMissingAud          = "Invalid login token. Missing a required claim: aud"
	MsgUnsupportedProvider = "Token is not from a supported provider of this identity pool."
	// MsgAmbiguousDenyPrefix and MsgAmbiguousDenySuffix surround the mapping key.
	MsgAmbiguousDenyPrefix = "The ambiguous role mapping rules for: "
	MsgAmbiguousDenySuffix = " denied this request."
	// MsgNotConfiguredProviderSuffix follows "(KEY)" in the validation error
	// SetIdentityPoolRoles returns for a mapping key that is not a configured
	// provider.
	MsgNotConfiguredProviderSuffix = " is not a valid RoleMapping ProviderName or is not a configured provider."
)

// AmbiguousDenyMessage is the message of the NotAuthorizedException that a
// Deny mapping returns when no rule or token role applies.
func AmbiguousDenyMessage(key string) string {
	return MsgAmbiguousDenyPrefix + key + MsgAmbiguousDenySuffix
}

// NotConfiguredProviderMessage is the message for a mapping key that is not a
// configured provider of a pool that lists its providers.
func NotConfiguredProviderMessage(key string) string {
	return "(" + key + ")" + MsgNotConfiguredProviderSuffix
}

// Enum strings of the AWS model.
const (
	TypeToken = "Token"
	TypeRules = "Rules"

	AmbiguousAuthenticatedRole = "AuthenticatedRole"
	AmbiguousDeny              = "Deny"

	MatchEquals     = "Equals"
	MatchContains   = "Contains"
	MatchStartsWith = "StartsWith"
	MatchNotEqual   = "NotEqual"

	RoleAuthenticated   = "authenticated"
	RoleUnauthenticated = "unauthenticated"
)

// Limits of the AWS model (rolemap/REFERENCE.md §2 and §3.2). Lengths count Unicode code points.
const (
	IdentityPoolIDMinLen = 1
	IdentityPoolIDMaxLen = 55
	MaxRoles             = 2
	RoleARNMinLen        = 20
	RoleARNMaxLen        = 2048
	MaxRoleMappings      = 10
	MappingKeyMinLen     = 1
	MappingKeyMaxLen     = 128
	MinRules             = 1
	DefaultMaxRules      = 25  // the default service quota
	HardMaxRules         = 400 // the model's hard cap; a raised quota cannot exceed it
	ClaimMinLen          = 1
	ClaimMaxLen          = 64
	ValueMinLen          = 1
	ValueMaxLen          = 128
	LoginMaxLen          = 128
	CustomRoleARNMinLen  = 20
	CustomRoleARNMaxLen  = 2048
)

// Patterns of the AWS model, each matched against the whole string.
const (
	IdentityPoolIDPattern = `[\w-]+:[0-9a-f-]+`
	ClaimPattern          = `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`
	RolesKeyPattern       = `(un)?authenticated`
)

// Well-known claim and attribute names.
const (
	ClaimIssuer        = "iss"
	ClaimAudience      = "aud"
	ClaimRoles         = "cognito:roles"
	ClaimPreferredRole = "cognito:preferred_role"
	ClaimGroups        = "cognito:groups"
	SAMLRoleAttribute  = "https://aws.amazon.com/SAML/Attributes/Role"
)

// IssuerLogin is the login an iss claim names: iss without a leading
// "https://" (rolemap/REFERENCE.md §3.2 step 3). The resolver's issuer check and
// claims.LoginFromIssuer both use it.
func IssuerLogin(iss string) string {
	return strings.TrimPrefix(iss, "https://")
}

// Audience is a user pool token's app client: its aud claim, a non-empty
// string or an array of exactly one (rolemap/REFERENCE.md §3.2 step 3). The resolver's
// check and claims.CognitoVerifier's both use it.
func Audience(v any) (string, bool) {
	switch a := v.(type) {
	case string:
		return a, a != ""
	case []any:
		if len(a) == 1 {
			s, ok := a[0].(string)
			return s, ok && s != ""
		}
	case []string:
		if len(a) == 1 {
			return a[0], a[0] != ""
		}
	}
	return "", false
}

// SocialProviders are the logins rolemap/REFERENCE.md §3.1 classifies as social providers.
var SocialProviders = []string{
	"graph.facebook.com",
	"www.amazon.com",
	"api.twitter.com",
	"www.digits.com",
	"accounts.google.com",
	"appleid.apple.com",
}

// IsSocialProvider reports whether login is one of SocialProviders.
func IsSocialProvider(login string) bool {
	return slices.Contains(SocialProviders, login)
}

// DeveloperLogin is the login of a developer-authenticated identity: the
// Cognito OpenID token of such an identity is passed to STS with the
// default authenticated role (rolemap/REFERENCE.md §3.1).
const DeveloperLogin = "cognito-identity.amazonaws.com"

// LimitedClaimProviders offer only LimitedClaims to rules (rolemap/REFERENCE.md §3.1, AWS
// developer guide "Token claims to use in rule-based mapping").
var LimitedClaimProviders = []string{"graph.facebook.com", "www.amazon.com"}

// LimitedClaims are the claims LimitedClaimProviders offer to rules.
var LimitedClaims = []string{"iss", "aud", "sub"}

// RuleSeesClaim reports whether a rule of the mapping for login can read
// claim: every claim, except for LimitedClaimProviders, whose rules see
// only LimitedClaims.
func RuleSeesClaim(login, claim string) bool {
	return !slices.Contains(LimitedClaimProviders, login) || slices.Contains(LimitedClaims, claim)
}

// Trim removes leading and trailing characters U+0000..U+0020, as Java's
// String.trim does, and nothing else (rolemap/REFERENCE.md §3.4): the trim of
// comma-separated cognito:roles items and of SAML Role pairs.
func Trim(s string) string {
	for len(s) > 0 && s[0] <= ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] <= ' ' {
		s = s[:len(s)-1]
	}
	return s
}
