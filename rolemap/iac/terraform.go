package iac

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap"
)

// Terraform imports the identity pools of what `terraform show -json`
// prints, for a plan or for a state (SPEC §7.2): resources of type
// aws_cognito_identity_pool and aws_cognito_identity_pool_roles_attachment,
// in the root module and in child modules, become pools named by the
// identity pool's resource address, merged with the attachment that refers
// to it. A value unknown until apply is resolved from [WithBindings], from
// what its configuration expression refers to, or by a placeholder; each
// one that cannot be is an [*Error] naming its attribute path and the
// binding that would resolve it. A document of a format_version other than
// 1.x is refused.
func Terraform(showJSON []byte, opts ...Option) (*Result, error) {
	c := newConfig(opts)
	doc, err := decodeObject(showJSON, "terraform show -json")
	if err != nil {
		return nil, err
	}
	version, _ := doc["format_version"].(string)
	if major, _, _ := strings.Cut(version, "."); major != "1" {
		return nil, fmt.Errorf("iac: terraform show -json: format_version %q; this importer reads 1.x", version)
	}
	x := &tf{recorder: newRecorder(c), instances: map[string]*tfInstance{}, configs: map[string]map[string]any{},
		calls: map[string]map[string]any{}, unknown: map[string]any{}, byConfig: map[string][]string{}, byIndex: map[string]string{}}
	x.env = x.environment()
	values, plan := doc["planned_values"].(map[string]any)
	if !plan {
		var ok bool
		if values, ok = doc["values"].(map[string]any); !ok {
			return nil, errors.New("iac: terraform show -json: neither planned_values (a plan) nor values (a state)")
		}
	}
	if rm, ok := values["root_module"].(map[string]any); ok {
		x.collect(rm, "", "planned_values.root_module")
	}
	if plan {
		for _, rc := range asList(doc["resource_changes"]) {
			rc, _ := rc.(map[string]any)
			addr, _ := rc["address"].(string)
			change, _ := rc["change"].(map[string]any)
			x.unknown[addr] = change["after_unknown"]
		}
		if cfg, ok := doc["configuration"].(map[string]any); ok {
			if rm, ok := cfg["root_module"].(map[string]any); ok {
				x.collectConfig(rm, "")
			}
		}
	}
	pools := x.pools()
	res, err := x.result(pools)
	if err != nil {
		return nil, err
	}
	if len(pools) == 0 {
		return nil, ErrNoPool
	}
	return res, nil
}

type tf struct {
	*recorder
	env
	instances map[string]*tfInstance    // by absolute address
	order     []string                  // addresses in document order
	byConfig  map[string][]string       // addresses by configuration address (no index key)
	byIndex   map[string]string         // the first address by configuration address and index key (see indexKey)
	configs   map[string]map[string]any // configuration resources by absolute address without index
	calls     map[string]map[string]any // module call expressions by module address
	unknown   map[string]any            // after_unknown by absolute address
}

// tfInstance is one resource instance of the document.
type tfInstance struct {
	address, module, typ, name, path string
	index                            any // nil, a number or a string
	values                           map[string]any
}

// configAddress is the instance's address without its index key.
func (i *tfInstance) configAddress() string {
	return strings.TrimPrefix(i.module+"."+i.typ+"."+i.name, ".")
}

// resourceName is "its resource name" of SPEC §7.2: the name, followed for
// an instance of count or for_each by _ and the index key.
func (i *tfInstance) resourceName() string {
	switch k := i.index.(type) {
	case json.Number:
		return i.name + "_" + string(k)
	case string:
		return i.name + "_" + k
	}
	return i.name
}

func asList(v any) []any { l, _ := v.([]any); return l }

func (x *tf) collect(m map[string]any, module, at string) {
	for i, r := range asList(m["resources"]) {
		r, _ := r.(map[string]any)
		if mode, _ := r["mode"].(string); mode == "data" {
			continue
		}
		inst := &tfInstance{module: module, path: index(member(at, "resources"), i)}
		inst.address, _ = r["address"].(string)
		inst.typ, _ = r["type"].(string)
		inst.name, _ = r["name"].(string)
		inst.index = r["index"]
		inst.values, _ = r["values"].(map[string]any)
		if inst.values == nil {
			inst.values = map[string]any{}
		}
		x.instances[inst.address] = inst
		x.order = append(x.order, inst.address)
		x.byConfig[inst.configAddress()] = append(x.byConfig[inst.configAddress()], inst.address)
		if inst.index != nil {
			if k := indexKey(inst.configAddress(), inst.index); x.byIndex[k] == "" {
				x.byIndex[k] = inst.address
			}
		}
	}
	for i, cm := range asList(m["child_modules"]) {
		cm, _ := cm.(map[string]any)
		addr, _ := cm["address"].(string)
		x.collect(cm, addr, index(member(at, "child_modules"), i))
	}
}

func (x *tf) collectConfig(m map[string]any, module string) {
	for _, r := range asList(m["resources"]) {
		r, _ := r.(map[string]any)
		addr, _ := r["address"].(string)
		x.configs[strings.TrimPrefix(module+"."+addr, ".")] = r
	}
	calls, _ := m["module_calls"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		call, _ := calls[name].(map[string]any)
		addr := strings.TrimPrefix(module+".module."+name, ".")
		x.calls[addr], _ = call["expressions"].(map[string]any)
		if sub, ok := call["module"].(map[string]any); ok {
			x.collectConfig(sub, addr)
		}
	}
}

const (
	tfPool       = "aws_cognito_identity_pool"
	tfAttachment = "aws_cognito_identity_pool_roles_attachment"
)

func (x *tf) pools() map[string]rolemap.Pool {
	pools := map[string]rolemap.Pool{}
	for _, addr := range x.order {
		if inst := x.instances[addr]; inst.typ == tfPool {
			pools[addr] = x.pool(inst)
		}
	}
	byID := poolsByID{}
	for addr, p := range pools {
		byID.add(addr, p.IdentityPoolID)
	}
	attached := map[string]string{}
	for _, addr := range x.order {
		inst := x.instances[addr]
		if inst.typ != tfAttachment {
			continue
		}
		target := x.target(inst, byID)
		p, ok := pools[target]
		if !ok {
			target = addr
			id, _ := x.attr(inst, []any{"identity_pool_id"})
			p = rolemap.Pool{IdentityPoolID: id, Roles: map[string]string{}}
		}
		if prev, dup := attached[target]; dup {
			x.fail(inst.path, "a second roles attachment for "+target+", after "+prev, "")
			continue
		}
		attached[target] = addr
		x.attach(inst, &p)
		pools[target] = p
		byID.add(target, p.IdentityPoolID)
	}
	return pools
}

// target finds the pool an attachment refers to: by its identity_pool_id's
// value (a state, or a pool that exists already), or by the reference of
// its configuration expression (a plan).
func (x *tf) target(inst *tfInstance, byID poolsByID) string {
	if id, ok := inst.values["identity_pool_id"].(string); ok && id != "" {
		if addr, ok := byID[id]; ok {
			return addr
		}
	}
	for _, ref := range x.references(inst, []any{"identity_pool_id"}) {
		if target, ok := x.instanceOf(inst, strings.TrimSuffix(ref, ".id")); ok && x.instances[target].typ == tfPool {
			return target
		}
	}
	return ""
}

func (x *tf) pool(inst *tfInstance) rolemap.Pool {
	p := rolemap.Pool{Roles: map[string]string{}}
	p.IdentityPoolID = x.poolIDOf(inst)
	p.IdentityPoolName, _ = x.attr(inst, []any{"identity_pool_name"})
	if b, ok := inst.values["allow_unauthenticated_identities"].(bool); ok {
		p.AllowUnauthenticatedIdentities = &b
	}
	if b, ok := inst.values["allow_classic_flow"].(bool); ok {
		p.AllowClassicFlow = &b
	}
	p.DeveloperProviderName, _ = x.attr(inst, []any{"developer_provider_name"})
	for i := range asList(inst.values["cognito_identity_providers"]) {
		var prov rolemap.Provider
		prov.ClientID, _ = x.attr(inst, []any{"cognito_identity_providers", i, "client_id"})
		prov.ProviderName, _ = x.attr(inst, []any{"cognito_identity_providers", i, "provider_name"})
		if b, ok := walk(inst.values, []any{"cognito_identity_providers", i, "server_side_token_check"}).(bool); ok {
			prov.ServerSideTokenCheck = &b
		}
		p.CognitoIdentityProviders = append(p.CognitoIdentityProviders, prov)
	}
	p.SupportedLoginProviders = map[string]string{}
	if m, ok := inst.values["supported_login_providers"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			p.SupportedLoginProviders[k], _ = x.attr(inst, []any{"supported_login_providers", k})
		}
	}
	for _, list := range []struct {
		name string
		dst  *[]string
	}{{"openid_connect_provider_arns", &p.OpenIDConnectProviderARNs}, {"saml_provider_arns", &p.SAMLProviderARNs}} {
		for i := range asList(inst.values[list.name]) {
			v, _ := x.attr(inst, []any{list.name, i})
			*list.dst = append(*list.dst, v)
		}
	}
	p.CognitoIdentityProviders = known(p.CognitoIdentityProviders)
	p.OpenIDConnectProviderARNs = known(p.OpenIDConnectProviderARNs)
	p.SAMLProviderARNs = known(p.SAMLProviderARNs)
	return p
}

func (x *tf) attach(inst *tfInstance, p *rolemap.Pool) {
	if m, ok := inst.values["roles"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			p.Roles[k], _ = x.attr(inst, []any{"roles", k})
		}
	}
	// Roles unknown until apply appear only in after_unknown.
	if x.unknownAt(inst, []any{"roles"}) == true {
		name := attrPath(inst.address, []any{"roles"})
		x.fail(name, "the whole map is known only after apply, so not even its keys are", name+`["authenticated"]`)
	}
	if m, ok := x.unknownAt(inst, []any{"roles"}).(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if _, done := p.Roles[k]; !done && m[k] == true {
				p.Roles[k], _ = x.attr(inst, []any{"roles", k})
			}
		}
	}
	blocks := asList(inst.values["role_mapping"])
	if len(blocks) == 0 {
		return
	}
	p.RoleMappings = map[string]rolemap.Mapping{}
	for i := range blocks {
		key, _ := x.attr(inst, []any{"role_mapping", i, "identity_provider"})
		m := rolemap.Mapping{}
		t, _ := x.attr(inst, []any{"role_mapping", i, "type"})
		a, _ := x.attr(inst, []any{"role_mapping", i, "ambiguous_role_resolution"})
		m.Type, m.AmbiguousRoleResolution = rolemap.MappingType(t), rolemap.AmbiguousRoleResolution(a)
		if rules := asList(walk(inst.values, []any{"role_mapping", i, "mapping_rule"})); len(rules) > 0 {
			m.RulesConfiguration = &rolemap.RulesConfiguration{}
			for j := range rules {
				r := rolemap.Rule{}
				at := []any{"role_mapping", i, "mapping_rule", j}
				r.Claim, _ = x.attr(inst, append(slices.Clone(at), "claim"))
				mt, _ := x.attr(inst, append(slices.Clone(at), "match_type"))
				r.MatchType = rolemap.MatchType(mt)
				r.Value, _ = x.attr(inst, append(slices.Clone(at), "value"))
				r.RoleARN, _ = x.attr(inst, append(slices.Clone(at), "role_arn"))
				m.RulesConfiguration.Rules = append(m.RulesConfiguration.Rules, r)
			}
		}
		if _, dup := p.RoleMappings[key]; dup {
			x.fail(attrPath(inst.address, []any{"role_mapping", i}), "a second role_mapping for "+strconv.Quote(key), "")
			continue
		}
		p.RoleMappings[key] = m
	}
}

// walk follows an attribute path into a JSON value.
func walk(v any, path []any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k < 0 || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// attrPath writes an attribute path: ADDRESS.a[0].b["key"]; map keys are
// quoted (SPEC §7.4).
func attrPath(address string, path []any) string {
	s := address
	var prev any
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if isMapAttr(prev) {
				s += "[" + strconv.Quote(k) + "]"
			} else {
				s += "." + k
			}
		case int:
			s += "[" + strconv.Itoa(k) + "]"
		}
		prev = p
	}
	return s
}

// isMapAttr reports whether the attribute named prev holds a map, whose
// keys are data.
func isMapAttr(prev any) bool {
	s, _ := prev.(string)
	return s == "roles" || s == "supported_login_providers"
}

func (x *tf) unknownAt(inst *tfInstance, path []any) any {
	u := x.unknown[inst.address]
	for _, p := range path {
		if u == true {
			return true
		}
		u = walk(u, []any{p})
	}
	return u
}

// attr returns the string at path of inst: its planned or state value, or,
// unknown until apply, the value of SPEC §7.2's rules.
func (x *tf) attr(inst *tfInstance, path []any) (string, bool) {
	name := attrPath(inst.address, path)
	if v, ok := x.bound(name); ok {
		return v, true
	}
	switch v := walk(inst.values, path).(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case json.Number:
		return string(v), true
	}
	if x.unknownAt(inst, path) != true {
		return "", false // absent, and known to be
	}
	refs := x.references(inst, path)
	if refs == nil {
		x.fail(name, "known only after apply, and its expression cannot be matched to the plan (a dynamic block, or blocks that differ in number)", name)
		return "", false
	}
	if len(refs) == 1 {
		if v, ok := x.refValue(inst, refs[0]); ok {
			return v, true
		}
	}
	// The user pool idiom: "${aws_cognito_user_pool.x.endpoint}:${aws_cognito_user_pool_client.y.id}".
	if len(path) > 0 && path[len(path)-1] == "identity_provider" && len(refs) == 2 {
		var endpoint, client string
		for _, r := range refs {
			if target, ok := x.instanceOf(inst, strings.TrimSuffix(r, ".endpoint")); ok && strings.HasSuffix(r, ".endpoint") && x.instances[target].typ == "aws_cognito_user_pool" {
				endpoint, _ = x.refValue(inst, r)
			}
			if target, ok := x.instanceOf(inst, strings.TrimSuffix(r, ".id")); ok && strings.HasSuffix(r, ".id") && x.instances[target].typ == "aws_cognito_user_pool_client" {
				client, _ = x.refValue(inst, r)
			}
		}
		if endpoint != "" && client != "" {
			return endpoint + ":" + client, true
		}
	}
	what := "known only after apply"
	if len(refs) > 0 {
		what += ", and its expression refers to " + strings.Join(refs, ", ")
	}
	x.fail(name, what, name)
	return "", false
}

// references returns the attributes the configuration expression of path
// refers to, absolute (module path included): a resource attribute
// ("aws_iam_role.admin.arn") or a module output ("module.roles.admin_arn").
// It returns nil when the expression cannot be found.
func (x *tf) references(inst *tfInstance, path []any) []string {
	cfg, ok := x.configs[inst.configAddress()]
	if !ok {
		return nil
	}
	e := cfg["expressions"]
	for i, p := range path {
		// An attribute's one expression covers its elements and keys (a
		// list or map attribute); only nested blocks go deeper.
		if m, ok := e.(map[string]any); ok && i > 0 && isExpression(m) {
			return x.refsOf(m, inst.module)
		}
		switch k := p.(type) {
		case string:
			m, ok := e.(map[string]any)
			if !ok {
				return nil
			}
			e = m[k]
		case int:
			blocks, ok := e.([]any)
			planned := asList(walk(inst.values, path[:i]))
			if !ok || len(blocks) != len(planned) {
				return nil // no positional match: only bindings apply
			}
			e = blocks[k]
		}
	}
	m, ok := e.(map[string]any)
	if !ok || !isExpression(m) {
		return nil
	}
	return x.refsOf(m, inst.module)
}

// isExpression reports whether m is an expression representation (SPEC
// §7.2): {"references": [...]} or {"constant_value": ...}.
func isExpression(m map[string]any) bool {
	_, refs := m["references"]
	_, constant := m["constant_value"]
	return refs || constant
}

// refsOf returns the attributes an expression of module refers to,
// absolute. A module's input variable (var.X) stands for the expression
// its module call gives X, in the calling module.
func (x *tf) refsOf(m map[string]any, module string) []string {
	return x.refsDepth(m, module, 0)
}

func (x *tf) refsDepth(m map[string]any, module string, depth int) []string {
	var all []string
	for _, r := range asList(m["references"]) {
		if s, ok := r.(string); ok {
			all = append(all, s)
		}
	}
	// Keep attributes: drop a reference that prefixes another one.
	var out []string
	for _, r := range all {
		if v, ok := strings.CutPrefix(r, "var."); ok && module != "" && depth < 32 {
			if e, ok := x.calls[module][v].(map[string]any); ok {
				parent := module[:max(strings.LastIndex(module, ".module."), 0)]
				out = append(out, x.refsDepth(e, parent, depth+1)...)
			}
			continue
		}
		if strings.HasPrefix(r, "var.") || strings.HasPrefix(r, "local.") || strings.HasPrefix(r, "each.") || strings.HasPrefix(r, "count.") {
			continue
		}
		prefix := slices.ContainsFunc(all, func(o string) bool { return o != r && strings.HasPrefix(o, r+".") })
		if !prefix {
			out = append(out, strings.TrimPrefix(module+"."+r, "."))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// instanceOf finds the instance a reference (without its attribute) names:
// itself, or for a count or for_each resource referred to as a whole, the
// instance with the referring instance's index key.
func (x *tf) instanceOf(from *tfInstance, ref string) (string, bool) {
	if _, ok := x.instances[ref]; ok {
		return ref, true
	}
	candidates := x.byConfig[ref]
	if len(candidates) == 1 && x.instances[candidates[0]].index == nil {
		return candidates[0], true
	}
	if from.index != nil {
		if addr, ok := x.byIndex[indexKey(ref, from.index)]; ok {
			return addr, true
		}
	}
	return "", false
}

// indexKey is the key of x.byIndex: an instance's configuration address and
// its index key, compared as text.
func indexKey(config string, index any) string {
	return config + "\x00" + fmt.Sprint(index)
}

// refValue resolves a reference: its binding, the referenced value if the
// plan knows it, or a placeholder (SPEC §7.2 rules 2 and 3).
func (x *tf) refValue(from *tfInstance, ref string) (string, bool) {
	if v, ok := x.bound(ref); ok {
		return v, true
	}
	dot := strings.LastIndexByte(ref, '.')
	if dot < 0 {
		return "", false
	}
	target, ok := x.instanceOf(from, ref[:dot])
	if !ok {
		return "", false
	}
	inst, attr := x.instances[target], ref[dot+1:]
	if v, ok := inst.values[attr].(string); ok && x.unknownAt(inst, []any{attr}) != true {
		return v, true
	}
	return x.placeholder(inst, attr)
}

// poolIDOf is an identity pool's id: known, bound, or its placeholder.
func (x *tf) poolIDOf(inst *tfInstance) string {
	if v, ok := inst.values["id"].(string); ok && v != "" {
		return v
	}
	v, _ := x.placeholder(inst, "id")
	return v
}

// placeholder makes the value of attribute attr of inst (SPEC §7.2), after
// its binding; placeholders follow the bound ids they are built from.
func (x *tf) placeholder(inst *tfInstance, attr string) (string, bool) {
	name := inst.address + "." + attr
	if v, ok := x.bound(name); ok {
		return v, true
	}
	var v string
	switch inst.typ + "." + attr {
	case "aws_iam_role.arn":
		path, _ := inst.values["path"].(string)
		if path == "" {
			path = "/"
		}
		roleName, _ := inst.values["name"].(string)
		if roleName == "" {
			roleName = inst.resourceName()
		}
		v = "arn:" + x.partition + ":iam::" + x.account + ":role" + path + roleName
	case "aws_cognito_user_pool.id":
		v = x.region + "_" + inst.resourceName()
	case "aws_cognito_user_pool.endpoint":
		id, _ := x.knownOr(inst, "id")
		v = "cognito-idp." + x.region + "." + x.suffix + "/" + id
	case "aws_cognito_user_pool.arn":
		id, _ := x.knownOr(inst, "id")
		v = "arn:" + x.partition + ":cognito-idp:" + x.region + ":" + x.account + ":userpool/" + id
	case "aws_cognito_user_pool_client.id":
		v = inst.resourceName()
	case "aws_cognito_identity_pool.id":
		v = poolID(x.region, inst.address)
	case "aws_iam_saml_provider.arn":
		n, _ := inst.values["name"].(string)
		v = "arn:" + x.partition + ":iam::" + x.account + ":saml-provider/" + n
	case "aws_iam_openid_connect_provider.arn":
		u, _ := inst.values["url"].(string)
		v = "arn:" + x.partition + ":iam::" + x.account + ":oidc-provider/" + strings.TrimPrefix(u, "https://")
	default:
		return "", false
	}
	x.placeholders[name] = v
	return v, true
}

// knownOr is attr of inst: known, bound, or its placeholder.
func (x *tf) knownOr(inst *tfInstance, attr string) (string, bool) {
	if v, ok := inst.values[attr].(string); ok && v != "" {
		return v, true
	}
	return x.placeholder(inst, attr)
}
