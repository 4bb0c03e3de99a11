package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/sarifcheck"
)

// TestLintSARIF checks rolemap lint --format sarif against SARIF 2.1.0's
// required structure and GitHub's needs, and that each result is at the
// line and column of the member its finding names: in a pool document, in
// a CloudFormation template (the rule of the attachment's mapping the pool
// is imported from) and in a Terraform plan.
func TestLintSARIF(t *testing.T) {
	plan := "testdata/plan-findings.json"
	var stdout, stderr bytes.Buffer
	status := run([]string{"lint", "--format", "sarif", "testdata/pool.json", template, plan}, strings.NewReader(""), &stdout, &stderr)
	if status != exitFail || stderr.Len() > 0 {
		t.Fatalf("exit status %d, want %d; stderr:\n%s", status, exitFail, stderr.String())
	}
	results, err := sarifcheck.Check(stdout.Bytes())
	if err != nil {
		t.Fatalf("not valid SARIF 2.1.0:\n%v", err)
	}
	type place struct {
		Rule, URI    string
		Line, Column int
	}
	var got []place
	for _, r := range results {
		got = append(got, place{r.RuleID, r.URI, r.Line, r.Column})
		// An escalating user-writable-claim is an error, the others warnings.
		if r.Fingerprint == "" || r.Level != "warning" && !(r.Level == "error" && r.RuleID == "user-writable-claim") {
			t.Errorf("%s at %s:%d: fingerprint %q, level %q", r.RuleID, r.URI, r.Line, r.Fingerprint, r.Level)
		}
	}
	want := []place{
		// testdata/pool.json line 14: the second rule's object.
		{"unreachable-rule", "testdata/pool.json", 14, 21},
		// line 15: the third rule's "Claim" member.
		{"user-writable-claim", "testdata/pool.json", 15, 22},
		// The template's attachment, Rules[0]'s "Claim" member.
		{"user-writable-claim", "../../iac/testdata/cdk/GoogleRulesStack.template.json", 164, 10},
		// The plan's attachment, role_mapping[0].mapping_rule[1]: the
		// second rule's object.
		{"unreachable-rule", plan, 17, 21},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

// TestLintSARIFInvalid: a violation is an error-level result at its member.
func TestLintSARIFInvalid(t *testing.T) {
	var stdout, stderr bytes.Buffer
	run([]string{"lint", "--format", "sarif", "testdata/invalid.json"}, strings.NewReader(""), &stdout, &stderr)
	results, err := sarifcheck.Check(stdout.Bytes())
	if err != nil {
		t.Fatalf("not valid SARIF 2.1.0:\n%v", err)
	}
	var got []string
	for _, r := range results {
		got = append(got, r.Level+" "+r.RuleID)
	}
	want := []string{"error invalid-value", "error missing", "warning providers-unknown", "warning unknown-member"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if results[0].Line != 2 || results[0].Column != 5 {
		t.Errorf("IdentityPoolId at %d:%d, want 2:5", results[0].Line, results[0].Column)
	}
}
