package rolemaptest_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
	"github.com/rolemapping/rolemapping/validate"
)

// TestPropertyRemovingUnreachableRuleChangesNothing removes each rule the
// linter reports unreachable from a generated pool and checks that no
// generated request is decided differently: the same role, the same rule,
// or the same error.
func TestPropertyRemovingUnreachableRuleChangesNothing(t *testing.T) {
	removed := 0
	rapid.Check(t, func(t *rapid.T) {
		pool := rolemaptest.Pool().Draw(t, "pool")
		unreachable := map[string]bool{}
		for _, f := range validate.Lint(pool) {
			if f.Code == validate.CodeUnreachableRule {
				unreachable[f.Path.String()] = true
			}
		}
		res, err := rolemap.Compile(pool)
		if err != nil {
			t.Fatalf("Compile: %v", err)
		}
		requests := rapid.SliceOfN(rolemaptest.Request(pool), 1, 20).Draw(t, "requests")
		for key, m := range pool.RoleMappings {
			if m.RulesConfiguration == nil {
				continue
			}
			for i := range m.RulesConfiguration.Rules {
				path := "RoleMappings[" + strconv.Quote(key) + "].RulesConfiguration.Rules[" + strconv.Itoa(i) + "]"
				if !unreachable[path] {
					continue
				}
				removed++
				smaller := res.Pool()
				sm := smaller.RoleMappings[key]
				rc := *sm.RulesConfiguration
				rc.Rules = slices.Delete(slices.Clone(rc.Rules), i, i+1)
				sm.RulesConfiguration = &rc
				smaller.RoleMappings[key] = sm
				res2, err := rolemap.Compile(smaller)
				if err != nil {
					// Removing the only rule empties the mapping, which AWS
					// rejects: nothing to compare.
					continue
				}
				for _, req := range requests {
					if a, b := decided(res, req), decided(res2, req); a != b {
						t.Fatalf("removing unreachable %s changed a decision:\nwith it:    %s\nwithout it: %s", path, a, b)
					}
				}
			}
		}
	})
	if removed == 0 {
		t.Fatal("no generated pool had an unreachable rule: the property checked nothing")
	}
	t.Logf("removed %d unreachable rules", removed)
}

// decided summarises a decision as its role and matching rule, or its
// error.
func decided(res *rolemap.Resolver, req rolemap.Request) string {
	d, err := res.Resolve(req)
	var re *rolemap.Error
	if errors.As(err, &re) {
		return re.Code + ": " + re.Message
	}
	if err != nil {
		return err.Error()
	}
	if d.Match == nil {
		return d.RoleARN + " " + d.Reason.String()
	}
	return d.RoleARN + " " + d.Reason.String() + " " + d.Match.Rule.String()
}
