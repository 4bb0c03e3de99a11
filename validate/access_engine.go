package validate

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// AccessOption configures [Access].
type AccessOption func(*accessOptions)

type accessOptions struct {
	analysis           *Analysis
	maxRules           int
	writable, readOnly map[string]bool
}

// WithAccessAnalysis gives Access the [Analysis] of the deployment's pool,
// made by [Analyze] with the rules quota the pool is deployed with, so that
// the pool is compiled and its rules analysed once for Lint and Access.
func WithAccessAnalysis(a *Analysis) AccessOption {
	return func(o *accessOptions) { o.analysis = a }
}

// WithAccessMaxRules sets the rules-per-mapping quota the pool is compiled
// with (25 by default; 1..400), as [rolemap.WithMaxRules] does.
func WithAccessMaxRules(n int) AccessOption {
	return func(o *accessOptions) {
		if n >= spec.MinRules && n <= spec.HardMaxRules {
			o.maxRules = n
		}
	}
}

// maxTagVariants bounds the requests tried for one way to a role when the
// trust policy tests principal tags: past it the search stops and the
// report says so (UnknownSearchBound).
const maxTagVariants = 64

// UnknownSearchBound names the unknown of a search for a witness that
// stopped at its bound (many principal tags tested by one policy): a path
// may be missing.
const UnknownSearchBound = "search-bound"

// Access returns the access report of the deployment: for every role it
// names, who can obtain credentials for it, by which flow, under which
// conditions, with a witness request; and the access findings. See
// "Access analysis" in the package documentation.
//
// It returns the error of [rolemap.Compile] for a pool AWS refuses (a
// [*ValidationError]: [Violations] turns it into findings). Access
// resolves every witness it reports through the deployment's
// [credentials.Checker], so an enhanced witness replayed with
// [PathWitness.Request] gives the role (or rolemapping.UnknownRole for a
// role whose trust is not verified), and a basic witness is allowed by the
// role's trust policy. The work is linear in the deployment times the
// rules analysis of each mapping; at most |roles| × 2 × |identities|
// paths.
func Access(d credentials.Deployment, opts ...AccessOption) (*AccessReport, error) {
	var o accessOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	a := o.analysis
	if a == nil {
		var err error
		if a, err = Analyze(d.Pool, rolemap.WithMaxRules(cmp.Or(o.maxRules, spec.DefaultMaxRules))); err != nil {
			return nil, err
		}
	}
	e, err := newAccessEngine(d, a, &o)
	if err != nil {
		return nil, err
	}
	e.run()
	return e.report(), nil
}

// kind is one identity kind of the pool.
type kind struct {
	name  string // the report's identity: mapping key, guest, developer:NAME, *
	login string
	aud   string // a user pool kind's app client
	class rolemap.ProviderKind
	cc    claimControl
	pool  string // a user pool kind's user pool ID
	up    *usergroups.UserPool
	// dev is a developer kind's provider name.
	dev string
}

type pathKey struct {
	role, identity string
	flow           Flow
}

type viaRec struct {
	role       string
	via        string
	order      int
	certain    bool
	why        []string
	conds      []Condition
	tags       map[string]string
	selectable map[string][]string
	witness    PathWitness
}

type pathAcc struct {
	key  pathKey
	vias []viaRec
}

type accessEngine struct {
	d        credentials.Deployment
	p        rolemap.Pool
	an       *Analysis
	chk      *credentials.Checker
	o        *accessOptions
	universe []string
	kinds    []*kind
	paths    map[pathKey]*pathAcc
	unknowns map[string]string
	compiled map[string]*trust.Compiled
	fresh    int
	// ruleVias: for each mapping key, the way of each rule that has a
	// path; bare: each kind's bare outcome (its role, absent if refused).
	ruleVias map[string]map[int]*viaRec
	bare     map[string]string
	choices  []choice
	findings []AccessFinding
}

func newAccessEngine(d credentials.Deployment, a *Analysis, o *accessOptions) (*accessEngine, error) {
	roles := d.Roles
	if roles == nil {
		roles = map[string]*trust.Policy{} // every role unverified, never trusted blindly
	}
	chk, err := credentials.New(a.Resolver(), roles, credentials.WithPolicyErrors(d.RoleErrors))
	if err != nil {
		return nil, err
	}
	e := &accessEngine{d: d, p: a.Pool(), an: a, chk: chk, o: o, paths: map[pathKey]*pathAcc{},
		unknowns: map[string]string{}, compiled: map[string]*trust.Compiled{},
		ruleVias: map[string]map[int]*viaRec{}, bare: map[string]string{}}
	e.universe = e.roleUniverse()
	e.kinds = e.identityKinds()
	return e, nil
}

// roleUniverse lists every role ARN the deployment names.
func (e *accessEngine) roleUniverse() []string {
	set := map[string]bool{}
	for _, r := range e.p.Roles {
		set[r] = true
	}
	for _, m := range e.p.RoleMappings {
		if m.RulesConfiguration != nil && m.Type == rolemap.TypeRules {
			for _, r := range m.RulesConfiguration.Rules {
				set[r.RoleARN] = true
			}
		}
	}
	for _, up := range e.d.UserPools {
		for _, g := range up.Groups {
			set[g.RoleARN] = true
		}
	}
	for r := range e.d.Roles {
		set[r] = true
	}
	for r := range e.d.RoleErrors {
		set[r] = true
	}
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

func (e *accessEngine) providersKnown() bool {
	p := &e.p
	return p.CognitoIdentityProviders != nil || p.SupportedLoginProviders != nil ||
		p.OpenIDConnectProviderARNs != nil || p.SAMLProviderARNs != nil
}

// identityKinds lists the pool's identity kinds, by name.
func (e *accessEngine) identityKinds() []*kind {
	byName := map[string]*kind{}
	add := func(k *kind) {
		if _, dup := byName[k.name]; !dup {
			byName[k.name] = k
		}
	}
	p := &e.p
	if p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities {
		add(&kind{name: "guest", class: rolemap.KindUnauthenticated})
	}
	if p.DeveloperProviderName != "" {
		add(&kind{name: "developer:" + p.DeveloperProviderName, login: spec.DeveloperLogin, class: rolemap.KindDeveloper, dev: p.DeveloperProviderName})
	}
	if e.providersKnown() {
		for _, prov := range p.CognitoIdentityProviders {
			add(e.userPoolKind(prov.ProviderName, prov.ClientID))
		}
		for l := range p.SupportedLoginProviders {
			add(e.loginKind(l))
		}
		for _, arn := range p.OpenIDConnectProviderARNs {
			if h := rolemap.OIDCHost(arn); h != "" {
				add(e.loginKind(h))
			}
		}
		for _, arn := range p.SAMLProviderARNs {
			add(e.loginKind(arn))
		}
	} else {
		for key := range p.RoleMappings {
			if rolemap.KindOf(key) == rolemap.KindUserPool {
				for _, i := range userPoolSplits(key) {
					add(e.userPoolKind(key[:i], key[i+1:]))
					break
				}
				continue
			}
			add(e.loginKind(key))
		}
		any := "login.example.com"
		for n := 2; p.RoleMappings[any].Type != ""; n++ {
			any = "login" + strconv.Itoa(n) + ".example.com"
		}
		k := e.loginKind(any)
		k.name = "*"
		add(k)
	}
	out := slices.Collect(maps.Values(byName))
	slices.SortFunc(out, func(a, b *kind) int { return cmp.Compare(a.name, b.name) })
	return out
}

func (e *accessEngine) userPoolKind(login, client string) *kind {
	k := &kind{name: login + ":" + client, login: login, aud: client, class: rolemap.KindUserPool, pool: rolemap.UserPoolID(login)}
	if up, ok := e.d.UserPools[k.pool]; ok {
		k.up = &up
	}
	k.cc = claimControl{class: rolemap.KindUserPool, model: newUserPoolModel(k.up, client), overWritable: e.o.writable, overReadOnly: e.o.readOnly}
	return k
}

func (e *accessEngine) loginKind(login string) *kind {
	c := rolemap.KindOf(login)
	return &kind{name: login, login: login, class: c, cc: claimControl{class: c, overWritable: e.o.writable, overReadOnly: e.o.readOnly}}
}

func (e *accessEngine) unknown(id, msg string) {
	if _, ok := e.unknowns[id]; !ok {
		e.unknowns[id] = msg
	}
}

// freshValue returns a new value w-N that no rule of mapping key (the
// only rules a request of its kind meets) names: no value equals it or
// occurs in it; when rule values block that shape ("w", "-"), a run of a
// symbol no value holds.
func (e *accessEngine) freshValue(key string) string {
	var rules []rolemap.Rule
	if m, ok := e.p.RoleMappings[key]; ok && m.RulesConfiguration != nil {
		rules = m.RulesConfiguration.Rules
	}
	for range 64 {
		e.fresh++
		v := "w-" + strconv.Itoa(e.fresh)
		if !namedByRule(rules, v) {
			return v
		}
	}
	sym, _ := freshSymbol(rules)
	e.fresh++
	return strings.Repeat(sym, e.fresh%1000+1)
}

func namedByRule(rules []rolemap.Rule, v string) bool {
	for _, r := range rules {
		work.Add(1)
		if r.Value != "" && strings.Contains(v, r.Value) || r.Value == v {
			return true
		}
	}
	return false
}

func (e *accessEngine) run() {
	for _, k := range e.kinds {
		e.enhancedPaths(k)
		e.basicPaths(k)
	}
	for _, k := range e.kinds {
		if k.class == rolemap.KindUserPool && k.up == nil {
			e.unknown(UnknownUserPool, "the deployment does not give the user pool "+clip.Quote(k.pool)+": who can sign up, and which claims its users write, are unknown")
		}
	}
	e.accessFindings()
}

// --- the enhanced flow ---

// readsClaim reports whether a rule of mapping key reads claim c.
func (e *accessEngine) readsClaim(key, c string) bool {
	m, ok := e.p.RoleMappings[key]
	if !ok || m.RulesConfiguration == nil {
		return false
	}
	return slices.ContainsFunc(m.RulesConfiguration.Rules, func(r rolemap.Rule) bool { return r.Claim == c })
}

// base returns the bare request of kind k: its login and the claims Cognito
// fixes (a user pool's aud, and a fresh sub when no rule reads sub).
func (e *accessEngine) base(k *kind) credentials.Request {
	req := credentials.Request{Request: rolemap.Request{Login: k.login, Claims: map[string]any{}}}
	switch k.class {
	case rolemap.KindUnauthenticated:
		req.Claims = nil
	case rolemap.KindDeveloper:
		req.Claims = nil
		req.DeveloperUserID = e.freshValue(k.name)
	case rolemap.KindUserPool:
		req.Claims["aud"] = k.aud
		if !e.readsClaim(k.name, "sub") {
			req.Claims["sub"] = e.freshValue(k.name)
		}
	case rolemap.KindSAML:
	default:
		if !e.readsClaim(k.name, "sub") {
			req.Claims["sub"] = e.freshValue(k.name)
		}
	}
	return req
}

func cloneReq(r credentials.Request) credentials.Request {
	r.Claims = maps.Clone(r.Claims)
	r.DeveloperPrincipalTags = maps.Clone(r.DeveloperPrincipalTags)
	return r
}

// possibleKind returns the unknowns every path of k rests on.
func (e *accessEngine) kindWhy(k *kind) []string {
	if !e.providersKnown() && k.class != rolemap.KindUnauthenticated && k.class != rolemap.KindDeveloper {
		e.unknown(UnknownProviders, "the pool lists none of its providers: which logins it accepts is unknown, and every path of a login is possible")
		return []string{UnknownProviders}
	}
	return nil
}

func (e *accessEngine) enhancedPaths(k *kind) {
	why := e.kindWhy(k)
	switch k.class {
	case rolemap.KindUnauthenticated:
		e.try(k, "default-role", 0, e.base(k), nil, why, nil)
		return
	case rolemap.KindDeveloper:
		e.try(k, "default-role", 0, e.base(k), nil, why, nil)
		return
	}
	m, mapped := e.p.RoleMappings[k.name]
	var trig []string
	if k.class == rolemap.KindUserPool && k.cc.model.trigger() {
		e.unknown(UnknownPreTokenTrigger, "a user pool has a pre token generation trigger, whose Lambda may rewrite every claim and group of its tokens")
		trig = []string{UnknownPreTokenTrigger}
	}
	// The bare request's outcome: for user-writable-claim's escalation.
	if d, err := e.an.Resolver().Resolve(e.base(k).Request); err == nil {
		e.bare[k.name] = d.RoleARN
	}
	switch {
	case k.class == rolemap.KindSAML && (!mapped || m.Type != rolemap.TypeRules):
		e.samlPaths(k, mapped, m, why)
	case !mapped:
		e.try(k, "default-role", 0, e.base(k), nil, why, nil)
	case m.Type == rolemap.TypeRules:
		e.rulePaths(k, m, union2(why, trig))
	case m.Type == rolemap.TypeToken:
		e.tokenPaths(k, m, why, trig)
	}
}

func union2(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

func (e *accessEngine) rulePaths(k *kind, m rolemap.Mapping, why []string) {
	rules := m.RulesConfiguration.Rules
	paths := map[int]*viaRec{}
	e.ruleVias[k.name] = paths
	for i, r := range rules {
		w, ok := e.an.Witness(k.name, i)
		if !ok || w.Login != k.login {
			continue
		}
		rd := k.cc.readable(r.Claim)
		if rd == levelNo {
			continue
		}
		rw := why
		if rd == levelPossible {
			e.unknown(UnknownReadability, "whether an app client puts an attribute in its ID tokens is not known for every claim a path needs")
			rw = union2(rw, []string{UnknownReadability})
		}
		req := e.base(k)
		for c, v := range w.Claims {
			req.Claims[c] = v
		}
		cond := Condition{Claim: r.Claim, Test: string(r.MatchType) + " " + strconv.Quote(r.Value), Controller: k.cc.controller(r.Claim)}
		if v := e.try(k, "rule "+strconv.Itoa(i), 1000+i, req, []Condition{cond}, rw, nil); v != nil {
			paths[i] = v
		}
	}
	if m.AmbiguousRoleResolution == rolemap.AmbiguousAuthenticatedRole {
		req := credentials.Request{Request: rolemap.Request{Login: k.login, Claims: map[string]any{}}}
		if k.class == rolemap.KindUserPool {
			req.Claims["aud"] = k.aud
		}
		if d, err := e.an.Resolver().Resolve(req.Request); err == nil && d.Reason == rolemap.ReasonAmbiguous {
			e.try(k, "ambiguous", 2000, req, nil, why, nil)
		}
	}
}

func (e *accessEngine) tokenPaths(k *kind, m rolemap.Mapping, why, trig []string) {
	if m.AmbiguousRoleResolution == rolemap.AmbiguousAuthenticatedRole {
		e.try(k, "ambiguous", 2000, e.base(k), nil, union2(why, trig), nil)
	}
	switch k.class {
	case rolemap.KindSocial:
		return // such tokens carry no role claims
	case rolemap.KindOIDC:
		e.anyRole(k, "token", spec.ClaimRoles, ControllerIdP, why)
		return
	}
	// A user pool.
	var w []string
	switch {
	case trig != nil:
		w = trig
	case k.up == nil || k.up.Groups == nil:
		e.unknown(UnknownGroups, "a Token mapping's user pool, or its groups, is not given: any role may be in its tokens")
		w = []string{UnknownGroups}
	}
	if w != nil {
		e.anyRole(k, "token", spec.ClaimRoles, ControllerAdmin, union2(why, w))
		if trig != nil && k.up != nil {
			// The trigger may rewrite the groups, but the users the pool
			// lists are still entitled to their groups' roles.
			e.listedChoices(k, usergroups.NewIndex(k.up.Groups), union2(why, trig), true)
		}
		return
	}
	x := usergroups.NewIndex(k.up.Groups)
	// A member of one group gets its role; the trust check does not read
	// the group's name, so one group per role is tried.
	tried := map[string]bool{}
	for _, g := range k.up.Groups {
		if g.RoleARN == "" || tried[g.RoleARN] {
			continue
		}
		tried[g.RoleARN] = true
		req := e.base(k)
		x.Claims([]string{g.GroupName}).AddTo(req.Claims)
		cond := Condition{Claim: spec.ClaimGroups, Test: "holds " + strconv.Quote(g.GroupName), Controller: ControllerAdmin}
		e.try(k, "token", 3000, req, []Condition{cond}, why, nil)
	}
	e.listedChoices(k, x, why, false)
}

// listedChoices records the listed users of k's user pool entitled to
// several roles, who pick any with CustomRoleArn: one request per distinct
// list of roles and role. possible says a pre token generation trigger
// may rewrite the groups.
func (e *accessEngine) listedChoices(k *kind, x *usergroups.Index, why []string, possible bool) {
	byRoles := map[string]map[string]*viaRec{}
	for _, u := range slices.Sorted(maps.Keys(k.up.Users)) {
		tc := x.Claims(k.up.Users[u])
		if len(tc.Roles) < 2 {
			continue
		}
		sig := strings.Join(tc.Roles, "\n")
		vias, seen := byRoles[sig]
		if !seen {
			vias = map[string]*viaRec{}
			byRoles[sig] = vias
			for _, r := range tc.Roles {
				req := e.base(k)
				tc.AddTo(req.Claims)
				req.CustomRoleARN = r
				cond := Condition{Claim: spec.ClaimGroups, Test: "user " + strconv.Quote(u) + "'s groups", Controller: ControllerAdmin}
				if v := e.try(k, "custom-role", 5000, req, []Condition{cond}, why, nil); v != nil {
					vias[r] = v
				}
			}
		}
		var w *PathWitness
		for _, r := range tc.Roles {
			if v := vias[r]; v != nil {
				if len(v.selectable) < maxSelectable {
					if v.selectable == nil {
						v.selectable = map[string][]string{}
					}
					v.selectable[u] = slices.Clone(tc.Roles)
				}
				if w == nil {
					w = &v.witness
				}
			}
		}
		e.choices = append(e.choices, choice{pool: k.pool, user: u, roles: tc.Roles, witness: w, possible: possible})
	}
}

// maxSelectable bounds the users a path's Selectable lists; the
// custom-role-choice findings name every one.
const maxSelectable = 20

// choice is a listed user entitled to several roles under a Token mapping.
type choice struct {
	pool, user string
	roles      []string
	witness    *PathWitness
	possible   bool // a pre token generation trigger may rewrite the groups
}

// anyRole adds a path to every role of the universe through a token (or
// assertion) that lists it: alone (via), and beside another role, named
// in CustomRoleArn (custom-role).
func (e *accessEngine) anyRole(k *kind, via, claim, controller string, why []string) {
	order := map[string]int{"token": 3000, "saml": 4000}[via]
	for i, r := range e.universe {
		req := e.base(k)
		req.Claims[claim] = e.roleValue(k, r)
		cond := Condition{Claim: claim, Test: "lists " + strconv.Quote(r), Controller: controller}
		e.try(k, via, order, req, []Condition{cond}, why, nil)
		if len(e.universe) < 2 {
			continue
		}
		other := e.universe[(i+1)%len(e.universe)]
		req = e.base(k)
		req.Claims[claim] = []any{e.roleValue(k, r), e.roleValue(k, other)}
		req.CustomRoleARN = r
		e.try(k, "custom-role", 5000, req, []Condition{cond}, why, nil)
	}
}

// roleValue is how a token or assertion of k lists role r.
func (e *accessEngine) roleValue(k *kind, r string) any {
	if k.class == rolemap.KindSAML {
		return r + "," + k.login
	}
	return r
}

func (e *accessEngine) samlPaths(k *kind, mapped bool, m rolemap.Mapping, why []string) {
	e.anyRole(k, "saml", spec.SAMLRoleAttribute, ControllerIdP, why)
	if mapped && m.Type == rolemap.TypeToken && m.AmbiguousRoleResolution == rolemap.AmbiguousAuthenticatedRole {
		e.try(k, "ambiguous", 2000, e.base(k), nil, why, nil)
	}
}

// outcome classifies what the Checker says of a request.
type outcome struct {
	role    string
	ok      bool // the role, allowed
	trust   bool // the role, trust not verified (U1)
	refused bool // the role, refused by its trust policy
}

func (e *accessEngine) get(req credentials.Request) outcome {
	work.Add(1)
	c, err := e.chk.Get(req)
	if err == nil {
		return outcome{role: c.Decision.RoleARN, ok: true}
	}
	var te *credentials.TrustError
	if errors.As(err, &te) {
		return outcome{role: te.Role, refused: true}
	}
	var re *rolemap.Error
	if c.Decision.RoleARN != "" && (errors.As(err, &re) && re.Code == credentials.CodeUnknownRole || e.d.RoleErrors[c.Decision.RoleARN] != nil) {
		return outcome{role: c.Decision.RoleARN, trust: true}
	}
	return outcome{}
}

// try resolves req (and, when the role's trust policy refuses it, the
// variants of the principal tags its claims give) and records the path it
// reaches. It returns the way recorded, or nil.
func (e *accessEngine) try(k *kind, via string, order int, req credentials.Request, conds []Condition, why []string, sel map[string][]string) *viaRec {
	out := e.get(req)
	if out.refused {
		var extra []Condition
		var ew []string
		req, extra, ew, out = e.tagVariants(k, req, out.role, conds)
		conds = append(slices.Clone(conds), extra...)
		why = union2(why, ew)
	}
	if !out.ok && !out.trust {
		return nil
	}
	if out.trust {
		e.unknown(UnknownTrustUnverified, "a role's trust policy is not given, or is outside what the trust check evaluates: whether STS lets the pool assume it is not verified")
		why = union2(why, []string{UnknownTrustUnverified})
	}
	v := viaRec{role: out.role, via: via, order: order, certain: len(why) == 0, why: why, conds: conds, selectable: sel,
		tags: e.tagSources(k, req), witness: pathWitnessOf(FlowEnhanced, req)}
	return e.add(pathKey{role: out.role, identity: k.name, flow: FlowEnhanced}, v)
}

func (e *accessEngine) add(key pathKey, v viaRec) *viaRec {
	pa, ok := e.paths[key]
	if !ok {
		pa = &pathAcc{key: key}
		e.paths[key] = pa
	}
	for i := range pa.vias {
		if pa.vias[i].via == v.via {
			old := &pa.vias[i]
			if !old.certain && v.certain {
				*old = v
			}
			for u, rs := range v.selectable {
				if old.selectable == nil {
					old.selectable = map[string][]string{}
				}
				old.selectable[u] = rs
			}
			return old
		}
	}
	pa.vias = append(pa.vias, v)
	return &pa.vias[len(pa.vias)-1]
}

func pathWitnessOf(flow Flow, req credentials.Request) PathWitness {
	claims := maps.Clone(req.Claims)
	if claims == nil {
		claims = map[string]any{}
	}
	return PathWitness{Flow: flow, Login: req.Login, Claims: claims, CustomRoleArn: req.CustomRoleARN,
		IdentityID: req.IdentityID, DeveloperUserID: req.DeveloperUserID, DeveloperTags: maps.Clone(req.DeveloperPrincipalTags)}
}

// tagSources returns the principal tags req sets: tag key → source claim
// ("developer" for a developer's own tags).
func (e *accessEngine) tagSources(k *kind, req credentials.Request) map[string]string {
	out := map[string]string{}
	for t := range req.DeveloperPrincipalTags {
		out[t] = "developer"
	}
	for t, c := range tagEntries(e.chk, k.login) {
		if v, ok := req.Claims[c]; ok && v != nil {
			out[t] = c
		}
	}
	return out
}

// tagReads returns the conditions of role's trust policy on tag t
// (aws:RequestTag/t, any case).
func (e *accessEngine) tagReads(role, t string) []policyRead {
	p := e.d.Roles[role]
	if p == nil {
		return nil
	}
	var out []policyRead
	for _, r := range p.Reads() {
		if strings.EqualFold(r.LowerKey, "aws:requesttag/"+t) {
			out = append(out, policyRead{role: role, Read: r})
		}
	}
	return out
}

// tagVariants tries the requests that differ from req in the claims that
// feed principal tags (or, for a developer, in its own tags): each absent
// or holding a value the role's trust policy compares the tag with. It
// returns the first the policy allows, with a condition per tag claim set.
func (e *accessEngine) tagVariants(k *kind, req credentials.Request, role string, conds []Condition) (credentials.Request, []Condition, []string, outcome) {
	type slot struct {
		tag, claim string
		values     []string
	}
	var slots []slot
	fixed := map[string]bool{}
	for _, c := range conds {
		fixed[c.Claim] = true
	}
	if k.class == rolemap.KindDeveloper {
		keys := map[string]bool{}
		for _, r := range e.d.Roles[role].Reads() {
			if t, ok := strings.CutPrefix(r.LowerKey, "aws:requesttag/"); ok && !r.Deny {
				keys[r.Key[len("aws:requesttag/"):]] = true
				_ = t
			}
		}
		for _, t := range slices.Sorted(maps.Keys(keys)) {
			vals, _ := tagValues(e.tagReads(role, t))
			slots = append(slots, slot{tag: t, values: vals})
		}
	} else {
		entries := tagEntries(e.chk, k.login)
		for _, t := range slices.Sorted(maps.Keys(entries)) {
			c := entries[t]
			if fixed[c] || c == "aud" || c == "sub" || k.cc.readable(c) == levelNo {
				continue
			}
			vals, _ := tagValues(e.tagReads(role, t))
			slots = append(slots, slot{tag: t, claim: c, values: vals})
		}
	}
	if len(slots) == 0 {
		return req, nil, nil, outcome{}
	}
	// Odometer over the slots: index 0 is absent, i > 0 values[i-1].
	idx := make([]int, len(slots))
	for n := 0; ; n++ {
		if n > 0 { // the all-absent variant is req itself, already refused
			v := cloneReq(req)
			var extra []Condition
			var why []string
			for i, s := range slots {
				if idx[i] == 0 {
					continue
				}
				val := s.values[idx[i]-1]
				if k.class == rolemap.KindDeveloper {
					if v.DeveloperPrincipalTags == nil {
						v.DeveloperPrincipalTags = map[string]string{}
					}
					v.DeveloperPrincipalTags[s.tag] = val
					continue
				}
				v.Claims[s.claim] = val
				extra = append(extra, Condition{Claim: s.claim, Test: "tag " + s.tag + " = " + strconv.Quote(val), Controller: k.cc.controller(s.claim)})
				if k.cc.readable(s.claim) == levelPossible {
					why = append(why, UnknownReadability)
				}
			}
			if out := e.get(v); out.ok || out.trust {
				if why != nil {
					e.unknown(UnknownReadability, "whether an app client puts an attribute in its ID tokens is not known for every claim a path needs")
				}
				return v, extra, why, out
			}
		}
		if n+1 >= maxTagVariants {
			e.unknown(UnknownSearchBound, "the search for a witness stopped at its bound ("+strconv.Itoa(maxTagVariants)+" combinations of principal tags for one role): a path may be missing")
			return req, nil, nil, outcome{}
		}
		i := 0
		for ; i < len(slots); i++ {
			idx[i]++
			if idx[i] <= len(slots[i].values) {
				break
			}
			idx[i] = 0
		}
		if i == len(slots) {
			return req, nil, nil, outcome{}
		}
	}
}

// --- the basic flow ---

// classicFlow says whether the basic flow is available: ok, and the
// unknowns it rests on.
func (e *accessEngine) classicFlow() (bool, []string) {
	p := &e.p
	if len(p.RoleMappings) > 0 || p.AllowClassicFlow != nil && !*p.AllowClassicFlow {
		return false, nil
	}
	var why []string
	if p.AllowClassicFlow == nil {
		e.unknown(UnknownClassicFlowUnset, "AllowClassicFlow is absent and the pool has no RoleMappings: AWS documents no default, and such pools have been seen to issue basic-flow tokens")
		why = append(why, UnknownClassicFlowUnset)
	}
	if len(p.PrincipalTagAttributeMaps) > 0 {
		e.unknown(UnknownBasicFlowWithTags, "the pool has principal tag maps: AWS documents no refusal of the basic flow in such a pool")
		why = append(why, UnknownBasicFlowWithTags)
	}
	return true, why
}

// amrOf is amr(k) with the user's value (a user pool's sub, a developer's
// user ID) given.
func (e *accessEngine) amrOf(k *kind, user string) []string {
	switch k.class {
	case rolemap.KindUnauthenticated:
		return []string{"unauthenticated"}
	case rolemap.KindDeveloper:
		return []string{"authenticated", k.dev, k.dev + ":" + e.p.IdentityPoolID + ":" + user}
	case rolemap.KindUserPool:
		return []string{"authenticated", k.login, k.login + ":CognitoSignIn:" + user}
	}
	if k.name == "*" {
		return []string{"authenticated"}
	}
	return []string{"authenticated", k.login}
}

func (e *accessEngine) basicPaths(k *kind) {
	var why []string
	if k.class == rolemap.KindDeveloper {
		e.unknown(UnknownDeveloperBasic, "a caller with the account's credentials gets a token for any developer user (GetOpenIdTokenForDeveloperIdentity) and takes it to STS; whether the pool's settings gate this is unknown")
		why = []string{UnknownDeveloperBasic}
	} else {
		ok, w := e.classicFlow()
		if !ok {
			return
		}
		why = union2(w, e.kindWhy(k))
	}
	for _, r := range e.universe {
		e.basicRole(k, r, why)
	}
}

// basicRole decides the basic path of k to role r by the role's trust
// policy: aud the pool, amr(k), no tags, an identity ID and user value the
// policy's conditions name, or fresh ones.
func (e *accessEngine) basicRole(k *kind, r string, why []string) {
	w := PathWitness{Flow: FlowBasic, Login: k.login, RoleArn: r, Claims: map[string]any{}}
	if k.class == rolemap.KindUserPool {
		w.Claims["aud"] = k.aud
	}
	user := "w-basic"
	policy := e.d.Roles[r]
	if policy == nil {
		w.AMR = e.amrOf(k, user)
		w.IdentityID = credentials.PlaceholderIdentityID(e.p.IdentityPoolID, k.login, user)
		e.fillUser(k, &w, user)
		e.unknown(UnknownTrustUnverified, "a role's trust policy is not given, or is outside what the trust check evaluates: whether STS lets the pool assume it is not verified")
		e.add(pathKey{role: r, identity: k.name, flow: FlowBasic}, viaRec{via: "trust", order: 6000, why: union2(why, []string{UnknownTrustUnverified}), witness: w})
		return
	}
	c, ok := e.compiled[r]
	if !ok {
		c = policy.Compile(e.p.IdentityPoolID)
		e.compiled[r] = c
	}
	users, ids := []string{user}, []string{credentials.PlaceholderIdentityID(e.p.IdentityPoolID, k.login, user)}
	for _, rd := range policy.Reads() {
		for _, v := range rd.Values {
			if strings.HasSuffix(rd.LowerKey, ":sub") && credentials.IdentityIDProblem(v) == "" && !strings.ContainsAny(v, "*?") {
				ids = append(ids, v)
			}
			if strings.HasSuffix(rd.LowerKey, ":amr") {
				amr := e.amrOf(k, "")
				if head := amr[len(amr)-1]; len(amr) == 3 && strings.HasPrefix(v, head) && !strings.ContainsAny(v, "*?") && len(v) > len(head) {
					users = append(users, v[len(head):])
				}
			}
		}
	}
	for _, u := range users {
		for _, id := range ids {
			work.Add(1)
			tr := trust.Request{IdentityPoolID: e.p.IdentityPoolID, IdentityID: id, AMR: e.amrOf(k, u)}
			d, err := c.Evaluate(tr, false)
			if err != nil || !d.Allowed {
				continue
			}
			w.AMR, w.IdentityID = tr.AMR, id
			e.fillUser(k, &w, u)
			e.add(pathKey{role: r, identity: k.name, flow: FlowBasic}, viaRec{via: "trust", order: 6000, certain: len(why) == 0, why: why, witness: w})
			return
		}
	}
}

// fillUser puts the user's value in a basic witness: a user pool's sub, a
// developer's user ID.
func (e *accessEngine) fillUser(k *kind, w *PathWitness, user string) {
	switch k.class {
	case rolemap.KindUserPool:
		w.Claims["sub"] = user
	case rolemap.KindDeveloper:
		w.DeveloperUserID = user
	}
	if k.class == rolemap.KindUnauthenticated {
		w.Login = ""
	}
}

// --- the report ---

func (e *accessEngine) report() *AccessReport {
	r := &AccessReport{IdentityPoolID: e.p.IdentityPoolID, Unknowns: []Unknown{}, Identities: []string{}, Roles: []RoleAccess{}, Findings: e.findings}
	if r.Findings == nil {
		r.Findings = []AccessFinding{}
	}
	for _, k := range e.kinds {
		r.Identities = append(r.Identities, k.name)
	}
	byRole := map[string][]Path{}
	for _, pa := range e.paths {
		byRole[pa.key.role] = append(byRole[pa.key.role], pa.path())
	}
	roles := slices.Clone(e.universe)
	for arn := range byRole {
		if !slices.Contains(roles, arn) {
			roles = append(roles, arn)
		}
	}
	slices.Sort(roles)
	for _, arn := range roles {
		ra := RoleAccess{ARN: arn, Trust: e.trustOf(arn), Paths: byRole[arn]}
		if ra.Paths == nil {
			ra.Paths = []Path{}
		}
		slices.SortFunc(ra.Paths, func(a, b Path) int {
			return cmp.Or(cmp.Compare(flowOrder(a.Flow), flowOrder(b.Flow)), cmp.Compare(a.Identity, b.Identity))
		})
		r.Roles = append(r.Roles, ra)
	}
	complete := true
	for _, id := range slices.Sorted(maps.Keys(e.unknowns)) {
		r.Unknowns = append(r.Unknowns, Unknown{ID: id, Message: e.unknowns[id]})
		complete = false
	}
	r.Unknowns = append(r.Unknowns, Unknown{Message: "other roles of the account may trust the pool too: the analysis lists only the roles the deployment names"})
	r.Complete = complete
	return r
}

func flowOrder(f Flow) int {
	if f == FlowEnhanced {
		return 0
	}
	return 1
}

func (e *accessEngine) trustOf(arn string) string {
	switch {
	case e.d.Roles[arn] != nil:
		return "verified"
	case e.d.RoleErrors[arn] != nil:
		return "unsupported"
	}
	return "unverified"
}

// path is the accumulated ways of one path: the best certainty, the
// representative way's conditions, tags and witness (the first certain
// way in via order, else the first).
func (pa *pathAcc) path() Path {
	vias := slices.Clone(pa.vias)
	slices.SortStableFunc(vias, func(a, b viaRec) int { return cmp.Compare(a.order, b.order) })
	p := Path{Flow: pa.key.flow, Identity: pa.key.identity, Why: []string{}, Conditions: []Condition{},
		Tags: map[string]string{}, Selectable: map[string][]string{}}
	rep := -1
	var why []string
	for i, v := range vias {
		p.Via = append(p.Via, v.via)
		if v.certain && rep < 0 {
			rep = i
		}
		why = union2(why, v.why)
		for u, rs := range v.selectable {
			p.Selectable[u] = rs
		}
	}
	p.Certainty = Possible
	if rep >= 0 {
		p.Certainty = Certain
	} else {
		rep = 0
		p.Why = why
	}
	v := vias[rep]
	if v.conds != nil {
		p.Conditions = v.conds
	}
	if v.tags != nil {
		p.Tags = v.tags
	}
	p.Witness = v.witness
	p.ScopedDown = pa.key.flow == FlowEnhanced && pa.key.identity == "guest"
	return p
}
