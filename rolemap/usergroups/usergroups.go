// Package usergroups computes what a Cognito user pool puts in an ID token
// from a user's groups (rolemap/REFERENCE.md §9): the cognito:groups, cognito:roles and
// cognito:preferred_role claims, so that a policy test names a user's
// groups instead of hand-writing the claims a Token mapping reads.
//
// A [Group] is the GroupType of `aws cognito-idp list-groups`; a
// membership is a list of group names. [Claims] is one pure function from
// the two to the three claims, with every Precedence rule:
//
//   - the user's groups are ordered by Precedence, lowest first, groups
//     without one last, ties by GroupName in code-point order;
//   - cognito:groups lists their names, cognito:roles their roles (each
//     once, first occurrence kept); either is omitted when empty;
//   - cognito:preferred_role is the role of the best groups that have a
//     role — those of the lowest Precedence, or all of them when none has
//     one — if they carry exactly one distinct role, and is omitted
//     otherwise. So one role sets it, lower beats higher and beats no
//     Precedence, equal Precedence with the same role sets it, and equal
//     Precedence with different roles leaves it unset.
//
// [TokenFor] adds those claims to a request's at a user pool login of an
// identity pool, for a user or a list of groups, with cognito:username and
// the identity pool's only app client of the user pool as aud, and says
// what it added ([Token.Notes]); rolemap explain --user and --groups are
// built on it.
//
// A [UserPool] may also say who sets and reads its attributes — its
// schema, whether users sign themselves up, its pre token generation
// trigger, its app clients' read and write attributes and its identity
// providers' attribute mappings — for the access analysis
// (rolemap/REFERENCE.md §12). [ParseUserPool] reads them from a case file
// or from the AWS CLI's describe-user-pool, describe-user-pool-client and
// describe-identity-provider output pasted whole, and [Merge] joins the
// pieces of one user pool given in several files.
//
// # Decisions
//
// Where AWS documents no rule, the package decides (rolemap/REFERENCE.md §9, [DECISION]):
// the order of the claims' arrays (resolution never depends on it); the
// claims are omitted, not empty, when no group (or no role) applies; only
// groups with a role are candidates for the preferred role; a Precedence
// written 3.0 and a RoleArn written "" are refused by [ParseUserPool]; a
// membership naming an unknown group, or a group twice, is a validation
// error. A pre-token-generation Lambda trigger can replace all three claims
// (groupOverrideDetails): tests of such pools keep writing claims by hand.
// Only the ID token carries cognito:roles and cognito:preferred_role; an
// access token carries cognito:groups alone, and Claims gives the ID
// token's claims.
//
// # Bounds
//
// Claims costs O(G + M log M) for G groups and a membership of M names,
// and [Index.Claims] O(M log M) once the groups are indexed (for the
// claims of every user of a pool); [Validate] and [ParseUserPool] are
// linear in the user pool's size (TestBounded holds a 10,000-group pool to
// a few times decoding it).
package usergroups

import (
	"cmp"
	"slices"

	"github.com/rolemapping/rolemapping/internal/work"
)

// Limits of a user pool (rolemap/REFERENCE.md §9.1, AWS quotas).
const (
	// MaxGroups is the most groups a user pool holds.
	MaxGroups = 10000
	// MaxGroupsPerUser is the most groups a user belongs to.
	MaxGroupsPerUser = 100
	// MaxPrecedence is the largest Precedence AWS accepts.
	MaxPrecedence = 2147483647
)

// The claims [Claims] computes.
const (
	ClaimGroups        = "cognito:groups"
	ClaimRoles         = "cognito:roles"
	ClaimPreferredRole = "cognito:preferred_role"
)

// Group is one group of a user pool: the members of GroupType that decide
// the token's claims.
type Group struct {
	// GroupName is the group's name.
	GroupName string `json:"GroupName"`
	// RoleARN is the group's IAM role (AWS member RoleArn); "" means none.
	RoleARN string `json:"RoleArn,omitempty"`
	// Precedence orders the user's groups, lowest first; nil means none.
	Precedence *int64 `json:"Precedence,omitempty"`
}

// UserPool is what a user pool tells about groups: its groups and, for the
// users a test names, their memberships (username → group names).
//
// The other members describe who can set which attribute and which app
// client reads it, for the access analysis (rolemap/REFERENCE.md §12.5);
// each is optional, and absent means the deployment does not say.
type UserPool struct {
	Groups []Group             `json:"Groups,omitempty"`
	Users  map[string][]string `json:"Users,omitempty"`

	// Schema is the pool's attribute schema (describe-user-pool's
	// SchemaAttributes); nil means not given.
	Schema []SchemaAttribute `json:"Schema,omitempty"`
	// AdminCreateUserConfig says whether users may sign themselves up;
	// nil means not given (AWS's default: self sign-up on).
	AdminCreateUserConfig *AdminCreateUserConfig `json:"AdminCreateUserConfig,omitempty"`
	// UserAttributeUpdateSettings lists the attributes whose update waits
	// for verification.
	UserAttributeUpdateSettings *UserAttributeUpdateSettings `json:"UserAttributeUpdateSettings,omitempty"`
	// LambdaConfig holds the pool's pre token generation trigger, the one
	// trigger that rewrites claims and groups.
	LambdaConfig *LambdaConfig `json:"LambdaConfig,omitempty"`
	// UsernameAttributes lists the attributes that stand for the username
	// (email, phone_number); nil means the user picks a username.
	UsernameAttributes []string `json:"UsernameAttributes,omitempty"`
	// Clients are the pool's app clients by client ID; nil means not
	// given.
	Clients map[string]Client `json:"Clients,omitempty"`
	// IdentityProviders are the pool's federated identity providers by
	// ProviderName.
	IdentityProviders map[string]IdentityProvider `json:"IdentityProviders,omitempty"`
}

// SchemaAttribute is one attribute of a user pool's schema
// (SchemaAttributeType). A Name that is neither a standard attribute nor
// prefixed stands for custom:Name, or dev:custom:Name with
// DeveloperOnlyAttribute. A nil flag is absent; an absent Mutable means
// false.
type SchemaAttribute struct {
	Name                   string `json:"Name"`
	AttributeDataType      string `json:"AttributeDataType,omitempty"`
	Mutable                *bool  `json:"Mutable,omitempty"`
	Required               *bool  `json:"Required,omitempty"`
	DeveloperOnlyAttribute *bool  `json:"DeveloperOnlyAttribute,omitempty"`
}

// AdminCreateUserConfig is the member of a user pool that turns self
// sign-up off: AllowAdminCreateUserOnly true. Nil means absent (false,
// AWS's default).
type AdminCreateUserConfig struct {
	AllowAdminCreateUserOnly *bool `json:"AllowAdminCreateUserOnly,omitempty"`
}

// UserAttributeUpdateSettings lists the attributes (email, phone_number)
// whose new value takes effect only once the user verifies it.
type UserAttributeUpdateSettings struct {
	AttributesRequireVerificationBeforeUpdate []string `json:"AttributesRequireVerificationBeforeUpdate,omitempty"`
}

// LambdaConfig holds a user pool's pre token generation trigger, in either
// of AWS's two members; the other triggers are ignored.
type LambdaConfig struct {
	PreTokenGeneration       string                    `json:"PreTokenGeneration,omitempty"`
	PreTokenGenerationConfig *PreTokenGenerationConfig `json:"PreTokenGenerationConfig,omitempty"`
}

// PreTokenGenerationConfig is the versioned pre token generation trigger.
type PreTokenGenerationConfig struct {
	LambdaArn     string `json:"LambdaArn,omitempty"`
	LambdaVersion string `json:"LambdaVersion,omitempty"`
}

// HasPreTokenTrigger reports whether c names a pre token generation
// trigger, whose Lambda may rewrite every claim and group of the token.
func (c *LambdaConfig) HasPreTokenTrigger() bool {
	return c != nil && (c.PreTokenGeneration != "" || c.PreTokenGenerationConfig != nil && c.PreTokenGenerationConfig.LambdaArn != "")
}

// Client is what an app client (UserPoolClientType) says about attributes:
// which it reads into the ID token, which the user writes through it, and
// the identity providers its users sign in with. A nil or empty
// ReadAttributes or WriteAttributes is AWS's default for the client.
type Client struct {
	ReadAttributes             []string `json:"ReadAttributes,omitempty"`
	WriteAttributes            []string `json:"WriteAttributes,omitempty"`
	SupportedIdentityProviders []string `json:"SupportedIdentityProviders,omitempty"`
}

// IdentityProvider is a user pool's federated identity provider
// (IdentityProviderType): its type (Google, Facebook, LoginWithAmazon,
// SignInWithApple, OIDC, SAML) and its attribute mapping, user pool
// attribute → the provider's claim.
type IdentityProvider struct {
	ProviderType     string            `json:"ProviderType,omitempty"`
	AttributeMapping map[string]string `json:"AttributeMapping,omitempty"`
}

// TokenClaims are the three claims group membership puts in an ID token.
// An empty list or PreferredRole "" means the claim is omitted.
type TokenClaims struct {
	// Groups is cognito:groups.
	Groups []string `json:"cognito:groups,omitempty"`
	// Roles is cognito:roles.
	Roles []string `json:"cognito:roles,omitempty"`
	// PreferredRole is cognito:preferred_role.
	PreferredRole string `json:"cognito:preferred_role,omitempty"`
}

// Claims returns the claims a user in the groups named by membership gets
// (see the package documentation). Names in membership that are no group
// of groups are ignored, and a name given twice counts once; the result
// depends neither on the order of groups nor on that of membership.
func Claims(groups []Group, membership []string) TokenClaims {
	if len(groups) == 0 || len(membership) == 0 {
		return TokenClaims{}
	}
	want := make(map[string]bool, len(membership))
	for _, name := range membership {
		want[name] = true
	}
	var mine []*Group
	work.Add(len(membership) + len(groups)) // it reads every group
	for i := range groups {
		if want[groups[i].GroupName] {
			mine = append(mine, &groups[i])
		}
	}
	return claimsOf(mine)
}

// Index holds a user pool's groups by name, for the claims of many users of
// one pool: [Index.Claims] costs O(M log M) for a membership of M names,
// where [Claims] also reads every group. It is immutable and safe for
// concurrent use.
type Index struct {
	groups []Group
	byName map[string][]int // a name given twice (which Validate refuses) names both groups
}

// NewIndex indexes groups, in O(len(groups)). It keeps groups, which the
// caller must not change afterwards.
func NewIndex(groups []Group) *Index {
	x := &Index{groups: groups, byName: make(map[string][]int, len(groups))}
	for i := range groups {
		x.byName[groups[i].GroupName] = append(x.byName[groups[i].GroupName], i)
	}
	return x
}

// Has reports whether name is a group of the index.
func (x *Index) Has(name string) bool { return len(x.byName[name]) > 0 }

// Claims returns what [Claims] returns for the index's groups and
// membership.
func (x *Index) Claims(membership []string) TokenClaims {
	var mine []*Group
	var named map[string]bool // for a long membership; a short one is scanned
	for i, name := range membership {
		switch {
		case len(membership) <= 16:
			if slices.Contains(membership[:i], name) {
				continue // a name given twice counts once
			}
		case named[name]:
			continue
		default:
			if named == nil {
				named = make(map[string]bool, len(membership))
			}
			named[name] = true
		}
		for _, j := range x.byName[name] {
			mine = append(mine, &x.groups[j])
		}
	}
	work.Add(len(membership) + len(mine)) // it reads the groups named
	return claimsOf(mine)
}

// claimsOf returns the claims of a user in the groups mine (each once).
func claimsOf(mine []*Group) TokenClaims {
	if len(mine) == 0 {
		return TokenClaims{}
	}
	slices.SortFunc(mine, compare)
	var c TokenClaims
	seen := make(map[string]bool, len(mine))
	var best *int64 // the lowest Precedence of a group with a role
	hasBest := false
	for _, g := range mine {
		if len(c.Groups) == 0 || c.Groups[len(c.Groups)-1] != g.GroupName {
			c.Groups = append(c.Groups, g.GroupName)
		}
		if g.RoleARN == "" {
			continue
		}
		if !seen[g.RoleARN] {
			seen[g.RoleARN] = true
			c.Roles = append(c.Roles, g.RoleARN)
		}
		if !hasBest {
			best, hasBest = g.Precedence, true
		}
	}
	if !hasBest {
		return c
	}
	// The groups are sorted, so the best candidates are the first ones
	// with a role and best's Precedence (nil ties with nil).
	for _, g := range mine {
		if g.RoleARN == "" || !samePrecedence(g.Precedence, best) {
			continue
		}
		switch {
		case c.PreferredRole == "":
			c.PreferredRole = g.RoleARN
		case c.PreferredRole != g.RoleARN:
			c.PreferredRole = ""
			return c
		}
	}
	return c
}

// compare orders groups as the claims list them: Precedence ascending,
// none last, then GroupName, then RoleArn (which only a user pool with a
// repeated name, which validation refuses, needs to stay order-free).
func compare(a, b *Group) int {
	switch {
	case a.Precedence != nil && b.Precedence == nil:
		return -1
	case a.Precedence == nil && b.Precedence != nil:
		return 1
	case a.Precedence != nil && *a.Precedence != *b.Precedence:
		return cmp.Compare(*a.Precedence, *b.Precedence)
	}
	if c := cmp.Compare(a.GroupName, b.GroupName); c != 0 {
		return c
	}
	return cmp.Compare(a.RoleARN, b.RoleARN)
}

func samePrecedence(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Map returns the claims as a token payload holds them: arrays as []any
// of strings, and only the claims that are present.
func (c TokenClaims) Map() map[string]any {
	m := make(map[string]any, 3)
	c.AddTo(m)
	return m
}

// AddTo sets the present claims in m.
func (c TokenClaims) AddTo(m map[string]any) {
	if len(c.Groups) > 0 {
		m[ClaimGroups] = anys(c.Groups)
	}
	if len(c.Roles) > 0 {
		m[ClaimRoles] = anys(c.Roles)
	}
	if c.PreferredRole != "" {
		m[ClaimPreferredRole] = c.PreferredRole
	}
}

func anys(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}
