package validate

import (
	"fmt"
	"slices"

	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// LintDocument parses a pool document with [rolemap.ParsePool] and lints
// it: the findings of [Lint], and those only the document shows, which
// ParsePool, like AWS, ignores:
//
//   - unknown-member: a member that nearly spells one of AWS's member
//     names ("RoleMapings", "type", "Rule"): AWS ignores it, so the setting
//     it was meant to be is absent;
//   - cloudformation-shape: a RoleMappings entry carrying IdentityProvider,
//     the shape of a CloudFormation template, whose map key is not the
//     provider: no login selects the mapping;
//   - duplicate-member: a member whose name its object already has;
//     ParsePool keeps the last, as encoding/json and the AWS CLI do, so
//     the first is silently lost.
//
// At most 100 document findings are listed; one
// more finding, with an empty path, counts the rest.
//
// Findings of the document are reported at their JSON path, with their line
// and column in the message. It returns ParsePool's error for a document
// ParsePool refuses. Its cost is ParsePool's and [Lint]'s, plus one walk of
// the document linear in its size, in which a member AWS does not know is
// compared with the known names of about its length only: a megabyte of
// near misses lints in about 13× decoding it with encoding/json
// (TestLintDocumentBounded holds every shape we know to 30×).
func LintDocument(data []byte, opts ...LintOption) ([]Finding, error) {
	p, err := rolemap.ParsePool(data)
	if err != nil {
		return nil, err
	}
	return Lint(p, append(slices.Clip(opts), WithDocument(data))...), nil
}

// documentFindings are the findings of LintDocument that only the
// document shows; none for a document strictjson refuses.
func documentFindings(data []byte) []Finding {
	report, err := strictjson.Check(data, strictjson.Pool)
	if err != nil {
		return nil // ParsePool accepted it: not reached
	}
	var fs []Finding
	for _, is := range report.Issues {
		f := Finding{Code: CodeUnknownMember, Path: stepsOf(is.Steps), Message: is.Detail()}
		switch {
		case is.Duplicate:
			f.Code, f.Fix = CodeDuplicateMember, "keep one of them: ParsePool, like encoding/json and the AWS CLI, keeps the last, and a reader of the document may take the first"
		case is.Message != "":
			f.Code, f.Fix = CodeCloudFormationShape, "key the mapping by its IdentityProvider and drop the member, or import the template with rolemap/iac"
		case is.Nearest != "":
			f.Message += ": AWS ignores it, so the setting it was meant to be is absent"
			f.Fix = "rename it " + is.Nearest
		}
		fs = append(fs, f)
	}
	if report.More > 0 {
		fs = append(fs, Finding{Code: CodeUnknownMember, Message: fmt.Sprintf("… and %d more unknown or duplicate members, not listed", report.More)})
	}
	return fs
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
