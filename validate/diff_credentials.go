package validate

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// Side is one side of [DiffCredentials]: a deployment — a pool, the trust
// policies of its roles (nil: no trust check) and its user pools' groups
// and users.
type Side = credentials.Deployment

// CredentialsReport is what [DiffCredentialsReport] found: the changes,
// and the reads its search did not cover.
type CredentialsReport struct {
	Changes []Change `json:"changes"`
	// Uncovered lists what either side reads that the search did not
	// vary through every value that tells requests apart, in a fixed
	// order. Empty means the list of changes is complete: every request
	// whose credentials differ is in a change of its login kind and
	// mapping key.
	Uncovered []Uncovered `json:"uncovered,omitempty"`

	analyses [2]*Analysis
}

// Analyses returns the analyses of the two pools the report compared, so
// that a caller analyses them no more ([WithAccessAnalysis]); nil for a
// report built by hand.
func (r *CredentialsReport) Analyses() (old, new *Analysis) { return r.analyses[0], r.analyses[1] }

// Complete reports whether the search covered every read.
func (r *CredentialsReport) Complete() bool { return len(r.Uncovered) == 0 }

// Uncovered is a read the search of [DiffCredentialsReport] did not cover.
type Uncovered struct {
	// Read names what is read and where (the trust policy of a role, a
	// tag map's claim at a login).
	Read string `json:"read"`
	// Why says why the search does not cover it.
	Why string `json:"why"`
}

// MaxClaimCombinations bounds the claim values [DiffCredentialsReport]
// tries together on one request: past it, it varies each claim on its own
// and reports the combinations as uncovered.
const MaxClaimCombinations = 1024

// MaxCredentialsWork bounds the time of [DiffCredentialsReport]'s search:
// it resolves at most this many requests (each on both sides), then
// reports the rest as uncovered. A review stays far below it.
const MaxCredentialsWork = 1 << 18

// DiffCredentials returns the changes of [DiffCredentialsReport], and its
// error; it does not say whether the list is complete.
func DiffCredentials(old, new Side, opts ...rolemap.Option) ([]Change, error) {
	r, err := DiffCredentialsReport(old, new, opts...)
	if r == nil {
		return nil, err
	}
	return r.Changes, err
}

// DiffCredentialsReport compares what two sides give each request: the
// changes of [Diff] (the role choice), then the changes of the credentials
// — a trust policy that now refuses or admits a request (scope "trust"),
// principal tags that differ (scope "tags"), also where the role choice
// changed too when the credentials say more than the role (a refusal, a
// role without a policy, tags) — each with a witness; then, for each user
// of a Token mapping's user pool on both sides whose groups give other
// claims, the change of that user's credentials (scope "groups"), whose
// Witness has the new groups' claims and OldWitness the old ones'.
//
// The search starts from every request [Diff] resolves (a witness of each
// pair of first-matching rules, the token and SAML scenarios, the
// CustomRoleArn values), each rule witness, each Token mapping user, each
// role any policy or rule names in a token or as CustomRoleArn, and a
// guest. On each it varies every claim a tag map of either side reads at
// its login: absent, each value a trust condition compares the tag with (a
// literal, a string matching a pattern, another spelling for
// ...IgnoreCase), a fresh value matching none, a list and a value too long
// for a tag. A developer login's own tags are varied the same way, over
// the keys the policies name and a fresh one. The report lists as
// uncovered what this does not decide: a condition on the identity ID
// (sub), on an amr value that holds the token's sub, or on an amr value
// that may name a login the search does not try (a pool that lists no
// providers takes every login), a claim the role choice reads that also
// feeds a tag, values of two
// patterns or of a pattern and ...IgnoreCase on one tag, developer logins'
// own tags when the policies name their keys by pattern, more than
// [MaxClaimCombinations] combinations, Diff's own budgets and
// [MaxCredentialsWork]. The error is Diff's.
func DiffCredentialsReport(old, new Side, opts ...rolemap.Option) (*CredentialsReport, error) {
	oldA, newA, err := analyzePair(old.Pool, new.Pool, opts...)
	if err != nil {
		return nil, err
	}
	oldRes, newRes := oldA.Resolver(), newA.Resolver()
	oldC, _ := credentials.New(oldRes, old.Roles)
	newC, _ := credentials.New(newRes, new.Roles)
	s := &search{old: old, new: new, analyses: [2]*Analysis{oldA, newA}, oldC: oldC, newC: newC, oldRes: oldRes, newRes: newRes,
		seen: map[string]bool{}, bases: map[string]bool{}, uncovered: map[Uncovered]bool{}, roles: roleSet(old, new), work: MaxCredentialsWork}
	s.readsOfPolicies()
	// Users and providers' requests first: their witnesses read best.
	for _, req := range s.extraBases() {
		s.base(req)
	}
	substituted := map[string]bool{}
	changes, err := diff(oldA, newA, func(req rolemap.Request) {
		s.base(req)
		// A token or an assertion that names roles: also each role either
		// side names, which Diff's fresh roles stand for in the role
		// choice but not in the trust check; once per pair of outcomes.
		for _, claim := range []string{spec.ClaimRoles, spec.SAMLRoleAttribute} {
			if _, ok := req.Claims[claim]; !ok || s.work <= 0 {
				continue
			}
			od, oerr := s.oldRes.Resolve(req)
			nd, nerr := s.newRes.Resolve(req)
			o, n := outcomeOf(od, oerr), outcomeOf(nd, nerr)
			aud, _ := rolemap.ClaimText(req.Claims[spec.ClaimAudience])
			id := strings.Join([]string{claim, req.Login, aud, req.CustomRoleARN, o.Role, o.Error, o.Message, n.Role, n.Error, n.Message}, "\x00")
			if substituted[id] {
				continue
			}
			substituted[id] = true
			for _, arn := range s.roles {
				c := maps.Clone(req.Claims)
				delete(c, spec.ClaimPreferredRole)
				c[claim] = entitledRole(req.Login, arn)
				s.base(rolemap.Request{Login: req.Login, Claims: c, CustomRoleARN: req.CustomRoleARN})
			}
		}
	})
	if err != nil && !errors.Is(err, ErrTooManyChanges) && !errors.Is(err, ErrTooMuchWork) {
		return nil, err
	}
	if err != nil {
		s.uncover("the rule pairs of the role choice", err.Error())
	}
	if s.work <= 0 {
		s.uncover("the requests of the credentials search", "it stopped after "+strconv.Itoa(MaxCredentialsWork)+" requests (MaxCredentialsWork)")
	}
	slices.SortStableFunc(s.changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Login, b.Login), cmp.Compare(a.MappingKey, b.MappingKey), cmp.Compare(a.Scope, b.Scope),
			cmp.Compare(a.Old.String(), b.Old.String()), cmp.Compare(a.New.String(), b.New.String()),
			cmp.Compare(showTags(a.OldTags), showTags(b.OldTags)), cmp.Compare(showTags(a.NewTags), showTags(b.NewTags)))
	})
	report := &CredentialsReport{Changes: append(changes, s.changes...), analyses: [2]*Analysis{oldA, newA}}
	report.Changes = append(report.Changes, s.groupChanges()...)
	report.Uncovered = slices.SortedFunc(maps.Keys(s.uncovered), func(a, b Uncovered) int {
		return cmp.Or(cmp.Compare(a.Read, b.Read), cmp.Compare(a.Why, b.Why))
	})
	return report, err
}

// credentialsTried counts the requests the search resolves on both sides:
// a test holds it to the role pairs, not the rules.
var credentialsTried atomic.Int64

// search holds the state of DiffCredentialsReport's search.
type search struct {
	old, new       Side
	analyses       [2]*Analysis // of old and new
	oldC, newC     *credentials.Checker
	oldRes, newRes *rolemap.Resolver
	changes        []Change
	work           int             // what MaxCredentialsWork leaves
	seen           map[string]bool // changes listed
	bases          map[string]bool // base requests tried
	uncovered      map[Uncovered]bool
	roles          []string // every role ARN either side names
	// reads are the conditions of every policy of either side; tagReads
	// those on aws:RequestTag/K by lower-case K.
	reads    []policyRead
	tagReads map[string][]policyRead
	// tagsRead: some policy reads aws:RequestTag/… or aws:TagKeys.
	tagsRead bool
	// devPlan holds the developer tags to try.
	devPlan [][]devOption
	// logins done: their claims analysed (by login and aud).
	claimPlans map[string]*claimPlan
}

type policyRead struct {
	role string
	trust.Read
}

func (s *search) uncover(read, why string) {
	s.uncovered[Uncovered{Read: read, Why: why}] = true
}

// roleSet lists every role ARN the two sides name: their policies, default
// roles and rule roles.
func roleSet(sides ...Side) []string {
	set := map[string]bool{}
	for _, sd := range sides {
		for arn := range sd.Roles {
			set[arn] = true
		}
		for _, arn := range sd.Pool.Roles {
			set[arn] = true
		}
		for _, m := range sd.Pool.RoleMappings {
			if m.RulesConfiguration != nil {
				for _, r := range m.RulesConfiguration.Rules {
					set[r.RoleARN] = true
				}
			}
		}
	}
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

// readsOfPolicies gathers the conditions of the policies of both sides and
// lists those the search does not vary: the identity ID, and amr values
// that depend on the token's sub or a developer user ID.
func (s *search) readsOfPolicies() {
	s.tagReads = map[string][]policyRead{}
	for _, sd := range []Side{s.old, s.new} {
		for _, arn := range slices.Sorted(maps.Keys(sd.Roles)) {
			p := sd.Roles[arn]
			if p == nil {
				continue
			}
			for _, r := range p.Reads() {
				pr := policyRead{role: arn, Read: r}
				s.reads = append(s.reads, pr)
				lkey := strings.ToLower(r.Key)
				where := "the trust policy of " + clip.Quote(arn) + " at " + r.Path
				switch {
				case strings.HasPrefix(lkey, "aws:requesttag/"):
					k := strings.TrimPrefix(lkey, "aws:requesttag/")
					s.tagReads[k] = append(s.tagReads[k], pr)
					s.tagsRead = true
				case lkey == "aws:tagkeys":
					s.tagsRead = true
				case strings.HasSuffix(lkey, ":sub"):
					s.uncover(where, "it reads the identity ID, which the search does not vary")
				case strings.HasSuffix(lkey, ":amr"):
					if s.anyLogin() && r.Base != "Null" && slices.ContainsFunc(r.Values, func(v string) bool { return v != "authenticated" && v != "unauthenticated" }) {
						s.uncover(where, "a pool that lists no providers takes every login, and an amr value it compares may name one the search does not try")
					}
					if prefix, dep := s.amrDepends(r); dep {
						s.uncover(where, "an amr value it compares depends on what follows "+clip.Quote(prefix)+" (the token's sub or the developer user ID), which the search does not vary")
					}
				}
			}
		}
	}
	// Developer tags matter even when no policy reads them: any tag needs
	// sts:TagSession.
	s.devPlan = s.makeDevPlan()
}

// devOption is one choice of a developer tag slot: a key and its value, or
// no key ("").
type devOption struct{ key, value string }

// makeDevPlan lists the developer tags to try: the caller gives them, so
// the search makes them from what the policies read. Keys are grouped by
// what aws:RequestTag/K finds (keys equal ignoring case): each group is
// absent or holds one of its keys — each key aws:TagKeys names, and one
// spelling it does not — with each value the conditions on the tag
// compare; each key aws:TagKeys names outside those, and a fresh key, is
// absent or present.
func (s *search) makeDevPlan() [][]devOption {
	const where = "developer logins' principal tags"
	tagKeyLits := map[string]bool{}
	var requestKeys []string // as written
	for _, r := range s.reads {
		lkey := strings.ToLower(r.Key)
		switch {
		case lkey == "aws:tagkeys":
			if r.Base == "Null" {
				continue
			}
			if strings.Contains(r.Base, "IgnoreCase") || strings.Contains(r.Base, "Like") && slices.ContainsFunc(r.Values, func(v string) bool { return strings.ContainsAny(v, "*?") }) {
				s.uncover(where, "a condition on aws:TagKeys at "+r.Path+" compares keys ignoring case or by pattern; the search tries the keys it names only")
			}
			for _, v := range r.Values {
				tagKeyLits[v] = true
			}
		case strings.HasPrefix(lkey, "aws:requesttag/"):
			requestKeys = append(requestKeys, r.Key[len("aws:RequestTag/"):])
		}
	}
	isLit := func(k string) bool { return tagKeyLits[k] }
	groups := map[string][]string{} // lower-case key → keys to try
	for _, k := range requestKeys {
		lk := strings.ToLower(k)
		if _, ok := groups[lk]; ok {
			continue
		}
		var keys []string
		for _, lit := range slices.Sorted(maps.Keys(tagKeyLits)) {
			if strings.EqualFold(lit, k) {
				keys = append(keys, lit)
			}
		}
		if !isLit(k) {
			keys = append(keys, k)
		} else if alt, ok, proven := respell(k, isLit); ok {
			keys = append(keys, alt)
		} else if !proven {
			s.uncover(where, "every spelling of the key "+clip.Quote(k)+" the search tries is one aws:TagKeys names")
		}
		groups[lk] = keys
	}
	var plan [][]devOption
	for _, lk := range slices.Sorted(maps.Keys(groups)) {
		vals, why := tagValues(s.tagReads[lk])
		if why != "" {
			s.uncover(where+": the tag "+clip.Quote(lk), why)
		}
		slot := []devOption{{}}
		for _, k := range groups[lk] {
			for _, v := range vals {
				slot = append(slot, devOption{k, v})
			}
		}
		plan = append(plan, slot)
	}
	for _, k := range slices.Sorted(maps.Keys(tagKeyLits)) {
		if _, ok := groups[strings.ToLower(k)]; !ok {
			plan = append(plan, []devOption{{}, {k, "witness"}})
		}
	}
	fresh := "witness-key"
	for i := 2; tagKeyLits[fresh] || groups[strings.ToLower(fresh)] != nil; i++ {
		fresh = "witness-key-" + strconv.Itoa(i)
	}
	plan = append(plan, []devOption{{}, {fresh, "witness"}})
	combos := 1
	for _, slot := range plan {
		combos = min(combos*len(slot), MaxClaimCombinations+1)
	}
	if combos > MaxClaimCombinations {
		s.uncover(where, "their combinations are more than "+strconv.Itoa(MaxClaimCombinations)+"; the search tries each tag on its own")
		var single [][]devOption
		for _, slot := range plan {
			for _, o := range slot[1:] {
				single = append(single, []devOption{o})
			}
		}
		// Each as a plan of one slot, tried one after the other.
		return append([][]devOption{nil}, single...)
	}
	return plan
}

// eachDevTags calls f with each set of developer tags of the plan (nil
// for none), and a tag too long for STS.
func (s *search) eachDevTags(f func(map[string]string)) {
	plan := s.devPlan
	if len(plan) > 0 && plan[0] == nil {
		// One tag at a time.
		f(nil)
		for _, slot := range plan[1:] {
			f(map[string]string{slot[0].key: slot[0].value})
		}
	} else {
		idx := make([]int, len(plan))
		for {
			var tags map[string]string
			for i, slot := range plan {
				if o := slot[idx[i]]; o.key != "" {
					if tags == nil {
						tags = map[string]string{}
					}
					tags[o.key] = o.value
				}
			}
			f(tags)
			i := 0
			for ; i < len(idx); i++ {
				idx[i]++
				if idx[i] < len(plan[i]) {
					break
				}
				idx[i] = 0
			}
			if i == len(idx) {
				break
			}
		}
	}
	f(map[string]string{"witness-key": strings.Repeat("w", credentials.MaxTagValueLen+1)})
}

// anyLogin reports whether a side lists no providers, so that it takes
// every login.
func (s *search) anyLogin() bool {
	for _, sd := range []Side{s.old, s.new} {
		p := sd.Pool
		if p.CognitoIdentityProviders == nil && p.SupportedLoginProviders == nil && p.OpenIDConnectProviderARNs == nil && p.SAMLProviderARNs == nil {
			return true
		}
	}
	return false
}

// amrDepends reports whether a condition on amr can tell apart two
// requests of one login that differ only in the third amr value (the
// token's sub after LOGIN:CognitoSignIn:, the developer user ID after
// DEV:POOL:).
func (s *search) amrDepends(r trust.Read) (string, bool) {
	var prefixes []string
	for _, sd := range []Side{s.old, s.new} {
		for _, prov := range sd.Pool.CognitoIdentityProviders {
			prefixes = append(prefixes, prov.ProviderName+":CognitoSignIn:")
		}
		dev := cmp.Or(sd.Pool.DeveloperProviderName, spec.DeveloperLogin)
		prefixes = append(prefixes, dev+":"+sd.Pool.IdentityPoolID+":")
	}
	if r.Base == "Null" {
		return "", false
	}
	fold := strings.Contains(r.Base, "IgnoreCase")
	like := strings.Contains(r.Base, "Like")
	for _, p := range prefixes {
		for _, v := range r.Values {
			switch {
			case like && strings.ContainsAny(v, "*?"):
				if globDependsAfter(v, p) {
					return p, true
				}
			case fold:
				if len(v) >= len(p) && strings.EqualFold(v[:len(p)], p) || strings.Contains(strings.ToLower(v), strings.ToLower(p)) {
					return p, true
				}
			case strings.HasPrefix(v, p):
				return p, true
			}
		}
	}
	return "", false
}

// extraBases are the requests the search starts from besides Diff's: a
// guest, each provider's default, each rule witness, each Token mapping
// user, and each role named in a token, a SAML assertion or as
// CustomRoleArn.
func (s *search) extraBases() []rolemap.Request {
	out := []rolemap.Request{{}}
	for _, arn := range s.roles {
		out = append(out, rolemap.Request{CustomRoleARN: arn},
			rolemap.Request{Login: spec.DeveloperLogin, CustomRoleARN: arn})
	}
	type login struct{ login, aud string }
	var logins []login
	for i, sd := range []Side{s.old, s.new} {
		p := sd.Pool
		for _, prov := range p.CognitoIdentityProviders {
			logins = append(logins, login{prov.ProviderName, prov.ClientID})
		}
		for _, l := range slices.Sorted(maps.Keys(p.SupportedLoginProviders)) {
			logins = append(logins, login{l, p.SupportedLoginProviders[l]})
		}
		for _, arn := range p.OpenIDConnectProviderARNs {
			if host := rolemap.OIDCHost(arn); host != "" {
				logins = append(logins, login{host, "witness"})
			}
		}
		for _, arn := range p.SAMLProviderARNs {
			logins = append(logins, login{arn, ""})
		}
		ws := s.analyses[i].witnesses()
		for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
			out = append(out, ws[key]...)
			m := p.RoleMappings[key]
			l := mappingLogin(key)
			if m.Type != rolemap.TypeToken || rolemap.KindOf(l) != rolemap.KindUserPool {
				continue
			}
			client := key[len(l)+1:]
			for _, side := range []Side{s.old, s.new} {
				up, ok := side.UserPools[rolemap.UserPoolID(l)]
				if !ok {
					continue
				}
				x := usergroups.NewIndex(up.Groups)
				for _, user := range slices.Sorted(maps.Keys(up.Users)) {
					claims := map[string]any{"aud": client, "sub": "witness"}
					x.Claims(up.Users[user]).AddTo(claims)
					out = append(out, rolemap.Request{Login: l, Claims: claims})
				}
			}
		}
	}
	for _, l := range logins {
		claims := map[string]any{"aud": l.aud, "sub": "witness"}
		if l.aud == "" {
			claims = map[string]any{}
		}
		out = append(out, rolemap.Request{Login: l.login, Claims: claims})
		// Each role in a token, an assertion, or as CustomRoleArn.
		cl := class{login: l.login, kind: rolemap.KindOf(l.login), aud: l.aud}
		for _, arn := range s.roles {
			for _, sc := range entitled(cl, arn) {
				c := maps.Clone(claims)
				maps.Copy(c, sc)
				out = append(out, rolemap.Request{Login: l.login, Claims: c})
				out = append(out, rolemap.Request{Login: l.login, Claims: maps.Clone(c), CustomRoleARN: arn})
			}
		}
	}
	return out
}

// base tries a request and its variants, once per login, app client, sub
// and pair of role choices: the credentials read nothing else of it but
// the claims the variants set.
func (s *search) base(req rolemap.Request) {
	if s.work--; s.work < 0 {
		return // MaxCredentialsWork is spent
	}
	od, oerr := s.oldRes.Resolve(req)
	nd, nerr := s.newRes.Resolve(req)
	aud, ok := rolemap.ClaimText(req.Claims[spec.ClaimAudience])
	if !ok && req.Claims[spec.ClaimAudience] != nil {
		aud = "\x02list " + fmt.Sprint(req.Claims[spec.ClaimAudience])
	}
	sub, _ := rolemap.ClaimText(req.Claims["sub"])
	oc, nc := outcomeOf(od, oerr), outcomeOf(nd, nerr)
	plan := s.plan(req.Login)
	var fixed []string
	for _, c := range plan.fixed {
		v, _ := rolemap.ClaimText(req.Claims[c])
		fixed = append(fixed, v)
	}
	id := strings.Join([]string{req.Login, aud, sub, oc.Role, oc.Error, oc.Message, nc.Role, nc.Error, nc.Message, strings.Join(fixed, "\x01")}, "\x00")
	if s.bases[id] {
		return
	}
	s.bases[id] = true
	if a, ok := req.Claims[spec.ClaimAudience].(string); ok && slices.Contains(plan.fixed, spec.ClaimAudience) {
		// The app client as a one-element list: the same role choice, but
		// no tag can hold it.
		c := maps.Clone(req.Claims)
		c[spec.ClaimAudience] = []any{a}
		s.base(rolemap.Request{Login: req.Login, Claims: c, CustomRoleARN: req.CustomRoleARN})
	}
	if rolemap.KindOf(req.Login) == rolemap.KindDeveloper {
		s.eachDevTags(func(tags map[string]string) {
			s.compare(credentials.Request{Request: rolemap.Request{Login: req.Login, Claims: maps.Clone(req.Claims), CustomRoleARN: req.CustomRoleARN},
				DeveloperPrincipalTags: tags})
		})
		return
	}
	plan.each(func(apply func(map[string]any) map[string]any) {
		s.compare(credentials.Request{Request: rolemap.Request{Login: req.Login, Claims: apply(req.Claims), CustomRoleARN: req.CustomRoleARN}})
	})
}

// each calls f with each variant of the plan: a function that returns a
// copy of claims with the variant's values set.
func (p *claimPlan) each(f func(apply func(map[string]any) map[string]any)) {
	values := make([]any, len(p.claims)) // by claim, in p.claims' order
	vary := func() {
		f(func(claims map[string]any) map[string]any {
			c := make(map[string]any, len(claims)+len(values))
			maps.Copy(c, claims)
			for i, k := range p.claims {
				if v := values[i]; v == absent {
					delete(c, k)
				} else {
					c[k] = v
				}
			}
			return c
		})
	}
	if !p.product {
		// One claim at a time, the others absent.
		for i := range p.claims {
			for _, v := range p.values[i] {
				for k := range values {
					values[k] = absent
				}
				values[i] = v
				vary()
			}
		}
		return
	}
	idx := make([]int, len(p.claims))
	for {
		for i := range p.claims {
			values[i] = p.values[i][idx[i]]
		}
		vary()
		i := 0
		for ; i < len(idx); i++ {
			idx[i]++
			if idx[i] < len(p.values[i]) {
				break
			}
			idx[i] = 0
		}
		if i == len(idx) {
			return
		}
	}
}

// entitledRole is the claim value that lists one role: a token's
// cognito:roles, or a SAML assertion's Role attribute.
func entitledRole(login, arn string) []any {
	if rolemap.KindOf(login) == rolemap.KindSAML {
		return []any{arn + "," + login}
	}
	return []any{arn}
}

// absentValue marks a claim a variant leaves out.
type absentValue struct{}

var absent any = absentValue{}

// claimPlan is what the search varies at one login: the claims tag maps of
// either side read there, and the values tried for each.
type claimPlan struct {
	claims  []string
	values  [][]any
	product bool // all combinations are tried
	// fixed are claims a tag map reads that the login's class fixes (a
	// user pool's aud): requests that differ in them are tried apart.
	fixed []string
}

func (s *search) plan(login string) *claimPlan {
	if s.claimPlans == nil {
		s.claimPlans = map[string]*claimPlan{}
	}
	if p, ok := s.claimPlans[login]; ok {
		return p
	}
	p := s.makePlan(login)
	s.claimPlans[login] = p
	return p
}

// tagEntries returns the tag map entries (tag key → claim) that apply to
// a login on one side.
func tagEntries(c *credentials.Checker, login string) map[string]string {
	tm, ok := c.TagMap(login)
	if !ok {
		return nil
	}
	if len(tm.PrincipalTags) > 0 {
		return tm.PrincipalTags
	}
	if tm.UseDefaults == nil || !*tm.UseDefaults {
		return nil
	}
	switch {
	case login == "www.amazon.com":
		return map[string]string{"client": "aud", "username": "user_id"}
	case rolemap.KindOf(login) == rolemap.KindSAML:
		return map[string]string{"client": credentials.SAMLNameAttribute, "username": credentials.SAMLNameIdentifierAttribute}
	}
	return map[string]string{"client": "aud", "username": "sub"}
}

// ruleClaims are the claims the role choice of either side reads at a
// login, and why: its mappings' rules' claims, a Token mapping's or a SAML
// assertion's role claims, the issuer.
func (s *search) ruleClaims(login string) map[string]string {
	out := map[string]string{}
	kind := rolemap.KindOf(login)
	if kind == rolemap.KindUserPool || kind == rolemap.KindOIDC {
		out[spec.ClaimIssuer] = "the role choice reads it (an issuer that is not the login's is refused)"
	}
	for _, sd := range []Side{s.old, s.new} {
		for _, key := range slices.Sorted(maps.Keys(sd.Pool.RoleMappings)) {
			if mappingLogin(key) != login && key != login {
				continue
			}
			m := sd.Pool.RoleMappings[key]
			if m.Type == rolemap.TypeToken || kind == rolemap.KindSAML {
				for _, c := range []string{spec.ClaimRoles, spec.ClaimPreferredRole, spec.SAMLRoleAttribute} {
					out[c] = "the mapping " + clip.QuoteKey(key) + " reads it"
				}
			}
			if m.RulesConfiguration != nil {
				for _, r := range m.RulesConfiguration.Rules {
					out[r.Claim] = "the mapping " + clip.QuoteKey(key) + " reads it"
				}
			}
		}
	}
	return out
}

func (s *search) makePlan(login string) *claimPlan {
	kind := rolemap.KindOf(login)
	// tag keys (lower case) fed by each claim, on either side
	feeds := map[string][]string{}
	for _, c := range []*credentials.Checker{s.oldC, s.newC} {
		for k, claim := range tagEntries(c, login) {
			feeds[claim] = append(feeds[claim], strings.ToLower(k))
		}
	}
	p := &claimPlan{product: true}
	rules := s.ruleClaims(login)
	combos := 1
	for _, claim := range slices.Sorted(maps.Keys(feeds)) {
		if claim == spec.ClaimAudience && kind == rolemap.KindUserPool {
			p.fixed = append(p.fixed, claim) // the app client: one class each
			continue
		}
		where := "claim " + clip.Quote(claim) + " at " + clip.QuoteKey(login)
		if why, ok := rules[claim]; ok {
			s.uncover(where, why+" and a tag map reads it too; the search does not combine the role choice's values with the trust conditions'")
		}
		var reads []policyRead
		for _, k := range slices.Sorted(slices.Values(slices.Compact(slices.Sorted(slices.Values(feeds[claim]))))) {
			reads = append(reads, s.tagReads[k]...)
		}
		vals, why := tagValues(reads)
		if why != "" {
			s.uncover(where, why)
		}
		var values []any
		values = append(values, absent)
		for _, v := range vals {
			if kind == rolemap.KindSAML {
				values = append(values, []any{v})
			} else {
				values = append(values, v)
			}
		}
		// A list (no single value) and a value too long for a tag: each
		// a library error on a side that makes a tag of it.
		values = append(values, []any{"witness", "witness-2"}, strings.Repeat("w", credentials.MaxTagValueLen+1))
		p.claims = append(p.claims, claim)
		p.values = append(p.values, values)
		combos *= len(values)
		if combos > MaxClaimCombinations {
			combos = MaxClaimCombinations + 1
		}
	}
	if combos > MaxClaimCombinations {
		p.product = false
		s.uncover("the claims "+strings.Join(quoteAll(p.claims), ", ")+" at "+clip.QuoteKey(login),
			"their combinations are more than "+strconv.Itoa(MaxClaimCombinations)+"; each is varied on its own")
	}
	return p
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = clip.Quote(s)
	}
	return out
}

// tagValues returns the string values to try for a tag the conditions
// reads compare: each literal, another spelling of each ...IgnoreCase
// literal, a string matching each pattern that is no literal, and a fresh
// value that matches none; and, when these do not provably meet every
// combination of the conditions, why.
func tagValues(reads []policyRead) ([]string, string) {
	var literals, folded, patterns []string
	for _, r := range reads {
		if r.Base == "Null" {
			continue
		}
		for _, v := range r.Values {
			switch {
			case strings.Contains(r.Base, "Like") && strings.ContainsAny(v, "*?"):
				if !slices.Contains(patterns, v) {
					patterns = append(patterns, v)
				}
			case strings.Contains(r.Base, "IgnoreCase"):
				if !slices.Contains(folded, v) {
					folded = append(folded, v)
				}
				literals = append(literals, v)
			default:
				literals = append(literals, v)
			}
		}
	}
	slices.Sort(literals)
	literals = slices.Compact(literals)
	isLiteral := func(v string) bool { _, ok := slices.BinarySearch(literals, v); return ok }
	out := slices.Clone(literals)
	var why string
	switch {
	case len(patterns) > 1:
		why = "the conditions on its tag hold " + strconv.Itoa(len(patterns)) + " patterns; the search tries one value matching each, not every combination"
	case len(patterns) == 1 && len(folded) > 0:
		why = "the conditions on its tag hold a pattern and ...IgnoreCase values; the search does not combine them"
	}
	// Another spelling of each ...IgnoreCase literal: one stands for
	// every string equal to it ignoring case that is no literal.
	for _, v := range folded {
		alt, ok, proven := respell(v, isLiteral)
		if !ok {
			if !proven && why == "" {
				why = "every other spelling of " + clip.Quote(v) + " the search tries is a literal too"
			}
			continue
		}
		out = append(out, alt)
	}
	for _, p := range patterns {
		inst, ok := instance(p, isLiteral)
		if !ok {
			if why == "" {
				why = "the search found no value matching " + clip.Quote(p) + " that is not a literal"
			}
			continue
		}
		out = append(out, inst)
	}
	// A fresh value: no literal, no spelling of one, matching no pattern.
	fresh := ""
	for i := 0; i < 8 && fresh == ""; i++ {
		f := "witness"
		if i > 0 {
			f += "-" + strconv.Itoa(i+1)
		}
		if isLiteral(f) || slices.ContainsFunc(folded, func(v string) bool { return strings.EqualFold(v, f) }) ||
			slices.ContainsFunc(patterns, func(p string) bool { return glob(p, f) }) {
			continue
		}
		fresh = f
	}
	switch {
	case fresh != "":
		out = append(out, fresh)
	case slices.ContainsFunc(patterns, func(p string) bool { return strings.Trim(p, "*") == "" }):
		// "*" matches every value: no value matches none.
	case why == "":
		why = "the search found no value that matches none of its conditions"
	}
	slices.Sort(out)
	return slices.Compact(out), why
}

// respell returns a spelling of v that is equal to it ignoring case and
// is no literal. ok is false when it found none; proven says whether it
// tried every spelling (then there is none, and none is needed).
func respell(v string, isLiteral func(string) bool) (alt string, ok, proven bool) {
	rs := []rune(v)
	// Every spelling, when there are few: each rune through its fold orbit.
	orbits := make([][]rune, len(rs))
	total := 1
	for i, r := range rs {
		orbits[i] = []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbits[i] = append(orbits[i], f)
		}
		total *= len(orbits[i])
		if total > 64 {
			total = 65
		}
	}
	if total <= 64 {
		idx := make([]int, len(rs))
		for {
			cand := make([]rune, len(rs))
			for i := range rs {
				cand[i] = orbits[i][idx[i]]
			}
			if s := string(cand); !isLiteral(s) {
				return s, true, true
			}
			i := 0
			for ; i < len(idx); i++ {
				idx[i]++
				if idx[i] < len(orbits[i]) {
					break
				}
				idx[i] = 0
			}
			if i == len(idx) {
				return "", false, true
			}
		}
	}
	for i := range rs {
		for _, f := range orbits[i][1:] {
			cand := slices.Clone(rs)
			cand[i] = f
			if s := string(cand); !isLiteral(s) {
				return s, true, true
			}
		}
	}
	return "", false, false
}

// instance returns a string matching the pattern p (StringLike: * any
// run, ? one code point) that is no literal.
func instance(p string, isLiteral func(string) bool) (string, bool) {
	for _, fill := range []string{"", "x", "witness", "witness-2", "witness-3"} {
		var b strings.Builder
		for _, r := range p {
			switch r {
			case '*':
				b.WriteString(fill)
			case '?':
				b.WriteString(cmp.Or(fill, "x")[:1])
			default:
				b.WriteRune(r)
			}
		}
		if s := b.String(); glob(p, s) && !isLiteral(s) {
			return s, true
		}
	}
	return "", false
}

// glob reports whether s matches the StringLike pattern p.
func glob(p, s string) bool {
	states := globStates(p, []int{0}, s)
	return slices.Contains(states, len([]rune(p)))
}

// globStates returns the positions of the pattern p reached from from
// after reading s, each closed under '*' matching the empty run.
func globStates(p string, from []int, s string) []int {
	pr := []rune(p)
	closure := func(set []int) []int {
		out := []int{}
		seen := map[int]bool{}
		var add func(i int)
		add = func(i int) {
			if seen[i] {
				return
			}
			seen[i] = true
			out = append(out, i)
			if i < len(pr) && pr[i] == '*' {
				add(i + 1)
			}
		}
		for _, i := range set {
			add(i)
		}
		slices.Sort(out)
		return out
	}
	cur := closure(from)
	for _, c := range s {
		var next []int
		for _, i := range cur {
			if i == len(pr) {
				continue
			}
			switch pr[i] {
			case '*':
				next = append(next, i)
			case '?':
				next = append(next, i+1)
			default:
				if pr[i] == c {
					next = append(next, i+1)
				}
			}
		}
		cur = closure(next)
		if len(cur) == 0 {
			break
		}
	}
	return cur
}

// globDependsAfter reports whether whether p matches prefix+s depends on
// s: after reading prefix, the pattern is still alive and not at a tail of
// stars that matches everything.
func globDependsAfter(p, prefix string) bool {
	states := globStates(p, []int{0}, prefix)
	if len(states) == 0 {
		return false
	}
	pr := []rune(p)
	for _, i := range states {
		if strings.Trim(string(pr[i:]), "*") == "" {
			return false // matches every continuation
		}
	}
	return true
}

// compare resolves req on both sides and lists a change of its credentials.
func (s *search) compare(creq credentials.Request) {
	if s.work--; s.work < 0 {
		return // MaxCredentialsWork is spent
	}
	credentialsTried.Add(1)
	req := creq.Request
	ocr, oerr := s.oldC.Get(creq)
	ncr, nerr := s.newC.Get(creq)
	oo, otags := credentialsOutcome(ocr, oerr)
	no, ntags := credentialsOutcome(ncr, nerr)
	if sameCredentials(oo, no) && maps.Equal(otags, ntags) {
		return // alike, or one error after two role choices: Diff lists those
	}
	oc, nc := roleChoice(ocr, oerr), roleChoice(ncr, nerr)
	failed := oo != oc || no != nc // an error after the role choice
	if oc != nc && !saysMore(oo, no, otags, ntags) {
		return // the role choice alone: Diff lists it
	}
	scope := "tags"
	if failed {
		scope = "trust"
	}
	key := cmp.Or(ocr.Decision.MappingKey, ncr.Decision.MappingKey, errKey(oerr), errKey(nerr))
	ch := Change{Scope: scope, Kind: rolemap.KindOf(req.Login), Login: req.Login, MappingKey: key, Old: oo, New: no, Witness: req,
		DeveloperPrincipalTags: creq.DeveloperPrincipalTags}
	if !maps.Equal(otags, ntags) {
		ch.OldTags, ch.NewTags = otags, ntags
	}
	var differ []string
	for _, k := range slices.Sorted(maps.Keys(otags)) {
		if v, ok := ntags[k]; !ok || v != otags[k] {
			differ = append(differ, k)
		}
	}
	id := strings.Join([]string{scope, ch.Kind.String(), ch.MappingKey, ch.Login,
		oo.Role, oo.Error, oo.Reason, no.Role, no.Error, no.Reason,
		strings.Join(slices.Sorted(maps.Keys(otags)), "\x01"), strings.Join(slices.Sorted(maps.Keys(ntags)), "\x01"),
		strings.Join(differ, "\x01")}, "\x00")
	if s.seen[id] {
		return
	}
	s.seen[id] = true
	who := "guests"
	if req.Login != "" {
		who = "logins of " + clip.QuoteKey(req.Login)
	}
	if oc == nc && oc.Role != "" {
		ch.Message = who + " choosing " + clip.Quote(oc.Role) + ": " + describeCredentials(oo, otags) + " becomes " + describeCredentials(no, ntags)
	} else {
		ch.Message = who + ": " + describeCredentials(oo, otags) + " becomes " + describeCredentials(no, ntags)
	}
	s.changes = append(s.changes, ch)
}

// groupChanges compares, for each user of a Token mapping's user pool on
// both sides, the credentials the user's groups give under the old side
// with those under the new, with each variant of the claims tag maps read.
func (s *search) groupChanges() []Change {
	var out []Change
	old, new := s.old, s.new
	seen := map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(new.Pool.RoleMappings)) {
		login := mappingLogin(key)
		if new.Pool.RoleMappings[key].Type != rolemap.TypeToken || rolemap.KindOf(login) != rolemap.KindUserPool {
			continue
		}
		id := rolemap.UserPoolID(login)
		oup, ok1 := old.UserPools[id]
		nup, ok2 := new.UserPools[id]
		if !ok1 || !ok2 {
			continue
		}
		client := key[len(login)+1:]
		ox, nx := usergroups.NewIndex(oup.Groups), usergroups.NewIndex(nup.Groups)
		for _, user := range slices.Sorted(maps.Keys(nup.Users)) {
			om, ok := oup.Users[user]
			if !ok {
				continue
			}
			oc, nc := ox.Claims(om), nx.Claims(nup.Users[user])
			if slices.Equal(oc.Roles, nc.Roles) && oc.PreferredRole == nc.PreferredRole && slices.Equal(oc.Groups, nc.Groups) {
				continue // the same request: the candidates cover it
			}
			obase := map[string]any{"aud": client, "sub": "witness"}
			nbase := map[string]any{"aud": client, "sub": "witness"}
			oc.AddTo(obase)
			nc.AddTo(nbase)
			s.plan(login).each(func(apply func(map[string]any) map[string]any) {
				oreq := rolemap.Request{Login: login, Claims: apply(obase)}
				nreq := rolemap.Request{Login: login, Claims: apply(nbase)}
				ocr, oerr := s.oldC.Get(credentials.Request{Request: oreq})
				oo, otags := credentialsOutcome(ocr, oerr)
				no, ntags := credentialsOutcome(s.newC.Get(credentials.Request{Request: nreq}))
				if sameCredentials(oo, no) && maps.Equal(otags, ntags) {
					return
				}
				ch := Change{Scope: "groups", Kind: rolemap.KindUserPool, Login: login, MappingKey: ocr.Decision.MappingKey, Old: oo, New: no,
					User: user, Witness: nreq, OldWitness: &oreq}
				if !maps.Equal(otags, ntags) {
					ch.OldTags, ch.NewTags = otags, ntags
				}
				sid := strings.Join([]string{key, user, oo.Role, oo.Error, oo.Reason, no.Role, no.Error, no.Reason,
					strings.Join(slices.Sorted(maps.Keys(otags)), "\x01"), strings.Join(slices.Sorted(maps.Keys(ntags)), "\x01")}, "\x00")
				if seen[sid] {
					return
				}
				seen[sid] = true
				ch.Message = "user " + clip.Quote(user) + " of " + clip.Quote(id) + " (" + claimsChange(oc, nc) + "): " +
					describeCredentials(oo, otags) + " becomes " + describeCredentials(no, ntags)
				out = append(out, ch)
			})
		}
	}
	return out
}

// claimsChange names the token claims that differ between old and new.
func claimsChange(old, new usergroups.TokenClaims) string {
	var parts []string
	if !slices.Equal(old.Groups, new.Groups) {
		parts = append(parts, "cognito:groups "+groupList(old.Groups)+" → "+groupList(new.Groups))
	}
	if !slices.Equal(old.Roles, new.Roles) {
		parts = append(parts, "cognito:roles "+groupList(old.Roles)+" → "+groupList(new.Roles))
	}
	if old.PreferredRole != new.PreferredRole {
		parts = append(parts, "cognito:preferred_role "+cmp.Or(old.PreferredRole, "none")+" → "+cmp.Or(new.PreferredRole, "none"))
	}
	return strings.Join(parts, "; ")
}

func groupList(groups []string) string {
	if len(groups) == 0 {
		return "none"
	}
	return strings.Join(groups, ", ")
}

// showTags writes tags as k=v pairs in key order.
func showTags(tags map[string]string) string {
	kv := make([]string, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		kv = append(kv, k+"="+tags[k])
	}
	return strings.Join(kv, " ")
}

func describeCredentials(o Outcome, tags map[string]string) string {
	if len(tags) > 0 {
		return o.String() + " with tags " + showTags(tags)
	}
	return o.String()
}

// saysMore reports whether the credentials of a request whose role choice
// changed say more than the role choice: the trust check refused a role,
// or found no policy for it, on either side, or both sides give a role and
// their tags differ. A tag the request itself makes impossible (a list, a
// value too long) is no news there: the request fails either way.
func saysMore(o, n Outcome, otags, ntags map[string]string) bool {
	trustFailed := func(x Outcome) bool { return x.Error != "" && x.Role != "" && !tagInputErrors[x.Error] }
	return trustFailed(o) || trustFailed(n) || o.Error == "" && n.Error == "" && !maps.Equal(otags, ntags)
}

// tagInputErrors are the errors of tags a request cannot carry.
var tagInputErrors = map[string]bool{
	credentials.CodeUnsupportedPrincipalTagValue: true,
	credentials.CodePrincipalTagTooLong:          true,
	credentials.CodeTooManyPrincipalTags:         true,
	"rolemapping.InvalidPrincipalTag":            true,
}

// sameCredentials reports whether two credentials outcomes are alike: the
// same role, or the same error whatever role it followed.
func sameCredentials(a, b Outcome) bool {
	if a.Error != "" && b.Error != "" {
		a.Role, b.Role = "", ""
	}
	return a == b
}

// roleChoice is the outcome of the role choice of a [credentials.Checker.Get]:
// once a role is chosen, its Credentials hold the Decision whatever follows.
func roleChoice(c credentials.Credentials, err error) Outcome {
	if c.Decision.RoleARN != "" {
		return Outcome{Role: c.Decision.RoleARN}
	}
	return outcomeOf(c.Decision, err)
}

// credentialsOutcome is what a [credentials.Checker.Get] gives: the role
// chosen, if any, and the error that followed, with the tags of an
// outcome without error.
func credentialsOutcome(c credentials.Credentials, err error) (Outcome, map[string]string) {
	var te *credentials.TrustError
	var pe *trust.Error
	var e *rolemap.Error
	role := c.Decision.RoleARN
	switch {
	case errors.As(err, &te):
		return Outcome{Role: role, Error: te.Err.Code, Message: te.Err.Message, Reason: string(te.Decision.Reason)}, nil
	case errors.As(err, &pe):
		return Outcome{Role: role, Error: pe.Code, Message: pe.Message()}, nil
	case errors.As(err, &e):
		return Outcome{Role: role, Error: e.Code, Message: e.Message}, nil
	case err != nil:
		return Outcome{Role: role, Error: err.Error()}, nil
	}
	return Outcome{Role: role}, c.Tags.Map()
}
