package validate_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

func paths(err error) []string {
	out := []string{}
	for _, fe := range validate.Errors(err) {
		out = append(out, fe.Path)
	}
	return out
}

// TestPoolIsCompile checks that Pool accepts exactly what Compile accepts,
// with the same options and the same violations.
func TestPoolIsCompile(t *testing.T) {
	many := func(n int) rolemap.Pool {
		rules := make([]rolemap.Rule, n)
		for i := range rules {
			rules[i] = rule("hd", rolemap.Equals, "v"+strconv.Itoa(i))
		}
		return rulesPool(google, rules...)
	}
	tests := []struct {
		name string
		pool rolemap.Pool
		opts []rolemap.Option
		want []string
	}{
		{name: "valid", pool: rulesPool(google, rule("hd", rolemap.Equals, "x")), want: []string{}},
		{name: "empty pool", pool: rolemap.Pool{}, want: []string{"IdentityPoolId", "Roles"}},
		{name: "26 rules", pool: many(26), want: []string{`RoleMappings["accounts.google.com"].RulesConfiguration.Rules`}},
		{name: "26 rules, quota 26", pool: many(26), opts: []rolemap.Option{rolemap.WithMaxRules(26)}, want: []string{}},
		{name: "bad rule", pool: rulesPool(google, rule("a b", "like", "")), want: []string{
			`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].Claim`,
			`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].MatchType`,
			`RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].Value`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validate.Pool(tt.pool, tt.opts...)
			if diff := cmp.Diff(tt.want, paths(err)); diff != "" {
				t.Errorf("validate.Pool paths (-want +got):\n%s", diff)
			}
			_, cerr := rolemap.Compile(tt.pool, tt.opts...)
			if diff := cmp.Diff(paths(cerr), paths(err)); diff != "" {
				t.Errorf("validate.Pool and rolemap.Compile disagree (-Compile +Pool):\n%s", diff)
			}
		})
	}
}

func TestPoolBadOption(t *testing.T) {
	err := validate.Pool(rulesPool(google, rule("hd", rolemap.Equals, "x")), rolemap.WithMaxRules(401))
	if err == nil {
		t.Fatal("validate.Pool with WithMaxRules(401) succeeded; want an error")
	}
	if fes := validate.Errors(err); fes != nil {
		t.Errorf("Errors(%v) = %v; want none", err, fes)
	}
}

func TestErrors(t *testing.T) {
	_, parseErr := rolemap.ParsePool([]byte(`{"IdentityPoolId": 3}`))
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{name: "nil", err: nil, want: []string{}},
		{name: "other error", err: errors.New("boom"), want: []string{}},
		{name: "validation error", err: validate.Pool(rolemap.Pool{}), want: []string{"IdentityPoolId", "Roles"}},
		{name: "lone field error from ParsePool", err: parseErr, want: []string{"IdentityPoolId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, paths(tt.err)); diff != "" {
				t.Errorf("Errors paths (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSentinelsShared checks that validate's names and rolemap's are the
// same errors and types.
func TestSentinelsShared(t *testing.T) {
	err := validate.Pool(rolemap.Pool{RoleMappings: map[string]rolemap.Mapping{google: {Type: "rules", AmbiguousRoleResolution: rolemap.AmbiguousDeny,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: make([]rolemap.Rule, 26)}}}})
	for _, pair := range [][2]error{
		{validate.ErrMissing, rolemap.ErrMissing},
		{validate.ErrInvalidValue, rolemap.ErrInvalidValue},
		{validate.ErrOverLimit, rolemap.ErrOverLimit},
	} {
		if !errors.Is(err, pair[0]) || !errors.Is(err, pair[1]) {
			t.Errorf("errors.Is(err, %v) is false for one of the packages' names", pair[0])
		}
	}
	var fe *validate.FieldError
	var rfe *rolemap.FieldError
	if !errors.As(err, &fe) || !errors.As(err, &rfe) || fe != rfe {
		t.Errorf("errors.As with validate.FieldError and rolemap.FieldError disagree: %v, %v", fe, rfe)
	}
	var ve *validate.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("errors.As(err, *validate.ValidationError) = false")
	}
}

// TestHuge validates and lints a pool far beyond AWS's limits — 10,000
// mappings, 1 MB strings, keys that are not UTF-8 — which must finish
// without panicking.
func TestHuge(t *testing.T) {
	big := strings.Repeat("é", 1<<19) // 1 MiB
	rules := make([]rolemap.Rule, 500)
	for i := range rules {
		rules[i] = rolemap.Rule{Claim: "c", MatchType: rolemap.Contains, Value: "v" + strconv.Itoa(i), RoleARN: "arn:aws:iam::111122223333:role/R"}
	}
	rules = append(rules, rolemap.Rule{Claim: big + "\xff", MatchType: rolemap.StartsWith, Value: big, RoleARN: big})
	p := rolemap.Pool{
		IdentityPoolID: big,
		Roles:          map[string]string{"authenticated": big, big: "x\xff"},
		RoleMappings:   map[string]rolemap.Mapping{},
	}
	for i := range 10000 {
		p.RoleMappings["k"+strconv.Itoa(i)+"\xff"] = rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{Claim: "custom:c\xfe", MatchType: rolemap.StartsWith, Value: "\xff", RoleARN: "x"}}}}
	}
	p.RoleMappings[big] = rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
	err := validate.Pool(p)
	for _, want := range []error{validate.ErrOverLimit, validate.ErrInvalidValue} {
		if !errors.Is(err, want) {
			t.Errorf("validate.Pool: errors.Is(err, %v) = false", want)
		}
	}
	var ve *validate.ValidationError
	if !errors.As(err, &ve) || len(ve.Errors) != rolemap.MaxViolations || len(ve.Errors)+ve.Omitted < 2*10000 {
		t.Errorf("validate.Pool: %d violations listed and %d omitted; want %d listed and two per small mapping at least in all",
			len(ve.Errors), ve.Omitted, rolemap.MaxViolations)
	}
	if n := len(validate.Lint(p)); n < 10000 {
		t.Errorf("Lint found %d findings; want one per fallback to the missing authenticated role at least", n)
	}
}
