package iac_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// TestErrorDiagnostic: an import error converts to a diagnostic placed
// where the importer found it, its path as steps when the importer kept
// them (a member given twice, after a multi-byte key: columns in code
// points), its text in the message otherwise.
func TestErrorDiagnostic(t *testing.T) {
	doc := "{\"Resources\": {\"Pöol\": {\"Type\": \"AWS::Cognito::IdentityPool\", \"Type\": \"AWS::Cognito::IdentityPool\"}}}"
	_, err := iac.CloudFormation([]byte(doc))
	var e *iac.Error
	if !errors.As(err, &e) {
		t.Fatalf("CloudFormation: %v; want an *iac.Error", err)
	}
	got := e.Diagnostic()
	want := diag.Diagnostic{Severity: diag.SeverityError, Code: iac.CodeImport,
		Path:    diag.Root("Resources").Key("Pöol").Member("Type"),
		Message: e.Problem, Range: diag.Range{Line: 1, Column: 63}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diagnostic (-want +got):\n%s", diff)
	}
	if got.Path.String() != e.Path {
		t.Errorf("path %s prints unlike the error's %s", got.Path, e.Path)
	}
	byHand := (&iac.Error{Path: "Resources.X", Problem: "bad", Binding: "X", Line: 2, Column: 3}).Diagnostic()
	if byHand.Message != "Resources.X: bad" || byHand.Fix != `bind "X" to resolve it` || byHand.Range.Line != 2 {
		t.Errorf("Diagnostic of an error without steps: %+v", byHand)
	}
}
