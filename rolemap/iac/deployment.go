package iac

import (
	"maps"

	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// Deployment returns the deployment of the pool named name (as [Result.Pool]
// finds it): the pool, the trust policies of the roles the file defines,
// read with [trust.Parse] (those it refuses in RoleErrors), and the file's
// user pools. When the file defines roles, Roles is not nil and the trust
// check is on: a role the pool chooses that the file does not define is
// then unverified (rolemapping.UnknownRole).
func (r *Result) Deployment(name string) (credentials.Deployment, error) {
	p, err := r.Pool(name)
	if err != nil {
		return credentials.Deployment{}, err
	}
	d := credentials.Deployment{Pool: p, UserPools: maps.Clone(r.UserPools)}
	d.Roles, d.RoleErrors = r.Policies()
	return d, nil
}

// Policies returns the trust policies of the roles the file defines, read
// with [trust.Parse], by role ARN, and the errors of those it refuses; nil
// maps when the file defines no role.
func (r *Result) Policies() (roles map[string]*trust.Policy, refused map[string]error) {
	if r.Roles != nil {
		roles = map[string]*trust.Policy{}
	}
	for arn, doc := range r.Roles {
		pol, err := trust.Parse(doc)
		if err != nil {
			if refused == nil {
				refused = map[string]error{}
			}
			refused[arn] = err
			continue
		}
		roles[arn] = pol
	}
	return roles, refused
}
