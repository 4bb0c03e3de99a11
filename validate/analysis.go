package validate

import (
	"maps"
	"slices"
	"sync"

	"github.com/rolemapping/rolemapping/internal/tally"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Analysis is a pool compiled once, with the reachability analysis of each
// of its Rules mappings (see "Unreachable rules" in the package
// documentation): which rules can be the first match, a request that
// reaches each of them ([Analysis.Witness]), and why each other one never
// is ([Analysis.Unreachable]). [Analyze] makes it; [Lint] (through
// [WithAnalysis]), [DiffAnalyses] and [DiffCredentials] use it instead of
// compiling the pool again, as cel-go's checked Ast is kept and reused.
//
// An Analysis is immutable and safe for concurrent use by multiple
// goroutines: a mapping is analysed once, on first demand, and nothing is
// written after that.
type Analysis struct {
	an       *analyzer
	mappings map[string]*mappingAnalysis // by the key of every mapping
}

// mappingAnalysis is the analysis of one mapping, made once.
type mappingAnalysis struct {
	once     sync.Once
	verdicts []verdict
	ok       bool // a Rules mapping with a fresh symbol
}

// compile is rolemap.Compile, counted in tally.Compiles: the tests hold a
// lint, a diff and a credentials diff to one compile per pool.
func compile(p rolemap.Pool, opts ...rolemap.Option) (*rolemap.Resolver, error) {
	tally.Compiles.Add(1)
	return rolemap.Compile(p, opts...)
}

// Analyze compiles p with [rolemap.Compile]'s options (the rules quota)
// and returns its analysis, or Compile's error (a [*ValidationError] for
// an invalid pool; [Violations] turns it into findings). It compiles p
// once; each mapping is analysed when first asked about, in O(n²)
// comparisons of values for n rules.
func Analyze(p rolemap.Pool, opts ...rolemap.Option) (*Analysis, error) {
	res, err := compile(p, opts...)
	if err != nil {
		return nil, err
	}
	a := &Analysis{an: &analyzer{pool: res.Pool(), res: res}, mappings: map[string]*mappingAnalysis{}}
	for key := range a.an.pool.RoleMappings {
		a.mappings[key] = &mappingAnalysis{}
	}
	return a, nil
}

// Pool returns a copy of the pool the analysis was made of.
func (a *Analysis) Pool() rolemap.Pool { return a.an.res.Pool() }

// Resolver returns the compiled pool, which is also safe for concurrent
// use.
func (a *Analysis) Resolver() *rolemap.Resolver { return a.an.res }

// mapping returns the verdicts of the Rules mapping key, analysing it on
// first use; false when key is not a Rules mapping of the pool or no fresh
// symbol exists.
func (a *Analysis) mapping(key string) ([]verdict, bool) {
	m, ok := a.mappings[key]
	if !ok {
		return nil, false
	}
	m.once.Do(func() { m.verdicts, m.ok = a.an.mapping(key) })
	return m.verdicts, m.ok
}

// Witness returns a request whose decision is rule number rule (zero-based)
// of the Rules mapping key: Resolve on the pool answers it with that
// mapping and that rule index. It returns false when the rule is
// unreachable ([Analysis.Unreachable] reports it), and when key is not a
// Rules mapping, rule is out of range, or (only for pools built in Go) the
// mapping's values are not valid UTF-8 and use every byte. Each call
// returns a new request, which the caller may modify.
//
// The request has the login that selects the mapping and only the claims
// the rule needs: for a user pool also aud, the app client of the key.
func (a *Analysis) Witness(key string, rule int) (rolemap.Request, bool) {
	vs, ok := a.mapping(key)
	if !ok || rule < 0 || rule >= len(vs) || !vs[rule].reachable {
		return rolemap.Request{}, false
	}
	return vs[rule].witness(), true
}

// witnesses returns, by mapping key, a request for each reachable rule of
// every Rules mapping: what [Analysis.Witness] returns for each.
func (a *Analysis) witnesses() map[string][]rolemap.Request {
	out := map[string][]rolemap.Request{}
	for _, key := range slices.Sorted(maps.Keys(a.mappings)) {
		vs, _ := a.mapping(key)
		for _, v := range vs {
			if v.reachable {
				out[key] = append(out[key], v.witness())
			}
		}
	}
	return out
}

// Unreachable returns the unreachable-rule findings of the pool: each
// rule of a Rules mapping that can never be the first match, with why, the
// rules that shadow it (Related) and a fix, in the order of mapping keys
// and then rules.
func (a *Analysis) Unreachable() []Finding {
	var fs []Finding
	for _, key := range slices.Sorted(maps.Keys(a.mappings)) {
		vs, ok := a.mapping(key)
		if !ok {
			continue
		}
		rules := a.an.pool.RoleMappings[key].RulesConfiguration.Rules
		for i, v := range vs {
			if v.reachable {
				continue
			}
			f := Finding{
				Code:    CodeUnreachableRule,
				Path:    rulePath(key, i),
				Message: describe(i, rules[i]) + " can never be the first match: " + v.why,
				Fix:     v.fix,
			}
			for _, j := range v.shadows[:min(len(v.shadows), maxRelated)] {
				f.Related = append(f.Related, rulePath(key, j))
			}
			fs = append(fs, f)
		}
	}
	return withSeverity(fs)
}
