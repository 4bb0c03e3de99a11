package tfconfig

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// planFixtures pairs the configurations of testdata/plans with the plans
// of package iac's fixtures made from them (../testdata/terraform), and
// the bindings that give what the plan states as known (the hand-written
// plans state their trust policies with a pool id the config leaves to a
// placeholder in eu-west-1).
var planFixtures = []struct {
	dir, plan string
	bindings  map[string]string
}{
	{"plan", "plan.json", map[string]string{"AWS::Region": "eu-west-1"}},
	{"indexed", "indexed-plan.json", map[string]string{"AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333"}},
	{"module", "module-plan.json", map[string]string{"module.roles.ops_arn": "arn:aws:iam::111122223333:role/ops"}},
}

// deployment is what a consumer reads of a result: pools, trust
// policies (decoded), user pools.
func deployment(t *testing.T, res *iac.Result) map[string]any {
	t.Helper()
	roles := map[string]any{}
	for arn, raw := range res.Roles {
		var s string
		var doc any
		if json.Unmarshal(raw, &s) == nil {
			raw = []byte(s)
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("role %s: %v", arn, err)
		}
		roles[arn] = doc
	}
	return map[string]any{"pools": res.Pools, "roles": roles, "userPools": res.UserPools}
}

func TestConfigGivesThePlansDeployment(t *testing.T) {
	for _, fx := range planFixtures {
		t.Run(fx.dir, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "terraform", fx.plan))
			if err != nil {
				t.Fatal(err)
			}
			want, err := iac.Terraform(data, iac.WithBindings(fx.bindings))
			if err != nil {
				t.Fatal(err)
			}
			// module-plan.json, written by hand, leaves out
			// allow_classic_flow, which a plan states (the provider's
			// default, false), as plan.json does.
			for name, p := range want.Pools {
				if p.AllowClassicFlow == nil {
					f := false
					p.AllowClassicFlow = &f
					want.Pools[name] = p
				}
			}
			got, err := Read(filepath.Join("testdata", "plans", fx.dir), fx.bindings)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(deployment(t, want), deployment(t, got)); diff != "" {
				t.Errorf("config and plan differ (-plan +config):\n%s", diff)
			}
		})
	}
}
