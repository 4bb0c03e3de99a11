package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAccessRealFixtures runs rolemap access on configurations written by
// others, committed with their source (see each folder's README), and
// checks it finds what a reviewer of each expects:
//
//   - CloudGoat's vulnerable_cognito scenario (Terraform configuration,
//     read without a plan): the classic flow on, self sign-up, and an app
//     client that lets users write custom:access — no rule reads it, so
//     no user-writable-claim; the basic flow reaches the authenticated role
//     the enhanced flow gives too, so it exposes no other role;
//   - aws-cdk's identity-pool integration snapshot: classic flow on but
//     dormant behind role mappings, guests allowed, a Token mapping whose
//     groups are not in the template (incomplete), a second pool with
//     AllowClassicFlow absent (possibly enabled).
func TestAccessRealFixtures(t *testing.T) {
	type finding struct{ Code, Severity, Path string }
	type report struct {
		IdentityPoolID string
		Complete       bool
		Unknowns       []struct{ ID string }
		Roles          []struct {
			ARN   string
			Paths []struct{ Flow, Identity, Certainty string }
		}
		Findings []finding
	}
	tests := []struct {
		name  string
		args  []string
		want  [][]finding // per pool, in the output's order
		paths []int       // per pool, how many paths
	}{
		{"cloudgoat vulnerable_cognito",
			[]string{"--bind", "var.cgid=cg1", "--bind", `var.cg_whitelist=["192.0.2.1/32"]`, "../../iac/testdata/cloudgoat-vulnerable-cognito"},
			[][]finding{{
				{"classic-flow-enabled", "warning", "AllowClassicFlow"},
				{"self-signup-grants-role", "warning", `UserPools["us-east-1_ctf_pool"].AdminCreateUserConfig.AllowAdminCreateUserOnly`},
			}},
			[]int{2}},
		{"aws-cdk identity-pool integration snapshot",
			[]string{"../../iac/testdata/cdk-integ/integ-identitypool.template.json"},
			[][]finding{{
				{"classic-flow-enabled", "warning", "AllowClassicFlow"},
				{"guest-access", "warning", "AllowUnauthenticatedIdentities"},
				{"self-signup-grants-role", "warning", `UserPools["us-east-1_OtherPool7DA7F2F7"].AdminCreateUserConfig.AllowAdminCreateUserOnly`},
			}, {
				{"classic-flow-enabled", "warning", "AllowClassicFlow"},
				{"self-signup-grants-role", "warning", `UserPools["us-east-1_PoolD3F588B8"].AdminCreateUserConfig.AllowAdminCreateUserOnly`},
			}},
			[]int{5, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"access", "--format", "json"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
			if code != 0 {
				t.Fatalf("exit %d (want 0: no error-level finding)\n%s", code, stderr.Bytes())
			}
			var reports []report
			if err := json.Unmarshal(stdout.Bytes(), &reports); err != nil {
				t.Fatal(err)
			}
			var got [][]finding
			var paths []int
			for _, r := range reports {
				got = append(got, r.Findings)
				n := 0
				for _, role := range r.Roles {
					n += len(role.Paths)
				}
				paths = append(paths, n)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.paths, paths); diff != "" {
				t.Errorf("paths per pool (-want +got):\n%s", diff)
			}
		})
	}
}
