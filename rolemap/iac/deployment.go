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
	if r.Roles != nil {
		d.Roles = map[string]*trust.Policy{}
	}
	for arn, doc := range r.Roles {
		pol, err := trust.Parse(doc)
		if err != nil {
			if d.RoleErrors == nil {
				d.RoleErrors = map[string]error{}
			}
			d.RoleErrors[arn] = err
			continue
		}
		d.Roles[arn] = pol
	}
	return d, nil
}
