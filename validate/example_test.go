package validate_test

import (
	"errors"
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// A pool document with several mistakes: Pool reports them all at once,
// sorted by path, and each one can be tested with errors.Is.
func ExamplePool() {
	p, err := rolemap.ParsePool([]byte(`{
	  "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
	  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Auth"},
	  "RoleMappings": {
	    "accounts.google.com": {
	      "Type": "rules",
	      "RulesConfiguration": {"Rules": [
	        {"Claim": "hd", "MatchType": "Equals", "Value": "", "RoleARN": "arn:aws:iam::111122223333:role/Staff"}
	      ]}
	    }
	  }
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = validate.Pool(p)
	for _, fe := range validate.Errors(err) {
		kind := "invalid"
		if errors.Is(fe, validate.ErrMissing) {
			kind = "missing"
		}
		fmt.Printf("%-7s %s\n", kind, fe.Path)
	}
	var first *validate.FieldError
	if errors.As(err, &first) {
		fmt.Println("first:", first)
	}
	// Output:
	// missing RoleMappings["accounts.google.com"].AmbiguousRoleResolution
	// missing RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].Value
	// invalid RoleMappings["accounts.google.com"].Type
	// first: RoleMappings["accounts.google.com"].AmbiguousRoleResolution: required
}

// The rules-per-mapping quota is 25 unless AWS raised it for the account.
func ExamplePool_raisedQuota() {
	rules := make([]rolemap.Rule, 30)
	for i := range rules {
		rules[i] = rolemap.Rule{Claim: "cognito:groups", MatchType: rolemap.Equals, Value: fmt.Sprint("group", i), RoleARN: "arn:aws:iam::111122223333:role/R"}
	}
	p := rolemap.Pool{
		IdentityPoolID: "us-east-1:11111111-2222-3333-4444-555555555555",
		Roles:          map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{"login.example.com": {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules},
		}},
	}
	fmt.Println(errors.Is(validate.Pool(p), validate.ErrOverLimit))
	fmt.Println(validate.Pool(p, rolemap.WithMaxRules(50)))
	// Output:
	// true
	// <nil>
}

// Lint reports what AWS accepts but probably does not do what was meant.
// Here the second rule is shadowed by the first, and both test a claim the
// user can change; only the first, which can match, is user-writable-claim.
func ExampleLint() {
	p := rolemap.Pool{
		IdentityPoolID:          "us-east-1:11111111-2222-3333-4444-555555555555",
		SupportedLoginProviders: map[string]string{"accounts.google.com": "123.apps.googleusercontent.com"},
		Roles:                   map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "email", MatchType: rolemap.StartsWith, Value: "admin", RoleARN: "arn:aws:iam::111122223333:role/Admin"},
				{Claim: "email", MatchType: rolemap.Equals, Value: "admin@example.com", RoleARN: "arn:aws:iam::111122223333:role/Root"},
			}},
		}},
	}
	for _, f := range validate.Lint(p, validate.WithWritableAttributes("email")) {
		fmt.Println(f.Code, f.Path)
		if f.Code == validate.CodeUnreachableRule {
			fmt.Println("  ", f.Message)
			fmt.Println("   shadowed by", f.Related)
			fmt.Println("   fix:", f.Fix)
		}
	}
	// Output:
	// substring-match RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0]
	// user-writable-claim RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].Claim
	// unreachable-rule RoleMappings["accounts.google.com"].RulesConfiguration.Rules[1]
	//    rule 1 (email Equals "admin@example.com") can never be the first match: every value it matches is matched first by rule 0 (email StartsWith "admin")
	//    shadowed by [RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0]]
	//    fix: remove the rule, or move it before rule 0
}

// Witness shows a request that reaches a rule: here a group list that
// dodges the NotEqual rule (it holds "guests") and the Equals rule.
func ExampleWitness() {
	const key = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:client1"
	p := rolemap.Pool{
		IdentityPoolID: "us-east-1:11111111-2222-3333-4444-555555555555",
		Roles:          map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{key: {
			Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: "cognito:groups", MatchType: rolemap.NotEqual, Value: "guests", RoleARN: "arn:aws:iam::111122223333:role/Member"},
				{Claim: "cognito:groups", MatchType: rolemap.Equals, Value: "admins", RoleARN: "arn:aws:iam::111122223333:role/Admin"},
				{Claim: "cognito:groups", MatchType: rolemap.StartsWith, Value: "admins", RoleARN: "arn:aws:iam::111122223333:role/Ops"},
			}},
		}},
	}
	req, ok := validate.Witness(p, key, 2)
	fmt.Println(ok, req.Login)
	fmt.Println(req.Claims)
	res, err := rolemap.Compile(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := res.Resolve(req)
	fmt.Println(d.RuleIndex(), d.RoleARN, err)
	// Output:
	// true cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123
	// map[aud:client1 cognito:groups:[guests adminsx]]
	// 2 arn:aws:iam::111122223333:role/Ops <nil>
}

// Diff tells a reviewer who gets a different role after a change: here a
// rule moved up and an Equals became Contains.
func ExampleDiff() {
	const g = "accounts.google.com"
	rule := func(claim string, mt rolemap.MatchType, value, role string) rolemap.Rule {
		return rolemap.Rule{Claim: claim, MatchType: mt, Value: value, RoleARN: "arn:aws:iam::111122223333:role/" + role}
	}
	pool := func(rules ...rolemap.Rule) rolemap.Pool {
		return rolemap.Pool{IdentityPoolID: "us-east-1:1", SupportedLoginProviders: map[string]string{g: "app"},
			Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Member"},
			RoleMappings: map[string]rolemap.Mapping{g: {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}}}
	}
	old := pool(rule("hd", rolemap.Equals, "example.com", "Staff"), rule("email", rolemap.Equals, "admin@example.com", "Admin"))
	new := pool(rule("email", rolemap.Contains, "admin", "Admin"), rule("hd", rolemap.Equals, "example.com", "Staff"))
	changes, err := validate.Diff(old, new)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range changes {
		fmt.Println(c.Message)
		fmt.Println("  for example", c.Witness.Claims)
	}
	// Output:
	// logins of "accounts.google.com" (RoleMappings["accounts.google.com"]): NotAuthorizedException becomes arn:aws:iam::111122223333:role/Admin by rule 0
	//   for example map[email:yadmin]
	// logins of "accounts.google.com" (RoleMappings["accounts.google.com"]): arn:aws:iam::111122223333:role/Staff by rule 0 becomes arn:aws:iam::111122223333:role/Admin by rule 0
	//   for example map[email:yadmin hd:example.com]
}
