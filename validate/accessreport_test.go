package validate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

const (
	upKey = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1"
	gold  = "arn:aws:iam::111122223333:role/Gold"
	guest = "arn:aws:iam::111122223333:role/Guest"
	idle  = "arn:aws:iam::111122223333:role/Idle"
)

// handReport is an access report built by hand: a rule path, a guest's
// enhanced (certain) and basic (possible) paths, a role no path reaches,
// an unknown and two findings.
func handReport() *validate.AccessReport {
	up := "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
	return &validate.AccessReport{
		IdentityPoolID: "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100",
		Complete:       false,
		Unknowns:       []validate.Unknown{{ID: validate.UnknownClassicFlowUnset, Message: "AllowClassicFlow is absent"}, {Message: "other roles of the account may trust the pool too"}},
		Identities:     []string{upKey, "guest"},
		Roles: []validate.RoleAccess{
			{ARN: gold, Trust: "verified", Paths: []validate.Path{{
				Flow: validate.FlowEnhanced, Identity: upKey, Via: []string{"rule 0"}, Certainty: validate.Certain,
				Conditions: []validate.Condition{{Claim: "custom:tier", Test: `Equals "gold"`, Controller: validate.ControllerUser}},
				Witness: validate.PathWitness{Flow: validate.FlowEnhanced, Login: up,
					Claims: map[string]any{"aud": "client1", "sub": "w-1", "custom:tier": "gold"}},
			}}},
			{ARN: guest, Trust: "verified", Paths: []validate.Path{
				{Flow: validate.FlowEnhanced, Identity: "guest", Via: []string{"default-role"}, Certainty: validate.Certain, ScopedDown: true,
					Witness: validate.PathWitness{Flow: validate.FlowEnhanced}},
				{Flow: validate.FlowBasic, Identity: "guest", Via: []string{"trust"}, Certainty: validate.Possible, Why: []string{validate.UnknownClassicFlowUnset},
					Witness: validate.PathWitness{Flow: validate.FlowBasic, RoleArn: guest, AMR: []string{"unauthenticated"}}},
			}},
			{ARN: idle, Trust: "unverified"},
		},
		Findings: []validate.AccessFinding{
			{Finding: validate.Finding{Code: validate.CodeClassicFlowEnabled, Path: diag.Root("AllowClassicFlow"), Message: "the basic flow is possibly enabled"}},
			{Finding: validate.Finding{Code: validate.CodeUserWritableClaim, Path: diag.Root("RoleMappings").Key(upKey).Member("RulesConfiguration").Member("Rules").Index(0).Member("Claim"),
				Message: "users of client1 write custom:tier and get role/Gold"},
				Witness: &validate.PathWitness{Flow: validate.FlowEnhanced, Login: up, Claims: map[string]any{"aud": "client1", "sub": "w-1", "custom:tier": "gold"}}},
		},
	}
}

// TestAccessReportJSON: the JSON holds the report's members in the
// reference's shape — every list and map written, each witness in its
// flow's shape, a finding without a witness null.
func TestAccessReportJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := handReport().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"identityPoolId": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100",
		"complete":       false,
		"unknowns": []any{
			map[string]any{"id": "classic-flow-unset", "message": "AllowClassicFlow is absent"},
			map[string]any{"message": "other roles of the account may trust the pool too"},
		},
		"identities": []any{upKey, "guest"},
		"roles": []any{
			map[string]any{"arn": gold, "trust": "verified", "paths": []any{map[string]any{
				"flow": "enhanced", "identity": upKey, "via": []any{"rule 0"}, "certainty": "certain", "why": []any{},
				"conditions": []any{map[string]any{"claim": "custom:tier", "test": `Equals "gold"`, "controller": "user"}},
				"scopedDown": false, "tags": map[string]any{}, "selectable": map[string]any{},
				"witness": map[string]any{"flow": "enhanced", "login": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
					"claims": map[string]any{"aud": "client1", "sub": "w-1", "custom:tier": "gold"}, "customRoleArn": ""},
			}}},
			map[string]any{"arn": guest, "trust": "verified", "paths": []any{
				map[string]any{"flow": "enhanced", "identity": "guest", "via": []any{"default-role"}, "certainty": "certain", "why": []any{},
					"conditions": []any{}, "scopedDown": true, "tags": map[string]any{}, "selectable": map[string]any{},
					"witness": map[string]any{"flow": "enhanced", "login": "", "claims": map[string]any{}, "customRoleArn": ""}},
				map[string]any{"flow": "basic", "identity": "guest", "via": []any{"trust"}, "certainty": "possible", "why": []any{"classic-flow-unset"},
					"conditions": []any{}, "scopedDown": false, "tags": map[string]any{}, "selectable": map[string]any{},
					"witness": map[string]any{"flow": "basic", "login": "", "claims": map[string]any{}, "roleArn": guest, "amr": []any{"unauthenticated"}}},
			}},
			map[string]any{"arn": idle, "trust": "unverified", "paths": []any{}},
		},
		"findings": []any{
			map[string]any{"code": "classic-flow-enabled", "severity": "warning", "path": "AllowClassicFlow",
				"message": "the basic flow is possibly enabled", "witness": nil},
			map[string]any{"code": "user-writable-claim", "severity": "warning", "path": `RoleMappings["` + upKey + `"].RulesConfiguration.Rules[0].Claim`,
				"message": "users of client1 write custom:tier and get role/Gold",
				"witness": map[string]any{"flow": "enhanced", "login": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC",
					"claims": map[string]any{"aud": "client1", "sub": "w-1", "custom:tier": "gold"}, "customRoleArn": ""}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
	// The members come in the reference's order.
	var order []string
	for _, k := range []string{"identityPoolId", "complete", "unknowns", "identities", "roles", "findings"} {
		order = append(order, fmt.Sprint(strings.Index(buf.String(), `"`+k+`"`)))
	}
	for i := 1; i < len(order); i++ {
		if len(order[i]) < len(order[i-1]) || len(order[i]) == len(order[i-1]) && order[i] < order[i-1] {
			t.Errorf("members out of order: offsets %v", order)
		}
	}
	// A developer witness keeps what replays it.
	r := handReport()
	r.Roles[0].Paths[0].Witness = validate.PathWitness{Flow: validate.FlowEnhanced, Login: "developer", IdentityID: "us-east-1:w-1",
		DeveloperUserID: "w-2", DeveloperTags: map[string]string{"team": "a"}}
	buf.Reset()
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	compact := strings.Join(strings.Fields(buf.String()), "")
	if want := `"customRoleArn":"","identityId":"us-east-1:w-1","developerUserId":"w-2","developerTags":{"team":"a"}}`; !strings.Contains(compact, want) {
		t.Errorf("developer witness: no %s in\n%s", want, buf.String())
	}
	// An empty report writes its lists, and WriteAccessJSON an array.
	buf.Reset()
	if err := validate.WriteAccessJSON(&buf, []*validate.AccessReport{{}}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{`"unknowns": []`, `"identities": []`, `"roles": []`, `"findings": []`} {
		if !strings.Contains(buf.String(), m) {
			t.Errorf("empty report: no %s in\n%s", m, buf.String())
		}
	}
	if !strings.HasPrefix(buf.String(), "[") {
		t.Errorf("WriteAccessJSON: not an array:\n%s", buf.String())
	}
}

// TestAccessReportText: one line per path, naming its role, flow,
// identity, ways, certainty, unknowns, conditions and witness; a line for
// a role no path reaches; then the unknowns and the findings.
func TestAccessReportText(t *testing.T) {
	var buf bytes.Buffer
	if err := handReport().WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	want := `identity pool us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100: 2 identity kinds, 3 roles, 3 paths (incomplete: 2 unknowns)
arn:aws:iam::111122223333:role/Gold: enhanced cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1 via rule 0, certain; if custom:tier Equals "gold" (user); witness {"flow":"enhanced","login":"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC","claims":{"aud":"client1","custom:tier":"gold","sub":"w-1"},"customRoleArn":""}
arn:aws:iam::111122223333:role/Guest: enhanced guest via default-role, certain; scoped down; witness {"flow":"enhanced","login":"","claims":{},"customRoleArn":""}
arn:aws:iam::111122223333:role/Guest: basic guest via trust, possible (classic-flow-unset); witness {"flow":"basic","login":"","claims":{},"roleArn":"arn:aws:iam::111122223333:role/Guest","amr":["unauthenticated"]}
arn:aws:iam::111122223333:role/Idle: no path (trust unverified)
unknown classic-flow-unset: AllowClassicFlow is absent
unknown note: other roles of the account may trust the pool too
warning classic-flow-enabled AllowClassicFlow: the basic flow is possibly enabled
warning user-writable-claim RoleMappings["cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1"].RulesConfiguration.Rules[0].Claim: users of client1 write custom:tier and get role/Gold
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

// TestAccessReportMarkdown: the graph (one edge per path, dashed when
// possible), the table, the roles no path reaches, the unknowns and the
// findings.
func TestAccessReportMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := handReport().WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	want := "### rolemap access: `us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100`\n\n" +
		"2 identity kinds, 3 roles, 3 paths; **incomplete**: the report rests on 2 unknowns (listed below).\n\n" +
		"```mermaid\nflowchart LR\n" +
		"  i0[\"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1\"]\n" +
		"  i1[\"guest\"]\n" +
		"  r0[\"role/Gold\"]\n  r1[\"role/Guest\"]\n  r2[\"role/Idle\"]\n" +
		"  i0 -->|enhanced| r0\n  i1 -->|enhanced| r1\n  i1 -.->|basic| r1\n" +
		"```\n\n" +
		"| Role | Flow | Identity | Via | Certainty | Notes |\n|---|---|---|---|---|---|\n" +
		"| `role/Gold` | enhanced | `" + upKey + "` | `rule 0` | certain | if `custom:tier Equals \"gold\"` (user) |\n" +
		"| `role/Guest` | enhanced | `guest` | `default-role` | certain | scoped down |\n" +
		"| `role/Guest` | basic | `guest` | `trust` | possible | unknown: `classic-flow-unset` |\n" +
		"\nNo path reaches `role/Idle`.\n" +
		"\nUnknowns:\n\n" +
		"- `classic-flow-unset`: AllowClassicFlow is absent\n" +
		"- other roles of the account may trust the pool too\n" +
		"\nFindings:\n\n" +
		"- **warning** `classic-flow-enabled` `AllowClassicFlow`: the basic flow is possibly enabled\n" +
		"- **warning** `user-writable-claim` `RoleMappings[\"" + upKey + "\"].RulesConfiguration.Rules[0].Claim`: users of client1 write custom:tier and get role/Gold\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("markdown (-want +got):\n%s", diff)
	}
}

// hostile is text a deployment may hold that would break out of a label,
// a code span, a cell or a line, ping someone, or drive a terminal.
const hostile = "x\"]\n```\n| a | b |\n`code` @octocat <script>#1; \x1b[31m\u202e -->|enhanced| r0 *em* [l](http://e)"

// TestAccessMarkdownEscapes: a deployment's text cannot end a Mermaid
// label or the diagram, a code span or a cell, start a line, mention a
// user or reach a terminal raw.
func TestAccessMarkdownEscapes(t *testing.T) {
	r := handReport()
	r.IdentityPoolID = hostile
	r.Identities = append(r.Identities, hostile)
	r.Roles[0].ARN = "arn:aws:iam::1:role/" + hostile
	r.Roles[0].Paths[0].Identity = hostile
	r.Roles[0].Paths[0].Conditions[0].Test = hostile
	r.Roles[0].Paths[0].Via = []string{hostile}
	r.Unknowns[1].Message = hostile
	r.Findings[0].Message = hostile
	r.Findings[0].Path = diag.Root("roles").Key(hostile)
	var buf bytes.Buffer
	if err := r.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\u202e") {
		t.Errorf("a control character reaches the comment:\n%s", out)
	}
	if strings.Contains(outsideCode(out), "@octocat") {
		t.Errorf("the comment mentions a user:\n%s", out)
	}
	// The graph holds only node and edge lines.
	graph, _, _ := strings.Cut(out[strings.Index(out, "```mermaid\n")+len("```mermaid\n"):], "```\n")
	line := regexp.MustCompile(`^(flowchart LR|  [ir]\d+\["[^"` + "`" + `]*"\]|  i\d+ (-->|-\.->)\|(enhanced|basic|other)\| r\d+)$`)
	for _, l := range strings.Split(strings.TrimSuffix(graph, "\n"), "\n") {
		if !line.MatchString(l) {
			t.Errorf("graph line %q is not a node or an edge", l)
		}
	}
	// Each table row has its six cells; each finding line starts "- **".
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| `") && strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 7 {
			t.Errorf("row %q has not six cells", l)
		}
	}
	findings := out[strings.Index(out, "\nFindings:\n\n")+len("\nFindings:\n\n"):]
	for _, l := range strings.Split(strings.TrimSuffix(findings, "\n"), "\n") {
		if !strings.HasPrefix(l, "- **") {
			t.Errorf("finding line %q does not start a finding", l)
		}
	}
	if strings.Count(out, "```") != 2 {
		t.Errorf("the comment has %d code fences, want the graph's 2:\n%s", strings.Count(out, "```"), out)
	}
}

// outsideCode is the Markdown text outside code spans and code blocks,
// where GitHub turns @name into a mention.
func outsideCode(md string) string {
	md = strings.ReplaceAll(md, "\\`", "") // an escaped backtick opens no span
	md = regexp.MustCompile("(?s)```.*?```").ReplaceAllString(md, "")
	return regexp.MustCompile("`[^`]*`").ReplaceAllString(md, "")
}

// TestAccessTextEscapes: the text writer keeps each path on one line and
// escapes control characters.
func TestAccessTextEscapes(t *testing.T) {
	r := handReport()
	r.Roles[0].ARN = hostile
	r.Roles[0].Paths[0].Conditions[0].Claim = hostile
	r.Findings[1].Message = hostile
	var buf bytes.Buffer
	if err := r.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "\x1b\u202e") {
		t.Errorf("a control character reaches the terminal:\n%s", buf.String())
	}
	if n := strings.Count(buf.String(), "\n"); n != 9 {
		t.Errorf("%d lines, want 9 (a path or finding split a line):\n%s", n, buf.String())
	}
}

// hugeReport is a deployment of n roles each reached by k identity kinds
// by both flows, with long names, and n findings.
func hugeReport(n, k int) *validate.AccessReport {
	r := &validate.AccessReport{IdentityPoolID: "us-east-1:huge", Complete: true}
	for j := range k {
		r.Identities = append(r.Identities, fmt.Sprintf("cognito-idp.us-east-1.amazonaws.com/us-east-1_%s:client%d", strings.Repeat("P", 40), j))
	}
	for i := range n {
		role := validate.RoleAccess{ARN: fmt.Sprintf("arn:aws:iam::111122223333:role/%s%06d", strings.Repeat("r", 60), i), Trust: "verified"}
		for _, id := range r.Identities {
			for _, flow := range []validate.Flow{validate.FlowEnhanced, validate.FlowBasic} {
				role.Paths = append(role.Paths, validate.Path{Flow: flow, Identity: id, Via: []string{"rule 1"}, Certainty: validate.Possible,
					Why: []string{validate.UnknownReadability}, Conditions: []validate.Condition{{Claim: "custom:tier", Test: `Equals "` + strings.Repeat("v", 300) + `"`, Controller: "user?"}}})
			}
		}
		r.Roles = append(r.Roles, role)
		r.Findings = append(r.Findings, validate.AccessFinding{Finding: validate.Finding{Code: validate.CodeClassicFlowExposesRole,
			Path: diag.Root("roles").Key(role.ARN).Member("AssumeRolePolicyDocument"), Message: strings.Repeat("m", 5000)}})
	}
	return r
}

// TestAccessMarkdownFits: a huge deployment's comment stays within
// GitHub's limit, leaves the graph out, and counts the rows and findings
// it does not show; so does a comment of many pools.
func TestAccessMarkdownFits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reports []*validate.AccessReport
		want    []string
	}{
		{"one huge pool", []*validate.AccessReport{hugeReport(2000, 5)},
			[]string{"more paths not shown: a comment holds at most 65536 characters", "The graph is left out", "- **warning** `classic-flow-exposes-role`",
				"more findings not shown"}},
		{"many pools", func() []*validate.AccessReport {
			var rs []*validate.AccessReport
			for range 200 {
				rs = append(rs, hugeReport(20, 3))
			}
			return rs
		}(), []string{"more identity pools not shown: a comment holds at most 65536 characters", "### rolemap access: `us-east-1:huge`"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := validate.WriteAccessMarkdown(&buf, tc.reports); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if n := utf8.RuneCountInString(out); n > validate.MaxComment {
				t.Errorf("%d characters, over GitHub's limit of %d", n, validate.MaxComment)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("no %q in the comment", want)
				}
			}
		})
	}
}

// TestAccessMarkdownGraphBounded: a pool of more paths than a graph draws
// gets the table alone, and one within the bound gets a graph of one
// edge per path.
func TestAccessMarkdownGraphBounded(t *testing.T) {
	for _, tc := range []struct {
		roles, kinds int
		graph        bool
	}{{50, 2, true}, {51, 2, false}} {
		var buf bytes.Buffer
		if err := hugeReport(tc.roles, tc.kinds).WriteMarkdown(&buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if got := strings.Contains(out, "```mermaid"); got != tc.graph {
			t.Errorf("%d paths: graph %v, want %v", tc.roles*tc.kinds*2, got, tc.graph)
		}
		if tc.graph {
			if edges := strings.Count(out, "-.->|"); edges != tc.roles*tc.kinds*2 {
				t.Errorf("%d edges, want one per path (%d)", edges, tc.roles*tc.kinds*2)
			}
		}
	}
}

// TestAccessWritersProperty: whatever text a report holds, the comment
// stays within GitHub's limit, its graph holds only node and edge lines
// (no label ends its node or the diagram), each table row has its six
// cells, and no writer lets a control character through.
func TestAccessWritersProperty(t *testing.T) {
	text := rapid.OneOf(rapid.String(), rapid.SampledFrom([]string{hostile, "`", "\"]", "\n```\n", "|", "@a", "\x1b[2J", "#quot;", strings.Repeat("x", 5000)}))
	node := regexp.MustCompile(`^(flowchart LR|  [ir]\d+\["[^"` + "`" + `]*"\]|  i\d+ (-->|-\.->)\|(enhanced|basic|other)\| r\d+)$`)
	rapid.Check(t, func(t *rapid.T) {
		r := &validate.AccessReport{IdentityPoolID: text.Draw(t, "id"), Complete: rapid.Bool().Draw(t, "complete")}
		r.Identities = rapid.SliceOfN(text, 0, 4).Draw(t, "identities")
		for i := range rapid.IntRange(0, 4).Draw(t, "roles") {
			role := validate.RoleAccess{ARN: text.Draw(t, fmt.Sprint("arn", i)), Trust: text.Draw(t, fmt.Sprint("trust", i))}
			for j := range rapid.IntRange(0, 3).Draw(t, fmt.Sprint("paths", i)) {
				at := fmt.Sprint(i, ".", j)
				role.Paths = append(role.Paths, validate.Path{
					Flow:      validate.Flow(rapid.SampledFrom([]string{"enhanced", "basic", text.Draw(t, "flow"+at)}).Draw(t, "flowpick"+at)),
					Identity:  text.Draw(t, "identity"+at),
					Via:       rapid.SliceOfN(text, 0, 2).Draw(t, "via"+at),
					Certainty: validate.Certainty(rapid.SampledFrom([]string{"certain", "possible"}).Draw(t, "certainty"+at)),
					Why:       rapid.SliceOfN(text, 0, 2).Draw(t, "why"+at),
					Conditions: []validate.Condition{{Claim: text.Draw(t, "claim"+at), Test: text.Draw(t, "test"+at),
						Controller: text.Draw(t, "controller"+at)}},
					Tags:    map[string]string{text.Draw(t, "tag"+at): text.Draw(t, "source"+at)},
					Witness: validate.PathWitness{Login: text.Draw(t, "login"+at), Claims: map[string]any{text.Draw(t, "ck"+at): text.Draw(t, "cv"+at)}},
				})
			}
			r.Roles = append(r.Roles, role)
			r.Findings = append(r.Findings, validate.AccessFinding{Finding: validate.Finding{Code: text.Draw(t, fmt.Sprint("code", i)),
				Path: diag.Root(text.Draw(t, fmt.Sprint("path", i))), Message: text.Draw(t, fmt.Sprint("message", i))}})
		}
		r.Unknowns = []validate.Unknown{{ID: text.Draw(t, "unknown"), Message: text.Draw(t, "umessage")}}
		var md, txt bytes.Buffer
		if err := r.WriteMarkdown(&md); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteText(&txt); err != nil {
			t.Fatal(err)
		}
		out := md.String()
		if n := utf8.RuneCountInString(out); n > validate.MaxComment {
			t.Fatalf("%d characters, over GitHub's limit", n)
		}
		for _, w := range []string{out, txt.String()} {
			for _, c := range w {
				if c != '\n' && (c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
					t.Fatalf("control character %U in\n%s", c, w)
				}
			}
		}
		if i := strings.Index(out, "```mermaid\n"); i >= 0 {
			graph, _, _ := strings.Cut(out[i+len("```mermaid\n"):], "```\n")
			for _, l := range strings.Split(strings.TrimSuffix(graph, "\n"), "\n") {
				if !node.MatchString(l) {
					t.Fatalf("graph line %q is not a node or an edge", l)
				}
			}
		}
		if strings.Count(out, "```") > 2 {
			t.Fatalf("%d code fences, want at most the graph's 2:\n%s", strings.Count(out, "```"), out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "| `") && strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 7 {
				t.Fatalf("row %q has not six cells", l)
			}
		}
		if lines := strings.Count(txt.String(), "\n"); lines != 1+pathCount(r)+noPath(r)+len(r.Unknowns)+len(r.Findings) {
			t.Fatalf("%d text lines, want one per path, role without one, unknown and finding, and the summary:\n%s", lines, txt.String())
		}
	})
}

func pathCount(r *validate.AccessReport) int {
	n := 0
	for _, role := range r.Roles {
		n += len(role.Paths)
	}
	return n
}

func noPath(r *validate.AccessReport) int {
	n := 0
	for _, role := range r.Roles {
		if len(role.Paths) == 0 {
			n++
		}
	}
	return n
}
