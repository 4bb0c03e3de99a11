package iac_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// unknownPlan is a plan whose pool and attachment have the members named
// by poolUnknown and attUnknown (after_unknown's JSON members) known only
// after apply, with poolValues and attValues planned.
func unknownPlan(poolValues, poolUnknown, attValues, attUnknown string) []byte {
	return []byte(`{"format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_cognito_identity_pool.ip", "mode": "managed", "type": "aws_cognito_identity_pool", "name": "ip",
     "values": {"identity_pool_name": "x"` + poolValues + `}},
    {"address": "aws_cognito_identity_pool_roles_attachment.a", "mode": "managed", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a",
     "values": {"identity_pool_id": "us-east-1:00000000-0000-0000-0000-000000000000", "roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}` + attValues + `}}]}},
  "prior_state": {},
  "resource_changes": [
    {"address": "aws_cognito_identity_pool.ip", "change": {"after_unknown": {"id": true` + poolUnknown + `}}},
    {"address": "aws_cognito_identity_pool_roles_attachment.a", "change": {"after_unknown": {"id": true` + attUnknown + `}}}]}`)
}

// TestTerraformUnknownNeverDefaults: every member the importer reads that
// is known only after apply (a boolean, a map or a list as a whole, an
// element of a map, a nested block) is an error naming its attribute path
// and the binding that resolves it, never read as false, empty or absent.
func TestTerraformUnknownNeverDefaults(t *testing.T) {
	for _, tc := range []struct {
		name                                string
		poolValues, poolUnknown, attV, attU string
		want                                []string
	}{
		{name: "booleans", poolUnknown: `, "allow_unauthenticated_identities": true, "allow_classic_flow": true`, want: []string{
			`aws_cognito_identity_pool.ip.allow_unauthenticated_identities: known only after apply`,
			`(bind "aws_cognito_identity_pool.ip.allow_unauthenticated_identities" to resolve it)`,
			`aws_cognito_identity_pool.ip.allow_classic_flow: known only after apply`,
			`(bind "aws_cognito_identity_pool.ip.allow_classic_flow" to resolve it)`,
		}},
		{name: "a map's element", poolValues: `, "supported_login_providers": {}`, poolUnknown: `, "supported_login_providers": {"accounts.google.com": true}`, want: []string{
			`aws_cognito_identity_pool.ip.supported_login_providers["accounts.google.com"]: known only after apply`,
			`(bind "aws_cognito_identity_pool.ip.supported_login_providers[\"accounts.google.com\"]" to resolve it)`,
		}},
		{name: "a whole map", poolUnknown: `, "supported_login_providers": true`, want: []string{
			`aws_cognito_identity_pool.ip.supported_login_providers: the whole map is known only after apply`,
		}},
		{name: "a whole list", poolUnknown: `, "openid_connect_provider_arns": true, "saml_provider_arns": true`, want: []string{
			`aws_cognito_identity_pool.ip.openid_connect_provider_arns: the whole list is known only after apply`,
			`aws_cognito_identity_pool.ip.saml_provider_arns: the whole list is known only after apply`,
		}},
		{name: "nested blocks", poolUnknown: `, "cognito_identity_providers": true`, attU: `, "role_mapping": true`, want: []string{
			`aws_cognito_identity_pool.ip.cognito_identity_providers: the whole list is known only after apply`,
			`aws_cognito_identity_pool_roles_attachment.a.role_mapping: the whole list is known only after apply`,
		}},
		{name: "a nested block's boolean and rules", poolValues: `, "cognito_identity_providers": [{"client_id": "c", "provider_name": "p"}]`,
			poolUnknown: `, "cognito_identity_providers": [{"server_side_token_check": true}]`,
			attV:        `, "role_mapping": [{"identity_provider": "p:c", "type": "Rules", "ambiguous_role_resolution": "Deny"}]`,
			attU:        `, "role_mapping": [{"mapping_rule": true}]`, want: []string{
				`aws_cognito_identity_pool.ip.cognito_identity_providers[0].server_side_token_check: known only after apply`,
				`aws_cognito_identity_pool_roles_attachment.a.role_mapping[0].mapping_rule: the whole list is known only after apply`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := iac.Terraform(unknownPlan(tc.poolValues, tc.poolUnknown, tc.attV, tc.attU))
			var e *iac.Error
			if !errors.As(err, &e) {
				var p rolemap.Pool
				if res != nil {
					p = res.Pools["aws_cognito_identity_pool.ip"]
				}
				t.Fatalf("want an *iac.Error, got %v; pool %+v", err, p)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
		})
	}
}

// TestTerraformUnknownBound: bindings by attribute path resolve what is
// known only after apply: a boolean, and a whole map's keys.
func TestTerraformUnknownBound(t *testing.T) {
	res, err := iac.Terraform(unknownPlan("", `, "allow_unauthenticated_identities": true, "allow_classic_flow": true, "supported_login_providers": true`, "", ""),
		iac.WithBindings(map[string]string{
			"aws_cognito_identity_pool.ip.allow_unauthenticated_identities":                 "true",
			"aws_cognito_identity_pool.ip.allow_classic_flow":                               "false",
			`aws_cognito_identity_pool.ip.supported_login_providers["accounts.google.com"]`: "app",
		}))
	if err != nil {
		t.Fatal(err)
	}
	p := res.Pools["aws_cognito_identity_pool.ip"]
	yes, no := true, false
	want := rolemap.Pool{IdentityPoolID: p.IdentityPoolID, IdentityPoolName: "x", AllowUnauthenticatedIdentities: &yes, AllowClassicFlow: &no,
		SupportedLoginProviders: map[string]string{"accounts.google.com": "app"}, Roles: p.Roles,
		CognitoIdentityProviders: []rolemap.Provider{}, OpenIDConnectProviderARNs: []string{}, SAMLProviderARNs: []string{}}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("pool (-want +got):\n%s", diff)
	}
	// A whole list's elements, by index.
	res, err = iac.Terraform(unknownPlan("", `, "saml_provider_arns": true`, "", ""), iac.WithBindings(map[string]string{
		"aws_cognito_identity_pool.ip.saml_provider_arns[1]": "arn:aws:iam::1:saml-provider/b",
		"aws_cognito_identity_pool.ip.saml_provider_arns[0]": "arn:aws:iam::1:saml-provider/a",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"arn:aws:iam::1:saml-provider/a", "arn:aws:iam::1:saml-provider/b"}, res.Pools["aws_cognito_identity_pool.ip"].SAMLProviderARNs); diff != "" {
		t.Errorf("SAML providers (-want +got):\n%s", diff)
	}
	// A binding that is no boolean is an error.
	_, err = iac.Terraform(unknownPlan("", `, "allow_classic_flow": true`, "", ""),
		iac.WithBindings(map[string]string{"aws_cognito_identity_pool.ip.allow_classic_flow": "yes"}))
	if err == nil || !strings.Contains(err.Error(), `want true or false, not "yes"`) {
		t.Errorf("got %v", err)
	}
}

// TestTerraformUnknownGroupAndTags: a user group's precedence and a
// principal tag map's use_defaults known only after apply are errors too.
func TestTerraformUnknownGroupAndTags(t *testing.T) {
	doc := []byte(`{"format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_cognito_identity_pool.ip", "mode": "managed", "type": "aws_cognito_identity_pool", "name": "ip",
     "values": {"identity_pool_name": "x", "id": "us-east-1:00000000-0000-0000-0000-000000000000"}},
    {"address": "aws_cognito_user_group.g", "mode": "managed", "type": "aws_cognito_user_group", "name": "g",
     "values": {"name": "g", "user_pool_id": "us-east-1_abc"}},
    {"address": "aws_cognito_identity_pool_provider_principal_tag.t", "mode": "managed", "type": "aws_cognito_identity_pool_provider_principal_tag", "name": "t",
     "values": {"identity_pool_id": "us-east-1:00000000-0000-0000-0000-000000000000", "identity_provider_name": "p"}}]}},
  "resource_changes": [
    {"address": "aws_cognito_user_group.g", "change": {"after_unknown": {"precedence": true}}},
    {"address": "aws_cognito_identity_pool_provider_principal_tag.t", "change": {"after_unknown": {"use_defaults": true}}}]}`)
	_, err := iac.Terraform(bytes.Replace(doc, []byte(`"use_defaults": true`), []byte(`"use_defaults": true, "principal_tags": true`), 1))
	for _, w := range []string{`aws_cognito_user_group.g.precedence: known only after apply`, `aws_cognito_identity_pool_provider_principal_tag.t.use_defaults: known only after apply`,
		`aws_cognito_identity_pool_provider_principal_tag.t.principal_tags: the whole map is known only after apply, so not even its keys are (bind "aws_cognito_identity_pool_provider_principal_tag.t.principal_tags[\"KEY\"]" to resolve it)`} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v\ndoes not say %q", err, w)
		}
	}
	// Bound by their keys, the map is those keys.
	res, err := iac.Terraform(bytes.Replace(doc, []byte(`"use_defaults": true`), []byte(`"use_defaults": true, "principal_tags": true`), 1), iac.WithBindings(map[string]string{
		"aws_cognito_user_group.g.precedence":                                       "1",
		"aws_cognito_identity_pool_provider_principal_tag.t.use_defaults":           "false",
		`aws_cognito_identity_pool_provider_principal_tag.t.principal_tags["dept"]`: "custom:dept",
	}))
	if err != nil {
		t.Fatal(err)
	}
	tm := res.Pools["aws_cognito_identity_pool.ip"].PrincipalTagAttributeMaps
	if len(tm) != 1 || *tm[0].UseDefaults || !cmp.Equal(tm[0].PrincipalTags, map[string]string{"dept": "custom:dept"}) {
		t.Errorf("principal tag maps %+v", tm)
	}
}

// TestCloudFormationUnknownBoolean: CloudFormation's importer has no such
// hole: a pool's boolean chosen by a condition on a parameter with no
// value, or given by one, is an error naming the parameter to bind.
func TestCloudFormationUnknownBoolean(t *testing.T) {
	for _, tc := range []struct{ name, allow string }{
		{"Fn::If on a parameter with no value", `{"Fn::If": ["Open", true, false]}`},
		{"Ref to a parameter with no value", `{"Ref": "Guests"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := `{"Parameters": {"Guests": {"Type": "String", "AllowedValues": ["true", "false"]}},
  "Conditions": {"Open": {"Fn::Equals": [{"Ref": "Guests"}, "true"]}},
  "Resources": {"Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {
    "AllowUnauthenticatedIdentities": ` + tc.allow + `, "AllowClassicFlow": ` + tc.allow + `}}}}`
			res, err := iac.CloudFormation([]byte(tmpl))
			var e *iac.Error
			if !errors.As(err, &e) {
				t.Fatalf("want an *iac.Error, got %v (%+v)", err, res)
			}
			if !strings.Contains(err.Error(), "Guests") {
				t.Errorf("error %q does not name the parameter Guests", err)
			}
		})
	}
}
