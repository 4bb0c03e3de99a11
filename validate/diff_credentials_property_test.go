package validate_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

// diffCredentials is the function under test: the changes, and whether the
// list says it is complete.
var diffCredentials = func(old, new validate.Side) ([]validate.Change, bool, error) {
	r, err := validate.DiffCredentialsReport(old, new)
	if r == nil {
		return nil, false, err
	}
	return r.Changes, r.Complete(), err
}

// TestDiffCredentialsBob: bob's custom:dept no longer gives him the
// engineer role, so he gets the default role, whose trust policy does not
// allow sts:TagSession — and his custom:team gives him a tag. The role
// choice change alone hid the refusal.
func TestDiffCredentialsBob(t *testing.T) {
	const engineer, deflt = "arn:aws:iam::111122223333:role/engineer", "arn:aws:iam::111122223333:role/default"
	pool := func(rules []rolemap.Rule) rolemap.Pool {
		return rolemap.Pool{
			IdentityPoolID:           dcPool,
			Roles:                    map[string]string{"authenticated": deflt},
			CognitoIdentityProviders: []rolemap.Provider{{ProviderName: dcUP, ClientID: "client1"}},
			RoleMappings: map[string]rolemap.Mapping{dcUP + ":client1": {Type: rolemap.TypeRules,
				AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole, RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}},
			PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{{IdentityPoolID: dcPool, IdentityProviderName: dcUP,
				PrincipalTags: map[string]string{"team": "custom:team"}}},
		}
	}
	roles := map[string]*trust.Policy{engineer: trustPolicy(t, dcPool, true), deflt: trustPolicy(t, dcPool, false)}
	old := validate.Side{Pool: pool([]rolemap.Rule{{Claim: "custom:dept", MatchType: rolemap.Equals, Value: "engineering", RoleARN: engineer}}), Roles: roles}
	new := validate.Side{Pool: pool([]rolemap.Rule{{Claim: "custom:dept", MatchType: rolemap.Equals, Value: "platform", RoleARN: engineer}}), Roles: roles}
	changes, complete, err := diffCredentials(old, new)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, c := range changes {
		if c.Old.Role == engineer && c.Old.Error == "" && c.New.Role == deflt && c.New.Reason == "trust-tag-session" {
			found = true
			if o, _ := credentialsOutcome(t, old, c.Witness); o != c.Old {
				t.Errorf("the witness gets %v under the old side, want %v", o, c.Old)
			}
			if n, _ := credentialsOutcome(t, new, c.Witness); n != c.New {
				t.Errorf("the witness gets %v under the new side, want %v", n, c.New)
			}
		}
	}
	if !found {
		t.Errorf("no change says the engineer's requests now get the default role and are refused (trust-tag-session); changes:\n%s", messages(changes))
	}
	if !complete {
		t.Errorf("the diff says it is incomplete; every read is covered")
	}
}

func messages(changes []validate.Change) string {
	var b strings.Builder
	for _, c := range changes {
		b.WriteString("\t" + c.Scope + ": " + c.Message + "\n")
	}
	return b.String()
}

// TestDiffCredentialsSaysIncomplete: a condition the search does not vary
// makes the report incomplete, naming it.
func TestDiffCredentialsSaysIncomplete(t *testing.T) {
	sub, err := trust.Parse([]byte(`{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + dcPool + `",
		"cognito-identity.amazonaws.com:sub": "us-east-1:12345678-1234-1234-1234-123456789012"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	pool := tokenPool()
	side := validate.Side{Pool: pool, Roles: map[string]*trust.Policy{dR1: sub}}
	r, err := validate.DiffCredentialsReport(side, side)
	if err != nil {
		t.Fatal(err)
	}
	if r.Complete() || len(r.Uncovered) != 1 || !strings.Contains(r.Uncovered[0].Why, "identity ID") {
		t.Errorf("DiffCredentialsReport says %+v; want the sub condition uncovered", r.Uncovered)
	}
}

// The vocabulary of the random deployments: small, so that rules, tag
// conditions and requests share values.
var (
	dcpClaims = []string{"custom:team", "custom:dept"} // the rules' claims
	dcpTagged = []string{"custom:team", "custom:site"} // the tag maps' claims
	dcpValues = []string{"a", "b", "ab"}
	dcpRoles  = []string{dR1, dR2, dR3}
	dcpSocial = "accounts.google.com"
)

// propDeployment draws one side.
func propDeployment(r *rand.Rand, up, social bool) validate.Side {
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	p := rolemap.Pool{IdentityPoolID: dcPool, Roles: map[string]string{"authenticated": pick(dcpRoles)}}
	if r.IntN(3) == 0 {
		p.Roles["unauthenticated"] = pick(dcpRoles)
	}
	var keys, logins []string
	if up {
		p.CognitoIdentityProviders = []rolemap.Provider{{ProviderName: dcUP, ClientID: "client1"}}
		keys, logins = append(keys, dcUP+":client1"), append(logins, dcUP)
	}
	if social {
		p.SupportedLoginProviders = map[string]string{dcpSocial: "gapp"}
		keys, logins = append(keys, dcpSocial), append(logins, dcpSocial)
	}
	for _, key := range keys {
		switch r.IntN(4) {
		case 0: // no mapping
		case 1:
			mapping := rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole}
			if r.IntN(2) == 0 {
				mapping.AmbiguousRoleResolution = rolemap.AmbiguousDeny
			}
			mapping.Type = rolemap.TypeToken
			if p.RoleMappings == nil {
				p.RoleMappings = map[string]rolemap.Mapping{}
			}
			p.RoleMappings[key] = mapping
		default:
			var rules []rolemap.Rule
			claims := dcpClaims[:1+r.IntN(2)]
			for range 1 + r.IntN(3) {
				rules = append(rules, rolemap.Rule{Claim: pick(claims), MatchType: []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}[r.IntN(4)],
					Value: pick(dcpValues), RoleARN: pick(dcpRoles)})
			}
			mapping := rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole, RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
			if r.IntN(3) == 0 {
				mapping.AmbiguousRoleResolution = rolemap.AmbiguousDeny
			}
			if p.RoleMappings == nil {
				p.RoleMappings = map[string]rolemap.Mapping{}
			}
			p.RoleMappings[key] = mapping
		}
	}
	for _, login := range logins {
		if r.IntN(3) == 0 {
			continue
		}
		if r.IntN(6) == 0 { // the default tags: client ← aud, username ← sub
			yes := true
			p.PrincipalTagAttributeMaps = append(p.PrincipalTagAttributeMaps, rolemap.PrincipalTagMap{IdentityPoolID: dcPool, IdentityProviderName: login, UseDefaults: &yes})
			continue
		}
		tags := map[string]string{}
		for range 1 + r.IntN(2) {
			tags[[]string{"team", "dept"}[r.IntN(2)]] = pick(dcpTagged)
		}
		p.PrincipalTagAttributeMaps = append(p.PrincipalTagAttributeMaps, rolemap.PrincipalTagMap{IdentityPoolID: dcPool, IdentityProviderName: login, PrincipalTags: tags})
	}
	side := validate.Side{Pool: p}
	if r.IntN(8) == 0 {
		return side // no trust check
	}
	side.Roles = map[string]*trust.Policy{}
	for _, role := range dcpRoles {
		if r.IntN(10) == 0 {
			continue // no policy: an unknown role
		}
		side.Roles[role] = propPolicy(r)
	}
	return side
}

// propPolicy draws a trust policy with conditions on amr, a tag and the
// tag keys.
func propPolicy(r *rand.Rand) *trust.Policy {
	action := `"sts:AssumeRoleWithWebIdentity"`
	if r.IntN(2) == 0 {
		action = `["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]`
	}
	conds := map[string]map[string]string{"StringEquals": {"cognito-identity.amazonaws.com:aud": strconv.Quote(dcPool)}}
	add := func(op, key, value string) {
		if conds[op] == nil {
			conds[op] = map[string]string{}
		}
		conds[op][key] = value
	}
	switch r.IntN(24) {
	case 0, 5, 6, 7, 8, 9:
		add("ForAnyValue:StringLike", "cognito-identity.amazonaws.com:amr", `"authenticated"`)
	case 1:
		add("ForAnyValue:StringLike", "cognito-identity.amazonaws.com:amr", `"`+dcpSocial+`"`)
	case 2:
		add("ForAnyValue:StringEquals", "cognito-identity.amazonaws.com:amr", `["unauthenticated", "authenticated"]`)
	case 3: // every user pool login alike
		add("ForAnyValue:StringLike", "cognito-identity.amazonaws.com:amr", `"cognito-idp.*"`)
	case 10, 11: // a login no pool names
		add("ForAnyValue:StringEquals", "cognito-identity.amazonaws.com:amr", `"cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"`)
	case 4: // one token's sub: not covered
		add("ForAllValues:StringNotLike", "cognito-identity.amazonaws.com:amr", `"*:CognitoSignIn:u1"`)
	}
	tag := "aws:RequestTag/" + []string{"team", "dept", "username"}[r.IntN(3)]
	switch r.IntN(7) {
	case 0:
		add("StringEquals", tag, `"`+dcpValues[r.IntN(3)]+`"`)
	case 1:
		add("StringLike", tag, `"`+[]string{"a*", "*b", "?"}[r.IntN(3)]+`"`)
	case 2:
		add("StringNotEqualsIfExists", tag, `["a", "b"]`)
	case 3:
		add("Null", tag, `"true"`)
	case 4:
		add("StringEqualsIgnoreCase", tag, `"`+[]string{"A", "aB", "u1"}[r.IntN(3)]+`"`)
	}
	switch r.IntN(4) {
	case 0:
		add("ForAllValues:StringEquals", "aws:TagKeys", `["team"]`)
	case 1:
		add("ForAnyValue:StringEquals", "aws:TagKeys", `"dept"`)
	}
	var cb strings.Builder
	for i, op := range slices.Sorted(maps.Keys(conds)) {
		if i > 0 {
			cb.WriteString(",")
		}
		cb.WriteString(strconv.Quote(op) + ":{")
		for j, k := range slices.Sorted(maps.Keys(conds[op])) {
			if j > 0 {
				cb.WriteString(",")
			}
			cb.WriteString(strconv.Quote(k) + ":" + conds[op][k])
		}
		cb.WriteString("}")
	}
	statements := `{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ` + action + `, "Condition": {` + cb.String() + `}}`
	if r.IntN(5) == 0 {
		statements += `, {"Effect": "Deny", "Principal": "*", "Action": "sts:TagSession", "Condition": {"StringEquals": {"aws:RequestTag/team": "b"}}}`
	}
	p, err := trust.Parse([]byte(`{"Version": "2012-10-17", "Statement": [` + statements + `]}`))
	if err != nil {
		panic(err) // the generator writes only what the grammar holds
	}
	return p
}

// propRequests is the universe the property enumerates: each login (a
// guest, the user pool with its app client and another, the social
// login) with each claim absent, one of the vocabulary's values, a fresh
// value or a list, and, when token says a Token mapping may read them,
// roles in cognito:roles.
func propRequests(token bool) []credentials.Request {
	values := []any{nil, "a", "A", "b", "ab", "zz", []any{"a", "b"}}
	roleClaims := []any{nil}
	if token {
		roleClaims = []any{nil, []any{dR1}, []any{dR2, dR3}}
	}
	logins := []struct{ login, aud string }{{dcUP, "client1"}, {dcUP, "other"}, {dcpSocial, "gapp"},
		{"cognito-idp.us-east-1.amazonaws.com/us-east-1_Other", "client9"}}
	out := []rolemap.Request{{}, {CustomRoleARN: dR1}, {Login: dcpSocial, Claims: map[string]any{"aud": "gapp"}, CustomRoleARN: dR2},
		{Login: dcUP, Claims: map[string]any{"aud": []any{"client1"}, "custom:team": "a"}}}
	for _, l := range logins {
		for _, team := range values {
			for _, dept := range values {
				for _, site := range []any{nil, "a", "zz"} {
					for _, roles := range roleClaims {
						claims := map[string]any{"aud": l.aud, "sub": "u1"}
						for c, v := range map[string]any{"custom:team": team, "custom:dept": dept, "custom:site": site, "cognito:roles": roles} {
							if v != nil {
								claims[c] = v
							}
						}
						out = append(out, rolemap.Request{Login: l.login, Claims: claims})
					}
				}
			}
		}
	}
	var creqs []credentials.Request
	for _, req := range out {
		creqs = append(creqs, credentials.Request{Request: req})
	}
	// Developer logins with their own tags.
	tagValues := []string{"", "a", "A", "zz"}
	for _, custom := range []string{"", dR1} {
		for _, team := range tagValues {
			for _, dept := range tagValues {
				for _, other := range []string{"", "x"} {
					var tags map[string]string
					for k, v := range map[string]string{"team": team, "dept": dept, "other": other} {
						if v != "" {
							if tags == nil {
								tags = map[string]string{}
							}
							tags[k] = v
						}
					}
					creqs = append(creqs, credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com", CustomRoleARN: custom}, DeveloperPrincipalTags: tags})
				}
			}
		}
		creqs = append(creqs, credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com", CustomRoleARN: custom}, DeveloperPrincipalTags: map[string]string{"Team": "a"}},
			credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com", CustomRoleARN: custom}, DeveloperPrincipalTags: map[string]string{"username": "u1"}})
	}
	return creqs
}

type propOutcome struct {
	choice validate.Outcome // the role choice
	creds  validate.Outcome // the credentials
	tags   map[string]string
	key    string
}

func propGet(t *testing.T, c *credentials.Checker, req credentials.Request) propOutcome {
	t.Helper()
	got, err := c.Get(req)
	o, tags, ok := outcomeOfGet(got, err)
	if !ok {
		t.Fatalf("Get(%+v): %v", req, err)
	}
	choice := validate.Outcome{Role: got.Decision.RoleARN}
	if got.Decision.RoleARN == "" {
		choice = o
	}
	key := got.Decision.MappingKey
	if key == "" {
		key = errKey(err)
	}
	return propOutcome{choice: choice, creds: o, tags: tags, key: key}
}

func sameOutcome(a, b validate.Outcome) bool {
	return a.Role == b.Role && a.Error == b.Error && a.Reason == b.Reason
}

// unnamed stands for every role neither side names (in a policy, a default
// role or a rule), which the diff's fresh roles stand for: the trust check
// and the tags treat them all alike.
func unnamed(named map[string]bool, o validate.Outcome) validate.Outcome {
	if o.Role != "" && !named[o.Role] || strings.Contains(o.Role, "rolemapping-diff-fresh") {
		o.Role = "unnamed"
	}
	return o
}

func namedRoles(sides ...validate.Side) map[string]bool {
	named := map[string]bool{}
	for _, s := range sides {
		for arn := range s.Roles {
			named[arn] = true
		}
		for _, arn := range s.Pool.Roles {
			named[arn] = true
		}
		for _, m := range s.Pool.RoleMappings {
			if m.RulesConfiguration != nil {
				for _, r := range m.RulesConfiguration.Rules {
					named[r.RoleARN] = true
				}
			}
		}
	}
	return named
}

// TestDiffCredentialsProperty draws small deployments, resolves every
// request of a small universe on both sides, and checks that every change
// DiffCredentials lists is sound (its witness gets both outcomes), and,
// when it says the list is complete, that every request whose credentials
// differ is in a change of its login kind and mapping key that says so.
func TestDiffCredentialsProperty(t *testing.T) {
	const deployments = 150
	universes := [2][]credentials.Request{propRequests(false), propRequests(true)}
	var unsound, missed, complete, changes, devs int
	for i := range deployments {
		r := rand.New(rand.NewPCG(uint64(i), 26))
		up, social := true, r.IntN(2) == 0
		if r.IntN(4) == 0 {
			up, social = false, true
		}
		old, new := propDeployment(r, up, social), propDeployment(r, up, social)
		if r.IntN(3) == 0 { // often only the credentials differ
			new.Pool = old.Pool
		}
		if r.IntN(4) == 0 {
			new.Roles = old.Roles
		}
		if r.IntN(6) == 0 { // pools that list no providers take every login
			for _, p := range []*rolemap.Pool{&old.Pool, &new.Pool} {
				p.CognitoIdentityProviders, p.SupportedLoginProviders = nil, nil
			}
		}
		if validate.Pool(old.Pool) != nil || validate.Pool(new.Pool) != nil {
			continue
		}
		list, ok, err := diffCredentials(old, new)
		if err != nil {
			t.Fatalf("deployment %d: %v", i, err)
		}
		changes += len(list)
		oc, nc := checker(t, old), checker(t, new)
		for _, c := range list {
			o, n, sound := witnessSound(t, oc, nc, c)
			if !sound {
				unsound++
				if unsound <= 3 {
					t.Errorf("deployment %d: unsound change %s: %s; its witness %v gets %v %v, then %v %v", i, c.Scope, c.Message, c.Witness, o.creds, o.tags, n.creds, n.tags)
				}
			}
		}
		if !ok {
			continue
		}
		complete++
		named := namedRoles(old, new)
		token := 0
		for _, m := range append(slices.Collect(maps.Values(old.Pool.RoleMappings)), slices.Collect(maps.Values(new.Pool.RoleMappings))...) {
			if m.Type == rolemap.TypeToken {
				token = 1
			}
		}
		for _, req := range universes[token] {
			o, n := propGet(t, oc, req), propGet(t, nc, req)
			if o.creds == n.creds && maps.Equal(o.tags, n.tags) {
				continue
			}
			kind, key := rolemap.KindOf(req.Login), o.key
			if kind == rolemap.KindDeveloper {
				devs++
			}
			if key == "" {
				key = n.key
			}
			// When the role choice changed, the credentials say more than
			// it when a trust check refused (not a tag the request cannot
			// carry) or both sides give a role with other tags. The same
			// error after two role choices is the role choice alone.
			alike := o.creds.Error != "" && n.creds.Error != "" && o.creds.Error == n.creds.Error && o.creds.Reason == n.creds.Reason && o.creds.Message == n.creds.Message
			trustFailed := func(x propOutcome) bool {
				return x.creds != x.choice && !strings.Contains(x.creds.Error, "PrincipalTag")
			}
			more := !alike && (trustFailed(o) || trustFailed(n)) ||
				o.creds.Error == "" && n.creds.Error == "" && !maps.Equal(o.tags, n.tags)
			if o.choice == n.choice {
				more = true // the credentials alone changed
			}
			covered := slices.ContainsFunc(list, func(c validate.Change) bool {
				if c.Kind != kind || c.MappingKey != key {
					return false
				}
				if o.choice != n.choice && !more {
					return true // the role choice alone
				}
				return (c.Scope == "trust" || c.Scope == "tags") && sameOutcome(unnamed(named, c.Old), unnamed(named, o.creds)) &&
					sameOutcome(unnamed(named, c.New), unnamed(named, n.creds))
			})
			if !covered {
				missed++
				if missed <= 3 {
					t.Errorf("deployment %d: missed: %v gets %v %v, then %v %v; the changes:\n%s", i, req, o.creds, o.tags, n.creds, n.tags, messages(list))
				}
			}
		}
	}
	t.Logf("%d deployments, %d complete, %d changes: %d unsound, %d missed (%d developer requests differ)", deployments, complete, changes, unsound, missed, devs)
	if complete < deployments/3 {
		t.Errorf("only %d of %d deployments are complete; the property checks too little", complete, deployments)
	}
}

func checker(t *testing.T, s validate.Side) *credentials.Checker {
	t.Helper()
	res, err := rolemap.Compile(s.Pool)
	if err != nil {
		t.Fatal(err)
	}
	c, err := credentials.New(res, s.Roles)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// witnessSound resolves a change's witness (its old witness on the old
// side) under both checkers and reports whether they give the outcomes —
// and tags, where the change states them — it claims: the credentials for
// a trust, tags or groups change, the role choice for the others.
func witnessSound(t *testing.T, oc, nc *credentials.Checker, c validate.Change) (o, n propOutcome, sound bool) {
	oldReq := c.Witness
	if c.OldWitness != nil {
		oldReq = *c.OldWitness
	}
	o = propGet(t, oc, credentials.Request{Request: oldReq, DeveloperPrincipalTags: c.DeveloperPrincipalTags})
	n = propGet(t, nc, credentials.Request{Request: c.Witness, DeveloperPrincipalTags: c.DeveloperPrincipalTags})
	switch c.Scope {
	case "trust", "tags", "groups":
		sound = sameOutcome(o.creds, c.Old) && sameOutcome(n.creds, c.New) &&
			(c.OldTags == nil && c.NewTags == nil || maps.Equal(o.tags, c.OldTags) && maps.Equal(n.tags, c.NewTags))
	default:
		sound = sameOutcome(o.choice, c.Old) && sameOutcome(n.choice, c.New)
	}
	return o, n, sound
}
