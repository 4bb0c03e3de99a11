package strictjson

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// TestSyntaxErrorDiagnostic: a syntax error is a diagnostic at its line
// and column, counted in code points, with its message.
func TestSyntaxErrorDiagnostic(t *testing.T) {
	_, err := Check([]byte("{\"日本\": 1,\n \"é\": 2,, }"), nil)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Check: %v, want a *SyntaxError", err)
	}
	got := se.Diagnostic()
	want := diag.Diagnostic{Severity: diag.SeverityError, Code: CodeSyntax, Message: se.Msg,
		Fix: "correct the JSON at this place", Range: diag.Range{Line: 2, Column: 9}} // the second comma
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got.Message == "" {
		t.Error("no message")
	}
}
