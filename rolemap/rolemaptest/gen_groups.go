package rolemaptest

import (
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// groupNames are the names Groups draws from: few, so that memberships
// overlap, with names that sort differently by byte and by case.
var groupNames = []string{"admins", "Admins", "dev", "ops", "staff", "contractors", "z", "caf\u00e9", "\u00e9quipe"}

// precedences are the Precedences Groups draws from besides none: few, so
// that ties are common, and both ends of AWS's range.
var precedences = []int64{0, 1, 5, 10, usergroups.MaxPrecedence}

// Groups generates the groups of a valid user pool (package usergroups): up to 9
// uniquely named groups, each with or without a role (a few roles, so that
// groups share one) and with or without a Precedence (a few values, so that
// ties are common).
func Groups() *rapid.Generator[[]usergroups.Group] {
	return rapid.Custom(func(t *rapid.T) []usergroups.Group {
		names := rapid.SliceOfNDistinct(rapid.SampledFrom(groupNames), 0, len(groupNames), rapid.ID[string]).Draw(t, "names")
		roles := rapid.SliceOfN(RoleARN(), 1, 3).Draw(t, "roles")
		groups := make([]usergroups.Group, len(names))
		for i, name := range names {
			groups[i].GroupName = name
			if rapid.Bool().Draw(t, "hasRole") {
				groups[i].RoleARN = rapid.SampledFrom(roles).Draw(t, "role")
			}
			if rapid.IntRange(0, 3).Draw(t, "hasPrecedence") > 0 {
				p := rapid.SampledFrom(precedences).Draw(t, "precedence")
				groups[i].Precedence = &p
			}
		}
		return groups
	})
}

// Membership generates a valid membership in groups: distinct names of
// some of them, in any order.
func Membership(groups []usergroups.Group) *rapid.Generator[[]string] {
	return rapid.Custom(func(t *rapid.T) []string {
		if len(groups) == 0 {
			_ = rapid.Bool().Draw(t, "empty") // a custom generator must draw
			return nil
		}
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = g.GroupName
		}
		return rapid.SliceOfNDistinct(rapid.SampledFrom(names), 0, len(names), rapid.ID[string]).Draw(t, "membership")
	})
}
