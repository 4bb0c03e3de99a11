package validate_test

import (
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// Analyze compiles a pool once and keeps what is known of its rules: a
// request that reaches each reachable rule, why the others never match
// first, and the compiled pool to resolve the witnesses with. The same
// analysis lints the pool (WithAnalysis) without compiling it again.
func ExampleAnalyze() {
	const g = "accounts.google.com"
	p := rolemap.Pool{
		IdentityPoolID:          "us-east-1:11111111-2222-3333-4444-555555555555",
		Roles:                   map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		SupportedLoginProviders: map[string]string{g: "client.apps.googleusercontent.com"},
		RoleMappings: map[string]rolemap.Mapping{g: {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "hd", MatchType: rolemap.StartsWith, Value: "example", RoleARN: "arn:aws:iam::111122223333:role/Staff"},
				{Claim: "hd", MatchType: rolemap.Equals, Value: "example.com", RoleARN: "arn:aws:iam::111122223333:role/Admin"},
				{Claim: "sub", MatchType: rolemap.Equals, Value: "42", RoleARN: "arn:aws:iam::111122223333:role/Owner"},
			}},
		}},
	}
	a, err := validate.Analyze(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for rule := range 3 {
		req, ok := a.Witness(g, rule)
		if !ok {
			fmt.Println(rule, "unreachable")
			continue
		}
		d, err := a.Resolver().Resolve(req)
		fmt.Println(rule, req.Claims, d.RuleIndex(), err)
	}
	for _, f := range a.Unreachable() {
		fmt.Println(f.Path, f.Related)
	}
	fmt.Println(len(validate.Lint(p, validate.WithAnalysis(a))), "findings")
	// Output:
	// 0 map[hd:example] 0 <nil>
	// 1 unreachable
	// 2 map[sub:42] 2 <nil>
	// RoleMappings["accounts.google.com"].RulesConfiguration.Rules[1] [RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0]]
	// 2 findings
}

// LintFile lints the pools of a file and places each finding at its line
// and column, from one compile of each pool; Suppress then drops the
// findings a team has accepted, and counts them.
func ExampleLintFile() {
	doc := []byte(`{
  "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Auth"},
  "SupportedLoginProviders": {"accounts.google.com": "client.apps.googleusercontent.com"},
  "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
    "RulesConfiguration": {"Rules": [
      {"Claim": "hd", "MatchType": "StartsWith", "Value": "example", "RoleARN": "arn:aws:iam::111122223333:role/Staff"},
      {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Admin"}
    ]}}}
}`)
	p, err := rolemap.ParsePool(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	located := validate.LintFile("pools/prod.json", doc, []validate.FilePool{{Pool: p, Document: true}})
	kept, suppressed := validate.Suppress(located, []validate.Suppression{
		{Code: validate.CodeSubstringMatch, File: "pools/*.json", Reason: "hd is verified by Google"},
	})
	for _, l := range kept {
		fmt.Printf("%s: %s %s\n", l.Range, l.Severity, l.Code)
	}
	fmt.Println(suppressed)
	// Output:
	// pools/prod.json:8:7: warning unreachable-rule
	// map[substring-match:1]
}
