package casefile_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/validate"
)

// TestParseFileBounded reads an 8 MiB case file of 400,000 cases, each with
// an unknown member. Before the cap on reported issues it took 1.8 s (and
// 11 s on the previous reader), allocated 3.7 GiB and returned an error of
// 18.7 MB; now it reports 100 issues and counts the rest, and allocates
// within a small multiple of what decoding the file allocates.
func TestParseFileBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}}, "cases": [`)
	for i := 0; b.Len() < 8<<20-64; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"nmae": "x"}`)
	}
	b.WriteString("]}")
	data := []byte(b.String())
	baseAlloc := timing.DecodeAllocated(t, data)
	var err error
	alloc := timing.Allocated(func() { _, err = casefile.ParseFile(data) })
	if err == nil {
		t.Fatal("ParseFile accepted unknown members")
	}
	msg := err.Error()
	t.Logf("%d bytes: ParseFile allocated %d bytes (%.1f× decoding), error of %d bytes",
		len(data), alloc, float64(alloc)/float64(baseAlloc), len(msg))
	if alloc > 8*baseAlloc {
		t.Errorf("ParseFile allocated %d bytes, over 8× decoding the file (%d)", alloc, baseAlloc)
	}
	if len(msg) > 64<<10 {
		t.Errorf("error of %d bytes, over 64 KiB", len(msg))
	}
	if n := strings.Count(msg, `did you mean "name"?`); n != 100 {
		t.Errorf("error lists %d issues, want 100", n)
	}
	if !strings.Contains(msg, "… and ") || !strings.Contains(msg, " more problems") {
		t.Errorf("error does not count the issues it omits:\n%.500s", msg)
	}
}

// TestParseFileDuplicates: a member given twice — the last want or pool
// would silently win — is an error naming both places.
func TestParseFileDuplicates(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"want", `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}},
 "cases": [{"name": "c", "login": "x", "want": {"error": "e"}, "want": {"role": "arn:aws:iam::123456789012:role/a"}}]}`,
			`cases[0].want (line 2, column 64): duplicate member (the first is at line 2, column 40); a decoder keeps only one of them (case "c")`},
		{"pool", `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}},
 "pool": {}, "cases": []}`,
			`pool (line 2, column 2): duplicate member (the first is at line 1, column 2)`},
		{"claim", `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}},
 "cases": [{"name": "c", "login": "x", "claims": {"sub": "a", "sub": "b"}, "want": {"error": "e"}}]}`,
			`cases[0].claims.sub (line 2, column 63): duplicate member (the first is at line 2, column 51)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casefile.ParseFile([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile error:\n%v\nwant it to say %q", err, tt.want)
			}
		})
	}
}

// maxLine is the longest line an error, finding or trace may hold,
// whatever the input.
const maxLine = 4 << 10

// checkLines fails if any line of text is longer than maxLine.
func checkLines(t *testing.T, what, text string) {
	t.Helper()
	for line := range strings.SplitSeq(text, "\n") {
		if len(line) > maxLine {
			t.Errorf("%s: a line of %d bytes: %.300s…", what, len(line), line)
		}
	}
}

// TestHostileTextClipped feeds megabyte-long keys, names and values to
// every surface that reports on them: before, compiling a pool whose
// mapping key was 1 MiB long returned an error of 1,048,705 bytes, and a
// lint finding or a case file's error quoted such strings whole. Every
// line now quotes at most a bounded prefix of each.
func TestHostileTextClipped(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	arn := "arn:aws:iam::123456789012:role/" + huge
	pool := rolemap.Pool{
		IdentityPoolID:          "us-east-1:" + huge,
		SupportedLoginProviders: map[string]string{huge: huge},
		// An ARN of 2,000 characters is within AWS's length; it is not
		// shaped like one, so Lint quotes it.
		Roles: map[string]string{rolemap.RoleAuthenticated: arn, huge: "x" + huge, rolemap.RoleUnauthenticated: strings.Repeat("é", 2000)},
		RoleMappings: map[string]rolemap.Mapping{
			huge: {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny, RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
				{Claim: huge, MatchType: rolemap.Contains, Value: huge, RoleARN: arn},
				{Claim: "hd", MatchType: rolemap.MatchType(huge), Value: "x", RoleARN: arn},
			}}},
			"cognito-idp.us-east-1.amazonaws.com/us-east-1_A" + huge: {Type: rolemap.MappingType(huge), AmbiguousRoleResolution: rolemap.AmbiguousRoleResolution(huge)},
		},
	}
	_, err := rolemap.Compile(pool)
	if err == nil {
		t.Fatal("Compile accepted the pool")
	}
	checkLines(t, "Compile", err.Error())
	for _, f := range validate.Lint(pool) {
		checkLines(t, "Lint", f.String())
		checkLines(t, "Lint fix", f.Fix)
	}
	doc, err := json.Marshal(pool)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rolemap.ParsePool(doc); err != nil {
		t.Fatal(err) // the document is well-typed
	}
	hostileDoc := []byte(`{"` + huge + `": 1, "Roles": {"` + huge + `": 1}, "RoleMappings": {"` + huge + `": {"Typ` + huge + `": 1}}}`)
	if _, err := rolemap.ParsePool(hostileDoc); err != nil {
		checkLines(t, "ParsePool", err.Error())
	}
	if fs, err := validate.LintDocument([]byte(`{"RoleMapings": {}, "RoleMappings": {"` + huge + `": {"type": "x", "type": "y"}}}`)); err != nil {
		t.Fatal(err)
	} else {
		for _, f := range fs {
			checkLines(t, "LintDocument", f.String())
		}
	}

	// A valid pool and a hostile request: the trace quotes at most a
	// prefix of each value.
	valid := rolemap.Pool{
		IdentityPoolID: "us-east-1:00000000-0000-0000-0000-000000000000",
		Roles:          map[string]string{rolemap.RoleAuthenticated: "arn:aws:iam::123456789012:role/a"},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{Claim: "hd", MatchType: rolemap.Equals, Value: "x", RoleARN: "arn:aws:iam::123456789012:role/b"}}}}},
	}
	r, err := rolemap.Compile(valid)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []rolemap.Request{
		{Login: "accounts.google.com", Claims: map[string]any{"hd": huge}, Trace: true},
		{Login: "accounts.google.com", Claims: map[string]any{"hd": []any{huge, huge, huge}}, Trace: true},
		{Login: huge, Trace: true},
		{Login: "accounts.google.com", CustomRoleARN: arn, Trace: true},
	} {
		d, err := r.Resolve(req)
		checkLines(t, "Explain", rolemap.Explain(d, err))
	}

	// Case files: names, logins and unknown members.
	caseFile := `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}}, "cases": [
 {"name": "` + huge + `", "login": "x", "want": {"error": "e"}, "` + huge + `": 1},
 {"name": "` + huge + `", "login": "x", "want": {"error": "e"}}]}`
	if _, err := casefile.ParseFile([]byte(caseFile)); err == nil {
		t.Error("ParseFile accepted the case file")
	} else {
		checkLines(t, "ParseFile", err.Error())
	}
}

// groupsFile is a case file whose user pool has 10,000 groups and whose
// 10,000 cases each name two of them.
func groupsFile() []byte {
	const login = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
	var b strings.Builder
	b.WriteString(`{"pool": {"IdentityPoolId": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100", "Roles": {"authenticated": "arn:aws:iam::111122223333:role/a"}},
		"userPools": {"us-east-1_AbC": {"Groups": [`)
	for i := range 10000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"GroupName": "g%d", "RoleArn": "arn:aws:iam::111122223333:role/R%d", "Precedence": %d}`, i, i%50, i%7)
	}
	b.WriteString(`]}}, "cases": [`)
	for i := range 10000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name": "c%d", "login": %q, "groups": ["g%d", "g%d"], "want": {"role": "arn:aws:iam::111122223333:role/a"}}`, i, login, i, (i*7)%10000)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// TestParseFileGroupsBounded reads groupsFile: the group claims of all
// cases cost the groups each case names, counted (at most 6 a case), and
// ParseFile allocates within a small multiple of decoding the file.
// Computing each case's claims by reading every group read 10,000 × 10,000
// groups.
func TestParseFileGroupsBounded(t *testing.T) {
	data := groupsFile()
	var err error
	steps := work.Count(func() { _, err = casefile.ParseFile(data) })
	if err != nil {
		t.Fatal(err)
	}
	alloc, base := timing.Allocated(func() { _, _ = casefile.ParseFile(data) }), timing.DecodeAllocated(t, data)
	t.Logf("%d bytes: %d groups read, %d bytes allocated (%.1f× decoding)", len(data), steps, alloc, float64(alloc)/float64(base))
	if steps > 6*10000 {
		t.Errorf("ParseFile read %d groups for 10,000 cases of 2 groups each", steps)
	}
	if alloc > 16*base {
		t.Errorf("ParseFile allocated %d bytes, over 16× decoding the file (%d)", alloc, base)
	}
}

// BenchmarkParseFileGroups: ParseFile of groupsFile, beside decoding it.
func BenchmarkParseFileGroups(b *testing.B) {
	data := groupsFile()
	b.Run("op=parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = casefile.ParseFile(data)
		}
	})
	b.Run("op=decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v any
			_ = json.Unmarshal(data, &v)
		}
	})
}

// TestParseFileDuplicatesOnce: a member given twice inside roles or
// userPools (in the file, or in a deployment document given as its pool)
// is reported once, at the file's line and column with the first's.
// Before, each was reported a second time at lines relative to its member
// ("roles: [\"arn:…\"]… (line 2, column 4)").
func TestParseFileDuplicatesOnce(t *testing.T) {
	const pool = `"IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555", "AllowUnauthenticatedIdentities": false`
	const roles = `"roles": {"arn:aws:iam::123456789012:role/r": {"AssumeRolePolicyDocument": {"Statement": {"Effect": "Deny",
   "Effect": "Allow"}}}}`
	const userPools = `"userPools": {"us-east-1_abc": {"Groups": [{"GroupName": "g", "GroupName": "h"}]}}`
	const cases = `"cases": [{"name": "a", "login": "x", "want": {"role": "r"}}]`
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"in the file", "{\"pool\": {" + pool + "},\n " + cases + ",\n " + roles + ",\n " + userPools + "}", []string{
			`roles["arn:aws:iam::123456789012:role/r"].AssumeRolePolicyDocument.Statement.Effect (line 4, column 4): duplicate member (the first is at line 3, column 92)`,
			`userPools["us-east-1_abc"].Groups[0].GroupName (line 5, column 64): duplicate member (the first is at line 5, column 46)`,
		}},
		{"in the pool", "{\"pool\": {" + pool + ",\n " + roles + ",\n " + userPools + "},\n " + cases + "}", []string{
			`pool.roles["arn:aws:iam::123456789012:role/r"].AssumeRolePolicyDocument.Statement.Effect (line 3, column 4): duplicate member (the first is at line 2, column 92)`,
			`pool.userPools.us-east-1_abc.Groups[0].GroupName (line 4, column 64): duplicate member (the first is at line 4, column 46)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := casefile.ParseFile([]byte(tt.doc))
			if err == nil {
				t.Fatal("ParseFile accepted members given twice")
			}
			msg := err.Error()
			for _, want := range tt.want {
				if !strings.Contains(msg, want) {
					t.Errorf("ParseFile error:\n%s\nwant it to say %q", msg, want)
				}
			}
			if n := strings.Count(msg, "duplicate member"); n != len(tt.want) {
				t.Errorf("ParseFile error reports %d duplicates, want %d (each once):\n%s", n, len(tt.want), msg)
			}
		})
	}
}
