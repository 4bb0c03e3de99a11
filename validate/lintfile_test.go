package validate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

func TestSuppressionMatches(t *testing.T) {
	l := validate.Located{Code: validate.CodeUnreachableRule, Path: P(`RoleMappings["g"].RulesConfiguration.Rules[1]`),
		Range: diag.Range{File: "pools/prod.json"}, Pool: "Pool1"}
	tests := []struct {
		name string
		s    validate.Suppression
		want bool
	}{
		{"the code", validate.Suppression{Code: validate.CodeUnreachableRule}, true},
		{"another code", validate.Suppression{Code: validate.CodeSubstringMatch}, false},
		{"the path", validate.Suppression{Code: validate.CodeUnreachableRule, Path: l.Path.String()}, true},
		{"another path", validate.Suppression{Code: validate.CodeUnreachableRule, Path: `RoleMappings["g"]`}, false},
		{"a prefix", validate.Suppression{Code: validate.CodeUnreachableRule, Path: `RoleMappings["g"]*`}, true},
		{"another prefix", validate.Suppression{Code: validate.CodeUnreachableRule, Path: `RoleMappings["h"]*`}, false},
		{"a file pattern", validate.Suppression{Code: validate.CodeUnreachableRule, File: "pools/*.json"}, true},
		{"another file pattern", validate.Suppression{Code: validate.CodeUnreachableRule, File: "*.json"}, false},
		{"the pool", validate.Suppression{Code: validate.CodeUnreachableRule, Pool: "Pool1"}, true},
		{"another pool", validate.Suppression{Code: validate.CodeUnreachableRule, Pool: "Pool2"}, false},
		{"no code", validate.Suppression{Path: l.Path.String()}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Matches(l); got != tc.want {
				t.Errorf("Matches = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSuppress(t *testing.T) {
	ls := []validate.Located{
		{Code: "a", Path: P("x")},
		{Code: "b", Path: P("y")},
		{Code: "a", Path: P("z")},
	}
	kept, suppressed := validate.Suppress(ls, []validate.Suppression{{Code: "a"}})
	if diff := cmp.Diff(ls[1:2], kept); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"a": 2}, suppressed); diff != "" {
		t.Errorf("suppressed (-want +got):\n%s", diff)
	}
}

// LintFile on a pool document reports the violations, then LintDocument's
// findings, each at its place, compiling the pool once.
func TestLintFileDocument(t *testing.T) {
	doc := []byte(`{"IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
  "Roles": {}, "RoleMapings": {},
  "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [
    {"Claim": "hd", "MatchType": "StartsWith", "Value": "ex", "RoleARN": "arn:aws:iam::111122223333:role/A"},
    {"Claim": "hd", "MatchType": "Equals", "Value": "ex.com", "RoleARN": "arn:aws:iam::111122223333:role/B"}]}}}}`)
	p, err := rolemap.ParsePool(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := validate.Violations(validate.Pool(p))
	fd, err := validate.LintDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, fd...)
	before := validate.Compiles()
	got := validate.LintFile("pool.json", doc, []validate.FilePool{{Pool: p, Document: true}})
	if n := validate.Compiles() - before; n != 1 {
		t.Errorf("LintFile compiled %d pools, want 1", n)
	}
	var findings []validate.Finding
	for _, l := range got {
		f := l
		f.Range, f.RelatedRanges = diag.Range{}, nil
		findings = append(findings, f)
		if l.Range.File != "pool.json" || l.Range.Line == 0 || len(l.RelatedRanges) != len(l.Related) {
			t.Errorf("%s: placed at %+v, related at %v", l, l.Range, l.RelatedRanges)
		}
	}
	if diff := cmp.Diff(want, findings); diff != "" {
		t.Errorf("(-Violations and LintDocument +LintFile):\n%s", diff)
	}
	// The unreachable rule is on line 5, and its shadow on line 4.
	found := false
	for _, l := range got {
		if l.Code != validate.CodeUnreachableRule {
			continue
		}
		found = true
		if l.Range.Line != 5 || l.RelatedRanges[0].Line != 4 {
			t.Errorf("unreachable-rule at line %d, its shadow at line %d; want 5 and 4", l.Range.Line, l.RelatedRanges[0].Line)
		}
	}
	if !found {
		t.Error("no unreachable-rule finding")
	}
}
