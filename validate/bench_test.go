package validate_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// The hostile documents of issue #8, each with its linear baseline
// (ParsePool on the same document) in the same set.

func benchHostile(b *testing.B, p rolemap.Pool) {
	doc, err := json.Marshal(p)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ParsePool", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			if _, err := rolemap.ParsePool(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Lint", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			validate.Lint(p, validate.WithMaxRules(400))
		}
	})
	b.Run("Pool", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			_ = validate.Pool(p, rolemap.WithMaxRules(400))
		}
	})
}

func BenchmarkHostileOneMapping(b *testing.B) {
	benchHostile(b, hostilePools(400)["one mapping of 400 rules"])
}
func BenchmarkHostileTenMappings(b *testing.B) {
	benchHostile(b, hostilePools(400)["ten mappings of 400 rules"])
}
func BenchmarkHostileColonKey(b *testing.B) {
	benchHostile(b, hostilePools(400)["a key with 40 colons"])
}

func BenchmarkHostileHugeKey(b *testing.B) {
	benchHostile(b, rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{strings.Repeat("k", 1<<20): {
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: make([]rolemap.Rule, 2000)}}}})
}

// diffRules is n rules over 9 claims, values that overlap as prefixes.
func diffRules(n int) []rolemap.Rule {
	mts := []rolemap.MatchType{rolemap.Equals, rolemap.StartsWith, rolemap.Contains, rolemap.NotEqual}
	rules := make([]rolemap.Rule, n)
	for i := range rules {
		rules[i] = rolemap.Rule{Claim: "c" + strconv.Itoa(i%9), MatchType: mts[i%4], Value: "v" + strconv.Itoa(i%50),
			RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i%7)}
	}
	return rules
}

// diffPool is a pool whose one Rules mapping holds rules.
func ruleDiffPool(rules []rolemap.Rule) rolemap.Pool {
	return rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}}}
}

// diffPairs are the pairs BenchmarkDiff and BenchmarkDiffCredentials
// compare: a 400-rule mapping against itself, with one rule changed, and
// against the same rules reversed (every pair of rules considered).
func diffPairs() []struct {
	name     string
	old, new []rolemap.Rule
} {
	old := diffRules(400)
	edited := slices.Clone(old)
	edited[5].Value = "edited" // a reachable rule: its users change role
	reversed := slices.Clone(old)
	slices.Reverse(reversed)
	return []struct {
		name     string
		old, new []rolemap.Rule
	}{{"rules=400/itself", old, old}, {"rules=400/one-rule-edited", old, edited}, {"rules=400/reversed", old, reversed}}
}

// BenchmarkDiff diffs the role choice of each pair; BenchmarkDiffCredentials
// (same pairs, same run: compare the two) diffs the whole credentials.
func BenchmarkDiff(b *testing.B) {
	for _, bc := range diffPairs() {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				changes, err := validate.Diff(ruleDiffPool(bc.old), ruleDiffPool(bc.new), rolemap.WithMaxRules(400))
				if err != nil {
					b.Fatal(err)
				}
				n = len(changes)
			}
			b.ReportMetric(float64(n), "changes")
		})
	}
}

func BenchmarkDiffCredentials(b *testing.B) {
	for _, bc := range diffPairs() {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				changes, err := validate.DiffCredentials(validate.Side{Pool: ruleDiffPool(bc.old)}, validate.Side{Pool: ruleDiffPool(bc.new)}, rolemap.WithMaxRules(400))
				if err != nil {
					b.Fatal(err)
				}
				n = len(changes)
			}
			b.ReportMetric(float64(n), "changes")
		})
	}
}
