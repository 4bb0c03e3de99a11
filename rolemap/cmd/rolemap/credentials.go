package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// credInputs is what an input says about credentials (SPEC §9–§11): the
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

// trustChecked reports whether the input gives trust policies.
func (c *credInputs) trustChecked() bool { return c.roles != nil || c.roleErrs != nil }

func (c *credInputs) addRole(arn string, doc []byte) {
	if c.roles == nil {
		c.roles = map[string]*trust.Policy{}
	}
	p, err := trust.Parse(doc)
	if err != nil {
		if c.roleErrs == nil {
			c.roleErrs = map[string]error{}
		}
		c.roleErrs[arn] = err
		delete(c.roles, arn)
		return
	}
	delete(c.roleErrs, arn)
	c.roles[arn] = p
}

// credentials returns what l says about credentials: an IaC file's user
// pools and trust policies (SPEC §7.5), then those of --roles and
// --user-pool, which win.
func (in *inputFlags) credentials(e *env, l *loaded) (*credInputs, error) {
	c := &credInputs{}
	if l.res != nil {
		c.userPools = maps.Clone(l.res.UserPools)
		for _, arn := range slices.Sorted(maps.Keys(l.res.Roles)) {
			c.addRole(arn, l.res.Roles[arn])
		}
	}
	if in.roles != "" {
		f, err := readFile(e, in.roles)
		if err != nil {
			return nil, err
		}
		if _, err := f.syntax(); err != nil {
			return nil, err
		}
		docs, err := roleDocuments(f.data)
		if err != nil {
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		for _, arn := range slices.Sorted(maps.Keys(docs)) {
			c.addRole(arn, docs[arn])
		}
	}
	for _, b := range in.userPools {
		id, name, _ := strings.Cut(b, "=")
		f, err := readFile(e, name)
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

// roleDocuments reads the trust policies of a --roles file, by role ARN:
// the output of aws iam get-role ({"Role": {…}}) or list-roles
// ({"Roles": […]}), or an object of {"AssumeRolePolicyDocument": …} by ARN
// as a case file's roles.
func roleDocuments(data []byte) (map[string][]byte, error) {
	type role struct {
		Arn                      string          `json:"Arn"`
		AssumeRolePolicyDocument json.RawMessage `json:"AssumeRolePolicyDocument"`
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, err
	}
	var list []role
	switch {
	case top["Role"] != nil && len(top) == 1:
		var r role
		if err := json.Unmarshal(top["Role"], &r); err != nil {
			return nil, errors.New("Role: want an IAM Role object: " + err.Error())
		}
		list = []role{r}
	case top["Roles"] != nil && bytes.HasPrefix(bytes.TrimSpace(top["Roles"]), []byte("[")):
		if err := json.Unmarshal(top["Roles"], &list); err != nil {
			return nil, errors.New("Roles: want a list of IAM Role objects: " + err.Error())
		}
	default:
		byARN := map[string]role{}
		if err := json.Unmarshal(data, &byARN); err != nil {
			return nil, errors.New(`want aws iam get-role or list-roles output, or an object of {"AssumeRolePolicyDocument": …} by role ARN: ` + err.Error())
		}
		for _, arn := range slices.Sorted(maps.Keys(byARN)) {
			r := byARN[arn]
			r.Arn = arn
			list = append(list, r)
		}
	}
	out := map[string][]byte{}
	for i, r := range list {
		switch {
		case r.Arn == "":
			return nil, errors.New("role " + strconv.Itoa(i) + ": no Arn")
		case len(r.AssumeRolePolicyDocument) == 0:
			return nil, errors.New("role " + strconv.Quote(r.Arn) + ": no AssumeRolePolicyDocument")
		}
		out[r.Arn] = r.AssumeRolePolicyDocument
	}
	return out, nil
}

// groupClaims returns a copy of cl with the claims the user pool puts in
// an ID token for a user, or for a list of groups (SPEC §9), and notes that
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
			return nil, nil, fmt.Errorf("%q is no user of the user pool %q (it lists %s)", user, id, plural(len(up.Users), "user"))
		}
	} else {
		for _, g := range groups {
			if !x.Has(g) {
				return nil, nil, fmt.Errorf("%q is no group of the user pool %q", g, id)
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
		notes = append(notes, fmt.Sprintf("user: %s, in %s", user, orNone(strings.Join(membership, ", "))))
	}
	notes = append(notes, fmt.Sprintf("token claims: cognito:groups %s, cognito:roles %s, cognito:preferred_role %s",
		orNone(strings.Join(tc.Groups, " ")), orNone(strings.Join(tc.Roles, " ")), orNone(tc.PreferredRole)))
	if _, ok := out["aud"]; !ok {
		var clients []string
		for _, prov := range p.CognitoIdentityProviders {
			if prov.ProviderName == login {
				clients = append(clients, prov.ClientID)
			}
		}
		if len(clients) == 1 {
			out["aud"] = clients[0]
			notes = append(notes, "aud: "+clients[0]+" (the pool's only app client of this user pool)")
		}
	}
	return out, notes, nil
}
