package validate

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// Side is one side of [DiffCredentials]: a pool, the trust policies of its
// roles (nil: no trust check) and its user pools' groups and users.
type Side struct {
	Pool      rolemap.Pool
	Roles     map[string]*trust.Policy
	UserPools map[string]usergroups.UserPool
}

// DiffCredentials returns the changes between two sides: every change of
// [Diff] (the role choice), then the changes of who gets credentials for
// the same role choice — a trust policy that now refuses or admits the
// requests choosing a role (scope "trust"), or principal tags that differ
// (scope "tags") — each with a witness request; then, for each user of a
// Token mapping's user pool on both sides whose groups give other claims
// (a group's role or Precedence changed, or the user's memberships), the
// change of that user's credentials (scope "groups"), whose Witness has
// the new groups' claims and OldWitness the old ones'.
//
// The credentials changes are searched among the requests that reach each
// role: the witness of every reachable rule of either pool, a request of
// each provider that falls to the default role, each user pool user of a
// Token mapping, and a guest; each with the claims its tag maps read. A
// trust policy or tag map that changes the outcome of a role for some of
// its requests changes it for these (trust conditions read the pool, the
// login kind and the tags, which these requests vary), but a condition on
// one identity's sub is outside what they vary.
func DiffCredentials(old, new Side, opts ...rolemap.Option) ([]Change, error) {
	changes, err := Diff(old.Pool, new.Pool, opts...)
	if err != nil && !errors.Is(err, ErrTooManyChanges) && !errors.Is(err, ErrTooMuchWork) {
		return nil, err
	}
	oldRes, oerr := rolemap.Compile(old.Pool, opts...)
	newRes, nerr := rolemap.Compile(new.Pool, opts...)
	if oerr != nil || nerr != nil {
		return changes, err
	}
	oldC, _ := credentials.New(oldRes, old.Roles)
	newC, _ := credentials.New(newRes, new.Roles)
	seen := map[string]bool{}
	for _, req := range candidates(old, new) {
		ocr, oerr := oldC.Get(credentials.Request{Request: req})
		ncr, nerr := newC.Get(credentials.Request{Request: req})
		od, nd := ocr.Decision, ncr.Decision
		if roleChoice(ocr, oerr) != roleChoice(ncr, nerr) {
			continue // a role-choice change: Diff lists it
		}
		oo, otags := credentialsOutcome(ocr, oerr)
		no, ntags := credentialsOutcome(ncr, nerr)
		if oo == no && maps.Equal(otags, ntags) {
			continue
		}
		scope := "trust"
		if oo.Error == no.Error && oo.Reason == no.Reason {
			scope = "tags"
		}
		ch := Change{Scope: scope, Kind: rolemap.KindOf(req.Login), Login: req.Login, MappingKey: nd.MappingKey, Old: oo, New: no, Witness: req}
		if scope == "tags" {
			ch.OldTags, ch.NewTags = otags, ntags
		}
		id := strings.Join([]string{scope, ch.Kind.String(), ch.MappingKey, od.RoleARN, oo.Error, oo.Reason, showTags(otags), no.Error, no.Reason, showTags(ntags)}, "\x00")
		if seen[id] {
			continue
		}
		seen[id] = true
		who := "guests"
		if req.Login != "" {
			who = "logins of " + clip.QuoteKey(req.Login)
		}
		role := od.RoleARN
		if role == "" {
			role = "their role"
		}
		ch.Message = who + " choosing " + clip.Quote(role) + ": " + describeCredentials(oo, otags) + " becomes " + describeCredentials(no, ntags)
		changes = append(changes, ch)
	}
	return append(changes, groupChanges(old, new, oldC, newC)...), err
}

// groupChanges compares, for each user of a Token mapping's user pool on
// both sides, the credentials the user's groups give under the old side
// with those under the new.
func groupChanges(old, new Side, oldC, newC *credentials.Checker) []Change {
	var out []Change
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
			oreq := rolemap.Request{Login: login, Claims: map[string]any{"aud": client, "sub": "witness"}}
			nreq := rolemap.Request{Login: login, Claims: map[string]any{"aud": client, "sub": "witness"}}
			oc.AddTo(oreq.Claims)
			nc.AddTo(nreq.Claims)
			ocr, oerr := oldC.Get(credentials.Request{Request: oreq})
			oo, otags := credentialsOutcome(ocr, oerr)
			no, ntags := credentialsOutcome(newC.Get(credentials.Request{Request: nreq}))
			if oo == no && maps.Equal(otags, ntags) {
				continue
			}
			ch := Change{Scope: "groups", Kind: rolemap.KindUserPool, Login: login, MappingKey: ocr.Decision.MappingKey, Old: oo, New: no,
				User: user, Witness: nreq, OldWitness: &oreq}
			if !maps.Equal(otags, ntags) {
				ch.OldTags, ch.NewTags = otags, ntags
			}
			ch.Message = "user " + clip.Quote(user) + " of " + clip.Quote(id) + " (" + claimsChange(oc, nc) + "): " +
				describeCredentials(oo, otags) + " becomes " + describeCredentials(no, ntags)
			out = append(out, ch)
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

// roleChoice is the outcome of the role choice of a [credentials.Checker.Get]:
// once a role is chosen, its Credentials hold the Decision whatever follows.
func roleChoice(c credentials.Credentials, err error) Outcome {
	if c.Decision.RoleARN != "" {
		return Outcome{Role: c.Decision.RoleARN}
	}
	return outcomeOf(c.Decision, err)
}

func credentialsOutcome(c credentials.Credentials, err error) (Outcome, map[string]string) {
	var te *credentials.TrustError
	var pe *trust.Error
	var e *rolemap.Error
	switch {
	case errors.As(err, &te):
		return Outcome{Error: te.Err.Code, Message: te.Err.Message, Reason: string(te.Decision.Reason)}, nil
	case errors.As(err, &pe):
		return Outcome{Error: pe.Code, Message: pe.Message()}, nil
	case errors.As(err, &e):
		return Outcome{Error: e.Code, Message: e.Message}, nil
	case err != nil:
		return Outcome{Error: err.Error()}, nil
	}
	return Outcome{Role: c.Decision.RoleARN}, c.Tags
}

// candidates are the requests DiffCredentials compares (see its
// documentation), in a fixed order.
func candidates(old, new Side) []rolemap.Request {
	var out []rolemap.Request
	tagClaims := map[string]bool{}
	for _, s := range []Side{old, new} {
		for _, tm := range s.Pool.PrincipalTagAttributeMaps {
			for _, claim := range tm.PrincipalTags {
				tagClaims[claim] = true
			}
		}
	}
	add := func(req rolemap.Request) {
		// Each request twice: without tag claims, and with every claim a
		// tag map reads.
		out = append(out, req)
		if len(tagClaims) > 0 && req.Login != "" {
			claims := maps.Clone(req.Claims)
			if claims == nil {
				claims = map[string]any{}
			}
			for _, c := range slices.Sorted(maps.Keys(tagClaims)) {
				if _, ok := claims[c]; !ok {
					claims[c] = "witness"
				}
			}
			out = append(out, rolemap.Request{Login: req.Login, Claims: claims})
		}
	}
	add(rolemap.Request{})
	for _, s := range []Side{old, new} {
		p := s.Pool
		for _, prov := range p.CognitoIdentityProviders {
			add(rolemap.Request{Login: prov.ProviderName, Claims: map[string]any{"aud": prov.ClientID, "sub": "witness"}})
		}
		for _, login := range slices.Sorted(maps.Keys(p.SupportedLoginProviders)) {
			add(rolemap.Request{Login: login, Claims: map[string]any{"aud": p.SupportedLoginProviders[login], "sub": "witness"}})
		}
		for _, arn := range p.OpenIDConnectProviderARNs {
			if host := rolemap.OIDCHost(arn); host != "" {
				add(rolemap.Request{Login: host, Claims: map[string]any{"aud": "witness", "sub": "witness"}})
			}
		}
		ws := witnesses(p)
		for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
			m := p.RoleMappings[key]
			for _, req := range ws[key] {
				add(req)
			}
			login := mappingLogin(key)
			if m.Type != rolemap.TypeToken || rolemap.KindOf(login) != rolemap.KindUserPool {
				continue
			}
			client := key[len(login)+1:]
			for _, side := range []Side{old, new} {
				up, ok := side.UserPools[rolemap.UserPoolID(login)]
				if !ok {
					continue
				}
				x := usergroups.NewIndex(up.Groups)
				for _, user := range slices.Sorted(maps.Keys(up.Users)) {
					claims := map[string]any{"aud": client, "sub": "witness"}
					x.Claims(up.Users[user]).AddTo(claims)
					add(rolemap.Request{Login: login, Claims: claims})
				}
			}
		}
	}
	return out
}
