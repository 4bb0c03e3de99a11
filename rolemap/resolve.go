package rolemap

import (
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/spec"
)

// Errors whose text never varies are built once; errors are read-only.
var (
	errLoginTooLong = &Error{Code: spec.CodeInvalidParameter,
		Message: "1 validation error detected: Value at 'logins' failed to satisfy constraint: Map keys must have length less than or equal to 128",
		Detail:  "the login is longer than 128 code points"}
	errCustomRoleLength = &Error{Code: spec.CodeInvalidParameter,
		Message: "1 validation error detected: Value at 'customRoleArn' failed to satisfy constraint: Member must have length between 20 and 2048",
		Detail:  "the CustomRoleArn is not 20..2048 code points long"}
	errUnauthNotSupported = &Error{Code: spec.CodeNotAuthorized, Message: spec.MsgUnauthNotSupported,
		Detail: "the login is empty (a guest) and AllowUnauthenticatedIdentities is not true"}
	errNoUnauthRole = &Error{Code: spec.CodeInvalidIdentityPoolConfiguration, Message: spec.MsgInvalidPoolConfig,
		Detail: "a guest needs Roles.unauthenticated, which the pool does not set"}
	errNoAuthRole = &Error{Code: spec.CodeInvalidIdentityPoolConfiguration, Message: spec.MsgInvalidPoolConfig,
		Detail: "the default authenticated role applies, and Roles.authenticated is not set"}
	errIssuerMismatch = &Error{Code: spec.CodeNotAuthorized, Message: spec.MsgIssuerMismatch,
		Detail: "the token's iss, without https://, differs from the login"}
	errMissingAud = &Error{Code: spec.CodeNotAuthorized, Message: spec.MsgMissingAud,
		Detail: "a user pool token needs aud: a non-empty string, or an array of exactly one"}
	errUnsupportedProvider = &Error{Code: spec.CodeNotAuthorized, Message: spec.MsgUnsupportedProvider,
		Detail: "the pool lists its providers, and this login (and app client) is not one of them"}
	errCustomWithRules = &Error{Code: spec.CodeInvalidParameter,
		Message: "CustomRoleArn cannot be used with a rules-based role mapping.",
		Detail:  "a CustomRoleArn was given and the mapping is of Type Rules"}
	errCustomNotEntitled = &Error{Code: spec.CodeNotAuthorized,
		Message: "The CustomRoleArn is not one of the roles the identity is entitled to.",
		Detail:  "a CustomRoleArn is honoured only if it is one of the roles the identity is entitled to"}
	errSAMLNoRole = &Error{Code: spec.CodeNotAuthorized,
		Message: "The SAML assertion does not name exactly one role, and no role mapping resolves it.",
		Detail:  "the SAML Role attribute offers no role or several, and no mapping exists for the provider"}
)

// Resolve chooses the role GetCredentialsForIdentity would give req, or
// returns the [*Error] it would return (rolemap/REFERENCE.md §3). With Request.Trace unset it
// does not allocate for Rules and Token mappings. Errors returned by Resolve
// may be shared: do not modify them.
func (r *Resolver) Resolve(req Request) (d Decision, err error) {
	login := req.Login
	if len(login) > spec.LoginMaxLen && utf8.RuneCountInString(login) > spec.LoginMaxLen {
		return d, errLoginTooLong
	}
	if req.CustomRoleARN != "" {
		if n := utf8.RuneCountInString(req.CustomRoleARN); n < spec.CustomRoleARNMinLen || n > spec.CustomRoleARNMaxLen {
			return d, errCustomRoleLength
		}
	}
	if login == "" {
		err = r.unauthenticated(&d, req.CustomRoleARN)
		return d, err
	}

	entry := r.logins[login]
	var kind ProviderKind
	if entry != nil {
		kind = entry.kind
	} else {
		kind = KindOf(login)
	}
	if kind == KindDeveloper {
		// No token or provider check, and no mapping applies (rolemap/REFERENCE.md §3.1).
		err = r.defaultRole(&d, req.CustomRoleARN)
		return d, err
	}
	claims := req.Claims
	if kind == KindUserPool || kind == KindOIDC {
		if iss, ok := claims[spec.ClaimIssuer]; ok && iss != nil {
			s, ok := iss.(string)
			if !ok || spec.IssuerLogin(s) != login {
				return d, errIssuerMismatch
			}
		}
	}
	var aud string
	if kind == KindUserPool {
		var ok bool
		if aud, ok = spec.Audience(claims[spec.ClaimAudience]); !ok {
			return d, errMissingAud
		}
	}
	if r.providersKnown && !entry.configuredFor(aud) {
		return d, errUnsupportedProvider
	}

	m := entry.find(aud)
	if m != nil {
		d.MappingKey = m.key
	}

	switch {
	case kind == KindSAML && (m == nil || m.typ != TypeRules):
		err = r.saml(&d, m, claims, req.CustomRoleARN)
		return d, err
	case m == nil:
		err = r.defaultRole(&d, req.CustomRoleARN)
		return d, err
	case m.typ == TypeRules:
		if req.CustomRoleARN != "" {
			return d, withKey(errCustomWithRules, m.key)
		}
		err = r.rules(&d, m, claims, req.Trace)
		return d, err
	default:
		err = r.token(&d, m, claims, req.CustomRoleARN)
		return d, err
	}
}

// withKey returns a copy of a shared error with its mapping key set.
func withKey(e *Error, key string) *Error {
	c := *e
	c.MappingKey = key
	return &c
}

func (r *Resolver) unauthenticated(d *Decision, custom string) error {
	switch {
	case !r.allowUnauth:
		return errUnauthNotSupported
	case r.unauthRole == "":
		return errNoUnauthRole
	case custom != "" && custom != r.unauthRole:
		return errCustomNotEntitled
	}
	d.RoleARN, d.Reason = r.unauthRole, ReasonUnauthenticated
	return nil
}

func (r *Resolver) defaultRole(d *Decision, custom string) error {
	switch {
	case r.authRole == "":
		return errNoAuthRole
	case custom != "" && custom != r.authRole:
		return errCustomNotEntitled
	}
	d.RoleARN, d.Reason = r.authRole, ReasonNoMapping
	return nil
}

// ambiguous applies the mapping's AmbiguousRoleResolution (rolemap/REFERENCE.md §3.2 step 8).
func (r *Resolver) ambiguous(d *Decision, m *mapping, trace []RuleTrace) error {
	if m.denyErr != nil {
		if trace != nil {
			e := *m.denyErr
			e.Trace = trace
			return &e
		}
		return m.denyErr
	}
	if r.authRole == "" {
		e := withKey(errNoAuthRole, m.key)
		e.Detail = "the mapping found no role, its AmbiguousRoleResolution is AuthenticatedRole, and Roles.authenticated is not set"
		e.Trace = trace
		return e
	}
	d.RoleARN, d.Reason = r.authRole, ReasonAmbiguous
	d.Trace = trace
	return nil
}

// rules decides a Rules mapping (rolemap/REFERENCE.md §3.3) with its compiled programs: the
// first matching rule wins. A trace, when asked for, observes the decision.
func (r *Resolver) rules(d *Decision, m *mapping, claims map[string]any, trace bool) error {
	best, err := m.decide(claims)
	var tr []RuleTrace
	if trace {
		tr = m.trace(claims, best, err != nil)
	}
	switch {
	case err != nil:
		err.Trace = tr
		return err
	case best == noRule:
		return r.ambiguous(d, m, tr)
	}
	d.Match = &m.matches[best]
	d.RoleARN, d.Reason, d.Trace = d.Match.Rule.RoleARN, ReasonRuleMatch, tr
	return nil
}

// roleSet counts the distinct non-empty roles a token or assertion offers,
// without allocating.
type roleSet struct {
	first     string
	many      bool
	custom    string
	hasCustom bool
}

func (s *roleSet) add(role string) {
	if role == "" {
		return
	}
	if s.first == "" {
		s.first = role
	} else if role != s.first {
		s.many = true
	}
	if s.custom != "" && role == s.custom {
		s.hasCustom = true
	}
}

// addList adds the roles of a comma-separated list, trimming each item as
// Java's String.trim does (spec.Trim).
func (s *roleSet) addList(list string) {
	for list != "" {
		item := list
		if i := strings.IndexByte(list, ','); i >= 0 {
			item, list = list[:i], list[i+1:]
		} else {
			list = ""
		}
		s.add(spec.Trim(item))
	}
}

// token resolves a Token mapping (rolemap/REFERENCE.md §3.4).
func (r *Resolver) token(d *Decision, m *mapping, claims map[string]any, custom string) error {
	s := roleSet{custom: custom}
	switch v := claims[spec.ClaimRoles].(type) {
	case []any:
		for _, e := range v {
			if str, ok := e.(string); ok {
				s.add(str)
			}
		}
	case []string:
		for _, str := range v {
			s.add(str)
		}
	case string:
		s.addList(v)
	}
	if custom != "" {
		if !s.hasCustom {
			return withKey(errCustomNotEntitled, m.key)
		}
		d.RoleARN, d.Reason = custom, ReasonCustomRole
		return nil
	}
	if pref, ok := claims[spec.ClaimPreferredRole].(string); ok && pref != "" {
		d.RoleARN, d.Reason = pref, ReasonPreferredRole
		return nil
	}
	if s.first != "" && !s.many {
		d.RoleARN, d.Reason = s.first, ReasonSingleRole
		return nil
	}
	return r.ambiguous(d, m, nil)
}

// samlRole returns the role half of a "ROLE,PROVIDER" pair (either order):
// the half containing ":role/". A value that is not a pair of exactly one
// role and one other ARN yields "".
func samlRole(pair string) string {
	i := strings.IndexByte(pair, ',')
	if i < 0 || strings.IndexByte(pair[i+1:], ',') >= 0 {
		return ""
	}
	a, b := spec.Trim(pair[:i]), spec.Trim(pair[i+1:])
	ra, rb := strings.Contains(a, ":role/"), strings.Contains(b, ":role/")
	switch {
	case ra && !rb && b != "":
		return a
	case rb && !ra && a != "":
		return b
	}
	return ""
}

// saml resolves a SAML login without a Rules mapping (rolemap/REFERENCE.md §3.2 step 5).
func (r *Resolver) saml(d *Decision, m *mapping, claims map[string]any, custom string) error {
	s := roleSet{custom: custom}
	switch v := claims[spec.SAMLRoleAttribute].(type) {
	case string:
		s.add(samlRole(v))
	case []any:
		for _, e := range v {
			if str, ok := e.(string); ok {
				s.add(samlRole(str))
			}
		}
	case []string:
		for _, str := range v {
			s.add(samlRole(str))
		}
	}
	switch {
	case custom != "":
		if !s.hasCustom {
			if m != nil {
				return withKey(errCustomNotEntitled, m.key)
			}
			return errCustomNotEntitled
		}
		d.RoleARN, d.Reason = custom, ReasonCustomRole
		return nil
	case s.first != "" && !s.many:
		d.RoleARN, d.Reason = s.first, ReasonSAML
		return nil
	case m != nil:
		return r.ambiguous(d, m, nil)
	}
	return errSAMLNoRole
}
