package tfconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

func init() { iac.RegisterConfigReader(Read) }

// emitted are the resource types package iac reads from a plan.
var emitted = map[string]bool{
	"aws_cognito_identity_pool":                        true,
	"aws_cognito_identity_pool_roles_attachment":       true,
	"aws_cognito_user_group":                           true,
	"aws_cognito_user_in_group":                        true,
	"aws_cognito_identity_pool_provider_principal_tag": true,
	"aws_iam_role":                                     true,
	// The user pools' access members (schema, sign-up, clients,
	// identity providers).
	"aws_cognito_user_pool":         true,
	"aws_cognito_user_pool_client":  true,
	"aws_cognito_identity_provider": true,
}

// Read imports the identity pools of the Terraform configuration in dir
// (see the package documentation), with the caller's bindings.
func Read(dir string, bindings map[string]string) (res *iac.Result, err error) {
	defer func() {
		// The expression libraries are not written for hostile input;
		// whatever they do, a reader returns an error, never a crash.
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("tfconfig: %s: evaluating the configuration failed (%v); give a plan instead (terraform show -json), and report this", dir, p)
		}
	}()
	r, err := evaluate(dir, bindings)
	if err != nil {
		return nil, err
	}
	res, err = iac.Terraform(r.plan, iac.WithBindings(bindings), iac.WithPlaces(r.place))
	if err != nil {
		return nil, err
	}
	// The values the evaluation resolved, beside those the import did.
	merge := func(list []iac.Substitution, m map[string]string) []iac.Substitution {
		all := map[string]string{}
		for _, s := range list {
			all[s.Name] = s.Value
		}
		maps.Copy(all, m)
		var out []iac.Substitution
		for _, k := range slices.Sorted(maps.Keys(all)) {
			out = append(out, iac.Substitution{Name: k, Value: all[k]})
		}
		return out
	}
	for _, addr := range slices.Sorted(maps.Keys(r.ignores)) {
		for _, ig := range r.ignores[addr] {
			res.Suppressions = append(res.Suppressions, iac.Suppression{Resource: addr, Code: ig.Code, Reason: ig.Reason,
				At: iac.Position{File: filepath.Clean(ig.File), Line: ig.Line, Column: ig.Column}})
		}
	}
	res.Bindings = merge(res.Bindings, r.used)
	res.Placeholders = merge(res.Placeholders, r.placeholders)
	return res, nil
}

// evaluated is a configuration evaluated into the plan package iac reads.
type evaluated struct {
	plan         []byte
	place        func([]diag.Path) []iac.Position
	used         map[string]string
	placeholders map[string]string
	ignores      map[string][]ignore // by resource instance address
}

// evaluate reads dir into a plan's JSON.
func evaluate(dir string, bindings map[string]string) (*evaluated, error) {
	x := &reader{bindings: bindings, used: map[string]string{}, placeholders: map[string]string{},
		files: map[string][]byte{}, attrs: map[string]map[string]bool{}, parsed: map[string]*module{}, realDirs: map[string]string{}, chargedFn: map[string]bool{}}
	x.environment()
	x.funcs = functions()
	x.funcs["file"], x.funcs["templatefile"] = x.fileFunc(dir, false), x.fileFunc(dir, true)
	rootMod := x.parseModule(filepath.Clean(dir), true)
	x.parsed[filepath.Clean(dir)] = rootMod
	if len(x.errs) > 0 {
		return nil, x.err()
	}
	x.root = newModInst(x, rootMod, "", nil, nil)
	// Every module instance, and every resource of a type the import
	// reads, is evaluated; what they refer to is evaluated as they do.
	var all []*modInst
	var visit func(m *modInst)
	visit = func(m *modInst) {
		all = append(all, m)
		x.collectAttrs(m.mod)
		for _, name := range slices.Sorted(maps.Keys(m.mod.calls)) {
			m.moduleCall(name, m.mod.calls[name].DefRange())
			if cs := m.calls[name]; cs != nil {
				for _, c := range cs.insts {
					visit(c)
				}
			}
		}
	}
	x.collectAttrs(rootMod)
	visit(x.root)
	for _, m := range all {
		for _, key := range m.mod.order {
			if r := m.mod.resources[key]; !r.data && emitted[r.typ] {
				m.resource(key, r.block.DefRange())
			}
		}
	}
	if len(x.errs) > 0 {
		return nil, x.err()
	}
	p := &planner{x: x, pos: &posNode{}, cfg: map[string]*cfgNode{}, ignores: map[string][]ignore{}}
	doc := p.document()
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("tfconfig: %w", err)
	}
	return &evaluated{plan: data, place: p.place, used: x.used, placeholders: x.placeholders, ignores: p.ignores}, nil
}

// err joins the errors, in the order found, and counts those left out.
func (x *reader) err() error {
	errs := make([]error, 0, len(x.errs)+1)
	for _, e := range x.errs {
		errs = append(errs, e)
	}
	if x.omitted > 0 {
		errs = append(errs, fmt.Errorf("tfconfig: … and %d more problems", x.omitted))
	}
	return errors.Join(errs...)
}

// collectAttrs records the attribute names the module's expressions read
// of resources (TYPE.NAME.ATTR), data sources and module outputs, so
// that their objects hold them; names read through an index expression
// (aws_x.y[each.key].arn) are recorded for any type. The same walk makes
// its for expressions, and the functions it calls, charge the read's
// element budget (see count).
func (x *reader) collectAttrs(m *module) {
	if m.collected {
		return
	}
	m.collected = true
	var walk func(n hclsyntax.Node)
	var fors []*hclsyntax.ForExpr // to charge their elements (see count)
	add := func(k, a string) {
		if x.attrs[k] == nil {
			x.attrs[k] = map[string]bool{}
		}
		x.attrs[k][a] = true
	}
	roots := map[string]bool{}
	for _, r := range m.resources {
		if !r.data {
			roots[r.typ] = true
		}
	}
	roots["data"], roots["module"] = true, true
	traversal := func(t hcl.Traversal) {
		root := t.RootName()
		at := 2
		switch root {
		case "var", "local", "each", "count", "path", "terraform", "self":
			return
		case "data":
			at = 3
		}
		key := root
		if root == "data" {
			typ, _ := stepName(t, 1)
			key = "data." + typ
		} else if root == "module" {
			name, _ := stepName(t, 1)
			key = "module." + name
		}
		if at < len(t) {
			if _, ok := t[at].(hcl.TraverseIndex); ok {
				at++
			}
		}
		if a, ok := stepName(t, at); ok {
			add(key, a)
		}
		// A for expression's or a dynamic block's own variable
		// (m.pool_id in [for m in module.x : m.pool_id]) holds objects
		// too: its attribute names are recorded for any type.
		if _, known := roots[root]; !known {
			for _, s := range t[1:] {
				if a, ok := s.(hcl.TraverseAttr); ok {
					add("", a.Name)
				}
			}
		}
	}
	walk = func(n hclsyntax.Node) {
		hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
			switch e := n.(type) {
			case *hclsyntax.ScopeTraversalExpr:
				traversal(e.Traversal)
			case *hclsyntax.ForExpr:
				fors = append(fors, e)
			case *hclsyntax.FunctionCallExpr:
				x.chargeFunc(e.Name)
				if _, ok := x.funcs[e.Name]; !ok {
					x.funcs[e.Name] = stub(e.Name)
				}
			case *hclsyntax.RelativeTraversalExpr:
				for _, s := range e.Traversal {
					if a, ok := s.(hcl.TraverseAttr); ok {
						add("", a.Name)
					}
				}
			}
			return nil
		})
	}
	for _, r := range m.resources {
		walk(r.block.Body)
	}
	for _, a := range m.locals {
		walk(a.Expr)
	}
	for _, b := range m.calls {
		walk(b.Body)
	}
	for _, b := range m.outputs {
		walk(b.Body)
	}
	for _, f := range m.tfvars {
		for _, a := range f.attrs {
			walk(a.Expr)
		}
	}
	for _, b := range m.vars {
		walk(b.Body)
	}
	x.countFors(fors)
}

// posNode is a place of the plan's JSON in the .tf files.
type posNode struct {
	at   iac.Position
	kids map[string]*posNode
}

func (n *posNode) kid(k string, at iac.Position) *posNode {
	if n.kids == nil {
		n.kids = map[string]*posNode{}
	}
	c := n.kids[k]
	if c == nil {
		c = &posNode{at: at}
		n.kids[k] = c
	}
	return c
}

func idx(i int) string { return "\x00" + strconv.Itoa(i) }

// cfgNode is a module of the plan's configuration: the expressions of
// its resources, merged over their instances, and its module calls.
type cfgNode struct {
	exprs map[string]map[string]any // by TYPE.NAME
	calls map[string]*cfgNode
	// callExprs are the expressions of the module call that makes it.
	callExprs map[string]any
}

type planner struct {
	x       *reader
	pos     *posNode
	cfg     map[string]*cfgNode // by module path without instance keys
	ignores map[string][]ignore
}

func (p *planner) position(r hcl.Range) iac.Position {
	if r.Filename == "" || r.Start.Line == 0 {
		return iac.Position{}
	}
	return iac.Position{Line: r.Start.Line, Column: p.x.column(r.Filename, r.Start), File: r.Filename}
}

// document writes the plan.
func (p *planner) document() map[string]any {
	var changes []any
	root := p.module(p.x.root, p.pos.kid("planned_values", iac.Position{}).kid("root_module", iac.Position{}), &changes)
	cfg := p.cfgJSON(p.cfgOf(p.x.root))
	return map[string]any{
		"format_version":   "1.2",
		"planned_values":   map[string]any{"root_module": root},
		"resource_changes": changes,
		"configuration":    map[string]any{"root_module": cfg},
	}
}

// cfgOf is the configuration node of module instance m.
func (p *planner) cfgOf(m *modInst) *cfgNode {
	if m.parent == nil {
		n := p.cfg[""]
		if n == nil {
			n = &cfgNode{exprs: map[string]map[string]any{}, calls: map[string]*cfgNode{}, callExprs: map[string]any{}}
			p.cfg[""] = n
		}
		return n
	}
	parent := p.cfgOf(m.parent)
	name := m.call.Labels[0]
	n := parent.calls[name]
	if n == nil {
		n = &cfgNode{exprs: map[string]map[string]any{}, calls: map[string]*cfgNode{}, callExprs: map[string]any{}}
		parent.calls[name] = n
	}
	return n
}

func (p *planner) cfgJSON(n *cfgNode) map[string]any {
	var res []any
	for _, k := range slices.Sorted(maps.Keys(n.exprs)) {
		res = append(res, map[string]any{"address": k, "expressions": n.exprs[k]})
	}
	calls := map[string]any{}
	for name, c := range n.calls {
		calls[name] = map[string]any{"module": p.cfgJSON(c), "expressions": c.callExprs}
	}
	return map[string]any{"resources": res, "module_calls": calls}
}

// module writes a module instance of planned_values.
func (p *planner) module(m *modInst, at *posNode, changes *[]any) map[string]any {
	var insts []*inst
	for _, key := range slices.Sorted(maps.Keys(m.res)) {
		st := m.res[key]
		if st.r.data || !emitted[st.r.typ] {
			continue
		}
		insts = append(insts, st.insts...)
	}
	slices.SortFunc(insts, func(a, b *inst) int { return strings.Compare(a.addr, b.addr) })
	cfg := p.cfgOf(m)
	var resources []any
	for n, i := range insts {
		rat := at.kid("resources", iac.Position{}).kid(idx(n), p.position(i.r.block.TypeRange))
		vals, unk, exprs := p.body(i, i.body, rat.kid("values", p.position(i.r.block.TypeRange)))
		// Identifiers the evaluation resolved (a role's ARN its pools
		// refer to), as a state would hold them.
		for _, a := range slices.Sorted(maps.Keys(i.computed)) {
			v, _ := i.computed[a].Unmark()
			if _, set := vals[a]; !set && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				vals[a] = v.AsString()
			}
		}
		r := map[string]any{"address": i.addr, "mode": "managed", "type": i.r.typ, "name": i.r.name, "values": vals}
		if i.key != cty.NilVal {
			if i.key.Type() == cty.Number {
				r["index"] = json.Number(i.key.AsBigFloat().Text('f', -1))
			} else {
				r["index"] = i.key.AsString()
			}
		}
		resources = append(resources, r)
		*changes = append(*changes, map[string]any{"address": i.addr, "change": map[string]any{"after_unknown": unk}})
		cfg.exprs[i.r.key()] = mergeExprMap(cfg.exprs[i.r.key()], exprs)
		if len(i.r.ignores) > 0 {
			p.ignores[i.addr] = i.r.ignores
		}
	}
	out := map[string]any{"resources": resources}
	if m.addr != "" {
		out["address"] = m.addr
	}
	var children []*modInst
	for _, name := range slices.Sorted(maps.Keys(m.calls)) {
		children = append(children, m.calls[name].insts...)
	}
	slices.SortFunc(children, func(a, b *modInst) int { return strings.Compare(a.addr, b.addr) })
	var kids []any
	for n, c := range children {
		kids = append(kids, p.module(c, at.kid("child_modules", iac.Position{}).kid(idx(n), p.position(c.call.DefRange())), changes))
	}
	if len(kids) > 0 {
		out["child_modules"] = kids
	}
	return out
}

// body writes a body's values, what is unknown of them and their
// expressions, placing each.
func (p *planner) body(i *inst, b *bodyVal, at *posNode) (vals, unk, exprs map[string]any) {
	vals, unk, exprs = map[string]any{}, map[string]any{}, map[string]any{}
	for _, name := range slices.Sorted(maps.Keys(b.attrs)) {
		var src hclsyntax.Expression
		where := at.at // a provider default: at its block
		if a := b.attrSrc[name]; a != nil {
			src, where = a.Expr, p.position(a.NameRange)
		}
		n := at.kid(name, where)
		v, u, e := p.value(i, b.attrs[name], src, n)
		if v != nil {
			vals[name] = v
		}
		if u != nil {
			unk[name] = u
		}
		exprs[name] = e
	}
	for _, name := range slices.Sorted(maps.Keys(b.blocks)) {
		list := b.blocks[name]
		vl, ul, el := []any{}, []any{}, []any{}
		n := at.kid(name, p.position(b.rng))
		for k, nb := range list {
			v, u, e := p.body(i, nb, n.kid(idx(k), p.position(nb.rng)))
			vl, ul, el = append(vl, v), append(ul, u), append(el, e)
		}
		vals[name], unk[name], exprs[name] = vl, ul, el
	}
	return vals, unk, exprs
}

// value writes one value: known parts in vals, unknown ones as true in
// unk, and an expression tree whose leaves list what each unknown refers
// to, in the referring instance's module (a reference to the instance of
// a count or for_each resource with the referring instance's own key is
// written for the resource as a whole, as package iac resolves it).
func (p *planner) value(i *inst, v cty.Value, src hclsyntax.Expression, at *posNode) (val, unk, expr any) {
	leaf := func(v cty.Value) map[string]any {
		_, marks := v.UnmarkDeep()
		refs := []string{}
		for _, r := range refsOf(marks) {
			if r.fn != "" {
				refs = append(refs, r.String())
				continue
			}
			if r.mod != i.m.addr {
				if s := p.link(i.m, r); s != "" {
					refs = append(refs, s)
				}
				continue
			}
			s := r.res + r.key + "." + r.attr
			if r.key != "" && r.key == i.keyText {
				s = r.res + "." + r.attr
			}
			refs = append(refs, s)
		}
		return map[string]any{"references": slices.Compact(refs)}
	}
	u, _ := v.Unmark()
	if !u.IsKnown() {
		return nil, true, leaf(v)
	}
	if u.IsNull() {
		return nil, nil, leaf(v)
	}
	t := u.Type()
	switch {
	case t == cty.String:
		return u.AsString(), nil, leaf(v)
	case t == cty.Number:
		return json.Number(u.AsBigFloat().Text('f', -1)), nil, leaf(v)
	case t == cty.Bool:
		return u.True(), nil, leaf(v)
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		vl, ul, el := []any{}, []any{}, []any{}
		var elems []hclsyntax.Expression
		if tc, ok := src.(*hclsyntax.TupleConsExpr); ok {
			elems = tc.Exprs
		}
		k := 0
		for it := u.ElementIterator(); it.Next(); k++ {
			_, e := it.Element()
			var esrc hclsyntax.Expression
			n := at
			if k < len(elems) {
				esrc = elems[k]
				n = at.kid(idx(k), p.position(esrc.Range()))
			} else {
				n = at.kid(idx(k), at.at)
			}
			ev, eu, ee := p.value(i, e, esrc, n)
			vl, ul, el = append(vl, ev), append(ul, orFalse(eu)), append(el, ee)
		}
		return vl, ul, el
	case t.IsMapType() || t.IsObjectType():
		vm, um, em := map[string]any{}, map[string]any{}, map[string]any{}
		items := map[string]hclsyntax.Expression{}
		if oc, ok := src.(*hclsyntax.ObjectConsExpr); ok {
			for _, item := range oc.Items {
				if kv, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && kv.Type() == cty.String && kv.IsKnown() && !kv.IsNull() {
					items[kv.AsString()] = item.KeyExpr
					items["\x00v"+kv.AsString()] = item.ValueExpr
				}
			}
		}
		collide := false
		for it := u.ElementIterator(); it.Next(); {
			kv, e := it.Element()
			k := kv.AsString()
			if k == "references" || k == "constant_value" {
				collide = true
			}
			where := at.at
			if ke := items[k]; ke != nil {
				where = p.position(ke.Range())
			}
			n := at.kid(k, where)
			ev, eu, ee := p.value(i, e, items["\x00v"+k], n)
			if ev != nil {
				vm[k] = ev
			}
			if eu != nil {
				um[k] = eu
			}
			em[k] = ee
		}
		if collide {
			return vm, um, leaf(v)
		}
		return vm, um, em
	}
	return nil, nil, leaf(v)
}

// link writes a reference, in module instance m, to an unknown of an
// enclosing module, which reached m through module arguments: as a plan
// does, a variable of m whose module call refers on, up to the module the
// unknown is in. The variables' names are made up (package iac resolves
// them and never writes them); it returns "" for an unknown of a module m
// is not inside (a child module's output, which its output's name stands
// for).
func (p *planner) link(m *modInst, r ref) string {
	inside := false
	for a := m.parent; a != nil; a = a.parent {
		if a.addr == r.mod {
			inside = true
		}
	}
	if !inside {
		return ""
	}
	v := "rolemap " + r.String()
	for mi := m; mi.addr != r.mod; mi = mi.parent {
		next := "var." + v
		if mi.parent.addr == r.mod {
			next = r.res + r.key + "." + r.attr
		}
		p.cfgOf(mi).callExprs[v] = map[string]any{"references": []string{next}}
	}
	return "var." + v
}

func orFalse(v any) any {
	if v == nil {
		return false
	}
	return v
}

// mergeExpr merges the expressions of two instances of one resource: the
// same shape merges member by member; otherwise one leaf lists every
// reference of both.
func mergeExpr(a, b any) any {
	if a == nil {
		return b
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	al, alok := a.([]any)
	bl, blok := b.([]any)
	switch {
	case aok && bok && !isLeaf(am) && !isLeaf(bm):
		out := maps.Clone(am)
		for k, v := range bm {
			out[k] = mergeExpr(am[k], v)
		}
		return out
	case alok && blok && len(al) == len(bl):
		out := make([]any, len(al))
		for k := range al {
			out[k] = mergeExpr(al[k], bl[k])
		}
		return out
	}
	refs := append(allRefs(a), allRefs(b)...)
	slices.Sort(refs)
	refs = slices.Compact(refs)
	if refs == nil {
		refs = []string{}
	}
	return map[string]any{"references": refs}
}

// mergeExprMap merges the expressions of a resource's instances.
func mergeExprMap(a, b map[string]any) map[string]any {
	if a == nil {
		return b
	}
	return mergeExpr(a, b).(map[string]any)
}

func isLeaf(m map[string]any) bool {
	_, ok := m["references"]
	return ok
}

func allRefs(e any) []string {
	var out []string
	switch v := e.(type) {
	case map[string]any:
		if isLeaf(v) {
			refs, _ := v["references"].([]string)
			return append(out, refs...)
		}
		for _, x := range v {
			out = append(out, allRefs(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, allRefs(x)...)
		}
	}
	return out
}

// place places paths of the plan in the .tf files: at the deepest
// member of the path the plan was made with a place for, following its
// steps.
func (p *planner) place(paths []diag.Path) []iac.Position {
	out := make([]iac.Position, len(paths))
	for k, path := range paths {
		n := p.pos
		best := iac.Position{}
		for _, st := range path {
			key := st.Name
			if st.Kind == diag.StepIndex {
				if st.Index < 0 {
					break
				}
				key = idx(st.Index)
			}
			c := n.kids[key]
			if c == nil {
				break
			}
			n = c
			if n.at.Line > 0 {
				best = n.at
			}
		}
		if best.File != "" {
			best.File = filepath.Clean(best.File)
		}
		out[k] = best
	}
	return out
}
