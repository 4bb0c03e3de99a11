package validate_test

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

const (
	dR1 = "arn:aws:iam::111122223333:role/R1"
	dR2 = "arn:aws:iam::111122223333:role/R2"
	dR3 = "arn:aws:iam::111122223333:role/R3"
	// dSAML is a SAML provider's login, and samlRoleAttribute the claim of
	// its assertion's roles.
	dSAML             = "arn:aws:iam::111122223333:saml-provider/Corp"
	samlRoleAttribute = "https://aws.amazon.com/SAML/Attributes/Role"
)

// fataler is what the checks need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// diffOutcome resolves req under p.
func diffOutcome(t fataler, p rolemap.Pool, req rolemap.Request) validate.Outcome {
	t.Helper()
	r, err := rolemap.Compile(p, rolemap.WithMaxRules(400))
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	d, err := r.Resolve(req)
	var e *rolemap.Error
	if errors.As(err, &e) {
		return validate.Outcome{Error: e.Code, Message: e.Message}
	}
	return validate.Outcome{Role: d.RoleARN}
}

// checkSound resolves every change's witness under both pools: it must get
// exactly the change's outcomes.
func checkSound(t fataler, old, new rolemap.Pool, changes []validate.Change) {
	t.Helper()
	for _, c := range changes {
		if o, n := diffOutcome(t, old, c.Witness), diffOutcome(t, new, c.Witness); o != c.Old || n != c.New || o == n {
			t.Fatalf("unsound change %+v: its witness gets %v under the old pool and %v under the new", c, o, n)
		}
	}
}

// bruteClasses is every (login, aud) the tests' pools use.
func bruteRequests(p rolemap.Pool, values []string) []rolemap.Request {
	var claimNames []string
	for _, m := range p.RoleMappings {
		if m.RulesConfiguration != nil {
			for _, r := range m.RulesConfiguration.Rules {
				if !slices.Contains(claimNames, r.Claim) {
					claimNames = append(claimNames, r.Claim)
				}
			}
		}
	}
	slices.Sort(claimNames)
	// Every claim value: absent, each value, each pair of values.
	var domain []any
	domain = append(domain, nil)
	for _, v := range values {
		domain = append(domain, v)
	}
	for a := range values {
		for b := a + 1; b < len(values); b++ {
			domain = append(domain, []any{values[a], values[b]})
		}
	}
	var reqs []rolemap.Request
	var rec func(k int, claims map[string]any)
	rec = func(k int, claims map[string]any) {
		if k == len(claimNames) {
			reqs = append(reqs, rolemap.Request{Claims: maps.Clone(claims)})
			// Social and OIDC logins, with no cognito:roles, one, or two.
			for _, login := range []string{"accounts.google.com", "login.example.com"} {
				for _, roles := range [][]any{nil, {dR1}, {dR2}, {dR1, dR2}} {
					c := maps.Clone(claims)
					if roles != nil {
						c["cognito:roles"] = roles
					}
					reqs = append(reqs, rolemap.Request{Login: login, Claims: c})
				}
			}
			// A SAML login, with no role in its assertion, one, or two.
			for _, roles := range [][]any{nil, {dR1 + "," + dSAML}, {dR2 + "," + dSAML}, {dR1 + "," + dSAML, dR2 + "," + dSAML}} {
				c := maps.Clone(claims)
				if roles != nil {
					c[samlRoleAttribute] = roles
				}
				reqs = append(reqs, rolemap.Request{Login: dSAML, Claims: c})
			}
			return
		}
		for _, v := range domain {
			if v == nil {
				delete(claims, claimNames[k])
			} else {
				claims[claimNames[k]] = v
			}
			rec(k+1, claims)
		}
		delete(claims, claimNames[k])
	}
	rec(0, map[string]any{})
	return reqs
}

// checkComplete resolves every brute-force request under both pools; for
// each one that differs, Diff must have reported a change of the same login
// kind and mapping key (rolemap/REFERENCE.md §8) — and, stronger, with the same outcomes and
// the same deciding rules. An outcome that is a role the request names
// itself (a token's or an assertion's role, a CustomRoleArn) may be covered
// by any role: Diff stands for those with fresh ARNs.
func checkComplete(t fataler, old, new rolemap.Pool, changes []validate.Change, values []string) {
	t.Helper()
	covered := map[string]bool{}
	for _, c := range changes {
		// A role may stand for any role the request names ("*").
		for _, o := range []string{c.Old.String(), "*"} {
			for _, n := range []string{c.New.String(), "*"} {
				if o == "*" && c.Old.Role == "" || n == "*" && c.New.Role == "" {
					continue
				}
				covered[strings.Join([]string{c.Kind.String(), c.MappingKey, o, n, idx(c.OldRule), idx(c.NewRule)}, "|")] = true
			}
		}
	}
	named := func(d rolemap.Decision, err error) bool {
		switch d.Reason {
		case rolemap.ReasonSAML, rolemap.ReasonSingleRole, rolemap.ReasonPreferredRole, rolemap.ReasonCustomRole:
			return err == nil
		}
		return false
	}
	ro, _ := rolemap.Compile(old, rolemap.WithMaxRules(400))
	rn, _ := rolemap.Compile(new, rolemap.WithMaxRules(400))
	for _, req := range bruteRequests(mergeKeys(old, new), values) {
		od, oerr := ro.Resolve(req)
		nd, nerr := rn.Resolve(req)
		o, n := outcomeOf(od, oerr), outcomeOf(nd, nerr)
		if o == n {
			continue
		}
		key := cmp.Or(od.MappingKey, nd.MappingKey, errKey(oerr), errKey(nerr))
		os, ns := o.String(), n.String()
		if named(od, oerr) {
			os = "*"
		}
		if named(nd, nerr) {
			ns = "*"
		}
		id := strings.Join([]string{rolemap.KindOf(req.Login).String(), key, os, ns, ruleIdx(od), ruleIdx(nd)}, "|")
		if !covered[id] {
			t.Fatalf("incomplete: %+v gets %v under the old pool and %v under the new, and no change covers %s\nchanges: %+v", req, o, n, id, changes)
		}
	}
}

func outcomeOf(d rolemap.Decision, err error) validate.Outcome {
	var e *rolemap.Error
	if errors.As(err, &e) {
		return validate.Outcome{Error: e.Code, Message: e.Message}
	}
	return validate.Outcome{Role: d.RoleARN}
}

func errKey(err error) string {
	var e *rolemap.Error
	if errors.As(err, &e) {
		return e.MappingKey
	}
	return ""
}

func ruleIdx(d rolemap.Decision) string {
	if d.Match == nil {
		return ""
	}
	return fmt.Sprint(d.Match.Index)
}

// mergeKeys is a pool with the mappings of both, for the claim names.
func mergeKeys(a, b rolemap.Pool) rolemap.Pool {
	p := rolemap.Pool{RoleMappings: map[string]rolemap.Mapping{}}
	for k, m := range a.RoleMappings {
		p.RoleMappings["a"+k] = m
	}
	for k, m := range b.RoleMappings {
		p.RoleMappings["b"+k] = m
	}
	return p
}

func diffPool(mappings map[string]rolemap.Mapping) rolemap.Pool {
	return rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{"authenticated": dR3}, RoleMappings: mappings}
}

func rulesOf(ambiguous rolemap.AmbiguousRoleResolution, rules ...rolemap.Rule) rolemap.Mapping {
	return rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: ambiguous, RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
}

func TestDiff(t *testing.T) {
	admins := rolemap.Rule{Claim: "groups", MatchType: rolemap.Equals, Value: "admins", RoleARN: dR1}
	staff := rolemap.Rule{Claim: "groups", MatchType: rolemap.Equals, Value: "staff", RoleARN: dR2}
	containsAdmin := rolemap.Rule{Claim: "groups", MatchType: rolemap.Contains, Value: "admin", RoleARN: dR1}
	g := "accounts.google.com"
	tests := []struct {
		name     string
		old, new rolemap.Pool
		want     []string // "scope old -> new [oldRule -> newRule]" of each change
	}{
		{name: "equal pools", old: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins, staff)}),
			new: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins, staff)})},
		{name: "rules swapped: only members of both groups change", old: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins, staff)}),
			new:  diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, staff, admins)}),
			want: []string{`mapping arn:aws:iam::111122223333:role/R1 -> arn:aws:iam::111122223333:role/R2 [0 -> 0]`}},
		{name: "an unreachable rule added", old: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, containsAdmin)}),
			new: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, containsAdmin, admins)})},
		{name: "a reworded RulesConfiguration on a Token mapping", old: diffPool(map[string]rolemap.Mapping{g: {Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny}}),
			new: diffPool(map[string]rolemap.Mapping{g: {Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{admins}}}})},
		{name: "a different IdentityPoolId", old: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins)}),
			new: func() rolemap.Pool {
				p := diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins)})
				p.IdentityPoolID = "us-east-1:2"
				return p
			}()},
		{name: "Contains where Equals was", old: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins)}),
			new:  diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, containsAdmin)}),
			want: []string{`mapping NotAuthorizedException -> arn:aws:iam::111122223333:role/R1 [ -> 0]`}},
		{name: "a user pool key with two colons: one change for both ways to select it",
			old: diffPool(map[string]rolemap.Mapping{"cognito-idp.us-east-1.amazonaws.com/us-east-1_P:a:b": rulesOf(rolemap.AmbiguousDeny, admins)}),
			new: diffPool(map[string]rolemap.Mapping{"cognito-idp.us-east-1.amazonaws.com/us-east-1_P:a:b": rulesOf(rolemap.AmbiguousDeny, staff)}),
			want: []string{`mapping NotAuthorizedException -> arn:aws:iam::111122223333:role/R2 [ -> 0]`, `mapping arn:aws:iam::111122223333:role/R1 -> NotAuthorizedException [0 -> ]`,
				`mapping arn:aws:iam::111122223333:role/R1 -> arn:aws:iam::111122223333:role/R2 [0 -> 0]`}},
		{name: "Deny becomes AuthenticatedRole", old: diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousDeny, admins)}),
			new:  diffPool(map[string]rolemap.Mapping{g: rulesOf(rolemap.AmbiguousAuthenticatedRole, admins)}),
			want: []string{`mapping NotAuthorizedException -> arn:aws:iam::111122223333:role/R3 [ -> ]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := validate.Diff(tt.old, tt.new)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range changes {
				got = append(got, fmt.Sprintf("%s %s -> %s [%s -> %s]", c.Scope, c.Old, c.New, idx(c.OldRule), idx(c.NewRule)))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			checkSound(t, tt.old, tt.new, changes)
		})
	}
	if _, err := validate.Diff(rolemap.Pool{}, diffPool(nil)); err == nil {
		t.Error("Diff accepted an invalid old pool")
	}
}

func idx(path string) string {
	if path == "" {
		return ""
	}
	i := strings.LastIndexByte(path, '[')
	return strings.TrimSuffix(path[i+1:], "]")
}

// TestDiffExhaustive compares every pair of Rules mappings of one or two
// rules on one claim, over two values that are prefixes and substrings of
// each other, with brute force: every change is sound, and every request
// the two decide differently is covered.
func TestDiffExhaustive(t *testing.T) {
	var rules []rolemap.Rule
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		for _, v := range []string{"a", "ab"} {
			for _, role := range []string{dR1, dR2} {
				rules = append(rules, rolemap.Rule{Claim: "c", MatchType: mt, Value: v, RoleARN: role})
			}
		}
	}
	var lists [][]rolemap.Rule
	for _, a := range rules {
		lists = append(lists, []rolemap.Rule{a})
	}
	for _, a := range rules {
		for _, b := range rules {
			if a.RoleARN == dR1 || b.RoleARN == dR2 { // halve the pairs: roles in both orders stay
				lists = append(lists, []rolemap.Rule{a, b})
			}
		}
	}
	values := []string{"a", "ab", "b", "ba", "x"}
	step := 1
	if testing.Short() {
		step = 7
	}
	for oi := 0; oi < len(lists); oi += step {
		for ni := 0; ni < len(lists); ni += 3 {
			old := diffPool(map[string]rolemap.Mapping{"accounts.google.com": rulesOf(rolemap.AmbiguousDeny, lists[oi]...)})
			new := diffPool(map[string]rolemap.Mapping{"accounts.google.com": rulesOf(rolemap.AmbiguousAuthenticatedRole, lists[ni]...)})
			changes, err := validate.Diff(old, new)
			if err != nil {
				t.Fatal(err)
			}
			checkSound(t, old, new, changes)
			checkComplete(t, old, new, changes, values)
		}
	}
}

// TestPropertyDiff mutates a pool — a value, a match type, an order, a
// role, the fallback, a rule or a mapping added or removed — and checks
// Diff against brute force over every request built from the pools'
// values and a few others, for a social, an OIDC and a SAML login: sound
// and complete.
func TestPropertyDiff(t *testing.T) {
	claims := []string{"c", "d"}
	values := []string{"a", "ab", "b"}
	roles := []string{dR1, dR2}
	keys := []string{"accounts.google.com", "login.example.com", dSAML}
	ruleGen := rapid.Custom(func(t *rapid.T) rolemap.Rule {
		return rolemap.Rule{Claim: rapid.SampledFrom(claims).Draw(t, "claim"),
			MatchType: rapid.SampledFrom([]rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}).Draw(t, "match"),
			Value:     rapid.SampledFrom(values).Draw(t, "value"), RoleARN: rapid.SampledFrom(roles).Draw(t, "role")}
	})
	mappingGen := rapid.Custom(func(t *rapid.T) rolemap.Mapping {
		if rapid.IntRange(0, 4).Draw(t, "token") == 0 {
			return rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rapid.SampledFrom([]rolemap.AmbiguousRoleResolution{rolemap.AmbiguousDeny, rolemap.AmbiguousAuthenticatedRole}).Draw(t, "amb")}
		}
		return rulesOf(rapid.SampledFrom([]rolemap.AmbiguousRoleResolution{rolemap.AmbiguousDeny, rolemap.AmbiguousAuthenticatedRole}).Draw(t, "amb"),
			rapid.SliceOfN(ruleGen, 1, 4).Draw(t, "rules")...)
	})
	rapid.Check(t, func(t *rapid.T) {
		old := diffPool(map[string]rolemap.Mapping{})
		for _, k := range keys {
			if rapid.Bool().Draw(t, "has "+k) {
				old.RoleMappings[k] = mappingGen.Draw(t, k)
			}
		}
		new := cloneDiffPool(old)
		switch rapid.IntRange(0, 7).Draw(t, "mutation") {
		case 0: // a rule's value, match type or role
			mutateRule(t, new, func(r *rolemap.Rule) {
				switch rapid.IntRange(0, 2).Draw(t, "field") {
				case 0:
					r.Value = rapid.SampledFrom(values).Draw(t, "newValue")
				case 1:
					r.MatchType = rapid.SampledFrom([]rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}).Draw(t, "newMatch")
				default:
					r.RoleARN = rapid.SampledFrom(roles).Draw(t, "newRole")
				}
			})
		case 1: // order
			k := rapid.SampledFrom(keys).Draw(t, "key")
			if m, ok := new.RoleMappings[k]; ok && m.Type == rolemap.TypeRules && len(m.RulesConfiguration.Rules) > 1 {
				rs := m.RulesConfiguration.Rules
				i := rapid.IntRange(0, len(rs)-2).Draw(t, "swap")
				rs[i], rs[i+1] = rs[i+1], rs[i]
			}
		case 2: // fallback
			k := rapid.SampledFrom(keys).Draw(t, "key")
			if m, ok := new.RoleMappings[k]; ok {
				if m.AmbiguousRoleResolution == rolemap.AmbiguousDeny {
					m.AmbiguousRoleResolution = rolemap.AmbiguousAuthenticatedRole
				} else {
					m.AmbiguousRoleResolution = rolemap.AmbiguousDeny
				}
				new.RoleMappings[k] = m
			}
		case 3: // add a rule
			k := rapid.SampledFrom(keys).Draw(t, "key")
			if m, ok := new.RoleMappings[k]; ok && m.Type == rolemap.TypeRules {
				rs := m.RulesConfiguration.Rules
				at := rapid.IntRange(0, len(rs)).Draw(t, "at")
				m.RulesConfiguration.Rules = slices.Insert(rs, at, ruleGen.Draw(t, "added"))
				new.RoleMappings[k] = m
			}
		case 4: // remove a rule
			k := rapid.SampledFrom(keys).Draw(t, "key")
			if m, ok := new.RoleMappings[k]; ok && m.Type == rolemap.TypeRules && len(m.RulesConfiguration.Rules) > 1 {
				at := rapid.IntRange(0, len(m.RulesConfiguration.Rules)-1).Draw(t, "at")
				m.RulesConfiguration.Rules = slices.Delete(m.RulesConfiguration.Rules, at, at+1)
				new.RoleMappings[k] = m
			}
		case 5: // add or replace a mapping
			new.RoleMappings[rapid.SampledFrom(keys).Draw(t, "key")] = mappingGen.Draw(t, "mapping")
		case 6: // remove a mapping
			delete(new.RoleMappings, rapid.SampledFrom(keys).Draw(t, "key"))
		case 7: // a default role
			new.Roles["authenticated"] = rapid.SampledFrom([]string{dR1, dR3}).Draw(t, "auth")
		}
		changes, err := validate.Diff(old, new)
		if err != nil {
			t.Fatal(err)
		}
		checkSound(t, old, new, changes)
		checkComplete(t, old, new, changes, append(slices.Clone(values), "ba", "x"))
	})
}

func mutateRule(t *rapid.T, p rolemap.Pool, f func(*rolemap.Rule)) {
	var ks []string
	for _, k := range slices.Sorted(maps.Keys(p.RoleMappings)) {
		if p.RoleMappings[k].Type == rolemap.TypeRules {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return
	}
	m := p.RoleMappings[rapid.SampledFrom(ks).Draw(t, "key")]
	f(&m.RulesConfiguration.Rules[rapid.IntRange(0, len(m.RulesConfiguration.Rules)-1).Draw(t, "rule")])
}

func cloneDiffPool(p rolemap.Pool) rolemap.Pool {
	c := p
	c.Roles = maps.Clone(p.Roles)
	c.RoleMappings = map[string]rolemap.Mapping{}
	for k, m := range p.RoleMappings {
		if m.RulesConfiguration != nil {
			rc := *m.RulesConfiguration
			rc.Rules = slices.Clone(rc.Rules)
			m.RulesConfiguration = &rc
		}
		c.RoleMappings[k] = m
	}
	return c
}
