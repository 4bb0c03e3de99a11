package validate_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// bigAccessDeployment is a deployment of n app clients of one user pool,
// each with a Rules mapping of 25 rules on custom attributes (when rules)
// or none (the basic flow on), 10·n roles with trust policies, and 10·n
// groups.
func bigAccessDeployment(t testing.TB, n int, rules bool) credentials.Deployment {
	p := rolemap.Pool{IdentityPoolID: accPoolID, AllowUnauthenticatedIdentities: accPtr(true), Roles: map[string]string{
		"authenticated": accRole("Auth"), "unauthenticated": accRole("Guest")}}
	if !rules {
		p.AllowClassicFlow = accPtr(true)
	}
	d := credentials.Deployment{Roles: map[string]*trust.Policy{accRole("Auth"): accPolicy(t, "auth"), accRole("Guest"): accPolicy(t, "unauth")}}
	up := usergroups.UserPool{Clients: map[string]usergroups.Client{}, AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(false)}}
	for i := range 10 * n {
		arn := accRole("R" + strconv.Itoa(i))
		d.Roles[arn] = accPolicy(t, []string{"auth", "both", "aud", "tag"}[i%4])
		up.Groups = append(up.Groups, usergroups.Group{GroupName: "g" + strconv.Itoa(i), RoleARN: arn})
	}
	for c := range n {
		client := "client" + strconv.Itoa(c)
		p.CognitoIdentityProviders = append(p.CognitoIdentityProviders, rolemap.Provider{ProviderName: accUP, ClientID: client})
		up.Clients[client] = usergroups.Client{}
		if !rules {
			continue
		}
		var rs []rolemap.Rule
		for i := range 25 {
			rs = append(rs, rolemap.Rule{Claim: "custom:c" + strconv.Itoa(i%5), MatchType: []rolemap.MatchType{rolemap.Equals, rolemap.StartsWith, rolemap.Contains, rolemap.NotEqual}[i%4],
				Value: "v" + strconv.Itoa(i), RoleARN: accRole("R" + strconv.Itoa((c*25+i)%(10*n)))})
		}
		if p.RoleMappings == nil {
			p.RoleMappings = map[string]rolemap.Mapping{}
		}
		p.RoleMappings[accUP+":"+client] = rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rs}}
	}
	d.Pool = p
	d.UserPools = map[string]usergroups.UserPool{accUPID: up}
	return d
}

// TestAccessBounded: on the largest mappings AWS allows (10 mappings of 25
// rules) and on a pool whose basic flow reaches hundreds of roles, Access
// counts work linear in roles × identities plus the rules analysis, lists
// at most |roles| × 2 × |identities| paths, and its JSON stays within a
// few hundred bytes a path. Doubling the deployment at most a little more
// than doubles the work.
func TestAccessBounded(t *testing.T) {
	for _, rules := range []bool{true, false} {
		var prev int
		for _, n := range []int{5, 10} {
			d := bigAccessDeployment(t, n, rules)
			var r *validate.AccessReport
			steps := work.Count(func() {
				var err error
				if r, err = validate.Access(d); err != nil {
					t.Fatal(err)
				}
			})
			paths := 0
			for _, ra := range r.Roles {
				paths += len(ra.Paths)
			}
			b, _ := json.Marshal(r)
			units := len(r.Roles) * len(r.Identities)
			t.Logf("rules %v, %d clients: %d roles × %d identities, %d paths, %d steps, %d bytes of JSON", rules, n, len(r.Roles), len(r.Identities), paths, steps, len(b))
			if paths > 2*units {
				t.Errorf("%d paths, over %d", paths, 2*units)
			}
			if steps > 10*units+1000*n {
				t.Errorf("%d steps for %d roles × identities and %d mappings", steps, units, n)
			}
			if len(b) > 2000*paths+4000*len(r.Roles)+20000 {
				t.Errorf("%d bytes of JSON for %d paths", len(b), paths)
			}
			if prev > 0 && steps > 5*prev {
				t.Errorf("doubling the deployment took %d steps, from %d", steps, prev)
			}
			prev = steps
			if strings.Contains(string(b), `"complete":true`) != r.Complete {
				t.Error("complete does not round-trip")
			}
		}
	}
}

// BenchmarkAccess: the access report of 10 app clients with a 25-rule
// mapping each and 100 roles, and of a pool whose basic flow reaches its
// 100 roles from 11 identity kinds.
func BenchmarkAccess(b *testing.B) {
	for _, rules := range []bool{true, false} {
		d := bigAccessDeployment(b, 10, rules)
		name := "rules"
		if !rules {
			name = "basic"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := validate.Access(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
