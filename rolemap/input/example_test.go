package input_test

import (
	"fmt"
	"log"

	"github.com/rolemapping/rolemapping/rolemap/input"
)

// A Loader reads each input once and completes it with the trust policies
// of its Roles file (here given as bytes): the deployment of a pool is
// one call away.
func ExampleLoader() {
	ld := &input.Loader{
		Roles: "roles.json",
		Files: map[string][]byte{
			"pool.json": []byte(`{
				"IdentityPoolId": "eu-west-1:4bf8e4ad-0000-4a7c-9d27-8b1a2e4c9f10",
				"Roles": {"authenticated": "arn:aws:iam::111122223333:role/Reader"}
			}`),
			"roles.json": []byte(`{"arn:aws:iam::111122223333:role/Reader": {"AssumeRolePolicyDocument": {
				"Version": "2012-10-17",
				"Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
					"Action": "sts:AssumeRoleWithWebIdentity",
					"Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "eu-west-1:4bf8e4ad-0000-4a7c-9d27-8b1a2e4c9f10"}}}]
			}}}`),
		},
	}
	l, err := ld.Load("pool.json")
	if err != nil {
		log.Fatal(err)
	}
	d, err := l.Deployment("") // the only pool
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.Kind, len(l.Pools), "pool,", len(d.Roles), "trust policy")
	// Output: aws 1 pool, 1 trust policy
}
