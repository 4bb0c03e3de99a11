package reference

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// whole compiles an AWS pattern to match whole strings.
func whole(pattern string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + pattern + `)$`) }

var (
	poolIDPattern   = whole(spec.IdentityPoolIDPattern)
	rolesKeyPattern = whole(spec.RolesKeyPattern)
	claimPattern    = whole(spec.ClaimPattern)
	tagPattern      = whole(spec.SessionTagPattern)
)

// Validate checks p against AWS's constraints (and the tag maps' rules of
// package credentials) with the given rules-per-mapping quota
// and returns the paths of every violation, sorted, each once. A valid pool
// gives none.
func Validate(p rolemap.Pool, maxRules int) []string {
	bad := map[string]bool{}

	// lengthOK reports whether s is present and within lo..hi code points.
	lengthOK := func(s string, lo, hi int) bool {
		n := utf8.RuneCountInString(s)
		return s != "" && lo <= n && n <= hi
	}
	// matches reports whether s is UTF-8 text wholly matching re.
	matches := func(s string, re *regexp.Regexp) bool {
		return utf8.ValidString(s) && re.MatchString(s)
	}

	if !lengthOK(p.IdentityPoolID, spec.IdentityPoolIDMinLen, spec.IdentityPoolIDMaxLen) ||
		!matches(p.IdentityPoolID, poolIDPattern) {
		bad["IdentityPoolId"] = true
	}

	if p.Roles == nil || len(p.Roles) > spec.MaxRoles {
		bad["Roles"] = true
	}
	for k, arn := range p.Roles {
		if !matches(k, rolesKeyPattern) || !lengthOK(arn, spec.RoleARNMinLen, spec.RoleARNMaxLen) {
			bad["Roles["+clip.QuoteKey(k)+"]"] = true
		}
	}

	if len(p.RoleMappings) > spec.MaxRoleMappings {
		bad["RoleMappings"] = true
	}
	keys := configuredKeys(p)
	for key, m := range p.RoleMappings {
		path := "RoleMappings[" + clip.QuoteKey(key) + "]"
		n := utf8.RuneCountInString(key)
		if n < spec.MappingKeyMinLen || n > spec.MappingKeyMaxLen {
			bad[path] = true
		}
		if keys != nil && !slices.Contains(keys, key) {
			bad[path] = true
		}
		if n > spec.MappingKeyMaxLen {
			continue // the contents of an over-long key are not checked
		}
		if m.Type != rolemap.TypeToken && m.Type != rolemap.TypeRules {
			bad[path+".Type"] = true
		}
		if m.AmbiguousRoleResolution != rolemap.AmbiguousAuthenticatedRole && m.AmbiguousRoleResolution != rolemap.AmbiguousDeny {
			bad[path+".AmbiguousRoleResolution"] = true
		}
		if m.RulesConfiguration == nil {
			if m.Type == rolemap.TypeRules {
				bad[path+".RulesConfiguration"] = true
			}
			continue
		}
		rules := m.RulesConfiguration.Rules
		rulesPath := path + ".RulesConfiguration.Rules"
		if len(rules) < spec.MinRules || len(rules) > maxRules {
			bad[rulesPath] = true
		}
		for i, r := range rules {
			rulePath := rulesPath + "[" + strconv.Itoa(i) + "]"
			if !lengthOK(r.Claim, spec.ClaimMinLen, spec.ClaimMaxLen) || !matches(r.Claim, claimPattern) {
				bad[rulePath+".Claim"] = true
			}
			switch r.MatchType {
			case rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual:
			default:
				bad[rulePath+".MatchType"] = true
			}
			if !lengthOK(r.Value, spec.ValueMinLen, spec.ValueMaxLen) {
				bad[rulePath+".Value"] = true
			}
			if !lengthOK(r.RoleARN, spec.RoleARNMinLen, spec.RoleARNMaxLen) {
				bad[rulePath+".RoleARN"] = true
			}
		}
	}

	validateTagMaps(p, bad, lengthOK)

	paths := make([]string, 0, len(bad))
	for path := range bad {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	return paths
}

// configuredKeys lists the valid mapping keys of a pool that lists its
// providers, and is nil for one that does not.
func configuredKeys(p rolemap.Pool) []string {
	if !providersKnown(p) {
		return nil
	}
	keys := []string{}
	for _, c := range p.CognitoIdentityProviders {
		keys = append(keys, c.ProviderName+":"+c.ClientID)
	}
	for name := range p.SupportedLoginProviders {
		keys = append(keys, name)
	}
	for _, arn := range p.OpenIDConnectProviderARNs {
		if host, ok := oidcHost(arn); ok {
			keys = append(keys, host)
		}
	}
	keys = append(keys, p.SAMLProviderARNs...)
	return keys
}

// validateTagMaps marks the violations of the principal tag maps: a
// provider name of 1..128 code points that no earlier map has, an OIDC
// provider named by its ARN; not UseDefaults and tags both; at most 50
// tags (more: their keys are not checked), each key of 1..128 code points
// of STS's tag characters, not beginning aws: in any ASCII case, each value
// (a claim name) of 1..256 code points; no two keys equal under Unicode
// case folding.
func validateTagMaps(p rolemap.Pool, bad map[string]bool, lengthOK func(string, int, int) bool) {
	seen := map[string]bool{}
	for i, tm := range p.PrincipalTagAttributeMaps {
		at := "PrincipalTagAttributeMaps[" + strconv.Itoa(i) + "]"
		name := tm.IdentityProviderName
		switch {
		case !lengthOK(name, 1, 128), seen[name]:
			bad[at+".IdentityProviderName"] = true
		case kindOf(name) == "OIDC" && !strings.HasPrefix(name, "arn:"):
			bad[at+".IdentityProviderName"] = true
		}
		seen[name] = true
		if tm.UseDefaults != nil && *tm.UseDefaults && len(tm.PrincipalTags) > 0 {
			bad[at+".UseDefaults"] = true
		}
		if len(tm.PrincipalTags) > spec.MaxSessionTags {
			bad[at+".PrincipalTags"] = true
			continue
		}
		for k, claim := range tm.PrincipalTags {
			keyOK := lengthOK(k, 1, spec.SessionTagKeyMaxLen) && utf8.ValidString(k) && tagPattern.MatchString(k) &&
				!strings.HasPrefix(asciiLower(k), "aws:")
			if !keyOK || !lengthOK(claim, 1, 256) {
				bad[at+".PrincipalTags["+clip.QuoteKey(k)+"]"] = true
			}
			for l := range tm.PrincipalTags {
				if k != l && lengthOK(k, 1, spec.SessionTagKeyMaxLen) && lengthOK(l, 1, spec.SessionTagKeyMaxLen) &&
					strings.EqualFold(k, l) {
					bad[at+".PrincipalTags"] = true
				}
			}
		}
	}
}

// asciiLower lowers the ASCII letters of s only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
