package validate_test

import (
	"encoding/json"
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
	benchHostile(b, hostilePools()["one mapping of 400 rules"])
}
func BenchmarkHostileTenMappings(b *testing.B) {
	benchHostile(b, hostilePools()["ten mappings of 400 rules"])
}
func BenchmarkHostileColonKey(b *testing.B) { benchHostile(b, hostilePools()["a key with 40 colons"]) }

func BenchmarkHostileHugeKey(b *testing.B) {
	benchHostile(b, rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{strings.Repeat("k", 1<<20): {
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: make([]rolemap.Rule, 2000)}}}})
}
