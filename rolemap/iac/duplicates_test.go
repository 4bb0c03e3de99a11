package iac_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// TestDuplicateMembers checks that a member given twice in a template or a
// plan is an error placed at both, not the last value read silently: a
// trust policy saying "Effect": "Deny", "Effect": "Allow" must not import
// as allowing.
func TestDuplicateMembers(t *testing.T) {
	cfn, err := os.ReadFile("testdata/cdk/CredentialsStack.template.json")
	if err != nil {
		t.Fatal(err)
	}
	tf, err := os.ReadFile("testdata/terraform/credentials-state.json")
	if err != nil {
		t.Fatal(err)
	}
	// The first "Effect": "Allow" of the template (line 81) becomes Deny then Allow.
	denyAllow := strings.Replace(string(cfn), `"Effect": "Allow",`, `"Effect": "Deny", "Effect": "Allow",`, 1)
	tests := []struct {
		name string
		imp  func([]byte, ...iac.Option) (*iac.Result, error)
		doc  string
		want string
		line int
	}{
		{name: "Deny then Allow in AssumeRolePolicyDocument", imp: iac.CloudFormation, doc: denyAllow,
			want: `Resources.AdminRole38563C57.Properties.AssumeRolePolicyDocument.Statement[0].Effect: the member is given twice (the first is at line 81, column 8)`, line: 81},
		{name: "a resource's Type twice", imp: iac.CloudFormation,
			doc:  strings.Replace(string(cfn), `"Type": "AWS::IAM::Role",`, `"Type": "AWS::IAM::Role", "Type": "AWS::SNS::Topic",`, 1),
			want: `.Type: the member is given twice`},
		{name: "a Terraform value twice", imp: iac.Terraform,
			doc:  strings.Replace(string(tf), `"format_version": "1.0",`, `"format_version": "1.0", "format_version": "1.0",`, 1),
			want: `format_version: the member is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.doc == string(cfn) || tt.doc == string(tf) {
				t.Fatal("the fixture did not change")
			}
			res, err := tt.imp([]byte(tt.doc))
			if err == nil {
				t.Fatalf("the import succeeded: %d roles", len(res.Roles))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error:\n%v\nwant it to say %q", err, tt.want)
			}
			errs := iac.Errors(err)
			if len(errs) != 1 {
				t.Fatalf("Errors() = %v; want one *iac.Error", errs)
			}
			if tt.line != 0 && errs[0].Line != tt.line {
				t.Errorf("line %d; want %d", errs[0].Line, tt.line)
			}
		})
	}
}
