package iac_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// A stack bound to an environment states its region literally; the import
// takes it instead of the fixed default, so the pools hold one region.
func TestInferredEnvironment(t *testing.T) {
	// pool is a template whose user pool provider name states region r
	// literally, as cdk synth writes it, and whose role ARN states extra.
	pool := func(r, extra string) []byte {
		return []byte(`{"Resources": {
  "Users": {"Type": "AWS::Cognito::UserPool"},
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false,
    "CognitoIdentityProviders": [{"ClientId": "c1", "ProviderName": {"Fn::Join": ["", ["cognito-idp.` + r + `.", {"Ref": "AWS::URLSuffix"}, "/", {"Ref": "Users"}]]}}]}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": "` + extra + `"}}}}}`)
	}
	tests := []struct {
		name      string
		template  []byte
		bindings  map[string]string
		inferred  []iac.Substitution
		conflicts []iac.Conflict
		provider  string
	}{
		{name: "one region stated", template: pool("eu-west-1", "arn:aws:iam::111122223333:role/Auth"),
			inferred: []iac.Substitution{{Name: "AWS::AccountId", Value: "111122223333"}, {Name: "AWS::Partition", Value: "aws"}, {Name: "AWS::Region", Value: "eu-west-1"}},
			provider: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Users"},
		{name: "a binding wins", template: pool("eu-west-1", "arn:aws:iam::111122223333:role/Auth"), bindings: map[string]string{"AWS::Region": "eu-central-1"},
			inferred: []iac.Substitution{{Name: "AWS::AccountId", Value: "111122223333"}, {Name: "AWS::Partition", Value: "aws"}},
			provider: "cognito-idp.eu-west-1.amazonaws.com/eu-central-1_Users"},
		{name: "two regions: the default stays", template: pool("eu-west-1", "arn:aws:iam::111122223333:role/Auth;arn:aws:sns:ap-south-1:111122223333:x"),
			inferred:  []iac.Substitution{{Name: "AWS::AccountId", Value: "111122223333"}, {Name: "AWS::Partition", Value: "aws"}},
			conflicts: []iac.Conflict{{Name: "AWS::Region", Values: []string{"ap-south-1", "eu-west-1"}}},
			provider:  "cognito-idp.eu-west-1.amazonaws.com/us-east-1_Users"},
		{name: "nothing stated", template: pool("${AWS::Region}", "Auth"),
			provider: "cognito-idp.${AWS::Region}.amazonaws.com/us-east-1_Users"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := iac.CloudFormation(tt.template, iac.WithBindings(tt.bindings))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.inferred, res.Inferred); diff != "" {
				t.Errorf("Inferred (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.conflicts, res.Conflicts); diff != "" {
				t.Errorf("Conflicts (-want +got):\n%s", diff)
			}
			p, err := res.Pool("Pool")
			if err != nil {
				t.Fatal(err)
			}
			if got := p.CognitoIdentityProviders[0].ProviderName; got != tt.provider {
				t.Errorf("ProviderName = %q, want %q", got, tt.provider)
			}
		})
	}
}

// The newcomer's case: cdk synth of stacks bound to eu-west-1, imported
// without bindings, validate as AWS would accept them (the import had put
// us-east-1 into the mapping key and eu-west-1 into the provider list).
func TestInferredEnvironmentCDK(t *testing.T) {
	for _, file := range []string{"UserPoolTokenStack", "CredentialsStack"} {
		data, err := os.ReadFile("testdata/cdk/" + file + ".template.json")
		if err != nil {
			t.Fatal(err)
		}
		res, err := iac.CloudFormation(data)
		if err != nil {
			t.Fatal(err)
		}
		for name, p := range res.Pools {
			if _, err := rolemap.Compile(p); err != nil {
				t.Errorf("%s: pool %s: %v", file, name, err)
			}
			for key := range p.RoleMappings {
				if strings.Contains(key, "us-east-1") {
					t.Errorf("%s: mapping key %q holds the fixed default region", file, key)
				}
			}
		}
		if diff := cmp.Diff([]iac.Substitution{{Name: "AWS::Region", Value: "eu-west-1"}}, res.Inferred); diff != "" {
			t.Errorf("%s: Inferred (-want +got):\n%s", file, diff)
		}
	}
}

// A finding about a made-up value says which values are made up and which
// binding gives the real one; longer values first, one inside another
// named once, words of the message never mistaken for one.
func TestMentions(t *testing.T) {
	data, err := os.ReadFile("testdata/cdk/UserPoolTokenStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := iac.CloudFormation(data)
	if err != nil {
		t.Fatal(err)
	}
	p, err := res.Pool("")
	if err != nil {
		t.Fatal(err)
	}
	var key string
	for k := range p.RoleMappings {
		key = k
	}
	tests := []struct {
		name, text string
		want       []string // the names
	}{
		{name: "a mapping key", text: "RoleMappings[" + key + "]: something", want: []string{"Users0A0EEA89.ProviderName", "UsersWebClient8EE36D42"}},
		{name: "the pool's ID", text: "the pool " + p.IdentityPoolID + " refuses", want: []string{"FieldAppIdentitiesF174E854"}},
		{name: "an inferred region alone", text: "a region eu-west-1 here", want: []string{"AWS::Region"}},
		{name: "none", text: "nothing made up here: admin, aws, amazonaws.com", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range res.Mentions(tt.text) {
				got = append(got, s.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Mentions (-want +got):\n%s", diff)
			}
			if note := res.MentionNote(tt.text); (note == "") != (len(tt.want) == 0) || len(note) > 2048 {
				t.Errorf("MentionNote = %q", note)
			}
		})
	}
}

// TestDiagnosticNote: a finding's note names the made-up values in the
// keys of its path read whole, even past what a printed path keeps of a
// long key, and none in a path that holds none.
func TestDiagnosticNote(t *testing.T) {
	data, err := os.ReadFile("testdata/cdk/UserPoolTokenStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := iac.CloudFormation(data)
	if err != nil {
		t.Fatal(err)
	}
	p, err := res.Pool("")
	if err != nil {
		t.Fatal(err)
	}
	// The pool's ID, a placeholder, after 600 bytes of a key: a printed
	// path keeps the key's first 512 bytes.
	d := diag.Diagnostic{Path: diag.Root("RoleMappings").Key(strings.Repeat("k", 600) + p.IdentityPoolID), Message: "something"}
	if note := res.DiagnosticNote(d); !strings.Contains(note, "FieldAppIdentitiesF174E854") {
		t.Errorf("DiagnosticNote = %q, want the pool's placeholder named", note)
	}
	if note := res.MentionNote(d.Path.String() + " " + d.Message); note != "" {
		// The text flow's note: the printed path was expected to lose it.
		t.Errorf("premise: the printed path still holds the placeholder (%q)", note)
	}
	d.Path = diag.Root("RoleMappings").Key("accounts.google.com")
	if note := res.DiagnosticNote(d); note != "" {
		t.Errorf("DiagnosticNote = %q, want none", note)
	}
}
