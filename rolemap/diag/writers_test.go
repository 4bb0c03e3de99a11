package diag_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// rule is the path of rule i of the Google mapping.
func rule(i int) diag.Path {
	return diag.Root("RoleMappings").Key("accounts.google.com").Member("RulesConfiguration").Member("Rules").Index(i)
}

// sample are diagnostics of every shape a writer meets: related paths,
// a pool name, no path, no place, a code of no rule, an error, a hostile
// message, and two alike (their fingerprints differ by a count). Their
// severities are left to the catalogue.
var sample = []diag.Diagnostic{
	{Code: validate.CodeUnreachableRule, Path: rule(1), Message: "rule 1 can never match [x](y)", Fix: "move it",
		Related: []diag.Path{rule(0)}, Range: diag.Range{File: "pools/a.json", Line: 9, Column: 9}, RelatedRanges: []diag.Range{{File: "pools/a.json", Line: 8, Column: 9}}},
	{Code: validate.CodeMissing, Path: diag.Root("Roles"), Message: "required \u009b\x7f é", Pool: "Pool1", Range: diag.Range{File: "pools/a.json", Line: 3, Column: 3}},
	{Code: validate.CodeProvidersUnknown, Message: "none", Range: diag.Range{File: "pools/a.json"}},
	{Code: "my-own-code", Path: diag.Root("x"), Message: "custom", Range: diag.Range{File: "b.json", Line: 1, Column: 2}},
	{Code: validate.CodeTrustRefusesPool, Path: diag.Root("roles").Key("arn:aws:iam::1:role/A").Member("AssumeRolePolicyDocument"), Message: "refuses", Fix: "allow",
		Range: diag.Range{File: "b.json", Line: 4, Column: 1}},
	{Code: validate.CodeMissing, Path: diag.Root("Roles"), Message: "required \u009b\x7f é", Pool: "Pool1", Range: diag.Range{File: "pools/a.json", Line: 3, Column: 3}},
}

// TestWriters: each writer's output is byte for byte what the writers it
// replaced wrote for the same findings (validate.WriteSARIF, WriteGitHub
// and WriteJUnit, and the command's lint text and JSON, at the commit
// before package diag; the golden files were written by them).
func TestWriters(t *testing.T) {
	cat := validate.Catalogue()
	tests := []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"sarif.golden", func(b *bytes.Buffer) error { return diag.WriteSARIF(b, validate.Tool("v1.2.3"), cat, sample) }},
		{"text.golden", func(b *bytes.Buffer) error { return diag.WriteText(b, cat, sample) }},
		{"json.golden", func(b *bytes.Buffer) error { return diag.WriteJSON(b, cat, sample, map[string]int{"x": 2}) }},
		{"github.golden", func(b *bytes.Buffer) error { return validate.WriteGitHub(b, sample) }},
		{"junit.golden", func(b *bytes.Buffer) error {
			return validate.WriteJUnit(b, []string{"pools/a.json", "b.json", "c.json"}, sample, validate.SeverityWarning)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.golden, diff)
			}
		})
	}
}

// TestSeverityOf: a diagnostic's own severity wins over its code's.
func TestSeverityOf(t *testing.T) {
	cat := validate.Catalogue()
	tests := []struct {
		d    diag.Diagnostic
		want diag.Severity
	}{
		{diag.Diagnostic{Code: validate.CodeMissing}, diag.SeverityError},
		{diag.Diagnostic{Code: validate.CodeUnreachableRule}, diag.SeverityWarning},
		{diag.Diagnostic{Code: validate.CodeUnreachableRule, Severity: diag.SeverityError}, diag.SeverityError},
		{diag.Diagnostic{Code: "unknown"}, diag.SeverityWarning},
	}
	for _, tt := range tests {
		if got := cat.SeverityOf(tt.d); got != tt.want {
			t.Errorf("SeverityOf(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
	var nilCat *diag.Catalogue
	if got := nilCat.SeverityOf(diag.Diagnostic{Code: "x"}); got != diag.SeverityWarning {
		t.Errorf("nil catalogue: %v", got)
	}
}
