package iac

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// The resources of the access members of a user pool (rolemap/REFERENCE.md
// §12.5): the user pool's own properties, its app clients and its
// identity providers.
const (
	typeUserPool         = "AWS::Cognito::UserPool"
	typeUserPoolClient   = "AWS::Cognito::UserPoolClient"
	typeIdentityProvider = "AWS::Cognito::UserPoolIdentityProvider"

	tfUserPool         = "aws_cognito_user_pool"
	tfUserPoolClient   = "aws_cognito_user_pool_client"
	tfIdentityProvider = "aws_cognito_identity_provider"
)

// namedUserPools are the IDs of the user pools the pools'
// CognitoIdentityProviders name: the importers read the access members of
// those only.
func namedUserPools(pools map[string]rolemap.Pool) map[string]bool {
	named := map[string]bool{}
	for _, p := range pools {
		for _, prov := range p.CognitoIdentityProviders {
			if rolemap.KindOf(prov.ProviderName) == rolemap.KindUserPool {
				named[rolemap.UserPoolID(prov.ProviderName)] = true
			}
		}
	}
	return named
}

// namesPoolPrincipal reports whether a trust policy (decoded JSON) has a
// statement whose principal is the identity pools' (Federated
// cognito-identity.amazonaws.com, or its China name) or anyone ("*"): a
// role the basic flow can reach, whichever pool names it.
func namesPoolPrincipal(doc any) bool {
	m, _ := doc.(map[string]any)
	var statements []any
	switch s := m["Statement"].(type) {
	case []any:
		statements = s
	case map[string]any:
		statements = []any{s}
	}
	principal := func(v any) bool {
		s, _ := v.(string)
		s = strings.TrimSpace(s)
		return s == "*" || strings.EqualFold(s, trust.Principal) || strings.EqualFold(s, trust.PrincipalCN)
	}
	for _, st := range statements {
		st, _ := st.(map[string]any)
		switch p := st["Principal"].(type) {
		case string:
			if strings.TrimSpace(p) == "*" {
				return true
			}
		case map[string]any:
			switch f := p["Federated"].(type) {
			case string:
				if principal(f) {
					return true
				}
			case []any:
				if slices.ContainsFunc(f, principal) {
					return true
				}
			}
		}
	}
	return false
}

// userPoolOf returns the user pool ID a resource's UserPoolId gives, when
// it is one of named. A Ref to a user pool of the template is matched
// before it is evaluated, so that a user pool no identity pool names gets
// no placeholder.
func (x *cfn) userPoolOf(id string, named map[string]bool) (string, bool) {
	raw, ok := x.property(id, "UserPoolId")
	if !ok {
		return "", false
	}
	if target := refersTo(raw); target != "" && x.typeOf(target) == typeUserPool && !named[x.peekRef(target)] {
		return "", false
	}
	// Another form (a parameter, Fn::ImportValue): evaluated, but a
	// resource of no named user pool reports no problem, as before the
	// access members were read.
	n, paths, omitted := len(x.errs), len(x.jsonPaths), x.omitted
	v, _ := x.propStr(id, "UserPoolId")
	if !named[v] {
		x.errs, x.jsonPaths, x.omitted = x.errs[:n], x.jsonPaths[:paths], omitted
		return "", false
	}
	return v, true
}

// peekRef is the Ref value a resource has, or will have, without
// recording a placeholder or a binding's use.
func (x *cfn) peekRef(id string) string {
	if v, ok := x.attrs[id].(string); ok {
		return v
	}
	if v, ok := x.bindings[id]; ok {
		return v
	}
	if x.typeOf(id) == typeUserPool {
		return x.region + "_" + id
	}
	return id
}

// accessMembers reads the access members of the user pools the pools
// name (rolemap/REFERENCE.md §12.5): each AWS::Cognito::UserPool's Schema,
// AdminCreateUserConfig, UserAttributeUpdateSettings, LambdaConfig and
// UsernameAttributes, its AWS::Cognito::UserPoolClient resources (by
// their Ref, the client ID) and its AWS::Cognito::UserPoolIdentityProvider
// resources (by ProviderName).
func (x *cfn) accessMembers(ids []string, pools map[string]rolemap.Pool, ups map[string]usergroups.UserPool, locs userPoolOrigins) map[string]usergroups.UserPool {
	named := namedUserPools(pools)
	if len(named) == 0 {
		return ups
	}
	get := func(id string) usergroups.UserPool {
		if ups == nil {
			ups = map[string]usergroups.UserPool{}
		}
		return ups[id]
	}
	for _, id := range ids {
		if x.typeOf(id) != typeUserPool || !x.exists(id) || !named[x.peekRef(id)] {
			continue
		}
		res := root("Resources").member(id)
		upID := x.ref(id, res)
		up := get(upID)
		locs.pool(upID).props, locs.pool(upID).terraform = res.member("Properties"), false
		if v, ok := x.property(id, "Schema"); ok {
			at := propPath(id, "Schema")
			up.Schema = []usergroups.SchemaAttribute{}
			for i, item := range x.list(v, at) {
				o, ok := item.(map[string]any)
				if !ok {
					x.fail(at.index(i), "want a schema attribute object", "")
					continue
				}
				a := usergroups.SchemaAttribute{Name: x.optStr(o, "Name", at.index(i)), AttributeDataType: x.optStr(o, "AttributeDataType", at.index(i))}
				a.Mutable = x.optBool(o, "Mutable", at.index(i))
				a.Required = x.optBool(o, "Required", at.index(i))
				a.DeveloperOnlyAttribute = x.optBool(o, "DeveloperOnlyAttribute", at.index(i))
				up.Schema = append(up.Schema, a)
			}
		}
		if o, at, ok := x.propObject(id, "AdminCreateUserConfig"); ok {
			up.AdminCreateUserConfig = &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: x.optBool(o, "AllowAdminCreateUserOnly", at)}
		}
		if o, at, ok := x.propObject(id, "UserAttributeUpdateSettings"); ok {
			s := &usergroups.UserAttributeUpdateSettings{}
			const list = "AttributesRequireVerificationBeforeUpdate"
			if v, ok := o[list]; ok {
				s.AttributesRequireVerificationBeforeUpdate = x.strList(v, at.member(list))
			}
			up.UserAttributeUpdateSettings = s
		}
		if o, at, ok := x.propObject(id, "LambdaConfig"); ok {
			c := &usergroups.LambdaConfig{PreTokenGeneration: x.optStr(o, "PreTokenGeneration", at)}
			if v, ok := o["PreTokenGenerationConfig"]; ok {
				cat := at.member("PreTokenGenerationConfig")
				if po, ok := x.eval(v, cat).(map[string]any); ok {
					c.PreTokenGenerationConfig = &usergroups.PreTokenGenerationConfig{
						LambdaArn: x.optStr(po, "LambdaArn", cat), LambdaVersion: x.optStr(po, "LambdaVersion", cat)}
				} else {
					x.fail(cat, "want an object with LambdaArn and LambdaVersion", "")
				}
			}
			up.LambdaConfig = c
		}
		if v, ok := x.property(id, "UsernameAttributes"); ok {
			up.UsernameAttributes = x.strList(v, propPath(id, "UsernameAttributes"))
		}
		ups[upID] = up
	}
	for _, id := range ids {
		if x.typeOf(id) != typeUserPoolClient || !x.exists(id) {
			continue
		}
		upID, ok := x.userPoolOf(id, named)
		if !ok {
			continue
		}
		res := root("Resources").member(id)
		clientID := x.ref(id, res)
		var c usergroups.Client
		for _, f := range []struct {
			name string
			dst  *[]string
		}{{"ReadAttributes", &c.ReadAttributes}, {"WriteAttributes", &c.WriteAttributes}, {"SupportedIdentityProviders", &c.SupportedIdentityProviders}} {
			if v, ok := x.property(id, f.name); ok {
				*f.dst = x.strList(v, propPath(id, f.name))
			}
		}
		up := get(upID)
		if up.Clients == nil {
			up.Clients = map[string]usergroups.Client{}
		}
		if _, dup := up.Clients[clientID]; dup {
			x.fail(res, "a second app client with the ID "+clip.Quote(clientID)+" in the user pool", "")
			continue
		}
		up.Clients[clientID] = c
		locs.pool(upID).clients[clientID] = res.member("Properties")
		ups[upID] = up
	}
	for _, id := range ids {
		if x.typeOf(id) != typeIdentityProvider || !x.exists(id) {
			continue
		}
		upID, ok := x.userPoolOf(id, named)
		if !ok {
			continue
		}
		res := root("Resources").member(id)
		name, _ := x.propStr(id, "ProviderName")
		p := usergroups.IdentityProvider{}
		p.ProviderType, _ = x.propStr(id, "ProviderType")
		if v, ok := x.property(id, "AttributeMapping"); ok {
			at := propPath(id, "AttributeMapping")
			if m, ok := x.eval(v, at).(map[string]any); ok {
				p.AttributeMapping = map[string]string{}
				for _, k := range slices.Sorted(maps.Keys(m)) {
					p.AttributeMapping[k] = x.str(m[k], at.member(k))
				}
			} else {
				x.fail(at, "want an object of user pool attributes to the provider's claims", "")
			}
		}
		up := get(upID)
		if up.IdentityProviders == nil {
			up.IdentityProviders = map[string]usergroups.IdentityProvider{}
		}
		if _, dup := up.IdentityProviders[name]; dup {
			x.fail(propPath(id, "ProviderName"), "a second identity provider named "+clip.Quote(name)+" in the user pool", "")
			continue
		}
		up.IdentityProviders[name] = p
		locs.pool(upID).providers[name] = res.member("Properties")
		ups[upID] = up
	}
	return ups
}

// propObject evaluates a resource's object property.
func (x *cfn) propObject(id, name string) (map[string]any, *loc, bool) {
	v, ok := x.property(id, name)
	if !ok {
		return nil, nil, false
	}
	at := propPath(id, name)
	switch o := x.eval(v, at).(type) {
	case map[string]any:
		return o, at, true
	case noValueType, failed, nil:
		return nil, nil, false
	}
	x.fail(at, "want an object", "")
	return nil, nil, false
}

// optBool evaluates the boolean member name of o, or nil if it is absent.
func (x *cfn) optBool(o map[string]any, name string, at *loc) *bool {
	v, ok := o[name]
	if !ok {
		return nil
	}
	b := x.boolean(v, at.member(name))
	return &b
}

// strList evaluates v to a list of strings.
func (x *cfn) strList(v any, at *loc) []string {
	out := []string{}
	for i, item := range x.list(v, at) {
		out = append(out, x.str(item, at.index(i)))
	}
	return out
}

// keepRole reports whether a role no pool chooses is kept: its trust
// policy, evaluated, names the identity pools' principal (the basic flow
// reaches it). The problems of evaluating the policy of a role that does
// not are not reported: such a role was never read before.
func (x *cfn) keepRole(id string) bool {
	v, ok := x.property(id, trustPolicyProperty)
	if !ok {
		return false
	}
	n, paths, omitted := len(x.errs), len(x.jsonPaths), x.omitted
	doc := x.eval(v, propPath(id, trustPolicyProperty))
	if s, ok := doc.(string); ok {
		var parsed any
		if json.Unmarshal([]byte(s), &parsed) == nil {
			doc = parsed
		}
	}
	if namesPoolPrincipal(doc) {
		return true
	}
	x.errs, x.jsonPaths, x.omitted = x.errs[:n], x.jsonPaths[:paths], omitted
	return false
}

// accessMembers reads the access members of the user pools the pools
// name (rolemap/REFERENCE.md §12.5) from a plan or state: each
// aws_cognito_user_pool's schema, admin_create_user_config,
// user_attribute_update_settings, lambda_config and username_attributes,
// its aws_cognito_user_pool_client resources (by id) and its
// aws_cognito_identity_provider resources (by provider_name).
func (x *tf) accessMembers(pools map[string]rolemap.Pool, ups map[string]usergroups.UserPool, locs userPoolOrigins) map[string]usergroups.UserPool {
	named := namedUserPools(pools)
	if len(named) == 0 {
		return ups
	}
	get := func(id string) usergroups.UserPool {
		if ups == nil {
			ups = map[string]usergroups.UserPool{}
		}
		return ups[id]
	}
	// A user pool's ID as the pools saw it: known, or the placeholder their
	// references made; a user pool no pool refers to has neither.
	poolID := func(inst *tfInstance) string {
		if v, ok := inst.values["id"].(string); ok && v != "" {
			return v
		}
		return x.placeheld[placeKey{inst, "id"}]
	}
	byID := map[string]bool{}
	for _, inst := range x.order {
		if inst.typ != tfUserPool {
			continue
		}
		upID := poolID(inst)
		if upID == "" || !named[upID] || byID[upID] {
			continue
		}
		byID[upID] = true
		up := get(upID)
		o := locs.pool(upID)
		o.props, o.terraform = inst.path.member("values"), true
		// No schema block is no Schema: the plan cannot tell the pool
		// has no custom attribute (one added outside Terraform).
		if blocks := asList(inst.values["schema"]); len(blocks) > 0 {
			up.Schema = []usergroups.SchemaAttribute{}
			for i := range blocks {
				at := []any{"schema", i}
				var a usergroups.SchemaAttribute
				a.Name, _ = x.attr(inst, append(slices.Clone(at), "name"))
				a.AttributeDataType, _ = x.attr(inst, append(slices.Clone(at), "attribute_data_type"))
				a.Mutable = x.optBool(inst, append(slices.Clone(at), "mutable"))
				a.Required = x.optBool(inst, append(slices.Clone(at), "required"))
				a.DeveloperOnlyAttribute = x.optBool(inst, append(slices.Clone(at), "developer_only_attribute"))
				up.Schema = append(up.Schema, a)
			}
		}
		if len(asList(inst.values["admin_create_user_config"])) > 0 {
			up.AdminCreateUserConfig = &usergroups.AdminCreateUserConfig{
				AllowAdminCreateUserOnly: x.optBool(inst, []any{"admin_create_user_config", 0, "allow_admin_create_user_only"})}
		}
		if len(asList(inst.values["user_attribute_update_settings"])) > 0 {
			up.UserAttributeUpdateSettings = &usergroups.UserAttributeUpdateSettings{
				AttributesRequireVerificationBeforeUpdate: x.strList(inst, []any{"user_attribute_update_settings", 0, "attributes_require_verification_before_update"})}
		}
		if len(asList(inst.values["lambda_config"])) > 0 {
			c := &usergroups.LambdaConfig{}
			c.PreTokenGeneration, _ = x.attr(inst, []any{"lambda_config", 0, "pre_token_generation"})
			if len(asList(walk(inst.values, []any{"lambda_config", 0, "pre_token_generation_config"}))) > 0 {
				at := []any{"lambda_config", 0, "pre_token_generation_config", 0}
				p := &usergroups.PreTokenGenerationConfig{}
				p.LambdaArn, _ = x.attr(inst, append(slices.Clone(at), "lambda_arn"))
				p.LambdaVersion, _ = x.attr(inst, append(slices.Clone(at), "lambda_version"))
				c.PreTokenGenerationConfig = p
			}
			up.LambdaConfig = c
		}
		if _, ok := inst.values["username_attributes"].([]any); ok {
			up.UsernameAttributes = x.strList(inst, []any{"username_attributes"})
		}
		ups[upID] = up
	}
	// The user pool an app client or identity provider belongs to.
	// Only a known value, a binding or a reference to a user pool of the
	// plan is followed: a resource of no named user pool reports no
	// problem, as before the access members were read.
	poolOf := func(inst *tfInstance) (string, bool) {
		at := attrLoc{inst, []any{"user_pool_id"}}
		if v, ok := x.boundName(at.minLen(), at.name); ok {
			return v, named[v]
		}
		if v, ok := inst.values["user_pool_id"].(string); ok && v != "" && x.unknownAt(inst, at.path) != true {
			return v, named[v]
		}
		for _, ref := range x.references(inst, at.path) {
			if !strings.HasSuffix(ref.rel, ".id") {
				continue
			}
			if target := x.instanceOf(inst, trimAttr(ref, ".id")); target != nil && target.typ == tfUserPool {
				id := poolID(target)
				return id, id != "" && named[id]
			}
		}
		return "", false
	}
	for _, inst := range x.order {
		switch inst.typ {
		case tfUserPoolClient:
			upID, ok := poolOf(inst)
			if !ok {
				continue
			}
			clientID, _ := x.knownOr(inst, "id")
			var c usergroups.Client
			for _, f := range []struct {
				name string
				dst  *[]string
			}{{"read_attributes", &c.ReadAttributes}, {"write_attributes", &c.WriteAttributes}, {"supported_identity_providers", &c.SupportedIdentityProviders}} {
				if _, ok := inst.values[f.name].([]any); ok {
					*f.dst = x.strList(inst, []any{f.name})
				}
			}
			up := get(upID)
			if up.Clients == nil {
				up.Clients = map[string]usergroups.Client{}
			}
			if _, dup := up.Clients[clientID]; dup {
				x.fail(inst.path, "a second app client with the ID "+clip.Quote(clientID)+" in the user pool", "")
				continue
			}
			up.Clients[clientID] = c
			locs.pool(upID).clients[clientID] = inst.path.member("values")
			ups[upID] = up
		case tfIdentityProvider:
			upID, ok := poolOf(inst)
			if !ok {
				continue
			}
			name, _ := x.attr(inst, []any{"provider_name"})
			var p usergroups.IdentityProvider
			p.ProviderType, _ = x.attr(inst, []any{"provider_type"})
			if m, ok := inst.values["attribute_mapping"].(map[string]any); ok {
				p.AttributeMapping = map[string]string{}
				for _, k := range slices.Sorted(maps.Keys(m)) {
					p.AttributeMapping[k], _ = x.attr(inst, []any{"attribute_mapping", k})
				}
			}
			up := get(upID)
			if up.IdentityProviders == nil {
				up.IdentityProviders = map[string]usergroups.IdentityProvider{}
			}
			if _, dup := up.IdentityProviders[name]; dup {
				x.fail(attrLoc{inst, []any{"provider_name"}}, "a second identity provider named "+clip.Quote(name)+" in the user pool", "")
				continue
			}
			up.IdentityProviders[name] = p
			locs.pool(upID).providers[name] = inst.path.member("values")
			ups[upID] = up
		}
	}
	return ups
}

// optBool is the boolean at path of inst, or nil when it is absent or
// null.
func (x *tf) optBool(inst *tfInstance, path []any) *bool {
	switch v := walk(inst.values, path).(type) {
	case bool:
		return &v
	case nil:
		return nil
	}
	x.fail(attrLoc{inst, path}, "want a boolean", "")
	return nil
}

// strList is the list of strings at path of inst.
func (x *tf) strList(inst *tfInstance, path []any) []string {
	out := []string{}
	for i := range asList(walk(inst.values, path)) {
		v, _ := x.attr(inst, append(slices.Clone(path), i))
		out = append(out, v)
	}
	return out
}

// keepRole reports whether a role no pool chooses is kept: its trust
// policy is known and names the identity pools' principal. A policy known
// only after apply is not guessed at.
func (x *tf) keepRole(inst *tfInstance) bool {
	s, ok := inst.values["assume_role_policy"].(string)
	if !ok || x.unknownAt(inst, []any{"assume_role_policy"}) == true {
		return false
	}
	var doc any
	return json.Unmarshal([]byte(s), &doc) == nil && namesPoolPrincipal(doc)
}
