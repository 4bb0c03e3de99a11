package rolemap_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
	"pgregory.net/rapid"
)

// TestFastPathAgreesWithTrace checks that the hashed fast path of Rules
// mappings (Trace off) decides exactly as the in-order walk (Trace on), for
// every kind of claim value, junk included.
func TestFastPathAgreesWithTrace(t *testing.T) {
	claimNames := []string{"a", "b", "c"}
	values := []string{"x", "xy", "y", "3", "true", "false", "1e+21", "0.5", "-0"}
	scalars := []any{"x", "xy", "yx", "y", "3", true, false, 3.0, 0.5, 1e21, json.Number("3.0"),
		json.Number("1e400"), json.Number("abc"), nil, map[string]any{"x": "x"}, struct{}{}, int64(3), []any{"x"},
		[]float64{3, 0.5}, []int{3}, []string{"x", "y"}}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(t, "rules")
		rules := make([]rolemap.Rule, n)
		for i := range rules {
			rules[i] = rolemap.Rule{
				Claim:     rapid.SampledFrom(claimNames).Draw(t, "claim"),
				MatchType: rapid.SampledFrom([]rolemap.MatchType{rolemap.Equals, rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual}).Draw(t, "match"),
				Value:     rapid.SampledFrom(values).Draw(t, "value"),
				RoleARN:   "arn:aws:iam::111122223333:role/R" + string(rune('A'+i)),
			}
		}
		ambiguous := rapid.SampledFrom([]rolemap.AmbiguousRoleResolution{rolemap.Deny, rolemap.AuthenticatedRole}).Draw(t, "ambiguous")
		res, err := rolemap.Compile(rolemap.Pool{
			IdentityPoolID: "us-east-1:1",
			Roles:          map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
			RoleMappings: map[string]rolemap.Mapping{"login.example.com": {Type: rolemap.Rules, AmbiguousRoleResolution: ambiguous,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		claims := map[string]any{}
		for _, c := range claimNames {
			switch rapid.IntRange(0, 2).Draw(t, "shape "+c) {
			case 1:
				claims[c] = rapid.SampledFrom(scalars).Draw(t, "scalar "+c)
			case 2:
				claims[c] = rapid.SliceOfN(rapid.SampledFrom(scalars), 0, 4).Draw(t, "list "+c)
			}
		}
		req := rolemap.Request{Login: "login.example.com", Claims: claims}
		fast, fastErr := res.Resolve(req)
		req.Trace = true
		slow, slowErr := res.Resolve(req)
		slow.Trace = nil
		if diff := cmp.Diff(slow, fast); diff != "" {
			t.Fatalf("decision (-trace +fast):\n%s", diff)
		}
		if diff := cmp.Diff(code(slowErr), code(fastErr)); diff != "" {
			t.Fatalf("error (-trace +fast):\n%s", diff)
		}
	})
}

func code(err error) string {
	var re *rolemap.Error
	if errors.As(err, &re) {
		return re.Code + ": " + re.Message
	}
	if err != nil {
		return err.Error()
	}
	return ""
}
