package validate_test

import (
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// An Analysis answers what the pool-level functions answer: the witness
// of each rule is Witness's, and its unreachable rules are Lint's
// unreachable-rule findings.
func TestAnalysisAgreesWithFunctions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, key := propPool(t)
		a, err := validate.Analyze(p, rolemap.WithMaxRules(400))
		if err != nil {
			t.Skip("invalid pool")
		}
		rules := p.RoleMappings[key].RulesConfiguration.Rules
		for i := -1; i <= len(rules); i++ {
			wantReq, wantOK := validate.Witness(p, key, i)
			gotReq, gotOK := a.Witness(key, i)
			if diff := cmp.Diff(wantReq, gotReq); diff != "" || wantOK != gotOK {
				t.Fatalf("rule %d: Witness %v, Analysis.Witness %v (-want +got):\n%s", i, wantOK, gotOK, diff)
			}
		}
		var want []validate.Finding
		for _, f := range validate.Lint(p, validate.WithMaxRules(400)) {
			if f.Code == validate.CodeUnreachableRule {
				want = append(want, f)
			}
		}
		if diff := cmp.Diff(want, a.Unreachable()); diff != "" {
			t.Fatalf("Unreachable (-Lint's +got):\n%s", diff)
		}
	})
}

// One compile per pool: Lint, LintDocument and Diff compile each pool
// once, and nothing more once given an Analysis.
func TestCompilesPerPool(t *testing.T) {
	p := hostilePools(40)["ten mappings of 400 rules"]
	doc, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	a, err := validate.Analyze(p, rolemap.WithMaxRules(400))
	if err != nil {
		t.Fatal(err)
	}
	invalid := p
	invalid.IdentityPoolID = ""
	tests := []struct {
		name string
		f    func()
		want int64
	}{
		{"Lint", func() { validate.Lint(p, validate.WithMaxRules(400)) }, 1},
		{"Lint of an invalid pool", func() { validate.Lint(invalid) }, 1},
		{"Lint WithAnalysis", func() { validate.Lint(p, validate.WithAnalysis(a)) }, 0},
		{"Lint WithAnalysis(nil)", func() { validate.Lint(invalid, validate.WithAnalysis(nil)) }, 0},
		{"Lint WithAnalysis WithDocument", func() { validate.Lint(p, validate.WithAnalysis(a), validate.WithDocument(doc)) }, 0},
		{"LintDocument", func() { _, _ = validate.LintDocument(doc, validate.WithMaxRules(400)) }, 1},
		{"Diff", func() { _, _ = validate.Diff(p, p, rolemap.WithMaxRules(400)) }, 2},
		{"DiffAnalyses", func() { _, _ = validate.DiffAnalyses(a, a) }, 0},
		{"Analysis.Witness", func() {
			for i := range 40 {
				a.Witness("login3.example.com", i)
			}
		}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := validate.Compiles()
			tc.f()
			if got := validate.Compiles() - before; got != tc.want {
				t.Errorf("compiled %d pools, want %d", got, tc.want)
			}
		})
	}
}

// Lint WithAnalysis and WithDocument says what LintDocument says.
func TestLintWithAnalysisAndDocument(t *testing.T) {
	for name, doc := range map[string][]byte{
		"near misses and a duplicate": []byte(`{"IdentityPoolId": "us-east-1:1", "IdentityPoolId": "us-east-1:2", "Roles": {}, "RoleMapings": {},
			"RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [
				{"Claim": "hd", "MatchType": "StartsWith", "Value": "ex", "RoleARN": "arn:aws:iam::111122223333:role/A"},
				{"Claim": "hd", "MatchType": "Equals", "Value": "ex.com", "RoleARN": "arn:aws:iam::111122223333:role/B"}]}}}}`),
		"an invalid pool": []byte(`{"IdentityPoolId": "x", "Roles": {}, "RoleMappings": {"accounts.google.com": {"Type": "Rules"}}}`),
	} {
		t.Run(name, func(t *testing.T) {
			want, err := validate.LintDocument(doc)
			if err != nil {
				t.Fatal(err)
			}
			p, err := rolemap.ParsePool(doc)
			if err != nil {
				t.Fatal(err)
			}
			a, _ := validate.Analyze(p)
			got := validate.Lint(p, validate.WithAnalysis(a), validate.WithDocument(doc))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-LintDocument +Lint WithAnalysis WithDocument):\n%s", diff)
			}
		})
	}
}

// An Analysis is safe for concurrent use: goroutines asking about the
// same mappings at once get what one goroutine gets (go test -race checks
// the rest).
func TestAnalysisConcurrent(t *testing.T) {
	p := hostilePools(60)["ten mappings of 400 rules"]
	ask := func(a *validate.Analysis) []any {
		var out []any
		for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
			for i := range 60 {
				req, ok := a.Witness(key, i)
				out = append(out, req, ok)
			}
		}
		return append(out, a.Unreachable(), validate.Lint(p, validate.WithAnalysis(a)))
	}
	seq, err := validate.Analyze(p, rolemap.WithMaxRules(400))
	if err != nil {
		t.Fatal(err)
	}
	want := ask(seq)
	a, err := validate.Analyze(p, rolemap.WithMaxRules(400))
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]any, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g] = ask(a)
		}()
	}
	wg.Wait()
	for g := range got {
		if diff := cmp.Diff(want, got[g]); diff != "" {
			t.Errorf("goroutine %d (-sequential +concurrent):\n%s", g, diff)
		}
	}
}
