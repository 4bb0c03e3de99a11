package iac_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// roleTemplate is a template whose attachment's authenticated role is expr,
// with parameters, mappings, conditions and resources to refer to.
func roleTemplate(expr string) []byte {
	return []byte(`{
  "Parameters": {
    "Env": {"Type": "String", "Default": "prod"},
    "Names": {"Type": "CommaDelimitedList", "Default": "a, b,c"},
    "NoDefault": {"Type": "String"}
  },
  "Mappings": {"Accounts": {"prod": {"Id": "444455556666"}, "dev": {"Id": "777788889999"}}},
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
    "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Or": [{"Condition": "IsDev"}, {"Fn::Equals": ["x", "x"]}]}]},
    "Loop1": {"Fn::Not": [{"Condition": "Loop2"}]},
    "Loop2": {"Fn::Not": [{"Condition": "Loop1"}]}
  },
  "Resources": {
    "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": "true", "IdentityPoolName": "named"}},
    "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
      "IdentityPoolId": {"Ref": "Pool"},
      "Roles": {"authenticated": ` + expr + `}}},
    "Plain": {"Type": "AWS::IAM::Role", "Properties": {}},
    "Named": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "named-role", "Path": "/a/b/"}},
    "Users": {"Type": "AWS::Cognito::UserPool"},
    "Client": {"Type": "AWS::Cognito::UserPoolClient"},
    "Saml": {"Type": "AWS::IAM::SAMLProvider", "Properties": {"Name": "adfs"}},
    "Oidc": {"Type": "AWS::IAM::OIDCProvider", "Properties": {"Url": "https://sso.example.com"}},
    "CdkOidc": {"Type": "Custom::AWSCDKOpenIdConnectProvider", "Properties": {"Url": "https://cdk.example.com"}},
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "DevOnly": {"Type": "AWS::IAM::Role", "Condition": "IsDev"},
    "Cyclic": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Fn::GetAtt": ["Cyclic", "Arn"]}}}
  }
}`)
}

func TestCloudFormationIntrinsics(t *testing.T) {
	tests := []struct {
		name     string
		expr     string
		bindings map[string]string
		want     string
		err      []string // parts of the error
	}{
		{name: "a literal", expr: `"arn:aws:iam::111122223333:role/Lit"`, want: "arn:aws:iam::111122223333:role/Lit"},
		{name: "Ref parameter default", expr: `{"Ref": "Env"}`, want: "prod"},
		{name: "Ref parameter bound", expr: `{"Ref": "Env"}`, bindings: map[string]string{"Env": "dev"}, want: "dev"},
		{name: "Ref parameter without default", expr: `{"Ref": "NoDefault"}`, err: []string{"Resources.Attach.Properties.Roles.authenticated.Ref: the parameter NoDefault has no Default", `bind "NoDefault"`}},
		{name: "pseudo parameters, defaults", expr: `{"Fn::Join": ["|", [{"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, {"Ref": "AWS::Partition"}, {"Ref": "AWS::URLSuffix"}, {"Ref": "AWS::StackName"}]]}`,
			want: "us-east-1|123456789012|aws|amazonaws.com|stack"},
		{name: "partition and suffix follow a China region", expr: `{"Fn::Join": ["|", [{"Ref": "AWS::Partition"}, {"Ref": "AWS::URLSuffix"}]]}`,
			bindings: map[string]string{"AWS::Region": "cn-north-1"}, want: "aws-cn|amazonaws.com.cn"},
		{name: "partition of GovCloud", expr: `{"Ref": "AWS::Partition"}`, bindings: map[string]string{"AWS::Region": "us-gov-west-1"}, want: "aws-us-gov"},
		{name: "Ref of an IAM role without RoleName", expr: `{"Ref": "Plain"}`, want: "Plain"},
		{name: "GetAtt Arn of a role", expr: `{"Fn::GetAtt": ["Plain", "Arn"]}`, want: "arn:aws:iam::123456789012:role/Plain"},
		{name: "GetAtt Arn of a named role with a path, dotted form", expr: `{"Fn::GetAtt": "Named.Arn"}`, want: "arn:aws:iam::123456789012:role/a/b/named-role"},
		{name: "GetAtt RoleId", expr: `{"Fn::GetAtt": ["Named", "RoleId"]}`, want: "Named"},
		{name: "bound Ref moves the Arn placeholder", expr: `{"Fn::GetAtt": ["Plain", "Arn"]}`, bindings: map[string]string{"Plain": "real"}, want: "arn:aws:iam::123456789012:role/real"},
		{name: "bound attribute wins", expr: `{"Fn::GetAtt": ["Plain", "Arn"]}`, bindings: map[string]string{"Plain.Arn": "arn:aws:iam::1:role/x"}, want: "arn:aws:iam::1:role/x"},
		{name: "user pool placeholders", expr: `{"Fn::Join": [" ", [{"Ref": "Users"}, {"Fn::GetAtt": ["Users", "Arn"]}, {"Fn::GetAtt": ["Users", "ProviderName"]}, {"Fn::GetAtt": ["Users", "ProviderURL"]}, {"Fn::GetAtt": ["Users", "UserPoolId"]}]]}`,
			want: "us-east-1_Users arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Users cognito-idp.us-east-1.amazonaws.com/us-east-1_Users https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Users us-east-1_Users"},
		{name: "a bound user pool moves its ProviderName", expr: `{"Fn::GetAtt": ["Users", "ProviderName"]}`, bindings: map[string]string{"Users": "eu-west-1_Real"}, want: "cognito-idp.us-east-1.amazonaws.com/eu-west-1_Real"},
		{name: "client placeholders", expr: `{"Fn::Join": [" ", [{"Ref": "Client"}, {"Fn::GetAtt": ["Client", "ClientId"]}]]}`, want: "Client Client"},
		{name: "identity pool placeholders", expr: `{"Fn::Join": [" ", [{"Ref": "Pool"}, {"Fn::GetAtt": ["Pool", "Id"]}, {"Fn::GetAtt": ["Pool", "Name"]}]]}`,
			want: "us-east-1:f1302427-2c38-5f73-dd30-cb84e0e88cba us-east-1:f1302427-2c38-5f73-dd30-cb84e0e88cba named"},
		{name: "SAML and OIDC providers", expr: `{"Fn::Join": [" ", [{"Ref": "Saml"}, {"Fn::GetAtt": ["Saml", "Arn"]}, {"Ref": "Oidc"}, {"Fn::GetAtt": ["CdkOidc", "Arn"]}]]}`,
			want: "arn:aws:iam::123456789012:saml-provider/adfs arn:aws:iam::123456789012:saml-provider/adfs arn:aws:iam::123456789012:oidc-provider/sso.example.com arn:aws:iam::123456789012:oidc-provider/cdk.example.com"},
		{name: "Ref of another type is its logical ID", expr: `{"Ref": "Bucket"}`, want: "Bucket"},
		{name: "GetAtt of another type needs a binding", expr: `{"Fn::GetAtt": ["Bucket", "Arn"]}`, err: []string{"known only after deployment", `bind "Bucket.Arn"`}},
		{name: "GetAtt of another type, bound", expr: `{"Fn::GetAtt": ["Bucket", "Arn"]}`, bindings: map[string]string{"Bucket.Arn": "b"}, want: "b"},
		{name: "Sub with a Ref, an attribute, a literal and a variable", expr: `{"Fn::Sub": ["arn:${AWS::Partition}:iam::${Acct}:role/${Plain}-${!Literal}-${Named.RoleId}", {"Acct": {"Fn::FindInMap": ["Accounts", {"Ref": "Env"}, "Id"]}}]}`,
			want: "arn:aws:iam::444455556666:role/Plain-${Literal}-Named"},
		{name: "Sub string form", expr: `{"Fn::Sub": "${AWS::Region}-${Env}"}`, want: "us-east-1-prod"},
		{name: "Select from Split", expr: `{"Fn::Select": ["1", {"Fn::Split": [",", "a,b,c"]}]}`, want: "b"},
		{name: "Select from a list parameter", expr: `{"Fn::Select": [2, {"Ref": "Names"}]}`, want: "c"},
		{name: "Select out of range", expr: `{"Fn::Select": [5, {"Fn::Split": [",", "a,b"]}]}`, err: []string{"index 5 is out of range of a list of 2"}},
		{name: "If and conditions", expr: `{"Fn::If": ["Both", "yes", "no"]}`, want: "yes"},
		{name: "If with a bound parameter", expr: `{"Fn::If": ["IsDev", "dev", "prod"]}`, bindings: map[string]string{"Env": "dev"}, want: "dev"},
		{name: "If on a cycle of conditions", expr: `{"Fn::If": ["Loop1", "a", "b"]}`, err: []string{"refers to itself"}},
		{name: "If on a missing condition", expr: `{"Fn::If": ["Nope", "a", "b"]}`, err: []string{`no condition "Nope"`}},
		{name: "ImportValue bound", expr: `{"Fn::ImportValue": {"Fn::Sub": "${Env}-AdminRoleArn"}}`, bindings: map[string]string{"prod-AdminRoleArn": "arn:aws:iam::1:role/imported"}, want: "arn:aws:iam::1:role/imported"},
		{name: "ImportValue unbound", expr: `{"Fn::ImportValue": "SharedRole"}`, err: []string{`the export "SharedRole" is defined by another stack`, `bind "SharedRole"`}},
		{name: "FindInMap miss", expr: `{"Fn::FindInMap": ["Accounts", "test", "Id"]}`, err: []string{"Mappings has no Accounts.test.Id"}},
		{name: "FindInMap default", expr: `{"Fn::FindInMap": ["Accounts", "test", "Id", {"DefaultValue": "000000000000"}]}`, want: "000000000000"},
		{name: "NoValue removes the member", expr: `{"Ref": "AWS::NoValue"}`, want: ""},
		{name: "a resource whose condition is false", expr: `{"Fn::GetAtt": ["DevOnly", "Arn"]}`, err: []string{"DevOnly does not exist: its Condition is false"}},
		{name: "a cycle through RoleName", expr: `{"Fn::GetAtt": ["Cyclic", "Arn"]}`, err: []string{"a cycle: Cyclic.RoleName → Cyclic.RoleName"}},
		{name: "an unknown name", expr: `{"Ref": "Nothing"}`, err: []string{`no parameter or resource "Nothing"`}},
		{name: "an unknown function", expr: `{"Fn::Base64": "x"}`, err: []string{"Roles.authenticated.Fn::Base64: the function Fn::Base64 is not evaluated"}},
		{name: "wrong arity", expr: `{"Fn::Join": ["-"]}`, err: []string{"Fn::Join takes [delimiter, [values]]"}},
		{name: "wrong argument type", expr: `{"Fn::Join": ["-", "notalist"]}`, err: []string{"want a list"}},
		{name: "a list where a string goes", expr: `{"Fn::Split": [",", "a,b"]}`, err: []string{"Resources.Attach.Properties.Roles.authenticated: want a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := iac.CloudFormation(roleTemplate(tt.expr), iac.WithBindings(tt.bindings))
			if tt.err != nil {
				var e *iac.Error
				if !errors.As(err, &e) {
					t.Fatalf("CloudFormation() error = %v; want an *iac.Error", err)
				}
				for _, part := range tt.err {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("CloudFormation() error = %v\nwant it to say %q", err, part)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Pools["Pool"].Roles["authenticated"]; got != tt.want {
				t.Errorf("authenticated role = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCloudFormationPools(t *testing.T) {
	tmpl := `{"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false,
     "CognitoIdentityProviders": [{"ProviderName": {"Fn::GetAtt": ["Users", "ProviderName"]}, "ClientId": {"Ref": "Client"}, "ServerSideTokenCheck": true}],
     "SupportedLoginProviders": {"accounts.google.com": "app"}}},
  "Users": {"Type": "AWS::Cognito::UserPool"},
  "Client": {"Type": "AWS::Cognito::UserPoolClient"},
  "Bare": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": true}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
     "IdentityPoolId": {"Fn::GetAtt": ["Pool", "Id"]},
     "RoleMappings": {
       "UserPoolMapping": {"IdentityProvider": {"Fn::Join": [":", [{"Fn::GetAtt": ["Users", "ProviderName"]}, {"Ref": "Client"}]]}, "Type": "Token", "AmbiguousRoleResolution": "Deny"},
       "accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole", "RulesConfiguration": {"Rules": [
         {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Staff"}]}}}}},
  "Elsewhere": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
     "IdentityPoolId": {"Fn::ImportValue": "SharedPoolId"}, "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Shared"}}}
}}`
	res, err := iac.CloudFormation([]byte(tmpl), iac.WithBindings(map[string]string{"SharedPoolId": "us-east-1:shared", "Unused": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res.Pools)
	want := `{"Bare":{"IdentityPoolId":"us-east-1:9baee3a1-4b43-ef75-c6ec-5bc4b7d1b3b6","AllowUnauthenticatedIdentities":true,"SupportedLoginProviders":{},"OpenIdConnectProviderARNs":[],"CognitoIdentityProviders":[],"SamlProviderARNs":[],"Roles":{}},` +
		`"Elsewhere":{"IdentityPoolId":"us-east-1:shared","Roles":{"authenticated":"arn:aws:iam::111122223333:role/Shared"}},` +
		`"Pool":{"IdentityPoolId":"us-east-1:8f2fa7e8-b8b7-5ffb-5b41-6cb1f1c3f0b0","AllowUnauthenticatedIdentities":false,"SupportedLoginProviders":{"accounts.google.com":"app"},"OpenIdConnectProviderARNs":[],` +
		`"CognitoIdentityProviders":[{"ProviderName":"cognito-idp.us-east-1.amazonaws.com/us-east-1_Users","ClientId":"Client","ServerSideTokenCheck":true}],"SamlProviderARNs":[],"Roles":{},` +
		`"RoleMappings":{"accounts.google.com":{"Type":"Rules","AmbiguousRoleResolution":"AuthenticatedRole","RulesConfiguration":{"Rules":[{"Claim":"hd","MatchType":"Equals","Value":"example.com","RoleARN":"arn:aws:iam::111122223333:role/Staff"}]}},` +
		`"cognito-idp.us-east-1.amazonaws.com/us-east-1_Users:Client":{"Type":"Token","AmbiguousRoleResolution":"Deny"}}}}`
	var gotV, wantV any
	_ = json.Unmarshal(got, &gotV)
	if err := json.Unmarshal([]byte(want), &wantV); err != nil {
		t.Fatal(err)
	}
	// The pool IDs are SHA-256 placeholders: compare them by shape.
	for _, name := range []string{"Bare", "Pool"} {
		id := gotV.(map[string]any)[name].(map[string]any)["IdentityPoolId"].(string)
		if len(id) != len("us-east-1:")+36 || !strings.HasPrefix(id, "us-east-1:") {
			t.Errorf("%s: IdentityPoolId placeholder %q is not REGION:UUID", name, id)
		}
		wantV.(map[string]any)[name].(map[string]any)["IdentityPoolId"] = id
	}
	if diff := cmp.Diff(wantV, gotV); diff != "" {
		t.Errorf("pools (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]iac.Substitution{{Name: "SharedPoolId", Value: "us-east-1:shared"}}, res.Bindings); diff != "" {
		t.Errorf("bindings used (-want +got):\n%s", diff)
	}
}

func TestCloudFormationErrors(t *testing.T) {
	tests := []struct {
		name string
		tmpl string
		err  []string
	}{
		{name: "not JSON", tmpl: `{"Resources": `, err: []string{"iac: template"}},
		{name: "trailing data", tmpl: `{} {}`, err: []string{"data after the JSON value"}},
		{name: "no pool", tmpl: `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`, err: []string{"no identity pool"}},
		{name: "two attachments", tmpl: `{"Resources": {"P": {"Type": "AWS::Cognito::IdentityPool"},
			"A1": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "P"}}},
			"A2": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "P"}}}}}`,
			err: []string{`Resources.A2: a second role attachment for the identity pool "P", after "A1"`}},
		{name: "two mappings for one provider", tmpl: `{"Resources": {"P": {"Type": "AWS::Cognito::IdentityPool"},
			"A": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "P"}, "RoleMappings": {
			  "a": {"IdentityProvider": "accounts.google.com", "Type": "Token", "AmbiguousRoleResolution": "Deny"},
			  "accounts.google.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}}}}}}`,
			err: []string{`RoleMappings["accounts.google.com"]: a second role mapping for "accounts.google.com", after "a"`}},
		{name: "every error at once, with bracketed paths", tmpl: `{"Resources": {"P.1": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"IdentityPoolName": {"Ref": "X"}}},
			"A": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "P.1"},
			  "Roles": {"authenticated": {"Ref": "Y"}}, "RoleMappings": {"m": {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
			  "RulesConfiguration": {"Rules": [{"Claim": "c", "MatchType": "Equals", "Value": "v", "RoleARN": {"Fn::ImportValue": "Z"}}]}}}}}}}`,
			err: []string{`Resources["P.1"].Properties.IdentityPoolName.Ref: no parameter or resource "X"`, `Roles.authenticated.Ref: no parameter or resource "Y"`,
				`Resources.A.Properties.RoleMappings.m.RulesConfiguration.Rules[0].RoleARN.Fn::ImportValue`, `bind "Z"`}},
		{name: "deeply nested intrinsics", tmpl: `{"Resources": {"P": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"IdentityPoolName": ` +
			strings.Repeat(`{"Fn::Join": ["", [`, 3000) + `"x"` + strings.Repeat(`]]}`, 3000) + `}}}}`, err: nil},
		{name: "a value over 1 MiB", tmpl: `{"Parameters": {"P": {"Type": "String", "Default": "` + strings.Repeat("x", 600<<10) + `"}}, "Resources": {"Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"IdentityPoolName": {"Fn::Join": ["", [{"Ref": "P"}, {"Ref": "P"}]]}}}}}`,
			err: []string{"longer than 1 MiB"}},
		{name: "one long value split in 100 places", tmpl: `{"Parameters": {"P": {"Type": "String", "Default": "` + strings.Repeat("a,", 64<<10) + `"}},
			"Resources": {"Pool": {"Type": "AWS::Cognito::IdentityPool"}, "A": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
			"IdentityPoolId": {"Ref": "Pool"}, "RoleMappings": {"m": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [` +
			strings.Repeat(`{"Claim": "c", "MatchType": "Equals", "Value": {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "P"}]}]}, "RoleARN": "arn:aws:iam::111122223333:role/R"},`, 99) +
			`{"Claim": "c", "MatchType": "Equals", "Value": "v", "RoleARN": "arn:aws:iam::111122223333:role/R"}]}}}}}}}`,
			err: []string{"build more than 64 MiB of text"}},
		{name: "over 16 MiB", tmpl: `{"x": "` + strings.Repeat("x", 16<<20) + `"}`, err: []string{"larger than"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := iac.CloudFormation([]byte(tt.tmpl))
			if tt.err == nil {
				if err != nil {
					t.Fatalf("CloudFormation() error = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("CloudFormation() succeeded")
			}
			for _, part := range tt.err {
				if n := strings.Count(err.Error(), part); n != 1 {
					t.Errorf("CloudFormation() error = %.600v\nwant it to say %q once, not %d times", err, part, n)
				}
			}
		})
	}
}
