package validate

import (
	"io"

	"github.com/rolemapping/rolemapping/internal/jsonpos"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// Position is a place in a file: 1-based line and column, the column
// counting Unicode code points.
type Position struct {
	Line, Column int
}

// Positions returns where each path is in a JSON document: the line and
// column of the member the path names (its name; an array element's first
// character), or, for a member the document lacks, of the nearest one that
// encloses it, so that a finding about a missing member points at the
// object that lacks it. The paths are in the syntax [Lint], [Pool]
// and [LintDocument] write them for a pool document, or the JSON paths of a
// template or plan (iac.Result.Origin). A path of the whole
// document ("") is its first value. All paths are placed in one pass over
// the document, linear in its size.
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; place a [diag.Path] with a
// [diag.Source].
func Positions(document []byte, paths []string) []Position {
	out := make([]Position, len(paths))
	for i, p := range jsonpos.Locate(document, paths) {
		out[i] = Position{Line: p.Line, Column: p.Column}
	}
	return out
}

// Located is a finding placed in a file, for [WriteSARIF]: a [Finding]
// whose Range (the file, as a SARIF artifactLocation: for GitHub code
// scanning its path relative to the repository root with forward slashes,
// and the line and column of its path), Pool (the pool inside a file that
// defines several: a template's logical ID, a plan's resource address; ""
// for a pool document) and RelatedRanges are set. A zero line is written
// as line 1.
type Located = diag.Diagnostic

// SARIFFingerprint is the key of the partialFingerprints WriteSARIF writes.
const SARIFFingerprint = diag.SARIFFingerprint

// WriteSARIF writes findings as a SARIF 2.1.0 log, as GitHub code scanning
// reads it: one run of the tool "rolemap" (version toolVersion), with one
// rule per code of [Checks] (its summary, help and default level) and one
// result per finding: its code, level, message and fix, its file, line and
// column, its related fields, and a partial fingerprint that is stable
// while the finding stays: a hash of its code, pool and path (and a count,
// for findings alike), not of its line, so that a finding moved by an edit
// above it is the same alert. It is [diag.WriteSARIF] with [Catalogue].
func WriteSARIF(w io.Writer, toolVersion string, findings []Located) error {
	return diag.WriteSARIF(w, Tool(toolVersion), catalogue, findings)
}

// Tool is the SARIF tool of the rolemap command at version.
func Tool(version string) diag.Tool {
	return diag.Tool{Name: "rolemap", Version: version, InformationURI: "https://github.com/rolemapping/rolemapping"}
}
