package iac

import (
	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// CodeImport is the code of the diagnostic of an [Error].
const CodeImport = "import"

// Diagnostic returns the error as a diagnostic of code [CodeImport] and
// error severity, placed where the importer found it (Line and Column; the
// file is the caller's to set in its Range). Its Path is the error's path
// as steps when the importer recorded them; otherwise the path, as text,
// leads the message, so that nothing is parsed back.
func (e *Error) Diagnostic() diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.SeverityError, Code: CodeImport, Path: e.At, Message: e.Problem,
		Range: diag.Range{Line: e.Line, Column: e.Column}}
	if e.At == nil && e.Path != "" {
		d.Message = e.Path + ": " + e.Problem
	}
	if e.Binding != "" {
		d.Fix = "bind " + clip.Quote(e.Binding) + " to resolve it"
	}
	return d
}

// stepsOf is the path of strictjson's steps.
func stepsOf(steps []strictjson.Step) diag.Path {
	var p diag.Path
	for _, st := range steps {
		switch {
		case st.Index >= 0:
			p = p.Index(st.Index)
		case st.Quoted:
			p = p.Key(st.Name)
		default:
			p = p.Member(st.Name)
		}
	}
	return p
}
