package rolemap_test

import (
	"strconv"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
)

const (
	benchLogin  = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
	benchClient = "7h778muira8dkr69dt35jhbjo8"
	benchKey    = benchLogin + ":" + benchClient
)

// benchClaims is a realistic user pool ID token of about ten claims.
func benchClaims(groups ...any) map[string]any {
	return map[string]any{
		"sub":              "5b3f4c1e-0000-4000-8000-000000000001",
		"iss":              "https://" + benchLogin,
		"aud":              benchClient,
		"token_use":        "id",
		"auth_time":        1.7e9,
		"exp":              1.7e9 + 3600,
		"iat":              1.7e9,
		"email":            "ana@example.com",
		"email_verified":   true,
		"cognito:username": "ana",
		"custom:dept":      "eng",
		"cognito:groups":   groups,
	}
}

// rulesPool has one Rules mapping of 25 rules on cognito:groups, email and
// custom:dept: the realistic shape of a 25-rule mapping.
func rulesPool(b *testing.B, ambiguous rolemap.AmbiguousRoleResolution) *rolemap.Resolver {
	b.Helper()
	var rules []rolemap.Rule
	for i := range 25 {
		r := rolemap.Rule{Claim: "cognito:groups", MatchType: rolemap.Equals, Value: "group-" + strconv.Itoa(i),
			RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i)}
		switch i % 5 {
		case 1:
			r.Claim, r.MatchType, r.Value = "email", rolemap.StartsWith, "admin-"+strconv.Itoa(i)
		case 3:
			r.Claim, r.MatchType, r.Value = "custom:dept", rolemap.Equals, "dept-"+strconv.Itoa(i)
		}
		rules = append(rules, r)
	}
	return compileBench(b, rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: ambiguous,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}})
}

func compileBench(b *testing.B, m rolemap.Mapping) *rolemap.Resolver {
	b.Helper()
	allow := true
	res, err := rolemap.Compile(rolemap.Pool{
		IdentityPoolID:                 "us-east-1:11111111-2222-3333-4444-555555555555",
		AllowUnauthenticatedIdentities: &allow,
		Roles:                          map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings:                   map[string]rolemap.Mapping{benchKey: m},
	})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

func benchResolve(b *testing.B, res *rolemap.Resolver, req rolemap.Request, want string) {
	b.Helper()
	d, err := res.Resolve(req)
	if want == "" {
		if err == nil {
			b.Fatalf("Resolve = %v, want an error", d)
		}
	} else if err != nil || d.RoleARN != want {
		b.Fatalf("Resolve = %v, %v; want %s", d, err, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = res.Resolve(req)
	}
}

func BenchmarkResolveRulesFirstMatch(b *testing.B) {
	res := rulesPool(b, rolemap.AmbiguousDeny)
	req := rolemap.Request{Login: benchLogin, Claims: benchClaims("group-0", "staff")}
	benchResolve(b, res, req, "arn:aws:iam::111122223333:role/R0")
}

func BenchmarkResolveRulesLastOf25(b *testing.B) {
	res := rulesPool(b, rolemap.AmbiguousDeny)
	req := rolemap.Request{Login: benchLogin, Claims: benchClaims("staff", "group-24")}
	benchResolve(b, res, req, "arn:aws:iam::111122223333:role/R24")
}

func BenchmarkResolveRulesNoMatchAuthenticatedRole(b *testing.B) {
	res := rulesPool(b, rolemap.AmbiguousAuthenticatedRole)
	req := rolemap.Request{Login: benchLogin, Claims: benchClaims("staff", "ops")}
	benchResolve(b, res, req, "arn:aws:iam::111122223333:role/Auth")
}

func BenchmarkResolveRulesNoMatchDeny(b *testing.B) {
	res := rulesPool(b, rolemap.AmbiguousDeny)
	req := rolemap.Request{Login: benchLogin, Claims: benchClaims("staff", "ops")}
	benchResolve(b, res, req, "")
}

func BenchmarkResolveTokenPreferredRole(b *testing.B) {
	res := compileBench(b, rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny})
	claims := benchClaims("admins", "staff")
	claims["cognito:roles"] = []any{"arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/Staff"}
	claims["cognito:preferred_role"] = "arn:aws:iam::111122223333:role/Admin"
	benchResolve(b, res, rolemap.Request{Login: benchLogin, Claims: claims}, "arn:aws:iam::111122223333:role/Admin")
}

func BenchmarkResolveTokenCustomRole(b *testing.B) {
	res := compileBench(b, rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny})
	claims := benchClaims("admins", "staff")
	claims["cognito:roles"] = []any{"arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/Staff"}
	benchResolve(b, res, rolemap.Request{Login: benchLogin, Claims: claims, CustomRoleARN: "arn:aws:iam::111122223333:role/Staff"},
		"arn:aws:iam::111122223333:role/Staff")
}

func BenchmarkResolveParallel(b *testing.B) {
	res := rulesPool(b, rolemap.AmbiguousDeny)
	req := rolemap.Request{Login: benchLogin, Claims: benchClaims("staff", "group-24")}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if d, err := res.Resolve(req); err != nil || d.RoleARN != "arn:aws:iam::111122223333:role/R24" {
				b.Errorf("Resolve = %v, %v", d, err)
				return
			}
		}
	})
}

func BenchmarkResolveTrace(b *testing.B) {
	res := rulesPool(b, rolemap.AmbiguousDeny)
	req := rolemap.Request{Login: benchLogin, Claims: benchClaims("staff", "group-24"), Trace: true}
	benchResolve(b, res, req, "arn:aws:iam::111122223333:role/R24")
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		rulesPool(b, rolemap.AmbiguousDeny)
	}
}
