package credentials_test

import (
	"errors"
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// Alice is in the user pool groups admin and dev; the identity pool takes
// her role from the token (a Token mapping) and tags her session with her
// department. The Admin role's trust policy allows the pool to assume it but
// not to tag the session, so AWS refuses her credentials; the Dev role's
// allows both.
func ExampleChecker_Get() {
	const (
		login  = "cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE"
		client = "1example23456789"
		admin  = "arn:aws:iam::111122223333:role/Admin"
		dev    = "arn:aws:iam::111122223333:role/Dev"
	)
	pool, err := rolemap.ParsePool([]byte(`{
	  "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
	  "CognitoIdentityProviders": [{"ProviderName": "` + login + `", "ClientId": "` + client + `"}],
	  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Authenticated"},
	  "RoleMappings": {"` + login + `:` + client + `": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}},
	  "PrincipalTagAttributeMaps": [{"IdentityProviderName": "` + login + `", "PrincipalTags": {"dept": "custom:dept"}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		fmt.Println(err)
		return
	}
	policy := func(actions string) *trust.Policy {
		p, err := trust.Parse([]byte(`{"Version": "2012-10-17", "Statement": [{
		  "Effect": "Allow",
		  "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		  "Action": ` + actions + `,
		  "Condition": {
		    "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:11111111-2222-3333-4444-555555555555"},
		    "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}`))
		if err != nil {
			panic(err)
		}
		return p
	}
	c, err := credentials.New(res, map[string]*trust.Policy{
		admin: policy(`"sts:AssumeRoleWithWebIdentity"`),
		dev:   policy(`["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	zero, one := int64(0), int64(1)
	groups := []usergroups.Group{
		{GroupName: "admin", RoleARN: admin, Precedence: &zero},
		{GroupName: "dev", RoleARN: dev, Precedence: &one},
	}
	token := func(memberOf ...string) map[string]any {
		claims := map[string]any{
			"iss": "https://" + login, "aud": client, "sub": "alice-sub", "custom:dept": "eng",
		}
		usergroups.Claims(groups, memberOf).AddTo(claims)
		return claims
	}

	for _, memberOf := range [][]string{{"admin", "dev"}, {"dev"}} {
		got, err := c.Get(credentials.Request{Request: rolemap.Request{Login: login, Claims: token(memberOf...)}})
		var refused *credentials.TrustError
		switch {
		case errors.As(err, &refused):
			fmt.Println(memberOf, "refused:", refused.Role, refused.Decision.Reason, refused.Decision.Action)
		case err != nil:
			fmt.Println(memberOf, err)
		default:
			fmt.Println(memberOf, "gets", got.Decision.RoleARN, got.Tags)
		}
	}
	// Output:
	// [admin dev] refused: arn:aws:iam::111122223333:role/Admin trust-tag-session sts:TagSession
	// [dev] gets arn:aws:iam::111122223333:role/Dev map[dept:eng]
}
