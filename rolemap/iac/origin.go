package iac

import (
	"github.com/rolemapping/rolemapping/internal/jsonpos"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// roleOrigin is where a role's trust policy is: a template's object, or
// a plan's JSON string.
type roleOrigin struct {
	at     *loc
	object bool
}

// userPoolOrigins are where a file's user pool groups and memberships
// are, by user pool ID.
type userPoolOrigins map[string]*userPoolOrigin

type userPoolOrigin struct {
	groups []groupOrigin   // in the order of UserPool.Groups
	users  map[string]*loc // a user's first membership resource
	// props are the user pool resource's properties (a plan's values),
	// for its access members; nil when they were not read. terraform says
	// which names they have.
	props     *loc
	terraform bool
	clients   map[string]*loc // each app client resource's properties, by client ID
	providers map[string]*loc // each identity provider resource's, by ProviderName
}

// groupOrigin is a group resource's properties (its values, in a plan),
// and the names its fields have there.
type groupOrigin struct {
	props  *loc
	fields map[string]string
}

// The names of a group's fields (usergroups.Group's JSON names) in a
// template and a plan.
var (
	cfnGroupFields = map[string]string{"GroupName": "GroupName", "Precedence": "Precedence", "RoleArn": "RoleArn"}
	tfGroupFields  = map[string]string{"GroupName": "name", "Precedence": "precedence", "RoleArn": "role_arn"}
)

func (u userPoolOrigins) pool(id string) *userPoolOrigin {
	o := u[id]
	if o == nil {
		o = &userPoolOrigin{users: map[string]*loc{}, clients: map[string]*loc{}, providers: map[string]*loc{}}
		u[id] = o
	}
	return o
}

// group records where the next group of the user pool is, as the
// importer appends it to UserPool.Groups.
func (u userPoolOrigins) group(id string, props *loc, fields map[string]string) {
	o := u.pool(id)
	o.groups = append(o.groups, groupOrigin{props, fields})
}

func (u userPoolOrigins) user(id, user string, resource *loc) {
	o := u.pool(id)
	if _, ok := o.users[user]; !ok {
		o.users[user] = resource
	}
}

// at places a path of a user pool, as validate's findings and
// usergroups.Validate write it (UserPools["ID"].Groups[2].Precedence,
// UserPools["ID"].Users["bob"]): at the group resource's property, or at
// the user's first membership resource.
func (u userPoolOrigins) at(steps diag.Path) (*loc, bool) {
	if len(steps) < 3 || steps[0].Name != "UserPools" || isIndex(steps[0]) || isIndex(steps[1]) {
		return nil, false
	}
	o := u[steps[1].Name]
	if o == nil {
		return nil, false
	}
	switch {
	case steps[2].Name == "Groups" && len(steps) > 3 && isIndex(steps[3]) && steps[3].Index >= 0 && steps[3].Index < len(o.groups):
		g := o.groups[steps[3].Index]
		if len(steps) > 4 {
			if f, ok := g.fields[steps[4].Name]; ok && !isIndex(steps[4]) {
				return g.props.member(f), true
			}
		}
		return g.props.parent, true
	case steps[2].Name == "Users" && len(steps) > 3 && !isIndex(steps[3]):
		if at, ok := o.users[steps[3].Name]; ok {
			return at, true
		}
	case steps[2].Name == "Clients" && len(steps) > 3 && !isIndex(steps[3]):
		if at, ok := o.clients[steps[3].Name]; ok {
			return o.member(at, steps[4:]), true
		}
	case steps[2].Name == "IdentityProviders" && len(steps) > 3 && !isIndex(steps[3]):
		if at, ok := o.providers[steps[3].Name]; ok {
			return o.member(at, steps[4:]), true
		}
	case o.props != nil && accessMembers[steps[2].Name] && !isIndex(steps[2]):
		return o.member(o.props, steps[2:]), true
	}
	return nil, false
}

// isIndex reports whether st is an array element's step.
func isIndex(st diag.Step) bool { return st.Kind == diag.StepIndex }

// accessMembers are the members of a user pool read from its own
// resource.
var accessMembers = map[string]bool{"Schema": true, "AdminCreateUserConfig": true, "UserAttributeUpdateSettings": true,
	"LambdaConfig": true, "UsernameAttributes": true}

// member follows the steps of a user pool's path (AdminCreateUserConfig,
// AllowAdminCreateUserOnly) from a resource's properties: the same names
// in a template; in a plan, their snake_case names, a nested object being
// a block (a list of one: admin_create_user_config[0]), and map keys
// (AttributeMapping's) as they are.
func (o *userPoolOrigin) member(at *loc, steps diag.Path) *loc {
	var prev string
	for _, st := range steps {
		switch {
		case isIndex(st):
			at = at.index(st.Index)
		case !o.terraform || prev == "AttributeMapping":
			at = at.member(st.Name)
		default:
			at = at.member(snake(st.Name))
			switch st.Name {
			case "AdminCreateUserConfig", "UserAttributeUpdateSettings", "LambdaConfig", "PreTokenGenerationConfig":
				at = at.index(0)
			}
		}
		prev = st.Name
	}
	return at
}

// snake writes a member name in Terraform's style: AllowAdminCreateUserOnly
// is allow_admin_create_user_only.
func snake(name string) string {
	var b []byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			if i > 0 {
				b = append(b, '_')
			}
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// origin is where a pool's parts are in the file it was imported from.
type origin struct {
	terraform bool
	pool      *loc // the identity pool resource; nil for a pool made from an attachment alone
	attach    *loc // the role attachment resource, or nil
	// mappings are the role mappings by key: the mapping's member
	// (CloudFormation) or role_mapping block (Terraform).
	mappings map[string]*loc
}

// OriginPath returns the path, inside the file the result was imported
// from, of the member that holds the field at path p of the pool named
// pool, as validation errors and lint findings give it
// (RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3]; see
// rolemap/REFERENCE.md §2). The path names the resource property the field
// comes from
// (Resources.Attach.Properties.RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3],
// planned_values.root_module.resources[2].values.role_mapping[0].mapping_rule[3]),
// or the resource itself for what no property holds: an IdentityPoolId,
// which a template's Ref gives, and a finding about the whole pool (an
// empty path). A path of a role's trust policy, as the credentials
// findings of validate.WithTrustPolicies give it
// (roles["ARN"].AssumeRolePolicyDocument.Statement[0]), is placed in the
// role's AssumeRolePolicyDocument (CloudFormation) or at its
// assume_role_policy string (Terraform), whatever pool is named; a path of
// a user pool (UserPools["ID"].Groups[2].Precedence, as
// usergroups.Validate gives it, or UserPools["ID"].Users["bob"]) at the
// group resource's property, or at the first membership resource of the
// user. ok is false for a pool the result does not have.
//
// A field the file does not set still gets the path of where it would be;
// placing it ([Result.Places], or diag.Source for a JSON file) finds its
// nearest enclosing member. The path is followed step by step, whatever
// its keys hold: a key too long to print whole is still the member's.
func (r *Result) OriginPath(pool string, p diag.Path) (diag.Path, bool) {
	at := r.originLoc(pool, p)
	if at == nil {
		return nil, false
	}
	return at.path(), true
}

// Origin is [Result.OriginPath] for a path written as text, returning
// the path as text ("" for a pool the result does not have).
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; use [Result.OriginPath] with the
// finding's own path.
func (r *Result) Origin(pool, path string) string {
	at := r.originLoc(pool, textPath(path))
	if at == nil {
		return ""
	}
	return at.String()
}

// textPath reads a path written as text, for the deprecated text APIs.
func textPath(path string) diag.Path {
	var p diag.Path
	for _, st := range jsonpos.Split(path) {
		if st.Index >= 0 {
			p = append(p, diag.Step{Kind: diag.StepIndex, Index: st.Index})
		} else {
			p = append(p, diag.Step{Kind: diag.StepMember, Name: st.Name})
		}
	}
	return p
}

// originLoc is where OriginPath's path is; nil for a pool the result does
// not have.
func (r *Result) originLoc(pool string, steps diag.Path) *loc {
	for i, st := range steps {
		if isIndex(st) && st.Index < 0 {
			// An index that names no element: its parent.
			steps = steps[:i]
			break
		}
	}
	if at, ok := r.roleAt(steps); ok {
		return at
	}
	if at, ok := r.userPoolOrigins.at(steps); ok {
		return at
	}
	o := r.origins[pool]
	if o == nil {
		return nil
	}
	if len(steps) == 0 {
		return o.resource()
	}
	switch head := steps[0].Name; {
	case head == "IdentityPoolId" && !isIndex(steps[0]):
		if o.pool == nil {
			return o.props(o.attach).member(o.name("IdentityPoolId"))
		}
		return o.pool
	case head == "Roles" && !isIndex(steps[0]) && o.attach != nil:
		return o.follow(o.props(o.attach), steps)
	case head == "RoleMappings" && !isIndex(steps[0]) && o.attach != nil:
		if len(steps) > 1 && !isIndex(steps[1]) {
			if m := o.mappings[steps[1].Name]; m != nil {
				return o.follow(m, steps[2:])
			}
		}
		return o.props(o.attach).member(o.name("RoleMappings"))
	case o.pool != nil:
		return o.follow(o.props(o.pool), steps)
	}
	return o.resource()
}

// roleAt places a path of a role's trust policy, as the credentials
// findings give it (roles["ARN"].AssumeRolePolicyDocument.Statement[0]):
// inside the template's AssumeRolePolicyDocument, or at the aws_iam_role's
// assume_role_policy, a string that holds the policy.
func (r *Result) roleAt(steps diag.Path) (*loc, bool) {
	if len(steps) < 2 || steps[0].Name != "roles" || isIndex(steps[0]) || isIndex(steps[1]) {
		return nil, false
	}
	ro, ok := r.roleOrigins[steps[1].Name]
	if !ok {
		return nil, false
	}
	at := ro.at
	if ro.object && len(steps) > 2 && steps[2].Name == "AssumeRolePolicyDocument" && !isIndex(steps[2]) {
		for _, st := range steps[3:] {
			if isIndex(st) {
				at = at.index(st.Index)
			} else {
				at = at.member(st.Name)
			}
		}
	}
	return at, true
}

// resource is the pool's resource, or its attachment's.
func (o *origin) resource() *loc {
	if o.pool != nil {
		return o.pool
	}
	return o.attach
}

// props is where a resource's properties are.
func (o *origin) props(res *loc) *loc {
	if o.terraform {
		return res.member("values")
	}
	return res.member("Properties")
}

// follow appends steps to at, naming each member as the file does.
func (o *origin) follow(at *loc, steps diag.Path) *loc {
	var prev string
	for _, st := range steps {
		switch {
		case isIndex(st):
			at = at.index(st.Index)
		case o.terraform && st.Name == "RulesConfiguration":
			// role_mapping blocks hold mapping_rule directly.
		case o.terraform && (prev == "Roles" || prev == "SupportedLoginProviders"):
			at = at.member(st.Name) // a map key
		default:
			at = at.member(o.name(st.Name))
		}
		if !isIndex(st) {
			prev = st.Name
		}
	}
	return at
}

// name is the file's name of a pool document's member.
func (o *origin) name(member string) string {
	if !o.terraform {
		return member
	}
	if n, ok := tfNames[member]; ok {
		return n
	}
	return member
}

// tfNames are the aws provider's attribute names of the pool document's
// members.
var tfNames = map[string]string{
	"IdentityPoolId": "identity_pool_id", "IdentityPoolName": "identity_pool_name",
	"AllowUnauthenticatedIdentities": "allow_unauthenticated_identities", "AllowClassicFlow": "allow_classic_flow",
	"DeveloperProviderName": "developer_provider_name", "SupportedLoginProviders": "supported_login_providers",
	"CognitoIdentityProviders": "cognito_identity_providers", "ClientId": "client_id", "ProviderName": "provider_name",
	"ServerSideTokenCheck": "server_side_token_check", "OpenIdConnectProviderARNs": "openid_connect_provider_arns",
	"SamlProviderARNs": "saml_provider_arns", "Roles": "roles", "RoleMappings": "role_mapping", "Type": "type",
	"AmbiguousRoleResolution": "ambiguous_role_resolution", "Rules": "mapping_rule", "Claim": "claim",
	"MatchType": "match_type", "Value": "value", "RoleARN": "role_arn",
}
