package rolemap

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
)

var (
	identityPoolIDRE = regexp.MustCompile(`^(?:` + spec.IdentityPoolIDPattern + `)$`)
	claimRE          = regexp.MustCompile(`^(?:` + spec.ClaimPattern + `)$`)
	rolesKeyRE       = regexp.MustCompile(`^(?:` + spec.RolesKeyPattern + `)$`)
)

// validator collects every violation of the constraints AWS puts on a pool
// document (see [Compile]).
//
// A path holds a map key, and in an invalid document a key may be megabytes
// long. So that validation stays linear in the size of the document, a path
// is built only for a violation, never for a field that passes, and sorting
// never compares paths: each violation carries a sort key (its section, the
// rank of its map key among the quoted keys of that section, and the short
// rest of its path) that orders violations exactly as their paths sort.
//
// Even so, a document of many small violations (4 per empty rule) under long
// keys could make the report far larger than the document. So the report
// lists at most [MaxViolations] violations, the first found in document
// order (map keys sorted), and counts the rest; and a mapping whose key is
// longer than AWS allows is reported once, without checking its contents,
// since AWS refuses the key before it reads them.
type validator struct {
	errs    []violation
	omitted int
}

// MaxViolations is the most violations a [ValidationError] lists; it counts
// the rest in Omitted.
const MaxViolations = 1000

// violation is a FieldError and its sort key.
type violation struct {
	fe      *FieldError
	section int    // one of the sections below
	rank    int    // the rank of the map key within the section
	suffix  string // the path after the map entry: "", ".Type", …
}

// The sections of a path, in the order their paths sort:
// "IdentityPoolId" < "RoleMappings" < `RoleMappings["…` < "Roles" < `Roles["…`.
const (
	secPoolID = iota
	secTagMaps
	secMappings
	secMapping
	secRoles
	secRole
)

func (v *validator) add(section, rank int, prefix, suffix string, err error, detail string) {
	v.report(section, rank, prefix, &FieldError{Err: err, Detail: detail}, suffix)
}

// report records the violation a check found, if any, at the path prefix
// followed by the parts of suffix, which are joined only for a violation.
func (v *validator) report(section, rank int, prefix string, fe *FieldError, suffix ...string) {
	if fe == nil {
		return
	}
	if len(v.errs) >= MaxViolations {
		v.omitted++
		return
	}
	sfx := strings.Join(suffix, "")
	fe.Path = prefix + sfx
	v.errs = append(v.errs, violation{fe: fe, section: section, rank: rank, suffix: sfx})
}

// The checks return the violation they find, without its path, or nil.

// lengthErr checks a required string's length in code points: "" is
// missing.
func lengthErr(s string, lo, hi int) *FieldError {
	if s == "" {
		return &FieldError{Err: ErrMissing, Detail: "required"}
	}
	if n := utf8.RuneCountInString(s); n < lo || n > hi {
		return &FieldError{Err: ErrInvalidValue, Detail: "length " + strconv.Itoa(n) + " is outside " + strconv.Itoa(lo) + ".." + strconv.Itoa(hi) + " code points"}
	}
	return nil
}

// patternErr checks that s is valid UTF-8 and matches re as a whole.
func patternErr(s string, re *regexp.Regexp, pat string) *FieldError {
	if !utf8.ValidString(s) {
		return &FieldError{Err: ErrInvalidValue, Detail: "not valid UTF-8"}
	}
	if !re.MatchString(s) {
		return &FieldError{Err: ErrInvalidValue, Detail: "does not match " + pat}
	}
	return nil
}

// patternLengthErr checks length, then, if the length is right, pattern.
func patternLengthErr(s string, lo, hi int, re *regexp.Regexp, pat string) *FieldError {
	if fe := lengthErr(s, lo, hi); fe != nil {
		return fe
	}
	return patternErr(s, re, pat)
}

func enumErr(s string, allowed ...string) *FieldError {
	if s == "" {
		return &FieldError{Err: ErrMissing, Detail: "required"}
	}
	if !slices.Contains(allowed, s) {
		return &FieldError{Err: ErrInvalidValue, Detail: clip.Quote(s) + " is not one of " + strings.Join(allowed, " ")}
	}
	return nil
}

// quotedKeys returns the keys of m with their paths (prefix, the quoted
// key, "]"), sorted by path.
func quotedKeys[V any](m map[string]V, prefix string) (keys, paths []string) {
	type kp struct{ key, path string }
	all := make([]kp, 0, len(m))
	for k := range m {
		all = append(all, kp{k, prefix + clip.QuoteKey(k) + "]"})
	}
	slices.SortFunc(all, func(a, b kp) int { return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.key, b.key)) })
	keys, paths = make([]string, len(all)), make([]string, len(all))
	for i, e := range all {
		keys[i], paths[i] = e.key, e.path
	}
	return keys, paths
}

// validatePool checks p against AWS's constraints and returns a *ValidationError with
// every violation sorted by path, or nil.
// known is newProviderSet(p).
func validatePool(p *Pool, maxRules int, known *providerSet) error {
	var v validator
	v.report(secPoolID, 0, "IdentityPoolId", patternLengthErr(p.IdentityPoolID, spec.IdentityPoolIDMinLen, spec.IdentityPoolIDMaxLen, identityPoolIDRE, spec.IdentityPoolIDPattern))
	if p.Roles == nil {
		v.add(secRoles, 0, "Roles", "", ErrMissing, "required (it may be empty)")
	} else if len(p.Roles) > spec.MaxRoles {
		v.add(secRoles, 0, "Roles", "", ErrOverLimit, strconv.Itoa(len(p.Roles))+" entries, at most "+strconv.Itoa(spec.MaxRoles))
	}
	roleKeys, rolePaths := quotedKeys(p.Roles, "Roles[")
	for rank, k := range roleKeys {
		path := rolePaths[rank]
		v.report(secRole, rank, path, patternErr(k, rolesKeyRE, spec.RolesKeyPattern))
		v.report(secRole, rank, path, lengthErr(p.Roles[k], spec.RoleARNMinLen, spec.RoleARNMaxLen))
	}
	if len(p.RoleMappings) > spec.MaxRoleMappings {
		v.add(secMappings, 0, "RoleMappings", "", ErrOverLimit, strconv.Itoa(len(p.RoleMappings))+" entries, at most "+strconv.Itoa(spec.MaxRoleMappings))
	}
	mappingKeys, mappingPaths := quotedKeys(p.RoleMappings, "RoleMappings[")
	for rank, key := range mappingKeys {
		m := p.RoleMappings[key]
		path := mappingPaths[rank]
		if n := utf8.RuneCountInString(key); n < spec.MappingKeyMinLen || n > spec.MappingKeyMaxLen {
			v.add(secMapping, rank, path, "", ErrInvalidValue, "key length "+strconv.Itoa(n)+" is outside "+strconv.Itoa(spec.MappingKeyMinLen)+".."+strconv.Itoa(spec.MappingKeyMaxLen)+" code points; its contents are not checked")
			if n > spec.MappingKeyMaxLen {
				continue
			}
		}
		if known != nil && !known.hasKey(key) {
			v.add(secMapping, rank, path, "", ErrInvalidValue, spec.NotConfiguredProviderMessage(key))
		}
		v.report(secMapping, rank, path, enumErr(string(m.Type), spec.TypeToken, spec.TypeRules), ".Type")
		v.report(secMapping, rank, path, enumErr(string(m.AmbiguousRoleResolution), spec.AmbiguousAuthenticatedRole, spec.AmbiguousDeny), ".AmbiguousRoleResolution")
		if m.RulesConfiguration == nil {
			if m.Type == TypeRules {
				v.add(secMapping, rank, path, ".RulesConfiguration", ErrMissing, "required when Type is Rules")
			}
			continue
		}
		rules := m.RulesConfiguration.Rules
		const rsuffix = ".RulesConfiguration.Rules"
		switch {
		case len(rules) < spec.MinRules:
			v.add(secMapping, rank, path, rsuffix, ErrMissing, "at least "+strconv.Itoa(spec.MinRules)+" rule required")
		case len(rules) > maxRules:
			v.add(secMapping, rank, path, rsuffix, ErrOverLimit, strconv.Itoa(len(rules))+" rules, at most "+strconv.Itoa(maxRules))
		}
		for i, r := range rules {
			idx := strconv.Itoa(i)
			v.report(secMapping, rank, path, patternLengthErr(r.Claim, spec.ClaimMinLen, spec.ClaimMaxLen, claimRE, spec.ClaimPattern), rsuffix, "[", idx, "].Claim")
			v.report(secMapping, rank, path, enumErr(string(r.MatchType), spec.MatchEquals, spec.MatchContains, spec.MatchStartsWith, spec.MatchNotEqual), rsuffix, "[", idx, "].MatchType")
			v.report(secMapping, rank, path, lengthErr(r.Value, spec.ValueMinLen, spec.ValueMaxLen), rsuffix, "[", idx, "].Value")
			v.report(secMapping, rank, path, lengthErr(r.RoleARN, spec.RoleARNMinLen, spec.RoleARNMaxLen), rsuffix, "[", idx, "].RoleARN")
		}
	}
	validateTagMaps(&v, p)
	if len(v.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(v.errs, func(a, b violation) int {
		return cmp.Or(cmp.Compare(a.section, b.section), cmp.Compare(a.rank, b.rank), cmp.Compare(a.suffix, b.suffix))
	})
	errs := make([]*FieldError, len(v.errs))
	for i, e := range v.errs {
		errs[i] = e.fe
	}
	return &ValidationError{Errors: errs, Omitted: v.omitted}
}

// The limits of a principal tag map: those of SetPrincipalTagAttributeMap
// (Amazon Cognito Identity API reference) and of STS session tags.
const (
	maxPrincipalTags   = spec.MaxSessionTags
	maxTagKeyLen       = spec.SessionTagKeyMaxLen
	maxTagValueLen     = 256 // a claim name
	maxProviderNameLen = 128
)

// validateTagMaps checks the principal tag maps: their provider names,
// and their tag keys against STS's rules for session tags (see package
// credentials), two keys differing only in case included.
func validateTagMaps(v *validator, p *Pool) {
	seen := make(map[string]bool, len(p.PrincipalTagAttributeMaps))
	for i, tm := range p.PrincipalTagAttributeMaps {
		at := "PrincipalTagAttributeMaps[" + strconv.Itoa(i) + "]"
		name := tm.IdentityProviderName
		if fe := lengthErr(name, 1, maxProviderNameLen); fe != nil {
			v.report(secTagMaps, i, at, fe, ".IdentityProviderName")
		} else if seen[name] {
			v.add(secTagMaps, i, at, ".IdentityProviderName", ErrInvalidValue, clip.Quote(name)+" has an earlier map too")
		} else if KindOf(name) == KindOIDC && !strings.HasPrefix(name, "arn:") {
			v.add(secTagMaps, i, at, ".IdentityProviderName", ErrInvalidValue,
				"an OIDC provider's map is named by its ARN (arn:aws:iam::ACCOUNT:oidc-provider/"+clip.String(name)+"), not by its host")
		}
		seen[name] = true
		if tm.UseDefaults != nil && *tm.UseDefaults && len(tm.PrincipalTags) > 0 {
			v.add(secTagMaps, i, at, ".UseDefaults", ErrInvalidValue,
				"principal-tags-ambiguous: UseDefaults is true and PrincipalTags is not empty; AWS does not say which one wins")
		}
		if len(tm.PrincipalTags) > maxPrincipalTags {
			v.add(secTagMaps, i, at, ".PrincipalTags", ErrOverLimit, strconv.Itoa(len(tm.PrincipalTags))+" tags, at most "+strconv.Itoa(maxPrincipalTags))
			continue
		}
		keys, paths := quotedKeys(tm.PrincipalTags, at+".PrincipalTags[")
		// A path's suffix, after at, orders it among the map's other paths.
		var a, b string
		pairs := 0
		for j, k := range keys {
			sfx := paths[j][len(at):]
			if fe := lengthErr(k, 1, maxTagKeyLen); fe != nil {
				fe.Detail = "tag key: " + fe.Detail
				v.report(secTagMaps, i, at, fe, sfx)
			} else if problem := spec.TagKeyProblem(k); problem != "" {
				v.add(secTagMaps, i, at, sfx, ErrInvalidValue, "tag key: "+problem)
			}
			v.report(secTagMaps, i, at, lengthErr(tm.PrincipalTags[k], 1, maxTagValueLen), sfx)
			// Keys of the wrong length are reported already; comparing
			// long ones would cost their length squared.
			if !tagKeyLenOK(k) {
				continue
			}
			for _, l := range keys[j+1:] {
				if tagKeyLenOK(l) && spec.TagKeysCollide(k, l) {
					if pairs == 0 {
						a, b = k, l
					}
					pairs++
				}
			}
		}
		if pairs > 0 {
			more := ""
			if pairs > 1 {
				more = " (and " + strconv.Itoa(pairs-1) + " more such pairs)"
			}
			v.add(secTagMaps, i, at, ".PrincipalTags", ErrInvalidValue, "tag keys "+clip.Quote(a)+" and "+clip.Quote(b)+
				" differ only in case"+more+"; STS compares tag keys without regard to case and refuses a session with both, so keep one")
		}
	}
}

// tagKeyLenOK reports whether a tag key has 1..128 code points.
func tagKeyLenOK(k string) bool {
	return k != "" && len(k) <= 4*maxTagKeyLen && utf8.RuneCountInString(k) <= maxTagKeyLen
}
