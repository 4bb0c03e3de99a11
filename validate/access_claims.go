package validate

import (
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// This file holds who controls a claim (see "Access analysis" in the
// package documentation): which claims a user pool's app client puts in
// the ID token, and which of them the user can set.

// level is a three-valued answer: no, possible, yes.
type level uint8

const (
	levelNo level = iota
	levelPossible
	levelYes
)

func (l level) String() string {
	switch l {
	case levelYes:
		return "yes"
	case levelPossible:
		return "possible"
	}
	return "no"
}

// standardAttributes are a user pool's standard attributes (sub aside,
// which is never writable and always present).
var standardAttributes = []string{
	"address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name",
	"name", "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at",
	"website", "zoneinfo",
}

// profileAttributes are what the scope name oidc:profile stands for in an
// app client's ReadAttributes or WriteAttributes: OpenID Connect's profile
// claims.
var profileAttributes = []string{
	"birthdate", "family_name", "gender", "given_name", "locale", "middle_name", "name",
	"nickname", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
}

// fixedClaims are the claims Cognito writes itself (never the user's).
var fixedClaims = []string{
	"sub", "iss", "aud", "token_use", "auth_time", "exp", "iat", "jti", "event_id", "origin_jti",
	"at_hash", "identities",
}

// groupClaims are the claims group membership writes: administrators'.
var groupClaims = []string{spec.ClaimGroups, spec.ClaimRoles, spec.ClaimPreferredRole}

// socialIdPTypes are the user pool identity provider types whose users
// sign in with an account they own.
var socialIdPTypes = []string{"Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}

func isStandard(c string) bool { return slices.Contains(standardAttributes, c) }

// isAttributeClaim reports whether c is a user pool attribute's claim.
func isAttributeClaim(c string) bool {
	return isStandard(c) || c == "email_verified" || c == "phone_number_verified" ||
		strings.HasPrefix(c, "custom:") || strings.HasPrefix(c, "dev:custom:")
}

// schemaName is the claim a Schema entry's Name stands for.
func schemaName(a usergroups.SchemaAttribute) string {
	n := a.Name
	switch {
	case isStandard(n) || n == "sub" || n == "email_verified" || n == "phone_number_verified" ||
		strings.HasPrefix(n, "custom:") || strings.HasPrefix(n, "dev:"):
		return n
	case a.DeveloperOnlyAttribute != nil && *a.DeveloperOnlyAttribute:
		return "dev:custom:" + n
	}
	return "custom:" + n
}

// userPoolModel is what one app client of one user pool says about its
// claims; up or client nil means the deployment does not give it.
type userPoolModel struct {
	up     *usergroups.UserPool
	client *usergroups.Client
	// schema by claim name, when up has a Schema.
	schema map[string]usergroups.SchemaAttribute
}

func newUserPoolModel(up *usergroups.UserPool, clientID string) *userPoolModel {
	m := &userPoolModel{up: up}
	if up == nil {
		return m
	}
	if c, ok := up.Clients[clientID]; ok {
		m.client = &c
	}
	if up.Schema != nil {
		m.schema = map[string]usergroups.SchemaAttribute{}
		for _, a := range up.Schema {
			m.schema[schemaName(a)] = a
		}
	}
	return m
}

func (m *userPoolModel) trigger() bool {
	return m.up != nil && m.up.LambdaConfig.HasPreTokenTrigger()
}

// selfSignUp reports whether anyone may sign up: AllowAdminCreateUserOnly
// false or absent.
func (m *userPoolModel) selfSignUp() bool {
	if m.up == nil {
		return false
	}
	c := m.up.AdminCreateUserConfig
	return c == nil || c.AllowAdminCreateUserOnly == nil || !*c.AllowAdminCreateUserOnly
}

// isCustom reports whether c is a custom attribute of the pool: one of its
// Schema, or any custom:* name when it has none.
func (m *userPoolModel) isCustom(c string) bool {
	if !strings.HasPrefix(c, "custom:") {
		return false
	}
	if m.schema == nil {
		return true
	}
	_, ok := m.schema[c]
	return ok
}

func expand(list []string) []string {
	var out []string
	for _, a := range list {
		if a == "oidc:profile" {
			out = append(out, profileAttributes...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// write is write(C): the level at which the client lets its users write c.
func (m *userPoolModel) write(c string) level {
	if m.schema != nil {
		if a, ok := m.schema[c]; ok && a.Required != nil && *a.Required {
			return levelYes
		}
	}
	if len(m.client.WriteAttributes) > 0 {
		if slices.Contains(expand(m.client.WriteAttributes), c) {
			return levelYes
		}
		return levelNo
	}
	switch {
	case isStandard(c):
		return levelYes
	case m.isCustom(c):
		return levelPossible
	}
	return levelNo
}

// readable is the readability of claim c in the ID token of the client.
func (m *userPoolModel) readable(c string) level {
	if !isAttributeClaim(c) {
		return levelYes
	}
	if strings.HasPrefix(c, "custom:") && m.schema != nil {
		if _, ok := m.schema[c]; !ok {
			return levelNo
		}
	}
	if m.up == nil || m.client == nil || m.trigger() {
		return levelPossible
	}
	if strings.HasPrefix(c, "dev:custom:") {
		return levelYes
	}
	if len(m.client.ReadAttributes) > 0 {
		if slices.Contains(expand(m.client.ReadAttributes), c) {
			return levelYes
		}
		return levelNo
	}
	switch {
	case isStandard(c) || c == "email_verified" || c == "phone_number_verified":
		return levelYes
	case m.isCustom(c):
		return levelPossible
	}
	return levelNo
}

// writable is the writability of claim c by the client's users, the first
// row of the table in the package documentation that applies.
func (m *userPoolModel) writable(c string) level {
	if m.up == nil || m.client == nil {
		// The deployment lacks the data: the static list.
		if isStandard(c) || strings.HasPrefix(c, "custom:") {
			return levelPossible
		}
		return levelNo
	}
	switch {
	case m.trigger():
		return levelPossible
	case slices.Contains(fixedClaims, c) || slices.Contains(groupClaims, c):
		return levelNo
	case c == "cognito:username":
		if m.selfSignUp() && len(m.up.UsernameAttributes) == 0 {
			return levelYes
		}
		return levelNo
	case strings.HasPrefix(c, "dev:"):
		return levelNo
	}
	a, inSchema := m.schema[c]
	if inSchema && a.DeveloperOnlyAttribute != nil && *a.DeveloperOnlyAttribute {
		return levelNo
	}
	w := m.write(c)
	if w == levelNo {
		return levelNo
	}
	var l level
	mutable := !inSchema || a.Mutable != nil && *a.Mutable
	switch {
	case (c == "email" || c == "phone_number") && m.up.UserAttributeUpdateSettings != nil &&
		slices.Contains(m.up.UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate, c):
		l = levelPossible
	case mutable || m.selfSignUp():
		l = w
	default:
		l = levelNo
	}
	return max(l, m.idpRaise(c))
}

// idpRaise is the level an identity provider of the client raises c to:
// Cognito rewrites a mapped attribute at each federated sign-in.
func (m *userPoolModel) idpRaise(c string) level {
	var l level
	for _, name := range m.client.SupportedIdentityProviders {
		idp, ok := m.up.IdentityProviders[name]
		if !ok {
			continue
		}
		from, ok := idp.AttributeMapping[c]
		if !ok {
			continue
		}
		switch {
		case slices.Contains(socialIdPTypes, idp.ProviderType):
			if from != "sub" && from != "id" && from != "user_id" {
				l = max(l, levelYes)
			}
		default:
			l = max(l, levelPossible)
		}
	}
	return l
}

// claimControl answers, for one identity kind, whether a claim is in its
// token and who sets it.
type claimControl struct {
	class rolemap.ProviderKind
	model *userPoolModel // user pool kinds
	// overWritable and overReadOnly are lint's WithWritableAttributes and
	// WithReadOnlyAttributes.
	overWritable, overReadOnly map[string]bool
}

func (cc claimControl) readable(c string) level {
	if cc.class == rolemap.KindUserPool && cc.model != nil {
		return cc.model.readable(c)
	}
	return levelYes
}

func (cc claimControl) writable(c string) level {
	if cc.overReadOnly[c] {
		return levelNo
	}
	if cc.overWritable != nil {
		if cc.overWritable[c] {
			return levelYes
		}
		return levelNo
	}
	switch cc.class {
	case rolemap.KindUserPool:
		if cc.model == nil {
			return (&userPoolModel{}).writable(c)
		}
		return cc.model.writable(c)
	case rolemap.KindSocial:
		if isStandard(c) || strings.HasPrefix(c, "custom:") {
			return levelYes
		}
	case rolemap.KindOIDC, rolemap.KindSAML:
		if isStandard(c) || strings.HasPrefix(c, "custom:") {
			return levelPossible
		}
	}
	return levelNo
}

// controller says who decides claim c's value.
func (cc claimControl) controller(c string) string {
	switch cc.writable(c) {
	case levelYes:
		return ControllerUser
	case levelPossible:
		return ControllerUserMaybe
	}
	switch {
	case slices.Contains(groupClaims, c) && cc.class == rolemap.KindUserPool:
		return ControllerAdmin
	case c == "iss" || c == "aud" || cc.class == rolemap.KindUserPool && slices.Contains(fixedClaims, c):
		return ControllerCognito
	case cc.class == rolemap.KindUserPool:
		return ControllerAdmin
	}
	return ControllerIdP
}
