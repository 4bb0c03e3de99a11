package main

import (
	"maps"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// credInputs is what an input says about credentials: the trust policies
// of the roles its pools can choose (Roles nil leaves the trust check
// off), those it could not read, and its user pools' groups and users —
// a deployment without its pool, which each of the file's pools gets.
type credInputs = credentials.Deployment

// trustChecked reports whether the input gives trust policies (setRole
// and --roles make Roles non-nil).
func trustChecked(c *credInputs) bool { return c.Roles != nil }

// setRole records a role's trust policy, or the error that kept it from
// being read; a later call wins (--roles over a template's).
func setRole(c *credInputs, arn string, p *trust.Policy, err error) {
	if c.Roles == nil {
		c.Roles = map[string]*trust.Policy{}
	}
	delete(c.Roles, arn)
	delete(c.RoleErrors, arn)
	if err != nil {
		if c.RoleErrors == nil {
			c.RoleErrors = map[string]error{}
		}
		c.RoleErrors[arn] = err
		return
	}
	c.Roles[arn] = p
}

// credentials returns what l says about credentials: an IaC file's user
// pools and trust policies (package iac), then those of --roles and
// --user-pool, which win.
func (in *inputFlags) credentials(e *env, l *loaded) (*credInputs, error) {
	c := &credInputs{}
	if l.res != nil {
		c.UserPools = maps.Clone(l.res.UserPools)
		c.Roles, c.RoleErrors = l.res.Policies()
	}
	if d := l.dep; d != nil {
		// A deployment document's, read as the template's are.
		c.UserPools = maps.Clone(d.UserPools)
		if d.Roles != nil || d.RoleErrors != nil {
			c.Roles = maps.Clone(d.Roles)
			if c.Roles == nil {
				c.Roles = map[string]*trust.Policy{}
			}
			c.RoleErrors = maps.Clone(d.RoleErrors)
		}
	}
	if in.roles != "" {
		f, err := in.flagFile(e, in.roles)
		if err != nil {
			return nil, err
		}
		if _, err := f.syntax(); err != nil {
			return nil, err
		}
		policies, unread, err := trust.ParseRoles(f.data)
		if err != nil {
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		if c.Roles == nil {
			c.Roles = map[string]*trust.Policy{} // --roles turns the check on, even with no role
		}
		for arn, p := range policies {
			setRole(c, arn, p, nil)
		}
		for arn, err := range unread {
			setRole(c, arn, nil, err)
		}
	}
	// Each user pool's files (--user-pool given again for its ID: groups,
	// describe-user-pool, an app client's, an identity provider's),
	// merged, then validated whole.
	type piece struct {
		name string
		up   usergroups.UserPool
	}
	pieces := map[string][]piece{}
	var ids []string
	for _, b := range in.userPools {
		id, name, _ := strings.Cut(b, "=")
		f, err := in.flagFile(e, name)
		if err != nil {
			return nil, err
		}
		if _, err := f.syntax(); err != nil {
			return nil, err
		}
		up, err := usergroups.ParseUserPool(id, f.data)
		if err != nil {
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		if pieces[id] == nil {
			ids = append(ids, id)
		}
		pieces[id] = append(pieces[id], piece{f.name, up})
	}
	for _, id := range ids {
		var up usergroups.UserPool
		var names []string
		for k, p := range pieces[id] {
			merged, err := usergroups.Merge(id, up, p.up)
			if err != nil {
				// Name the earlier file that gives the member too.
				for _, q := range pieces[id][:k] {
					if _, err2 := usergroups.Merge(id, q.up, p.up); err2 != nil {
						return nil, inputErrorf("%s and %s: %v", q.name, p.name, err2)
					}
				}
				return nil, inputErrorf("%s: %v", p.name, err)
			}
			up = merged
			names = append(names, p.name)
		}
		if err := usergroups.Validate(id, up); err != nil {
			return nil, inputErrorf("%s: %v", strings.Join(names, ", "), err)
		}
		if c.UserPools == nil {
			c.UserPools = map[string]usergroups.UserPool{}
		}
		c.UserPools[id] = up
	}
	return c, nil
}

// flagFile reads a file a flag names (--roles, --user-pool) once however
// many inputs it applies to: lint reads it for each FILE, diff for each
// side. An error is not kept: each input reports it.
func (in *inputFlags) flagFile(e *env, path string) (file, error) {
	if f, ok := in.flagFiles[path]; ok {
		return f, nil
	}
	f, err := readFile(e, path)
	if err != nil {
		return file{}, err
	}
	if in.flagFiles == nil {
		in.flagFiles = map[string]file{}
	}
	in.flagFiles[path] = f
	return f, nil
}
