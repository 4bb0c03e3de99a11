package rolemap_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
)

// The workloads of the engine's benchmarks. Each is one Rules mapping, the
// claims of one request and the role it must get. They are written to
// testdata/workloads.json (go test -run TestWorkloads -update) so that the
// peer benchmarks under .ci/peers run exactly the same ones.

var update = flag.Bool("update", false, "rewrite testdata/workloads.json")

type workload struct {
	Name   string         `json:"name"`
	Login  string         `json:"login"`
	Rules  []rolemap.Rule `json:"rules"`
	Claims map[string]any `json:"claims"`
	Want   string         `json:"want"` // the role; "" for the Deny error
}

const (
	wlLogin  = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
	wlClient = "7h778muira8dkr69dt35jhbjo8"
)

func wlRole(i int) string { return "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i) }

// wlToken is an 11-claim user pool ID token.
func wlToken() map[string]any {
	return map[string]any{
		"sub": "5b3f4c1e-0000-4000-8000-000000000001", "iss": "https://" + wlLogin, "aud": wlClient,
		"token_use": "id", "auth_time": 1.7e9, "exp": 1.7e9 + 3600, "iat": 1.7e9, "email": "ana@example.com",
		"email_verified": true, "cognito:username": "ana", "cognito:groups": []any{"staff", "eng"},
	}
}

// wlSpread is n rules over k claims c0..c(k-1), round robin, cycling
// through the match types mts; the claims hold values that match only the
// last rule.
func wlSpread(name string, n, k int, mts ...rolemap.MatchType) workload {
	w := workload{Name: name, Login: wlLogin, Claims: wlToken(), Want: wlRole(n - 1)}
	for i := range n {
		c := "custom:c" + strconv.Itoa(i%k)
		w.Rules = append(w.Rules, rolemap.Rule{Claim: c, MatchType: mts[i%len(mts)], Value: fmt.Sprintf("v%03d", i), RoleARN: wlRole(i)})
	}
	// Every claim holds a value no rule of it matches, except the last
	// rule's claim, which holds a value only that rule matches.
	for i := range k {
		w.Claims["custom:c"+strconv.Itoa(i)] = "none"
	}
	last := w.Rules[n-1]
	switch last.MatchType {
	case rolemap.Equals:
		w.Claims[last.Claim] = last.Value
	case rolemap.StartsWith:
		w.Claims[last.Claim] = last.Value + "-x"
	case rolemap.Contains:
		w.Claims[last.Claim] = "x-" + last.Value + "-x"
	case rolemap.NotEqual:
		// Earlier NotEqual rules on the claim must see their own value.
		var held []any
		for _, r := range w.Rules[:n-1] {
			if r.Claim == last.Claim {
				held = append(held, r.Value)
			}
		}
		w.Claims[last.Claim] = held
		if len(held) == 0 {
			w.Claims[last.Claim] = "none"
		}
	}
	for _, r := range w.Rules[:n-1] { // a NotEqual rule on another claim would match first
		if r.MatchType == rolemap.NotEqual && r.Claim != last.Claim {
			panic(name + ": NotEqual rules must share the last rule's claim")
		}
	}
	return w
}

// wlArray is 25 rules of one match type on cognito:groups, against an
// array of size elements of which only the last matches the last rule.
func wlArray(name string, mt rolemap.MatchType, rules, size int) workload {
	w := workload{Name: name, Login: wlLogin, Claims: wlToken(), Want: wlRole(rules - 1)}
	for i := range rules {
		w.Rules = append(w.Rules, rolemap.Rule{Claim: "cognito:groups", MatchType: mt, Value: fmt.Sprintf("team-%03d", i), RoleARN: wlRole(i)})
	}
	groups := make([]any, size)
	for j := range groups {
		groups[j] = "group-" + strconv.Itoa(j) // matches none of the values
	}
	last := w.Rules[rules-1].Value
	switch mt {
	case rolemap.Equals:
		groups[size-1] = last
	case rolemap.StartsWith:
		groups[size-1] = last + "-x"
	case rolemap.Contains:
		groups[size-1] = "x-" + last + "-x"
	case rolemap.NotEqual:
		// The array ends with every value but the last rule's; a shorter
		// one holds the first values, and the first rule whose value it
		// lacks matches.
		held := min(size, rules-1)
		for i := range held {
			groups[size-held+i] = w.Rules[i].Value
		}
		w.Want = wlRole(held)
	}
	w.Claims["cognito:groups"] = groups
	return w
}

func workloads() []workload {
	var ws []workload
	mixed := []rolemap.MatchType{rolemap.Equals, rolemap.StartsWith, rolemap.Equals, rolemap.Contains}
	for _, k := range []int{1, 4, 8, 9, 16, 25} {
		ws = append(ws, wlSpread("claims="+strconv.Itoa(k)+"/rules=25", 25, k, mixed...))
	}
	for _, n := range []int{1, 5, 100, 400} { // 25: claims=9/rules=25 above
		ws = append(ws, wlSpread("claims=9/rules="+strconv.Itoa(n), n, 9, mixed...))
	}
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith} {
		ws = append(ws, wlSpread("match="+string(mt)+"/rules=25", 25, 5, mt))
	}
	ws = append(ws, wlSpread("match=NotEqual/rules=25", 25, 1, rolemap.NotEqual))
	ws = append(ws, wlSpread("match=mixed/rules=25", 25, 5, rolemap.Equals, rolemap.StartsWith, rolemap.Contains, rolemap.Equals, rolemap.NotEqual))
	num := wlSpread("numbers-booleans/rules=25", 25, 5, rolemap.Equals)
	for i := range num.Rules {
		num.Rules[i].Value = []string{"3", "true", "1e+21", "0.5", "false"}[i%5] + strings.Repeat("0", i/5+1)
	}
	num.Claims["custom:c0"], num.Claims["custom:c1"], num.Claims["custom:c2"], num.Claims["custom:c3"] = 7.0, false, 2e21, 0.25
	num.Claims["custom:c4"] = false
	num.Rules[24].Value = "false"
	ws = append(ws, num)
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		for _, size := range []int{1, 10, 100, 1000} {
			ws = append(ws, wlArray("array="+strconv.Itoa(size)+"/match="+string(mt), mt, 25, size))
		}
	}
	// The hostile shapes of issue #9.
	ws = append(ws, wlArray("hostile/NotEqual-400-rules-array=400", rolemap.NotEqual, 400, 400))
	ws = append(ws, wlArray("hostile/Equals-400-rules-array=16000", rolemap.Equals, 400, 16000))
	ws = append(ws, wlArray("hostile/Contains-400-rules-array=16000", rolemap.Contains, 400, 16000))
	return ws
}

func (w workload) pool() rolemap.Pool {
	return rolemap.Pool{
		IdentityPoolID: "us-east-1:11111111-2222-3333-4444-555555555555",
		Roles:          map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{w.Login + ":" + wlClient: {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: w.Rules}}},
	}
}

func (w workload) compile(tb testing.TB) *rolemap.Resolver {
	tb.Helper()
	r, err := rolemap.Compile(w.pool(), rolemap.WithMaxRules(400))
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// naive is the fair baseline a user would write by hand: the rules in
// order, rolemap/REFERENCE.md §4's array semantics, strings compared as they are and
// fmt.Sprint only for other scalars.
func naive(rules []rolemap.Rule, claims map[string]any) int {
	text := func(v any) (string, bool) {
		switch x := v.(type) {
		case string:
			return x, true
		case nil, map[string]any, []any:
			return "", false
		}
		return fmt.Sprint(v), true
	}
	pred := func(r *rolemap.Rule, s string) bool {
		switch r.MatchType {
		case rolemap.Contains:
			return strings.Contains(s, r.Value)
		case rolemap.StartsWith:
			return strings.HasPrefix(s, r.Value)
		}
		return s == r.Value
	}
	for i := range rules {
		r := &rules[i]
		v, ok := claims[r.Claim]
		if !ok {
			continue
		}
		list, isList := v.([]any)
		if !isList {
			s, ok := text(v)
			if ok && pred(r, s) != (r.MatchType == rolemap.NotEqual) {
				return i
			}
			continue
		}
		n, found := 0, false
		for _, e := range list {
			if s, ok := text(e); ok {
				n++
				if pred(r, s) {
					found = true
					if r.MatchType != rolemap.NotEqual {
						break
					}
				}
			}
		}
		if n > 0 && found != (r.MatchType == rolemap.NotEqual) {
			return i
		}
	}
	return -1
}

// TestWorkloads checks that every workload gets its role from Resolve and
// from the naive loop, and that testdata/workloads.json holds them.
func TestWorkloads(t *testing.T) {
	ws := workloads()
	for _, w := range ws {
		r := w.compile(t)
		d, err := r.Resolve(rolemap.Request{Login: w.Login, Claims: w.Claims})
		if err != nil || d.RoleARN != w.Want {
			t.Errorf("%s: Resolve = %v, %v; want %s", w.Name, d.RoleARN, err, w.Want)
		}
		if i := naive(w.Rules, w.Claims); i < 0 || w.Rules[i].RoleARN != w.Want {
			t.Errorf("%s: naive = rule %d; want %s", w.Name, i, w.Want)
		}
	}
	data, err := json.Marshal(ws)
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/workloads.json"
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestWorkloads -update)", err)
	}
	var got, want []workload
	if err := json.Unmarshal(old, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s is stale (run go test -run TestWorkloads -update):\n%.2000s", golden, diff)
	}
}

// BenchmarkRules runs every workload three ways in one set:
// engine=Resolve, engine=naive (the fair loop above) and engine=lookups (the
// floor: looking up the mapping's distinct claims in the caller's map).
// Compare them with benchstat -col /engine.
func BenchmarkRules(b *testing.B) {
	for _, w := range workloads() {
		r := w.compile(b)
		req := rolemap.Request{Login: w.Login, Claims: w.Claims}
		var names []string
		seen := map[string]bool{}
		for _, rule := range w.Rules {
			if !seen[rule.Claim] {
				seen[rule.Claim] = true
				names = append(names, rule.Claim)
			}
		}
		b.Run(w.Name+"/engine=Resolve", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if d, err := r.Resolve(req); err != nil || d.RoleARN != w.Want {
					b.Fatalf("Resolve = %v, %v", d, err)
				}
			}
		})
		b.Run(w.Name+"/engine=naive", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if i := naive(w.Rules, w.Claims); w.Rules[i].RoleARN != w.Want {
					b.Fatalf("naive = %d", i)
				}
			}
		})
		b.Run(w.Name+"/engine=lookups", func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				for _, name := range names {
					if _, ok := w.Claims[name]; ok {
						n++
					}
				}
			}
			if n < 0 {
				b.Fatal(n)
			}
		})
	}
}

// TestWorkloadsDoNotAllocate checks every benchmark workload, and Token
// mappings, with testing.AllocsPerRun: Resolve without a trace allocates
// nothing.
func TestWorkloadsDoNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("the 16,000-element workloads take a while under -race")
	}
	for _, w := range workloads() {
		r := w.compile(t)
		req := rolemap.Request{Login: w.Login, Claims: w.Claims}
		if n := testing.AllocsPerRun(5, func() { _, _ = r.Resolve(req) }); n != 0 {
			t.Errorf("%s: %v allocations per Resolve, want 0", w.Name, n)
		}
	}
	token := workload{Login: wlLogin}
	p := token.pool()
	p.RoleMappings[wlLogin+":"+wlClient] = rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny}
	r, err := rolemap.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	claims := wlToken()
	claims["cognito:roles"] = []any{wlRole(1), wlRole(2)}
	for name, req := range map[string]rolemap.Request{
		"single role":    {Login: wlLogin, Claims: map[string]any{"aud": wlClient, "cognito:roles": wlRole(1) + ", " + wlRole(1)}},
		"preferred role": {Login: wlLogin, Claims: map[string]any{"aud": wlClient, "cognito:roles": claims["cognito:roles"], "cognito:preferred_role": wlRole(2)}},
		"custom role":    {Login: wlLogin, Claims: claims, CustomRoleARN: wlRole(2)},
		"ambiguous":      {Login: wlLogin, Claims: claims},
	} {
		if n := testing.AllocsPerRun(20, func() { _, _ = r.Resolve(req) }); n != 0 {
			t.Errorf("Token %s: %v allocations per Resolve, want 0", name, n)
		}
	}
}

// hostileArray is an array claim of n elements, cycling through 1,000
// distinct groups.
func hostileArray(n int) []any {
	a := make([]any, n)
	for i := range a {
		a[i] = "team-x" + strconv.Itoa(i%1000)
	}
	return a
}

// hostileString is a string claim of about n bytes.
func hostileString(n int) string { return strings.Repeat("team-0", n/6) }

// TestResolveLinearInClaimSize resolves hostile claim sizes — arrays of
// 25,000 and 100,000 elements, strings of 1 and 4 MB — against 400 rules
// of each match type: four times the size must cost about four times the
// work the engine counts (texts and matchers consulted, bytes read; at
// most 4.5×, where rules × elements would be far more), and nothing may
// panic.
func TestResolveLinearInClaimSize(t *testing.T) {
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		r := wlArray("linear", mt, 400, 1).compile(t)
		workOf := func(v any) int {
			req := rolemap.Request{Login: wlLogin, Claims: map[string]any{"aud": wlClient, "cognito:groups": v}}
			return work.Count(func() { _, _ = r.Resolve(req) })
		}
		for _, c := range []struct {
			name       string
			small, big any
		}{
			{"array", hostileArray(25_000), hostileArray(100_000)},
			{"string", hostileString(1 << 20), hostileString(4 << 20)},
		} {
			small, big := workOf(c.small), workOf(c.big)
			t.Logf("%s on a %s: work %d, at 4× the size %d", mt, c.name, small, big)
			if 2*big > 9*small+32 {
				t.Errorf("%s on a %s: work %d at 4× the size of %d; want about 4×", mt, c.name, big, small)
			}
		}
	}
}

// TestResolveFlatInRules checks that the work of an array claim does not
// grow with the number of rules: 400 rules of one match type against a
// 100,000-element array cost within 1.5× the work of 25 rules (rules ×
// elements would be 16×).
func TestResolveFlatInRules(t *testing.T) {
	groups := make([]any, 100_000)
	for i := range groups {
		groups[i] = "group-" + strconv.Itoa(i)
	}
	req := rolemap.Request{Login: wlLogin, Claims: map[string]any{"aud": wlClient, "cognito:groups": groups}}
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		workOf := func(rules int) int {
			r := wlArray("flat", mt, rules, 1).compile(t)
			return work.Count(func() { _, _ = r.Resolve(req) })
		}
		few, many := workOf(25), workOf(400)
		t.Logf("%s: work %d with 25 rules, %d with 400", mt, few, many)
		if 2*many > 3*few+32 {
			t.Errorf("%s: work %d with 400 rules, %d with 25; want about the same", mt, many, few)
		}
	}
}

// BenchmarkResolveHostileClaims: the time of the hostile claims above, 400
// rules of each match type against arrays and strings of two sizes.
func BenchmarkResolveHostileClaims(b *testing.B) {
	claims := map[string]any{
		"array=25k": hostileArray(25_000), "array=100k": hostileArray(100_000),
		"string=1MB": hostileString(1 << 20), "string=4MB": hostileString(4 << 20),
	}
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		r := wlArray("linear", mt, 400, 1).compile(b)
		for _, name := range []string{"array=25k", "array=100k", "string=1MB", "string=4MB"} {
			req := rolemap.Request{Login: wlLogin, Claims: map[string]any{"aud": wlClient, "cognito:groups": claims[name]}}
			b.Run("match="+string(mt)+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, _ = r.Resolve(req)
				}
			})
		}
	}
}
