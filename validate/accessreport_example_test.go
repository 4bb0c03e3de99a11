package validate_test

import (
	"fmt"
	"os"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

// The access report of a pool with the classic flow on and no role
// mapping: guests get their default role by the enhanced flow (scoped
// down), and by the basic flow any role whose trust policy admits them —
// the export role too, which the pool never chooses.
func ExampleAccessReport_WriteText() {
	pool, err := rolemap.ParsePool([]byte(`{
		"IdentityPoolId": "us-east-1:00000000-0000-4000-8000-000000000001",
		"AllowUnauthenticatedIdentities": true,
		"AllowClassicFlow": true,
		"SupportedLoginProviders": {},
		"Roles": {"unauthenticated": "arn:aws:iam::111122223333:role/Guest"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	roles, _, err := trust.ParseRoles([]byte(`{
		"arn:aws:iam::111122223333:role/Guest": {"AssumeRolePolicyDocument": ` + guestTrust + `},
		"arn:aws:iam::111122223333:role/Export": {"AssumeRolePolicyDocument": ` + guestTrust + `}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := validate.Access(credentials.Deployment{Pool: pool, Roles: roles})
	if err != nil {
		fmt.Println(err)
		return
	}
	r.WriteText(os.Stdout)
	// Output:
	// identity pool us-east-1:00000000-0000-4000-8000-000000000001: 1 identity kind, 2 roles, 3 paths (complete)
	// arn:aws:iam::111122223333:role/Export: basic guest via trust, certain; witness {"flow":"basic","login":"","claims":{},"roleArn":"arn:aws:iam::111122223333:role/Export","amr":["unauthenticated"],"identityId":"us-east-1:3f108723-ab4f-6b41-11cd-bb130b33a3c3"}
	// arn:aws:iam::111122223333:role/Guest: enhanced guest via default-role, certain; scoped down; witness {"flow":"enhanced","login":"","claims":{},"customRoleArn":""}
	// arn:aws:iam::111122223333:role/Guest: basic guest via trust, certain; witness {"flow":"basic","login":"","claims":{},"roleArn":"arn:aws:iam::111122223333:role/Guest","amr":["unauthenticated"],"identityId":"us-east-1:3f108723-ab4f-6b41-11cd-bb130b33a3c3"}
	// unknown note: other roles of the account may trust the pool too: the analysis lists only the roles the deployment names
	// warning classic-flow-enabled AllowClassicFlow: the basic (classic) flow is enabled: any identity of the pool can take its token to sts:AssumeRoleWithWebIdentity for any role whose trust policy admits the pool
	// warning guest-access AllowUnauthenticatedIdentities: the pool gives credentials to unauthenticated guests: anyone on the internet obtains "arn:aws:iam::111122223333:role/Guest" by the enhanced flow (scoped down by AWS's guest session policy), and "arn:aws:iam::111122223333:role/Export", "arn:aws:iam::111122223333:role/Guest" by the basic flow (not scoped down)
	// error classic-flow-exposes-role roles["arn:aws:iam::111122223333:role/Export"].AssumeRolePolicyDocument: the basic flow gives guest the role "arn:aws:iam::111122223333:role/Export", which the enhanced flow never gives them; guests' basic-flow credentials are not scoped down by AWS's guest session policy
}

// guestTrust admits the pool's guests.
const guestTrust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
	"Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
	"Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:00000000-0000-4000-8000-000000000001"},
		"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}}]}`
