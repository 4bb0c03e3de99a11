package iac

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// CloudFormation imports the identity pools of a CloudFormation template in
// JSON (what `cdk synth` writes to cdk.out/*.template.json), or in another
// syntax a registered [TemplateFormat] reads (YAML, with package
// rolemap/iac/cfnyaml imported), as rolemap/REFERENCE.md §7.1 says: one
// pool per AWS::Cognito::IdentityPool, named by its logical ID and
// merged with the AWS::Cognito::IdentityPoolRoleAttachment that refers to
// it. Intrinsic functions are evaluated; what the template cannot know
// comes from [WithBindings] or a placeholder. Every problem of the template
// is reported at once, each an [*Error] naming its JSON path, at most 100
// of them and a count of the rest; a template with no identity pool and no
// attachment is [ErrNoPool].
//
// Its time and memory are linear in the size of the template: each
// resource attribute, condition, mapping lookup and Fn::Sub variable is
// evaluated once, the intrinsic functions applied are counted against a
// budget of about a million plus four per byte of the template, past which
// the import fails with an error, and paths are written only for the
// errors reported. TestImportHostileBounded builds the worst templates we
// know (chains of Fn::FindInMap, nested Fn::Sub, thousands of rules under
// 64 KiB keys, deep arrays) and holds each to a small multiple of decoding
// it.
func CloudFormation(template []byte, opts ...Option) (*Result, error) {
	c := newConfig(opts)
	var place func([]diag.Path) []Position
	if f, ok := TemplateFormatOf(template); ok {
		if len(template) > MaxFileSize {
			return nil, fmt.Errorf("iac: template: larger than %d bytes", MaxFileSize)
		}
		d, err := f.Decode(template)
		if err != nil {
			return nil, err
		}
		template, place = d.JSON, d.placer()
	}
	t, err := decodeObject(template, "template")
	if err != nil {
		if place == nil && len(bytes.TrimLeft(template, " \t\r\n")) > 0 && bytes.TrimLeft(template, " \t\r\n")[0] != '{' {
			return nil, fmt.Errorf("%w (not JSON: a YAML template is read by a program that imports github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml, as the rolemap command does)", err)
		}
		return nil, err
	}
	x := &cfn{recorder: newRecorder(c), conds: map[string]int8{}, attrs: map[string]any{},
		steps: baseSteps + stepsPerByte*len(template)}
	if place != nil {
		x.place = place
	}
	x.resources, _ = t["Resources"].(map[string]any)
	x.params, _ = t["Parameters"].(map[string]any)
	x.mappings, _ = t["Mappings"].(map[string]any)
	x.conditions, _ = t["Conditions"].(map[string]any)
	x.literals = literals(t)
	x.env = x.environment()
	pools, origins := x.pools()
	ups, roles, roleLocs, upLocs := x.credentials(pools)
	res, err := x.result(template, pools, origins)
	if err != nil {
		return nil, err
	}
	res.UserPools, res.Roles, res.roleOrigins, res.userPoolOrigins = ups, roles, roleLocs, upLocs
	if len(pools) == 0 {
		return nil, ErrNoPool
	}
	return res, nil
}

// decode reads one JSON value with numbers as json.Number, refusing more
// than MaxFileSize bytes and trailing data.
func decode(data []byte) (any, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}

// cfn evaluates one template.
type cfn struct {
	*recorder
	env
	resources, params, mappings, conditions map[string]any
	conds                                   map[string]int8 // 1 true, 2 false, -1 being evaluated
	attrs                                   map[string]any  // Ref and GetAtt values, by "ID" or "ID.Attr"
	busy                                    []string        // attributes being evaluated, for cycles
	built                                   int             // bytes Fn::Join, Fn::Sub and Fn::Split built (see spend)
	steps                                   int             // evaluation steps left (see step)
}

// The evaluation-step budget of one import: every value evaluated and every
// intrinsic function applied costs a step. Each part of a template is
// evaluated a bounded number of times (resources' attributes, conditions
// and Fn::Sub variables once each; Mappings hold no intrinsics), so a
// template never needs more steps than a small multiple of its bytes; the
// budget makes that a guarantee, whatever the template.
const (
	baseSteps    = 1 << 20
	stepsPerByte = 4
)

// step spends one evaluation step; past the budget the import fails, once.
func (x *cfn) step(at *loc) bool {
	x.steps--
	if x.steps >= 0 {
		return true
	}
	if x.steps == -1 {
		x.fail(at, "the template takes more evaluation steps than "+strconv.Itoa(stepsPerByte)+" per byte: an intrinsic function is evaluated too many times", "")
	}
	return false
}

// noValue is what Ref AWS::NoValue evaluates to: the member is removed.
type noValueType struct{}

var noValue = noValueType{}

const (
	typePool       = "AWS::Cognito::IdentityPool"
	typeAttachment = "AWS::Cognito::IdentityPoolRoleAttachment"
)

// exists reports whether resource id exists: it is defined and its
// Condition, if any, holds.
func (x *cfn) exists(id string) bool {
	r, ok := x.resources[id].(map[string]any)
	if !ok {
		return false
	}
	cond, ok := r["Condition"].(string)
	return !ok || x.condition(cond, root("Resources").member(id).member("Condition"))
}

func (x *cfn) typeOf(id string) string {
	r, _ := x.resources[id].(map[string]any)
	t, _ := r["Type"].(string)
	return t
}

func (x *cfn) property(id, name string) (any, bool) {
	r, _ := x.resources[id].(map[string]any)
	props, _ := r["Properties"].(map[string]any)
	v, ok := props[name]
	return v, ok
}

func propPath(id, name string) *loc {
	return root("Resources").member(id).member("Properties").member(name)
}

// pools builds every pool of the template.
func (x *cfn) pools() (map[string]rolemap.Pool, map[string]*origin) {
	pools := map[string]rolemap.Pool{}
	origins := map[string]*origin{}
	ids := slices.Sorted(maps.Keys(x.resources))
	for _, id := range ids {
		if x.typeOf(id) == typePool && x.exists(id) {
			pools[id] = x.pool(id)
			origins[id] = &origin{pool: root("Resources").member(id)}
		}
	}
	byID := poolsByID{}
	for name, p := range pools {
		byID.add(name, p.IdentityPoolID)
	}
	attached := map[string]string{}
	for _, id := range ids {
		if x.typeOf(id) != typeAttachment || !x.exists(id) {
			continue
		}
		target, p, ok := x.attachmentTarget(id, pools, byID)
		if !ok {
			continue
		}
		if prev, dup := attached[target]; dup {
			x.fail(root("Resources").member(id), "a second role attachment for the identity pool "+clip.Quote(target)+", after "+clip.Quote(prev), "")
			continue
		}
		attached[target] = id
		o := origins[target]
		if o == nil {
			o = &origin{}
			origins[target] = o
		}
		o.attach, o.mappings = root("Resources").member(id), map[string]*loc{}
		x.attach(id, &p, o)
		pools[target] = p
		byID.add(target, p.IdentityPoolID)
	}
	return pools, origins
}

// pool reads an identity pool's properties (rolemap/REFERENCE.md §7.1 table).
func (x *cfn) pool(id string) rolemap.Pool {
	p := rolemap.Pool{IdentityPoolID: x.ref(id, root("Resources").member(id)), Roles: map[string]string{}}
	if v, ok := x.property(id, "IdentityPoolName"); ok {
		p.IdentityPoolName = x.str(v, propPath(id, "IdentityPoolName"))
	}
	if v, ok := x.property(id, "AllowUnauthenticatedIdentities"); ok {
		b := x.boolean(v, propPath(id, "AllowUnauthenticatedIdentities"))
		p.AllowUnauthenticatedIdentities = &b
	}
	if v, ok := x.property(id, "AllowClassicFlow"); ok {
		b := x.boolean(v, propPath(id, "AllowClassicFlow"))
		p.AllowClassicFlow = &b
	}
	if v, ok := x.property(id, "DeveloperProviderName"); ok {
		p.DeveloperProviderName = x.str(v, propPath(id, "DeveloperProviderName"))
	}
	if v, ok := x.property(id, "CognitoIdentityProviders"); ok {
		at := propPath(id, "CognitoIdentityProviders")
		for i, item := range x.list(v, at) {
			o, ok := item.(map[string]any)
			if !ok {
				x.fail(at.index(i), "want an object", "")
				continue
			}
			var prov rolemap.Provider
			prov.ProviderName = x.optStr(o, "ProviderName", at.index(i))
			prov.ClientID = x.optStr(o, "ClientId", at.index(i))
			if v, ok := o["ServerSideTokenCheck"]; ok {
				b := x.boolean(x.eval(v, at.index(i).member("ServerSideTokenCheck")), at.index(i).member("ServerSideTokenCheck"))
				prov.ServerSideTokenCheck = &b
			}
			p.CognitoIdentityProviders = append(p.CognitoIdentityProviders, prov)
		}
	}
	if v, ok := x.property(id, "SupportedLoginProviders"); ok {
		at := propPath(id, "SupportedLoginProviders")
		if m, ok := x.eval(v, at).(map[string]any); ok {
			p.SupportedLoginProviders = map[string]string{}
			for _, k := range slices.Sorted(maps.Keys(m)) {
				p.SupportedLoginProviders[k] = x.str(m[k], at.member(k))
			}
		} else {
			x.fail(at, "want an object of provider names", "")
		}
	}
	p.OpenIDConnectProviderARNs = x.strings(id, "OpenIdConnectProviderARNs")
	p.SAMLProviderARNs = x.strings(id, "SamlProviderARNs")
	// A pool defined in the template has known provider configuration.
	p.CognitoIdentityProviders = known(p.CognitoIdentityProviders)
	p.OpenIDConnectProviderARNs = known(p.OpenIDConnectProviderARNs)
	p.SAMLProviderARNs = known(p.SAMLProviderARNs)
	if p.SupportedLoginProviders == nil {
		p.SupportedLoginProviders = map[string]string{}
	}
	return p
}

func (x *cfn) strings(id, name string) []string {
	v, ok := x.property(id, name)
	if !ok {
		return nil
	}
	at := propPath(id, name)
	var out []string
	for i, item := range x.list(v, at) {
		out = append(out, x.str(item, at.index(i)))
	}
	return out
}

// attachmentTarget finds the pool an attachment's IdentityPoolId refers
// to: by Ref or Fn::GetAtt Id, or by value; an attachment that refers to no
// pool of the template gives a pool of its own, with provider
// configuration unknown.
func (x *cfn) attachmentTarget(id string, pools map[string]rolemap.Pool, byID poolsByID) (string, rolemap.Pool, bool) {
	raw, ok := x.property(id, "IdentityPoolId")
	at := propPath(id, "IdentityPoolId")
	if !ok {
		x.fail(at, "missing: a role attachment names its identity pool", "")
		return "", rolemap.Pool{}, false
	}
	if target := refersTo(raw); target != "" {
		if p, ok := pools[target]; ok {
			return target, p, true
		}
	}
	v := x.str(raw, at)
	if name, ok := byID[v]; ok {
		return name, pools[name], true
	}
	return id, rolemap.Pool{IdentityPoolID: v, Roles: map[string]string{}}, true
}

// refersTo returns the logical ID an IdentityPoolId refers to by
// {"Ref": ID} or {"Fn::GetAtt": [ID, "Id"]}, or "".
func refersTo(v any) string {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return ""
	}
	if id, ok := m["Ref"].(string); ok {
		return id
	}
	switch a := m["Fn::GetAtt"].(type) {
	case []any:
		if len(a) == 2 && a[1] == "Id" {
			id, _ := a[0].(string)
			return id
		}
	case string:
		if id, ok := strings.CutSuffix(a, ".Id"); ok {
			return id
		}
	}
	return ""
}

// attach merges a role attachment's Roles and RoleMappings into p.
func (x *cfn) attach(id string, p *rolemap.Pool, o *origin) {
	if v, ok := x.property(id, "Roles"); ok {
		at := propPath(id, "Roles")
		if m, ok := x.eval(v, at).(map[string]any); ok {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				p.Roles[k] = x.str(m[k], at.member(k))
			}
		} else if v != nil {
			x.fail(at, "want an object of roles", "")
		}
	}
	v, ok := x.property(id, "RoleMappings")
	if !ok {
		return
	}
	at := propPath(id, "RoleMappings")
	m, ok := v.(map[string]any)
	if !ok {
		if m, ok = x.eval(v, at).(map[string]any); !ok {
			x.fail(at, "want an object of role mappings", "")
			return
		}
	}
	p.RoleMappings = map[string]rolemap.Mapping{}
	from := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		mat := at.member(name)
		e, ok := x.eval(m[name], mat).(map[string]any)
		if !ok {
			x.fail(mat, "want a role mapping object", "")
			continue
		}
		// The key is the IdentityProvider member, or else the map key.
		key := name
		if ip, ok := e["IdentityProvider"]; ok {
			key = x.str(ip, mat.member("IdentityProvider"))
		}
		if prev, dup := from[key]; dup {
			x.fail(mat, "a second role mapping for "+clip.Quote(key)+", after "+clip.Quote(prev), "")
			continue
		}
		from[key] = name
		o.mappings[key] = mat
		rm := rolemap.Mapping{
			Type:                    rolemap.MappingType(x.optStr(e, "Type", mat)),
			AmbiguousRoleResolution: rolemap.AmbiguousRoleResolution(x.optStr(e, "AmbiguousRoleResolution", mat)),
		}
		if rc, ok := e["RulesConfiguration"].(map[string]any); ok {
			rcat := mat.member("RulesConfiguration")
			rm.RulesConfiguration = &rolemap.RulesConfiguration{}
			rat := rcat.member("Rules")
			for i, r := range x.list(rc["Rules"], rat) {
				ro, ok := r.(map[string]any)
				if !ok {
					x.fail(rat.index(i), "want a rule object", "")
					continue
				}
				at := rat.index(i)
				rm.RulesConfiguration.Rules = append(rm.RulesConfiguration.Rules, rolemap.Rule{
					Claim: x.optStr(ro, "Claim", at), MatchType: rolemap.MatchType(x.optStr(ro, "MatchType", at)),
					Value: x.optStr(ro, "Value", at), RoleARN: x.optStr(ro, "RoleARN", at),
				})
			}
		}
		p.RoleMappings[key] = rm
	}
}

// optStr evaluates the string member name of o, or "" if it is absent.
func (x *cfn) optStr(o map[string]any, name string, at *loc) string {
	v, ok := o[name]
	if !ok {
		return ""
	}
	return x.str(v, at.member(name))
}

// str evaluates v to a string; a number or boolean is written as text.
func (x *cfn) str(v any, at *loc) string {
	switch s := x.eval(v, at).(type) {
	case string:
		return s
	case json.Number:
		return string(s)
	case bool:
		return strconv.FormatBool(s)
	case nil, noValueType:
		return ""
	case failed:
		return ""
	}
	x.fail(at, "want a string", "")
	return ""
}

// boolean evaluates v to a boolean: true, false, "true" or "false", as
// CloudFormation accepts.
func (x *cfn) boolean(v any, at *loc) bool {
	switch b := x.eval(v, at).(type) {
	case bool:
		return b
	case string:
		switch strings.ToLower(b) {
		case "true":
			return true
		case "false":
			return false
		}
	case failed:
		return false
	}
	x.fail(at, "want a boolean (true, false, \"true\" or \"false\")", "")
	return false
}

// list evaluates v to a list; a value that is not a list is an error.
func (x *cfn) list(v any, at *loc) []any {
	switch l := x.eval(v, at).(type) {
	case []any:
		return l
	case nil, noValueType, failed:
		return nil
	}
	x.fail(at, "want a list", "")
	return nil
}

// failed is the value of an expression that could not be evaluated; its
// error is recorded once, where it happened.
type failed struct{}

// eval evaluates the intrinsic functions of v.
func (x *cfn) eval(v any, at *loc) any {
	if !x.step(at) {
		return failed{}
	}
	switch t := v.(type) {
	case map[string]any:
		if len(t) == 1 {
			for name, arg := range t {
				if name == "Ref" || strings.HasPrefix(name, "Fn::") || name == "Condition" {
					return x.intrinsic(name, arg, at.member(name))
				}
			}
		}
		out := make(map[string]any, len(t))
		for _, k := range slices.Sorted(maps.Keys(t)) {
			ev := x.eval(t[k], at.member(k))
			if ev != noValue {
				out[k] = ev
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for i, e := range t {
			ev := x.eval(e, at.index(i))
			if ev != noValue {
				out = append(out, ev)
			}
		}
		return out
	}
	return v
}

func (x *cfn) intrinsic(name string, arg any, at *loc) any {
	if !x.step(at) {
		return failed{}
	}
	switch name {
	case "Ref":
		id, ok := arg.(string)
		if !ok {
			x.fail(at, "Ref takes a name", "")
			return failed{}
		}
		return x.refValue(id, at)
	case "Fn::GetAtt":
		var id, attr string
		switch a := arg.(type) {
		case string:
			id, attr, _ = strings.Cut(a, ".")
		case []any:
			if len(a) == 2 {
				id, _ = a[0].(string)
				if s, ok := x.eval(a[1], at.index(1)).(string); ok {
					attr = s
				}
			}
		}
		if id == "" || attr == "" {
			x.fail(at, "Fn::GetAtt takes [LogicalID, Attribute] or \"LogicalID.Attribute\"", "")
			return failed{}
		}
		return x.getAtt(id, attr, at)
	case "Fn::Join":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			x.fail(at, "Fn::Join takes [delimiter, [values]]", "")
			return failed{}
		}
		delim, ok := x.eval(a[0], at.index(0)).(string)
		if !ok {
			x.fail(at.index(0), "want a string delimiter", "")
			return failed{}
		}
		var parts []string
		for i, e := range x.list(a[1], at.index(1)) {
			s, ok := scalarText(e)
			if !ok {
				if _, f := e.(failed); !f {
					x.fail(at.index(1).index(i), "Fn::Join joins strings", "")
				}
				return failed{}
			}
			parts = append(parts, s)
		}
		return x.bounded(strings.Join(parts, delim), at)
	case "Fn::Split":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			x.fail(at, "Fn::Split takes [delimiter, string]", "")
			return failed{}
		}
		delim, ok1 := x.eval(a[0], at.index(0)).(string)
		s, ok2 := x.eval(a[1], at.index(1)).(string)
		if !ok1 || !ok2 || delim == "" {
			x.fail(at, "Fn::Split takes a non-empty delimiter and a string", "")
			return failed{}
		}
		// Each piece costs its bytes and a list element.
		if !x.spend(len(s)+32*(strings.Count(s, delim)+1), at) {
			return failed{}
		}
		var out []any
		for _, p := range strings.Split(s, delim) {
			out = append(out, p)
		}
		return out
	case "Fn::Select":
		a, ok := arg.([]any)
		if !ok || len(a) != 2 {
			x.fail(at, "Fn::Select takes [index, [values]]", "")
			return failed{}
		}
		n, ok := indexValue(x.eval(a[0], at.index(0)))
		if !ok {
			x.fail(at.index(0), "want an index", "")
			return failed{}
		}
		l := x.list(a[1], at.index(1))
		if n < 0 || n >= len(l) {
			x.fail(at, "index "+strconv.Itoa(n)+" is out of range of a list of "+strconv.Itoa(len(l)), "")
			return failed{}
		}
		return l[n]
	case "Fn::If":
		a, ok := arg.([]any)
		if !ok || len(a) != 3 {
			x.fail(at, "Fn::If takes [condition, then, else]", "")
			return failed{}
		}
		cond, ok := a[0].(string)
		if !ok {
			x.fail(at.index(0), "want a condition name", "")
			return failed{}
		}
		if x.condition(cond, at.index(0)) {
			return x.eval(a[1], at.index(1))
		}
		return x.eval(a[2], at.index(2))
	case "Fn::Sub":
		return x.sub(arg, at)
	case "Fn::ImportValue":
		name, ok := x.eval(arg, at).(string)
		if !ok {
			x.fail(at, "Fn::ImportValue takes an export name", "")
			return failed{}
		}
		if v, ok := x.bound(name); ok {
			return v
		}
		x.fail(at, "the export "+clip.Quote(name)+" is defined by another stack", name)
		return failed{}
	case "Fn::FindInMap":
		a, ok := arg.([]any)
		if !ok || len(a) < 3 || len(a) > 4 {
			x.fail(at, "Fn::FindInMap takes [map, top key, second key]", "")
			return failed{}
		}
		var keys [3]string
		for i := range keys {
			s, ok := scalarText(x.eval(a[i], at.index(i)))
			if !ok {
				x.fail(at.index(i), "want a string", "")
				return failed{}
			}
			keys[i] = s
		}
		m, _ := x.mappings[keys[0]].(map[string]any)
		top, _ := m[keys[1]].(map[string]any)
		if v, ok := top[keys[2]]; ok {
			return x.mapValue(v, root("Mappings").member(keys[0]).member(keys[1]).member(keys[2]))
		}
		if len(a) == 4 {
			if d, ok := a[3].(map[string]any); ok {
				if v, ok := d["DefaultValue"]; ok {
					return x.eval(v, at.index(3))
				}
			}
		}
		x.fail(at, "Mappings has no "+clip.String(strings.Join(keys[:], ".")), "")
		return failed{}
	case "Condition":
		name, ok := arg.(string)
		if !ok {
			x.fail(at, "Condition takes a condition name", "")
			return failed{}
		}
		return x.condition(name, at)
	}
	x.fail(at, "the function "+clip.String(name)+" is not evaluated (rolemap/REFERENCE.md §7.1 lists the ones that are)", "")
	return failed{}
}

// mapValue is a value of the Mappings section: a string, a number, a
// boolean or a list of them. CloudFormation refuses parameters, pseudo
// parameters and intrinsic functions there ("You can't include
// parameters, pseudo parameters, or intrinsic functions in the Mappings
// section"), and so does the importer, so a value found there is used as
// it is, never evaluated again at each use.
func (x *cfn) mapValue(v any, at *loc) any {
	switch t := v.(type) {
	case string, json.Number, bool:
		return v
	case []any:
		for i, e := range t {
			if _, ok := scalarText(e); !ok {
				x.fail(at.index(i), "Mappings hold strings and lists of strings: CloudFormation refuses intrinsic functions there", "")
				return failed{}
			}
		}
		return v
	}
	x.fail(at, "Mappings hold strings and lists of strings: CloudFormation refuses intrinsic functions there", "")
	return failed{}
}

func (x *cfn) bounded(s string, at *loc) any {
	if len(s) > maxValueLen {
		x.fail(at, "the value is longer than 1 MiB", "")
		return failed{}
	}
	if !x.spend(len(s), at) {
		return failed{}
	}
	return s
}

// maxExpansion bounds the bytes all the Fn::Join, Fn::Sub and Fn::Split of
// one import build together: each use of a value is built anew, so a long
// parameter used in many places would otherwise cost its length times its
// uses.
const maxExpansion = 64 << 20

// spend counts n bytes an intrinsic builds; past maxExpansion the import
// fails, once, at the first path over it.
func (x *cfn) spend(n int, at *loc) bool {
	x.built += n
	if x.built <= maxExpansion {
		return true
	}
	if x.built-n <= maxExpansion {
		x.fail(at, "the template's Fn::Join, Fn::Sub and Fn::Split build more than 64 MiB of text", "")
	}
	return false
}

func scalarText(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case json.Number:
		return string(s), true
	case bool:
		return strconv.FormatBool(s), true
	}
	return "", false
}

func indexValue(v any) (int, bool) {
	s, ok := scalarText(v)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// sub evaluates Fn::Sub: "string" or ["string", {vars}], with ${Name},
// ${Resource.Attr} and ${!Literal}.
func (x *cfn) sub(arg any, at *loc) any {
	var tmpl string
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		tmpl = a
	case []any:
		if len(a) != 2 {
			x.fail(at, "Fn::Sub takes a string or [string, {variables}]", "")
			return failed{}
		}
		s, ok := a[0].(string)
		m, ok2 := a[1].(map[string]any)
		if !ok || !ok2 {
			x.fail(at, "Fn::Sub takes a string or [string, {variables}]", "")
			return failed{}
		}
		tmpl, vars = s, m
	default:
		x.fail(at, "Fn::Sub takes a string or [string, {variables}]", "")
		return failed{}
	}
	seen := map[string]any{}
	var b strings.Builder
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			x.fail(at, "an unterminated ${ in Fn::Sub", "")
			return failed{}
		}
		name := tmpl[i+2 : i+j]
		tmpl = tmpl[i+j+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok {
			b.WriteString("${" + lit + "}")
			continue
		}
		var v any
		if raw, ok := vars[name]; ok {
			// Each variable is evaluated once, however often the string
			// names it: "${A}${A}" with an A that holds another Fn::Sub
			// would otherwise double per level.
			if done, ok := seen[name]; ok {
				v = done
			} else {
				v = x.eval(raw, at.index(1).member(name))
				seen[name] = v
			}
		} else if id, attr, ok := strings.Cut(name, "."); ok && !strings.HasPrefix(name, "AWS::") {
			v = x.getAtt(id, attr, at)
		} else {
			v = x.refValue(name, at)
		}
		s, ok := scalarText(v)
		if !ok {
			if _, f := v.(failed); !f {
				x.fail(at, "${"+clip.String(name)+"} is not a string", "")
			}
			return failed{}
		}
		b.WriteString(s)
		if b.Len() > maxValueLen {
			return x.bounded(b.String(), at)
		}
	}
	return x.bounded(b.String(), at)
}

// condition evaluates the template condition name, once.
func (x *cfn) condition(name string, at *loc) bool {
	switch x.conds[name] {
	case 1:
		return true
	case 2:
		return false
	case -1:
		x.fail(at, "the condition "+clip.Quote(name)+" refers to itself", "")
		return false
	}
	def, ok := x.conditions[name]
	if !ok {
		x.fail(at, "no condition "+clip.Quote(name), "")
		x.conds[name] = 2
		return false
	}
	x.conds[name] = -1
	v := x.condValue(def, root("Conditions").member(name))
	x.conds[name] = 2
	if v {
		x.conds[name] = 1
	}
	return v
}

// condValue evaluates a condition function.
func (x *cfn) condValue(def any, at *loc) bool {
	m, ok := def.(map[string]any)
	if !ok || len(m) != 1 {
		x.fail(at, "want a condition function", "")
		return false
	}
	for fn, arg := range m {
		at := at.member(fn)
		args, _ := arg.([]any)
		switch fn {
		case "Fn::Equals":
			if len(args) != 2 {
				x.fail(at, "Fn::Equals takes two values", "")
				return false
			}
			a, b := x.eval(args[0], at.index(0)), x.eval(args[1], at.index(1))
			sa, oka := scalarText(a)
			sb, okb := scalarText(b)
			return oka && okb && sa == sb
		case "Fn::And", "Fn::Or":
			if len(args) < 2 || len(args) > 10 {
				x.fail(at, fn+" takes 2 to 10 conditions", "")
				return false
			}
			result := fn == "Fn::And"
			for i, c := range args {
				v := x.condValue(c, at.index(i))
				if fn == "Fn::And" {
					result = result && v
				} else {
					result = result || v
				}
			}
			return result
		case "Fn::Not":
			if len(args) != 1 {
				x.fail(at, "Fn::Not takes one condition", "")
				return false
			}
			return !x.condValue(args[0], at.index(0))
		case "Condition":
			name, ok := arg.(string)
			if !ok {
				x.fail(at, "Condition takes a condition name", "")
				return false
			}
			return x.condition(name, at)
		}
		x.fail(at, "not a condition function: "+clip.String(fn), "")
	}
	return false
}

// refValue is Ref name: a pseudo parameter, a parameter or a resource.
func (x *cfn) refValue(name string, at *loc) any {
	switch name {
	case "AWS::NoValue":
		return noValue
	case "AWS::Region":
		return x.region
	case "AWS::AccountId":
		return x.account
	case "AWS::Partition":
		return x.partition
	case "AWS::URLSuffix":
		return x.suffix
	case "AWS::StackName":
		return x.value("AWS::StackName", func() string { return "stack" })
	}
	if strings.HasPrefix(name, "AWS::") {
		if v, ok := x.bound(name); ok {
			return v
		}
		x.fail(at, "the pseudo parameter "+clip.String(name)+" has no default", name)
		return failed{}
	}
	if p, ok := x.params[name].(map[string]any); ok {
		if v, ok := x.bound(name); ok {
			return paramValue(p, v)
		}
		if d, ok := p["Default"]; ok {
			s, _ := scalarText(d)
			return paramValue(p, s)
		}
		x.fail(at, "the parameter "+clip.String(name)+" has no Default", name)
		return failed{}
	}
	if _, ok := x.resources[name]; ok {
		if !x.exists(name) {
			x.fail(at, "the resource "+clip.String(name)+" does not exist: its Condition is false", "")
			return failed{}
		}
		return x.ref(name, at)
	}
	if v, ok := x.bound(name); ok {
		return v // a resource of another stack, bound as the error suggests
	}
	x.fail(at, "no parameter or resource "+clip.Quote(name), name)
	return failed{}
}

// paramValue types a parameter's value: a list type splits on commas.
func paramValue(p map[string]any, v string) any {
	t, _ := p["Type"].(string)
	if t == "CommaDelimitedList" || strings.HasPrefix(t, "List<") {
		var out []any
		for _, s := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(s))
		}
		return out
	}
	return v
}

// ref is a resource's Ref value: its binding, or its placeholder.
func (x *cfn) ref(id string, at *loc) string {
	if v, ok := x.attrs[id].(string); ok {
		return v
	}
	v := x.value(id, func() string { return x.refPlaceholder(id, at) })
	x.attrs[id] = v
	return v
}

// resolving guards the evaluation of a resource's property against cycles.
func (x *cfn) resolving(key string, at *loc) bool {
	if slices.Contains(x.busy, key) {
		var names []string
		for _, k := range append(x.busy, key) {
			names = append(names, clip.String(k))
		}
		x.fail(at, "a cycle: "+strings.Join(names, " → "), "")
		return false
	}
	return true
}

// propString evaluates a resource's string property for a placeholder.
func (x *cfn) propString(id, name string, at *loc) (string, bool) {
	v, ok := x.property(id, name)
	if !ok {
		return "", false
	}
	key := id + "." + name
	if !x.resolving(key, at) {
		return "", false
	}
	x.busy = append(x.busy, key)
	defer func() { x.busy = x.busy[:len(x.busy)-1] }()
	s, ok := scalarText(x.eval(v, propPath(id, name)))
	return s, ok && s != ""
}

func (x *cfn) refPlaceholder(id string, at *loc) string {
	switch x.typeOf(id) {
	case "AWS::IAM::Role":
		if name, ok := x.propString(id, "RoleName", at); ok {
			return name
		}
	case "AWS::Cognito::UserPool":
		return x.region + "_" + id
	case typeUserPoolGroup:
		return x.groupRefPlaceholder(id, at)
	case typeIdentityProvider:
		// A user pool identity provider's Ref is its ProviderName.
		if name, ok := x.propString(id, "ProviderName", at); ok {
			return name
		}
	case "AWS::Lambda::Function":
		if name, ok := x.propString(id, "FunctionName", at); ok {
			return name
		}
	case typePool:
		return poolID(x.region, id)
	case "AWS::IAM::SAMLProvider":
		name := id
		if n, ok := x.propString(id, "Name", at); ok {
			name = n
		}
		return "arn:" + x.partition + ":iam::" + x.account + ":saml-provider/" + name
	case "AWS::IAM::OIDCProvider", "Custom::AWSCDKOpenIdConnectProvider":
		url, _ := x.propString(id, "Url", at)
		return "arn:" + x.partition + ":iam::" + x.account + ":oidc-provider/" + strings.TrimPrefix(url, "https://")
	}
	return id
}

// getAtt is Fn::GetAtt id.attr: its binding, or its placeholder.
func (x *cfn) getAtt(id, attr string, at *loc) any {
	name := id + "." + attr
	if v, ok := x.attrs[name]; ok {
		return v
	}
	// A binding always wins, even for a resource the template lacks (one
	// of another stack), as the error below suggests.
	if v, ok := x.bound(name); ok {
		x.attrs[name] = v
		return v
	}
	if _, ok := x.resources[id]; !ok {
		x.fail(at, "no resource "+clip.Quote(id), name)
		return failed{}
	}
	if !x.exists(id) {
		x.fail(at, "the resource "+clip.String(id)+" does not exist: its Condition is false", "")
		return failed{}
	}
	v, ok := x.attPlaceholder(id, attr, at)
	if !ok {
		x.fail(at, "the attribute "+clip.String(attr)+" of "+clip.String(id)+" ("+clip.String(x.typeOf(id))+") is known only after deployment", name)
		return failed{}
	}
	x.placeholders[name] = v
	x.attrs[name] = v
	return v
}

func (x *cfn) attPlaceholder(id, attr string, at *loc) (string, bool) {
	ref := func() string { return x.ref(id, at) }
	switch t := x.typeOf(id); {
	case t == "AWS::IAM::Role" && attr == "Arn":
		path, _ := x.propString(id, "Path", at)
		return "arn:" + x.partition + ":iam::" + x.account + ":role/" + strings.TrimPrefix(path, "/") + ref(), true
	case t == "AWS::IAM::Role" && attr == "RoleId":
		return id, true
	case t == "AWS::Cognito::UserPool":
		switch attr {
		case "Arn":
			return "arn:" + x.partition + ":cognito-idp:" + x.region + ":" + x.account + ":userpool/" + ref(), true
		case "ProviderName":
			return "cognito-idp." + x.region + "." + x.suffix + "/" + ref(), true
		case "ProviderURL":
			return "https://cognito-idp." + x.region + "." + x.suffix + "/" + ref(), true
		case "UserPoolId":
			return ref(), true
		}
	case t == "AWS::Cognito::UserPoolClient" && attr == "ClientId":
		return ref(), true
	case t == "AWS::Lambda::Function" && attr == "Arn":
		return "arn:" + x.partition + ":lambda:" + x.region + ":" + x.account + ":function:" + ref(), true
	case t == typePool && attr == "Id":
		return ref(), true
	case t == typePool && attr == "Name":
		if n, ok := x.propString(id, "IdentityPoolName", at); ok {
			return n, true
		}
		return id, true
	case (t == "AWS::IAM::SAMLProvider" || t == "AWS::IAM::OIDCProvider" || t == "Custom::AWSCDKOpenIdConnectProvider") && attr == "Arn":
		return ref(), true
	}
	return "", false
}
