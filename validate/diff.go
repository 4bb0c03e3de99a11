package validate

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Change is one way two pools decide differently (rolemap/REFERENCE.md §8): a set of
// requests whose outcome under the old pool differs from their outcome
// under the new one, where it lives, the rules involved, a sentence, and a
// Witness: one request that gets Old under the old pool and New under the
// new one.
type Change struct {
	// Scope says where the change lives: "guest" (unauthenticated
	// identities), "developer" (developer-authenticated logins), "provider"
	// (the login is configured in one pool and not the other), "mapping"
	// (a role mapping applies in either pool), or "default" (no mapping in
	// either pool: the default authenticated role). [DiffCredentials]
	// adds "trust" (a trust policy now refuses, or admits, the requests
	// that choose a role), "tags" (the principal tags differ) and "groups"
	// (a user pool user's groups give other claims).
	Scope string `json:"scope"`
	// Kind is the login's provider kind.
	Kind rolemap.ProviderKind `json:"kind"`
	// Login is the witness's login ("" for guests), and MappingKey the
	// mapping key that applies in either pool, if any.
	Login      string `json:"login,omitempty"`
	MappingKey string `json:"mappingKey,omitempty"`
	// Old and New are the outcomes.
	Old Outcome `json:"old"`
	New Outcome `json:"new"`
	// OldRule and NewRule are the paths of the rules that decided, in the
	// old and new pool (RoleMappings["k"].RulesConfiguration.Rules[3]), or
	// "" when no rule did.
	OldRule string `json:"oldRule,omitempty"`
	NewRule string `json:"newRule,omitempty"`
	// OldTags and NewTags are the principal tags of a change of scope
	// "tags" ([DiffCredentials] only).
	OldTags map[string]string `json:"oldTags,omitempty"`
	NewTags map[string]string `json:"newTags,omitempty"`
	// User is the user pool user of a change of scope "groups", whose
	// Witness carries the claims of the new user pool's groups (and
	// OldWitness those of the old).
	User       string           `json:"user,omitempty"`
	OldWitness *rolemap.Request `json:"oldWitness,omitempty"`
	// Message says it in a sentence.
	Message string `json:"message"`
	// Witness is a request that resolves to Old under the old pool and to
	// New under the new one.
	Witness rolemap.Request `json:"-"`
	// DeveloperPrincipalTags are the witness's own tags, for a developer
	// login ([DiffCredentials] only).
	DeveloperPrincipalTags map[string]string `json:"developerPrincipalTags,omitempty"`
}

// Outcome is what a request gets: a role, or an error code and message.
// In [DiffCredentials], an error that follows the role choice (a refused
// trust check, a role without a policy, a tag a session cannot hold) keeps
// the role chosen.
type Outcome struct {
	Role    string `json:"role,omitempty"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
	// Reason is a refused trust check's reason ([DiffCredentials] only).
	Reason string `json:"reason,omitempty"`
}

// String writes the outcome: its role ARN, or its error code and, for a
// refused trust check, the reason, and the role it followed
// (InvalidIdentityPoolConfigurationException (trust-tag-session) for
// arn:aws:iam::111122223333:role/R).
func (o Outcome) String() string {
	s := o.Role
	switch {
	case o.Error != "" && o.Reason != "":
		s = o.Error + " (" + o.Reason + ")"
	case o.Error != "":
		s = o.Error
	}
	if o.Error != "" && o.Role != "" {
		s += " for " + o.Role
	}
	return s
}

// MaxWitnessValues bounds the memory of [Diff]: once the witnesses of the
// rule-pair changes it lists hold this many claim values, it checks the
// rule pairs of each further login (and app client) only up to their first
// change, and reports [ErrTooManyChanges]. Reviews stay far below it
// (a 400-rule mapping against its own rules reversed lists 11,029 changes
// whose witnesses hold 108,217 values); two 400-rule mappings of distinct
// NotEqual values, where each of the 160,000 pairs of rules is a change
// with a witness of hundreds of values, reach it after 5,147.
const MaxWitnessValues = 1 << 20

// ErrTooManyChanges is returned, wrapped, with the changes [Diff] listed
// when it stopped early (see [MaxWitnessValues]). The list is still
// complete in rolemap/REFERENCE.md §8's sense: every login kind and mapping key whose
// requests change has a change in it; only further rule pairs are missing.
var ErrTooManyChanges = errors.New("too many changes to list")

// MaxDiffWork bounds the time of [Diff]: it checks at most this many rule
// pairs (each a few microseconds, resolving its witness under both pools)
// and requests, then stops with [ErrTooMuchWork]. A review stays far
// below it: ten 400-rule mappings against their rules reversed take
// 18,000; ten 400-rule mappings of distinct Equals values and roles, each
// of whose 1.6 million rule pairs is a change, reach it.
const MaxDiffWork = 1 << 17

// ErrTooMuchWork is returned, wrapped, with the changes [Diff] listed when
// it spent MaxDiffWork. Unlike [ErrTooManyChanges], the list is a part:
// logins and mapping keys it did not reach may change too. Two pools that
// differ this much are better reviewed mapping by mapping.
var ErrTooMuchWork = errors.New("too much work to finish the diff")

// Diff returns the changes between the decisions of two pools (rolemap/REFERENCE.md §8),
// deduplicated and in a deterministic order; two pools that decide every
// request alike have none, whatever their documents say. The options are
// Compile's (the rules quota); Diff fails if either pool is invalid, and
// returns the changes it listed with an error wrapping [ErrTooManyChanges]
// when it stopped listing rule pairs early, or [ErrTooMuchWork] when it
// stopped altogether. See "Semantic diff" in the package documentation
// for what it covers, why it is complete, and what it costs.
func Diff(old, new rolemap.Pool, opts ...rolemap.Option) ([]Change, error) {
	ao, an, err := analyzePair(old, new, opts...)
	if err != nil {
		return nil, err
	}
	return diff(ao, an, nil)
}

// analyzePair analyses both pools of a diff; the error says which one is
// invalid.
func analyzePair(old, new rolemap.Pool, opts ...rolemap.Option) (ao, an *Analysis, err error) {
	ao, err = Analyze(old, opts...)
	if err != nil {
		return nil, nil, errors.Join(errors.New("validate: Diff: the old pool is invalid"), err)
	}
	an, err = Analyze(new, opts...)
	if err != nil {
		return nil, nil, errors.Join(errors.New("validate: Diff: the new pool is invalid"), err)
	}
	return ao, an, nil
}

// DiffAnalyses is [Diff] on two pools already analysed (each compiled
// with the rules quota it is deployed with): it compiles nothing.
func DiffAnalyses(old, new *Analysis) ([]Change, error) {
	return diff(old, new, nil)
}

// diff is [Diff]; a non-nil visit is given every request it resolves, and
// then it also checks the rule pairs whose outcomes it knows to be alike
// until it has a witness of each pair of outcomes of a class (a role that
// both pools choose, whose credentials may still differ).
func diff(old, new *Analysis, visit func(rolemap.Request)) ([]Change, error) {
	d := &differ{old: old.an.pool, new: new.an.pool, ro: old.an.res, rn: new.an.res, seen: map[string]bool{}, alike: map[string]bool{}, budget: MaxWitnessValues, work: MaxDiffWork, visit: visit}
	d.run()
	slices.SortStableFunc(d.changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(scopeRank[a.Scope], scopeRank[b.Scope]), cmp.Compare(a.Login, b.Login),
			cmp.Compare(a.MappingKey, b.MappingKey), cmp.Compare(ruleOrder(a.OldRule), ruleOrder(b.OldRule)),
			cmp.Compare(ruleOrder(a.NewRule), ruleOrder(b.NewRule)), cmp.Compare(a.Old.String(), b.Old.String()),
			cmp.Compare(a.New.String(), b.New.String()))
	})
	if d.work < 0 {
		return d.changes, fmt.Errorf("validate: Diff: %w: it checked %d rule pairs and requests and stopped; the %d changes listed are a part of the changes", ErrTooMuchWork, MaxDiffWork, len(d.changes))
	}
	if len(d.truncated) > 0 {
		cl := d.truncated[0]
		who := clip.QuoteKey(cl.login)
		if cl.aud != "" {
			who += " with app client " + clip.QuoteKey(cl.aud)
		}
		if n := len(d.truncated); n > 1 {
			who = strconv.Itoa(n) + " logins, the first " + who + ","
		}
		return d.changes, fmt.Errorf("validate: Diff: %w: the witnesses listed reached %d claim values, so the rule pairs of %s are listed in part; each login kind and mapping key that changes still has a change", ErrTooManyChanges, MaxWitnessValues, who)
	}
	return d.changes, nil
}

var scopeRank = map[string]int{"guest": 0, "developer": 1, "provider": 2, "mapping": 3, "default": 4}

// ruleOrder sorts rule paths by index: "" first, then Rules[2] before
// Rules[10].
func ruleOrder(path string) int {
	if path == "" {
		return -1
	}
	i := strings.LastIndexByte(path, '[')
	n, _ := strconv.Atoi(strings.TrimSuffix(path[i+1:], "]"))
	return n
}

type differ struct {
	old, new rolemap.Pool
	ro, rn   *rolemap.Resolver
	changes  []Change
	seen     map[string]bool
	// alike holds the classes whose rule pairs were analysed (firstAlike).
	alike map[string]bool
	// budget is what MaxWitnessValues leaves; truncated lists the classes
	// whose rule pairs were not all checked.
	budget    int
	truncated []class
	// work is what MaxDiffWork leaves.
	work int
	// visit, when not nil, is given every request checked (DiffCredentials).
	visit func(rolemap.Request)
}

// Fresh values no pool holds, for witnesses that must avoid every value.
const (
	freshARN      = "arn:aws:iam::000000000000:role/rolemapping-diff-fresh-1"
	freshARN2     = "arn:aws:iam::000000000000:role/rolemapping-diff-fresh-2"
	freshPrefARN  = "arn:aws:iam::000000000000:role/rolemapping-diff-fresh-3"
	freshSAMLProv = "arn:aws:iam::000000000000:saml-provider/rolemapping-diff-fresh"
	freshHost     = "rolemapping-diff-fresh.example"
	freshUPLogin  = "cognito-idp.us-east-1.amazonaws.com/us-east-1_rolemappingDiffFresh"
	freshClient   = "rolemappingdifffreshclient"
)

// class is one login (and for a user pool, app client) whose requests the
// two pools may decide differently.
type class struct {
	login string
	kind  rolemap.ProviderKind
	aud   string
}

func (d *differ) run() {
	// Guests: the outcome depends only on CustomRoleArn.
	for _, c := range d.customs() {
		d.check("guest", rolemap.Request{CustomRoleARN: c})
	}
	// Developer logins: the default role, and CustomRoleArn.
	for _, c := range d.customs() {
		d.check("developer", rolemap.Request{Login: spec.DeveloperLogin, CustomRoleARN: c})
	}
	for _, cl := range d.classes() {
		if d.work < 0 {
			return
		}
		d.classChanges(cl)
	}
}

// customs are the CustomRoleArn values that can tell pools apart: none,
// each default role of either pool, and a fresh one.
func (d *differ) customs() []string {
	out := []string{"", freshARN}
	for _, p := range []rolemap.Pool{d.old, d.new} {
		for _, k := range []string{rolemap.RoleAuthenticated, rolemap.RoleUnauthenticated} {
			if r, ok := p.Roles[k]; ok && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// classes lists every login either pool names (mapping keys, split at each
// colon for user pools; configured providers), each social login, and a
// fresh login of each other kind, and for each user pool login a fresh app
// client.
func (d *differ) classes() []class {
	set := map[class]bool{}
	addUserPool := func(login, aud string) {
		if rolemap.KindOf(login) == rolemap.KindUserPool && aud != "" {
			set[class{login, rolemap.KindUserPool, aud}] = true
			set[class{login, rolemap.KindUserPool, freshClient}] = true
		}
	}
	add := func(login string) {
		switch k := rolemap.KindOf(login); k {
		case rolemap.KindUnauthenticated, rolemap.KindDeveloper:
		case rolemap.KindUserPool:
		default:
			if len(login) <= spec.LoginMaxLen {
				set[class{login: login, kind: k}] = true
			}
		}
	}
	for _, p := range []rolemap.Pool{d.old, d.new} {
		for key := range p.RoleMappings {
			add(key)
			for i := 0; i < len(key); i++ {
				if key[i] == ':' {
					addUserPool(key[:i], key[i+1:])
				}
			}
		}
		for _, prov := range p.CognitoIdentityProviders {
			addUserPool(prov.ProviderName, prov.ClientID)
		}
		for k := range p.SupportedLoginProviders {
			add(k)
		}
		for _, arn := range p.OpenIDConnectProviderARNs {
			if h := rolemap.OIDCHost(arn); h != "" {
				add(h)
			}
		}
		for _, arn := range p.SAMLProviderARNs {
			add(arn)
		}
	}
	for _, s := range spec.SocialProviders {
		add(s)
	}
	add(freshHost)
	add("arn:aws:iam::000000000000:saml-provider/rolemapping-diff-fresh")
	addUserPool(freshUPLogin, freshClient)
	out := slices.Collect(maps.Keys(set))
	slices.SortFunc(out, func(a, b class) int { return cmp.Or(cmp.Compare(a.login, b.login), cmp.Compare(a.aud, b.aud)) })
	return out
}

// mappingOf returns the mapping a class selects in p.
func mappingOf(p rolemap.Pool, cl class) (string, rolemap.Mapping, bool) {
	key := cl.login
	if cl.kind == rolemap.KindUserPool {
		key = cl.login + ":" + cl.aud
	}
	m, ok := p.RoleMappings[key]
	return key, m, ok
}

// classChanges finds the changes of one class.
func (d *differ) classChanges(cl class) {
	key, mo, okO := mappingOf(d.old, cl)
	_, mn, okN := mappingOf(d.new, cl)
	base := func() map[string]any {
		c := map[string]any{}
		if cl.kind == rolemap.KindUserPool {
			c[spec.ClaimAudience] = cl.aud
		}
		return c
	}
	req := func(claims map[string]any, custom string) rolemap.Request {
		return rolemap.Request{Login: cl.login, Claims: claims, CustomRoleARN: custom}
	}
	// Rules mappings: every pair of (old first match, new first match).
	var oldRules, newRules []rolemap.Rule
	if okO && mo.Type == rolemap.TypeRules {
		oldRules = mo.RulesConfiguration.Rules
	}
	if okN && mn.Type == rolemap.TypeRules {
		newRules = mn.RulesConfiguration.Rules
	}
	scenarios := tokenScenarios(cl, d)
	if (oldRules != nil || newRules != nil) && d.firstAlike(cl, key, oldRules, newRules, req(base(), "")) {
		d.pairChanges(cl, key, oldRules, newRules, func(claims map[string]any) rolemap.Request {
			maps.Copy(claims, base())
			return req(claims, "")
		}, scenarios, okO && mo.Type != rolemap.TypeRules || okN && mn.Type != rolemap.TypeRules ||
			cl.kind == rolemap.KindSAML && !(okO && okN))
	}
	// Token, SAML and default-role decisions, and CustomRoleArn.
	d.check("", req(base(), ""))
	for _, sc := range scenarios {
		c := base()
		maps.Copy(c, sc)
		d.check("", req(c, ""))
	}
	for _, custom := range d.customs()[1:] {
		d.check("", req(base(), custom))
		for _, sc := range entitled(cl, custom) {
			c := base()
			maps.Copy(c, sc)
			d.check("", req(c, custom))
		}
	}
}

// firstAlike reports whether cl is the first class to reach the rule lists
// of key alike: two classes that select the same mapping key, pin the
// claims the rules read to the same values and stop at the same point of
// each pool before its mapping — reaching it, or the same error — decide
// every witness of a rule pair alike, and their changes are the same
// (rolemap/REFERENCE.md §8 lists one per mapping key, outcomes and rules). A user pool key
// with 40 colons is 40 such classes, whose pairs are analysed once.
func (d *differ) firstAlike(cl class, key string, oldRules, newRules []rolemap.Rule, req rolemap.Request) bool {
	var b strings.Builder
	b.WriteString(key)
	b.WriteString("\x00" + cl.kind.String())
	rt := route(cl)
	seen := map[string]bool{}
	for _, list := range [][]rolemap.Rule{oldRules, newRules} {
		for _, r := range list {
			if seen[r.Claim] {
				continue
			}
			seen[r.Claim] = true
			if vals, ok := rt.fixed(r.Claim); ok {
				b.WriteString("\x00" + r.Claim + "=" + strings.Join(vals, "\x01"))
			}
		}
	}
	for _, res := range []*rolemap.Resolver{d.ro, d.rn} {
		dec, err := res.Resolve(req)
		switch {
		case err == nil && dec.MappingKey == key, errKey(err) == key:
			b.WriteString("\x00reached")
		default:
			o := outcomeOf(dec, err)
			b.WriteString("\x00" + o.Role + "\x01" + o.Error + "\x01" + o.Message)
		}
	}
	id := b.String()
	if d.alike[id] {
		return false
	}
	d.alike[id] = true
	return true
}

// pairChanges checks the witness of every pair (i, j) of first matching
// rules of a class's Rules mappings (nil for a pool that decides the class
// otherwise). overlay says the scenarios must be tried on each witness too:
// one pool decides the class by a Token mapping or, for SAML, by the
// assertion, which the claims of a scenario steer. A pool that decides by
// Rules gives the outcome of its first matching rule, so once witnesses
// have shown the outcomes of rules i and j, a pair whose two outcomes are
// known and equal needs no witness. (When a pool decides otherwise, its
// side of every pair is 0, each pair holds a rule of the other pool that
// no earlier pair held, and none is skipped.) Once the witnesses Diff lists hold MaxWitnessValues claim
// values, a class stops at its first listed change.
func (d *differ) pairChanges(cl class, key string, oldRules, newRules []rolemap.Rule,
	req func(map[string]any) rolemap.Request, scenarios []map[string]any, overlay bool) {
	oldOut := make([]*Outcome, len(oldRules)+1)
	newOut := make([]*Outcome, len(newRules)+1)
	listed := false // a change of this class's pairs is listed
	// witnessed holds the pairs of outcomes a witness has shown, when
	// DiffCredentials visits: it needs a request of each.
	witnessed := map[[2]Outcome]bool{}
	s := newPairSolver(cl, key, oldRules, newRules)
	s.work = &d.work
	s.each(func(i, j int) bool {
		return oldOut[i] == nil || newOut[j] == nil || *oldOut[i] != *newOut[j] ||
			d.visit != nil && !witnessed[[2]Outcome{*oldOut[i], *newOut[j]}]
	}, func(i, j int, claims map[string]any) bool {
		try := func(claims map[string]any) (o, n Outcome) {
			o, n, ok := d.check("", req(claims))
			witnessed[[2]Outcome{o, n}] = true
			if ok {
				d.budget -= witnessValues(claims)
				listed = true
			}
			return o, n
		}
		o, n := try(claims)
		oldOut[i], newOut[j] = &o, &n
		if overlay {
			for _, sc := range scenarios {
				c := maps.Clone(claims)
				maps.Copy(c, sc)
				try(c)
			}
		}
		if d.budget <= 0 && listed {
			d.truncated = append(d.truncated, cl)
			return false
		}
		return true
	})
}

// tokenScenarios are the claims that tell Token and SAML decisions apart:
// no role, one fresh role, two roles, a preferred role; for SAML the same
// through the Role attribute.
func tokenScenarios(cl class, d *differ) []map[string]any {
	if cl.kind == rolemap.KindSAML {
		pair := func(role string) string { return role + "," + cl.login }
		return []map[string]any{
			{spec.SAMLRoleAttribute: []any{pair(freshARN)}},
			{spec.SAMLRoleAttribute: []any{pair(freshARN), pair(freshARN2)}},
		}
	}
	sc := []map[string]any{
		{spec.ClaimRoles: []any{freshARN}},
		{spec.ClaimRoles: []any{freshARN, freshARN2}},
		{spec.ClaimRoles: []any{freshARN, freshARN2}, spec.ClaimPreferredRole: freshPrefARN},
	}
	for _, p := range []rolemap.Pool{d.old, d.new} {
		if r, ok := p.Roles[rolemap.RoleAuthenticated]; ok {
			sc = append(sc, map[string]any{spec.ClaimRoles: []any{r}})
		}
	}
	return sc
}

// entitled are the claims that entitle a request to custom: a token or an
// assertion that lists it.
func entitled(cl class, custom string) []map[string]any {
	if cl.kind == rolemap.KindSAML {
		return []map[string]any{{spec.SAMLRoleAttribute: []any{custom + "," + cl.login}}}
	}
	return []map[string]any{{spec.ClaimRoles: []any{custom}}}
}

// check resolves req under both pools and records a change if they differ.
// It returns the two outcomes, and whether it listed a new change.
func (d *differ) check(scope string, req rolemap.Request) (o, n Outcome, listed bool) {
	d.work--
	if d.visit != nil {
		d.visit(req)
	}
	od, oerr := d.ro.Resolve(req)
	nd, nerr := d.rn.Resolve(req)
	o, n = outcomeOf(od, oerr), outcomeOf(nd, nerr)
	if o == n {
		return o, n, false
	}
	var key string
	for _, k := range []string{od.MappingKey, nd.MappingKey, errKey(oerr), errKey(nerr)} {
		if k != "" {
			key = k
			break
		}
	}
	if scope == "" {
		scope = "default"
		switch {
		case errors.Is(oerr, errUnsupportedProvider) != errors.Is(nerr, errUnsupportedProvider):
			scope = "provider"
		case key != "":
			scope = "mapping"
		}
	}
	ch := Change{Scope: scope, Kind: rolemap.KindOf(req.Login), Login: req.Login, MappingKey: key, Old: o, New: n, Witness: req}
	if od.Match != nil {
		ch.OldRule = rulePath(od.MappingKey, od.Match.Index).String()
	}
	if nd.Match != nil {
		ch.NewRule = rulePath(nd.MappingKey, nd.Match.Index).String()
	}
	// One change per (scope, outcomes, rules involved), rolemap/REFERENCE.md §8; the scope
	// is where the change lives: the mapping key, else the login.
	where := ch.MappingKey
	if where == "" {
		where = ch.Login
	}
	id := strings.Join([]string{ch.Scope, where, ch.OldRule, ch.NewRule, o.Role, o.Error, o.Message, n.Role, n.Error, n.Message}, "\x00")
	if d.seen[id] {
		return o, n, false
	}
	d.seen[id] = true
	ch.Message = describeChange(ch, req.CustomRoleARN)
	d.changes = append(d.changes, ch)
	return o, n, true
}

// witnessValues counts the claim values of a witness: a list's elements,
// or one.
func witnessValues(claims map[string]any) int {
	n := 0
	for _, v := range claims {
		if l, ok := v.([]any); ok {
			n += len(l)
		} else {
			n++
		}
	}
	return n
}

// errUnsupportedProvider matches, with errors.Is, the refusal of a login
// the pool does not configure (rolemap/REFERENCE.md §3.2 step 3).
var errUnsupportedProvider = &rolemap.Error{Code: spec.CodeNotAuthorized, Message: spec.MsgUnsupportedProvider}

func errKey(err error) string {
	var e *rolemap.Error
	if errors.As(err, &e) {
		return e.MappingKey
	}
	return ""
}

func outcomeOf(d rolemap.Decision, err error) Outcome {
	var e *rolemap.Error
	if errors.As(err, &e) {
		return Outcome{Error: e.Code, Message: e.Message}
	}
	return Outcome{Role: d.RoleARN}
}

func describeChange(ch Change, custom string) string {
	var who string
	switch ch.Scope {
	case "guest":
		who = "guests"
	case "developer":
		who = "developer-authenticated logins"
	default:
		who = "logins of " + clip.QuoteKey(ch.Login)
		if ch.MappingKey != "" {
			who += " (RoleMappings[" + clip.QuoteKey(ch.MappingKey) + "])"
		}
	}
	if custom != "" {
		who += " asking for " + custom
	}
	rule := func(path string) string {
		if path == "" {
			return ""
		}
		return " by rule " + strconv.Itoa(ruleOrder(path))
	}
	return who + ": " + ch.Old.String() + rule(ch.OldRule) + " becomes " + ch.New.String() + rule(ch.NewRule)
}

// pairSolver finds, for two rule lists of one mapping key, every pair
// (i, j) — the first rule of the old list that matches is i, of the new
// list j, len(list) meaning none — that some claims make true together,
// and builds those claims. See "Semantic diff" in the package
// documentation for the argument. Each pair is decided in O(1) from
// tables built in O(n·m) comparisons.
type pairSolver struct {
	cl       class
	key      string
	old, new []rolemap.Rule
	fresh    string
	oldVis   []bool
	newVis   []bool
	claims   map[string]*claimTables
	work     *int // what is left of Diff's work budget
}

// claimTables are the precomputed facts about one claim's rules.
type claimTables struct {
	name    string
	pinned  []pinnedValue // for a claim the token checks pin: its candidates
	oo, nn  int           // conflict thresholds within one list
	jON     []int         // by i: conflict once j > jON[i] (old NotEqual, new positive)
	jNO     []int         // by i: conflict once j > jNO[i] (new NotEqual, old positive)
	negsOld []int         // old NotEqual rules on the claim, in order
	negsNew []int
	// repeatOld[k]: the value of negsOld[k] is an earlier one's. heldOld[k]:
	// the first old NotEqual rule with negsNew[k]'s value (inf if none), or
	// -1 when an earlier new NotEqual rule has it; a witness holds the
	// value through that rule when it comes before i.
	repeatOld []bool
	heldOld   []int
}

type pinnedValue struct {
	value              string // "" for absent
	firstOld, firstNew int    // the first rule of each list matching it
}

// cover is, for one rule, the first positive rule of each list on the same
// claim that covers it (for Equals: accepts its value).
type cover struct{ old, new int }

const inf = math.MaxInt32

func newPairSolver(cl class, key string, old, new []rolemap.Rule) *pairSolver {
	s := &pairSolver{cl: cl, key: key, old: old, new: new, claims: map[string]*claimTables{}}
	s.fresh, _ = freshSymbol(append(slices.Clone(old), new...))
	rt := route(cl)
	s.oldVis = visibility(key, old)
	s.newVis = visibility(key, new)
	for _, list := range [][]rolemap.Rule{old, new} {
		for _, r := range list {
			if s.claims[r.Claim] == nil {
				t := &claimTables{name: r.Claim}
				if vals, ok := rt.fixed(r.Claim); ok {
					if r.Claim != spec.ClaimAudience || cl.kind != rolemap.KindUserPool {
						t.pinned = append(t.pinned, pinnedValue{value: ""}) // iss may be absent
					}
					for _, v := range vals {
						t.pinned = append(t.pinned, pinnedValue{value: v})
					}
				}
				s.claims[r.Claim] = t
			}
		}
	}
	for _, t := range s.claims {
		s.tables(t)
	}
	return s
}

func visibility(key string, rules []rolemap.Rule) []bool {
	v := make([]bool, len(rules))
	for i, r := range rules {
		v[i] = spec.RuleSeesClaim(key, r.Claim)
	}
	return v
}

func positive(r rolemap.Rule) bool { return r.MatchType != rolemap.NotEqual }

// firstAccepting returns the first visible positive rule of list on claim
// accepting s, or inf.
func firstAccepting(list []rolemap.Rule, vis []bool, claim, s string) int {
	for k, r := range list {
		if vis[k] && r.Claim == claim && positive(r) && accepts(r, s) {
			return k
		}
	}
	return inf
}

// firstMatching returns the first visible rule of list on claim matching
// the one value v, or inf.
func firstMatching(list []rolemap.Rule, vis []bool, claim, v string) int {
	for k, r := range list {
		if vis[k] && r.Claim == claim && matches(r, []string{v}) {
			return k
		}
	}
	return inf
}

// firstCovering returns the first visible positive rule of list on p's
// claim that p can never escape: for Equals p one accepting its value, for
// StartsWith and Contains one that covers p.
func firstCovering(list []rolemap.Rule, vis []bool, p rolemap.Rule) int {
	for k, q := range list {
		if !vis[k] || q.Claim != p.Claim || !positive(q) {
			continue
		}
		if p.MatchType == rolemap.Equals && accepts(q, p.Value) || p.MatchType != rolemap.Equals && covers(q, p) {
			return k
		}
	}
	return inf
}

// negatives returns the visible NotEqual rules of list on claim, and the
// least k such that the rules before k hold a NotEqual rule and a positive
// rule accepting its value (a conflict within the list), or inf.
func negatives(list []rolemap.Rule, vis []bool, claim string) ([]int, int) {
	var idx []int
	threshold := inf
	for a, r := range list {
		if vis[a] && r.Claim == claim && r.MatchType == rolemap.NotEqual {
			idx = append(idx, a)
			threshold = min(threshold, max(a, firstAccepting(list, vis, claim, r.Value)))
		}
	}
	return idx, threshold
}

func (s *pairSolver) tables(t *claimTables) {
	n := len(s.old)
	t.negsOld, t.oo = negatives(s.old, s.oldVis, t.name)
	t.negsNew, t.nn = negatives(s.new, s.newVis, t.name)
	firstOld := map[string]int{}
	t.repeatOld = make([]bool, len(t.negsOld))
	for k, a := range t.negsOld {
		if _, ok := firstOld[s.old[a].Value]; ok {
			t.repeatOld[k] = true
		} else {
			firstOld[s.old[a].Value] = a
		}
	}
	seenNew := map[string]bool{}
	t.heldOld = make([]int, len(t.negsNew))
	for k, b := range t.negsNew {
		v := s.new[b].Value
		a, ok := firstOld[v]
		switch {
		case seenNew[v]:
			t.heldOld[k] = -1
		case ok:
			t.heldOld[k] = a
		default:
			t.heldOld[k] = inf
		}
		seenNew[v] = true
	}
	// jON[i]: the least eAN over old NotEqual rules before i.
	t.jON = make([]int, n+1)
	cur := inf
	k := 0
	for i := 0; i <= n; i++ {
		for k < len(t.negsOld) && t.negsOld[k] < i {
			cur = min(cur, firstAccepting(s.new, s.newVis, t.name, s.old[t.negsOld[k]].Value))
			k++
		}
		t.jON[i] = cur
	}
	// jNO[i]: the least new NotEqual index b whose value an old positive
	// rule before i accepts.
	t.jNO = make([]int, n+1)
	for i := range t.jNO {
		t.jNO[i] = inf
	}
	for _, b := range t.negsNew {
		if e := firstAccepting(s.old, s.oldVis, t.name, s.new[b].Value); e < inf {
			for i := e + 1; i <= n; i++ {
				if b < t.jNO[i] {
					t.jNO[i] = b
				} else {
					break
				}
			}
		}
	}
	for pi := range t.pinned {
		pv := &t.pinned[pi]
		pv.firstOld, pv.firstNew = inf, inf
		if pv.value == "" {
			continue // absent matches nothing
		}
		pv.firstOld = firstMatching(s.old, s.oldVis, t.name, pv.value)
		pv.firstNew = firstMatching(s.new, s.newVis, t.name, pv.value)
	}
}

// each calls f with the claims of every satisfiable pair (i, j) that want
// asks for, in order, until f returns false.
func (s *pairSolver) each(want func(i, j int) bool, f func(i, j int, claims map[string]any) bool) {
	n, m := len(s.old), len(s.new)
	covers := func(list []rolemap.Rule, vis []bool) []cover {
		c := make([]cover, len(list))
		for k, p := range list {
			c[k] = cover{inf, inf}
			if vis[k] && positive(p) {
				c[k] = cover{firstCovering(s.old, s.oldVis, p), firstCovering(s.new, s.newVis, p)}
			}
		}
		return c
	}
	covOld, covNew := covers(s.old, s.oldVis), covers(s.new, s.newVis)
	var aud *claimTables
	if s.cl.kind == rolemap.KindUserPool {
		aud = s.claims[spec.ClaimAudience]
	}
	for i := 0; i <= n; i++ {
		if i < n && (!s.oldVis[i] || covOld[i].old < i) {
			continue // the old rule never matches, or never first
		}
		for j := 0; j <= m; j++ {
			if j < m && !s.newVis[j] || !want(i, j) {
				continue
			}
			if *s.work--; *s.work < 0 {
				return // Diff's work budget is spent
			}
			if claims, ok := s.solve(i, j, covOld, covNew, aud); ok {
				if !f(i, j, claims) {
					return
				}
			} else if s.prefixDead(i, j, covOld, aud) {
				break // more new rules that must not match cannot help
			}
		}
	}
}

// prefixDead reports whether the constraints of (i, j) without its new
// rule are already unsatisfiable, so that no larger j is satisfiable.
func (s *pairSolver) prefixDead(i, j int, covOld []cover, aud *claimTables) bool {
	if i < len(s.old) {
		c := s.claims[s.old[i].Claim]
		if c.pinned == nil && s.conflict(c, i, j+1) {
			return true
		}
		if positive(s.old[i]) && covOld[i].new <= j {
			return true
		}
	}
	if aud != nil && !s.pinnedOK(aud, i, j+1, nil, nil) {
		return true
	}
	return false
}

func (s *pairSolver) conflict(t *claimTables, i, j int) bool {
	return i > t.oo || j > t.nn || j > t.jON[i] || j > t.jNO[i]
}

// pinnedOK reports whether some candidate value of a pinned claim makes
// the old rules before i and the new rules before j not match, and the
// rules of must match.
func (s *pairSolver) pinnedOK(t *claimTables, i, j int, must []rolemap.Rule, chosen *string) bool {
	for _, pv := range t.pinned {
		if pv.firstOld < i || pv.firstNew < j {
			continue
		}
		ok := true
		for _, r := range must {
			if pv.value == "" || !matches(r, []string{pv.value}) {
				ok = false
				break
			}
		}
		if ok {
			if chosen != nil {
				*chosen = pv.value
			}
			return true
		}
	}
	return false
}

// solve decides the pair (i, j) and builds its claims.
func (s *pairSolver) solve(i, j int, covOld, covNew []cover, aud *claimTables) (map[string]any, bool) {
	must := map[string][]rolemap.Rule{}
	if i < len(s.old) {
		p := s.old[i]
		if positive(p) && covOld[i].new < j {
			return nil, false
		}
		must[p.Claim] = append(must[p.Claim], p)
	}
	if j < len(s.new) {
		p := s.new[j]
		if positive(p) && (covNew[j].old < i || covNew[j].new < j) {
			return nil, false
		}
		must[p.Claim] = append(must[p.Claim], p)
	}
	claims := map[string]any{}
	if aud != nil {
		if _, ok := must[spec.ClaimAudience]; !ok && !s.pinnedOK(aud, i, j, nil, nil) {
			return nil, false
		}
	}
	for _, name := range slices.Sorted(maps.Keys(must)) {
		t, rules := s.claims[name], must[name]
		if t.pinned != nil {
			var v string
			if !s.pinnedOK(t, i, j, rules, &v) {
				return nil, false
			}
			if v != "" {
				claims[name] = v
			}
			continue
		}
		if s.conflict(t, i, j) {
			return nil, false
		}
		// The list: every NotEqual value that must be held, each once (the
		// tables mark repeats), then one element per positive rule that
		// must match. A held value that a NotEqual rule which must match
		// names is a conflict.
		var forbidden []string // the values of rules i and j, if NotEqual
		for _, r := range rules {
			if r.MatchType == rolemap.NotEqual {
				forbidden = append(forbidden, r.Value)
			}
		}
		var list []any
		hold := func(v string) bool {
			list = append(list, v)
			return !slices.Contains(forbidden, v)
		}
		for k, a := range t.negsOld {
			if a >= i {
				break
			}
			if !t.repeatOld[k] && !hold(s.old[a].Value) {
				return nil, false
			}
		}
		for k, b := range t.negsNew {
			if b >= j {
				break
			}
			if f := t.heldOld[k]; f >= i && !hold(s.new[b].Value) {
				return nil, false
			}
		}
		for _, r := range rules {
			var v string
			switch r.MatchType {
			case rolemap.Equals:
				if slices.Contains(forbidden, r.Value) {
					return nil, false
				}
				v = r.Value
			case rolemap.StartsWith:
				v = r.Value + s.fresh
			case rolemap.Contains:
				v = s.fresh + r.Value
			default:
				continue
			}
			if !slices.Contains(list, any(v)) {
				list = append(list, v)
			}
		}
		switch len(list) {
		case 0:
			claims[name] = s.fresh
		case 1:
			claims[name] = list[0]
		default:
			claims[name] = list
		}
	}
	return claims, true
}
