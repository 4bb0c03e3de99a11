// Package diag is the one shape of what the module reports about an input:
// a [Diagnostic] (severity, code, path, message, fix, related paths, and
// where they are), placed in its file by a [Source] and written by one
// writer per format — [WriteText], [WriteJSON] and [WriteSARIF] — that
// take a [Catalogue] of the codes.
//
// Validation (rolemap.FieldError), lint (validate.Finding), the importers
// (iac.Error), trust policies (trust.Error) and case files produce
// diagnostics; the command and the case-file runner place and print them
// all the same way.
//
// # Paths
//
// A [Path] names a member of a JSON document in the reference's path
// syntax, as go-cmp's Path.GoString does for Go values:
//
//	RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3].Value
//
// member names after a dot, map keys quoted as strconv.Quote does, list
// indexes in brackets. A Path is a list of [Step]s, built with [Root],
// [Path.Member], [Path.Key] and [Path.Index], and is only written as text
// to be read by a person. The decision, against a named string type: a
// string would have to be parsed back to be placed in the document, and a
// printed path is clipped (a key of a megabyte is written as its first
// bytes and its size), so the path read back would name an ancestor, not
// the member; the steps place the member whatever its keys hold. Printing
// is the only conversion, and [Path.String] is total.
//
// # Places
//
// A [Range] is a file, a 1-based line and a 1-based column counted in
// Unicode code points (SARIF's unicodeCodePoints column kind, and the
// column editors show). A [Source] is one input: [Source.Place] sets the
// range of every diagnostic and of its related paths in one pass over the
// document, linear in its size whatever the number of diagnostics. A path
// that names something the document does not have is placed at the
// deepest member it names, so a diagnostic about a missing member points
// at the object that lacks it. A document embedded in another (a pool
// inside a case file or a deployment document) is placed through
// [Source.At], with its byte offset in the file: its lines and columns are
// the file's.
//
// # Writers
//
// The writers take the diagnostics in the order to write them and a
// [Catalogue]: for each code its default severity, summary, help and the
// security severity GitHub code scanning ranks an alert by. A diagnostic
// whose Severity is zero has its code's default. Text from the inputs is
// escaped for the terminals and viewers that show it.
package diag
