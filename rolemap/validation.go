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
	"github.com/rolemapping/rolemapping/rolemap/diag"
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

func (v *validator) add(section, rank int, at key, err error, detail string, suffix ...diag.Step) {
	v.report(section, rank, at, &FieldError{Err: err, Detail: detail}, suffix...)
}

// key is the path of a member of the pool: as text (quoted once per key),
// and as steps.
type key struct {
	text string
	path diag.Path
}

// keyOf is the key of a top-level member.
func keyOf(name string) key { return key{name, diag.Root(name)} }

// report records the violation a check found, if any, at the path at
// followed by the steps suffix, which are joined only for a violation.
func (v *validator) report(section, rank int, at key, fe *FieldError, suffix ...diag.Step) {
	if fe == nil {
		return
	}
	if len(v.errs) >= MaxViolations {
		v.omitted++
		return
	}
	sfx := diag.Path(suffix).String()
	if len(suffix) > 0 && suffix[0].Kind == diag.StepMember {
		sfx = "." + sfx
	}
	fe.Path = at.text + sfx
	fe.At = at.path.Join(suffix)
	v.errs = append(v.errs, violation{fe: fe, section: section, rank: rank, suffix: sfx})
}

// field, index and mapKey are the steps of a suffix.
func field(name string) diag.Step { return diag.Step{Kind: diag.StepMember, Name: name} }
func index(i int) diag.Step       { return diag.Step{Kind: diag.StepIndex, Index: i} }
func mapKey(k string) diag.Step   { return diag.Step{Kind: diag.StepKey, Name: k} }

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

// keyed is the key of the member k of the map at base, whose path is text.
func keyed(base diag.Path, k, text string) key { return key{text, base.Key(k)} }

// validatePool checks p against AWS's constraints and returns a *ValidationError with
// every violation sorted by path, or nil.
// known is newProviderSet(p).
func validatePool(p *Pool, maxRules int, known *providerSet) error {
	var v validator
	v.report(secPoolID, 0, keyOf("IdentityPoolId"), patternLengthErr(p.IdentityPoolID, spec.IdentityPoolIDMinLen, spec.IdentityPoolIDMaxLen, identityPoolIDRE, spec.IdentityPoolIDPattern))
	if p.Roles == nil {
		v.add(secRoles, 0, keyOf("Roles"), ErrMissing, "required (it may be empty)")
	} else if len(p.Roles) > spec.MaxRoles {
		v.add(secRoles, 0, keyOf("Roles"), ErrOverLimit, strconv.Itoa(len(p.Roles))+" entries, at most "+strconv.Itoa(spec.MaxRoles))
	}
	roleKeys, rolePaths := quotedKeys(p.Roles, "Roles[")
	for rank, k := range roleKeys {
		path := keyed(diag.Root("Roles"), k, rolePaths[rank])
		v.report(secRole, rank, path, patternErr(k, rolesKeyRE, spec.RolesKeyPattern))
		v.report(secRole, rank, path, lengthErr(p.Roles[k], spec.RoleARNMinLen, spec.RoleARNMaxLen))
	}
	if len(p.RoleMappings) > spec.MaxRoleMappings {
		v.add(secMappings, 0, keyOf("RoleMappings"), ErrOverLimit, strconv.Itoa(len(p.RoleMappings))+" entries, at most "+strconv.Itoa(spec.MaxRoleMappings))
	}
	mappingKeys, mappingPaths := quotedKeys(p.RoleMappings, "RoleMappings[")
	for rank, key := range mappingKeys {
		m := p.RoleMappings[key]
		path := keyed(diag.Root("RoleMappings"), key, mappingPaths[rank])
		if n := utf8.RuneCountInString(key); n < spec.MappingKeyMinLen || n > spec.MappingKeyMaxLen {
			v.add(secMapping, rank, path, ErrInvalidValue, "key length "+strconv.Itoa(n)+" is outside "+strconv.Itoa(spec.MappingKeyMinLen)+".."+strconv.Itoa(spec.MappingKeyMaxLen)+" code points; its contents are not checked")
			if n > spec.MappingKeyMaxLen {
				continue
			}
		}
		if known != nil && !known.hasKey(key) {
			v.add(secMapping, rank, path, ErrInvalidValue, spec.NotConfiguredProviderMessage(key))
		}
		v.report(secMapping, rank, path, enumErr(string(m.Type), spec.TypeToken, spec.TypeRules), field("Type"))
		v.report(secMapping, rank, path, enumErr(string(m.AmbiguousRoleResolution), spec.AmbiguousAuthenticatedRole, spec.AmbiguousDeny), field("AmbiguousRoleResolution"))
		if m.RulesConfiguration == nil {
			if m.Type == TypeRules {
				v.add(secMapping, rank, path, ErrMissing, "required when Type is Rules", field("RulesConfiguration"))
			}
			continue
		}
		rules := m.RulesConfiguration.Rules
		rc, rs := field("RulesConfiguration"), field("Rules")
		switch {
		case len(rules) < spec.MinRules:
			v.add(secMapping, rank, path, ErrMissing, "at least "+strconv.Itoa(spec.MinRules)+" rule required", rc, rs)
		case len(rules) > maxRules:
			v.add(secMapping, rank, path, ErrOverLimit, strconv.Itoa(len(rules))+" rules, at most "+strconv.Itoa(maxRules), rc, rs)
		}
		for i, r := range rules {
			idx := index(i)
			v.report(secMapping, rank, path, patternLengthErr(r.Claim, spec.ClaimMinLen, spec.ClaimMaxLen, claimRE, spec.ClaimPattern), rc, rs, idx, field("Claim"))
			v.report(secMapping, rank, path, enumErr(string(r.MatchType), spec.MatchEquals, spec.MatchContains, spec.MatchStartsWith, spec.MatchNotEqual), rc, rs, idx, field("MatchType"))
			v.report(secMapping, rank, path, lengthErr(r.Value, spec.ValueMinLen, spec.ValueMaxLen), rc, rs, idx, field("Value"))
			v.report(secMapping, rank, path, lengthErr(r.RoleARN, spec.RoleARNMinLen, spec.RoleARNMaxLen), rc, rs, idx, field("RoleARN"))
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
		at := key{"PrincipalTagAttributeMaps[" + strconv.Itoa(i) + "]", diag.Root("PrincipalTagAttributeMaps").Index(i)}
		name := tm.IdentityProviderName
		if fe := lengthErr(name, 1, maxProviderNameLen); fe != nil {
			v.report(secTagMaps, i, at, fe, field("IdentityProviderName"))
		} else if seen[name] {
			v.add(secTagMaps, i, at, ErrInvalidValue, clip.Quote(name)+" has an earlier map too", field("IdentityProviderName"))
		} else if KindOf(name) == KindOIDC && !strings.HasPrefix(name, "arn:") {
			v.add(secTagMaps, i, at, ErrInvalidValue,
				"an OIDC provider's map is named by its ARN (arn:aws:iam::ACCOUNT:oidc-provider/"+clip.String(name)+"), not by its host", field("IdentityProviderName"))
		}
		seen[name] = true
		if tm.UseDefaults != nil && *tm.UseDefaults && len(tm.PrincipalTags) > 0 {
			v.add(secTagMaps, i, at, ErrInvalidValue,
				"principal-tags-ambiguous: UseDefaults is true and PrincipalTags is not empty; AWS does not say which one wins", field("UseDefaults"))
		}
		if len(tm.PrincipalTags) > maxPrincipalTags {
			v.add(secTagMaps, i, at, ErrOverLimit, strconv.Itoa(len(tm.PrincipalTags))+" tags, at most "+strconv.Itoa(maxPrincipalTags), field("PrincipalTags"))
			continue
		}
		keys, _ := quotedKeys(tm.PrincipalTags, "")
		var a, b string
		pairs := 0
		tags := field("PrincipalTags")
		for j, k := range keys {
			if fe := lengthErr(k, 1, maxTagKeyLen); fe != nil {
				fe.Detail = "tag key: " + fe.Detail
				v.report(secTagMaps, i, at, fe, tags, mapKey(k))
			} else if problem := spec.TagKeyProblem(k); problem != "" {
				v.add(secTagMaps, i, at, ErrInvalidValue, "tag key: "+problem, tags, mapKey(k))
			}
			v.report(secTagMaps, i, at, lengthErr(tm.PrincipalTags[k], 1, maxTagValueLen), tags, mapKey(k))
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
			v.add(secTagMaps, i, at, ErrInvalidValue, "tag keys "+clip.Quote(a)+" and "+clip.Quote(b)+
				" differ only in case"+more+"; STS compares tag keys without regard to case and refuses a session with both, so keep one", field("PrincipalTags"))
		}
	}
}

// tagKeyLenOK reports whether a tag key has 1..128 code points.
func tagKeyLenOK(k string) bool {
	return k != "" && len(k) <= 4*maxTagKeyLen && utf8.RuneCountInString(k) <= maxTagKeyLen
}
