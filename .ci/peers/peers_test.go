// Package peers benchmarks rolemap's Resolve against the fair naive loop,
// Google CEL and OPA on the workloads of rolemap/testdata/workloads.json,
// after checking that all four decide alike. It is its own module, so the
// library's go.mod keeps its three dependencies; .ci/peers.sh runs it.
package peers

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/rolemapping/rolemapping/rolemap"
)

type workload struct {
	Name   string         `json:"name"`
	Login  string         `json:"login"`
	Rules  []rolemap.Rule `json:"rules"`
	Claims map[string]any `json:"claims"`
	Want   string         `json:"want"`
}

const client = "7h778muira8dkr69dt35jhbjo8"

func load(tb testing.TB) []workload {
	tb.Helper()
	data, err := os.ReadFile("../../rolemap/testdata/workloads.json")
	if err != nil {
		tb.Fatal(err)
	}
	var ws []workload
	if err := json.Unmarshal(data, &ws); err != nil {
		tb.Fatal(err)
	}
	return ws
}

// engines are the four ways to decide a mapping: each returns the index of
// the first matching rule, or -1.
type engines struct {
	resolve func(map[string]any) int
	naive   func(map[string]any) int
	cel     func(map[string]any) int
	opa     func(map[string]any) int
}

func build(tb testing.TB, w workload) engines {
	tb.Helper()
	res, err := rolemap.Compile(rolemap.Pool{
		IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{w.Login + ":" + client: {Type: rolemap.TypeRules,
			AmbiguousRoleResolution: rolemap.AmbiguousDeny, RulesConfiguration: &rolemap.RulesConfiguration{Rules: w.Rules}}},
	}, rolemap.WithMaxRules(400))
	if err != nil {
		tb.Fatal(err)
	}
	celPrg := compileCEL(tb, w.Rules)
	opaQuery := prepareOPA(tb, w.Rules)
	ctx := context.Background()
	return engines{
		resolve: func(claims map[string]any) int {
			d, err := res.Resolve(rolemap.Request{Login: w.Login, Claims: claims})
			if err != nil {
				return -1
			}
			return d.RuleIndex()
		},
		naive: func(claims map[string]any) int { return naive(w.Rules, claims) },
		cel: func(claims map[string]any) int {
			out, _, err := celPrg.Eval(map[string]any{"claims": claims})
			if err != nil {
				tb.Fatalf("CEL: %v", err)
			}
			return int(out.Value().(int64))
		},
		opa: func(claims map[string]any) int {
			rs, err := opaQuery.Eval(ctx, rego.EvalInput(map[string]any{"claims": claims}))
			if err != nil || len(rs) != 1 {
				tb.Fatalf("OPA: %v, %v", rs, err)
			}
			n, err := rs[0].Expressions[0].Value.(json.Number).Int64()
			if err != nil {
				tb.Fatal(err)
			}
			return int(n)
		},
	}
}

// naive is the fair loop of rolemap's own benchmarks (rolemap/workload_test.go).
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

// compileCEL writes the mapping as one CEL expression, the rules as a chain
// of conditionals with rolemap/REFERENCE.md §4's semantics, and compiles it once.
func compileCEL(tb testing.TB, rules []rolemap.Rule) cel.Program {
	tb.Helper()
	env, err := cel.NewEnv(cel.Variable("claims", cel.MapType(cel.StringType, cel.DynType)),
		cel.ParserRecursionLimit(2000), cel.ParserExpressionSizeLimit(1<<20))
	if err != nil {
		tb.Fatal(err)
	}
	scalar := func(x string) string {
		return "(type(" + x + ") == string || type(" + x + ") == bool || type(" + x + ") == double || type(" + x + ") == int)"
	}
	txt := func(x string) string { return "(type(" + x + ") == string ? " + x + " : string(" + x + "))" }
	var b strings.Builder
	for i, r := range rules {
		c := strconv.Quote(r.Claim)
		v := strconv.Quote(r.Value)
		pred := func(x string) string {
			switch r.MatchType {
			case rolemap.Contains:
				return txt(x) + ".contains(" + v + ")"
			case rolemap.StartsWith:
				return txt(x) + ".startsWith(" + v + ")"
			case rolemap.NotEqual:
				return txt(x) + " != " + v
			}
			return txt(x) + " == " + v
		}
		val := "claims[" + c + "]"
		var list string
		if r.MatchType == rolemap.NotEqual {
			list = val + ".exists(e, " + scalar("e") + ") && !" + val + ".exists(e, " + scalar("e") + " && " + txt("e") + " == " + v + ")"
		} else {
			list = val + ".exists(e, " + scalar("e") + " && " + pred("e") + ")"
		}
		fmt.Fprintf(&b, "((%s in claims) && (type(%s) == list ? (%s) : (%s && %s))) ? %d : ", c, val, list, scalar(val), pred(val), i)
	}
	b.WriteString("-1")
	ast, iss := env.Compile(b.String())
	if iss.Err() != nil {
		tb.Fatalf("CEL compile: %v", iss.Err())
	}
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		tb.Fatal(err)
	}
	return prg
}

// prepareOPA writes the mapping as one Rego module, the rules as an else
// chain with rolemap/REFERENCE.md §4's semantics, and prepares its query once.
func prepareOPA(tb testing.TB, rules []rolemap.Rule) rego.PreparedEvalQuery {
	tb.Helper()
	var b strings.Builder
	b.WriteString(`package rm

scalar(x) if is_string(x)
scalar(x) if is_boolean(x)
scalar(x) if is_number(x)

txt(x) := x if is_string(x)
txt(x) := sprintf("%v", [x]) if not is_string(x)

holds(v, s) if {
	some e in v
	scalar(e)
	txt(e) == s
}

`)
	for i, r := range rules {
		c := strconv.Quote(r.Claim)
		v := strconv.Quote(r.Value)
		pred := func(x string) string {
			switch r.MatchType {
			case rolemap.Contains:
				return "contains(txt(" + x + "), " + v + ")"
			case rolemap.StartsWith:
				return "startswith(txt(" + x + "), " + v + ")"
			case rolemap.NotEqual:
				return "txt(" + x + ") != " + v
			}
			return "txt(" + x + ") == " + v
		}
		fmt.Fprintf(&b, "r%d if {\n\tv := input.claims[%s]\n\tnot is_array(v)\n\tscalar(v)\n\t%s\n}\n", i, c, pred("v"))
		if r.MatchType == rolemap.NotEqual {
			fmt.Fprintf(&b, "r%d if {\n\tv := input.claims[%s]\n\tis_array(v)\n\tsome e in v\n\tscalar(e)\n\tnot holds(v, %s)\n}\n", i, c, v)
		} else {
			fmt.Fprintf(&b, "r%d if {\n\tv := input.claims[%s]\n\tis_array(v)\n\tsome e in v\n\tscalar(e)\n\t%s\n}\n", i, c, pred("e"))
		}
	}
	b.WriteString("decision := 0 if r0\n")
	for i := 1; i < len(rules); i++ {
		fmt.Fprintf(&b, "else := %d if r%d\n", i, i)
	}
	b.WriteString("else := -1\n")
	q, err := rego.New(rego.Query("data.rm.decision"), rego.Module("rm.rego", b.String())).PrepareForEval(context.Background())
	if err != nil {
		tb.Fatalf("OPA prepare: %v", err)
	}
	return q
}

// randomClaims draws claims over the rules' claims from their values and
// near misses: absent, strings, booleans, small integers, arrays of them.
// (Numbers that CEL, OPA and ECMAScript write differently, such as 1e-7,
// are left out: the engines are meant to agree on the texts they compare.)
func randomClaims(rng *rand.Rand, rules []rolemap.Rule) map[string]any {
	claims := map[string]any{"aud": client} // the user pool token's app client
	text := func() any {
		r := rules[rng.IntN(len(rules))]
		switch rng.IntN(8) {
		case 0:
			return rng.IntN(2) == 0
		case 1:
			return float64(rng.IntN(5))
		case 2:
			return r.Value + "x"
		case 3:
			return "x" + r.Value
		case 4:
			return "other"
		}
		return r.Value
	}
	for _, r := range rules {
		switch rng.IntN(4) {
		case 0: // absent
		case 1:
			claims[r.Claim] = text()
		default:
			list := make([]any, rng.IntN(5))
			for i := range list {
				list[i] = text()
			}
			claims[r.Claim] = list
		}
	}
	return claims
}

// peerWorkloads leaves out the hostile workloads (16,000-element arrays):
// rolemap's own benchmarks show its linearity there; CEL and OPA would take
// seconds per request.
func peerWorkloads(tb testing.TB) []workload {
	var out []workload
	for _, w := range load(tb) {
		if !strings.HasPrefix(w.Name, "hostile/") {
			out = append(out, w)
		}
	}
	return out
}

// TestAgree checks that the four engines decide alike: on each workload's
// own request, and on random requests (a few hundred in all).
func TestAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	total := 0
	for _, w := range peerWorkloads(t) {
		e := build(t, w)
		reqs := []map[string]any{w.Claims}
		for range 12 {
			reqs = append(reqs, randomClaims(rng, w.Rules))
		}
		for _, claims := range reqs {
			r, n, c, o := e.resolve(claims), e.naive(claims), e.cel(claims), e.opa(claims)
			if r != n || r != c || r != o {
				data, _ := json.Marshal(claims)
				t.Fatalf("%s: claims %s: Resolve %d, naive %d, CEL %d, OPA %d", w.Name, data, r, n, c, o)
			}
			total++
		}
	}
	t.Logf("%d requests decided alike by Resolve, the naive loop, CEL and OPA", total)
}

// BenchmarkPeers runs every workload through the four engines in one set;
// compare them with benchstat -col /engine.
func BenchmarkPeers(b *testing.B) {
	for _, w := range peerWorkloads(b) {
		e := build(b, w)
		want := e.resolve(w.Claims)
		for _, eng := range []struct {
			name string
			run  func(map[string]any) int
		}{{"Resolve", e.resolve}, {"naive", e.naive}, {"CEL", e.cel}, {"OPA", e.opa}} {
			b.Run(w.Name+"/engine="+eng.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if got := eng.run(w.Claims); got != want {
						b.Fatalf("%s = %d, want %d", eng.name, got, want)
					}
				}
			})
		}
	}
}
