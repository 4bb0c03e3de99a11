package casefile_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// accessPool is a user pool with every member the access analysis reads.
func accessPool() usergroups.UserPool {
	t, f := true, false
	return usergroups.UserPool{
		Groups:                      []usergroups.Group{{GroupName: "staff", RoleARN: staffARN}},
		Schema:                      []usergroups.SchemaAttribute{{Name: "tier", AttributeDataType: "String", Mutable: &t}, {Name: "email", Required: &t, Mutable: &f}},
		AdminCreateUserConfig:       &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: &f},
		UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email"}},
		LambdaConfig: &usergroups.LambdaConfig{PreTokenGenerationConfig: &usergroups.PreTokenGenerationConfig{
			LambdaArn: "arn:aws:lambda:us-east-1:111122223333:function:f", LambdaVersion: "V2_0"}},
		UsernameAttributes: []string{"email"},
		Clients: map[string]usergroups.Client{"web": {ReadAttributes: []string{"custom:tier"}, WriteAttributes: []string{"email"},
			SupportedIdentityProviders: []string{"COGNITO", "Google"}}, "mobile": {}},
		IdentityProviders: map[string]usergroups.IdentityProvider{"Google": {ProviderType: "Google", AttributeMapping: map[string]string{"custom:tier": "hd"}}},
	}
}

// TestDeploymentDocumentAccessMembers: a deployment document carries every
// access member of its user pools, and reads them back, as a document and
// as a case file's pool.
func TestDeploymentDocumentAccessMembers(t *testing.T) {
	ups := map[string]usergroups.UserPool{"us-east-1_AbC": accessPool()}
	doc, err := casefile.DeploymentDocument(deploymentPool(), nil, ups)
	if err != nil {
		t.Fatal(err)
	}
	d, err := casefile.ParseDeployment(doc)
	if err != nil {
		t.Fatalf("ParseDeployment(%s): %v", doc, err)
	}
	if diff := cmp.Diff(ups, d.UserPools); diff != "" {
		t.Errorf("user pools (-want +got):\n%s", diff)
	}
	f, err := casefile.ParseFile([]byte(`{"pool": ` + string(doc) + `, "findings": []}`))
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	if diff := cmp.Diff(ups, f.UserPools); diff != "" {
		t.Errorf("case file's user pools (-want +got):\n%s", diff)
	}
}

// TestParseFileAccessMembers: a case file's userPools take the access
// members and the AWS CLI's outputs; a near miss inside them, an unknown
// member beside them and a wrong type are errors.
func TestParseFileAccessMembers(t *testing.T) {
	cli := func(name string) string {
		data, err := os.ReadFile("../usergroups/testdata/cli/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	const head = `{"pool": {"IdentityPoolId": "us-east-1:1", "Roles": {}}, "findings": [], "userPools": {"eu-west-1_Members": `
	// The CLI outputs, each pasted as a user pool's object.
	for _, name := range []string{"describe-user-pool.json", "describe-user-pool-client.json", "describe-identity-provider.json", "list-groups.json"} {
		if _, err := casefile.ParseFile([]byte(head + cli(name) + `}}`)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	tests := []struct{ name, pool, want string }{
		{"a near miss in a schema attribute", `{"Schema": [{"Name": "tier", "Mutabel": true}]}`, `did you mean "Mutable"?`},
		{"a near miss in a client", `{"Clients": {"c": {"WriteAttribute": []}}}`, `did you mean "WriteAttributes"?`},
		{"a near miss in describe-user-pool", `{"UserPool": {"SchemaAttribute": []}}`, `did you mean "SchemaAttributes"?`},
		{"an unknown member of the user pool", `{"Schemas": []}`, `did you mean "Schema"?`},
		{"a wrong type", `{"Clients": {"c": {"WriteAttributes": "email"}}}`, `UserPools["eu-west-1_Members"].Clients["c"].WriteAttributes: want an array of strings`},
		{"describe-user-pool of another pool", `{"UserPool": {"Id": "eu-west-1_Other"}}`, `UserPools["eu-west-1_Members"].UserPool.Id`},
		{"a schema twice", `{"Schema": [], "SchemaAttributes": [{"Name": "tier"}]}`, `UserPools["eu-west-1_Members"].SchemaAttributes: Schema is given too`},
		{"a client twice", `{"Clients": {"c": {}, "c": {}}}`, `userPools["eu-west-1_Members"].Clients["c"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casefile.ParseFile([]byte(head + tt.pool + `}}`))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}
