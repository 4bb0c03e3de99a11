package validate_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// The attribute lists, schemas and settings the user pool generator draws
// from: defaults (nil), lists that name or leave out the claims the
// generated rules and tag maps read, oidc:profile.
var (
	genAttrLists = [][]string{nil, {"email"}, {"custom:dept", "email"}, {"oidc:profile", "custom:tier"}, {"custom:dept", "custom:tier", "email", "name"}}
	genSchemas   = [][]usergroups.SchemaAttribute{nil,
		{{Name: "dept", Mutable: accPtr(true)}, {Name: "tier"}},
		{{Name: "custom:dept"}, {Name: "tier", Mutable: accPtr(true), Required: accPtr(true)}, {Name: "secret", DeveloperOnlyAttribute: accPtr(true)}}}
	genPolicies = []string{"", "aud", "auth", "unauth", "both", "tag", "google", "otherpl"}
)

// genUserPool draws a user pool for the app clients named: groups and
// users (rolemaptest's generators), clients, schema, sign-up, a trigger,
// an identity provider.
func genUserPool(t *rapid.T, clients []string) usergroups.UserPool {
	up := usergroups.UserPool{Groups: rolemaptest.Groups().Draw(t, "Groups")}
	if rapid.IntRange(0, 4).Draw(t, "no groups given") == 0 {
		up.Groups = nil
	}
	for _, u := range []string{"alice", "bob"} {
		if rapid.Bool().Draw(t, "user "+u) {
			if up.Users == nil {
				up.Users = map[string][]string{}
			}
			up.Users[u] = rolemaptest.Membership(up.Groups).Draw(t, "membership")
		}
	}
	up.Schema = rapid.SampledFrom(genSchemas).Draw(t, "Schema")
	if rapid.Bool().Draw(t, "has AdminCreateUserConfig") {
		up.AdminCreateUserConfig = &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: rapid.Ptr(rapid.Bool(), true).Draw(t, "AllowAdminCreateUserOnly")}
	}
	if rapid.IntRange(0, 5).Draw(t, "trigger") == 0 {
		up.LambdaConfig = &usergroups.LambdaConfig{PreTokenGeneration: "arn:aws:lambda:us-east-1:111122223333:function:pre"}
	}
	if rapid.Bool().Draw(t, "has an identity provider") {
		up.IdentityProviders = map[string]usergroups.IdentityProvider{"Idp": {
			ProviderType:     rapid.SampledFrom([]string{"Google", "OIDC", "SAML"}).Draw(t, "ProviderType"),
			AttributeMapping: map[string]string{"custom:tier": rapid.SampledFrom([]string{"email", "sub"}).Draw(t, "mapped from")}}}
	}
	for _, c := range clients {
		if rapid.IntRange(0, 4).Draw(t, "client missing") == 0 {
			continue
		}
		if up.Clients == nil {
			up.Clients = map[string]usergroups.Client{}
		}
		cl := usergroups.Client{ReadAttributes: rapid.SampledFrom(genAttrLists).Draw(t, "ReadAttributes"),
			WriteAttributes: rapid.SampledFrom(genAttrLists).Draw(t, "WriteAttributes")}
		if rapid.Bool().Draw(t, "lists the IdP") {
			cl.SupportedIdentityProviders = []string{"COGNITO", "Idp"}
		}
		up.Clients[c] = cl
	}
	return up
}

// genAccessDeployment draws a deployment: a pool of rolemaptest's
// generator, perhaps a principal tag map on custom:dept, the user pools
// of its user pool logins, and for every role it names (and one more) a
// trust policy of genPolicies, none, or one the evaluator does not read.
func genAccessDeployment(t *rapid.T) credentials.Deployment {
	p := rolemaptest.Pool().Draw(t, "pool")
	clients := map[string][]string{}
	for _, prov := range p.CognitoIdentityProviders {
		clients[prov.ProviderName] = append(clients[prov.ProviderName], prov.ClientID)
	}
	logins := slices.Sorted(maps.Keys(clients))
	if len(logins) > 0 && rapid.Bool().Draw(t, "has a tag map") {
		p.PrincipalTagAttributeMaps = []rolemap.PrincipalTagMap{{IdentityProviderName: rapid.SampledFrom(logins).Draw(t, "tag map provider"),
			UseDefaults: accPtr(false), PrincipalTags: map[string]string{"dept": "custom:dept"}}}
	}
	d := credentials.Deployment{Pool: p, UserPools: map[string]usergroups.UserPool{}}
	for _, l := range logins {
		if rapid.IntRange(0, 4).Draw(t, "user pool missing") > 0 {
			d.UserPools[rolemap.UserPoolID(l)] = genUserPool(t, clients[l])
		}
	}
	named := map[string]bool{accRole("Extra"): true}
	for _, r := range p.Roles {
		named[r] = true
	}
	for _, m := range p.RoleMappings {
		if m.Type == rolemap.TypeRules && m.RulesConfiguration != nil {
			for _, r := range m.RulesConfiguration.Rules {
				named[r.RoleARN] = true
			}
		}
	}
	for _, up := range d.UserPools {
		for _, g := range up.Groups {
			if g.RoleARN != "" {
				named[g.RoleARN] = true
			}
		}
	}
	if rapid.IntRange(0, 5).Draw(t, "no trust policies") > 0 {
		d.Roles = map[string]*trust.Policy{}
		for _, arn := range slices.Sorted(maps.Keys(named)) {
			name := rapid.SampledFrom(genPolicies).Draw(t, "policy of "+arn)
			switch {
			case name == "" && rapid.IntRange(0, 3).Draw(t, "unsupported") == 0:
				if d.RoleErrors == nil {
					d.RoleErrors = map[string]error{}
				}
				_, d.RoleErrors[arn] = trust.Parse([]byte(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"Bool":{"aws:x":"true"}}}}`))
			case name != "":
				pol, err := accPolicyFor(p.IdentityPoolID, name)
				if err != nil {
					t.Fatal(err)
				}
				d.Roles[arn] = pol
			}
		}
	}
	return d
}

// TestPropertyAccessSound: on generated deployments, every enhanced
// witness resolves through the credentials check to its role (or to
// rolemapping.UnknownRole for a role whose trust is not verified), every
// basic witness is allowed by the trust evaluator with its aud and amr and
// no tags, a possible path names its unknowns, the report holds at most
// |roles| × 2 × |identities| paths, and it is the same on every run.
func TestPropertyAccessSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genAccessDeployment(t)
		r, err := validate.Access(d, validate.WithAccessMaxRules(400))
		if err != nil {
			t.Fatalf("Access: %v", err)
		}
		for _, bad := range checkAccessWitnesses(d, r) {
			t.Error(bad)
		}
		n := 0
		for _, ra := range r.Roles {
			n += len(ra.Paths)
		}
		if max := len(r.Roles) * 2 * len(r.Identities); n > max {
			t.Errorf("%d paths, over %d roles × 2 × %d identities", n, len(r.Roles), len(r.Identities))
		}
		again, err := validate.Access(d, validate.WithAccessMaxRules(400))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, again); diff != "" {
			t.Errorf("two runs differ (-first +second):\n%s", diff)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			b, _ := json.MarshalIndent(r, "", " ")
			t.Logf("report:\n%s", b)
		}
	})
}
