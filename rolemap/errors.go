package rolemap

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// Error is the error Resolve returns: the exception AWS's
// GetCredentialsForIdentity would return for the same request. Code is the
// AWS exception name and Message its message (AWS's exact text where AWS
// publishes it). Find it with errors.As; test its kind with errors.Is and
// [ErrNotAuthorized], [ErrInvalidParameter] or
// [ErrInvalidIdentityPoolConfiguration].
//
// Errors returned by a [Resolver] may be shared between calls: treat them as
// read-only.
type Error struct {
	// Code is the AWS exception name, such as NotAuthorizedException.
	Code string `json:"code"`
	// Message is the exception message.
	Message string `json:"message"`
	// MappingKey is the role mapping key the request used, if any.
	MappingKey string `json:"mappingKey,omitempty"`
	// Detail says, in this library's words, why the request was refused.
	Detail string `json:"detail,omitempty"`
	// Trace lists the rules evaluated, when the request asked for a trace.
	Trace []RuleTrace `json:"trace,omitempty"`
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Is reports whether target is an *Error with the same Code, and, if
// target's Message is set, the same Message. So errors.Is(err,
// rolemap.ErrNotAuthorized) matches every NotAuthorizedException.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
}

// Sentinels, one per AWS exception that resolution can return, for errors.Is.
var (
	// ErrNotAuthorized matches every NotAuthorizedException: guests refused,
	// token checks failed, a denied ambiguous mapping, a CustomRoleArn the
	// identity is not entitled to.
	ErrNotAuthorized = &Error{Code: spec.CodeNotAuthorized}
	// ErrInvalidParameter matches every InvalidParameterException: a Login or
	// CustomRoleArn of the wrong length, a CustomRoleArn with a Rules mapping.
	ErrInvalidParameter = &Error{Code: spec.CodeInvalidParameter}
	// ErrInvalidIdentityPoolConfiguration matches every
	// InvalidIdentityPoolConfigurationException: a required default role is
	// missing.
	ErrInvalidIdentityPoolConfiguration = &Error{Code: spec.CodeInvalidIdentityPoolConfiguration}
)

// Sentinels of a [FieldError], for errors.Is.
var (
	// ErrMissing: a required member is absent or empty.
	ErrMissing = errors.New("missing")
	// ErrInvalidValue: a member has a value AWS does not accept (wrong
	// pattern, unknown enum value, length out of range, wrong JSON type).
	ErrInvalidValue = errors.New("invalid value")
	// ErrOverLimit: a collection holds more entries than AWS allows.
	ErrOverLimit = errors.New("over a limit")
)

// FieldError is one violation in a pool document, at Path (the path syntax of rolemap/REFERENCE.md §2:
// AWS member names, map keys quoted as strconv.Quote does, zero-based list
// indexes, such as RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3].Value).
// Err is one of [ErrMissing], [ErrInvalidValue] or [ErrOverLimit].
type FieldError struct {
	Path   string
	Err    error
	Detail string // the violated constraint, in words
	// At is Path as steps, which place the violation in its document
	// (package rolemap/diag); nil in a FieldError made by hand, which is
	// placed at the document's start.
	At diag.Path
}

// Diagnostic returns the violation as a diagnostic of the code "missing",
// "invalid-value" or "over-limit" (the codes of package validate), of
// error severity: AWS refuses the pool.
func (e *FieldError) Diagnostic() diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.SeverityError, Code: "invalid-value", Path: e.At, Message: e.Detail,
		Fix: "give it a value AWS accepts"}
	switch {
	case errors.Is(e.Err, ErrMissing):
		d.Code, d.Fix = "missing", "set it: AWS refuses the pool without it"
	case errors.Is(e.Err, ErrOverLimit):
		d.Code, d.Fix = "over-limit", "remove entries until the collection is within AWS's limit"
	}
	return d
}

// Error returns "Path: Detail".
func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Detail
	}
	return e.Path + ": " + e.Detail
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError holds every violation of a pool document, sorted by path.
// It unwraps to each [*FieldError], so errors.As finds the first and
// errors.Is(err, ErrMissing) asks whether any is a missing member.
//
// So that no document can make the report much larger than itself, Errors
// holds at most [MaxViolations] violations, the first found walking the
// document with map keys sorted, and Omitted counts the others.
type ValidationError struct {
	Errors  []*FieldError
	Omitted int
}

// Error lists every violation, one per line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("rolemap: invalid pool document:")
	for _, fe := range e.Errors {
		b.WriteString("\n\t")
		b.WriteString(fe.Error())
	}
	if e.Omitted > 0 {
		b.WriteString("\n\t… and " + strconv.Itoa(e.Omitted) + " more violations")
	}
	return b.String()
}

// Unwrap returns the violations.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		errs[i] = fe
	}
	return errs
}
