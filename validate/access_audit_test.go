package validate_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// TestLintWritableClaimIndependentOfOtherFindings: with a deployment, the
// access analysis decides user-writable-claim whether or not it reports
// anything else: a rule on a custom attribute the app client reads but
// cannot write gets none, with the basic flow off (no access finding at
// all) as with it on (classic-flow-enabled).
func TestLintWritableClaimIndependentOfOtherFindings(t *testing.T) {
	key := accUP + ":client1"
	ups := map[string]usergroups.UserPool{accUPID: {
		Schema:                []usergroups.SchemaAttribute{{Name: "dept", AttributeDataType: "String", Mutable: accPtr(true)}},
		AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)},
		Clients:               map[string]usergroups.Client{"client1": {ReadAttributes: []string{"custom:dept"}, WriteAttributes: []string{"email"}}},
	}}
	codes := []string{validate.CodeUserWritableClaim, validate.CodeClassicFlowEnabled}
	for _, tt := range []struct {
		name, classic string
		want          []string
	}{
		{"classic flow off: no access finding", `"AllowClassicFlow":false`, []string{}},
		{"classic flow on (dormant)", `"AllowClassicFlow":true`, []string{"warning classic-flow-enabled AllowClassicFlow"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			members := accJoin(tt.classic, `"Roles":{}`, accProviders("client1"), accRulesMapping(key, "Deny", "custom:dept Equals x R"))
			d := accDeploy(t, members, map[string]string{"R": "auth"}, nil)
			fs := validate.Lint(d.Pool, validate.WithTrustPolicies(d.Roles), validate.WithUserPools(ups))
			if diff := cmp.Diff(tt.want, briefLint(fs, codes...)); diff != "" {
				for _, f := range fs {
					t.Log(f.Code, f.Path, f.Message)
				}
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAccessTokenTriggerChoices: under a pre token generation trigger, a
// listed user whose groups give several roles still gets
// custom-role-choice (saying "possibly") and is selectable on the
// custom-role paths, which stay possible.
func TestAccessTokenTriggerChoices(t *testing.T) {
	groups := []usergroups.Group{
		{GroupName: "gold", RoleARN: accRole("Gold"), Precedence: accPtr(int64(1))},
		{GroupName: "silver", RoleARN: accRole("Silver"), Precedence: accPtr(int64(2))},
	}
	members := accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"), accTokenMapping(accUP+":c1", "Deny"))
	ups := map[string]usergroups.UserPool{accUPID: {Groups: groups, Users: map[string][]string{"alice": {"gold", "silver"}, "bob": {"silver"}},
		Clients:               map[string]usergroups.Client{"c1": {}},
		AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)},
		LambdaConfig:          &usergroups.LambdaConfig{PreTokenGeneration: "arn:aws:lambda:us-east-1:111122223333:function:pre"}}}
	d := accDeploy(t, members, map[string]string{"Auth": "auth", "Gold": "auth", "Silver": "auth"}, ups)
	r, err := validate.Access(d)
	if err != nil {
		t.Fatal(err)
	}
	type sel struct {
		Path       string
		Certainty  validate.Certainty
		Selectable map[string][]string
	}
	var got []sel
	for _, ra := range r.Roles {
		for _, p := range ra.Paths {
			if len(p.Selectable) > 0 {
				got = append(got, sel{ra.ARN, p.Certainty, p.Selectable})
			}
		}
	}
	both := map[string][]string{"alice": {accRole("Gold"), accRole("Silver")}}
	want := []sel{{accRole("Gold"), validate.Possible, both}, {accRole("Silver"), validate.Possible, both}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("selectable (-want +got):\n%s", diff)
	}
	var msgs []string
	for _, f := range r.Findings {
		if f.Code == validate.CodeCustomRoleChoice {
			msgs = append(msgs, f.Path.String()+": "+f.Message)
		}
	}
	wantMsgs := []string{`UserPools["` + accUPID + `"].Users["alice"]: user "alice"'s groups give 2 roles ("` + accRole("Gold") + `", "` + accRole("Silver") +
		`"); naming one in CustomRoleArn, the user possibly obtains any of them, not only the preferred one (the user pool's pre token generation trigger may rewrite the groups)`}
	if diff := cmp.Diff(wantMsgs, msgs); diff != "" {
		t.Errorf("custom-role-choice (-want +got):\n%s", diff)
	}
	if bad := checkAccessWitnesses(d, r); len(bad) > 0 {
		t.Errorf("unsound witnesses:\n%s", strings.Join(bad, "\n"))
	}
}

// TestAccessClassicFlowUnsupportedPolicyPath: classic-flow-exposes-role
// points at the role's trust policy when the deployment has one, even one
// outside what the trust check evaluates (RoleErrors), and at the bare
// role only when it has none.
func TestAccessClassicFlowUnsupportedPolicyPath(t *testing.T) {
	members := accJoin(`"AllowClassicFlow":true`, accProviders("c1"), accRoles("authenticated", "Auth"))
	ups := map[string]usergroups.UserPool{accUPID: {Clients: map[string]usergroups.Client{"c1": {}},
		AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)}}}
	for _, tt := range []struct {
		name     string
		roleErrs bool
		wantPath string
	}{
		{"policy unsupported", true, `roles["` + accRole("R") + `"].AssumeRolePolicyDocument`},
		{"no policy", false, `roles["` + accRole("R") + `"]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := accDeploy(t, members, map[string]string{"Auth": "auth"}, ups)
			if tt.roleErrs {
				d.RoleErrors = map[string]error{accRole("R"): errors.New("the policy uses a condition operator the trust check does not evaluate")}
			} else {
				d.Pool.Roles["unauthenticated"] = accRole("R") // named, without a policy
			}
			r, err := validate.Access(d)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				if f.Code == validate.CodeClassicFlowExposesRole && strings.Contains(f.Path.String(), "role/R\"") {
					got = append(got, f.Path.String())
				}
			}
			if diff := cmp.Diff([]string{tt.wantPath}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAccessGuestRefusedMessage: guest-access says the unauthenticated
// role's trust policy refuses guests when a role is configured, and that
// no role is given only when none is.
func TestAccessGuestRefusedMessage(t *testing.T) {
	for _, tt := range []struct {
		name, members string
		roles         map[string]string
		want          string
	}{
		{"role configured, refused", accJoin(`"AllowUnauthenticatedIdentities":true,"AllowClassicFlow":false`, accRoles("unauthenticated", "Guest")),
			map[string]string{"Guest": "auth"},
			`the pool accepts unauthenticated guests, though the trust policy of the unauthenticated role "` + accRole("Guest") + `" refuses them`},
		{"no role", `"AllowUnauthenticatedIdentities":true,"AllowClassicFlow":false,"Roles":{}`, map[string]string{},
			"the pool accepts unauthenticated guests, though no role is given to them"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := validate.Access(accDeploy(t, tt.members, tt.roles, nil))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				if f.Code == validate.CodeGuestAccess {
					got = append(got, f.Message)
				}
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestAccessWritersEscapeInvisible: a role ARN holding invisible or
// line-breaking characters (U+200B, U+FEFF, U+00AD, U+2028, U+0085) is
// written escaped by the text and Markdown writers, never raw, so that
// role/Ad\u200bmin cannot pass for role/Admin.
func TestAccessWritersEscapeInvisible(t *testing.T) {
	const name = "Ad\u200bm\ufeffi\u00adn\u2028x\u0085y"
	members := accJoin(`"AllowClassicFlow":true,"AllowUnauthenticatedIdentities":true`, accRoles("unauthenticated", name))
	d := accDeploy(t, members, map[string]string{name: "unauth"}, nil)
	r, err := validate.Access(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"text", func(b *bytes.Buffer) error { return r.WriteText(b) }},
		{"markdown", func(b *bytes.Buffer) error { return r.WriteMarkdown(b) }},
	} {
		t.Run(w.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := w.write(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			var raw []string
			for _, c := range []string{"\u200b", "\ufeff", "\u00ad", "\u2028", "\u0085"} {
				if strings.Contains(out, c) {
					raw = append(raw, c)
				}
			}
			if diff := cmp.Diff([]string(nil), raw); diff != "" {
				t.Errorf("raw invisible characters (-want +got):\n%s\n%s", diff, out)
			}
			if !strings.Contains(out, `Ad\u200bm\ufeffi\u00adn\u2028x\u0085y`) && !strings.Contains(out, `Ad\\u200bm\\ufeffi\\u00adn\\u2028x\\u0085y`) {
				t.Errorf("the role's name is not written escaped:\n%s", out)
			}
		})
	}
}

// TestUserWritableClaimFixNamesFlags: the fix of a user-writable-claim
// names both the command's flags and the Go options, for CLI and library
// users alike.
func TestUserWritableClaimFixNamesFlags(t *testing.T) {
	members := accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"),
		accRulesMapping(accUP+":c1", "Deny", "custom:dept Equals x R"),
		`"OpenIdConnectProviderARNs":["`+accOIDC+`"]`)
	members = strings.Replace(members, `"RoleMappings":{`, `"RoleMappings":{"login.example.com":{"Type":"Rules","AmbiguousRoleResolution":"Deny","RulesConfiguration":{"Rules":[{"Claim":"nickname","MatchType":"Equals","Value":"x","RoleARN":"`+accRole("R")+`"}]}},`, 1)
	d := accDeploy(t, members, nil, nil)
	var got []string
	seen := 0
	for _, f := range validate.Lint(d.Pool) {
		if f.Code != validate.CodeUserWritableClaim {
			continue
		}
		seen++
		for _, want := range []string{"--read-only-attributes", "WithReadOnlyAttributes"} {
			if !strings.Contains(f.Fix, want) {
				got = append(got, f.Path.String()+": no "+want+" in "+f.Fix)
			}
		}
		if strings.Contains(f.Fix, "WithWritableAttributes") != strings.Contains(f.Fix, "--writable-attributes") {
			got = append(got, f.Path.String()+": the Go option and the flag not both named in "+f.Fix)
		}
	}
	if seen != 2 {
		t.Errorf("%d user-writable-claim findings, want 2 (a user pool's, an OIDC provider's)", seen)
	}
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestDocsCiteNoSpec: the package's documentation and comments cite the
// project's reference, never the internal SPEC, which users do not have.
func TestDocsCiteNoSpec(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	spec := regexp.MustCompile(`\bSPEC\b`)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if spec.MatchString(line) {
				got = append(got, name+":"+strconv.Itoa(i+1)+": "+strings.TrimSpace(line))
			}
		}
	}
	if diff := cmp.Diff([]string(nil), got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
