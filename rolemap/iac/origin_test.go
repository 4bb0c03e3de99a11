package iac_test

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

func TestOriginCloudFormation(t *testing.T) {
	data, err := os.ReadFile("testdata/cdk/GoogleRulesStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := iac.CloudFormation(data)
	if err != nil {
		t.Fatal(err)
	}
	const pool, attach = "Resources.WorkspaceIdentities56397FEC", "Resources.WorkspaceIdentitiesDefaultRoleAttachment7C779D5D"
	tests := []struct{ path, want string }{
		{"", pool},
		{"IdentityPoolId", pool},
		{"AllowUnauthenticatedIdentities", pool + ".Properties.AllowUnauthenticatedIdentities"},
		{`SupportedLoginProviders["accounts.google.com"]`, pool + `.Properties.SupportedLoginProviders["accounts.google.com"]`},
		{"Roles.authenticated", attach + ".Properties.Roles.authenticated"},
		{`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[1].RoleARN`,
			attach + `.Properties.RoleMappings["accounts.google.com"].RulesConfiguration.Rules[1].RoleARN`},
		{`RoleMappings["graph.facebook.com"]`, attach + ".Properties.RoleMappings"},
	}
	for _, tt := range tests {
		if got := res.Origin("WorkspaceIdentities56397FEC", tt.path); got != tt.want {
			t.Errorf("Origin(%q) = %q, want %q", tt.path, got, tt.want)
		}
		if got, ok := res.OriginPath("WorkspaceIdentities56397FEC", steps(tt.path)); !ok || got.String() != tt.want {
			t.Errorf("OriginPath(%q) = %q, %v, want %q", tt.path, got, ok, tt.want)
		}
	}
	if got := res.Origin("Nope", "Roles"); got != "" {
		t.Errorf("Origin of an unknown pool = %q, want empty", got)
	}
}

func TestOriginTerraform(t *testing.T) {
	data, err := os.ReadFile("testdata/terraform/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := iac.Terraform(data)
	if err != nil {
		t.Fatal(err)
	}
	const pool, attach = "planned_values.root_module.resources[4]", "planned_values.root_module.resources[5]"
	var key string
	for k := range res.Pools["aws_cognito_identity_pool.main"].RoleMappings {
		if k != "accounts.google.com" {
			key = k
		}
	}
	tests := []struct{ path, want string }{
		{"", pool},
		{"IdentityPoolName", pool + ".values.identity_pool_name"},
		{"CognitoIdentityProviders[0].ClientId", pool + ".values.cognito_identity_providers[0].client_id"},
		{"Roles.authenticated", attach + ".values.roles.authenticated"},
		{`RoleMappings["accounts.google.com"].AmbiguousRoleResolution`, attach + ".values.role_mapping[1].ambiguous_role_resolution"},
		{`RoleMappings["` + key + `"].RulesConfiguration.Rules[0].Value`, attach + ".values.role_mapping[0].mapping_rule[0].value"},
	}
	for _, tt := range tests {
		if got := res.Origin("aws_cognito_identity_pool.main", tt.path); got != tt.want {
			t.Errorf("Origin(%q) = %q, want %q", tt.path, got, tt.want)
		}
		got, ok := res.OriginPath("aws_cognito_identity_pool.main", steps(tt.path))
		if !ok || got.String() != tt.want {
			t.Errorf("OriginPath(%q) = %q, %v, want %q", tt.path, got, ok, tt.want)
		}
		if addr, ok := res.ResourceOf(got); !ok || (addr != "aws_cognito_identity_pool.main" && addr != "aws_cognito_identity_pool_roles_attachment.main") {
			t.Errorf("ResourceOf(%q) = %q, %v", got, addr, ok)
		}
	}
}

// TestErrorPlaced: an import error carries the line and column of its
// member, in a template and in a plan (by its attribute path).
func TestErrorPlaced(t *testing.T) {
	template := []byte(`{"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
    "IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": {"Ref": "Missing"}}}}}}`)
	_, err := iac.CloudFormation(template)
	var e *iac.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *iac.Error", err)
	}
	if diff := cmp.Diff([2]int{5, 33}, [2]int{e.Line, e.Column}); diff != "" {
		t.Errorf("%v: line and column (-want +got):\n%s", e, diff)
	}

	plan := []byte(`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
  {"address": "aws_cognito_identity_pool.p", "type": "aws_cognito_identity_pool", "name": "p", "values": {}},
  {"address": "aws_cognito_identity_pool_roles_attachment.a", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a",
   "values": {"identity_pool_id": "x", "roles": {}}}]}},
 "resource_changes": [{"address": "aws_cognito_identity_pool_roles_attachment.a", "change": {"after_unknown": {"roles": true}}}]}`)
	_, err = iac.Terraform(plan)
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *iac.Error", err)
	}
	if diff := cmp.Diff([2]int{4, 40}, [2]int{e.Line, e.Column}); diff != "" {
		t.Errorf("%v: line and column (-want +got):\n%s", e, diff)
	}
}

// TestBindingResolvesWhatTheErrorSuggests: an error's suggested binding
// resolves it, for a Ref and a Fn::GetAtt of a resource the template lacks.
func TestBindingResolvesWhatTheErrorSuggests(t *testing.T) {
	template := []byte(`{"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
    "IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": {"Fn::GetAtt": ["Elsewhere", "Arn"]}, "unauthenticated": {"Ref": "GuestArn"}}}}}}`)
	_, err := iac.CloudFormation(template)
	bindings := map[string]string{}
	for _, e := range iac.Errors(err) {
		bindings[e.Binding] = "arn:aws:iam::111122223333:role/" + e.Binding
	}
	if len(bindings) != 2 {
		t.Fatalf("errors: %v", err)
	}
	res, err := iac.CloudFormation(template, iac.WithBindings(bindings))
	if err != nil {
		t.Fatalf("with the suggested bindings %v: %v", bindings, err)
	}
	want := map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Elsewhere.Arn", "unauthenticated": "arn:aws:iam::111122223333:role/GuestArn"}
	if diff := cmp.Diff(want, res.Pools["Pool"].Roles); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
}

// TestOriginRoles: a path of a role's trust policy, as the credentials
// findings write it, is placed inside the role's AssumeRolePolicyDocument
// in a template, and at its assume_role_policy string in a state.
func TestOriginRoles(t *testing.T) {
	tests := []struct {
		file, arn, want string
		terraform       bool
	}{
		{"testdata/cdk/CredentialsStack.template.json", "arn:aws:iam::111122223333:role/admin",
			"Resources.AdminRole38563C57.Properties.AssumeRolePolicyDocument.Statement[0].Condition", false},
		{"testdata/terraform/credentials-state.json", "arn:aws:iam::111122223333:role/creds-admin",
			"values.root_module.resources[3].values.assume_role_policy", true},
	}
	for _, tt := range tests {
		res := importFixture(t, tt.file, tt.terraform, map[string]string{"AWS::AccountId": "111122223333"})
		for _, pool := range []string{"", "any pool"} {
			if got := res.Origin(pool, `roles["`+tt.arn+`"].AssumeRolePolicyDocument.Statement[0].Condition`); got != tt.want {
				t.Errorf("%s: Origin = %q, want %q", tt.file, got, tt.want)
			}
		}
		if got := res.Origin("", `roles["arn:aws:iam::111122223333:role/elsewhere"].AssumeRolePolicyDocument`); got != "" {
			t.Errorf("%s: Origin of a role the file does not define = %q, want empty (no pool named)", tt.file, got)
		}
	}
}

// TestOriginUserPools places the paths of user pool findings
// (usergroups.Validate's and validate's token-groups-no-role) at the group
// resource's property and at the user's first membership resource.
func TestOriginUserPools(t *testing.T) {
	tests := []struct {
		file, path, want string
		terraform        bool
	}{
		// The template's groups in the order of their logical IDs: AdminGroup, DevGroup, ReadersGroup, StaffGroup.
		{"testdata/cdk/CredentialsStack.template.json", `UserPools["eu-west-1_Staff35CBA1CE"].Groups[1].Precedence`,
			"Resources.DevGroup.Properties.Precedence", false},
		{"testdata/cdk/CredentialsStack.template.json", `UserPools["eu-west-1_Staff35CBA1CE"].Groups[3]`,
			"Resources.StaffGroup", false},
		{"testdata/cdk/CredentialsStack.template.json", `UserPools["eu-west-1_Staff35CBA1CE"].Users["bob"]`,
			"Resources.bobdev", false},
		{"testdata/terraform/credentials-state.json", `UserPools["eu-west-1_Cr3dStaff"].Groups[2].RoleArn`,
			"values.root_module.resources[9].values.role_arn", true},
		{"testdata/terraform/credentials-state.json", `UserPools["eu-west-1_Cr3dStaff"].Users["carol"]`,
			"values.root_module.resources[15]", true},
		// What the file does not hold is not placed.
		{"testdata/terraform/credentials-state.json", `UserPools["eu-west-1_Cr3dStaff"].Users["dave"]`, "", true},
		{"testdata/terraform/credentials-state.json", `UserPools["eu-west-1_Cr3dStaff"].Groups[4]`, "", true},
		{"testdata/terraform/credentials-state.json", `UserPools["eu-west-1_Elsewhere"].Users["carol"]`, "", true},
	}
	for _, tt := range tests {
		res := importFixture(t, tt.file, tt.terraform, map[string]string{"AWS::Region": "eu-west-1"})
		if got := res.Origin("", tt.path); got != tt.want {
			t.Errorf("%s: Origin(%s) = %q, want %q", tt.file, tt.path, got, tt.want)
		}
	}
}

// importFixture imports a template (with the bindings) or a Terraform
// document from testdata.
func importFixture(t *testing.T, file string, terraform bool, bindings map[string]string) *iac.Result {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var res *iac.Result
	if terraform {
		res, err = iac.Terraform(data)
	} else {
		res, err = iac.CloudFormation(data, iac.WithBindings(bindings))
	}
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestOriginPathLongKey: a path under a key too long to print whole is
// followed to its member, in the template's path and for an import error
// under it, where the printed path read back names the object around it.
func TestOriginPathLongKey(t *testing.T) {
	long := "accounts.example.com/" + strings.Repeat("é", 600) // 1221 bytes: printed clipped
	template := func(claim string) []byte {
		return []byte(`{"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
    "IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": "arn:aws:iam::111122223333:role/A"},
    "RoleMappings": {
      "` + long + `": {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
        "RulesConfiguration": {"Rules": [
          {"Claim": ` + claim + `, "MatchType": "Equals", "Value": "x", "RoleARN": "arn:aws:iam::111122223333:role/B"}]}}}}}}}`)
	}
	res, err := iac.CloudFormation(template(`"sub"`))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := res.OriginPath("Pool", diag.Root("RoleMappings").Key(long).Member("RulesConfiguration").Member("Rules").Index(0).Member("Value"))
	want := diag.Root("Resources").Member("Attach").Member("Properties").Member("RoleMappings").Key(long).
		Member("RulesConfiguration").Member("Rules").Index(0).Member("Value")
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("OriginPath (ok %v) (-want +got):\n%s", ok, diff)
	}
	if _, ok := res.OriginPath("Nope", diag.Root("Roles")); ok {
		t.Error("OriginPath of an unknown pool: ok")
	}

	_, err = iac.CloudFormation(template(`{"Fn::GetAtt": ["Nowhere", "Arn"]}`))
	errs := iac.Errors(err)
	if len(errs) != 1 || errs[0].Line != 9 {
		t.Errorf("import errors %v, want one at line 9", err)
	}
}

// steps reads a test's path: names after dots, ["keys"] and [indexes].
func steps(text string) diag.Path {
	var p diag.Path
	for text != "" {
		switch {
		case strings.HasPrefix(text, `["`):
			end := strings.Index(text, `"]`)
			p, text = p.Key(text[2:end]), text[end+2:]
		case text[0] == '[':
			end := strings.IndexByte(text, ']')
			i, _ := strconv.Atoi(text[1:end])
			p, text = p.Index(i), text[end+1:]
		default:
			text = strings.TrimPrefix(text, ".")
			end := strings.IndexAny(text, ".[")
			if end < 0 {
				end = len(text)
			}
			p, text = p.Member(text[:end]), text[end:]
		}
	}
	return p
}
