package credentials

import (
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// Deployment is an identity pool and what decides its credentials besides
// the role choice: the trust policies of its roles and its user pools'
// groups and memberships. The importers (package iac: Result.Deployment),
// deployment documents (package casefile) and the diff (validate.Side is
// this type) all speak it.
//
// Roles nil means no trust policy is known and leaves the trust check off;
// a non-nil map turns it on, and a chosen role missing from it is
// rolemapping.UnknownRole — unverified, in the tools' words.
type Deployment struct {
	// Pool is the pool document, with its principal tag maps.
	Pool rolemap.Pool
	// Roles are the trust policies read, by role ARN.
	Roles map[string]*trust.Policy
	// RoleErrors are the policies that could not be read (what
	// [trust.Parse] returned), by role ARN: choosing one gives its error.
	RoleErrors map[string]error
	// UserPools are the user pools' groups and memberships, by user pool ID.
	UserPools map[string]usergroups.UserPool
}

// Checker compiles the deployment's pool and returns the [Checker] of its
// credentials: [rolemap.Compile] with opts, then [New] with its roles and
// [WithPolicyErrors] with its unread policies.
func (d Deployment) Checker(opts ...rolemap.Option) (*Checker, error) {
	res, err := rolemap.Compile(d.Pool, opts...)
	if err != nil {
		return nil, err
	}
	return New(res, d.Roles, WithPolicyErrors(d.RoleErrors))
}
