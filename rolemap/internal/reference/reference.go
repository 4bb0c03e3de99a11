package reference

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/jsnum"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Result is the outcome of one request: a role, or an error code.
type Result struct {
	// Role is the role ARN chosen; empty for an error.
	Role string
	// Reason says why the role was chosen; ReasonNone for an error.
	Reason rolemap.Reason
	// Code is the AWS exception name; empty for a role.
	Code string
	// Message is the exception message where the reference fixes its text, else
	// empty (and then any message agrees with it).
	Message string
	// MappingKey is the key of the role mapping that applied, if any.
	MappingKey string
	// RuleIndex is the index of the matching rule, or -1.
	RuleIndex int
}

// Observe turns what rolemap's Resolve returned into a Result, to compare
// with [Resolve]. An error that is not a *rolemap.Error becomes a Result
// whose Code is its text.
func Observe(d rolemap.Decision, err error) Result {
	if err != nil {
		var e *rolemap.Error
		if !errors.As(err, &e) {
			return Result{Code: err.Error(), RuleIndex: -1}
		}
		return Result{Code: e.Code, Message: e.Message, MappingKey: e.MappingKey, RuleIndex: -1}
	}
	return Result{Role: d.RoleARN, Reason: d.Reason, MappingKey: d.MappingKey, RuleIndex: d.RuleIndex()}
}

// Agrees reports whether got, an observed Result, agrees with want, a
// Result of [Resolve]: every field is equal, except that an empty
// want.Message accepts any message.
func Agrees(want, got Result) bool {
	if want.Message == "" {
		got.Message = ""
	}
	return want == got
}

func fail(code, message string) Result {
	return Result{Code: code, Message: message, RuleIndex: -1}
}

func failIn(key, code, message string) Result {
	return Result{Code: code, Message: message, MappingKey: key, RuleIndex: -1}
}

func grant(role string, why rolemap.Reason, key string) Result {
	return Result{Role: role, Reason: why, MappingKey: key, RuleIndex: -1}
}

func codePoints(s string) int { return utf8.RuneCountInString(s) }

// Resolve decides req against p, following rolemap/REFERENCE.md §3 step by step. p must be
// valid (see [Validate]).
func Resolve(p rolemap.Pool, req rolemap.Request) Result {
	login, claims, custom := req.Login, req.Claims, req.CustomRoleARN

	// §3.2 step 1: request checks.
	if codePoints(login) > spec.LoginMaxLen {
		return fail(spec.CodeInvalidParameter, "")
	}
	if custom != "" && (codePoints(custom) < spec.CustomRoleARNMinLen || codePoints(custom) > spec.CustomRoleARNMaxLen) {
		return fail(spec.CodeInvalidParameter, "")
	}

	authRole, hasAuthRole := p.Roles[spec.RoleAuthenticated]
	unauthRole, hasUnauthRole := p.Roles[spec.RoleUnauthenticated]

	// Step 2: unauthenticated identities.
	if login == "" {
		allowed := p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities
		switch {
		case !allowed:
			return fail(spec.CodeNotAuthorized, spec.MsgUnauthNotSupported)
		case !hasUnauthRole:
			return fail(spec.CodeInvalidIdentityPoolConfiguration, spec.MsgInvalidPoolConfig)
		case custom != "" && custom != unauthRole:
			return fail(spec.CodeNotAuthorized, "")
		}
		return grant(unauthRole, rolemap.ReasonUnauthenticated, "")
	}

	// §3.1: a developer-authenticated login gets the default authenticated
	// role; no check and no mapping applies.
	kind := kindOf(login)
	if kind == "developer" {
		switch {
		case !hasAuthRole:
			return fail(spec.CodeInvalidIdentityPoolConfiguration, spec.MsgInvalidPoolConfig)
		case custom != "" && custom != authRole:
			return fail(spec.CodeNotAuthorized, "")
		}
		return grant(authRole, rolemap.ReasonNoMapping, "")
	}

	// Step 3: token checks.
	if kind == "user pool" || kind == "OIDC" {
		if iss, present := claims[spec.ClaimIssuer]; present && iss != nil {
			s, isString := iss.(string)
			if !isString || strings.TrimPrefix(s, "https://") != login {
				return fail(spec.CodeNotAuthorized, spec.MsgIssuerMismatch)
			}
		}
	}
	aud := ""
	if kind == "user pool" {
		var ok bool
		aud, ok = audience(claims[spec.ClaimAudience])
		if !ok {
			return fail(spec.CodeNotAuthorized, spec.MsgMissingAud)
		}
	}
	if providersKnown(p) && !configured(p, kind, login, aud) {
		return fail(spec.CodeNotAuthorized, spec.MsgUnsupportedProvider)
	}

	// Step 4: the mapping key.
	key := login
	if kind == "user pool" {
		key = login + ":" + aud
	}
	m, hasMapping := p.RoleMappings[key]
	mappingKey := ""
	if hasMapping {
		mappingKey = key
	}

	// ambiguous is step 8.
	ambiguous := func() Result {
		if m.AmbiguousRoleResolution == rolemap.AmbiguousDeny {
			return failIn(key, spec.CodeNotAuthorized, spec.AmbiguousDenyMessage(key))
		}
		if !hasAuthRole {
			return failIn(key, spec.CodeInvalidIdentityPoolConfiguration, spec.MsgInvalidPoolConfig)
		}
		return grant(authRole, rolemap.ReasonAmbiguous, key)
	}

	// Step 5: SAML without a Rules mapping.
	if kind == "SAML" && (!hasMapping || m.Type != rolemap.TypeRules) {
		roles := samlRoles(claims[spec.SAMLRoleAttribute])
		switch {
		case custom != "" && slices.Contains(roles, custom):
			return grant(custom, rolemap.ReasonCustomRole, mappingKey)
		case custom != "":
			return failIn(mappingKey, spec.CodeNotAuthorized, "")
		case len(roles) == 1:
			return grant(roles[0], rolemap.ReasonSAML, mappingKey)
		case hasMapping:
			return ambiguous()
		}
		return fail(spec.CodeNotAuthorized, "")
	}

	// Step 6: no mapping for the key.
	if !hasMapping {
		switch {
		case !hasAuthRole:
			return fail(spec.CodeInvalidIdentityPoolConfiguration, spec.MsgInvalidPoolConfig)
		case custom != "" && custom != authRole:
			return fail(spec.CodeNotAuthorized, "")
		}
		return grant(authRole, rolemap.ReasonNoMapping, "")
	}

	// Step 7 and §3.3: Rules mappings.
	if m.Type == rolemap.TypeRules {
		if custom != "" {
			return failIn(key, spec.CodeInvalidParameter, "")
		}
		for i, rule := range m.RulesConfiguration.Rules {
			if (key == "graph.facebook.com" || key == "www.amazon.com") &&
				rule.Claim != "iss" && rule.Claim != "aud" && rule.Claim != "sub" {
				continue // §3.1: these providers offer only iss, aud and sub to rules
			}
			matched, ok := ruleMatches(rule, claims)
			if !ok {
				return failIn(key, spec.CodeNotAuthorized, "")
			}
			if matched {
				return Result{Role: rule.RoleARN, Reason: rolemap.ReasonRuleMatch, MappingKey: key, RuleIndex: i}
			}
		}
		return ambiguous()
	}

	// §3.4: Token mappings.
	roles := tokenRoles(claims[spec.ClaimRoles])
	if custom != "" {
		if slices.Contains(roles, custom) {
			return grant(custom, rolemap.ReasonCustomRole, key)
		}
		return failIn(key, spec.CodeNotAuthorized, "")
	}
	if preferred, isString := claims[spec.ClaimPreferredRole].(string); isString && preferred != "" {
		return grant(preferred, rolemap.ReasonPreferredRole, key)
	}
	if len(roles) == 1 {
		return grant(roles[0], rolemap.ReasonSingleRole, key)
	}
	return ambiguous()
}

// kindOf classifies a login (rolemap/REFERENCE.md §3.1).
func kindOf(login string) string {
	switch {
	case login == "cognito-identity.amazonaws.com":
		return "developer"
	case strings.HasPrefix(login, "cognito-idp.") && strings.Contains(login, "/"):
		return "user pool"
	case strings.HasPrefix(login, "arn:") && strings.Contains(login, ":saml-provider/"):
		return "SAML"
	case slices.Contains(spec.SocialProviders, login):
		return "social"
	}
	return "OIDC"
}

// audience reads aud: a non-empty string, or an array of exactly one.
func audience(v any) (string, bool) {
	if list, isList := asList(v); isList {
		if len(list) != 1 {
			return "", false
		}
		v = list[0]
	}
	s, isString := v.(string)
	return s, isString && s != ""
}

// asList returns the elements of a JSON array (or of a []string, the shape
// of hand-built SAML attributes).
func asList(v any) ([]any, bool) {
	switch list := v.(type) {
	case []any:
		return list, true
	case []string:
		out := make([]any, len(list))
		for i, s := range list {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// providersKnown: at least one provider list is present (rolemap/REFERENCE.md §1).
func providersKnown(p rolemap.Pool) bool {
	return p.CognitoIdentityProviders != nil || p.SupportedLoginProviders != nil ||
		p.OpenIDConnectProviderARNs != nil || p.SAMLProviderARNs != nil
}

// oidcHost is the provider part of arn:aws:iam::ACCT:oidc-provider/HOST.
func oidcHost(arn string) (string, bool) {
	if !strings.HasPrefix(arn, "arn:") {
		return "", false
	}
	_, host, found := strings.Cut(arn, ":oidc-provider/")
	return host, found && host != ""
}

// configured is the provider check of rolemap/REFERENCE.md §3.2 step 3.
func configured(p rolemap.Pool, kind, login, aud string) bool {
	switch kind {
	case "user pool":
		for _, c := range p.CognitoIdentityProviders {
			if c.ProviderName == login && c.ClientID == aud {
				return true
			}
		}
	case "social":
		_, ok := p.SupportedLoginProviders[login]
		return ok
	case "OIDC":
		for _, arn := range p.OpenIDConnectProviderARNs {
			if host, ok := oidcHost(arn); ok && host == login {
				return true
			}
		}
	case "SAML":
		return slices.Contains(p.SAMLProviderARNs, login)
	}
	return false
}

// distinct appends role to roles unless it is empty or already there.
func distinct(roles []string, role string) []string {
	if role == "" || slices.Contains(roles, role) {
		return roles
	}
	return append(roles, role)
}

// tokenRoles reads cognito:roles (rolemap/REFERENCE.md §3.4): an array of strings (other
// elements skipped) or a comma-separated string.
func tokenRoles(v any) []string {
	var roles []string
	if list, isList := asList(v); isList {
		for _, e := range list {
			if s, isString := e.(string); isString {
				roles = distinct(roles, s)
			}
		}
		return roles
	}
	if s, isString := v.(string); isString {
		for _, part := range strings.Split(s, ",") {
			roles = distinct(roles, javaTrim(part))
		}
	}
	return roles
}

// samlRoles reads the SAML Role attribute (rolemap/REFERENCE.md §3.2 step 5): a string or a
// list of strings, each a "role,provider" pair in either order.
func samlRoles(v any) []string {
	var values []any
	if list, isList := asList(v); isList {
		values = list
	} else {
		values = []any{v}
	}
	var roles []string
	for _, e := range values {
		s, isString := e.(string)
		if !isString {
			continue
		}
		halves := strings.Split(s, ",")
		if len(halves) != 2 {
			continue
		}
		a, b := javaTrim(halves[0]), javaTrim(halves[1])
		aRole, bRole := strings.Contains(a, ":role/"), strings.Contains(b, ":role/")
		switch {
		case aRole && !bRole && b != "":
			roles = distinct(roles, a)
		case bRole && !aRole && a != "":
			roles = distinct(roles, b)
		}
	}
	return roles
}

// ruleMatches applies one rule to the claims (rolemap/REFERENCE.md §3.3 and §4). ok is
// false when the claim holds a value that cannot be compared.
func ruleMatches(rule rolemap.Rule, claims map[string]any) (matched, ok bool) {
	v, present := claims[rule.Claim]
	if !present || v == nil {
		return false, true // absent: never matches, not even NotEqual
	}
	if _, isObject := v.(map[string]any); isObject {
		return false, true
	}
	var texts []string
	if list, isList := asList(v); isList {
		for _, e := range list {
			text, kind := stringify(e)
			switch kind {
			case "bad":
				return false, false
			case "scalar":
				texts = append(texts, text)
			}
		}
		if len(texts) == 0 {
			return false, true // an empty list counts as absent
		}
	} else {
		text, kind := stringify(v)
		if kind == "bad" {
			return false, false
		}
		texts = []string{text}
	}
	switch rule.MatchType {
	case rolemap.Equals:
		return slices.Contains(texts, rule.Value), true
	case rolemap.NotEqual:
		return !slices.Contains(texts, rule.Value), true
	case rolemap.StartsWith:
		return slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, rule.Value) }), true
	case rolemap.Contains:
		return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, rule.Value) }), true
	}
	return false, true
}

// stringify writes a claim value as rolemap/REFERENCE.md §4 compares it. kind is "scalar"
// for a string, boolean or number; "skip" for null, an object or an array
// (skipped inside an array); "bad" for what cannot be compared.
func stringify(v any) (text, kind string) {
	switch x := v.(type) {
	case string:
		return x, "scalar"
	case bool:
		return strconv.FormatBool(x), "scalar"
	case float64:
		return number(x)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || !json.Valid([]byte(x)) {
			return "", "bad"
		}
		return number(f)
	case nil, map[string]any, []any, []string:
		return "", "skip"
	}
	// Go numbers of other types, as a hand-built claims map may hold.
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return number(float64(rv.Int()))
	case rv.CanUint():
		return number(float64(rv.Uint()))
	case rv.CanFloat():
		return number(rv.Float())
	}
	return "", "bad"
}

func number(f float64) (string, string) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", "bad"
	}
	return string(jsnum.Append(nil, f)), "scalar"
}

// javaTrim is Java's String.trim: it removes leading and trailing
// characters up to U+0020 (rolemap/REFERENCE.md §3.4).
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}
