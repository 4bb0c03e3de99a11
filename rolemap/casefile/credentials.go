package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// CodeCaseFile is the code of a case-file error (see "Credentials" in the
// package docs): a case that writes a group claim by hand and names a user
// or groups too.
const CodeCaseFile = "rolemapping.CaseFile"

// readCredentials reads a file's userPools and roles (see "Credentials"
// in the package docs).
func (f *File) readCredentials(userPools, roles json.RawMessage, errs *problems) {
	f.UserPools, f.Roles, f.RoleErrors = readDeploymentMembers(userPools, roles, true, errs)
}

// groupClaims adds the group claims of a case's user or groups (see
// "Credentials" in the package docs) to a copy of its claims.
func (f *File) groupClaims(c *Case) error {
	if c.User == "" && c.Groups == nil {
		return nil
	}
	if c.User != "" && c.Groups != nil {
		return errors.New("give at most one of user and groups")
	}
	if rolemap.KindOf(c.Login) != rolemap.KindUserPool {
		return errors.New("user and groups need a user pool login")
	}
	id := rolemap.UserPoolID(c.Login)
	up, ok := f.UserPools[id]
	if !ok {
		return fmt.Errorf("userPools has no user pool %s, the login's", clip.Quote(id))
	}
	// One index per user pool, for all the cases that name it.
	x := f.groupIndexes[id]
	if x == nil {
		x = usergroups.NewIndex(up.Groups)
		if f.groupIndexes == nil {
			f.groupIndexes = map[string]*usergroups.Index{}
		}
		f.groupIndexes[id] = x
	}
	membership := c.Groups
	if c.User != "" {
		if membership, ok = up.Users[c.User]; !ok {
			return fmt.Errorf("user %s is no user of userPools[%s]", clip.Quote(c.User), clip.QuoteKey(id))
		}
	} else {
		for _, name := range membership {
			if !x.Has(name) {
				return fmt.Errorf("groups: %s is no group of userPools[%s]", clip.Quote(name), clip.QuoteKey(id))
			}
		}
	}
	var field string
	if c.User != "" {
		field = "user"
	} else {
		field = "groups"
	}
	for _, claim := range []string{usergroups.ClaimGroups, usergroups.ClaimRoles, usergroups.ClaimPreferredRole} {
		if _, ok := c.Claims[claim]; ok {
			return fmt.Errorf(`"claims" and %q both set %s`, field, claim)
		}
	}
	claims := maps.Clone(c.Claims)
	if claims == nil {
		claims = map[string]any{}
	}
	x.Claims(membership).AddTo(claims)
	c.claims = claims
	return nil
}
