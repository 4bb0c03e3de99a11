package rolemap_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap"
)

// The output of `aws cognito-identity get-identity-pool-roles` is a pool
// document on its own.
const rolesJSON = `{
  "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
  "Roles": {
    "authenticated": "arn:aws:iam::111122223333:role/Auth",
    "unauthenticated": "arn:aws:iam::111122223333:role/Guest"
  },
  "RoleMappings": {
    "accounts.google.com": {
      "Type": "Rules",
      "AmbiguousRoleResolution": "Deny",
      "RulesConfiguration": {"Rules": [
        {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Staff"},
        {"Claim": "email", "MatchType": "StartsWith", "Value": "admin@", "RoleARN": "arn:aws:iam::111122223333:role/Admin"}
      ]}
    }
  }
}`

func ExampleParsePool() {
	pool, err := rolemap.ParsePool([]byte(rolesJSON))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pool.IdentityPoolID)
	fmt.Println(pool.RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0])
	// Output:
	// us-east-1:11111111-2222-3333-4444-555555555555
	// hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff
}

func ExampleCompile() {
	pool, _ := rolemap.ParsePool([]byte(rolesJSON))
	res, err := rolemap.Compile(pool)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := res.Resolve(rolemap.Request{
		Login:  "accounts.google.com",
		Claims: map[string]any{"hd": "example.com", "email": "ana@example.com"},
	})
	fmt.Println(d.RoleARN, err)
	// Output:
	// arn:aws:iam::111122223333:role/Staff <nil>
}

// Compile reports every violation at once, each with its path.
func ExampleCompile_invalid() {
	_, err := rolemap.Compile(rolemap.Pool{
		IdentityPoolID: "us-east-1:11111111-2222-3333-4444-555555555555",
		Roles:          map[string]string{"admin": "arn:aws:iam::111122223333:role/Admin"},
		RoleMappings: map[string]rolemap.Mapping{
			"accounts.google.com": {Type: "token", AmbiguousRoleResolution: rolemap.AmbiguousDeny},
		},
	})
	var ve *rolemap.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			fmt.Println(fe.Path, "|", fe.Detail, "| missing:", errors.Is(fe, rolemap.ErrMissing))
		}
	}
	// Output:
	// RoleMappings["accounts.google.com"].Type | "token" is not one of Token Rules | missing: false
	// Roles["admin"] | does not match (un)?authenticated | missing: false
}

func ExampleResolver_Resolve() {
	pool, _ := rolemap.ParsePool([]byte(rolesJSON))
	res, _ := rolemap.Compile(pool)
	requests := []rolemap.Request{
		{Login: "accounts.google.com", Claims: map[string]any{"email": "admin@example.org"}},
		{}, // a guest: get-identity-pool-roles alone does not say guests are allowed
		{Login: "graph.facebook.com", Claims: map[string]any{"sub": "1"}},
	}
	for _, req := range requests {
		d, err := res.Resolve(req)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d)
	}
	// Output:
	// arn:aws:iam::111122223333:role/Admin (rule match: RoleMappings["accounts.google.com"] rule 1, email StartsWith "admin@" -> arn:aws:iam::111122223333:role/Admin)
	// NotAuthorizedException: Unauthenticated access is not supported for this identity pool.
	// arn:aws:iam::111122223333:role/Auth (default authenticated role, no mapping)
}

// A refusal is a *rolemap.Error with AWS's exception name and message;
// errors.Is matches it against a sentinel per exception.
func ExampleError() {
	pool, _ := rolemap.ParsePool([]byte(rolesJSON))
	res, _ := rolemap.Compile(pool)
	_, err := res.Resolve(rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"hd": "other.org"}})
	var awsErr *rolemap.Error
	if errors.As(err, &awsErr) {
		fmt.Println(awsErr.Code)
		fmt.Println(awsErr.Message)
	}
	fmt.Println(errors.Is(err, rolemap.ErrNotAuthorized))
	// Output:
	// NotAuthorizedException
	// The ambiguous role mapping rules for: accounts.google.com denied this request.
	// true
}

// With Trace set, a decision lists every rule it evaluated.
func ExampleRequest_trace() {
	pool, _ := rolemap.ParsePool([]byte(rolesJSON))
	res, _ := rolemap.Compile(pool)
	d, _ := res.Resolve(rolemap.Request{
		Login:  "accounts.google.com",
		Claims: map[string]any{"hd": "Example.com", "email": "admin@example.com"},
		Trace:  true,
	})
	for _, t := range d.Trace {
		fmt.Println(t)
	}
	// Output:
	// rule 0: hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff: mismatch ["Example.com"]
	// rule 1: email StartsWith "admin@" -> arn:aws:iam::111122223333:role/Admin: match ["admin@example.com"]
}

// Explain writes a decision or an error for a log; a Decision marshals to
// JSON with its reason by name.
func ExampleExplain() {
	pool, err := rolemap.ParsePool([]byte(rolesJSON))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := res.Resolve(rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"hd": "example.com"}})
	fmt.Println(rolemap.Explain(d, err))
	data, _ := json.Marshal(d)
	fmt.Println(string(data))
	d, err = res.Resolve(rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"hd": "other.org"}, Trace: true})
	fmt.Println(rolemap.Explain(d, err))
	// Output:
	// decision: arn:aws:iam::111122223333:role/Staff (rule match: RoleMappings["accounts.google.com"] rule 0, hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff)
	// {"roleArn":"arn:aws:iam::111122223333:role/Staff","reason":"rule-match","mappingKey":"accounts.google.com","match":{"index":0,"rule":{"Claim":"hd","MatchType":"Equals","Value":"example.com","RoleARN":"arn:aws:iam::111122223333:role/Staff"}}}
	// error: NotAuthorizedException: The ambiguous role mapping rules for: accounts.google.com denied this request.
	// mapping: accounts.google.com
	// why: no role applies and the mapping's AmbiguousRoleResolution is Deny
	//   rule 0: hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff: mismatch ["other.org"]
	//   rule 1: email StartsWith "admin@" -> arn:aws:iam::111122223333:role/Admin: absent
}
