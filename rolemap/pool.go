package rolemap

import (
	"github.com/rolemapping/rolemapping/internal/spec"
)

// Pool is an identity pool document: the union of what
// `aws cognito-identity describe-identity-pool` (AWS shape
// DescribeIdentityPoolResponse / IdentityPool) and
// `aws cognito-identity get-identity-pool-roles` (AWS shape
// GetIdentityPoolRolesResponse) print. The output of get-identity-pool-roles
// alone is a valid Pool; `jq -s add describe.json roles.json` builds the
// merged document.
//
// Field names and JSON member names are AWS's, so a document unmarshals and
// marshals back unchanged. Optional booleans are pointers and optional
// collections use omitzero, so that "absent" and "false" or "empty" survive a
// round trip. Unknown JSON members are ignored, as AWS adds members over time;
// JSON member names are matched case-sensitively, as AWS matches them.
//
// A Pool is plain data: build it in Go, or unmarshal it with [ParsePool] or
// encoding/json. [Compile] checks it and copies what it needs, so changing a
// Pool after Compile never changes a [Resolver].
type Pool struct {
	// IdentityPoolID is REGION:GUID (AWS member IdentityPoolId).
	IdentityPoolID string `json:"IdentityPoolId"`
	// IdentityPoolName is informational (describe-identity-pool).
	IdentityPoolName string `json:"IdentityPoolName,omitempty"`
	// AllowUnauthenticatedIdentities enables guest identities. Absent means
	// false: the library fails closed.
	AllowUnauthenticatedIdentities *bool `json:"AllowUnauthenticatedIdentities,omitempty"`
	// AllowClassicFlow is informational (describe-identity-pool).
	AllowClassicFlow *bool `json:"AllowClassicFlow,omitempty"`
	// SupportedLoginProviders maps a social provider's login (such as
	// accounts.google.com) to its app ID.
	SupportedLoginProviders map[string]string `json:"SupportedLoginProviders,omitzero"`
	// DeveloperProviderName is informational (describe-identity-pool).
	DeveloperProviderName string `json:"DeveloperProviderName,omitempty"`
	// OpenIDConnectProviderARNs lists IAM OIDC provider ARNs
	// (arn:aws:iam::ACCOUNT:oidc-provider/HOST; AWS member
	// OpenIdConnectProviderARNs).
	OpenIDConnectProviderARNs []string `json:"OpenIdConnectProviderARNs,omitzero"`
	// CognitoIdentityProviders lists the user pool app clients of the pool.
	CognitoIdentityProviders []Provider `json:"CognitoIdentityProviders,omitzero"`
	// SAMLProviderARNs lists IAM SAML provider ARNs (AWS member
	// SamlProviderARNs).
	SAMLProviderARNs []string `json:"SamlProviderARNs,omitzero"`
	// IdentityPoolTags is informational (describe-identity-pool).
	IdentityPoolTags map[string]string `json:"IdentityPoolTags,omitzero"`
	// Roles maps "authenticated" and "unauthenticated" to the default role
	// ARNs. Required by SetIdentityPoolRoles, but it may be empty.
	Roles map[string]string `json:"Roles,omitzero"`
	// RoleMappings maps a mapping key (a provider name; for a user pool
	// "cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID") to its mapping.
	RoleMappings map[string]Mapping `json:"RoleMappings,omitzero"`
	// PrincipalTagAttributeMaps are the pool's principal tag maps (REFERENCE.md
	// §11), one per identity provider: the outputs of
	// `aws cognito-identity get-principal-tag-attribute-map`, in a list. It
	// is not a member of get-identity-pool-roles; package credentials
	// reads it, and Resolve ignores it.
	PrincipalTagAttributeMaps []PrincipalTagMap `json:"PrincipalTagAttributeMaps,omitzero"`
}

// PrincipalTagMap is one identity provider's principal tags (attributes
// for access control): which claim gives each session tag.
type PrincipalTagMap struct {
	// IdentityPoolID is informational (AWS member IdentityPoolId).
	IdentityPoolID string `json:"IdentityPoolId,omitempty"`
	// IdentityProviderName names the provider: a user pool's
	// cognito-idp.REGION.amazonaws.com/POOLID, a social provider's domain,
	// an OIDC provider's ARN or a SAML provider's ARN.
	IdentityProviderName string `json:"IdentityProviderName"`
	// UseDefaults asks for the default tags (client and username); nil
	// means false.
	UseDefaults *bool `json:"UseDefaults,omitempty"`
	// PrincipalTags maps a tag key to the claim whose value it takes.
	PrincipalTags map[string]string `json:"PrincipalTags,omitzero"`
}

// Provider is one user pool app client of an identity pool (AWS shape
// CognitoIdentityProvider).
type Provider struct {
	// ProviderName is cognito-idp.REGION.amazonaws.com/POOLID.
	ProviderName string `json:"ProviderName,omitempty"`
	// ClientID is the app client ID (AWS member ClientId).
	ClientID string `json:"ClientId,omitempty"`
	// ServerSideTokenCheck is informational: it cannot be reproduced offline.
	ServerSideTokenCheck *bool `json:"ServerSideTokenCheck,omitempty"`
}

// Mapping is the role mapping of one provider (AWS shape RoleMapping).
type Mapping struct {
	// Type is Token or Rules.
	Type MappingType `json:"Type,omitempty"`
	// AmbiguousRoleResolution decides when no rule matches, or a token
	// carries no usable role.
	AmbiguousRoleResolution AmbiguousRoleResolution `json:"AmbiguousRoleResolution,omitempty"`
	// RulesConfiguration holds the rules of a Rules mapping. A Token mapping
	// ignores it.
	RulesConfiguration *RulesConfiguration `json:"RulesConfiguration,omitzero"`
}

// RulesConfiguration is the ordered list of rules of a Rules mapping (AWS
// shape RulesConfigurationType).
type RulesConfiguration struct {
	Rules []Rule `json:"Rules,omitzero"`
}

// Rule is one rule of a Rules mapping (AWS shape MappingRule): if the claim
// Claim matches Value under MatchType, the identity gets RoleARN.
type Rule struct {
	Claim     string    `json:"Claim"`
	MatchType MatchType `json:"MatchType"`
	Value     string    `json:"Value"`
	RoleARN   string    `json:"RoleARN"`
}

// MappingType is the Type of a [Mapping] (AWS enum RoleMappingType).
type MappingType string

// The mapping types.
const (
	// TypeToken takes the role from the cognito:roles and cognito:preferred_role
	// claims of the token.
	TypeToken MappingType = spec.TypeToken
	// TypeRules takes the role from the first matching rule.
	TypeRules MappingType = spec.TypeRules
)

// AmbiguousRoleResolution says what happens when a mapping finds no role
// (AWS enum AmbiguousRoleResolutionType).
type AmbiguousRoleResolution string

// The ambiguous role resolutions.
const (
	// AmbiguousAuthenticatedRole falls back to the pool's default authenticated role.
	AmbiguousAuthenticatedRole AmbiguousRoleResolution = spec.AmbiguousAuthenticatedRole
	// AmbiguousDeny refuses the request with a NotAuthorizedException.
	AmbiguousDeny AmbiguousRoleResolution = spec.AmbiguousDeny
)

// MatchType is how a [Rule] compares a claim with its Value (AWS enum
// MappingRuleMatchType).
type MatchType string

// The match types. Comparisons are case-sensitive and byte for byte; see the
// package documentation for how non-string claims are compared.
const (
	Equals     MatchType = spec.MatchEquals
	Contains   MatchType = spec.MatchContains
	StartsWith MatchType = spec.MatchStartsWith
	NotEqual   MatchType = spec.MatchNotEqual
)

// The keys of [Pool.Roles].
const (
	RoleAuthenticated   = spec.RoleAuthenticated
	RoleUnauthenticated = spec.RoleUnauthenticated
)
