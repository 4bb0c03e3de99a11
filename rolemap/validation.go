package rolemap

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/spec"
)

var (
	identityPoolIDRE = regexp.MustCompile(`^(?:` + spec.IdentityPoolIDPattern + `)$`)
	claimRE          = regexp.MustCompile(`^(?:` + spec.ClaimPattern + `)$`)
	rolesKeyRE       = regexp.MustCompile(`^(?:` + spec.RolesKeyPattern + `)$`)
)

// validator collects every violation of SPEC §2.
type validator struct {
	errs []*FieldError
}

func (v *validator) add(path string, err error, detail string) {
	v.errs = append(v.errs, &FieldError{Path: path, Err: err, Detail: detail})
}

// length checks a required string's length in code points: "" is missing.
func (v *validator) length(path, s string, lo, hi int) bool {
	if s == "" {
		v.add(path, ErrMissing, "required")
		return false
	}
	if n := utf8.RuneCountInString(s); n < lo || n > hi {
		v.add(path, ErrInvalidValue, "length "+strconv.Itoa(n)+" is outside "+strconv.Itoa(lo)+".."+strconv.Itoa(hi)+" code points")
		return false
	}
	return true
}

// pattern checks that s is valid UTF-8 and matches re as a whole.
func (v *validator) pattern(path, s string, re *regexp.Regexp, pat string) {
	if !utf8.ValidString(s) {
		v.add(path, ErrInvalidValue, "not valid UTF-8")
		return
	}
	if !re.MatchString(s) {
		v.add(path, ErrInvalidValue, "does not match "+pat)
	}
}

func (v *validator) enum(path, s string, allowed ...string) {
	if s == "" {
		v.add(path, ErrMissing, "required")
		return
	}
	if !slices.Contains(allowed, s) {
		detail := strconv.Quote(s) + " is not one of"
		for _, a := range allowed {
			detail += " " + a
		}
		v.add(path, ErrInvalidValue, detail)
	}
}

// validatePool checks p against SPEC §2 and returns a *ValidationError with
// every violation sorted by path, or nil.
func validatePool(p *Pool, maxRules int) error {
	var v validator
	if v.length("IdentityPoolId", p.IdentityPoolID, spec.IdentityPoolIDMinLen, spec.IdentityPoolIDMaxLen) {
		v.pattern("IdentityPoolId", p.IdentityPoolID, identityPoolIDRE, spec.IdentityPoolIDPattern)
	}
	if p.Roles == nil {
		v.add("Roles", ErrMissing, "required (it may be empty)")
	} else if len(p.Roles) > spec.MaxRoles {
		v.add("Roles", ErrOverLimit, strconv.Itoa(len(p.Roles))+" entries, at most "+strconv.Itoa(spec.MaxRoles))
	}
	for k, arn := range p.Roles {
		path := "Roles[" + strconv.Quote(k) + "]"
		v.pattern(path, k, rolesKeyRE, spec.RolesKeyPattern)
		v.length(path, arn, spec.RoleARNMinLen, spec.RoleARNMaxLen)
	}
	if len(p.RoleMappings) > spec.MaxRoleMappings {
		v.add("RoleMappings", ErrOverLimit, strconv.Itoa(len(p.RoleMappings))+" entries, at most "+strconv.Itoa(spec.MaxRoleMappings))
	}
	known := newProviderSet(p)
	for key, m := range p.RoleMappings {
		path := "RoleMappings[" + strconv.Quote(key) + "]"
		if n := utf8.RuneCountInString(key); n < spec.MappingKeyMinLen || n > spec.MappingKeyMaxLen {
			v.add(path, ErrInvalidValue, "key length "+strconv.Itoa(n)+" is outside "+strconv.Itoa(spec.MappingKeyMinLen)+".."+strconv.Itoa(spec.MappingKeyMaxLen)+" code points")
		}
		if known != nil && !known.hasKey(key) {
			v.add(path, ErrInvalidValue, spec.NotConfiguredProviderMessage(key))
		}
		v.enum(path+".Type", string(m.Type), spec.TypeToken, spec.TypeRules)
		v.enum(path+".AmbiguousRoleResolution", string(m.AmbiguousRoleResolution), spec.AmbiguousAuthenticatedRole, spec.AmbiguousDeny)
		if m.RulesConfiguration == nil {
			if m.Type == Rules {
				v.add(path+".RulesConfiguration", ErrMissing, "required when Type is Rules")
			}
			continue
		}
		rules := m.RulesConfiguration.Rules
		rpath := path + ".RulesConfiguration.Rules"
		switch {
		case len(rules) < spec.MinRules:
			v.add(rpath, ErrMissing, "at least "+strconv.Itoa(spec.MinRules)+" rule required")
		case len(rules) > maxRules:
			v.add(rpath, ErrOverLimit, strconv.Itoa(len(rules))+" rules, at most "+strconv.Itoa(maxRules))
		}
		for i, r := range rules {
			ipath := rpath + "[" + strconv.Itoa(i) + "]"
			if v.length(ipath+".Claim", r.Claim, spec.ClaimMinLen, spec.ClaimMaxLen) {
				v.pattern(ipath+".Claim", r.Claim, claimRE, spec.ClaimPattern)
			}
			v.enum(ipath+".MatchType", string(r.MatchType), spec.MatchEquals, spec.MatchContains, spec.MatchStartsWith, spec.MatchNotEqual)
			v.length(ipath+".Value", r.Value, spec.ValueMinLen, spec.ValueMaxLen)
			v.length(ipath+".RoleARN", r.RoleARN, spec.RoleARNMinLen, spec.RoleARNMaxLen)
		}
	}
	if len(v.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(v.errs, func(a, b *FieldError) int { return cmp.Compare(a.Path, b.Path) })
	return &ValidationError{Errors: v.errs}
}
