package validate

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// The codes of the credentials findings (see the package documentation), reported when
// [WithTrustPolicies] or [WithUserPools] give Lint what it needs.
const (
	// CodeTrustRefusesPool: a role the pool can choose whose trust policy
	// refuses this pool whoever signs in (no statement for the
	// identity-pool principal, no aud condition, or an aud condition for
	// another pool): every request that chooses it fails with
	// InvalidIdentityPoolConfigurationException.
	CodeTrustRefusesPool = "trust-refuses-pool"
	// CodeTrustNoAud: an Allow statement for the identity-pool principal
	// that does not pin cognito-identity.amazonaws.com:aud: it would trust
	// any identity pool, and it never counts (rolemap/REFERENCE.md §10.4).
	CodeTrustNoAud = "trust-no-aud"
	// CodeTrustNoAMR: a role the pool chooses for signed-in users whose
	// trust policy, evaluated with a guest's context (amr
	// ["unauthenticated"], this pool's aud), allows it, in a pool where a
	// guest can take its own token to STS: guests are allowed and the basic
	// (classic) flow is on or may be (AllowClassicFlow true, or absent with
	// no RoleMappings).
	CodeTrustNoAMR = "trust-no-amr"
	// CodeTrustUnknownRole: a role the pool can choose that has no trust
	// policy among those given: resolution refuses it
	// (rolemapping.UnknownRole).
	CodeTrustUnknownRole = "trust-unknown-role"
	// CodeTrustUnsupported: a role the pool can choose whose trust policy
	// uses IAM grammar outside what the trust check evaluates
	// (rolemapping.UnsupportedTrustPolicy): it is not checked, and
	// resolution that chooses the role returns that error.
	CodeTrustUnsupported = "trust-unsupported"
	// CodeSetOperatorOnSingleValuedKey: a ForAnyValue: or ForAllValues:
	// operator on a single-valued key, evaluated as a one-element set.
	CodeSetOperatorOnSingleValuedKey = "set-operator-on-single-valued-key"
	// CodeTokenGroupsNoRole: a user of a Token mapping's user pool whose
	// groups give no role (no preferred role, and not exactly one role), so
	// the mapping's AmbiguousRoleResolution decides.
	CodeTokenGroupsNoRole = "token-groups-no-role"
	// CodeTagsWithoutTagSession: principal tags are enabled for a provider
	// and a role it can get does not allow sts:TagSession, so every such
	// request fails.
	CodeTagsWithoutTagSession = "tags-without-tag-session"
)

// WithTrustPolicies gives the trust policies of the pool's roles, by role
// ARN: Lint then checks every role the pool can choose against its policy
// (trust-refuses-pool, trust-no-aud, trust-no-amr, trust-unknown-role,
// set-operator-on-single-valued-key, tags-without-tag-session). Paths are
// roles["ARN"].AssumeRolePolicyDocument.… .
func WithTrustPolicies(roles map[string]*trust.Policy) LintOption {
	return func(o *lintOptions) { o.roles = roles }
}

// WithTrustPolicyErrors gives the errors of the trust policies that could
// not be read, by role ARN (what [trust.Parse] returned): a role the pool
// can choose whose policy is among them is reported as trust-unsupported,
// at the construct the error names, instead of trust-unknown-role. It turns
// the credentials findings on as [WithTrustPolicies] does.
func WithTrustPolicyErrors(errs map[string]error) LintOption {
	return func(o *lintOptions) { o.roleErrs = errs }
}

// WithUserPools gives user pools' groups and users, by user pool ID: Lint
// then reports each user of a Token mapping's user pool whose groups give
// no role (token-groups-no-role). Paths are UserPools["ID"].Users["name"].
func WithUserPools(pools map[string]usergroups.UserPool) LintOption {
	return func(o *lintOptions) { o.userPools = pools }
}

// chosenRole is a role the pool can choose, and the logins that can get it
// ("" for guests).
type chosenRole struct {
	arn    string
	logins map[string]bool
}

// chosenRoles lists the roles the pool can choose: its default roles, its
// rules' roles, and the group roles of its Token mappings' user pools.
func chosenRoles(p *rolemap.Pool, pools map[string]usergroups.UserPool) []chosenRole {
	byARN := map[string]*chosenRole{}
	add := func(arn, login string) {
		if arn == "" {
			return
		}
		r, ok := byARN[arn]
		if !ok {
			r = &chosenRole{arn: arn, logins: map[string]bool{}}
			byARN[arn] = r
		}
		r.logins[login] = true
	}
	if p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities {
		add(p.Roles[rolemap.RoleUnauthenticated], "")
	}
	logins := providerLogins(p)
	for _, l := range logins {
		add(p.Roles[rolemap.RoleAuthenticated], l)
	}
	for key, m := range p.RoleMappings {
		login := mappingLogin(key)
		switch m.Type {
		case rolemap.TypeRules:
			if m.RulesConfiguration != nil {
				for _, r := range m.RulesConfiguration.Rules {
					add(r.RoleARN, login)
				}
			}
		case rolemap.TypeToken:
			if up, ok := pools[rolemap.UserPoolID(login)]; ok && rolemap.KindOf(login) == rolemap.KindUserPool {
				for _, g := range up.Groups {
					add(g.RoleARN, login)
				}
			}
		}
	}
	out := make([]chosenRole, 0, len(byARN))
	for _, arn := range slices.Sorted(maps.Keys(byARN)) {
		out = append(out, *byARN[arn])
	}
	return out
}

// providerLogins lists the logins the pool's providers sign in with, or a
// stand-in OIDC login when the pool lists none.
func providerLogins(p *rolemap.Pool) []string {
	var out []string
	out = append(out, slices.Sorted(maps.Keys(p.SupportedLoginProviders))...)
	for _, arn := range p.OpenIDConnectProviderARNs {
		if h := rolemap.OIDCHost(arn); h != "" {
			out = append(out, h)
		}
	}
	for _, prov := range p.CognitoIdentityProviders {
		out = append(out, prov.ProviderName)
	}
	out = append(out, p.SAMLProviderARNs...)
	if len(out) == 0 {
		out = append(out, "login.example.com")
	}
	return slices.Compact(slices.Sorted(slices.Values(out)))
}

// mappingLogin is the login of a mapping key: a user pool key without its
// client ID.
func mappingLogin(key string) string {
	if rolemap.KindOf(key) == rolemap.KindUserPool {
		if i := strings.LastIndexByte(key, ':'); i > strings.IndexByte(key, '/') {
			return key[:i]
		}
	}
	return key
}

func rolePath(arn string) diag.Path {
	return diag.Root("roles").Key(arn).Member("AssumeRolePolicyDocument")
}

// policyPath is the path of a path inside the trust policy of arn.
func policyPath(arn string, path diag.Path) diag.Path {
	return rolePath(arn).Join(path)
}

// lintCredentials adds the credentials findings.
func lintCredentials(fs []Finding, p *rolemap.Pool, o *lintOptions) []Finding {
	if o.userPools != nil {
		fs = lintTokenGroups(fs, p, o.userPools)
	}
	if o.roles == nil && o.roleErrs == nil {
		return fs
	}
	region, _, _ := strings.Cut(p.IdentityPoolID, ":")
	china := strings.HasPrefix(region, "cn-")
	for _, r := range chosenRoles(p, o.userPools) {
		policy, ok := o.roles[r.arn]
		if err, bad := o.roleErrs[r.arn]; bad && (!ok || policy == nil) {
			path := rolePath(r.arn)
			var te *trust.Error
			if errors.As(err, &te) {
				path = policyPath(r.arn, te.At)
			}
			fs = append(fs, Finding{Code: CodeTrustUnsupported, Path: path,
				Message: "the trust policy of " + clip.Quote(r.arn) + " is not checked: " + err.Error(),
				Fix:     "express the condition with the String operators, ForAnyValue:/ForAllValues:, IfExists and Null, or ignore this finding and test the role in AWS"})
			continue
		}
		if !ok || policy == nil {
			fs = append(fs, Finding{Code: CodeTrustUnknownRole, Path: diag.Root("roles").Key(r.arn),
				Message: "the pool can choose " + clip.Quote(r.arn) + ", which has no trust policy among the roles given: resolution refuses it (rolemapping.UnknownRole)",
				Fix:     "add the role's AssumeRolePolicyDocument (aws iam get-role) to roles"})
			continue
		}
		for _, f := range policy.Lint() {
			fs = append(fs, Finding{Code: f.Code, Path: policyPath(r.arn, f.At), Message: f.Message, Fix: f.Fix})
		}
		guestOnly := len(r.logins) == 1 && r.logins[""]
		if why := guestCaller(p); !guestOnly && why != "" {
			// Evaluated, not read: any condition on amr used to silence
			// this, "ForAnyValue:StringLike" on ["authenticated",
			// "unauthenticated"] included.
			if d, err := policy.Evaluate(trustRequest(p, "", china)); err == nil && d.Allowed {
				fs = append(fs, Finding{Code: CodeTrustNoAMR, Path: rolePath(r.arn),
					Message: "the trust policy of the authenticated role " + clip.Quote(r.arn) + " lets a guest of the pool assume it (amr [\"unauthenticated\"] is allowed), and " + why +
						": a guest can call sts:AssumeRoleWithWebIdentity for this role with its own token (with the deployment's roles and user pools, the access analysis reports each role a guest reaches by the basic flow only as classic-flow-exposes-role)",
					Fix: `require "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"} in its Allow statement (and no "unauthenticated" there), or turn the basic flow off (AllowClassicFlow false)`})
			}
		}
		fs = lintRefusal(fs, p, r, policy, china)
		if tagged(p, r) {
			req := trustRequest(p, firstLogin(r), china)
			req.Tags = map[string]string{"tag": "value"}
			if d, err := policy.Evaluate(req); err == nil && d.Reason == trust.ReasonTagSession {
				fs = append(fs, Finding{Code: CodeTagsWithoutTagSession, Path: rolePath(r.arn),
					Message: "principal tags are enabled for a provider that can get " + clip.Quote(r.arn) + ", whose trust policy does not allow sts:TagSession: every such request fails with InvalidIdentityPoolConfigurationException",
					Fix:     `add "sts:TagSession" to the Action of the statement that allows sts:AssumeRoleWithWebIdentity`})
			}
		}
	}
	return fs
}

// guestCaller says why a guest of the pool can present its own token to
// STS for any role that trusts the pool, or returns "" when it cannot. A
// guest exists only when AllowUnauthenticatedIdentities is true, and with
// the enhanced flow Cognito gives it the unauthenticated role; only the
// basic (classic) flow hands it a token (GetOpenIdToken) it can take to
// sts:AssumeRoleWithWebIdentity with a role of its choosing. That flow is
// off when the pool has role mappings (GetOpenIdToken then fails "Basic
// (classic) flow is not supported with RoleMappings") or AllowClassicFlow
// is false; absent, AWS documents no default and a pool created without it
// has been seen to issue such tokens, so it counts as possibly on.
func guestCaller(p *rolemap.Pool) string {
	if p.AllowUnauthenticatedIdentities == nil || !*p.AllowUnauthenticatedIdentities || len(p.RoleMappings) > 0 {
		return ""
	}
	switch {
	case p.AllowClassicFlow == nil:
		return "guests are allowed (AllowUnauthenticatedIdentities is true) and the basic flow may be on (AllowClassicFlow is absent, which AWS documents no default for, and there are no RoleMappings)"
	case *p.AllowClassicFlow:
		return "guests are allowed (AllowUnauthenticatedIdentities is true) and the basic flow is on (AllowClassicFlow is true)"
	}
	return ""
}

func firstLogin(r chosenRole) string {
	for _, l := range slices.Sorted(maps.Keys(r.logins)) {
		if l != "" {
			return l
		}
	}
	return ""
}

// trustRequest is a request of login with nothing that depends on the
// user: the identity ID (of AWS's shape, in the pool's region) and sub are
// stand-ins.
func trustRequest(p *rolemap.Pool, login string, china bool) trust.Request {
	region, _, _ := strings.Cut(p.IdentityPoolID, ":")
	req := trust.Request{IdentityPoolID: p.IdentityPoolID, IdentityID: region + ":00000000-0000-0000-0000-000000000000", China: china}
	switch rolemap.KindOf(login) {
	case rolemap.KindUnauthenticated:
		req.AMR = []string{"unauthenticated"}
	case rolemap.KindUserPool:
		req.AMR = []string{"authenticated", login, login + ":CognitoSignIn:stand-in"}
	default:
		req.AMR = []string{"authenticated", login}
	}
	return req
}

// lintRefusal reports a role that the policy refuses for every login that
// can get it, for a reason no user can change: no statement, no aud, or
// false aud conditions.
func lintRefusal(fs []Finding, p *rolemap.Pool, r chosenRole, policy *trust.Policy, china bool) []Finding {
	var reason trust.Reason
	for _, login := range slices.Sorted(maps.Keys(r.logins)) {
		d, err := policy.Evaluate(trustRequest(p, login, china))
		if err != nil || d.Allowed || !userIndependent(d) {
			return fs
		}
		reason = d.Reason
	}
	return append(fs, Finding{Code: CodeTrustRefusesPool, Path: rolePath(r.arn),
		Message: "the trust policy of " + clip.Quote(r.arn) + " refuses this pool whoever signs in (" + string(reason) + "): every request that chooses it fails with InvalidIdentityPoolConfigurationException",
		Fix:     `allow sts:AssumeRoleWithWebIdentity to {"Federated": "cognito-identity.amazonaws.com"} on condition "StringEquals": {"cognito-identity.amazonaws.com:aud": "` + clip.String(p.IdentityPoolID) + `"}`})
}

// userIndependent reports whether a refusal holds for every user: no
// statement, no aud, or every Allow naming the principal false on aud.
func userIndependent(d trust.Decision) bool {
	switch d.Reason {
	case trust.ReasonNoStatement, trust.ReasonNoAud:
		return true
	case trust.ReasonCondition:
		for _, s := range d.Trace {
			if s.Outcome == "condition" && s.Effect == "Allow" && !strings.HasSuffix(strings.ToLower(s.Key), ":aud") {
				return false
			}
		}
		return true
	}
	return false
}

// tagged reports whether a login that can get the role has principal tags.
func tagged(p *rolemap.Pool, r chosenRole) bool {
	oidc := map[string]string{}
	for _, arn := range p.OpenIDConnectProviderARNs {
		oidc[rolemap.OIDCHost(arn)] = arn
	}
	for _, tm := range p.PrincipalTagAttributeMaps {
		if len(tm.PrincipalTags) == 0 && (tm.UseDefaults == nil || !*tm.UseDefaults) {
			continue
		}
		for login := range r.logins {
			if login != "" && (tm.IdentityProviderName == login || oidc[login] == tm.IdentityProviderName) {
				return true
			}
		}
	}
	return false
}

// lintTokenGroups reports the users of Token mappings' user pools whose
// groups give no role.
func lintTokenGroups(fs []Finding, p *rolemap.Pool, pools map[string]usergroups.UserPool) []Finding {
	seen := map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
		login := mappingLogin(key)
		if p.RoleMappings[key].Type != rolemap.TypeToken || rolemap.KindOf(login) != rolemap.KindUserPool || seen[login] {
			continue
		}
		seen[login] = true
		id := rolemap.UserPoolID(login)
		up, ok := pools[id]
		if !ok {
			continue
		}
		x := usergroups.NewIndex(up.Groups)
		for _, user := range slices.Sorted(maps.Keys(up.Users)) {
			c := x.Claims(up.Users[user])
			if c.PreferredRole != "" || len(c.Roles) == 1 {
				continue
			}
			why := "none of their groups has a role"
			if len(c.Roles) > 1 {
				why = "their groups give " + strconv.Itoa(len(c.Roles)) + " roles and no preferred one (the best groups tie with different roles)"
			}
			fs = append(fs, Finding{Code: CodeTokenGroupsNoRole,
				Path:    diag.Root("UserPools").Key(id).Member("Users").Key(user),
				Message: "user " + clip.Quote(user) + " gets no role from the Token mapping " + clip.QuoteKey(key) + ": " + why + ", so its AmbiguousRoleResolution decides",
				Fix:     "give the user's best group a role, or give the tied groups different Precedences",
			})
		}
	}
	return fs
}
