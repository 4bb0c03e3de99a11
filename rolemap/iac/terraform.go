package iac

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Terraform imports the identity pools of what `terraform show -json`
// prints, for a plan or for a state (rolemap/REFERENCE.md §7.2): resources of type
// aws_cognito_identity_pool and aws_cognito_identity_pool_roles_attachment,
// in the root module and in child modules, become pools named by the
// identity pool's resource address, merged with the attachment that refers
// to it. A value unknown until apply is resolved from [WithBindings], from
// what its configuration expression refers to, or by a placeholder; each
// one that cannot be is an [*Error] naming its attribute path and the
// binding that would resolve it. A document of a format_version other than
// 1.x is refused.
//
// Its time and memory are linear in the size of the document (decoding it
// dominates), times the length of the longest binding name for the
// attribute paths it looks up: every module, expression, variable and
// placeholder is resolved once.
func Terraform(showJSON []byte, opts ...Option) (*Result, error) {
	c := newConfig(opts)
	doc, err := decodeObject(showJSON, "terraform show -json")
	if err != nil {
		return nil, err
	}
	version, _ := doc["format_version"].(string)
	if major, _, _ := strings.Cut(version, "."); major != "1" {
		return nil, fmt.Errorf("iac: terraform show -json: format_version %s; this importer reads 1.x", clip.Quote(version))
	}
	x := &tf{recorder: newRecorder(c), instances: map[string]*tfInstance{}, unknown: map[string]any{},
		exprRefs: map[exprKey][]absRef{}, placeheld: map[placeKey]string{}}
	for k := range c.bindings {
		x.longestBinding = max(x.longestBinding, len(k))
	}
	x.env = x.environment()
	values, plan := doc["planned_values"].(map[string]any)
	if !plan {
		var ok bool
		if values, ok = doc["values"].(map[string]any); !ok {
			return nil, errors.New("iac: terraform show -json: neither planned_values (a plan) nor values (a state)")
		}
	}
	x.root = newModule("", nil)
	if plan {
		if cfg, ok := doc["configuration"].(map[string]any); ok {
			if rm, ok := cfg["root_module"].(map[string]any); ok {
				x.root.cfg = collectConfig(rm)
			}
		}
	}
	if rm, ok := values["root_module"].(map[string]any); ok {
		top := "planned_values"
		if !plan {
			top = "values"
		}
		x.collect(rm, x.root, root(top).member("root_module"))
	}
	if plan {
		for _, rc := range asList(doc["resource_changes"]) {
			rc, _ := rc.(map[string]any)
			addr, _ := rc["address"].(string)
			change, _ := rc["change"].(map[string]any)
			x.unknown[addr] = change["after_unknown"]
		}
	}
	pools, origins := x.pools()
	ups, roles, roleLocs, upLocs := x.credentials(pools)
	res, err := x.result(showJSON, pools, origins)
	if err != nil {
		return nil, err
	}
	res.UserPools, res.Roles, res.roleOrigins, res.userPoolOrigins = ups, roles, roleLocs, upLocs
	if len(pools) == 0 {
		return nil, ErrNoPool
	}
	res.resourcePaths = map[string]string{}
	for _, inst := range x.order {
		res.resourcePaths[pathKey(inst.path.path())] = inst.address
	}
	return res, nil
}

type tf struct {
	*recorder
	env
	root      *tfModule
	instances map[string]*tfInstance // by absolute address
	order     []*tfInstance          // in document order
	unknown   map[string]any         // after_unknown by absolute address
	// exprRefs memoises what each configuration expression refers to in
	// each module instance; nil while it is being resolved (a cycle
	// through module variables).
	exprRefs map[exprKey][]absRef
	// placeheld memoises placeholders by instance and attribute.
	placeheld map[placeKey]string
	// longestBinding is the length of the longest binding name: a name
	// longer than that is never built to look one up.
	longestBinding int
	// bindingNames are the bindings' names, sorted when first needed.
	bindingNames []string
}

type placeKey struct {
	inst *tfInstance
	attr string
}

// tfModule is one module instance of the document (the root, or a child
// module of planned_values or values). Modules are interned: everything
// that belongs to a module is found from it by pointer, so that a long
// module address is never hashed or copied once per resource, attribute
// or reference.
type tfModule struct {
	addr   string // absolute address, "" for the root
	parent *tfModule
	cfg    *cfgModule // its configuration, or nil
	// instances by address relative to the module (aws_iam_role.r[0]);
	// byConfig by configuration address relative to the module
	// (aws_iam_role.r); byIndex by configuration address and index key.
	instances map[string]*tfInstance
	byConfig  map[string][]*tfInstance
	byIndex   map[string]*tfInstance
	// vars memoises what each input variable (var.X) stands for.
	vars map[string][]absRef
}

func newModule(addr string, parent *tfModule) *tfModule {
	return &tfModule{addr: addr, parent: parent, instances: map[string]*tfInstance{}, byConfig: map[string][]*tfInstance{},
		byIndex: map[string]*tfInstance{}, vars: map[string][]absRef{}}
}

// cfgModule is one module of the configuration: its resources and the
// module calls it makes.
type cfgModule struct {
	resources map[string]map[string]any // by address (aws_iam_role.r)
	calls     map[string]*cfgCall       // by call name
}

type cfgCall struct {
	expressions map[string]any
	module      *cfgModule
}

// tfInstance is one resource instance of the document.
type tfInstance struct {
	address, typ, name string
	rel                string // the address relative to its module
	config             string // rel without the index key
	mod                *tfModule
	path               *loc // where the instance is in the document
	index              any  // nil, a number or a string
	values             map[string]any
	cfg                map[string]any // its configuration resource, or nil
}

// resourceName is "its resource name" of rolemap/REFERENCE.md §7.2: the name, followed for
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

// absRef is a reference of a configuration expression, made absolute by
// the module it is resolved in: rel is as the expression writes it
// (aws_iam_role.admin.arn, module.roles.admin_arn). Its absolute text is
// built only when it is needed.
type absRef struct {
	mod *tfModule
	rel string
}

func (r absRef) String() string {
	if r.mod.addr == "" {
		return r.rel
	}
	return r.mod.addr + "." + r.rel
}

// len is the length of String.
func (r absRef) len() int {
	if r.mod.addr == "" {
		return len(r.rel)
	}
	return len(r.mod.addr) + 1 + len(r.rel)
}

func asList(v any) []any { l, _ := v.([]any); return l }

// collect reads the resources of a module of planned_values or values, and
// its child modules.
func (x *tf) collect(m map[string]any, mod *tfModule, at *loc) {
	for i, r := range asList(m["resources"]) {
		r, _ := r.(map[string]any)
		if mode, _ := r["mode"].(string); mode == "data" {
			continue
		}
		inst := &tfInstance{mod: mod, path: at.member("resources").index(i)}
		inst.address, _ = r["address"].(string)
		inst.typ, _ = r["type"].(string)
		inst.name, _ = r["name"].(string)
		inst.index = r["index"]
		inst.values, _ = r["values"].(map[string]any)
		if inst.values == nil {
			inst.values = map[string]any{}
		}
		inst.rel = inst.address
		if mod.addr != "" {
			inst.rel = strings.TrimPrefix(inst.address, mod.addr+".")
		}
		inst.config = inst.typ + "." + inst.name
		if mod.cfg != nil {
			inst.cfg = mod.cfg.resources[inst.config]
		}
		x.instances[inst.address] = inst
		x.order = append(x.order, inst)
		mod.instances[inst.rel] = inst
		mod.byConfig[inst.config] = append(mod.byConfig[inst.config], inst)
		if inst.index != nil {
			if k := indexKey(inst.config, inst.index); mod.byIndex[k] == nil {
				mod.byIndex[k] = inst
			}
		}
	}
	for i, cm := range asList(m["child_modules"]) {
		cm, _ := cm.(map[string]any)
		addr, _ := cm["address"].(string)
		child := newModule(addr, mod)
		if mod.cfg != nil {
			if call := mod.cfg.calls[callName(addr, mod.addr)]; call != nil {
				child.cfg = call.module
			}
		}
		x.collect(cm, child, at.member("child_modules").index(i))
	}
}

// callName is the name of the module call that made the module instance
// addr inside parent: module.NAME, or module.NAME[KEY] for an instance of
// count or for_each.
func callName(addr, parent string) string {
	if parent != "" {
		addr = strings.TrimPrefix(addr, parent+".")
	}
	name := strings.TrimPrefix(addr, "module.")
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return name
}

// collectConfig reads a module of the configuration and the modules it
// calls.
func collectConfig(m map[string]any) *cfgModule {
	c := &cfgModule{resources: map[string]map[string]any{}, calls: map[string]*cfgCall{}}
	for _, r := range asList(m["resources"]) {
		r, _ := r.(map[string]any)
		addr, _ := r["address"].(string)
		c.resources[addr] = r
	}
	calls, _ := m["module_calls"].(map[string]any)
	for name, call := range calls {
		call, _ := call.(map[string]any)
		cc := &cfgCall{}
		cc.expressions, _ = call["expressions"].(map[string]any)
		if sub, ok := call["module"].(map[string]any); ok {
			cc.module = collectConfig(sub)
		}
		c.calls[name] = cc
	}
	return c
}

const (
	tfPool       = "aws_cognito_identity_pool"
	tfAttachment = "aws_cognito_identity_pool_roles_attachment"
)

func (x *tf) pools() (map[string]rolemap.Pool, map[string]*origin) {
	pools := map[string]rolemap.Pool{}
	origins := map[string]*origin{}
	for _, inst := range x.order {
		if inst.typ == tfPool {
			pools[inst.address] = x.pool(inst)
			origins[inst.address] = &origin{terraform: true, pool: inst.path}
		}
	}
	byID := poolsByID{}
	for addr, p := range pools {
		byID.add(addr, p.IdentityPoolID)
	}
	attached := map[string]string{}
	for _, inst := range x.order {
		if inst.typ != tfAttachment {
			continue
		}
		target := x.target(inst, byID)
		p, ok := pools[target]
		if !ok {
			target = inst.address
			id, _ := x.attr(inst, []any{"identity_pool_id"})
			p = rolemap.Pool{IdentityPoolID: id, Roles: map[string]string{}}
		}
		if prev, dup := attached[target]; dup {
			x.fail(inst.path, "a second roles attachment for "+clip.String(target)+", after "+clip.String(prev), "")
			continue
		}
		attached[target] = inst.address
		o := origins[target]
		if o == nil {
			o = &origin{terraform: true}
			origins[target] = o
		}
		o.attach, o.mappings = inst.path, map[string]*loc{}
		x.attach(inst, &p, o)
		pools[target] = p
		byID.add(target, p.IdentityPoolID)
	}
	return pools, origins
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
		ref.rel = strings.TrimSuffix(ref.rel, ".id")
		if target := x.instanceOf(inst, ref); target != nil && target.typ == tfPool {
			return target.address
		}
	}
	return ""
}

func (x *tf) pool(inst *tfInstance) rolemap.Pool {
	p := rolemap.Pool{Roles: map[string]string{}}
	p.IdentityPoolID = x.poolIDOf(inst)
	p.IdentityPoolName, _ = x.attr(inst, []any{"identity_pool_name"})
	if b, ok := x.boolAttr(inst, []any{"allow_unauthenticated_identities"}); ok {
		p.AllowUnauthenticatedIdentities = &b
	}
	// The provider sends allow_classic_flow always, false when the
	// configuration leaves it out (rolemap/REFERENCE.md §12.5).
	classic, _ := x.boolAttr(inst, []any{"allow_classic_flow"})
	p.AllowClassicFlow = &classic
	p.DeveloperProviderName, _ = x.attr(inst, []any{"developer_provider_name"})
	for i := range x.listLen(inst, []any{"cognito_identity_providers"}) {
		var prov rolemap.Provider
		prov.ClientID, _ = x.attr(inst, []any{"cognito_identity_providers", i, "client_id"})
		prov.ProviderName, _ = x.attr(inst, []any{"cognito_identity_providers", i, "provider_name"})
		if b, ok := x.boolAttr(inst, []any{"cognito_identity_providers", i, "server_side_token_check"}); ok {
			prov.ServerSideTokenCheck = &b
		}
		p.CognitoIdentityProviders = append(p.CognitoIdentityProviders, prov)
	}
	p.SupportedLoginProviders = map[string]string{}
	for _, k := range x.mapKeys(inst, []any{"supported_login_providers"}) {
		p.SupportedLoginProviders[k], _ = x.attr(inst, []any{"supported_login_providers", k})
	}
	for _, list := range []struct {
		name string
		dst  *[]string
	}{{"openid_connect_provider_arns", &p.OpenIDConnectProviderARNs}, {"saml_provider_arns", &p.SAMLProviderARNs}} {
		for i := range x.listLen(inst, []any{list.name}) {
			v, _ := x.attr(inst, []any{list.name, i})
			*list.dst = append(*list.dst, v)
		}
	}
	p.CognitoIdentityProviders = known(p.CognitoIdentityProviders)
	p.OpenIDConnectProviderARNs = known(p.OpenIDConnectProviderARNs)
	p.SAMLProviderARNs = known(p.SAMLProviderARNs)
	return p
}

func (x *tf) attach(inst *tfInstance, p *rolemap.Pool, o *origin) {
	for _, k := range x.mapKeys(inst, []any{"roles"}) {
		p.Roles[k], _ = x.attr(inst, []any{"roles", k})
	}
	n := x.listLen(inst, []any{"role_mapping"})
	if n == 0 {
		return
	}
	p.RoleMappings = map[string]rolemap.Mapping{}
	for i := range n {
		key, keyOK := x.attr(inst, []any{"role_mapping", i, "identity_provider"})
		m := rolemap.Mapping{}
		t, _ := x.attr(inst, []any{"role_mapping", i, "type"})
		a, _ := x.attr(inst, []any{"role_mapping", i, "ambiguous_role_resolution"})
		m.Type, m.AmbiguousRoleResolution = rolemap.MappingType(t), rolemap.AmbiguousRoleResolution(a)
		if rules := x.listLen(inst, []any{"role_mapping", i, "mapping_rule"}); rules > 0 {
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
		if !keyOK {
			continue // its error is reported; it is no second mapping for ""
		}
		if _, dup := p.RoleMappings[key]; dup {
			x.fail(attrLoc{inst, []any{"role_mapping", i}}, "a second role_mapping for "+clip.Quote(key), "")
			continue
		}
		p.RoleMappings[key] = m
		o.mappings[key] = inst.path.member("values").member("role_mapping").index(i)
	}
}

// boolAttr returns the boolean at path of inst: its planned or state
// value, a binding ("true" or "false"), or, known only after apply, the
// error attr reports. ok is false when it is absent and known to be, or
// in error: a boolean unknown until apply is never read as false.
func (x *tf) boolAttr(inst *tfInstance, path []any) (b, ok bool) {
	s, ok := x.attr(inst, path)
	if !ok {
		return false, false
	}
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	at := attrLoc{inst, path}
	x.fail(at, "want true or false, not "+clip.Quote(s), at.String())
	return false, false
}

// mapKeys returns the keys of the map at path of inst, sorted: those of
// its planned or state value and those known only after apply (whose
// values attr resolves or reports). A map known only after apply as a
// whole has no keys to read: it is an error unless bindings by attribute
// path (ADDRESS.ATTR["KEY"]) give them, and then they are its keys.
func (x *tf) mapKeys(inst *tfInstance, path []any) []string {
	keys := map[string]bool{}
	if m, ok := walk(inst.values, path).(map[string]any); ok {
		for k := range m {
			keys[k] = true
		}
	}
	switch u := x.unknownAt(inst, path).(type) {
	case bool:
		if !u {
			break
		}
		at := attrLoc{inst, path}
		bound := x.boundKeys(at)
		for _, k := range bound {
			if s, err := strconv.Unquote(k); err == nil {
				keys[s] = true
			}
		}
		if len(bound) == 0 {
			x.fail(at, "the whole map is known only after apply, so not even its keys are", at.String()+`["KEY"]`)
		}
	case map[string]any:
		for k, v := range u {
			if v != false && v != nil {
				keys[k] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(keys))
}

// listLen returns the length of the list (or the nested blocks) at path
// of inst. A list known only after apply as a whole has no length to
// read: it is an error unless bindings by attribute path (ADDRESS.ATTR[0],
// ADDRESS.BLOCK[0].ATTR) give its elements, and then it has as many as
// the highest index bound.
func (x *tf) listLen(inst *tfInstance, path []any) int {
	n := len(asList(walk(inst.values, path)))
	if n > 0 || x.unknownAt(inst, path) != true {
		return n
	}
	at := attrLoc{inst, path}
	bound := x.boundKeys(at)
	for _, k := range bound {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < maxBoundIndex {
			n = max(n, i+1)
		}
	}
	if n == 0 {
		x.fail(at, "the whole list is known only after apply, so not even its length is", at.String()+"[0]")
	}
	return n
}

// maxBoundIndex bounds the length a binding gives a list known only after
// apply, so that ADDRESS.ATTR[999999999] makes no billion elements.
const maxBoundIndex = 1000

// boundKeys returns what is between the brackets of each binding that
// names an element of at (at's name followed by "["): a quoted map key or
// a list index, each once, in order. The bindings' names are sorted once,
// so each look-up costs a binary search and its matches.
func (x *tf) boundKeys(at attrLoc) []string {
	if at.minLen() >= x.longestBinding {
		return nil
	}
	if x.bindingNames == nil {
		x.bindingNames = slices.Sorted(maps.Keys(x.bindings))
	}
	prefix := at.name() + "["
	var keys []string
	i, _ := slices.BinarySearch(x.bindingNames, prefix)
	for ; i < len(x.bindingNames) && strings.HasPrefix(x.bindingNames[i], prefix); i++ {
		rest := x.bindingNames[i][len(prefix):]
		end := strings.Index(rest, "]")
		if strings.HasPrefix(rest, `"`) {
			// A quoted key may hold "]": it ends at its closing quote.
			if q, err := strconv.QuotedPrefix(rest); err == nil {
				end = len(q)
			}
		}
		if end < 0 {
			continue
		}
		if k := rest[:end]; len(keys) == 0 || keys[len(keys)-1] != k {
			keys = append(keys, k)
		}
	}
	return keys
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

// attrLoc is an attribute path: ADDRESS.a[0].b["key"], map keys quoted
// (rolemap/REFERENCE.md §7.4). It is written only when it is needed: for an error, or to
// look up a binding no longer than the longest one given.
type attrLoc struct {
	inst *tfInstance
	path []any
}

// jsonLoc is where the attribute is in the document.
func (a attrLoc) jsonLoc() *loc {
	at := a.inst.path.member("values")
	for _, p := range a.path {
		switch k := p.(type) {
		case string:
			at = at.member(k)
		case int:
			at = at.index(k)
		}
	}
	return at
}

// name writes the attribute path whole, the name a binding gives.
func (a attrLoc) name() string { return a.write(false) }

// String writes the path for an error: keys and the address clipped.
func (a attrLoc) String() string { return clip.Path(a.write(true)) }

func (a attrLoc) write(clipped bool) string {
	var b strings.Builder
	if clipped {
		b.WriteString(clip.String(a.inst.address))
	} else {
		b.WriteString(a.inst.address)
	}
	var prev any
	for _, p := range a.path {
		switch k := p.(type) {
		case string:
			switch {
			case !isMapAttr(prev):
				b.WriteString("." + k)
			case clipped:
				b.WriteString("[" + clip.QuoteKey(k) + "]")
			default:
				b.WriteString("[" + strconv.Quote(k) + "]")
			}
		case int:
			b.WriteString("[" + strconv.Itoa(k) + "]")
		}
		prev = p
	}
	return b.String()
}

// minLen is a lower bound of len(name()): whether a binding can name it.
func (a attrLoc) minLen() int {
	n := len(a.inst.address)
	for _, p := range a.path {
		if s, ok := p.(string); ok {
			n += 1 + len(s)
		} else {
			n += 3
		}
	}
	return n
}

// isMapAttr reports whether the attribute named prev holds a map, whose
// keys are data.
func isMapAttr(prev any) bool {
	s, _ := prev.(string)
	return s == "roles" || s == "supported_login_providers" || s == "principal_tags"
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

// boundName returns the binding for a name of length n that name builds,
// without building it when no binding is that long.
func (x *tf) boundName(n int, name func() string) (string, bool) {
	if n > x.longestBinding {
		return "", false
	}
	return x.bound(name())
}

// attr returns the string at path of inst: its planned or state value, or,
// unknown until apply, the value of rolemap/REFERENCE.md §7.2's rules.
func (x *tf) attr(inst *tfInstance, path []any) (string, bool) {
	at := attrLoc{inst, path}
	if v, ok := x.boundName(at.minLen(), at.name); ok {
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
		x.fail(at, "known only after apply, and its expression cannot be matched to the plan (a dynamic block, or blocks that differ in number)", at.String())
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
			if target := x.instanceOf(inst, trimAttr(r, ".endpoint")); target != nil && strings.HasSuffix(r.rel, ".endpoint") && target.typ == "aws_cognito_user_pool" {
				endpoint, _ = x.refValue(inst, r)
			}
			if target := x.instanceOf(inst, trimAttr(r, ".id")); target != nil && strings.HasSuffix(r.rel, ".id") && target.typ == "aws_cognito_user_pool_client" {
				client, _ = x.refValue(inst, r)
			}
		}
		if endpoint != "" && client != "" {
			return endpoint + ":" + client, true
		}
	}
	what := "known only after apply"
	if len(refs) > 0 {
		what += ", and its expression refers to " + listRefs(refs)
	}
	x.fail(at, what, at.String())
	return "", false
}

func trimAttr(r absRef, suffix string) absRef {
	r.rel = strings.TrimSuffix(r.rel, suffix)
	return r
}

// listRefs names at most five references, each clipped, and counts the
// rest.
func listRefs(refs []absRef) string {
	var parts []string
	for _, r := range refs[:min(len(refs), 5)] {
		parts = append(parts, clip.String(r.String()))
	}
	s := strings.Join(parts, ", ")
	if len(refs) > 5 {
		s += " and " + strconv.Itoa(len(refs)-5) + " more"
	}
	return s
}

// references returns the attributes the configuration expression of path
// refers to, made absolute by their module: a resource attribute
// (aws_iam_role.admin.arn) or a module output (module.roles.admin_arn). It
// returns nil when the expression cannot be found.
func (x *tf) references(inst *tfInstance, path []any) []absRef {
	if inst.cfg == nil {
		return nil
	}
	e := inst.cfg["expressions"]
	for i, p := range path {
		// An attribute's one expression covers its elements and keys (a
		// list or map attribute); only nested blocks go deeper.
		if m, ok := e.(map[string]any); ok && i > 0 && isExpression(m) {
			return x.refsOf(m, inst.mod)
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
	return x.refsOf(m, inst.mod)
}

// isExpression reports whether m is an expression representation (REFERENCE.md
// §7.2): {"references": [...]} or {"constant_value": ...}.
func isExpression(m map[string]any) bool {
	_, refs := m["references"]
	_, constant := m["constant_value"]
	return refs || constant
}

// refsOf returns the attributes an expression of module mod refers to,
// sorted, each once. Terraform lists a reference and every shorter step of
// it (aws_x.a[0].id, aws_x.a[0], aws_x.a): only the longest counts. A
// module's input variable (var.X) stands for what the module call gives X,
// in the calling module. Each expression and each variable is resolved
// once (a variable that leads back to itself refers to nothing), so an
// import costs the size of its expressions, however the modules fan out.
func (x *tf) refsOf(m map[string]any, mod *tfModule) []absRef {
	k := exprKey{reflect.ValueOf(m).Pointer(), mod}
	if refs, ok := x.exprRefs[k]; ok {
		return refs
	}
	x.exprRefs[k] = nil
	var all []string
	for _, r := range asList(m["references"]) {
		if s, ok := r.(string); ok && !dynamicIndex(s) {
			all = append(all, s)
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	out := []absRef{} // found, even if it refers to nothing
	for i, r := range all {
		if v, ok := strings.CutPrefix(r, "var."); ok && mod.parent != nil {
			out = append(out, x.variable(mod, v)...)
			continue
		}
		if strings.HasPrefix(r, "var.") || strings.HasPrefix(r, "local.") || strings.HasPrefix(r, "each.") || strings.HasPrefix(r, "count.") {
			continue
		}
		if extended(all[i+1:], r) {
			continue
		}
		out = append(out, absRef{mod: mod, rel: r})
	}
	slices.SortFunc(out, func(a, b absRef) int {
		if a.mod != b.mod {
			return strings.Compare(a.mod.addr, b.mod.addr)
		}
		return strings.Compare(a.rel, b.rel)
	})
	out = slices.Compact(out)
	x.exprRefs[k] = out
	return out
}

// dynamicIndex reports whether r indexes by an expression
// (aws_x.p[count.index].id). Terraform lists only what a reference holds
// literally, so it never writes one; one written by hand means the
// resource as a whole, which is listed beside it.
func dynamicIndex(r string) bool {
	for i := 0; i < len(r); i++ {
		switch r[i] {
		case '"':
			for i++; i < len(r) && r[i] != '"'; i++ {
				if r[i] == '\\' {
					i++
				}
			}
		case '[':
			if i+1 < len(r) && r[i+1] != '"' && (r[i+1] < '0' || r[i+1] > '9') {
				return true
			}
		}
	}
	return false
}

// exprKey identifies an expression resolved in a module instance: the
// expression by its map (the document holds every map for the whole
// import, so no address is reused), since the instances of a module made
// with count or for_each share its configuration.
type exprKey struct {
	expr uintptr
	mod  *tfModule
}

// extended reports whether a reference of the sorted list after r extends
// r by an attribute or an index (r.x, r[0]): every string starting with r
// sorts after it, so a binary search finds the first.
func extended(after []string, r string) bool {
	for _, sep := range []string{".", "["} {
		i, _ := slices.BinarySearch(after, r+sep)
		if i < len(after) && strings.HasPrefix(after[i], r+sep) {
			return true
		}
	}
	return false
}

// variable returns what the input variable v of module instance mod refers
// to: what its module call's expression for v refers to, in the parent.
func (x *tf) variable(mod *tfModule, v string) []absRef {
	if refs, ok := mod.vars[v]; ok {
		return refs
	}
	mod.vars[v] = nil // a cycle refers to nothing
	var refs []absRef
	if mod.parent.cfg != nil {
		if call := mod.parent.cfg.calls[callName(mod.addr, mod.parent.addr)]; call != nil {
			if e, ok := call.expressions[v].(map[string]any); ok {
				refs = x.refsOf(e, mod.parent)
			}
		}
	}
	mod.vars[v] = refs
	return refs
}

// instanceOf finds the instance a reference (without its attribute) names:
// itself, or for a count or for_each resource referred to as a whole, the
// instance with the referring instance's index key. It returns nil if
// there is none.
func (x *tf) instanceOf(from *tfInstance, ref absRef) *tfInstance {
	mod := ref.mod
	if inst := mod.instances[ref.rel]; inst != nil {
		return inst
	}
	candidates := mod.byConfig[ref.rel]
	if len(candidates) == 1 && candidates[0].index == nil {
		return candidates[0]
	}
	if from.index != nil {
		return mod.byIndex[indexKey(ref.rel, from.index)]
	}
	return nil
}

// indexKey is the key of tfModule.byIndex: an instance's configuration
// address and its index key, compared as text.
func indexKey(config string, index any) string {
	return config + "\x00" + fmt.Sprint(index)
}

// refValue resolves a reference: its binding, the referenced value if the
// plan knows it, or a placeholder (rolemap/REFERENCE.md §7.2 rules 2 and 3).
func (x *tf) refValue(from *tfInstance, ref absRef) (string, bool) {
	if v, ok := x.boundName(ref.len(), ref.String); ok {
		return v, true
	}
	dot := strings.LastIndexByte(ref.rel, '.')
	if dot < 0 {
		return "", false
	}
	inst := x.instanceOf(from, absRef{mod: ref.mod, rel: ref.rel[:dot]})
	if inst == nil {
		return "", false
	}
	attr := ref.rel[dot+1:]
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

// placeholder makes the value of attribute attr of inst (rolemap/REFERENCE.md §7.2), after
// its binding; placeholders follow the bound ids they are built from. Each
// is made once.
func (x *tf) placeholder(inst *tfInstance, attr string) (string, bool) {
	key := placeKey{inst, attr}
	if v, ok := x.placeheld[key]; ok {
		return v, v != ""
	}
	v, ok := x.makePlaceholder(inst, attr)
	x.placeheld[key] = v
	return v, ok
}

func (x *tf) makePlaceholder(inst *tfInstance, attr string) (string, bool) {
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
	case "aws_lambda_function.arn":
		n, _ := inst.values["function_name"].(string)
		if n == "" {
			n = inst.resourceName()
		}
		v = "arn:" + x.partition + ":lambda:" + x.region + ":" + x.account + ":function:" + n
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
