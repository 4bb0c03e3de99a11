package casefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// Deployment is a deployment document read back (see "Deployment
// documents" in the package docs): a pool and what decides its
// credentials, its roles' trust policies and its user pools — the
// [credentials.Deployment] every part of the module speaks.
type Deployment = credentials.Deployment

// Deployment members, beside the pool document's.
const (
	memberRoles     = "roles"
	memberUserPools = "userPools"
)

// IsDeployment reports whether data, a JSON object, has a member of a
// deployment document beyond the pool document's ("roles" or
// "userPools"). Member names are matched exactly: "Roles" is the pool's.
func IsDeployment(data []byte) bool {
	roles, userPools, err := deploymentMembers(data)
	return err == nil && (roles != nil || userPools != nil)
}

// deploymentMembers returns the raw "roles" and "userPools" members of a
// JSON object, nil when absent or null, matching names case-sensitively
// (encoding/json would take "Roles" for "roles").
func deploymentMembers(data []byte) (roles json.RawMessage, userPools json.RawMessage, err error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&top); err != nil {
		return nil, nil, err
	}
	roles, userPools = top[memberRoles], top[memberUserPools]
	if string(roles) == "null" {
		roles = nil
	}
	if string(userPools) == "null" {
		userPools = nil
	}
	return roles, userPools, nil
}

// ParseDeployment reads a deployment document: a pool document
// ([rolemap.ParsePool]) with, optionally, a case file's "roles" and
// "userPools" members. A pool document without them is a deployment with
// no trust policies and no user pools. Every problem of the two members is
// reported at once, each naming its member.
func ParseDeployment(data []byte) (*Deployment, error) {
	return parseDeployment(data, false)
}

// DeploymentOf is [ParseDeployment] for a reader that decoded the
// document once already (package input): the pool it read, and the
// document's raw "roles" and "userPools" members, nil (or null) when
// absent.
func DeploymentOf(p rolemap.Pool, roles, userPools json.RawMessage) (*Deployment, error) {
	if string(roles) == "null" {
		roles = nil
	}
	if string(userPools) == "null" {
		userPools = nil
	}
	d := &Deployment{Pool: p}
	var errs problems
	d.UserPools, d.Roles, d.RoleErrors = readDeploymentMembers(userPools, roles, false, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// parseDeployment is ParseDeployment; with inFile, data is a case file's
// pool, whose members given twice the file has reported already at the
// file's lines and columns: a member holding one is left unread rather
// than reported a second time at lines relative to it.
func parseDeployment(data []byte, inFile bool) (*Deployment, error) {
	p, err := rolemap.ParsePool(data)
	if err != nil {
		return nil, err
	}
	d := &Deployment{Pool: p}
	roles, userPools, err := deploymentMembers(data)
	if err != nil {
		return nil, err
	}
	var errs problems
	d.UserPools, d.Roles, d.RoleErrors = readDeploymentMembers(userPools, roles, inFile, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// readDeploymentMembers reads the userPools and roles members of a case
// file or a deployment document, adding their problems to errs. With
// inFile, the members are a case file's, whose members given twice
// ParseFile has reported at the file's lines and columns: a user pool, or
// the roles, holding one is not read, so that each is reported once.
func readDeploymentMembers(userPoolsRaw, rolesRaw json.RawMessage, inFile bool, errs *problems) (userPools map[string]usergroups.UserPool, roles map[string]*trust.Policy, roleErrs map[string]error) {
	if len(userPoolsRaw) > 0 {
		var byID map[string]json.RawMessage
		if err := json.Unmarshal(userPoolsRaw, &byID); err != nil {
			errs.add(fmt.Errorf("userPools: want an object of user pools by ID: %w", err))
		}
		for _, id := range slices.Sorted(maps.Keys(byID)) {
			if inFile && hasDuplicates(byID[id]) {
				continue
			}
			up, err := usergroups.ParseUserPool(id, byID[id])
			if err == nil {
				err = usergroups.Validate(id, up)
			}
			if err != nil {
				errs.add(fmt.Errorf("userPools: %w", err))
				continue
			}
			if userPools == nil {
				userPools = map[string]usergroups.UserPool{}
			}
			userPools[id] = up
		}
	}
	if len(rolesRaw) == 0 || inFile && hasDuplicates(rolesRaw) {
		return userPools, nil, nil
	}
	policies, unread, err := trust.ParseRoles(rolesRaw)
	if err != nil {
		errs.add(fmt.Errorf("roles: %w", err))
		return userPools, nil, nil
	}
	return userPools, policies, unread
}

// merge adds a deployment's trust policies and user pools to the file's,
// whose own entries win: an ARN or user pool ID the file gives keeps the
// file's.
func (f *File) merge(roles map[string]*trust.Policy, roleErrs map[string]error, userPools map[string]usergroups.UserPool) {
	for _, id := range slices.Sorted(maps.Keys(userPools)) {
		if _, own := f.UserPools[id]; !own {
			if f.UserPools == nil {
				f.UserPools = map[string]usergroups.UserPool{}
			}
			f.UserPools[id] = userPools[id]
		}
	}
	if (roles != nil || roleErrs != nil) && f.Roles == nil {
		f.Roles = map[string]*trust.Policy{}
	}
	for arn, p := range roles {
		if _, own := f.Roles[arn]; !own && f.RoleErrors[arn] == nil {
			f.Roles[arn] = p
		}
	}
	for arn, err := range roleErrs {
		if _, own := f.Roles[arn]; !own && f.RoleErrors[arn] == nil {
			if f.RoleErrors == nil {
				f.RoleErrors = map[string]error{}
			}
			f.RoleErrors[arn] = err
		}
	}
}

// DeploymentDocument writes a deployment document: the pool document
// (rolemap.Pool's JSON, its members in their order) followed by "roles",
// the trust policies by role ARN ({ARN: {"AssumeRolePolicyDocument":
// POLICY}}, each policy as given), when there are any, and "userPools", the
// user pools by ID (their groups and users, and what the access analysis
// reads: schema, sign-up, triggers, app clients, identity providers), when
// there are any. A case file can
// embed it as its pool, or name it as its source; rolemap lint, explain,
// test and diff read it with the same results as the template or plan it
// was imported from.
func DeploymentDocument(pool rolemap.Pool, roles map[string]json.RawMessage, userPools map[string]usergroups.UserPool) (json.RawMessage, error) {
	doc, err := json.Marshal(pool)
	if err != nil {
		return nil, err
	}
	doc = bytes.TrimSpace(doc)
	if len(doc) < 2 || doc[len(doc)-1] != '}' {
		return nil, errors.New("casefile: the pool is not written as a JSON object")
	}
	var extra bytes.Buffer
	add := func(name string, v any) error {
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if extra.Len() > 0 || len(doc) > 2 {
			extra.WriteByte(',')
		}
		extra.WriteString(`"` + name + `":`)
		extra.Write(data)
		return nil
	}
	if len(roles) > 0 {
		type role struct {
			AssumeRolePolicyDocument json.RawMessage
		}
		byARN := make(map[string]role, len(roles))
		for arn, doc := range roles {
			byARN[arn] = role{doc}
		}
		if err := add(memberRoles, byARN); err != nil {
			return nil, err
		}
	}
	if len(userPools) > 0 {
		if err := add(memberUserPools, userPools); err != nil {
			return nil, err
		}
	}
	out := append(slices.Clip(doc[:len(doc)-1]), extra.Bytes()...)
	return append(out, '}'), nil
}

// hasDuplicates reports whether data holds a member given twice in one
// object.
func hasDuplicates(data []byte) bool {
	r := strictjson.Duplicates(data)
	return len(r.Issues) > 0 || r.More > 0
}
