package usergroups_test

import (
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// Alice is in staff and admins; admins has the lower Precedence, so its
// role is her preferred role.
func ExampleClaims() {
	zero, five := int64(0), int64(5)
	groups := []usergroups.Group{
		{GroupName: "staff", RoleARN: "arn:aws:iam::111122223333:role/Staff", Precedence: &five},
		{GroupName: "admins", RoleARN: "arn:aws:iam::111122223333:role/Admin", Precedence: &zero},
		{GroupName: "readers"},
	}
	c := usergroups.Claims(groups, []string{"staff", "admins"})
	fmt.Println(c.Groups)
	fmt.Println(c.Roles)
	fmt.Println(c.PreferredRole)
	// Output:
	// [admins staff]
	// [arn:aws:iam::111122223333:role/Admin arn:aws:iam::111122223333:role/Staff]
	// arn:aws:iam::111122223333:role/Admin
}
