package validate_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// Documents AWS accepts (or that ParsePool accepts) shaped to be slow: each
// must lint, compile and diff with counted work (comparisons of rules and
// values, groups read) and allocations that grow as the bound says, and
// every message must stay under 1 KB. The benchmarks time them.

// hostileMapping is a valid mapping of n rules on one claim: NotEqual and
// Contains rules on values that all share a prefix, so that every pair of
// rules is related.
func hostileMapping(n int) rolemap.Mapping {
	rules := make([]rolemap.Rule, n)
	for i := range rules {
		mt := rolemap.NotEqual
		if i%2 == 1 {
			mt = rolemap.Contains
		}
		rules[i] = rolemap.Rule{Claim: "c", MatchType: mt, Value: strings.Repeat("a", 1+i%100) + strconv.Itoa(i),
			RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i)}
	}
	return rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}
}

// colonKey is a user pool mapping key of 128 code points with as many
// colons as fit: each colon is a route to the mapping.
func colonKey() string {
	k := "cognito-idp.us-east-1.amazonaws.com/us-east-1_P"
	for len(k)+2 <= 128 {
		k += ":a"
	}
	return k
}

// hostilePools are pools of mappings of n rules: one, ten, and one under a
// key with 40 colons.
func hostilePools(n int) map[string]rolemap.Pool {
	one := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": hostileMapping(n)}}
	ten := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{}, RoleMappings: map[string]rolemap.Mapping{}}
	for i := range 10 {
		ten.RoleMappings["login"+strconv.Itoa(i)+".example.com"] = hostileMapping(n)
	}
	colons := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{colonKey(): hostileMapping(n)}}
	return map[string]rolemap.Pool{"one mapping of 400 rules": one, "ten mappings of 400 rules": ten, "a key with 40 colons": colons}
}

// TestLintHostileBounded: Lint's analysis is quadratic per mapping at most
// (400² cheap comparisons); the cubic analysis took over 2,000× parsing the
// document. Four times the rules must cost at most 24× the comparisons and
// the allocations (16× is quadratic, 64× cubic).
func TestLintHostileBounded(t *testing.T) {
	small := hostilePools(100)
	for name, p := range hostilePools(400) {
		t.Run(name, func(t *testing.T) {
			var fs []validate.Finding
			lint := func(p rolemap.Pool) func() {
				return func() { fs = validate.Lint(p, validate.WithMaxRules(400)) }
			}
			stepsSmall, steps := work.Count(lint(small[name])), work.Count(lint(p))
			alloc, allocSmall := timing.Allocated(lint(p)), timing.Allocated(lint(small[name]))
			t.Logf("400 rules: %d comparisons, %d bytes; 100 rules: %d and %d", steps, alloc, stepsSmall, allocSmall)
			if steps > 24*stepsSmall || alloc > 24*allocSmall {
				t.Errorf("Lint: %d comparisons and %d bytes at 400 rules, over 24× those at 100 (%d and %d)", steps, alloc, stepsSmall, allocSmall)
			}
			total := 0
			for _, f := range fs {
				total += len(f.Message) + len(f.Fix)
				if len(f.Message) > 1024 {
					t.Errorf("%s: message of %d bytes: %.200s…", f.Path, len(f.Message), f.Message)
				}
				if len(f.Related) > 10 {
					t.Errorf("%s: %d related paths", f.Path, len(f.Related))
				}
			}
			if total > 1<<20*len(p.RoleMappings) {
				t.Errorf("findings hold %d bytes of text", total)
			}
			unreachable := 0
			for _, f := range fs {
				if f.Code == validate.CodeUnreachableRule {
					unreachable++
				}
			}
			// Rule 0 NotEqual "a0" and rule 1 Contains "a1"... do not
			// cover each other, but a later Contains accepting "a…0"
			// covers the claim; the analysis must still find rules.
			if unreachable == 0 {
				t.Errorf("no unreachable rule reported; the NotEqual/Contains pairs shadow the tail")
			}
		})
	}
}

// TestLintQuota checks that Lint analyses at the quota it is given: a
// mapping of 30 rules does not compile at the default quota of 25, so no
// rule of it is reported unreachable unless the quota is raised.
func TestLintQuota(t *testing.T) {
	m := hostileMapping(30)
	p := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": m}}
	count := func(fs []validate.Finding) (n int) {
		for _, f := range fs {
			if f.Code == validate.CodeUnreachableRule {
				n++
			}
		}
		return n
	}
	if n := count(validate.Lint(p)); n != 0 {
		t.Errorf("Lint at the default quota reported %d unreachable rules of a pool that does not compile", n)
	}
	if n := count(validate.Lint(p, validate.WithMaxRules(30))); n == 0 {
		t.Errorf("Lint with WithMaxRules(30) reported no unreachable rule")
	}
}

// TestCompileHugeKeyBounded is a 1 MiB mapping key with 2,000 empty rules:
// each rule's path would hold the key. Compile must take memory linear in
// the document: at most 16× its size.
func TestCompileHugeKeyBounded(t *testing.T) {
	key := strings.Repeat("k", 1<<20)
	p := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{},
		RoleMappings: map[string]rolemap.Mapping{key: {RulesConfiguration: &rolemap.RulesConfiguration{Rules: make([]rolemap.Rule, 2000)}}}}
	var err error
	alloc := timing.Allocated(func() { err = validate.Pool(p) })
	if alloc > 16<<20 {
		t.Errorf("validate.Pool allocated %d bytes for a 1 MiB key, over 16 MiB", alloc)
	}
	size := len(err.Error())
	if size > 4<<20 {
		t.Errorf("the report is %d bytes for a 1 MiB document", size)
	}
	// Many small violations under a long (valid) key: the report lists at
	// most MaxViolations of them and counts the rest.
	key = strings.Repeat("é", 128)
	p.RoleMappings = map[string]rolemap.Mapping{key: {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
		RulesConfiguration: &rolemap.RulesConfiguration{Rules: make([]rolemap.Rule, 100000)}}}
	err = validate.Pool(p)
	if n := len(validate.Errors(err)); n != rolemap.MaxViolations {
		t.Errorf("%d violations listed; want %d", n, rolemap.MaxViolations)
	}
	if !strings.Contains(err.Error(), "more violations") {
		t.Errorf("the report does not say how many violations it omits")
	}
}

// notEqualPool is a pool whose one mapping has n NotEqual rules on one
// claim, with values prefix+i and, unless role is set, a role per rule:
// diffed against another prefix, every pair of rules (i, j) is a
// satisfiable pair of first matches, whose witness holds i+j values.
func notEqualPool(prefix string, n int, role string) rolemap.Pool {
	rules := make([]rolemap.Rule, n)
	for i := range rules {
		r := role
		if r == "" {
			r = "arn:aws:iam::111122223333:role/" + prefix + strconv.Itoa(i)
		}
		rules[i] = rolemap.Rule{Claim: "c", MatchType: rolemap.NotEqual, Value: prefix + strconv.Itoa(i), RoleARN: r}
	}
	return rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}}}
}

// TestDiffHostileBounded diffs two 400-rule mappings whose 160,000 pairs
// of first matches are all satisfiable. With one role for every rule, no
// pair changes, and Diff must not build a witness of hundreds of values for
// each (that took 14 s, over 6,000× linting the pools): Diff allocates
// at most 100× what linting both pools allocates; with a role per rule
// every pair changes, and Diff stops at MaxWitnessValues with
// ErrTooManyChanges, its changes sound and one per pair.
func TestDiffHostileBounded(t *testing.T) {
	const role = "arn:aws:iam::111122223333:role/Same"
	old, new := notEqualPool("a", 400, role), notEqualPool("b", 400, role)
	base := lintAllocated(old, new, 400)
	var changes []validate.Change
	var err error
	alloc := timing.Allocated(func() { changes, err = validate.Diff(old, new, rolemap.WithMaxRules(400)) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Diff allocated %d bytes, %.1f× linting both pools (%d)", alloc, float64(alloc)/float64(base), base)
	if alloc > 100*base {
		t.Errorf("Diff allocated %d bytes, over 100× linting both pools (%d)", alloc, base)
	}
	checkSound(t, old, new, changes)
	for _, c := range changes {
		if c.Old.Role == role && c.New.Role == role {
			t.Fatalf("change without a difference: %+v", c)
		}
	}

	old, new = notEqualPool("a", 400, ""), notEqualPool("b", 400, "")
	changes, err = validate.Diff(old, new, rolemap.WithMaxRules(400))
	if !errors.Is(err, validate.ErrTooManyChanges) {
		t.Fatalf("Diff of 160,000 changing pairs: err = %v, want ErrTooManyChanges", err)
	}
	values, pairs := 0, map[[2]string]bool{}
	for _, c := range changes {
		for _, v := range c.Witness.Claims {
			if l, ok := v.([]any); ok {
				values += len(l)
			} else {
				values++
			}
		}
		pairs[[2]string{c.OldRule, c.NewRule}] = true
	}
	if len(pairs) < 1000 || len(pairs) != len(changes) {
		t.Errorf("%d changes over %d rule pairs; want one per pair, and over 1,000", len(changes), len(pairs))
	}
	if values > validate.MaxWitnessValues+800 {
		t.Errorf("the witnesses hold %d claim values, over MaxWitnessValues (%d) and one witness", values, validate.MaxWitnessValues)
	}
	checkSound(t, old, new, changes[:100])
}

// colonPools are two pools of ten user pool mappings of n rules each, under
// keys with as many colons as fit (each colon a route to its mapping), the
// new one with each mapping's rules reversed.
func colonPools(n int) (old, new rolemap.Pool) {
	old = rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{}}
	new = rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: old.Roles, RoleMappings: map[string]rolemap.Mapping{}}
	for i := range 10 {
		k := "cognito-idp.us-east-1.amazonaws.com/us-east-1_P" + strconv.Itoa(i)
		for len(k)+2 <= 128 {
			k += ":a"
		}
		m := hostileMapping(n)
		old.RoleMappings[k] = m
		rev := slices.Clone(m.RulesConfiguration.Rules)
		slices.Reverse(rev)
		new.RoleMappings[k] = rolemap.Mapping{Type: m.Type, AmbiguousRoleResolution: m.AmbiguousRoleResolution,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rev}}
	}
	return old, new
}

// TestDiffColonKeysBounded: every colon of a user pool key is a login and
// app client that selects its mapping, and Diff analysed the mapping's rule
// pairs once per colon (ten mappings of 25 rules under 40-colon keys: 2.3 s
// and 1.2 GiB; of 400 rules: 10 s and 5.4 GiB). The analysis of a mapping
// pair is now shared by the routes that reach it alike.
func TestDiffColonKeysBounded(t *testing.T) {
	for _, n := range []int{25, 60} {
		t.Run(strconv.Itoa(n)+" rules", func(t *testing.T) {
			old, new := colonPools(n)
			opt := rolemap.WithMaxRules(max(n, 25))
			var changes []validate.Change
			var err error
			alloc := timing.Allocated(func() { changes, err = validate.Diff(old, new, opt) })
			if err != nil {
				t.Fatal(err)
			}
			lintAlloc := lintAllocated(old, new, n)
			t.Logf("Diff allocated %d bytes, %.1f× linting both pools (%d)", alloc, float64(alloc)/float64(lintAlloc), lintAlloc)
			if alloc > 40*lintAlloc {
				t.Errorf("Diff allocated %d bytes, over 40× linting both pools (%d)", alloc, lintAlloc)
			}
			if len(changes) == 0 {
				t.Fatal("no changes: reversing the rules changes who gets which role")
			}
			checkSound(t, old, new, changes[:min(len(changes), 200)])
		})
	}
}

// TestDiffWorkBudget diffs ten 400-rule mappings of distinct Equals values
// and roles against their rules reversed: each of the 1.6 million rule
// pairs is a change with a two-value witness, so MaxWitnessValues stops it
// only after half a million changes (6.4 s). The work budget stops it with
// ErrTooMuchWork, allocating within a small multiple of linting the pools,
// its changes sound.
func TestDiffWorkBudget(t *testing.T) {
	old := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{}}
	new := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: old.Roles, RoleMappings: map[string]rolemap.Mapping{}}
	for i := range 10 {
		m := hostileMapping(400)
		for r := range m.RulesConfiguration.Rules {
			m.RulesConfiguration.Rules[r].MatchType = rolemap.Equals
		}
		rev := slices.Clone(m.RulesConfiguration.Rules)
		slices.Reverse(rev)
		k := "login" + strconv.Itoa(i) + ".example.com"
		old.RoleMappings[k] = m
		new.RoleMappings[k] = rolemap.Mapping{Type: m.Type, AmbiguousRoleResolution: m.AmbiguousRoleResolution,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rev}}
	}
	base := lintAllocated(old, new, 400)
	var changes []validate.Change
	var err error
	alloc := timing.Allocated(func() { changes, err = validate.Diff(old, new, rolemap.WithMaxRules(400)) })
	t.Logf("Diff allocated %d bytes, %.1f× linting both pools (%d), and listed %d changes", alloc, float64(alloc)/float64(base), base, len(changes))
	if alloc > 60*base {
		t.Errorf("Diff allocated %d bytes, over 60× linting both pools (%d)", alloc, base)
	}
	if !errors.Is(err, validate.ErrTooMuchWork) || len(changes) == 0 {
		t.Fatalf("Diff: %d changes, err = %v; want changes and ErrTooMuchWork", len(changes), err)
	}
	if len(changes) > validate.MaxDiffWork {
		t.Errorf("%d changes listed, over MaxDiffWork (%d)", len(changes), validate.MaxDiffWork)
	}
	checkSound(t, old, new, changes[:100])
}

// TestLintDocumentBounded lints documents of 1 MiB shaped against the
// document walk: near misses of AWS's member names by the tens of
// thousands (each is compared with every known name), members given twice,
// long unknown names, deep nesting. LintDocument's counted work (bytes
// stepped over to place findings, distance cells) must stay within 20× the
// document's size and its allocations within 32× decoding's, and it lists
// at most 100 of its findings.
func lintDocuments() map[string][]byte {
	build := func(open, item, close string) []byte {
		var b strings.Builder
		b.WriteString(open)
		for i := 0; b.Len() < 1<<20; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strings.ReplaceAll(item, "N", strconv.Itoa(i%1000)))
		}
		b.WriteString(close)
		return []byte(b.String())
	}
	return map[string][]byte{
		"near misses":   build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, `, `"RoleMapingsN": 1`, `}`),
		"duplicates":    build(`{"IdentityPoolId": "us-east-1:1", "Roles": {`, `"kN": "arn:aws:iam::111122223333:role/R"`, `}}`),
		"long names":    build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, `, `"`+strings.Repeat("R", 100)+`N": 1`, `}`),
		"deep nesting":  build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "x": [`, strings.Repeat(`{"Rolez":[`, 500)+strings.Repeat(`]}`, 500), `]}`),
		"mapping typos": build(`{"IdentityPoolId": "us-east-1:1", "Roles": {}, "RoleMappings": {"accounts.google.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny", `, `"typeN": 1`, `}}}`),
	}
}

func TestLintDocumentBounded(t *testing.T) {
	for name, doc := range lintDocuments() {
		t.Run(name, func(t *testing.T) {
			var fs []validate.Finding
			var err error
			steps := work.Count(func() { fs, err = validate.LintDocument(doc) })
			if err != nil {
				t.Fatal(err)
			}
			alloc, base := timing.Allocated(func() { _, _ = validate.LintDocument(doc) }), timing.DecodeAllocated(t, doc)
			t.Logf("%d bytes, %d findings: %d steps (%.1f a byte), %.1f× decoding's allocations", len(doc), len(fs), steps,
				float64(steps)/float64(len(doc)), float64(alloc)/float64(base))
			if steps > 20*len(doc) || alloc > 32*base {
				t.Errorf("LintDocument: %d steps and %d bytes allocated, over 20× the document's %d bytes or 32× decoding's %d", steps, alloc, len(doc), base)
			}
			if len(fs) > 120 {
				t.Errorf("%d findings, want at most about 100", len(fs))
			}
		})
	}
}

// lintAllocated returns what linting both pools at quota allocates: the
// baseline of Diff's memory.
func lintAllocated(old, new rolemap.Pool, quota int) uint64 {
	return timing.Allocated(func() {
		validate.Lint(old, validate.WithMaxRules(quota))
		validate.Lint(new, validate.WithMaxRules(quota))
	})
}

// BenchmarkBoundInputs times inputs of the bound tests (the Lint of
// hostilePools is BenchmarkHostileOneMapping and its kin): LintDocument of
// lintDocuments beside decoding each, and Diff of the NotEqual pools.
func BenchmarkBoundInputs(b *testing.B) {
	for name, doc := range lintDocuments() {
		b.Run("op=lintdocument/doc="+strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = validate.LintDocument(doc)
			}
		})
		b.Run("op=decode/doc="+strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = json.Unmarshal(doc, &v)
			}
		})
	}
	const role = "arn:aws:iam::111122223333:role/Same"
	old, new := notEqualPool("a", 400, role), notEqualPool("b", 400, role)
	b.Run("op=diff/pools=notequal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = validate.Diff(old, new, rolemap.WithMaxRules(400))
		}
	})
}

// TestUserPoolBounded: a Token mapping's user pool of 10,000 groups and
// 20,000 users (each in a few groups) lints and diffs reading each user's
// groups only (counted: at most 12 groups read per user by Lint, which
// reads them for token-groups-no-role and again for the access analysis'
// custom-role-choice; 48 by DiffCredentials, which reads both sides
// several times) and
// allocating a small multiple of decoding it. Computing each user's claims
// by scanning every group read 20,000 × 10,000 groups.
func TestUserPoolBounded(t *testing.T) {
	const users = 20000
	up := usergroups.UserPool{Users: map[string][]string{}}
	for i := range usergroups.MaxGroups {
		p := int64(i % 7)
		up.Groups = append(up.Groups, usergroups.Group{GroupName: "group-" + strconv.Itoa(i),
			RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i%50), Precedence: &p})
	}
	for i := range users {
		up.Users["user-"+strconv.Itoa(i)] = []string{"group-" + strconv.Itoa(i%usergroups.MaxGroups), "group-" + strconv.Itoa((i*7)%usergroups.MaxGroups)}
	}
	doc, err := json.Marshal(up)
	if err != nil {
		t.Fatal(err)
	}
	pool := tokenPool()
	ups := map[string]usergroups.UserPool{"us-east-1_Example": up}
	// The new side moves every group's Precedence, so users' claims change.
	moved := usergroups.UserPool{Users: up.Users}
	for i, g := range up.Groups {
		p := int64((i + 3) % 7)
		g.Precedence = &p
		moved.Groups = append(moved.Groups, g)
	}
	base := timing.DecodeAllocated(t, doc)
	lint := func() { validate.Lint(pool, validate.WithUserPools(ups)) }
	diff := func() {
		_, err := validate.DiffCredentials(validate.Side{Pool: pool, UserPools: ups},
			validate.Side{Pool: pool, UserPools: map[string]usergroups.UserPool{"us-east-1_Example": moved}})
		if err != nil {
			t.Error(err)
		}
	}
	lintSteps, diffSteps := work.Count(lint), work.Count(diff)
	lintAlloc, diffAlloc := timing.Allocated(lint), timing.Allocated(diff)
	t.Logf("%d bytes, %d groups, %d users: Lint %d steps, %.1f× decoding's allocations (%d); DiffCredentials %d steps, %.1f×",
		len(doc), len(up.Groups), users, lintSteps, float64(lintAlloc)/float64(base), base, diffSteps, float64(diffAlloc)/float64(base))
	if lintSteps > 12*users || diffSteps > 48*users {
		t.Errorf("Lint counted %d steps and DiffCredentials %d for %d users of 2 groups; want at most 12 and 48 a user", lintSteps, diffSteps, users)
	}
	if lintAlloc > 20*base {
		t.Errorf("Lint allocated %d bytes, over 20× decoding the user pool (%d)", lintAlloc, base)
	}
	if diffAlloc > 100*base {
		t.Errorf("DiffCredentials allocated %d bytes, over 100× decoding the user pool (%d)", diffAlloc, base)
	}
}
