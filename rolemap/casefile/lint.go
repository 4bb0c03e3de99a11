package casefile

import (
	"github.com/rolemapping/rolemapping/validate"
)

// findingKey writes a finding as a case file lists it: "CODE PATH", or
// "CODE" for a finding about the whole pool.
func findingKey(f validate.Finding) string {
	if len(f.Path) == 0 {
		return f.Code
	}
	return f.Code + " " + f.Path.String()
}

func lint(f *File) []validate.Finding {
	quota := f.MaxRules
	if quota == 0 {
		quota = 25
	}
	opts := []validate.LintOption{validate.WithMaxRules(quota)}
	if f.Roles != nil || f.RoleErrors != nil {
		opts = append(opts, validate.WithTrustPolicies(f.Roles), validate.WithTrustPolicyErrors(f.RoleErrors))
	}
	if f.UserPools != nil {
		opts = append(opts, validate.WithUserPools(f.UserPools))
	}
	return validate.Lint(f.Pool, opts...)
}
