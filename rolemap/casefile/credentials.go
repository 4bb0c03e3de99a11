package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

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
		return f.noUserPool(id)
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

// noUserPool is the error of a case whose login names a user pool the file
// does not have. When the file has one of the same name in another region
// — an imported user pool whose ID was made from a placeholder region — it
// says which binding to give; else it lists the user pools it has.
func (f *File) noUserPool(id string) error {
	region, name, _ := strings.Cut(id, "_")
	var have []string
	for _, k := range slices.Sorted(maps.Keys(f.UserPools)) {
		r, n, _ := strings.Cut(k, "_")
		if n == name && r != region {
			why := ""
			if f.Imported != nil {
				for _, s := range append(slices.Clone(f.Imported.Placeholders), f.Imported.Inferred...) {
					if s.Name == "AWS::Region" && s.Value == r {
						why = ", whose region " + clip.Quote(r) + " is the import's placeholder for AWS::Region"
					}
				}
			}
			return fmt.Errorf("userPools has no user pool %s, the login's, but has %s%s: bind AWS::Region to %s (\"bindings\": {\"AWS::Region\": %s}), or give the login of %s",
				clip.Quote(id), clip.Quote(k), why, clip.Quote(region), clip.Quote(region), clip.Quote(k))
		}
		if len(have) < 5 {
			have = append(have, clip.Quote(k))
		}
	}
	if len(have) == 0 {
		return fmt.Errorf("userPools has no user pool %s, the login's; the file gives none: add it under \"userPools\"", clip.Quote(id))
	}
	return fmt.Errorf("userPools has no user pool %s, the login's; the file has %s", clip.Quote(id), strings.Join(have, ", "))
}
