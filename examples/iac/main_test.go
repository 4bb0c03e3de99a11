package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestRun runs the example and checks what it shows a reader: the
// placeholders it used, and the roles the sign-ins get.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, inputs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"bound        AWS::Region = \"eu-west-1\"",
		"placeholder  AdminRole38563C57.Arn = \"arn:aws:iam::111122223333:role/tools/workspace-admin\"",
		"the admin's Google account   → arn:aws:iam::111122223333:role/tools/workspace-admin (rule match)",
		"a personal Gmail account     → NotAuthorizedException: The ambiguous role mapping rules for: accounts.google.com denied this request.",
		"an admin of the user pool    → arn:aws:iam::111122223333:role/app/field-app-admin (rule match)",
		"a token of another app client → NotAuthorizedException: Token is not from a supported provider of this identity pool.",
		"alice in [admin dev]: preferred role \"arn:aws:iam::111122223333:role/admin\"\ndecision: arn:aws:iam::111122223333:role/admin (preferred role:",
		"tags: dept=eng\ntrust: allowed by statement 0\n",
		"bob in [dev staff]: preferred role \"\"\ndecision: arn:aws:iam::111122223333:role/StaffIdentitiesAuthenticatedRole73673CCE (ambiguous, authenticated role:",
		"reason: trust-tag-session (sts:TagSession on arn:aws:iam::111122223333:role/StaffIdentitiesAuthenticatedRole73673CCE)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output:\n%s\nwant it to hold %q", out.String(), want)
		}
	}
}

// TestInputsAreCopies keeps the embedded inputs identical to the fixtures
// rolemap/iac tests, so the example shows what the importer is tested on.
func TestInputsAreCopies(t *testing.T) {
	for copy, fixture := range map[string]string{
		"testdata/GoogleRulesStack.template.json": "../../rolemap/iac/testdata/cdk/GoogleRulesStack.template.json",
		"testdata/CredentialsStack.template.json": "../../rolemap/iac/testdata/cdk/CredentialsStack.template.json",
		"testdata/plan.json":                      "../../rolemap/iac/testdata/terraform/plan.json",
	} {
		a, err := os.ReadFile(copy)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(fixture)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from %s: copy the fixture again", copy, fixture)
		}
	}
}
