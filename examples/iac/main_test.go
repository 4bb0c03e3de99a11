package main

import (
	"bytes"
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
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output:\n%s\nwant it to hold %q", out.String(), want)
		}
	}
}
