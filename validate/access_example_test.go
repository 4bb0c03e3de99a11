package validate_test

import (
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// Access lists who obtains each role and how. Here a rule on custom:tier
// grants Gold, and the app client lists no WriteAttributes, so its users
// possibly write custom:tier themselves: an escalation, since a user who
// sets nothing gets the default role. Anyone may sign up.
func ExampleAccess() {
	const poolID = "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"
	const login = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
	trustPolicy := func() *trust.Policy {
		p, err := trust.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
			"Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity",
			"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"` + poolID + `"},
			"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}}]}`))
		if err != nil {
			panic(err)
		}
		return p
	}
	no, yes := false, true
	d := credentials.Deployment{
		Pool: rolemap.Pool{
			IdentityPoolID:           poolID,
			AllowClassicFlow:         &no,
			CognitoIdentityProviders: []rolemap.Provider{{ProviderName: login, ClientID: "client1"}},
			Roles:                    map[string]string{"authenticated": "arn:aws:iam::111122223333:role/User"},
			RoleMappings: map[string]rolemap.Mapping{login + ":client1": {
				Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
					{Claim: "custom:tier", MatchType: rolemap.Equals, Value: "gold", RoleARN: "arn:aws:iam::111122223333:role/Gold"},
				}},
			}},
		},
		Roles: map[string]*trust.Policy{
			"arn:aws:iam::111122223333:role/User": trustPolicy(),
			"arn:aws:iam::111122223333:role/Gold": trustPolicy(),
		},
		UserPools: map[string]usergroups.UserPool{"us-east-1_AbC": {
			Schema:  []usergroups.SchemaAttribute{{Name: "tier", AttributeDataType: "String", Mutable: &yes}},
			Clients: map[string]usergroups.Client{"client1": {ReadAttributes: []string{"custom:tier", "email"}}},
		}},
	}
	r, err := validate.Access(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ra := range r.Roles {
		for _, p := range ra.Paths {
			fmt.Println(ra.ARN, p.Flow, p.Via, p.Certainty, p.Why)
			for _, c := range p.Conditions {
				fmt.Printf("  %s %s (%s); witness %v\n", c.Claim, c.Test, c.Controller, p.Witness.Claims)
			}
		}
	}
	for _, f := range r.Findings {
		fmt.Println(f.Severity, f.Code)
	}
	// Output:
	// arn:aws:iam::111122223333:role/Gold enhanced [rule 0] certain []
	//   custom:tier Equals "gold" (user?); witness map[aud:client1 custom:tier:gold sub:w-2]
	// arn:aws:iam::111122223333:role/User enhanced [ambiguous] certain []
	// error user-writable-claim
	// warning self-signup-grants-role
}
