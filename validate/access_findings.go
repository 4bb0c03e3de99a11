package validate

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// accessFinding builds every finding of the access analysis: the one place
// that gives a finding its severity and its witness.
func accessFinding(code string, sev Severity, path diag.Path, msg, fix string, w *PathWitness) AccessFinding {
	if w != nil {
		c := *w
		w = &c
	}
	return AccessFinding{Finding: Finding{Severity: sev, Code: code, Path: path, Message: msg, Fix: fix}, Witness: w}
}

// possibly prefixes "possibly " when a finding rests on a possible path.
func possibly(p bool) string {
	if p {
		return "possibly "
	}
	return ""
}

// pathOf returns the path (role, flow, identity), or nil.
func (e *accessEngine) pathOf(role string, flow Flow, identity string) *Path {
	pa, ok := e.paths[pathKey{role: role, flow: flow, identity: identity}]
	if !ok {
		return nil
	}
	p := pa.path()
	return &p
}

// sortedPaths lists the paths' keys by role, flow (enhanced first), then
// identity.
func (e *accessEngine) sortedPaths() []pathKey {
	keys := slices.Collect(maps.Keys(e.paths))
	slices.SortFunc(keys, func(a, b pathKey) int {
		return cmp.Or(cmp.Compare(a.role, b.role), cmp.Compare(flowOrder(a.flow), flowOrder(b.flow)), cmp.Compare(a.identity, b.identity))
	})
	return keys
}

// rolesOf lists, sorted, the roles kind name reaches by flow.
func (e *accessEngine) rolesOf(name string, flow Flow) []string {
	var out []string
	for k := range e.paths {
		if k.identity == name && k.flow == flow {
			out = append(out, k.role)
		}
	}
	slices.Sort(out)
	return out
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = clip.Quote(s)
	}
	return listed(q, ", ")
}

func (e *accessEngine) accessFindings() {
	var fs []AccessFinding
	fs = e.classicFindings(fs)
	fs = e.guestFinding(fs)
	fs = e.writableClaimFindings(fs)
	fs = e.tagFindings(fs)
	fs = e.signUpFindings(fs)
	fs = e.customRoleFindings(fs)
	slices.SortStableFunc(fs, func(a, b AccessFinding) int {
		return cmp.Or(a.Path.Compare(b.Path), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Message, b.Message))
	})
	e.findings = fs
}

func (e *accessEngine) classicFindings(fs []AccessFinding) []AccessFinding {
	p := &e.p
	switch {
	case p.AllowClassicFlow != nil && *p.AllowClassicFlow && len(p.RoleMappings) > 0:
		fs = append(fs, accessFinding(CodeClassicFlowEnabled, SeverityWarning, diag.Root("AllowClassicFlow"),
			"the basic (classic) flow is enabled but dormant: GetOpenIdToken fails while the pool has RoleMappings, and removing the last mapping turns it on",
			"set AllowClassicFlow to false", nil))
	case p.AllowClassicFlow != nil && *p.AllowClassicFlow:
		fs = append(fs, accessFinding(CodeClassicFlowEnabled, SeverityWarning, diag.Root("AllowClassicFlow"),
			"the basic (classic) flow is enabled: any identity of the pool can take its token to sts:AssumeRoleWithWebIdentity for any role whose trust policy admits the pool",
			"set AllowClassicFlow to false", nil))
	case p.AllowClassicFlow == nil && len(p.RoleMappings) == 0:
		fs = append(fs, accessFinding(CodeClassicFlowEnabled, SeverityWarning, diag.Root("AllowClassicFlow"),
			"the basic (classic) flow is possibly enabled: AllowClassicFlow is absent, AWS documents no default, and pools created without it have been seen to issue basic-flow tokens",
			"set AllowClassicFlow to false explicitly", nil))
	}
	for _, r := range e.universe {
		var kinds []string
		var first *Path
		allPossible := true
		guest := false
		for _, k := range e.kinds {
			if k.class == rolemap.KindDeveloper {
				continue
			}
			b := e.pathOf(r, FlowBasic, k.name)
			if b == nil || e.pathOf(r, FlowEnhanced, k.name) != nil {
				continue
			}
			kinds = append(kinds, k.name)
			if first == nil {
				first = b
			}
			allPossible = allPossible && b.Certainty == Possible
			guest = guest || k.name == "guest"
		}
		if kinds == nil {
			continue
		}
		sev := SeverityError
		if allPossible {
			sev = SeverityWarning
		}
		msg := possibly(allPossible) + "the basic flow gives " + listed(kinds, ", ") + " the role " + clip.Quote(r) + ", which the enhanced flow never gives them"
		if guest {
			msg += "; guests' basic-flow credentials are not scoped down by AWS's guest session policy"
		}
		path := diag.Root("roles").Key(r)
		if e.d.Roles[r] != nil || e.d.RoleErrors[r] != nil {
			path = rolePath(r) // the deployment has a policy for r, supported or not
		}
		fs = append(fs, accessFinding(CodeClassicFlowExposesRole, sev, path, msg,
			`require the amr the role is meant for in its trust policy ("ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}), or turn the basic flow off (AllowClassicFlow false)`, &first.Witness))
	}
	return fs
}

func (e *accessEngine) guestFinding(fs []AccessFinding) []AccessFinding {
	p := &e.p
	if p.AllowUnauthenticatedIdentities == nil || !*p.AllowUnauthenticatedIdentities {
		return fs
	}
	enh, basic := e.rolesOf("guest", FlowEnhanced), e.rolesOf("guest", FlowBasic)
	var parts []string
	var w *PathWitness
	if len(enh) > 0 {
		parts = append(parts, quoteList(enh)+" by the enhanced flow (scoped down by AWS's guest session policy)")
		if pa := e.pathOf(enh[0], FlowEnhanced, "guest"); pa != nil {
			w = &pa.Witness
		}
	}
	if len(basic) > 0 {
		parts = append(parts, quoteList(basic)+" by the basic flow (not scoped down)")
		if w == nil {
			if pa := e.pathOf(basic[0], FlowBasic, "guest"); pa != nil {
				w = &pa.Witness
			}
		}
	}
	msg := "the pool gives credentials to unauthenticated guests: anyone on the internet obtains "
	switch unauth := p.Roles[rolemap.RoleUnauthenticated]; {
	case parts == nil && unauth != "":
		msg = "the pool accepts unauthenticated guests, though the trust policy of the unauthenticated role " + clip.Quote(unauth) + " refuses them"
	case parts == nil:
		msg = "the pool accepts unauthenticated guests, though no role is given to them"
	default:
		msg += strings.Join(parts, ", and ")
	}
	return append(fs, accessFinding(CodeGuestAccess, SeverityWarning, diag.Root("AllowUnauthenticatedIdentities"), msg,
		"set AllowUnauthenticatedIdentities to false unless guests need AWS credentials, and keep the unauthenticated role's permissions minimal", w))
}

// writableClaimFindings reports each rule that can be the first match on a
// claim the user writes, and each rule on a claim the token never carries.
func (e *accessEngine) writableClaimFindings(fs []AccessFinding) []AccessFinding {
	for _, k := range e.kinds {
		m, ok := e.p.RoleMappings[k.name]
		if !ok || m.Type != rolemap.TypeRules || m.RulesConfiguration == nil {
			continue
		}
		for i, r := range m.RulesConfiguration.Rules {
			rd := k.cc.readable(r.Claim)
			if rd == levelNo {
				fs = append(fs, accessFinding(CodeClaimNotReadable, SeverityWarning, rulePath(k.name, i).Member("Claim"),
					"the app client "+clip.QuoteKey(k.aud)+" does not put "+clip.QuoteKey(r.Claim)+" in its ID tokens (it is not among its ReadAttributes, or not in the user pool's schema), so "+describe(i, r)+" never matches",
					"add the attribute to the app client's ReadAttributes, or map on a claim the token carries", nil))
				continue
			}
			if _, ok := e.an.Witness(k.name, i); !ok {
				continue
			}
			wr := k.cc.writable(r.Claim)
			if wr == levelNo {
				continue
			}
			v := e.ruleVias[k.name][i]
			escalating := v != nil && v.role != e.bare[k.name]
			maybe := wr == levelPossible || rd == levelPossible || v != nil && !v.certain
			f := writableFinding(k.name, i, r.Claim)
			sev := SeverityWarning
			msg := f.Message
			if maybe {
				msg = "possibly writable by the user: " + msg
			}
			var w *PathWitness
			if v != nil {
				w = &v.witness
			}
			if escalating {
				sev = SeverityError
				bare := "is refused"
				if b, ok := e.bare[k.name]; ok {
					bare = "gets " + clip.Quote(b)
				}
				msg += "; whoever sets it gets " + clip.Quote(v.role) + ", while a user who sets nothing " + bare
			}
			fs = append(fs, accessFinding(CodeUserWritableClaim, sev, rulePath(k.name, i).Member("Claim"), msg, f.Fix, w))
		}
	}
	return fs
}

// tagFindings reports principal tags taken from claims users write, or
// that no app client reads.
func (e *accessEngine) tagFindings(fs []AccessFinding) []AccessFinding {
	for ti, tm := range e.p.PrincipalTagAttributeMaps {
		kinds := e.kindsOfProvider(tm.IdentityProviderName)
		if kinds == nil {
			continue
		}
		for _, tag := range slices.Sorted(maps.Keys(tm.PrincipalTags)) {
			c := tm.PrincipalTags[tag]
			path := diag.Root("PrincipalTagAttributeMaps").Index(ti).Member("PrincipalTags").Key(tag)
			var writers []string
			maybe := true
			readable := false
			for _, k := range kinds {
				if k.cc.readable(c) != levelNo {
					readable = true
				}
				switch k.cc.writable(c) {
				case levelYes:
					maybe = false
					writers = append(writers, k.name)
				case levelPossible:
					writers = append(writers, k.name)
				}
			}
			if !readable && kinds[0].class == rolemap.KindUserPool {
				fs = append(fs, accessFinding(CodeClaimNotReadable, SeverityWarning, path,
					"no app client of the pool puts "+clip.QuoteKey(c)+" in its ID tokens, so the tag "+clip.QuoteKey(tag)+" is never set",
					"add the attribute to the app clients' ReadAttributes, or take the tag from a claim the token carries", nil))
				continue
			}
			if writers == nil {
				continue
			}
			sev := SeverityWarning
			var tested []string
			var w *PathWitness
			for _, k := range kinds {
				for _, r := range e.rolesOf(k.name, FlowEnhanced) {
					if len(e.tagReads(r, tag)) > 0 && !slices.Contains(tested, r) {
						tested = append(tested, r)
						if w == nil {
							w = &e.pathOf(r, FlowEnhanced, k.name).Witness
						}
					}
				}
			}
			msg := "the tag " + clip.QuoteKey(tag) + " takes its value from " + clip.QuoteKey(c) + ", which " + possibly(maybe) + "the user writes (" + listed(writers, ", ") + ")"
			if tested != nil {
				sev = SeverityError
				slices.Sort(tested)
				msg += ", and the trust policy of " + quoteList(tested) + " tests aws:RequestTag/" + tag
			}
			fs = append(fs, accessFinding(CodeUserWritablePrincipalTag, sev, path, msg,
				"take the tag from a claim users cannot write (an attribute outside the app clients' WriteAttributes, or immutable), or do not test it in trust and permission policies", w))
		}
	}
	return fs
}

// kindsOfProvider returns the kinds a tag map's IdentityProviderName
// stands for.
func (e *accessEngine) kindsOfProvider(name string) []*kind {
	var out []*kind
	for _, k := range e.kinds {
		switch {
		case k.class == rolemap.KindUserPool && k.login == name,
			k.class == rolemap.KindOIDC && k.name != "*" && slices.ContainsFunc(e.p.OpenIDConnectProviderARNs, func(a string) bool { return a == name && rolemap.OIDCHost(a) == k.login }),
			(k.class == rolemap.KindSocial || k.class == rolemap.KindSAML) && k.login == name:
			out = append(out, k)
		}
	}
	return out
}

// signUpFindings reports user pools anyone can join whose new users reach
// a role.
func (e *accessEngine) signUpFindings(fs []AccessFinding) []AccessFinding {
	pools := map[string][]*kind{}
	for _, k := range e.kinds {
		if k.class == rolemap.KindUserPool && k.up != nil {
			pools[k.pool] = append(pools[k.pool], k)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(pools)) {
		kinds := pools[id]
		up := kinds[0].up
		self := kinds[0].cc.model.selfSignUp()
		social := false
		for _, k := range kinds {
			if c, ok := up.Clients[k.aud]; ok {
				for _, idp := range c.SupportedIdentityProviders {
					social = social || slices.Contains(socialIdPTypes, idp)
				}
			}
		}
		if !self && !social {
			continue
		}
		var roles []string
		var w *PathWitness
		for _, key := range e.sortedPaths() {
			pa := e.paths[key]
			if !slices.ContainsFunc(kinds, func(k *kind) bool { return k.name == key.identity }) || slices.Contains(roles, key.role) || !newUserPath(pa) {
				continue
			}
			roles = append(roles, key.role)
			if w == nil {
				p := pa.path()
				w = &p.Witness
			}
		}
		if roles == nil {
			continue
		}
		slices.Sort(roles)
		how := "anyone can sign up (AllowAdminCreateUserOnly is not true)"
		if !self {
			how = "possibly anyone can become a user: an app client signs users in with a social identity provider, which creates users whatever AllowAdminCreateUserOnly says"
		}
		fs = append(fs, accessFinding(CodeSelfSignupGrantsRole, SeverityWarning,
			diag.Root("UserPools").Key(id).Member("AdminCreateUserConfig").Member("AllowAdminCreateUserOnly"),
			how+", and a new user in no group reaches "+quoteList(roles),
			"set AllowAdminCreateUserOnly to true, or make sure the roles a new user reaches grant nothing sensitive", w))
	}
	return fs
}

// newUserPath reports whether a new user (in no group, holding any value
// in the claims it writes) obtains the path: some way whose conditions are
// all the user's or Cognito's.
func newUserPath(pa *pathAcc) bool {
	for _, v := range pa.vias {
		ok := true
		for _, c := range v.conds {
			if c.Controller != ControllerUser && c.Controller != ControllerUserMaybe && c.Controller != ControllerCognito {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// customRoleFindings reports listed users entitled to several roles under
// a Token mapping, and SAML providers without a Rules mapping.
func (e *accessEngine) customRoleFindings(fs []AccessFinding) []AccessFinding {
	done := map[string]bool{}
	for _, c := range e.choices {
		id := c.pool + "\x00" + c.user
		if done[id] {
			continue
		}
		done[id] = true
		msg := "user " + clip.Quote(c.user) + "'s groups give " + strconv.Itoa(len(c.roles)) + " roles (" + quoteList(c.roles) + "); naming one in CustomRoleArn, the user " + possibly(c.possible) + "obtains any of them, not only the preferred one"
		if c.possible {
			msg += " (the user pool's pre token generation trigger may rewrite the groups)"
		}
		fs = append(fs, accessFinding(CodeCustomRoleChoice, SeverityWarning,
			diag.Root("UserPools").Key(c.pool).Member("Users").Key(c.user), msg,
			"give the user one group with a role, or make sure every role of their groups is meant for them", c.witness))
	}
	for i, arn := range e.p.SAMLProviderARNs {
		if m, ok := e.p.RoleMappings[arn]; ok && m.Type == rolemap.TypeRules {
			continue
		}
		var w *PathWitness
		for _, r := range e.universe {
			if pa := e.pathOf(r, FlowEnhanced, arn); pa != nil && slices.Contains(pa.Via, "custom-role") {
				w = &pa.Witness
				break
			}
		}
		fs = append(fs, accessFinding(CodeCustomRoleChoice, SeverityWarning, diag.Root("SamlProviderARNs").Index(i),
			"the SAML provider "+clip.Quote(arn)+" has no Rules mapping: an assertion listing several roles lets its user pick any of them with CustomRoleArn",
			"add a Rules mapping for the provider, or make the IdP assert one role per user", w))
	}
	return fs
}

// lintAccess adds to Lint's findings the unreachable-rule findings of a
// and, when the lint options give a deployment (trust policies or user
// pools), the access findings: user-writable-claim then comes from the
// access analysis (exact with the app client and the schema), and a rule
// on a claim the token never carries is claim-not-readable, not
// unreachable-rule. Without a deployment, a rule that can never be the
// first match gets no user-writable-claim.
func lintAccess(fs []Finding, p rolemap.Pool, o *lintOptions, a *Analysis) []Finding {
	unreachable := a.Unreachable()
	dead := map[string]bool{}
	for _, f := range unreachable {
		dead[f.Path.Member("Claim").String()] = true
	}
	var access []AccessFinding
	ran := false // the access analysis ran: it decides user-writable-claim, even when it finds nothing
	if o.roles != nil || o.roleErrs != nil || o.userPools != nil {
		d := credentials.Deployment{Pool: p, Roles: o.roles, RoleErrors: o.roleErrs, UserPools: o.userPools}
		// When the engine cannot be built, Lint keeps its list-based
		// user-writable-claim findings rather than dropping them.
		if e, err := newAccessEngine(d, a, &accessOptions{writable: o.writable, readOnly: o.readOnly}); err == nil {
			e.run()
			access, ran = e.findings, true
		}
	}
	notReadable := map[string]bool{}
	for _, f := range access {
		if f.Code == CodeClaimNotReadable {
			notReadable[f.Path.String()] = true
		}
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Code == CodeUserWritableClaim && (ran || dead[f.Path.String()]) {
			continue // the access analysis decides, or the rule never matches
		}
		out = append(out, f)
	}
	for _, f := range unreachable {
		if !notReadable[f.Path.Member("Claim").String()] {
			out = append(out, f)
		}
	}
	for _, f := range access {
		out = append(out, f.Finding)
	}
	return out
}
