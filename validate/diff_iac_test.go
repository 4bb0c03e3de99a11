package validate_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"
)

// TestDiffImportedPools diffs pools imported from infrastructure as code:
// a Terraform plan bound to the IDs the apply produced decides exactly as
// the state; an edit of a cdk synth template shows who it affects.
func TestDiffImportedPools(t *testing.T) {
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	plan, err := iac.Terraform(read("../rolemap/iac/testdata/terraform/plan.json"), iac.WithBindings(map[string]string{
		"AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333",
		"aws_cognito_user_pool.main.id": "eu-west-1_Fi3ldApp1", "aws_cognito_user_pool_client.web.id": "6m1example2client3id4abcde",
	}))
	if err != nil {
		t.Fatal(err)
	}
	state, err := iac.Terraform(read("../rolemap/iac/testdata/terraform/state.json"))
	if err != nil {
		t.Fatal(err)
	}
	changes, err := validate.Diff(plan.Pools["aws_cognito_identity_pool.main"], state.Pools["aws_cognito_identity_pool.main"])
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 0 {
		t.Errorf("the bound plan and the state decide differently: %+v", changes)
	}

	tmpl := read("../rolemap/iac/testdata/cdk/GoogleRulesStack.template.json")
	before, err := iac.CloudFormation(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(tmpl), `"Value": "example.com"`, `"Value": "example.org"`, 1)
	after, err := iac.CloudFormation([]byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	old, _ := before.Pool("")
	new, _ := after.Pool("")
	changes, err = validate.Diff(old, new)
	if err != nil {
		t.Fatal(err)
	}
	checkSound(t, old, new, changes)
	var hds []string
	for _, c := range changes {
		if hd, ok := c.Witness.Claims["hd"].(string); ok {
			hds = append(hds, hd)
		}
	}
	if strings.Join(hds, ",") != "example.org,example.com" {
		t.Errorf("changes of the hd edit: %+v; want example.com losing Staff and example.org gaining it", changes)
	}
}
