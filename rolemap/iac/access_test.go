package iac_test

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func readFixture(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportAccessMembers: the access members of the user pools the
// pools name, and every role whose trust policy names the identity pools'
// principal, from the cdk synth templates, aws-cdk's integration snapshot
// and a plan.
func TestImportAccessMembers(t *testing.T) {
	const lambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"
	tests := []struct {
		name, path string
		terraform  bool
		userPools  map[string]usergroups.UserPool
		roles      []string
		classic    map[string]*bool // AllowClassicFlow by pool
	}{
		{name: "AccessStack", path: "testdata/cdk/AccessStack.template.json",
			userPools: map[string]usergroups.UserPool{"eu-west-1_MembersFEE56442": {
				Schema: []usergroups.SchemaAttribute{{Name: "tier", AttributeDataType: "String", Mutable: yes()},
					{Name: "dept", AttributeDataType: "String", Mutable: no()}},
				AdminCreateUserConfig:       &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: no()},
				UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email"}},
				LambdaConfig:                &usergroups.LambdaConfig{PreTokenGeneration: "arn:aws:lambda:eu-west-1:123456789012:function:PreTokenC5C71DF4"},
				UsernameAttributes:          []string{"email"},
				Clients: map[string]usergroups.Client{
					"MembersWeb9AA22302": {ReadAttributes: []string{"custom:dept", "custom:tier", "email", "email_verified"},
						WriteAttributes: []string{"email", "given_name"}, SupportedIdentityProviders: []string{"COGNITO", "Google"}},
					// The identity provider's Ref is its ProviderName.
					"MembersMobileF4A96E22": {SupportedIdentityProviders: []string{"Google", "COGNITO"}},
				},
				IdentityProviders: map[string]usergroups.IdentityProvider{"Google": {ProviderType: "Google",
					AttributeMapping: map[string]string{"email": "email", "tier": "hd"}}},
			}},
			// reports: no pool chooses it; the Lambda function's role is not
			// read, its trust policy naming lambda.amazonaws.com.
			roles: []string{"arn:aws:iam::123456789012:role/ClassicIdentitiesAuthenticatedRole294AB484",
				"arn:aws:iam::123456789012:role/ClassicIdentitiesUnauthenticatedRole0E0B74C4",
				"arn:aws:iam::123456789012:role/TierIdentitiesAuthenticatedRoleCC3DB992",
				"arn:aws:iam::123456789012:role/TierIdentitiesUnauthenticatedRole4C02B581",
				"arn:aws:iam::123456789012:role/gold", "arn:aws:iam::123456789012:role/reports"},
			classic: map[string]*bool{"ClassicIdentitiesB43ED256": yes(), "TierIdentitiesF545B73B": nil}},
		{name: "aws-cdk integration snapshot", path: "testdata/cdk-integ/integ-identitypool.template.json",
			userPools: map[string]usergroups.UserPool{
				"us-east-1_PoolD3F588B8": {
					AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: yes()},
					Clients:               map[string]usergroups.Client{"PooltestClientFE8D4935": {SupportedIdentityProviders: []string{"Google", "COGNITO"}}},
					IdentityProviders: map[string]usergroups.IdentityProvider{"Google": {ProviderType: "Google",
						AttributeMapping: map[string]string{"email": "email", "family_name": "family_name", "gender": "gender", "given_name": "given_name", "names": "names"}}},
				},
				"us-east-1_OtherPool7DA7F2F7": {
					AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: yes()},
					Clients: map[string]usergroups.Client{"OtherPoolUserPoolAuthenticationProviderClient08F670F8": {
						SupportedIdentityProviders: []string{"LoginWithAmazon", "COGNITO"}}},
					IdentityProviders: map[string]usergroups.IdentityProvider{"LoginWithAmazon": {ProviderType: "LoginWithAmazon",
						AttributeMapping: map[string]string{"email": "email", "given_name": "name", "userId": "user_id"}}},
				},
			},
			roles: []string{"arn:aws:iam::123456789012:role/identitypoolAuthenticatedRoleB074B49D",
				"arn:aws:iam::123456789012:role/identitypoolUnauthenticatedRoleE61CAC70",
				"arn:aws:iam::123456789012:role/identitypoolwounauthAuthenticatedRole9485BF4A"},
			classic: map[string]*bool{"identitypoolE2A6D099": yes(), "identitypoolwounauth11D2BE08": nil}},
		{name: "plan", path: "testdata/terraform/access-plan.json", terraform: true,
			userPools: map[string]usergroups.UserPool{"us-east-1_pool": {
				Schema: []usergroups.SchemaAttribute{{Name: "access", AttributeDataType: "String", Mutable: yes()},
					{Name: "email", AttributeDataType: "String", Required: yes()}},
				AdminCreateUserConfig:       &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: no()},
				UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email"}},
				LambdaConfig: &usergroups.LambdaConfig{PreTokenGenerationConfig: &usergroups.PreTokenGenerationConfig{
					LambdaArn: lambdaArn, LambdaVersion: "V2_0"}},
				UsernameAttributes: []string{"email"},
				Clients: map[string]usergroups.Client{"web": {ReadAttributes: []string{"custom:access", "email", "email_verified"},
					WriteAttributes: []string{"custom:access", "email"}, SupportedIdentityProviders: []string{"COGNITO", "Google"}}},
				IdentityProviders: map[string]usergroups.IdentityProvider{"Google": {ProviderType: "Google",
					AttributeMapping: map[string]string{"custom:access": "hd", "email": "email"}}},
			}},
			// members-authenticated's policy is known only after apply: not
			// read, so its trust is unverified; reports is kept, lambda not.
			roles:   []string{"arn:aws:iam::123456789012:role/reports"},
			classic: map[string]*bool{"aws_cognito_identity_pool.main": no()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res *iac.Result
			var err error
			if tt.terraform {
				res, err = iac.Terraform(readFixture(t, tt.path))
			} else {
				res, err = iac.CloudFormation(readFixture(t, tt.path))
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.userPools, res.UserPools); diff != "" {
				t.Errorf("user pools (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.roles, slices.Sorted(maps.Keys(res.Roles))); diff != "" {
				t.Errorf("roles (-want +got):\n%s", diff)
			}
			classic := map[string]*bool{}
			for name, p := range res.Pools {
				classic[name] = p.AllowClassicFlow
			}
			if diff := cmp.Diff(tt.classic, classic); diff != "" {
				t.Errorf("AllowClassicFlow (-want +got):\n%s", diff)
			}
			for id, up := range res.UserPools {
				if err := usergroups.Validate(id, up); err != nil {
					t.Errorf("Validate: %v", err)
				}
			}
		})
	}
}

// accessTemplate is a template of one identity pool naming the user pool
// Users through its client Web, with the user pool's properties props,
// and extra resources.
func accessTemplate(props, extra string) []byte {
	return []byte(`{"Resources": {
  "Users": {"Type": "AWS::Cognito::UserPool", "Properties": ` + props + `},
  "Web": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Users"}}},
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false,
    "CognitoIdentityProviders": [{"ClientId": {"Ref": "Web"}, "ProviderName": {"Fn::GetAtt": ["Users", "ProviderName"]}}]}}` + extra + `
}}`)
}

// TestCloudFormationAccessMembers: CloudFormation's ways of writing the
// members (booleans as strings, intrinsics, conditions, AWS::NoValue),
// and what is not read.
func TestCloudFormationAccessMembers(t *testing.T) {
	tests := []struct {
		name, props, extra string
		want               usergroups.UserPool
	}{
		{name: "booleans as strings, a parameter, NoValue",
			props: `{"Schema": [{"Name": "tier", "Mutable": "true", "Required": "False", "DeveloperOnlyAttribute": {"Ref": "AWS::NoValue"}}],
				"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": {"Fn::If": ["Closed", true, false]}},
				"UsernameAttributes": [{"Ref": "Alias"}], "LambdaConfig": {"PreTokenGenerationConfig": {"LambdaArn": "arn:aws:lambda:us-east-1:111122223333:function:f", "LambdaVersion": "V2_0"}}}`,
			extra: `}, "Parameters": {"Alias": {"Type": "String", "Default": "phone_number"}}, "Conditions": {"Closed": {"Fn::Equals": ["a", "b"]}`,
			want: usergroups.UserPool{
				Schema:                []usergroups.SchemaAttribute{{Name: "tier", Mutable: yes(), Required: no()}},
				AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: no()},
				UsernameAttributes:    []string{"phone_number"},
				LambdaConfig: &usergroups.LambdaConfig{PreTokenGenerationConfig: &usergroups.PreTokenGenerationConfig{
					LambdaArn: "arn:aws:lambda:us-east-1:111122223333:function:f", LambdaVersion: "V2_0"}},
				Clients: map[string]usergroups.Client{"Web": {}},
			}},
		{name: "a client and a provider whose Condition is false, another pool's client",
			props: `{}`,
			extra: `,
  "Never": {"Type": "AWS::Cognito::UserPoolClient", "Condition": "No", "Properties": {"UserPoolId": {"Ref": "Users"}, "WriteAttributes": ["email"]}},
  "Saml": {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Condition": "No", "Properties": {"UserPoolId": {"Ref": "Users"}, "ProviderName": "Corp", "ProviderType": "SAML"}},
  "Others": {"Type": "AWS::Cognito::UserPool", "Properties": {"Schema": "not read"}},
  "OtherClient": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Others"}, "ReadAttributes": 7}},
  "ByValue": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": "us-east-1_Users", "ReadAttributes": ["email"]}}
}, "Conditions": {"No": {"Fn::Equals": ["a", "b"]}`,
			want: usergroups.UserPool{Clients: map[string]usergroups.Client{"Web": {}, "ByValue": {ReadAttributes: []string{"email"}}}}},
		{name: "a role whose policy fails but names no pool principal is not read",
			props: `{}`,
			extra: `,
  "LambdaRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "Unbound"}}}}]}}}`,
			want: usergroups.UserPool{Clients: map[string]usergroups.Client{"Web": {}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := iac.CloudFormation(accessTemplate(tt.props, tt.extra))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]usergroups.UserPool{"us-east-1_Users": tt.want}, res.UserPools); diff != "" {
				t.Errorf("user pools (-want +got):\n%s", diff)
			}
			for _, s := range res.Placeholders {
				if strings.HasPrefix(s.Name, "Others") || s.Name == "OtherClient" {
					t.Errorf("a placeholder for a user pool no pool names: %v", s)
				}
			}
		})
	}
}

// TestImportAccessErrors: a member of the wrong shape is an error at its
// path, line and column; so is a second client of one ID.
func TestImportAccessErrors(t *testing.T) {
	tests := []struct {
		name, props, extra string
		path               string
		line, column       int
	}{
		{name: "a schema that is no list", props: `{
 "Schema": "tier"}`, path: "Resources.Users.Properties.Schema", line: 3, column: 2},
		{name: "a schema attribute that is no object", props: `{"Schema": ["tier"]}`, path: "Resources.Users.Properties.Schema[0]", line: 2, column: 73},
		{name: "Mutable neither true nor false", props: `{"Schema": [{"Name": "tier", "Mutable": "maybe"}]}`,
			path: "Resources.Users.Properties.Schema[0].Mutable", line: 2, column: 90},
		{name: "AdminCreateUserConfig a string", props: `{"AdminCreateUserConfig": "closed"}`,
			path: "Resources.Users.Properties.AdminCreateUserConfig", line: 2, column: 62},
		{name: "a trigger config that is a list", props: `{"LambdaConfig": {"PreTokenGenerationConfig": []}}`,
			path: "Resources.Users.Properties.LambdaConfig.PreTokenGenerationConfig", line: 2, column: 79},
		{name: "a mapping that is a list", props: `{}`, extra: `,
  "Idp": {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Properties": {"UserPoolId": {"Ref": "Users"}, "ProviderName": "Corp",
    "AttributeMapping": ["email"]}}`, path: "Resources.Idp.Properties.AttributeMapping", line: 7, column: 5},
		{name: "an unresolved read attribute", props: `{}`, extra: `,
  "Web2": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Users"},
    "ReadAttributes": [{"Ref": "Missing"}]}}`, path: "Resources.Web2.Properties.ReadAttributes[0].Ref", line: 7, column: 25},
		{name: "two clients of one ID", props: `{}`, extra: `,
  "Web2": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "Users"}}}`,
			path: "Resources.Web2", line: 6, column: 3},
		{name: "two providers of one name", props: `{}`, extra: `,
  "A": {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Properties": {"UserPoolId": {"Ref": "Users"}, "ProviderName": "Corp"}},
  "B": {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Properties": {"UserPoolId": {"Ref": "Users"}, "ProviderName": "Corp"}}`,
			path: "Resources.B.Properties.ProviderName", line: 7, column: 106},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := accessTemplate(tt.props, tt.extra)
			_, err := iac.CloudFormation(data, iac.WithBindings(map[string]string{"Web2": "Web"}))
			errs := iac.Errors(err)
			if len(errs) == 0 {
				t.Fatalf("CloudFormation = %v; want an *iac.Error at %s", err, tt.path)
			}
			if e := errs[0]; e.Path != tt.path || e.Line != tt.line || e.Column != tt.column {
				t.Errorf("error %v at line %d, column %d; want %s at line %d, column %d", e, e.Line, e.Column, tt.path, tt.line, tt.column)
			}
		})
	}
}

// TestOriginAccessMembers: a path of a user pool's access member is placed
// at the resource property it comes from.
func TestOriginAccessMembers(t *testing.T) {
	res, err := iac.CloudFormation(readFixture(t, "testdata/cdk/AccessStack.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	const up = `UserPools["eu-west-1_MembersFEE56442"]`
	for _, tt := range []struct{ path, want string }{
		{up + ".AdminCreateUserConfig.AllowAdminCreateUserOnly", "Resources.MembersFEE56442.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly"},
		{up + ".Schema[1].Mutable", "Resources.MembersFEE56442.Properties.Schema[1].Mutable"},
		{up + `.Clients["MembersWeb9AA22302"].WriteAttributes`, "Resources.MembersWeb9AA22302.Properties.WriteAttributes"},
		{up + `.IdentityProviders["Google"].AttributeMapping["tier"]`, "Resources.GoogleAF1E99FA.Properties.AttributeMapping.tier"},
		{up + `.Clients["Nope"]`, ""},
	} {
		if got := res.Origin("TierIdentitiesF545B73B", tt.path); got != tt.want && (tt.want != "" || strings.HasPrefix(got, "Resources.Members")) {
			t.Errorf("Origin(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
	res, err = iac.Terraform(readFixture(t, "testdata/terraform/access-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	const tup = `UserPools["us-east-1_pool"]`
	for _, tt := range []struct{ path, want string }{
		{tup + ".AdminCreateUserConfig.AllowAdminCreateUserOnly", "planned_values.root_module.resources[1].values.admin_create_user_config[0].allow_admin_create_user_only"},
		{tup + ".LambdaConfig.PreTokenGenerationConfig.LambdaArn", "planned_values.root_module.resources[1].values.lambda_config[0].pre_token_generation_config[0].lambda_arn"},
		{tup + ".Schema[0].AttributeDataType", "planned_values.root_module.resources[1].values.schema[0].attribute_data_type"},
		{tup + `.Clients["web"].ReadAttributes[2]`, "planned_values.root_module.resources[3].values.read_attributes[2]"},
		{tup + `.IdentityProviders["Google"].AttributeMapping["custom:access"]`, "planned_values.root_module.resources[2].values.attribute_mapping.custom:access"},
	} {
		if got := res.Origin("aws_cognito_identity_pool.main", tt.path); got != tt.want {
			t.Errorf("Origin(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestImportUnrelatedClientsQuiet: an app client or identity provider whose
// user pool the file cannot resolve, and that no pool names, reports no
// problem, as before the importers read them.
func TestImportUnrelatedClientsQuiet(t *testing.T) {
	_, err := iac.CloudFormation(accessTemplate(`{}`, `,
  "Imported": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Fn::ImportValue": "shared-user-pool"}, "ReadAttributes": ["email"]}},
  "Param": {"Type": "AWS::Cognito::UserPoolIdentityProvider", "Properties": {"UserPoolId": {"Ref": "NoSuchParameter"}, "ProviderName": "Corp"}}`))
	if err != nil {
		t.Errorf("CloudFormation: %v", err)
	}
	plan := readFixture(t, "testdata/terraform/access-plan.json")
	// The other client's user pool becomes a data source's, unknown until
	// apply, which the plan cannot resolve.
	plan = regexp.MustCompile(`"aws_cognito_user_pool\.other\.id",\s*"aws_cognito_user_pool\.other"`).
		ReplaceAll(plan, []byte(`"data.aws_cognito_user_pools.shared.ids", "data.aws_cognito_user_pools.shared"`))
	if !strings.Contains(string(plan), "data.aws_cognito_user_pools.shared") {
		t.Fatal("the plan's other client refers to no data source")
	}
	if _, err := iac.Terraform(plan); err != nil {
		t.Errorf("Terraform: %v", err)
	}
}

// TestTerraformNoSchemaBlock: a plan's user pool without schema blocks
// (schema: []) has no Schema, not an empty one: the plan cannot tell that
// it has no custom attribute.
func TestTerraformNoSchemaBlock(t *testing.T) {
	plan := regexp.MustCompile(`(?s)"schema": \[\s*\{.*?"name": "access".*?\},\s*\{.*?"name": "email".*?\}\s*\]`).
		ReplaceAll(readFixture(t, "testdata/terraform/access-plan.json"), []byte(`"schema": []`))
	if !strings.Contains(string(plan), `"schema": []`) {
		t.Fatal("the plan's user pool keeps its schema blocks")
	}
	res, err := iac.Terraform(plan)
	if err != nil {
		t.Fatal(err)
	}
	if up := res.UserPools["us-east-1_pool"]; up.Schema != nil || up.Clients == nil {
		t.Errorf("Schema %v, Clients %v; want no Schema, and the clients", up.Schema, up.Clients)
	}
}
