package casefile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// Error is a problem of a case file's pool placed in the file: the pool's
// violation as a diagnostic whose Range is its line and column in the case
// file (the File of the Range is set by [CheckFile]). It unwraps to the
// violation, so errors.As finds the *rolemap.FieldError and errors.Is its
// kind.
type Error struct {
	diag.Diagnostic
	Err error
}

// Error writes "FILE:LINE:COLUMN: pool: PATH: DETAIL", or "line L, column
// C: …" before the file is known.
func (e *Error) Error() string {
	where := "line " + fmt.Sprint(e.Range.Line) + ", column " + fmt.Sprint(e.Range.Column)
	if e.Range.File != "" {
		where = e.Range.String()
	}
	return where + ": pool: " + e.Err.Error()
}

// Unwrap returns the violation.
func (e *Error) Unwrap() error { return e.Err }

// embedded is a pool document inside a case file: the file and the
// pool's byte offset in it.
type embedded struct {
	src *diag.Source
	off int
}

// embeddedPool returns the pool member of the case file data, or nil.
func embeddedPool(data []byte) *embedded {
	src := diag.NewSource("", data)
	off, ok := src.Value(diag.Root("pool"))
	if !ok {
		return nil
	}
	return &embedded{src, off}
}

// placed returns err, an error of the pool's document, as an *Error placed
// in the file when it is a violation of a member (a *rolemap.FieldError),
// or as "pool: ERR" otherwise.
func (e *embedded) placed(err error) error {
	var fe *rolemap.FieldError
	if e == nil || !errors.As(err, &fe) || fe.At == nil {
		return fmt.Errorf("pool: %w", err)
	}
	ds := []diag.Diagnostic{fe.Diagnostic()}
	e.src.At(e.off, ds)
	return &Error{Diagnostic: ds[0], Err: err}
}

// violations lists the violations of err, one a line, each at its line and
// column in the file named name ("\n\tFILE:L:C: PATH: DETAIL"); "" when err
// holds none or the pool is not in the file.
func (e *embedded) violations(name string, err error) string {
	var ve *rolemap.ValidationError
	if e == nil || !errors.As(err, &ve) {
		return ""
	}
	ds := make([]diag.Diagnostic, len(ve.Errors))
	for i, fe := range ve.Errors {
		ds[i] = fe.Diagnostic()
	}
	e.src.At(e.off, ds)
	var b strings.Builder
	for i, fe := range ve.Errors {
		d := ds[i]
		d.Range.File = name
		b.WriteString("\n\t" + d.Range.String() + ": " + fe.Error())
	}
	if ve.Omitted > 0 {
		b.WriteString(fmt.Sprintf("\n\t… and %d more violations", ve.Omitted))
	}
	return b.String()
}
