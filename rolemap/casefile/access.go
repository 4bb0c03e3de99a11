package casefile

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/validate"
)

// AccessPath is one path a case file's "access" member lists for a role:
// who obtains it ({"flow": "enhanced", "identity": "guest", "certainty":
// "certain"}), as the access analysis reports it (validate.Path).
type AccessPath struct {
	Flow      validate.Flow      `json:"flow"`
	Identity  string             `json:"identity"`
	Certainty validate.Certainty `json:"certainty"`
}

// String writes the path as failures list it: "FLOW IDENTITY CERTAINTY".
func (p AccessPath) String() string {
	return string(p.Flow) + " " + p.Identity + " " + string(p.Certainty)
}

// accessSchema is the "access" member's shape: role ARN → list of paths.
var accessSchema = &strictjson.Schema{Values: &strictjson.Schema{Items: &strictjson.Schema{Members: map[string]*strictjson.Schema{
	"flow": nil, "identity": nil, "certainty": nil,
}}}}

// checkAccessMember checks the "access" member's entries: a role ARN, and
// for each path a known flow and certainty, an identity, and no path (a
// flow and an identity) listed twice.
func checkAccessMember(access map[string][]AccessPath, errs *problems) {
	for _, arn := range slices.Sorted(maps.Keys(access)) {
		at := "access[" + clip.QuoteKey(arn) + "]"
		if arn == "" {
			errs.add(errors.New(at + ": an empty role ARN"))
		}
		seen := map[[2]string]int{}
		for i, p := range access[arn] {
			pat := fmt.Sprintf("%s[%d]", at, i)
			switch {
			case p.Flow != validate.FlowEnhanced && p.Flow != validate.FlowBasic:
				errs.add(fmt.Errorf("%s.flow: %s; want \"enhanced\" or \"basic\"", pat, clip.Quote(string(p.Flow))))
			case p.Identity == "":
				errs.add(fmt.Errorf("%s.identity: missing; name the identity kind as the report does (guest, a mapping key, developer:NAME)", pat))
			case p.Certainty != validate.Certain && p.Certainty != validate.Possible:
				errs.add(fmt.Errorf("%s.certainty: %s; want \"certain\" or \"possible\"", pat, clip.Quote(string(p.Certainty))))
			}
			key := [2]string{string(p.Flow), p.Identity}
			if j, dup := seen[key]; dup {
				errs.add(fmt.Errorf("%s: the %s path of %s is listed twice (also %s[%d]); a path has one certainty", pat,
					clip.Quote(string(p.Flow)), clip.Quote(p.Identity), at, j))
				continue
			}
			seen[key] = i
		}
	}
}

// checkAccess checks that each role the file's "access" member lists has
// exactly the listed paths in the access report r (as sets of flow,
// identity and certainty); a role the deployment does not name is a
// failure, so that a misspelt ARN cannot pass with []. The failure lists,
// per role in ARN order, the set difference and the role's paths as the
// report writes them.
func checkAccess(f *File, name string, r *validate.AccessReport, err error) string {
	if err != nil {
		return fmt.Sprintf("%s: the access analysis failed: %v", name, err)
	}
	roles := map[string]validate.RoleAccess{}
	for _, role := range r.Roles {
		roles[role.ARN] = role
	}
	var failures []string
	for _, arn := range slices.Sorted(maps.Keys(f.Access)) {
		role, known := roles[arn]
		if !known {
			failures = append(failures, fmt.Sprintf("access of %s: not a role of the deployment; its roles: %s", show(arn), show(slices.Sorted(maps.Keys(roles)))))
			continue
		}
		var want, got []string
		for _, p := range f.Access[arn] {
			want = append(want, p.String())
		}
		for _, p := range role.Paths {
			got = append(got, AccessPath{p.Flow, p.Identity, p.Certainty}.String())
		}
		if diff := setDiff(want, got); diff != "" {
			var text strings.Builder
			_ = (&validate.AccessReport{Roles: []validate.RoleAccess{role}}).WriteText(&text)
			_, paths, _ := strings.Cut(text.String(), "\n") // without the summary line
			failures = append(failures, fmt.Sprintf("access of %s differs:\n%s\npaths:\n%s", show(arn), diff, indent(strings.TrimSuffix(paths, "\n"))))
		}
	}
	if len(failures) == 0 {
		return ""
	}
	return name + ": " + strings.Join(failures, "\n"+name+": ")
}
