package validate_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// briefLint writes Lint's findings of the codes named as "severity code
// path".
func briefLint(fs []validate.Finding, codes ...string) []string {
	out := []string{}
	for _, f := range fs {
		if slices.Contains(codes, f.Code) {
			out = append(out, f.Severity.String()+" "+f.Code+" "+f.Path.String())
		}
	}
	return out
}

// TestLintAccess: with the deployment, Lint's user-writable-claim comes
// from the app client and the schema (none for a custom attribute outside
// WriteAttributes; the options still override), a rule on a claim the
// client does not read is claim-not-readable and not unreachable-rule, and
// without it Lint keeps today's list but reports no user-writable-claim on
// a rule that can never match.
func TestLintAccess(t *testing.T) {
	key := accUP + ":c1"
	rp := func(i int) string {
		return `RoleMappings["` + key + `"].RulesConfiguration.Rules[` + string(rune('0'+i)) + `]`
	}
	members := accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth"),
		accRulesMapping(key, "AuthenticatedRole", "custom:tier Equals gold Gold", "custom:tier Equals gold Silver", "email Equals a@b.c Gold", "custom:hidden Equals x Gold", "custom:hidden Equals x Gold"))
	schema := []usergroups.SchemaAttribute{{Name: "tier", Mutable: accPtr(true)}, {Name: "hidden", Mutable: accPtr(true)}}
	client := usergroups.Client{ReadAttributes: []string{"custom:tier", "email"}, WriteAttributes: []string{"email"}}
	ups := map[string]usergroups.UserPool{accUPID: {Schema: schema, Clients: map[string]usergroups.Client{"c1": client},
		AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)}}}
	codes := []string{validate.CodeUserWritableClaim, validate.CodeUnreachableRule, validate.CodeClaimNotReadable}
	tests := []struct {
		name string
		opts []validate.LintOption
		want []string
	}{{
		name: "no deployment: today's list, none on a rule that never matches",
		want: []string{
			"warning user-writable-claim " + rp(0) + ".Claim",
			"warning unreachable-rule " + rp(1),
			"warning user-writable-claim " + rp(2) + ".Claim",
			"warning user-writable-claim " + rp(3) + ".Claim",
			"warning unreachable-rule " + rp(4),
		},
	}, {
		name: "with the client and the schema: exact",
		opts: []validate.LintOption{validate.WithUserPools(ups)},
		want: []string{
			"warning unreachable-rule " + rp(1),
			"error user-writable-claim " + rp(2) + ".Claim",
			"warning claim-not-readable " + rp(3) + ".Claim",
			"warning claim-not-readable " + rp(4) + ".Claim",
		},
	}, {
		name: "the options still override",
		opts: []validate.LintOption{validate.WithUserPools(ups), validate.WithWritableAttributes("custom:tier")},
		want: []string{
			"error user-writable-claim " + rp(0) + ".Claim",
			"warning unreachable-rule " + rp(1),
			"warning claim-not-readable " + rp(3) + ".Claim",
			"warning claim-not-readable " + rp(4) + ".Claim",
		},
	}, {
		name: "read-only override",
		opts: []validate.LintOption{validate.WithUserPools(ups), validate.WithReadOnlyAttributes("email")},
		want: []string{
			"warning unreachable-rule " + rp(1),
			"warning claim-not-readable " + rp(3) + ".Claim",
			"warning claim-not-readable " + rp(4) + ".Claim",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := accDeploy(t, members, nil, nil)
			got := briefLint(validate.Lint(d.Pool, tt.opts...), codes...)
			if diff := cmp.Diff(sortedCopy(tt.want), sortedCopy(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestLintTrustNoAMRAndClassicFlow: trust-no-amr stays the best-practice
// lint and points to classic-flow-exposes-role, its reachability twin,
// which catches a role whose amr condition admits guests too
// (ForAnyValue:StringLike ["authenticated", "unauthenticated"]) and is a
// warning when the basic flow is only possibly on.
func TestLintTrustNoAMRAndClassicFlow(t *testing.T) {
	codes := []string{validate.CodeTrustNoAMR, validate.CodeClassicFlowExposesRole, validate.CodeClassicFlowEnabled}
	authPath := `roles["` + accRole("Auth") + `"].AssumeRolePolicyDocument`
	for _, tt := range []struct {
		name, classic, policy string
		want                  []string
	}{
		{"on, amr admits guests", `"AllowClassicFlow":true`, "both", []string{
			"warning classic-flow-enabled AllowClassicFlow",
			"error classic-flow-exposes-role " + authPath,
			"warning trust-no-amr " + authPath,
		}},
		{"unset: possible, a warning", ``, "aud", []string{
			"warning classic-flow-enabled AllowClassicFlow",
			"warning classic-flow-exposes-role " + authPath,
			"warning trust-no-amr " + authPath,
		}},
		{"on, amr authenticated only", `"AllowClassicFlow":true`, "auth", []string{
			"warning classic-flow-enabled AllowClassicFlow",
		}},
		{"off", `"AllowClassicFlow":false`, "both", []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			members := accJoin(`"AllowUnauthenticatedIdentities":true`, accProviders("c1"), accRoles("authenticated", "Auth", "unauthenticated", "Guest"))
			if tt.classic != "" {
				members = accJoin(tt.classic, members)
			}
			d := accDeploy(t, members, map[string]string{"Auth": tt.policy, "Guest": "unauth"}, nil)
			fs := validate.Lint(d.Pool, validate.WithTrustPolicies(d.Roles))
			if diff := cmp.Diff(sortedCopy(tt.want), sortedCopy(briefLint(fs, codes...))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, f := range fs {
				if f.Code == validate.CodeTrustNoAMR && !strings.Contains(f.Message, validate.CodeClassicFlowExposesRole) {
					t.Errorf("trust-no-amr does not point to classic-flow-exposes-role: %s", f.Message)
				}
			}
		})
	}
}
