package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
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

// groupClaims returns a copy of cl with the claims the user pool puts in
// an ID token for a user, or for a list of groups (package usergroups), and notes that
// say what it added.
func groupClaims(p rolemap.Pool, cr *credInputs, login string, cl map[string]any, user string, groups []string) (map[string]any, []string, error) {
	if rolemap.KindOf(login) != rolemap.KindUserPool {
		return nil, nil, errors.New("--user and --groups need a user pool login (--login cognito-idp.REGION.amazonaws.com/POOLID, or a token whose iss is the user pool)")
	}
	id := rolemap.UserPoolID(login)
	up, ok := cr.userPools[id]
	if !ok {
		return nil, nil, fmt.Errorf("the input defines no groups of the user pool %q: give them with --user-pool %s=FILE", id, id)
	}
	for _, k := range []string{usergroups.ClaimGroups, usergroups.ClaimRoles, usergroups.ClaimPreferredRole} {
		if _, ok := cl[k]; ok {
			return nil, nil, fmt.Errorf("the claims already have %s, which --user and --groups write: drop one", k)
		}
	}
	x := usergroups.NewIndex(up.Groups)
	membership := groups
	if user != "" {
		if membership, ok = up.Users[user]; !ok {
			msg := fmt.Sprintf("%s is no user of the user pool %q (it lists %s)", clip.Quote(user), id, plural(len(up.Users), "user"))
			if near := nearest(user, slices.Sorted(maps.Keys(up.Users))); near != "" {
				msg += fmt.Sprintf("; did you mean %s?", clip.Quote(near))
			}
			return nil, nil, errors.New(msg)
		}
	} else {
		for _, g := range groups {
			if !x.Has(g) {
				var names []string
				for _, grp := range up.Groups {
					names = append(names, grp.GroupName)
				}
				slices.Sort(names)
				msg := fmt.Sprintf("%s is no group of the user pool %q", clip.Quote(g), id)
				if near := nearest(g, names); near != "" {
					msg += fmt.Sprintf("; did you mean %s?", clip.Quote(near))
				}
				return nil, nil, errors.New(msg)
			}
		}
	}
	out := maps.Clone(cl)
	if out == nil {
		out = map[string]any{}
	}
	tc := x.Claims(membership)
	tc.AddTo(out)
	var notes []string
	if user != "" {
		if _, ok := out["cognito:username"]; !ok {
			out["cognito:username"] = user
		}
		notes = append(notes, fmt.Sprintf("user: %s, in %s", clip.Line(clip.String(user)), orNone(joinText(membership, ", "))))
	}
	notes = append(notes, fmt.Sprintf("token claims: cognito:groups %s, cognito:roles %s, cognito:preferred_role %s",
		orNone(joinText(tc.Groups, " ")), orNone(joinText(tc.Roles, " ")), orNone(clip.Line(clip.String(tc.PreferredRole)))))
	if _, ok := out["aud"]; !ok {
		var clients []string
		for _, prov := range p.CognitoIdentityProviders {
			if prov.ProviderName == login {
				clients = append(clients, prov.ClientID)
			}
		}
		if len(clients) == 1 {
			out["aud"] = clients[0]
			notes = append(notes, "aud: "+clip.Line(clip.String(clients[0]))+" (the pool's only app client of this user pool)")
		}
	}
	return out, notes, nil
}

// joinText joins names from an input for one line of text: each escaped
// and bounded (clip), and at most 100 of them, then a count.
func joinText(list []string, sep string) string {
	const most = 100
	out := make([]string, 0, min(len(list), most+1))
	for i, s := range list {
		if i == most {
			out = append(out, fmt.Sprintf("… (%d more)", len(list)-most))
			break
		}
		out = append(out, clip.Line(clip.String(s)))
	}
	return strings.Join(out, sep)
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
