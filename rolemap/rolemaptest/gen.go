package rolemaptest

import (
	"slices"
	"strings"
	"unicode"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/internal/jsnum"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Samples the generators draw from besides random text. Small sets make
// collisions likely: the same role granted by two rules, the same user pool
// with two app clients, a claim value equal to a rule's value.
var (
	regions       = []string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"}
	partitions    = []string{"aws", "aws-cn", "aws-us-gov"}
	accounts      = []string{"111122223333", "444455556666"}
	roleNames     = []string{"Admin", "ReadOnly", "Staff", "Developer", "Contractor", "Auth", "Unauth"}
	rolePaths     = []string{"", "service-role/", "team/a/"}
	userPoolIDs   = []string{"AbC123", "Xy9Z0", "Corp1234"}
	clientIDs     = []string{"7h778muira8dkr69dt35jhbjo8", "2k3l4m5n6o7p8q9r0s1t2u3v4w", "client1"}
	samlNames     = []string{"Corp", "Okta", "ADFS"}
	oidcHostNames = []string{
		"login.example.com",
		"example.auth0.com",
		"token.actions.githubusercontent.com",
		"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
		"accounts.google.com.example.net", // looks social, is OIDC
		"cognito-idp.example.com",         // looks like a user pool, has no "/": OIDC
	}
	claimNames = []string{
		spec.ClaimGroups, "email", "email_verified", "hd", "custom:dept",
		"custom:employment_type", "department", "groups", "age", "amr",
		spec.ClaimIssuer, spec.ClaimAudience, spec.ClaimRoles, spec.SAMLRoleAttribute,
	}
	ruleValues = []string{
		"admins", "Admins", "superadmins", "developers", "contractor",
		"example.com", "corp.example.com", "@example.com",
		"true", "false", "0", "3", "-0.5", "1e+21", "1.5e-7", "0.1",
		"123456789012345680000", "3.0", "1e21", "-0", "1e-7", "0.000001",
		"100000000000000000000", "5e-324",
		"caf\u00e9", "cafe\u0301", "\u00c5sa", "a b", " admins",
	}
	matchTypes   = []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}
	mappingTypes = []rolemap.MappingType{rolemap.TypeToken, rolemap.TypeRules}
	resolutions  = []rolemap.AmbiguousRoleResolution{rolemap.AmbiguousAuthenticatedRole, rolemap.AmbiguousDeny}
	// ProviderKinds that have mapping keys.
	keyKinds = []rolemap.ProviderKind{rolemap.KindUserPool, rolemap.KindSocial, rolemap.KindOIDC, rolemap.KindSAML}
)

// claimRune draws the characters validation allows in a rule's Claim: letters,
// marks, symbols, numbers and punctuation.
var claimRune = rapid.RuneFrom(nil, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P)

// IdentityPoolID generates identity pool IDs, REGION:GUID.
func IdentityPoolID() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		region := rapid.SampledFrom(regions).Draw(t, "region")
		guid := rapid.StringMatching(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).Draw(t, "guid")
		return region + ":" + guid
	})
}

// RoleARN generates IAM role ARNs, arn:PARTITION:iam::ACCOUNT:role/NAME,
// mostly from a small set of accounts and names so that rules often grant
// the same role, and now and then a value that is long enough but not
// shaped as an ARN (valid, though the linter warns about it).
func RoleARN() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		if rapid.IntRange(0, 19).Draw(t, "role ARN shape") == 19 {
			return rapid.StringN(spec.RoleARNMinLen, spec.RoleARNMinLen+20, -1).Draw(t, "unshaped role ARN")
		}
		return "arn:" + rapid.SampledFrom(partitions).Draw(t, "partition") +
			":iam::" + account(t) + ":role/" +
			rapid.SampledFrom(rolePaths).Draw(t, "role path") + roleName(t)
	})
}

func account(t *rapid.T) string {
	return rapid.OneOf(rapid.SampledFrom(accounts), rapid.StringMatching(`[0-9]{12}`)).Draw(t, "account")
}

func roleName(t *rapid.T) string {
	return rapid.OneOf(rapid.SampledFrom(roleNames), rapid.StringMatching(`[\w+=,.@-]{1,64}`)).Draw(t, "role name")
}

// userPoolLogin draws cognito-idp.REGION.amazonaws.com/REGION_ID.
func userPoolLogin(t *rapid.T) string {
	region := rapid.SampledFrom(regions).Draw(t, "user pool region")
	id := rapid.OneOf(rapid.SampledFrom(userPoolIDs), rapid.StringMatching(`[0-9A-Za-z]{1,9}`)).Draw(t, "user pool ID")
	return "cognito-idp." + region + ".amazonaws.com/" + region + "_" + id
}

func clientID(t *rapid.T) string {
	return rapid.OneOf(rapid.SampledFrom(clientIDs), rapid.StringMatching(`[0-9a-z]{1,26}`)).Draw(t, "client ID")
}

func oidcHost(t *rapid.T) string {
	return rapid.OneOf(rapid.SampledFrom(oidcHostNames), rapid.StringMatching(`[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){1,3}`)).Draw(t, "OIDC host")
}

func oidcARN(t *rapid.T, host string) string {
	return "arn:aws:iam::" + account(t) + ":oidc-provider/" + host
}

func samlARN(t *rapid.T) string {
	name := rapid.OneOf(rapid.SampledFrom(samlNames), rapid.StringMatching(`[\w.-]{1,32}`)).Draw(t, "SAML provider name")
	return "arn:" + rapid.SampledFrom(partitions).Draw(t, "SAML partition") + ":iam::" + account(t) + ":saml-provider/" + name
}

// MappingKey generates role mapping keys of one provider kind:
// cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID for [rolemap.KindUserPool],
// one of the six social logins for [rolemap.KindSocial], a host (such as
// login.example.com) for [rolemap.KindOIDC], and a SAML provider ARN for
// [rolemap.KindSAML]. It panics for [rolemap.KindUnauthenticated], which has no key.
func MappingKey(kind rolemap.ProviderKind) *rapid.Generator[string] {
	switch kind {
	case rolemap.KindUserPool:
		return rapid.Custom(func(t *rapid.T) string { return userPoolLogin(t) + ":" + clientID(t) })
	case rolemap.KindSocial:
		return rapid.SampledFrom(spec.SocialProviders)
	case rolemap.KindOIDC:
		return rapid.Custom(oidcHost)
	case rolemap.KindSAML:
		return rapid.Custom(samlARN)
	}
	panic("rolemaptest: MappingKey: no mapping key for provider kind " + kind.String())
}

// anyMappingKey draws a key of any provider kind.
func anyMappingKey(t *rapid.T) string {
	kind := rapid.SampledFrom(keyKinds).Draw(t, "provider kind")
	return MappingKey(kind).Draw(t, "mapping key")
}

// Rule generates valid rules: every match type, claim names common in
// tokens (cognito:groups, email, custom:dept…) or any text validation allows,
// values that interact with the comparison rules (package rolemap; numbers in and
// out of ECMAScript form, "true", composed and decomposed accents), any
// number written in ECMAScript form, or any text of 1 to 128 code points.
func Rule() *rapid.Generator[rolemap.Rule] {
	return rapid.Custom(func(t *rapid.T) rolemap.Rule {
		return rolemap.Rule{
			Claim:     claimName(t),
			MatchType: rapid.SampledFrom(matchTypes).Draw(t, "MatchType"),
			Value:     ruleValue(t),
			RoleARN:   RoleARN().Draw(t, "RoleARN"),
		}
	})
}

func claimName(t *rapid.T) string {
	return rapid.OneOf(
		rapid.SampledFrom(claimNames),
		rapid.StringOfN(claimRune, spec.ClaimMinLen, spec.ClaimMaxLen, -1),
	).Draw(t, "Claim")
}

func ruleValue(t *rapid.T) string {
	return ruleValueGen.Draw(t, "Value")
}

// ruleValueGen weights its sources by listing them more than once.
var ruleValueGen = func() *rapid.Generator[string] {
	samples := rapid.SampledFrom(ruleValues)
	text := rapid.StringN(spec.ValueMinLen, spec.ValueMaxLen, -1)
	booleans := rapid.SampledFrom([]string{"true", "false"})
	return rapid.OneOf(samples, samples, text, text, numberText, numberText, booleans)
}()

// numberText draws numbers written as ECMAScript writes them, the form a
// number claim is compared in.
var numberText = rapid.Map(rapid.Float64(), func(f float64) string { return string(jsnum.Append(nil, f)) })

// Mapping generates valid role mappings: Token and Rules, either ambiguous
// role resolution, 1 to 25 rules (the default quota), and now and then a
// Token mapping that carries a RulesConfiguration (valid, ignored).
func Mapping() *rapid.Generator[rolemap.Mapping] {
	return rapid.Custom(func(t *rapid.T) rolemap.Mapping {
		m := rolemap.Mapping{
			Type:                    rapid.SampledFrom(mappingTypes).Draw(t, "Type"),
			AmbiguousRoleResolution: rapid.SampledFrom(resolutions).Draw(t, "AmbiguousRoleResolution"),
		}
		if m.Type == rolemap.TypeRules || rapid.IntRange(0, 4).Draw(t, "Token mapping with rules") == 4 {
			rules := rapid.SliceOfN(Rule(), spec.MinRules, spec.DefaultMaxRules).Draw(t, "Rules")
			m.RulesConfiguration = &rolemap.RulesConfiguration{Rules: rules}
		}
		return m
	})
}

// Pool generates pool documents that are valid by construction: they pass
// validation with the default quota and compile. They cover both mapping
// types, every match type, every provider kind, pools that list their
// providers (every mapping key then configured) and pools that do not, and
// every optional member, present and absent: AllowUnauthenticatedIdentities
// true, false or absent, either default role or none, empty and nil
// collections.
func Pool() *rapid.Generator[rolemap.Pool] {
	return rapid.Custom(drawPool)
}

func drawPool(t *rapid.T) rolemap.Pool {
	p := rolemap.Pool{IdentityPoolID: IdentityPoolID().Draw(t, "IdentityPoolId")}
	if rapid.Bool().Draw(t, "has IdentityPoolName") {
		p.IdentityPoolName = rapid.StringMatching(`[\w ]{1,20}`).Draw(t, "IdentityPoolName")
	}
	p.AllowUnauthenticatedIdentities = rapid.Ptr(rapid.Bool(), true).Draw(t, "AllowUnauthenticatedIdentities")
	p.AllowClassicFlow = rapid.Ptr(rapid.Bool(), true).Draw(t, "AllowClassicFlow")
	if rapid.Bool().Draw(t, "has DeveloperProviderName") {
		p.DeveloperProviderName = rapid.StringMatching(`[\w.-]{1,20}`).Draw(t, "DeveloperProviderName")
	}
	if rapid.Bool().Draw(t, "has IdentityPoolTags") {
		p.IdentityPoolTags = rapid.MapOfN(rapid.StringMatching(`[\w]{1,8}`), rapid.StringN(0, 8, -1), 0, 3).Draw(t, "IdentityPoolTags")
	}

	p.Roles = map[string]string{}
	if rapid.IntRange(0, 3).Draw(t, "has authenticated role") > 0 {
		p.Roles[rolemap.RoleAuthenticated] = RoleARN().Draw(t, "authenticated role")
	}
	if rapid.IntRange(0, 3).Draw(t, "has unauthenticated role") > 0 {
		p.Roles[rolemap.RoleUnauthenticated] = RoleARN().Draw(t, "unauthenticated role")
	}

	var keys []string
	if rapid.Bool().Draw(t, "providers known") {
		keys = drawProviders(t, &p)
		if len(keys) > 0 {
			keys = rapid.SliceOfNDistinct(rapid.SampledFrom(keys), 0, spec.MaxRoleMappings, rapid.ID[string]).Draw(t, "mapped providers")
		}
	} else {
		keys = rapid.SliceOfNDistinct(rapid.Custom(anyMappingKey), 0, spec.MaxRoleMappings, rapid.ID[string]).Draw(t, "mapping keys")
	}
	if len(keys) > 0 || rapid.Bool().Draw(t, "empty RoleMappings present") {
		p.RoleMappings = make(map[string]rolemap.Mapping, len(keys))
		for _, key := range keys {
			p.RoleMappings[key] = Mapping().Draw(t, "mapping for "+key)
		}
	}
	return p
}

// drawProviders fills the provider lists of p, at least one of them
// present (perhaps empty), and returns every mapping key they configure,
// sorted.
func drawProviders(t *rapid.T, p *rolemap.Pool) []string {
	var keys []string
	present := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{
		"CognitoIdentityProviders", "SupportedLoginProviders", "OpenIdConnectProviderARNs", "SamlProviderARNs",
	}), 1, 4, rapid.ID[string]).Draw(t, "provider lists present")
	for _, list := range present {
		switch list {
		case "CognitoIdentityProviders":
			p.CognitoIdentityProviders = rapid.SliceOfN(rapid.Custom(func(t *rapid.T) rolemap.Provider {
				return rolemap.Provider{
					ProviderName:         userPoolLogin(t),
					ClientID:             clientID(t),
					ServerSideTokenCheck: rapid.Ptr(rapid.Bool(), true).Draw(t, "ServerSideTokenCheck"),
				}
			}), 0, 4).Draw(t, "CognitoIdentityProviders")
			for _, c := range p.CognitoIdentityProviders {
				keys = append(keys, c.ProviderName+":"+c.ClientID)
			}
		case "SupportedLoginProviders":
			logins := rapid.SliceOfNDistinct(rapid.SampledFrom(spec.SocialProviders), 0, 3, rapid.ID[string]).Draw(t, "SupportedLoginProviders")
			p.SupportedLoginProviders = map[string]string{}
			for _, login := range logins {
				p.SupportedLoginProviders[login] = rapid.StringMatching(`[\w.-]{1,30}`).Draw(t, "app ID")
				keys = append(keys, login)
			}
		case "OpenIdConnectProviderARNs":
			hosts := rapid.SliceOfNDistinct(rapid.Custom(oidcHost), 0, 3, rapid.ID[string]).Draw(t, "OIDC hosts")
			p.OpenIDConnectProviderARNs = []string{}
			for _, host := range hosts {
				p.OpenIDConnectProviderARNs = append(p.OpenIDConnectProviderARNs, oidcARN(t, host))
				keys = append(keys, host)
			}
		case "SamlProviderARNs":
			p.SAMLProviderARNs = rapid.SliceOfNDistinct(rapid.Custom(samlARN), 0, 3, rapid.ID[string]).Draw(t, "SamlProviderARNs")
			keys = append(keys, p.SAMLProviderARNs...)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// AnyPool generates pool documents that may be invalid, for validation
// tests: a [Pool] with up to three violations of the pool rules, each drawn from
// a list that covers every check (an ID out of pattern, a missing or
// extra Roles entry, too many mappings, a key too long or not configured,
// a bad Type or AmbiguousRoleResolution, a Rules mapping without rules or
// with too many, a Claim with a space, a MatchType in the wrong case, an
// empty Value, a short RoleARN, invalid UTF-8…).
func AnyPool() *rapid.Generator[rolemap.Pool] {
	return rapid.Custom(func(t *rapid.T) rolemap.Pool {
		p := drawPool(t)
		n := rapid.IntRange(0, 3).Draw(t, "violations")
		for range n {
			violate(t, &p, rapid.SampledFrom(violations).Draw(t, "violation"))
		}
		return p
	})
}

var violations = []string{
	"IdentityPoolId", "Roles missing", "Roles key", "Roles value", "Roles count",
	"RoleMappings count", "key length", "key not configured", "Type",
	"AmbiguousRoleResolution", "RulesConfiguration missing", "no rules",
	"too many rules", "Claim", "MatchType", "Value", "rule RoleARN",
}

// violate breaks p in the way named.
func violate(t *rapid.T, p *rolemap.Pool, what string) {
	short := strings.Repeat("r", spec.RoleARNMinLen-1)
	switch what {
	case "IdentityPoolId":
		p.IdentityPoolID = rapid.SampledFrom([]string{
			"", "us-east-1", "us east 1:0123", "us-east-1:ABCDEF", ":0123", "us-east-1:",
			"us-east-1:" + strings.Repeat("a", spec.IdentityPoolIDMaxLen), "us-east-1:\xff",
		}).Draw(t, "bad IdentityPoolId")
	case "Roles missing":
		p.Roles = nil
	case "Roles key":
		if p.Roles == nil {
			p.Roles = map[string]string{}
		}
		key := rapid.SampledFrom([]string{"admin", "Authenticated", "unauthenticated ", "", "authenticated\x00"}).Draw(t, "bad Roles key")
		p.Roles[key] = RoleARN().Draw(t, "role for bad key")
	case "Roles value":
		if p.Roles == nil {
			p.Roles = map[string]string{}
		}
		key := rapid.SampledFrom([]string{rolemap.RoleAuthenticated, rolemap.RoleUnauthenticated}).Draw(t, "Roles key")
		p.Roles[key] = rapid.SampledFrom([]string{"", short, strings.Repeat("r", spec.RoleARNMaxLen+1)}).Draw(t, "bad role ARN")
	case "Roles count":
		p.Roles = map[string]string{
			rolemap.RoleAuthenticated:   RoleARN().Draw(t, "authenticated role"),
			rolemap.RoleUnauthenticated: RoleARN().Draw(t, "unauthenticated role"),
			"guest":                     RoleARN().Draw(t, "third role"),
		}
	case "RoleMappings count":
		if p.RoleMappings == nil {
			p.RoleMappings = map[string]rolemap.Mapping{}
		}
		for len(p.RoleMappings) <= spec.MaxRoleMappings {
			p.RoleMappings[anyMappingKey(t)] = Mapping().Draw(t, "extra mapping")
		}
	case "key length":
		key := rapid.SampledFrom([]string{"", strings.Repeat("k", spec.MappingKeyMaxLen+1)}).Draw(t, "bad mapping key")
		setMapping(p, key, Mapping().Draw(t, "mapping"))
	case "key not configured":
		// An unconfigured key breaks only pools that list their providers.
		setMapping(p, "not-configured.example.com", Mapping().Draw(t, "mapping"))
	case "Type":
		key, m := someMapping(t, p)
		m.Type = rolemap.MappingType(rapid.SampledFrom([]string{"", "rules", "TOKEN", "Role"}).Draw(t, "bad Type"))
		p.RoleMappings[key] = m
	case "AmbiguousRoleResolution":
		key, m := someMapping(t, p)
		m.AmbiguousRoleResolution = rolemap.AmbiguousRoleResolution(rapid.SampledFrom([]string{"", "deny", "Authenticated"}).Draw(t, "bad AmbiguousRoleResolution"))
		p.RoleMappings[key] = m
	case "RulesConfiguration missing":
		key, m := someMapping(t, p)
		m.Type, m.RulesConfiguration = rolemap.TypeRules, nil
		p.RoleMappings[key] = m
	case "no rules":
		key, m := someMapping(t, p)
		m.RulesConfiguration = &rolemap.RulesConfiguration{Rules: rapid.SampledFrom([][]rolemap.Rule{nil, {}}).Draw(t, "no rules")}
		p.RoleMappings[key] = m
	case "too many rules":
		key, m := someRules(t, p)
		for len(m.RulesConfiguration.Rules) <= spec.DefaultMaxRules {
			m.RulesConfiguration.Rules = append(m.RulesConfiguration.Rules, Rule().Draw(t, "extra rule"))
		}
		p.RoleMappings[key] = m
	case "Claim", "MatchType", "Value", "rule RoleARN":
		key, m := someRules(t, p)
		i := rapid.IntRange(0, len(m.RulesConfiguration.Rules)-1).Draw(t, "rule index")
		r := &m.RulesConfiguration.Rules[i]
		switch what {
		case "Claim":
			r.Claim = rapid.SampledFrom([]string{"", "a b", "tab\t", "nul\x00", "\xff", strings.Repeat("c", spec.ClaimMaxLen+1)}).Draw(t, "bad Claim")
		case "MatchType":
			r.MatchType = rolemap.MatchType(rapid.SampledFrom([]string{"", "equals", "Regex"}).Draw(t, "bad MatchType"))
		case "Value":
			r.Value = rapid.SampledFrom([]string{"", strings.Repeat("v", spec.ValueMaxLen+1)}).Draw(t, "bad Value")
		default:
			r.RoleARN = rapid.SampledFrom([]string{"", short, strings.Repeat("r", spec.RoleARNMaxLen+1)}).Draw(t, "bad RoleARN")
		}
		p.RoleMappings[key] = m
	}
}

func setMapping(p *rolemap.Pool, key string, m rolemap.Mapping) {
	if p.RoleMappings == nil {
		p.RoleMappings = map[string]rolemap.Mapping{}
	}
	p.RoleMappings[key] = m
}

// keysOf returns the keys of m in order, so that draws are repeatable.
func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// someMapping picks a mapping of p, adding one if p has none.
func someMapping(t *rapid.T, p *rolemap.Pool) (string, rolemap.Mapping) {
	if len(p.RoleMappings) == 0 {
		setMapping(p, anyMappingKey(t), Mapping().Draw(t, "mapping"))
	}
	key := rapid.SampledFrom(keysOf(p.RoleMappings)).Draw(t, "mapping to break")
	return key, p.RoleMappings[key]
}

// someRules picks a mapping of p that has rules, adding one if p has none.
func someRules(t *rapid.T, p *rolemap.Pool) (string, rolemap.Mapping) {
	var withRules []string
	for _, key := range keysOf(p.RoleMappings) {
		if rc := p.RoleMappings[key].RulesConfiguration; rc != nil && len(rc.Rules) > 0 {
			withRules = append(withRules, key)
		}
	}
	if len(withRules) == 0 {
		key := anyMappingKey(t)
		rules := rapid.SliceOfN(Rule(), spec.MinRules, spec.DefaultMaxRules).Draw(t, "Rules")
		setMapping(p, key, rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}})
		withRules = []string{key}
	}
	key := rapid.SampledFrom(withRules).Draw(t, "mapping to break")
	return key, p.RoleMappings[key]
}
