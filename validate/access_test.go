package validate_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// accDeploy builds a deployment: the pool document (members inside the
// top-level object, IdentityPoolId added), the named roles' policies
// ("" for a role without one), the user pools.
func accDeploy(t *testing.T, members string, roles map[string]string, ups map[string]usergroups.UserPool) credentials.Deployment {
	t.Helper()
	doc := `{"IdentityPoolId":"` + accPoolID + `"`
	if members != "" {
		doc += "," + members
	}
	doc += "}"
	p, err := rolemap.ParsePool([]byte(doc))
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	d := credentials.Deployment{Pool: p, UserPools: ups}
	if roles != nil {
		d.Roles = map[string]*trust.Policy{}
		for name, pol := range roles {
			if pol != "" {
				d.Roles[accRole(name)] = accPolicy(t, pol)
			}
		}
	}
	return d
}

func accProviders(clients ...string) string {
	var parts []string
	for _, c := range clients {
		parts = append(parts, `{"ProviderName":"`+accUP+`","ClientId":"`+c+`"}`)
	}
	return `"CognitoIdentityProviders":[` + strings.Join(parts, ",") + `]`
}

func accRoles(pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, `"`+pairs[i]+`":"`+accRole(pairs[i+1])+`"`)
	}
	return `"Roles":{` + strings.Join(parts, ",") + `}`
}

func accRulesMapping(key, ambiguous string, rules ...string) string {
	var parts []string
	for _, r := range rules {
		f := strings.Fields(r) // claim matchType value role
		parts = append(parts, `{"Claim":"`+f[0]+`","MatchType":"`+f[1]+`","Value":"`+f[2]+`","RoleARN":"`+accRole(f[3])+`"}`)
	}
	return `"RoleMappings":{"` + key + `":{"Type":"Rules","AmbiguousRoleResolution":"` + ambiguous + `","RulesConfiguration":{"Rules":[` + strings.Join(parts, ",") + `]}}}`
}

func accTokenMapping(key, ambiguous string) string {
	return `"RoleMappings":{"` + key + `":{"Type":"Token","AmbiguousRoleResolution":"` + ambiguous + `"}}`
}

func accJoin(members ...string) string { return strings.Join(members, ",") }

func accPtr[T any](v T) *T { return &v }

// TestAccessPaths holds one case per row of the path tables (see "Access
// analysis" in the package documentation): the paths and findings the
// report lists, and every witness reproduces its path.
func TestAccessPaths(t *testing.T) {
	client := func(read, write []string) map[string]usergroups.Client {
		return map[string]usergroups.Client{"c1": {ReadAttributes: read, WriteAttributes: write}}
	}
	closed := &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)}
	schema := []usergroups.SchemaAttribute{{Name: "tier", Mutable: accPtr(true)}, {Name: "dept", Mutable: accPtr(true)}}
	groups := []usergroups.Group{
		{GroupName: "gold", RoleARN: accRole("Gold"), Precedence: accPtr(int64(1))},
		{GroupName: "silver", RoleARN: accRole("Silver"), Precedence: accPtr(int64(2))},
	}
	tests := []struct {
		name         string
		members      string
		roles        map[string]string
		ups          map[string]usergroups.UserPool
		wantPaths    []string
		wantFindings []string
	}{{
		name:         "guest default role, scoped down; classic flow off",
		members:      accJoin(`"AllowUnauthenticatedIdentities":true,"AllowClassicFlow":false`, accProviders("c1"), accRoles("unauthenticated", "Guest", "authenticated", "Auth")),
		roles:        map[string]string{"Guest": "unauth", "Auth": "auth"},
		ups:          map[string]usergroups.UserPool{accUPID: {Clients: client(nil, nil), AdminCreateUserConfig: closed}},
		wantPaths:    []string{"Auth enhanced " + accUP + ":c1 default-role certain", "Guest enhanced guest default-role certain"},
		wantFindings: []string{"warning guest-access AllowUnauthenticatedIdentities"},
	}, {
		name:    "basic flow on: every role whose trust admits the kind's amr; guests not scoped down",
		members: accJoin(`"AllowUnauthenticatedIdentities":true,"AllowClassicFlow":true`, accProviders("c1"), accRoles("unauthenticated", "Guest", "authenticated", "Auth")),
		roles:   map[string]string{"Guest": "unauth", "Auth": "both", "Other": "auth", "Elsewhere": "otherpl"},
		ups:     map[string]usergroups.UserPool{accUPID: {Clients: client(nil, nil), AdminCreateUserConfig: closed}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 default-role certain",
			"Auth basic " + accUP + ":c1 trust certain",
			"Auth basic guest trust certain",
			"Guest enhanced guest default-role certain",
			"Guest basic guest trust certain",
			"Other basic " + accUP + ":c1 trust certain",
		},
		wantFindings: []string{
			"warning classic-flow-enabled AllowClassicFlow",
			"warning guest-access AllowUnauthenticatedIdentities",
			`error classic-flow-exposes-role roles["` + accRole("Auth") + `"].AssumeRolePolicyDocument`,
			`error classic-flow-exposes-role roles["` + accRole("Other") + `"].AssumeRolePolicyDocument`,
		},
	}, {
		name:      "basic flow blocked by role mappings: dormant",
		members:   accJoin(`"AllowClassicFlow":true`, accProviders("c1"), accRoles("authenticated", "Auth"), accTokenMapping(accUP+":c1", "AuthenticatedRole")),
		roles:     map[string]string{"Auth": "auth", "Other": "auth"},
		ups:       map[string]usergroups.UserPool{accUPID: {Clients: client(nil, nil), AdminCreateUserConfig: closed, Groups: []usergroups.Group{}}},
		wantPaths: []string{"Auth enhanced " + accUP + ":c1 ambiguous certain"},
		wantFindings: []string{
			"warning classic-flow-enabled AllowClassicFlow",
		},
	}, {
		name:    "basic flow unset: possible (classic-flow-unset); a role without a policy: trust-unverified",
		members: accJoin(accProviders("c1"), accRoles("authenticated", "Auth")),
		roles:   map[string]string{"Auth": "auth", "Gone": ""},
		ups:     map[string]usergroups.UserPool{accUPID: {Clients: client(nil, nil), AdminCreateUserConfig: closed}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 default-role certain",
			"Auth basic " + accUP + ":c1 trust possible classic-flow-unset",
		},
		wantFindings: []string{"warning classic-flow-enabled AllowClassicFlow"},
	}, {
		name:    "basic flow with principal tag maps: possible (basic-flow-with-tags)",
		members: accJoin(`"AllowClassicFlow":true`, accProviders("c1"), accRoles("authenticated", "Auth"), `"PrincipalTagAttributeMaps":[{"IdentityProviderName":"`+accUP+`","UseDefaults":false,"PrincipalTags":{"team":"custom:team"}}]`),
		roles:   map[string]string{"Auth": "auth"},
		ups:     map[string]usergroups.UserPool{accUPID: {Clients: client(nil, []string{"email"}), AdminCreateUserConfig: closed}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 default-role certain",
			"Auth basic " + accUP + ":c1 trust possible basic-flow-with-tags",
		},
		wantFindings: []string{"warning classic-flow-enabled AllowClassicFlow"},
	}, {
		name:    "developer: default role, and the developer basic flow, always possible",
		members: accJoin(`"AllowClassicFlow":false,"DeveloperProviderName":"login.corp"`, accProviders(), accRoles("authenticated", "Auth")),
		roles:   map[string]string{"Auth": "auth"},
		wantPaths: []string{
			"Auth enhanced developer:login.corp default-role certain",
			"Auth basic developer:login.corp trust possible developer-basic-flow",
		},
		wantFindings: []string{},
	}, {
		name:    "rules: a rule on a claim the user writes escalates; the ambiguous fallback",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), accRulesMapping(accUP+":c1", "AuthenticatedRole", "custom:tier Equals gold Gold", "email Equals a@b.c Auth")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth"},
		ups: map[string]usergroups.UserPool{accUPID: {Schema: schema, AdminCreateUserConfig: closed,
			Clients: client([]string{"custom:tier", "email"}, []string{"custom:tier", "email"})}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 rule 1,ambiguous certain",
			"Gold enhanced " + accUP + ":c1 rule 0 certain",
		},
		wantFindings: []string{
			`error user-writable-claim RoleMappings["` + accUP + `:c1"].RulesConfiguration.Rules[0].Claim`,
			`warning user-writable-claim RoleMappings["` + accUP + `:c1"].RulesConfiguration.Rules[1].Claim`,
		},
	}, {
		name:    "rules: a claim the client does not read never matches (claim-not-readable); one it possibly reads is possible (readability)",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1", "c2"), accRoles("authenticated", "Auth"), `"RoleMappings":{`+strings.TrimPrefix(strings.TrimSuffix(accRulesMapping(accUP+":c1", "Deny", "custom:tier Equals gold Gold"), "}"), `"RoleMappings":{`)+","+strings.TrimPrefix(strings.TrimSuffix(accRulesMapping(accUP+":c2", "Deny", "custom:tier Equals gold Gold"), "}"), `"RoleMappings":{`)+"}"),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth"},
		ups: map[string]usergroups.UserPool{accUPID: {Schema: schema, AdminCreateUserConfig: closed,
			Clients: map[string]usergroups.Client{"c1": {ReadAttributes: []string{"email"}, WriteAttributes: []string{"email"}}, "c2": {}}}},
		wantPaths: []string{
			"Gold enhanced " + accUP + ":c2 rule 0 possible readability",
		},
		wantFindings: []string{
			`warning claim-not-readable RoleMappings["` + accUP + `:c1"].RulesConfiguration.Rules[0].Claim`,
			// Escalating: a user who sets nothing is refused (Deny).
			`error user-writable-claim RoleMappings["` + accUP + `:c2"].RulesConfiguration.Rules[0].Claim`,
		},
	}, {
		name:    "token with groups: a member of one group gets its role; several roles: custom-role; no group: ambiguous",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), accTokenMapping(accUP+":c1", "AuthenticatedRole")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth", "Silver": "auth"},
		ups: map[string]usergroups.UserPool{accUPID: {Groups: groups, Users: map[string][]string{"alice": {"gold", "silver"}, "bob": {"silver"}},
			Clients: client(nil, nil), AdminCreateUserConfig: closed}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 ambiguous certain",
			"Gold enhanced " + accUP + ":c1 token,custom-role certain",
			"Silver enhanced " + accUP + ":c1 token,custom-role certain",
		},
		wantFindings: []string{`warning custom-role-choice UserPools["` + accUPID + `"].Users["alice"]`},
	}, {
		name:    "token with groups unknown: every role, possible (groups-unknown)",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), accTokenMapping(accUP+":c1", "Deny")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth"},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 token,custom-role possible groups-unknown",
			"Gold enhanced " + accUP + ":c1 token,custom-role possible groups-unknown",
		},
		wantFindings: []string{},
	}, {
		name:    "token under a pre token generation trigger: every role, possible (pre-token-trigger)",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), accTokenMapping(accUP+":c1", "Deny")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth", "Silver": "auth"},
		ups: map[string]usergroups.UserPool{accUPID: {Groups: groups, Clients: client(nil, nil), AdminCreateUserConfig: closed,
			LambdaConfig: &usergroups.LambdaConfig{PreTokenGeneration: "arn:aws:lambda:us-east-1:111122223333:function:pre"}}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 token,custom-role possible pre-token-trigger",
			"Gold enhanced " + accUP + ":c1 token,custom-role possible pre-token-trigger",
			"Silver enhanced " + accUP + ":c1 token,custom-role possible pre-token-trigger",
		},
		wantFindings: []string{},
	}, {
		name:    "token on an OIDC provider: the issuer names any role",
		members: accJoin(`"AllowClassicFlow":false,"OpenIdConnectProviderARNs":["`+accOIDC+`"]`, accRoles("authenticated", "Auth"), accTokenMapping("login.example.com", "Deny")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth"},
		wantPaths: []string{
			"Auth enhanced login.example.com token,custom-role certain",
			"Gold enhanced login.example.com token,custom-role certain",
		},
		wantFindings: []string{},
	}, {
		name:         "token on a social provider: no role claims, the ambiguous fallback only",
		members:      accJoin(`"AllowClassicFlow":false,"SupportedLoginProviders":{"accounts.google.com":"app"}`, accRoles("authenticated", "Auth"), accTokenMapping("accounts.google.com", "AuthenticatedRole")),
		roles:        map[string]string{"Auth": "auth", "Gold": "auth"},
		wantPaths:    []string{"Auth enhanced accounts.google.com ambiguous certain"},
		wantFindings: []string{},
	}, {
		name:    "SAML without a Rules mapping: the assertion names any role; custom-role-choice",
		members: accJoin(`"AllowClassicFlow":false,"SamlProviderARNs":["`+accSAML+`"]`, accRoles("authenticated", "Auth")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth"},
		wantPaths: []string{
			"Auth enhanced " + accSAML + " saml,custom-role certain",
			"Gold enhanced " + accSAML + " saml,custom-role certain",
		},
		wantFindings: []string{"warning custom-role-choice SamlProviderARNs[0]"},
	}, {
		name:    "a principal tag from a claim the user writes, tested by the trust policy",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Eng"), `"PrincipalTagAttributeMaps":[{"IdentityProviderName":"`+accUP+`","UseDefaults":false,"PrincipalTags":{"dept":"custom:dept"}}]`),
		roles:   map[string]string{"Eng": "tag"},
		ups: map[string]usergroups.UserPool{accUPID: {Schema: schema, AdminCreateUserConfig: closed,
			Clients: client([]string{"custom:dept"}, []string{"custom:dept"})}},
		wantPaths:    []string{"Eng enhanced " + accUP + ":c1 default-role certain"},
		wantFindings: []string{`error user-writable-principal-tag PrincipalTagAttributeMaps[0].PrincipalTags["dept"]`},
	}, {
		name:    "self sign-up on: a new user reaches the default role",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth")),
		roles:   map[string]string{"Auth": "auth"},
		ups:     map[string]usergroups.UserPool{accUPID: {Clients: client(nil, nil)}},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 default-role certain",
		},
		wantFindings: []string{`warning self-signup-grants-role UserPools["` + accUPID + `"].AdminCreateUserConfig.AllowAdminCreateUserOnly`},
	}, {
		name:    "a user pool the deployment lacks: user-pool-unknown, no finding",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth")),
		roles:   map[string]string{"Auth": "auth"},
		wantPaths: []string{
			"Auth enhanced " + accUP + ":c1 default-role certain",
		},
		wantFindings: []string{},
	}, {
		name:    "providers unknown: the mapping keys and any other login, possible",
		members: accJoin(`"AllowClassicFlow":false`, accRoles("authenticated", "Auth"), accRulesMapping("accounts.google.com", "Deny", "email Equals a@b.c Gold")),
		roles:   map[string]string{"Auth": "auth", "Gold": "auth"},
		wantPaths: []string{
			"Auth enhanced * default-role possible providers-unknown",
			"Gold enhanced accounts.google.com rule 0 possible providers-unknown",
		},
		wantFindings: []string{`error user-writable-claim RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].Claim`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := accDeploy(t, tt.members, tt.roles, tt.ups)
			r, err := validate.Access(d)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantPaths, briefPaths(r)); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(sortedCopy(tt.wantFindings), sortedCopy(briefFindings(r))); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, bad := range checkAccessWitnesses(d, r) {
				t.Error(bad)
			}
			if t.Failed() {
				b, _ := json.MarshalIndent(r, "", " ")
				t.Logf("report:\n%s", b)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestAccessClaimControl holds one case per row of the writability table
// (and the identity providers' raise, and the static list without the
// user pool): the controller of a rule's claim, in the condition of the
// rule's path.
func TestAccessClaimControl(t *testing.T) {
	open := &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(false)}
	closed := &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)}
	immutable := []usergroups.SchemaAttribute{{Name: "tier"}, {Name: "secret", DeveloperOnlyAttribute: accPtr(true)}}
	mutable := []usergroups.SchemaAttribute{{Name: "tier", Mutable: accPtr(true)}}
	all := []string{"custom:tier", "email", "given_name", "dev:custom:secret"}
	cl := func(read, write []string, idps ...string) map[string]usergroups.Client {
		return map[string]usergroups.Client{"c1": {ReadAttributes: read, WriteAttributes: write, SupportedIdentityProviders: idps}}
	}
	idp := func(typ, from string) map[string]usergroups.IdentityProvider {
		return map[string]usergroups.IdentityProvider{"Idp": {ProviderType: typ, AttributeMapping: map[string]string{"custom:tier": from}}}
	}
	tests := []struct {
		name  string
		up    *usergroups.UserPool
		claim string
		want  string // the controller; "" for no path
	}{
		{"1 trigger: every claim possible", &usergroups.UserPool{Clients: cl(all, []string{"email"}), AdminCreateUserConfig: closed,
			LambdaConfig: &usergroups.LambdaConfig{PreTokenGenerationConfig: &usergroups.PreTokenGenerationConfig{LambdaArn: "arn:aws:lambda:us-east-1:111122223333:function:f"}}}, "given_name", validate.ControllerUserMaybe},
		{"2 sub is Cognito's", &usergroups.UserPool{Clients: cl(nil, nil), AdminCreateUserConfig: open}, "sub", validate.ControllerCognito},
		{"2 groups are administrators'", &usergroups.UserPool{Clients: cl(nil, nil), AdminCreateUserConfig: open}, "cognito:groups", validate.ControllerAdmin},
		{"3 username: the signer's with self sign-up", &usergroups.UserPool{Clients: cl(nil, nil), AdminCreateUserConfig: open}, "cognito:username", validate.ControllerUser},
		{"3 username: not with UsernameAttributes", &usergroups.UserPool{Clients: cl(nil, nil), AdminCreateUserConfig: open, UsernameAttributes: []string{"email"}}, "cognito:username", validate.ControllerAdmin},
		{"4 developer-only attribute", &usergroups.UserPool{Schema: immutable, Clients: cl(nil, nil), AdminCreateUserConfig: open}, "dev:custom:secret", validate.ControllerAdmin},
		{"5 not in WriteAttributes", &usergroups.UserPool{Clients: cl(nil, []string{"email"}), AdminCreateUserConfig: open}, "given_name", validate.ControllerAdmin},
		{"5 oidc:profile expands", &usergroups.UserPool{Clients: cl(nil, []string{"oidc:profile"}), AdminCreateUserConfig: open}, "given_name", validate.ControllerUser},
		{"6 email verified before update", &usergroups.UserPool{Clients: cl(nil, nil), AdminCreateUserConfig: open,
			UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email"}}}, "email", validate.ControllerUserMaybe},
		{"7 mutable custom in WriteAttributes", &usergroups.UserPool{Schema: mutable, Clients: cl(all, []string{"custom:tier"}), AdminCreateUserConfig: closed}, "custom:tier", validate.ControllerUser},
		{"7 custom with WriteAttributes unset: possible", &usergroups.UserPool{Schema: mutable, Clients: cl(all, nil), AdminCreateUserConfig: closed}, "custom:tier", validate.ControllerUserMaybe},
		{"7 immutable, self sign-up on: set once", &usergroups.UserPool{Schema: immutable, Clients: cl(all, []string{"custom:tier"}), AdminCreateUserConfig: open}, "custom:tier", validate.ControllerUser},
		{"7 required attribute: every client writes it", &usergroups.UserPool{Schema: []usergroups.SchemaAttribute{{Name: "tier", Mutable: accPtr(true), Required: accPtr(true)}}, Clients: cl(all, []string{"email"}), AdminCreateUserConfig: closed}, "custom:tier", validate.ControllerUser},
		{"8 immutable, self sign-up off", &usergroups.UserPool{Schema: immutable, Clients: cl(all, []string{"custom:tier"}), AdminCreateUserConfig: closed}, "custom:tier", validate.ControllerAdmin},
		{"8 raised by a social IdP's mapping", &usergroups.UserPool{Schema: immutable, Clients: cl(all, []string{"custom:tier"}, "Idp"), AdminCreateUserConfig: closed, IdentityProviders: idp("Google", "email")}, "custom:tier", validate.ControllerUser},
		{"8 not raised by the account's ID", &usergroups.UserPool{Schema: immutable, Clients: cl(all, []string{"custom:tier"}, "Idp"), AdminCreateUserConfig: closed, IdentityProviders: idp("Google", "sub")}, "custom:tier", validate.ControllerAdmin},
		{"8 raised to possible by OIDC", &usergroups.UserPool{Schema: immutable, Clients: cl(all, []string{"custom:tier"}, "Idp"), AdminCreateUserConfig: closed, IdentityProviders: idp("OIDC", "tier")}, "custom:tier", validate.ControllerUserMaybe},
		{"8 not raised by an IdP the client does not list", &usergroups.UserPool{Schema: immutable, Clients: cl(all, []string{"custom:tier"}), AdminCreateUserConfig: closed, IdentityProviders: idp("Google", "email")}, "custom:tier", validate.ControllerAdmin},
		{"readable no: a custom attribute missing from the schema", &usergroups.UserPool{Schema: mutable, Clients: cl(nil, nil), AdminCreateUserConfig: closed}, "custom:other", ""},
		{"readable no: not in ReadAttributes", &usergroups.UserPool{Clients: cl([]string{"email"}, nil), AdminCreateUserConfig: closed}, "given_name", ""},
		{"no user pool: the static list", nil, "email", validate.ControllerUserMaybe},
		{"no user pool: others are not the user's", nil, "cognito:groups", validate.ControllerAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ups map[string]usergroups.UserPool
			if tt.up != nil {
				ups = map[string]usergroups.UserPool{accUPID: *tt.up}
			}
			d := accDeploy(t, accJoin(`"AllowClassicFlow":false,"Roles":{}`, accProviders("c1"),
				accRulesMapping(accUP+":c1", "Deny", tt.claim+" Equals v Gold")), map[string]string{"Gold": "auth"}, ups)
			r, err := validate.Access(d)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, ra := range r.Roles {
				for _, p := range ra.Paths {
					if ra.ARN == accRole("Gold") && p.Flow == validate.FlowEnhanced && len(p.Conditions) > 0 {
						got = p.Conditions[0].Controller
					}
				}
			}
			if got != tt.want {
				t.Errorf("controller of %s = %q, want %q", tt.claim, got, tt.want)
			}
			for _, bad := range checkAccessWitnesses(d, r) {
				t.Error(bad)
			}
		})
	}
}

// TestAccessFreshValues: rule values that every w-N holds ("w", "-") do
// not stall the search for a fresh value (it once looped forever), and the
// witnesses still reproduce their paths.
func TestAccessFreshValues(t *testing.T) {
	d := accDeploy(t, accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"),
		accRulesMapping(accUP+":c1", "AuthenticatedRole", "custom:a Contains w Gold", "custom:b Contains - Gold", "custom:c NotEqual w-1 Gold")),
		map[string]string{"Auth": "auth", "Gold": "auth"}, nil)
	r, err := validate.Access(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range checkAccessWitnesses(d, r) {
		t.Error(bad)
	}
	if diff := cmp.Diff([]string{
		"Auth enhanced " + accUP + ":c1 ambiguous certain",
		"Gold enhanced " + accUP + ":c1 rule 0,rule 1,rule 2 possible readability",
	}, briefPaths(r)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestAccessFindings: the variants of the findings the path cases do not
// show — a principal tag no role tests (a warning), a tag no client reads,
// sign-up through a social identity provider (possibly), sign-up off, a
// guest with no role — and the word "possibly" on findings that rest on a
// possible path or writability.
func TestAccessFindings(t *testing.T) {
	closed := &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)}
	schema := []usergroups.SchemaAttribute{{Name: "dept", Mutable: accPtr(true)}}
	tagMap := `"PrincipalTagAttributeMaps":[{"IdentityProviderName":"` + accUP + `","UseDefaults":false,"PrincipalTags":{"dept":"custom:dept"}}]`
	tests := []struct {
		name     string
		members  string
		roles    map[string]string
		up       *usergroups.UserPool
		want     []string
		possibly []string // codes whose message must say "possibly"
	}{{
		name:    "a writable tag no trust policy tests: a warning",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), tagMap),
		roles:   map[string]string{"Auth": "auth"},
		up:      &usergroups.UserPool{Schema: schema, AdminCreateUserConfig: closed, Clients: map[string]usergroups.Client{"c1": {ReadAttributes: []string{"custom:dept"}, WriteAttributes: []string{"custom:dept"}}}},
		want:    []string{`warning user-writable-principal-tag PrincipalTagAttributeMaps[0].PrincipalTags["dept"]`},
	}, {
		name:    "a tag no client reads",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), tagMap),
		roles:   map[string]string{"Auth": "auth"},
		up:      &usergroups.UserPool{Schema: schema, AdminCreateUserConfig: closed, Clients: map[string]usergroups.Client{"c1": {ReadAttributes: []string{"email"}, WriteAttributes: []string{"custom:dept"}}}},
		want:    []string{`warning claim-not-readable PrincipalTagAttributeMaps[0].PrincipalTags["dept"]`},
	}, {
		name:     "sign-up off, a social identity provider on the client: possibly",
		members:  accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth")),
		roles:    map[string]string{"Auth": "auth"},
		up:       &usergroups.UserPool{AdminCreateUserConfig: closed, Clients: map[string]usergroups.Client{"c1": {SupportedIdentityProviders: []string{"COGNITO", "Google"}}}},
		want:     []string{`warning self-signup-grants-role UserPools["` + accUPID + `"].AdminCreateUserConfig.AllowAdminCreateUserOnly`},
		possibly: []string{validate.CodeSelfSignupGrantsRole},
	}, {
		name:    "sign-up on, but a new user reaches no role",
		members: accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles(), accRulesMapping(accUP+":c1", "Deny", "cognito:groups Equals admins Auth")),
		roles:   map[string]string{"Auth": "auth"},
		up:      &usergroups.UserPool{Clients: map[string]usergroups.Client{"c1": {}}},
		want:    []string{},
	}, {
		name:    "guests with no role",
		members: accJoin(`"AllowClassicFlow":false,"AllowUnauthenticatedIdentities":true`, accProviders(), accRoles()),
		want:    []string{"warning guest-access AllowUnauthenticatedIdentities"},
	}, {
		name:     "a claim the client possibly lets users write",
		members:  accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), accRulesMapping(accUP+":c1", "AuthenticatedRole", "custom:dept Equals eng Gold")),
		roles:    map[string]string{"Auth": "auth", "Gold": "auth"},
		up:       &usergroups.UserPool{Schema: schema, AdminCreateUserConfig: closed, Clients: map[string]usergroups.Client{"c1": {ReadAttributes: []string{"custom:dept"}}}},
		want:     []string{`error user-writable-claim RoleMappings["` + accUP + `:c1"].RulesConfiguration.Rules[0].Claim`},
		possibly: []string{validate.CodeUserWritableClaim},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ups map[string]usergroups.UserPool
			if tt.up != nil {
				ups = map[string]usergroups.UserPool{accUPID: *tt.up}
			}
			d := accDeploy(t, tt.members, tt.roles, ups)
			r, err := validate.Access(d)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(sortedCopy(tt.want), sortedCopy(briefFindings(r))); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, f := range r.Findings {
				for _, c := range tt.possibly {
					if f.Code == c && !strings.Contains(f.Message, "possibly") {
						t.Errorf("%s does not say possibly: %s", c, f.Message)
					}
				}
			}
			for _, bad := range checkAccessWitnesses(d, r) {
				t.Error(bad)
			}
		})
	}
}
