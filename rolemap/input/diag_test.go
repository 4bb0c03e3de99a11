package input_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

// TestErrorDiagnostic: an input error is a diagnostic placed as its text
// says — its problem, its file, line and column (code points) — without
// reading its text back; one of an import, the import's diagnostic.
func TestErrorDiagnostic(t *testing.T) {
	long := strings.Repeat("é", 600) // a key too long to print whole
	tests := []struct {
		name  string
		files map[string][]byte
		want  []diag.Diagnostic
	}{
		{"syntax", map[string][]byte{"pool.json": []byte("{\"é\": 1,\n  \"x\": ]}")},
			[]diag.Diagnostic{{Severity: diag.SeverityError, Code: input.CodeInput, Message: "invalid character ']' looking for beginning of value",
				Range: diag.Range{File: "pool.json", Line: 2, Column: 2}}}},
		{"unknown", map[string][]byte{"what.json": []byte(`{"x": 1}`)},
			[]diag.Diagnostic{{Severity: diag.SeverityError, Code: input.CodeInput,
				Message: "cannot tell what this is: not a pool document (IdentityPoolId, Roles, RoleMappings), a CloudFormation template (Resources) or terraform show -json output (format_version); name it with --input aws|cfn|tf",
				Range:   diag.Range{File: "what.json", Line: 1, Column: 1}}}},
		{"field", map[string][]byte{"pool.json": []byte("{\"IdentityPoolId\": \"us-east-1:11111111-2222-3333-4444-555555555555\",\n" +
			" \"SupportedLoginProviders\": {\n  \"" + long + "\": 1}}")},
			nil},
		{"import", map[string][]byte{"t.json": []byte(`{"Resources": {"P": {"Type": "AWS::Cognito::IdentityPool",
  "Properties": {"IdentityPoolName": {"Ref": "Nope"}}}}}`)},
			[]diag.Diagnostic{{Severity: diag.SeverityError, Code: "import",
				Path: diag.Path{}, Fix: `bind "Nope" to resolve it`,
				Range: diag.Range{File: "t.json", Line: 2, Column: 39}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var name string
			for n := range tt.files {
				name = n
			}
			_, err := (&input.Loader{Files: tt.files}).Load(name)
			var e *input.Error
			if !errors.As(err, &e) {
				t.Fatalf("Load: %v, want an *input.Error", err)
			}
			got := e.Diagnostics()
			if diff := cmp.Diff(got[0], e.Diagnostic()); diff != "" {
				t.Errorf("Diagnostic is not the first of Diagnostics (-first +got):\n%s", diff)
			}
			// Each line is its diagnostic's place and message.
			for i, d := range got {
				if line := d.Range.String() + ": "; !strings.HasPrefix(e.Lines[i], line) || d.Range.Line == 0 {
					t.Errorf("line %q, diagnostic at %v", e.Lines[i], d.Range)
				}
			}
			if tt.name == "field" {
				// The long key's member, placed from its steps.
				if r := got[0].Range; r.Line != 3 || r.Column != 3 {
					t.Errorf("field error at %v, want pool.json:3:3", r)
				}
			}
			if tt.want != nil {
				for i := range got {
					if tt.want[i].Message == "" {
						got[i].Message, got[i].Path = "", diag.Path{}
					}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
		})
	}
}
