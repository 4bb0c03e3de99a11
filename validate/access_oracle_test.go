package validate_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// The brute-force oracle of the access analysis, written apart from it:
// it enumerates small deployments and, for each identity kind, every
// request over a small alphabet of claim values, resolves each through the
// real credentials check (enhanced flow) or the trust evaluator (basic
// flow), and collects the (role, flow, identity) triples obtained. The
// report must list every one (any certainty), and every certain path of
// the report must be among them.

// oracleValues are the values a claim takes: absent (nil), the rules'
// values, the fresh symbol the rules analysis uses, values that hold a
// rule's value and more, and lists. The rules' values are a and b; what
// a value does to a rule is, for each of them, whether some element
// equals it, else starts with it, else contains it, else none (a list's
// positive matches take any element, NotEqual needs none equal). The
// single strings give every pair of those with one of them none; the
// nine lists give the pairs with neither none, so every behaviour a
// claim can have under these rules is enumerated (a list of ["a","bx"]
// fails NotEqual "a" and Equals "b" and passes StartsWith "b", which no
// single string does).
var oracleValues = []any{nil, "a", "b", "x", "ax", "xa", "bx", "xb",
	[]any{"a", "b"}, []any{"a", "bx"}, []any{"a", "xb"}, []any{"ax", "b"}, []any{"ax", "bx"},
	[]any{"ax", "xb"}, []any{"xa", "b"}, []any{"xa", "bx"}, []any{"xa", "xb"}}

var oracleRoles = []string{accRole("A"), accRole("B"), accRole("C")}

type oracleDeployment struct {
	d                                  credentials.Deployment
	google, oidc, saml, dev, userPools bool
}

func genOracleDeployment(t *rapid.T) oracleDeployment {
	var od oracleDeployment
	members := []string{accProviders("c1")}
	if g := rapid.SampledFrom([]string{"", `"AllowUnauthenticatedIdentities":true`}).Draw(t, "guests"); g != "" {
		members = append(members, g)
	}
	if c := rapid.SampledFrom([]string{"", `"AllowClassicFlow":true`, `"AllowClassicFlow":false`}).Draw(t, "classic"); c != "" {
		members = append(members, c)
	}
	var rs []string
	if a := rapid.SampledFrom([]string{"", "A", "B"}).Draw(t, "auth role"); a != "" {
		rs = append(rs, "authenticated", a)
	}
	if u := rapid.SampledFrom([]string{"", "A", "C"}).Draw(t, "unauth role"); u != "" {
		rs = append(rs, "unauthenticated", u)
	}
	members = append(members, accRoles(rs...))
	od.google = rapid.Bool().Draw(t, "google")
	od.oidc = rapid.Bool().Draw(t, "oidc")
	od.saml = rapid.Bool().Draw(t, "saml")
	od.dev = rapid.Bool().Draw(t, "developer")
	if od.google {
		members = append(members, `"SupportedLoginProviders":{"accounts.google.com":"app"}`)
	}
	if od.oidc {
		members = append(members, `"OpenIdConnectProviderARNs":["`+accOIDC+`"]`)
	}
	if od.saml {
		members = append(members, `"SamlProviderARNs":["`+accSAML+`"]`)
	}
	if od.dev {
		members = append(members, `"DeveloperProviderName":"login.corp"`)
	}
	keys := []string{accUP + ":c1"}
	if od.google {
		keys = append(keys, "accounts.google.com")
	}
	if od.oidc {
		keys = append(keys, "login.example.com")
	}
	if od.saml {
		keys = append(keys, accSAML)
	}
	var maps []string
	for _, key := range keys {
		switch rapid.SampledFrom([]string{"none", "rules", "token"}).Draw(t, "mapping of "+key) {
		case "rules":
			var rules []string
			for range rapid.IntRange(1, 3).Draw(t, "rules") {
				rules = append(rules, rapid.SampledFrom([]string{"custom:tier", "email"}).Draw(t, "claim")+" "+
					rapid.SampledFrom([]string{"Equals", "NotEqual", "StartsWith", "Contains"}).Draw(t, "match")+" "+
					rapid.SampledFrom([]string{"a", "b"}).Draw(t, "value")+" "+rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "role"))
			}
			m := accRulesMapping(key, rapid.SampledFrom([]string{"Deny", "AuthenticatedRole"}).Draw(t, "ambiguous"), rules...)
			maps = append(maps, strings.TrimSuffix(strings.TrimPrefix(m, `"RoleMappings":{`), "}"))
		case "token":
			m := accTokenMapping(key, rapid.SampledFrom([]string{"Deny", "AuthenticatedRole"}).Draw(t, "ambiguous"))
			maps = append(maps, strings.TrimSuffix(strings.TrimPrefix(m, `"RoleMappings":{`), "}"))
		}
	}
	if maps != nil {
		members = append(members, `"RoleMappings":{`+strings.Join(maps, ",")+`}`)
	}
	if rapid.Bool().Draw(t, "tag map") {
		members = append(members, `"PrincipalTagAttributeMaps":[{"IdentityProviderName":"`+accUP+`","UseDefaults":false,"PrincipalTags":{"dept":"custom:dept"}}]`)
	}
	p, err := rolemap.ParsePool([]byte(`{"IdentityPoolId":"` + accPoolID + `",` + strings.Join(members, ",") + `}`))
	if err != nil {
		t.Fatal(err)
	}
	od.d = credentials.Deployment{Pool: p, Roles: map[string]*trust.Policy{}}
	for _, r := range oracleRoles {
		if name := rapid.SampledFrom([]string{"", "aud", "auth", "unauth", "both", "tag"}).Draw(t, "policy"); name != "" {
			od.d.Roles[r], _ = accPolicyFor(accPoolID, name)
		}
	}
	if rapid.Bool().Draw(t, "user pool given") {
		od.userPools = true
		up := usergroups.UserPool{
			Schema:                []usergroups.SchemaAttribute{{Name: "tier", Mutable: accPtr(true)}, {Name: "dept", Mutable: accPtr(true)}},
			AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(rapid.Bool().Draw(t, "admin only"))},
			Clients:               map[string]usergroups.Client{"c1": {ReadAttributes: rapid.SampledFrom([][]string{nil, {"email"}, {"custom:tier", "email", "custom:dept"}}).Draw(t, "read")}},
		}
		if rapid.Bool().Draw(t, "groups given") {
			p2 := int64(rapid.IntRange(1, 2).Draw(t, "precedence"))
			up.Groups = []usergroups.Group{{GroupName: "g1", RoleARN: accRole("A"), Precedence: accPtr(int64(1))}, {GroupName: "g2", RoleARN: accRole("B"), Precedence: &p2}}
			if rapid.Bool().Draw(t, "user") {
				up.Users = map[string][]string{"u": {"g1", "g2"}}
			}
		}
		od.d.UserPools = map[string]usergroups.UserPool{accUPID: up}
	}
	return od
}

// oracleReadable says whether app client c1 may put claim c in its ID
// token: not when its ReadAttributes are given and leave c out.
func oracleReadable(od oracleDeployment, c string) bool {
	if !od.userPools || c == "sub" || c == "aud" || strings.HasPrefix(c, "cognito:") {
		return true
	}
	read := od.d.UserPools[accUPID].Clients["c1"].ReadAttributes
	return read == nil || slices.Contains(read, c)
}

type triple struct{ role, flow, identity string }

// oracleTriples enumerates the requests of every kind and returns the
// triples they obtain.
func oracleTriples(t *rapid.T, od oracleDeployment) map[triple]bool {
	d := od.d
	res, err := rolemap.Compile(d.Pool)
	if err != nil {
		t.Fatal(err)
	}
	chk, err := credentials.New(res, d.Roles)
	if err != nil {
		t.Fatal(err)
	}
	got := map[triple]bool{}
	enhanced := func(identity string, req credentials.Request) {
		for _, custom := range append([]string{""}, oracleRoles...) {
			req.CustomRoleARN = custom
			c, err := chk.Get(req)
			var re *rolemap.Error
			if err == nil || errors.As(err, &re) && re.Code == credentials.CodeUnknownRole && c.Decision.RoleARN != "" {
				got[triple{c.Decision.RoleARN, "enhanced", identity}] = true
			}
		}
	}
	// claimSets are the assignments of custom:tier, email and custom:dept.
	claimSets := func(readable func(string) bool) []map[string]any {
		var out []map[string]any
		for _, tier := range oracleValues {
			for _, email := range oracleValues {
				for _, dept := range []any{nil, "eng", "a"} {
					m := map[string]any{}
					ok := true
					for c, v := range map[string]any{"custom:tier": tier, "email": email, "custom:dept": dept} {
						if v == nil {
							continue
						}
						ok = ok && readable(c)
						m[c] = v
					}
					if ok {
						out = append(out, m)
					}
				}
			}
		}
		return out
	}
	all := func(string) bool { return true }
	var roleLists [][]any
	for mask := range 8 {
		var l []any
		for i, r := range oracleRoles {
			if mask&(1<<i) != 0 {
				l = append(l, r)
			}
		}
		roleLists = append(roleLists, l)
	}
	p := d.Pool
	if p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities {
		enhanced("guest", credentials.Request{})
	}
	if od.dev {
		for _, tags := range []map[string]string{nil, {"dept": "eng"}} {
			enhanced("developer:login.corp", credentials.Request{Request: rolemap.Request{Login: "cognito-identity.amazonaws.com"}, DeveloperUserID: "d", DeveloperPrincipalTags: tags})
		}
	}
	// The user pool kind: role claims from memberships of its groups when
	// they are given, else any lists.
	upKey := accUP + ":c1"
	var roleClaims []map[string]any
	if up, ok := d.UserPools[accUPID]; ok && up.Groups != nil {
		for _, mem := range [][]string{nil, {"g1"}, {"g2"}, {"g1", "g2"}} {
			roleClaims = append(roleClaims, usergroups.Claims(up.Groups, mem).Map())
		}
	} else {
		roleClaims = append(roleClaims, map[string]any{})
		for _, l := range roleLists[1:] {
			roleClaims = append(roleClaims, map[string]any{"cognito:roles": l})
		}
	}
	for _, cs := range claimSets(func(c string) bool { return oracleReadable(od, c) }) {
		for _, rc := range roleClaims {
			claims := map[string]any{"aud": "c1", "sub": "s"}
			for k, v := range cs {
				claims[k] = v
			}
			for k, v := range rc {
				claims[k] = v
			}
			enhanced(upKey, credentials.Request{Request: rolemap.Request{Login: accUP, Claims: claims}})
		}
	}
	type other struct {
		on          bool
		login       string
		roleLists   bool // the token may list roles
		samlRoleKey bool
	}
	for _, o := range []other{{od.google, "accounts.google.com", false, false}, {od.oidc, "login.example.com", true, false}, {od.saml, accSAML, false, true}} {
		if !o.on {
			continue
		}
		for _, cs := range claimSets(all) {
			lists := [][]any{nil}
			if o.roleLists || o.samlRoleKey {
				lists = roleLists
			}
			for _, l := range lists {
				claims := map[string]any{"sub": "s"}
				for k, v := range cs {
					claims[k] = v
				}
				switch {
				case o.samlRoleKey && l != nil:
					var pairs []any
					for _, r := range l {
						pairs = append(pairs, r.(string)+","+accSAML)
					}
					claims["https://aws.amazon.com/SAML/Attributes/Role"] = pairs
				case l != nil:
					claims["cognito:roles"] = l
				}
				enhanced(o.login, credentials.Request{Request: rolemap.Request{Login: o.login, Claims: claims}})
			}
		}
	}
	// The basic flow: STS asks only the role's trust policy, with no tags.
	classic := len(p.RoleMappings) == 0 && (p.AllowClassicFlow == nil || *p.AllowClassicFlow)
	basic := func(identity string, amr []string) {
		for _, r := range oracleRoles {
			pol := d.Roles[r]
			if pol == nil {
				continue
			}
			td, err := pol.Evaluate(trust.Request{IdentityPoolID: p.IdentityPoolID, IdentityID: "us-east-1:00000000-0000-0000-0000-000000000001", AMR: amr})
			if err == nil && td.Allowed {
				got[triple{r, "basic", identity}] = true
			}
		}
	}
	if classic {
		if p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities {
			basic("guest", []string{"unauthenticated"})
		}
		basic(upKey, []string{"authenticated", accUP, accUP + ":CognitoSignIn:s"})
		for _, o := range []struct {
			on    bool
			login string
		}{{od.google, "accounts.google.com"}, {od.oidc, "login.example.com"}, {od.saml, accSAML}} {
			if o.on {
				basic(o.login, []string{"authenticated", o.login})
			}
		}
	}
	if od.dev {
		basic("developer:login.corp", []string{"authenticated", "login.corp", "login.corp:" + p.IdentityPoolID + ":d"})
	}
	return got
}

// TestAccessOracle: on small enumerated deployments, the report misses no
// triple the oracle obtains and lists as certain none it does not.
func TestAccessOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		od := genOracleDeployment(t)
		r, err := validate.Access(od.d)
		if err != nil {
			t.Fatal(err)
		}
		got := oracleTriples(t, od)
		listed := map[triple]validate.Path{}
		for _, ra := range r.Roles {
			for _, p := range ra.Paths {
				listed[triple{ra.ARN, string(p.Flow), p.Identity}] = p
			}
		}
		// The report lists the roles the deployment names: its pool's, its
		// groups', those with a trust policy. A token or assertion may
		// name others, which the report says it cannot list.
		named := map[string]bool{}
		for _, r := range od.d.Pool.Roles {
			named[r] = true
		}
		for _, m := range od.d.Pool.RoleMappings {
			if m.RulesConfiguration != nil {
				for _, rl := range m.RulesConfiguration.Rules {
					named[rl.RoleARN] = true
				}
			}
		}
		for _, up := range od.d.UserPools {
			for _, g := range up.Groups {
				named[g.RoleARN] = true
			}
		}
		for r := range od.d.Roles {
			named[r] = true
		}
		for tr := range got {
			if _, ok := listed[tr]; !ok && named[tr.role] {
				t.Errorf("the report misses %v", tr)
			}
		}
		for tr, p := range listed {
			if p.Certainty == validate.Certain && !got[tr] {
				t.Errorf("the report invents %v (certain, via %v)", tr, p.Via)
			}
			if p.Certainty == validate.Possible && len(p.Why) == 0 {
				t.Errorf("%v is possible with no unknown named", tr)
			}
		}
		for _, bad := range checkAccessWitnesses(od.d, r) {
			t.Error(bad)
		}
	})
}
