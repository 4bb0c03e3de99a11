package validate_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// FuzzLint parses arbitrary documents and checks that validation and lint
// never panic, that Pool agrees with Compile, that findings come sorted,
// and, on pools that compile, that the unreachable-rule analysis is exact:
// every rule it does not report has a witness that resolves to it.
func FuzzLint(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := rolemap.ParsePool(data)
		if err != nil {
			return
		}
		for _, opts := range [][]rolemap.Option{nil, {rolemap.WithMaxRules(400)}} {
			verr := validate.Pool(p, opts...)
			_, cerr := rolemap.Compile(p, opts...)
			if (verr == nil) != (cerr == nil) {
				t.Fatalf("validate.Pool: %v; rolemap.Compile: %v", verr, cerr)
			}
			if verr != nil {
				var ve *validate.ValidationError
				if !errors.As(verr, &ve) {
					t.Fatalf("validate.Pool: %v; want a *ValidationError", verr)
				}
			}
		}
		fs := validate.Lint(p, validate.WithMaxRules(400))
		sorted := slices.IsSortedFunc(fs, func(a, b validate.Finding) int {
			if c := strings.Compare(a.Path.String(), b.Path.String()); c != 0 {
				return c
			}
			return strings.Compare(a.Code, b.Code)
		})
		if !sorted {
			t.Fatalf("findings are not sorted: %v", fs)
		}
		res, err := rolemap.Compile(p, rolemap.WithMaxRules(400))
		if err != nil {
			return
		}
		reported := map[string]bool{}
		for _, f := range fs {
			if f.Code == validate.CodeUnreachableRule {
				reported[f.Path.String()] = true
			}
		}
		for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
			m := p.RoleMappings[key]
			if m.Type != rolemap.TypeRules {
				continue
			}
			for i := range m.RulesConfiguration.Rules {
				path := `RoleMappings[` + strconv.Quote(key) + `].RulesConfiguration.Rules[` + strconv.Itoa(i) + `]`
				req, ok := validate.Witness(p, key, i)
				if ok == reported[path] {
					t.Fatalf("%s: reported unreachable %v, witness %v", path, reported[path], ok)
				}
				if !ok {
					continue
				}
				d, err := res.Resolve(req)
				if err != nil || d.MappingKey != key || d.RuleIndex() != i {
					t.Fatalf("%s: witness %+v resolves to rule %d of %q, %v", path, req, d.RuleIndex(), d.MappingKey, err)
				}
			}
		}
	})
}
