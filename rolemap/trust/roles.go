package trust

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/strictjson"
)

// maxRoleProblems bounds the problems ParseRoles lists; it counts the rest.
const maxRoleProblems = 100

// ParseRoles reads the trust policies of IAM roles, by role ARN, from any
// of the documents that hold them: the output of aws iam get-role
// ({"Role": {…}}) or of list-roles ({"Roles": […]}), a list of IAM Role
// objects, or an object of {"AssumeRolePolicyDocument": …} by role ARN
// (the roles of a case file). Members other than Arn and
// AssumeRolePolicyDocument are ignored. A member given twice in one object,
// anywhere in the document, and a role listed twice are errors naming both
// places: a decoder would keep the last silently.
//
// Each policy is read with [Parse]: policies holds those it accepts and
// refused the errors of the others, by ARN, so that a caller can report a
// role whose policy is outside the grammar when the pool chooses it. err
// is a document of none of these shapes, its members given twice (each with
// its line and column and those of the first), or the roles without an Arn
// or an AssumeRolePolicyDocument or listed twice (at most 100 of them,
// then a count), each at its path in the document (Roles[2], ["arn:…"]);
// policies is then nil.
// Time and memory are linear in the document's size.
func ParseRoles(data []byte) (policies map[string]*Policy, refused map[string]error, err error) {
	type role struct {
		Arn                      string          `json:"Arn"`
		AssumeRolePolicyDocument json.RawMessage `json:"AssumeRolePolicyDocument"`
	}
	type entry struct {
		path string
		role
	}
	const shapes = `want aws iam get-role or list-roles output, a list of IAM Role objects, or an object of {"AssumeRolePolicyDocument": …} by role ARN`
	// A member given twice anywhere (an Arn, a policy, an Effect inside
	// it, a role ARN key) would be read as its last value: refuse it,
	// placed at both.
	if report := strictjson.Duplicates(data); len(report.Issues) > 0 {
		var dups []error
		for _, is := range report.Issues {
			dups = append(dups, errors.New(is.String()))
		}
		if report.More > 0 {
			dups = append(dups, errors.New("… and "+strconv.Itoa(report.More)+" more members given twice"))
		}
		return nil, nil, errors.Join(dups...)
	}
	var list []entry
	fromList := func(raw json.RawMessage, prefix string) error {
		var roles []role
		if err := json.Unmarshal(raw, &roles); err != nil {
			return errors.New(shapes + ": " + err.Error())
		}
		for i, r := range roles {
			list = append(list, entry{prefix + "[" + strconv.Itoa(i) + "]", r})
		}
		return nil
	}
	var top map[string]json.RawMessage
	isList := bytes.HasPrefix(bytes.TrimSpace(data), []byte("["))
	if isList {
		if err := fromList(data, ""); err != nil {
			return nil, nil, err
		}
	} else if err := json.Unmarshal(data, &top); err != nil || top == nil {
		if err == nil {
			err = errors.New("null")
		}
		return nil, nil, errors.New(shapes + ": " + err.Error())
	}
	switch {
	case isList: // read above
	case len(top) == 1 && top["Role"] != nil:
		var r role
		if err := json.Unmarshal(top["Role"], &r); err != nil {
			return nil, nil, errors.New("Role: want an IAM Role object: " + err.Error())
		}
		list = []entry{{"Role", r}}
	case top["Roles"] != nil && bytes.HasPrefix(bytes.TrimSpace(top["Roles"]), []byte("[")):
		if err := fromList(top["Roles"], "Roles"); err != nil {
			return nil, nil, err
		}
	default:
		for _, arn := range slices.Sorted(maps.Keys(top)) {
			var r role
			path := "[" + clip.QuoteKey(arn) + "]"
			if err := json.Unmarshal(top[arn], &r); err != nil {
				return nil, nil, errors.New(path + ": want an object with AssumeRolePolicyDocument: " + err.Error())
			}
			r.Arn = arn
			list = append(list, entry{path, r})
		}
	}
	var problems []error
	omitted := 0
	problem := func(path, detail string) {
		if len(problems) == maxRoleProblems {
			omitted++
			return
		}
		problems = append(problems, errors.New(path+": "+detail))
	}
	policies, refused = map[string]*Policy{}, map[string]error{}
	firstPath := map[string]string{} // role ARN → the path of its first entry
	for _, e := range list {
		switch {
		case e.Arn == "":
			problem(e.path, "no Arn")
			continue
		case len(e.AssumeRolePolicyDocument) == 0 || string(e.AssumeRolePolicyDocument) == "null":
			problem(e.path, "no AssumeRolePolicyDocument")
			continue
		}
		if first, twice := firstPath[e.Arn]; twice {
			problem(e.path, "role "+clip.Quote(e.Arn)+" is listed again (first at "+first+"); keep one of them")
			continue
		}
		firstPath[e.Arn] = e.path
		p, err := Parse(e.AssumeRolePolicyDocument)
		if err != nil {
			refused[e.Arn] = err
		} else {
			policies[e.Arn] = p
		}
	}
	if len(problems) > 0 {
		if omitted > 0 {
			problems = append(problems, errors.New("… and "+strconv.Itoa(omitted)+" more roles without an Arn or a policy, or listed twice"))
		}
		return nil, nil, errors.Join(problems...)
	}
	if len(refused) == 0 {
		refused = nil
	}
	return policies, refused, nil
}
