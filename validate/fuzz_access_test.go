package validate_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"
)

// fuzzAccessMaxInput is the largest deployment document FuzzAccess
// analyses: the analysis is bounded by the deployment's size, and larger
// inputs only slow the fuzzer down.
const fuzzAccessMaxInput = 64 << 10

// accessSeeds returns the repository's real deployment documents as
// bytes: those of credentialDeployments (the cdk synth templates' pools
// and the case files with roles or user pools), each case file's pool
// document alone, and the pools of the examples/access template, which
// the access example's README sessions run.
func accessSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, doc := range credentialDeployments(tb) {
		data, err := json.Marshal(doc)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, data)
	}
	for _, top := range fixtures.CaseFiles(tb, "../rolemap") {
		if p := top["pool"]; len(p) > 0 && p[0] == '{' {
			out = append(out, p)
		}
	}
	data, err := os.ReadFile("../examples/access/AccessStack.template.json")
	if err != nil {
		tb.Fatal(err)
	}
	res, err := iac.CloudFormation(data)
	if err != nil {
		tb.Fatalf("examples/access template: %v", err)
	}
	for _, name := range slices.Sorted(maps.Keys(res.Pools)) {
		doc, err := casefile.DeploymentDocument(res.Pools[name], res.Roles, res.UserPools)
		if err != nil {
			tb.Fatalf("examples/access template, pool %s: %v", name, err)
		}
		out = append(out, doc)
	}
	return out
}

// FuzzAccess decodes a deployment document (a pool document, with trust
// policies and user pools) and checks that Access never panics, lists at
// most |U|×2×|K| paths (one per role, flow and identity kind, U the roles
// and K the identity kinds of the report), and writes the same JSON twice,
// and for a second analysis of the same deployment.
func FuzzAccess(f *testing.F) {
	seeds := accessSeeds(f)
	if len(seeds) < 10 {
		f.Fatalf("%d seeds from the fixtures, want at least 10", len(seeds))
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzAccessMaxInput {
			return
		}
		d, err := casefile.ParseDeployment(data)
		if err != nil {
			return
		}
		r, err := validate.Access(*d)
		if err != nil {
			return
		}
		paths := 0
		for _, ra := range r.Roles {
			paths += len(ra.Paths)
		}
		if limit := len(r.Roles) * 2 * len(r.Identities); paths > limit {
			t.Fatalf("%d paths, over |U|×2×|K| = %d×2×%d", paths, len(r.Roles), len(r.Identities))
		}
		var a, b bytes.Buffer
		if err := r.WriteJSON(&a); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("WriteJSON wrote two answers:\n%.2000s\n%.2000s", a.String(), b.String())
		}
		r2, err := validate.Access(*d)
		if err != nil {
			t.Fatalf("a second analysis failed: %v", err)
		}
		b.Reset()
		if err := r2.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("two analyses of one deployment differ:\n%.2000s\n%.2000s", a.String(), b.String())
		}
	})
}

// FuzzAccessMarkdown puts arbitrary text in every name and message of a
// real report (a role ARN, an identity kind, a via, a condition, a tag, a
// selectable user, an unknown, a finding's path and message), many times
// over, and checks that WriteMarkdown stays within GitHub's comment limit
// and writes no raw control, line-separator or bidirectional formatting
// character.
func FuzzAccessMarkdown(f *testing.F) {
	var reports []*validate.AccessReport
	for _, s := range accessSeeds(f) {
		d, err := casefile.ParseDeployment(s)
		if err != nil {
			continue
		}
		if r, err := validate.Access(*d); err == nil && len(r.Roles) > 0 {
			reports = append(reports, r)
		}
	}
	if len(reports) < 4 {
		f.Fatalf("%d reports from the fixtures, want at least 4", len(reports))
	}
	for i, r := range reports {
		ra := r.Roles[0]
		f.Add(uint8(i), uint8(1), ra.ARN, strings.Join(r.Identities, " "), "alice", "the pool accepts guests")
		f.Add(uint8(i), uint8(40), ra.ARN+"\u200b\x1b[31m\u202e", "@octocat`|#", "<b>\n</b>", "\u2028\u0085 [x](y) **z**")
	}
	f.Fuzz(func(t *testing.T, which, copies uint8, arn, identity, user, msg string) {
		r := hostileReport(reports[int(which)%len(reports)], int(copies)%64+1, arn, identity, user, msg)
		var b bytes.Buffer
		if err := r.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if n := utf8.RuneCountInString(out); n > validate.MaxComment {
			t.Fatalf("%d characters, over GitHub's limit of %d", n, validate.MaxComment)
		}
		for i, c := range out {
			if rawControl(c) {
				t.Fatalf("raw %U at byte %d: %q", c, i, out[max(0, i-80):min(len(out), i+80)])
			}
		}
	})
}

// rawControl reports whether c must not reach a comment raw: a control
// character other than a newline, a line or paragraph separator, or a
// bidirectional formatting character.
func rawControl(c rune) bool {
	switch {
	case c == '\n':
		return false
	case c < 0x20, c >= 0x7f && c <= 0x9f, c == utf8.RuneError:
		return true
	case c == 0x2028, c == 0x2029, c == 0x061c, c == 0x200e, c == 0x200f,
		c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069:
		return true
	}
	return false
}

// hostileReport returns a copy of base with copies roles named after arn,
// each with a path from identity (via, condition, tag and selectable user
// from user) and a finding and an unknown of message msg.
func hostileReport(base *validate.AccessReport, copies int, arn, identity, user, msg string) *validate.AccessReport {
	r := *base
	r.Identities = append(slices.Clone(base.Identities), identity)
	r.Roles = slices.Clone(base.Roles)
	r.Unknowns = append(slices.Clone(base.Unknowns), validate.Unknown{ID: user, Message: msg})
	r.Findings = slices.Clone(base.Findings)
	for i := range copies {
		name := arn
		if i > 0 {
			name += strings.Repeat("/", i)
		}
		p := validate.Path{Flow: validate.FlowEnhanced, Identity: identity, Via: []string{user, "custom-role"}, Certainty: validate.Possible,
			Why:        []string{msg},
			Conditions: []validate.Condition{{Claim: user, Test: msg, Controller: validate.ControllerUser}},
			Tags:       map[string]string{user: msg}, Selectable: map[string][]string{user: {arn, name}},
			Witness: validate.PathWitness{Flow: validate.FlowEnhanced, Login: identity, Claims: map[string]any{user: msg}, CustomRoleArn: arn}}
		r.Roles = append(r.Roles, validate.RoleAccess{ARN: name, Trust: "verified", Paths: []validate.Path{p}})
		r.Findings = append(r.Findings, validate.AccessFinding{Finding: validate.Finding{Code: user, Severity: validate.SeverityWarning,
			Path: diag.Root("roles").Key(name).Member(msg), Message: msg, Fix: msg}})
	}
	return &r
}

// TestAccessSeedsReach: FuzzAccess's seeds reach the analysis: every one
// reads as a deployment, most are analysed, and some have paths, trust
// policies and user pools.
func TestAccessSeedsReach(t *testing.T) {
	seeds := accessSeeds(t)
	analysed, withPaths, withDeployment := 0, 0, 0
	for _, s := range seeds {
		d, err := casefile.ParseDeployment(s)
		if err != nil {
			t.Errorf("a seed is no deployment: %v\n%.300s", err, s)
			continue
		}
		r, err := validate.Access(*d)
		if err != nil {
			continue
		}
		analysed++
		if d.Roles != nil && d.UserPools != nil {
			withDeployment++
		}
		for _, ra := range r.Roles {
			if len(ra.Paths) > 0 {
				withPaths++
				break
			}
		}
	}
	t.Logf("%d seeds, %d analysed, %d with paths, %d with trust policies and user pools", len(seeds), analysed, withPaths, withDeployment)
	if analysed*2 < len(seeds) || withPaths < 5 || withDeployment < 2 {
		t.Errorf("%d seeds: %d analysed, %d with paths, %d with trust policies and user pools; want most analysed, at least 5 with paths and 2 with a deployment",
			len(seeds), analysed, withPaths, withDeployment)
	}
}
