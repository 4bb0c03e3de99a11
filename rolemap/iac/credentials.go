package iac

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// The CloudFormation resources rolemap/REFERENCE.md §7.5 reads besides the pool's.
const (
	typeUserPoolGroup   = "AWS::Cognito::UserPoolGroup"
	typeUserToGroup     = "AWS::Cognito::UserPoolUserToGroupAttachment"
	typePrincipalTag    = "AWS::Cognito::IdentityPoolPrincipalTag"
	typeRole            = "AWS::IAM::Role"
	trustPolicyProperty = "AssumeRolePolicyDocument"
)

// chosenARNs are the roles some pool can choose: default roles, rules'
// roles and groups' roles.
func chosenARNs(pools map[string]rolemap.Pool, ups map[string]usergroups.UserPool) map[string]bool {
	out := map[string]bool{}
	for _, p := range pools {
		for _, arn := range p.Roles {
			out[arn] = true
		}
		for _, m := range p.RoleMappings {
			if m.RulesConfiguration != nil {
				for _, r := range m.RulesConfiguration.Rules {
					out[r.RoleARN] = true
				}
			}
		}
	}
	for _, up := range ups {
		for _, g := range up.Groups {
			out[g.RoleARN] = true
		}
	}
	return out
}

// credentials reads user pool groups, memberships, principal tag maps and
// the trust policies of the roles the pools can choose (rolemap/REFERENCE.md §7.5).
func (x *cfn) credentials(pools map[string]rolemap.Pool) (map[string]usergroups.UserPool, map[string]json.RawMessage, map[string]roleOrigin, userPoolOrigins) {
	ids := slices.Sorted(maps.Keys(x.resources))
	var ups map[string]usergroups.UserPool
	upLocs := userPoolOrigins{}
	userPool := func(id string) usergroups.UserPool {
		if ups == nil {
			ups = map[string]usergroups.UserPool{}
		}
		return ups[id]
	}
	for _, id := range ids {
		if x.typeOf(id) != typeUserPoolGroup || !x.exists(id) {
			continue
		}
		upID, _ := x.propStr(id, "UserPoolId")
		g := usergroups.Group{GroupName: id}
		if name, ok := x.propStr(id, "GroupName"); ok && name != "" {
			g.GroupName = name
		}
		g.RoleARN, _ = x.propStr(id, "RoleArn")
		if s, ok := x.propStr(id, "Precedence"); ok && s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				x.fail(propPath(id, "Precedence"), "want an integer", "")
			} else {
				g.Precedence = &n
			}
		}
		up := userPool(upID)
		upLocs.group(upID, root("Resources").member(id).member("Properties"), cfnGroupFields)
		up.Groups = append(up.Groups, g)
		ups[upID] = up
	}
	for _, id := range ids {
		if x.typeOf(id) != typeUserToGroup || !x.exists(id) {
			continue
		}
		upID, _ := x.propStr(id, "UserPoolId")
		group, _ := x.propStr(id, "GroupName")
		user, _ := x.propStr(id, "Username")
		up := userPool(upID)
		if up.Users == nil {
			up.Users = map[string][]string{}
		}
		upLocs.user(upID, user, root("Resources").member(id))
		up.Users[user] = append(up.Users[user], group)
		ups[upID] = up
	}
	ups = x.accessMembers(ids, pools, ups, upLocs)
	byID := poolsByID{}
	for _, name := range slices.Sorted(maps.Keys(pools)) {
		byID.add(name, pools[name].IdentityPoolID)
	}
	for _, id := range ids {
		if x.typeOf(id) != typePrincipalTag || !x.exists(id) {
			continue
		}
		target, p, ok := x.attachmentTarget(id, pools, byID)
		if !ok {
			continue
		}
		if _, known := pools[target]; !known {
			x.fail(propPath(id, "IdentityPoolId"), "no identity pool of the template has this ID", "")
			continue
		}
		tm := rolemap.PrincipalTagMap{IdentityPoolID: p.IdentityPoolID}
		tm.IdentityProviderName, _ = x.propStr(id, "IdentityProviderName")
		if v, ok := x.property(id, "UseDefaults"); ok {
			b := x.boolean(v, propPath(id, "UseDefaults"))
			tm.UseDefaults = &b
		} else {
			f := false // rolemap/REFERENCE.md §7.5: absent is false in CloudFormation
			tm.UseDefaults = &f
		}
		if v, ok := x.property(id, "PrincipalTags"); ok {
			at := propPath(id, "PrincipalTags")
			if m, ok := x.eval(v, at).(map[string]any); ok {
				tm.PrincipalTags = map[string]string{}
				for _, k := range slices.Sorted(maps.Keys(m)) {
					tm.PrincipalTags[k] = x.str(m[k], at.member(k))
				}
			} else {
				x.fail(at, "want an object of tag keys to claims", "")
			}
		}
		p.PrincipalTagAttributeMaps = append(p.PrincipalTagAttributeMaps, tm)
		pools[target] = p
	}
	chosen := chosenARNs(pools, ups)
	var roles map[string]json.RawMessage
	locs := map[string]roleOrigin{}
	for _, id := range ids {
		if x.typeOf(id) != typeRole || !x.exists(id) {
			continue
		}
		// Only a role whose ARN the pools computed (or a binding gave) can
		// be one they choose; reading the others could only add noise.
		arn, ok := x.attrs[id+".Arn"].(string)
		if !ok || !chosen[arn] {
			// A role whose trust policy names the identity pools'
			// principal is kept too: the basic flow reaches it.
			if !x.keepRole(id) {
				continue
			}
			if arn, ok = x.getAtt(id, "Arn", root("Resources").member(id)).(string); !ok {
				continue
			}
		}
		v, ok := x.property(id, trustPolicyProperty)
		if !ok {
			continue
		}
		doc := x.eval(v, propPath(id, trustPolicyProperty))
		if hasFailed(doc) {
			continue
		}
		data, err := json.Marshal(doc)
		if err != nil {
			x.fail(propPath(id, trustPolicyProperty), "not a JSON document: "+err.Error(), "")
			continue
		}
		if roles == nil {
			roles = map[string]json.RawMessage{}
		}
		roles[arn] = data
		locs[arn] = roleOrigin{propPath(id, trustPolicyProperty), true}
	}
	return ups, roles, locs, upLocs
}

// propStr evaluates a resource's property to a string.
func (x *cfn) propStr(id, name string) (string, bool) {
	v, ok := x.property(id, name)
	if !ok {
		return "", false
	}
	return x.str(v, propPath(id, name)), true
}

// hasFailed reports whether an evaluated value holds a failed expression
// (its error is recorded) or AWS::NoValue.
func hasFailed(v any) bool {
	switch x := v.(type) {
	case failed:
		return true
	case map[string]any:
		for _, e := range x {
			if hasFailed(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasFailed(e) {
				return true
			}
		}
	}
	return false
}

// groupRefPlaceholder is the Ref of a user pool group: its GroupName (the
// logical ID when it has none).
func (x *cfn) groupRefPlaceholder(id string, at *loc) string {
	if name, ok := x.propString(id, "GroupName", at); ok {
		return name
	}
	return id
}

// The Terraform resources rolemap/REFERENCE.md §7.5 reads besides the pool's.
const (
	tfUserGroup    = "aws_cognito_user_group"
	tfUserInGroup  = "aws_cognito_user_in_group"
	tfPrincipalTag = "aws_cognito_identity_pool_provider_principal_tag"
	tfRole         = "aws_iam_role"
)

// credentials reads user groups, memberships, principal tag maps and the
// trust policies of the roles the pools can choose (rolemap/REFERENCE.md §7.5).
func (x *tf) credentials(pools map[string]rolemap.Pool) (map[string]usergroups.UserPool, map[string]json.RawMessage, map[string]roleOrigin, userPoolOrigins) {
	var ups map[string]usergroups.UserPool
	upLocs := userPoolOrigins{}
	get := func(id string) usergroups.UserPool {
		if ups == nil {
			ups = map[string]usergroups.UserPool{}
		}
		return ups[id]
	}
	for _, inst := range x.order {
		switch inst.typ {
		case tfUserGroup:
			upID, _ := x.attr(inst, []any{"user_pool_id"})
			g := usergroups.Group{}
			g.GroupName, _ = x.attr(inst, []any{"name"})
			if arn, ok := x.attr(inst, []any{"role_arn"}); ok {
				g.RoleARN = arn
			}
			prec := inst.values["precedence"]
			if prec == nil && x.unknownAt(inst, []any{"precedence"}) == true {
				// Known only after apply: a binding, or attr's error.
				if s, ok := x.attr(inst, []any{"precedence"}); ok {
					prec = json.Number(s)
				}
			}
			switch p := prec.(type) {
			case json.Number:
				n, err := strconv.ParseInt(string(p), 10, 64)
				if err != nil {
					x.fail(attrLoc{inst, []any{"precedence"}}, "want an integer", "")
				} else {
					g.Precedence = &n
				}
			case nil:
			default:
				x.fail(attrLoc{inst, []any{"precedence"}}, "want a number", "")
			}
			up := get(upID)
			upLocs.group(upID, inst.path.member("values"), tfGroupFields)
			up.Groups = append(up.Groups, g)
			ups[upID] = up
		case tfUserInGroup:
			upID, _ := x.attr(inst, []any{"user_pool_id"})
			group, _ := x.attr(inst, []any{"group_name"})
			user, _ := x.attr(inst, []any{"username"})
			up := get(upID)
			if up.Users == nil {
				up.Users = map[string][]string{}
			}
			upLocs.user(upID, user, inst.path)
			up.Users[user] = append(up.Users[user], group)
			ups[upID] = up
		}
	}
	ups = x.accessMembers(pools, ups, upLocs)
	byID := poolsByID{}
	for _, addr := range slices.Sorted(maps.Keys(pools)) {
		byID.add(addr, pools[addr].IdentityPoolID)
	}
	for _, inst := range x.order {
		if inst.typ != tfPrincipalTag {
			continue
		}
		target := x.target(inst, byID)
		p, ok := pools[target]
		if !ok {
			x.fail(attrLoc{inst, []any{"identity_pool_id"}}, "no identity pool of the plan has this ID", "")
			continue
		}
		tm := rolemap.PrincipalTagMap{IdentityPoolID: p.IdentityPoolID}
		tm.IdentityProviderName, _ = x.attr(inst, []any{"identity_provider_name"})
		useDefaults := true // rolemap/REFERENCE.md §7.5: the provider's default
		if b, ok := x.boolAttr(inst, []any{"use_defaults"}); ok {
			useDefaults = b
		}
		tm.UseDefaults = &useDefaults
		_, known := inst.values["principal_tags"].(map[string]any)
		if keys := x.mapKeys(inst, []any{"principal_tags"}); known || len(keys) > 0 {
			tm.PrincipalTags = map[string]string{}
			for _, k := range keys {
				tm.PrincipalTags[k], _ = x.attr(inst, []any{"principal_tags", k})
			}
		}
		p.PrincipalTagAttributeMaps = append(p.PrincipalTagAttributeMaps, tm)
		pools[target] = p
	}
	chosen := chosenARNs(pools, ups)
	var roles map[string]json.RawMessage
	locs := map[string]roleOrigin{}
	for _, inst := range x.order {
		if inst.typ != tfRole {
			continue
		}
		// The role's ARN as the pools saw it: known, or the placeholder
		// their references made. A role no pool refers to is not read.
		arn, ok := inst.values["arn"].(string)
		if !ok || arn == "" {
			arn = x.placeheld[placeKey{inst, "arn"}]
		}
		if arn == "" || !chosen[arn] {
			// A role whose known trust policy names the identity pools'
			// principal is kept too: the basic flow reaches it.
			if !x.keepRole(inst) {
				continue
			}
			if arn == "" {
				if arn, _ = x.knownOr(inst, "arn"); arn == "" {
					continue
				}
			}
		}
		// A policy known only after apply is read from its binding alone:
		// what its expression refers to (the pool's ID, in jsonencode) is
		// no policy. Unbound, the role's trust stays unverified.
		at := attrLoc{inst, []any{"assume_role_policy"}}
		doc, ok := x.boundName(at.minLen(), at.name)
		if !ok {
			if x.unknownAt(inst, at.path) == true {
				if roles == nil {
					roles = map[string]json.RawMessage{} // the file defines roles: the check is on
				}
				continue
			}
			if doc, ok = x.attr(inst, at.path); !ok {
				continue
			}
		}
		data, _ := json.Marshal(doc) // a JSON string holding the policy
		if roles == nil {
			roles = map[string]json.RawMessage{}
		}
		roles[arn] = data
		locs[arn] = roleOrigin{inst.path.member("values").member("assume_role_policy"), false}
	}
	return ups, roles, locs, upLocs
}
