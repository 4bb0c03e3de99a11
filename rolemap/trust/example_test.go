package trust_test

import (
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// The usual trust policy of an identity pool's authenticated role, checked
// for a signed-in user and for a guest of the same pool.
func ExamplePolicy_Evaluate() {
	policy, err := trust.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Effect": "Allow",
	    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
	    "Action": "sts:AssumeRoleWithWebIdentity",
	    "Condition": {
	      "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:11111111-2222-3333-4444-555555555555"},
	      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}
	    }
	  }]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	user := trust.Request{
		IdentityPoolID: "us-east-1:11111111-2222-3333-4444-555555555555",
		IdentityID:     "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
		AMR:            []string{"authenticated", "accounts.google.com"},
	}
	d, _ := policy.Evaluate(user)
	fmt.Println(d.Allowed, d.Statement)

	guest := user
	guest.AMR = []string{"unauthenticated"}
	d, _ = policy.Evaluate(guest)
	fmt.Println(d.Allowed, d.Reason)
	fmt.Println(d.Trace[0])
	// Output:
	// true 0
	// false trust-condition
	// sts:AssumeRoleWithWebIdentity: statement 0 Allow: Statement[0].Condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"] is false (ForAnyValue:StringLike on cognito-identity.amazonaws.com:amr; the request has [unauthenticated])
}

// A policy outside the grammar is refused with the path of the construct,
// never guessed at.
func ExampleParse_unsupported() {
	_, err := trust.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Effect": "Allow",
	    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
	    "Action": "sts:AssumeRoleWithWebIdentity",
	    "Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}
	  }]
	}`))
	fmt.Println(err)
	// Output:
	// rolemapping.UnsupportedTrustPolicy: Statement[0].Condition.DateLessThan: the condition operator "DateLessThan" is not supported (String operators, their ForAnyValue:, ForAllValues: and IfExists forms, and Null)
}
