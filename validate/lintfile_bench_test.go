package validate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// placedDoc is a pool document of one mapping of n Contains rules whose
// values are prefixes of one another, each with a multi-byte claim: about
// n substring-match findings, each naming up to ten related rules, to place.
func placedDoc(n int) []byte {
	var rules []string
	for i := range n {
		rules = append(rules, fmt.Sprintf(`{"Claim": "custom:équipe", "MatchType": "Contains", "Value": "%s", "RoleARN": "arn:aws:iam::111122223333:role/R%d"}`,
			strings.Repeat("a", i+1), i))
	}
	return []byte(`{"IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Auth"},
  "SupportedLoginProviders": {"accounts.google.com": "client"},
  "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [
    ` + strings.Join(rules, ",\n    ") + `]}}}}`)
}

// BenchmarkLintFilePlaced lints a pool document of 400 rules and places
// its findings and their related rules in the file.
func BenchmarkLintFilePlaced(b *testing.B) {
	doc := placedDoc(400)
	p, err := rolemap.ParsePool(doc)
	if err != nil {
		b.Fatal(err)
	}
	pools := []validate.FilePool{{Pool: p, Document: true}}
	opts := []validate.LintOption{validate.WithMaxRules(400)}
	b.ReportAllocs()
	for b.Loop() {
		validate.LintFile("pool.json", doc, pools, opts...)
	}
}
