package validate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap"
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
//     provider: no login selects the mapping.
//
// Findings of the document are reported at their JSON path, with their line
// and column in the message. It returns ParsePool's error for a document
// ParsePool refuses.
func LintDocument(data []byte, opts ...LintOption) ([]Finding, error) {
	p, err := rolemap.ParsePool(data)
	if err != nil {
		return nil, err
	}
	fs := Lint(p, opts...)
	issues, err := strictjson.Check(data, strictjson.Pool)
	if err != nil {
		return nil, err // ParsePool accepted it: not reached
	}
	for _, is := range issues {
		f := Finding{Code: CodeUnknownMember, Path: is.Path, Message: is.Detail()}
		switch {
		case is.Message != "":
			f.Code, f.Fix = CodeCloudFormationShape, "key the mapping by its IdentityProvider and drop the member, or import the template with rolemap/iac"
		case is.Nearest != "":
			f.Message += ": AWS ignores it, so the setting it was meant to be is absent"
			f.Fix = "rename it " + is.Nearest
		}
		fs = append(fs, f)
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message))
	})
	return fs, nil
}
