package main

import (
	"maps"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// credInputs is what an input says about credentials (package credentials): the
// trust policies of the roles its pools can choose, and its user pools'
// groups and users.
type credInputs struct {
	// roles are the trust policies read, by role ARN; nil when the input
	// gives none, which turns the trust check off.
	roles map[string]*trust.Policy
	// roleErrs are the policies trust.Parse refused, by role ARN.
	roleErrs  map[string]error
	userPools map[string]usergroups.UserPool
}

// trustChecked reports whether the input gives trust policies (setRole
// and --roles make roles non-nil).
func (c *credInputs) trustChecked() bool { return c.roles != nil }

// setRole records a role's trust policy, or the error that kept it from
// being read; a later call wins (--roles over a template's).
func (c *credInputs) setRole(arn string, p *trust.Policy, err error) {
	if c.roles == nil {
		c.roles = map[string]*trust.Policy{}
	}
	delete(c.roles, arn)
	delete(c.roleErrs, arn)
	if err != nil {
		if c.roleErrs == nil {
			c.roleErrs = map[string]error{}
		}
		c.roleErrs[arn] = err
		return
	}
	c.roles[arn] = p
}

// credentials returns what l says about credentials: an IaC file's user
// pools and trust policies (package iac), then those of --roles and
// --user-pool, which win.
func (in *inputFlags) credentials(e *env, l *loaded) (*credInputs, error) {
	c := &credInputs{}
	if l.res != nil {
		c.userPools = maps.Clone(l.res.UserPools)
		for arn, doc := range l.res.Roles {
			p, err := trust.Parse(doc)
			c.setRole(arn, p, err)
		}
	}
	if d := l.dep; d != nil {
		// A deployment document's, read as the template's are.
		c.userPools = maps.Clone(d.UserPools)
		if d.Roles != nil || d.RoleErrors != nil {
			c.roles = map[string]*trust.Policy{}
		}
		for arn, p := range d.Roles {
			c.setRole(arn, p, nil)
		}
		for arn, err := range d.RoleErrors {
			c.setRole(arn, nil, err)
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
		if c.roles == nil {
			c.roles = map[string]*trust.Policy{} // --roles turns the check on, even with no role
		}
		for arn, p := range policies {
			c.setRole(arn, p, nil)
		}
		for arn, err := range unread {
			c.setRole(arn, nil, err)
		}
	}
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
		if err == nil {
			err = usergroups.Validate(id, up)
		}
		if err != nil {
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		if c.userPools == nil {
			c.userPools = map[string]usergroups.UserPool{}
		}
		c.userPools[id] = up
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
