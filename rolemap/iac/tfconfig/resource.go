package tfconfig

import (
	"fmt"
	"maps"
	"math/big"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// bodyVal is a block's body, evaluated: its arguments and its nested
// blocks, with where each is.
type bodyVal struct {
	attrs   map[string]cty.Value
	attrSrc map[string]*hclsyntax.Attribute
	blocks  map[string][]*bodyVal
	rng     hcl.Range // the block's type name
}

// object is the body's value as an expression sees it: arguments, and
// each nested block type as a list of objects.
func (b *bodyVal) object() map[string]cty.Value {
	out := maps.Clone(b.attrs)
	for t, list := range b.blocks {
		var vals []cty.Value
		for _, nb := range list {
			vals = append(vals, cty.ObjectVal(nb.object()))
		}
		if len(vals) == 0 {
			out[t] = cty.EmptyTupleVal
		} else {
			out[t] = cty.TupleVal(vals)
		}
	}
	return out
}

// metaArgs are a resource's arguments that are not its attributes.
var metaArgs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}

// metaBlocks are nested blocks that are not the resource's.
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "timeouts": true, "precondition": true, "postcondition": true}

// evalBody evaluates a body.
func (m *modInst) evalBody(body *hclsyntax.Body, rng hcl.Range, it iteration, top bool) *bodyVal {
	out := &bodyVal{attrs: map[string]cty.Value{}, attrSrc: map[string]*hclsyntax.Attribute{}, blocks: map[string][]*bodyVal{}, rng: rng}
	for _, name := range slices.Sorted(maps.Keys(body.Attributes)) {
		a := body.Attributes[name]
		if top && metaArgs[name] {
			continue
		}
		out.attrs[name] = m.eval(a.Expr, it)
		out.attrSrc[name] = a
	}
	for _, b := range body.Blocks {
		if top && metaBlocks[b.Type] {
			continue
		}
		if b.Type != "dynamic" {
			out.blocks[b.Type] = append(out.blocks[b.Type], m.evalBody(b.Body, b.TypeRange, it, false))
			continue
		}
		if len(b.Labels) != 1 {
			continue
		}
		label := b.Labels[0]
		fe := b.Body.Attributes["for_each"]
		var content *hclsyntax.Block
		for _, c := range b.Body.Blocks {
			if c.Type == "content" {
				content = c
			}
		}
		if fe == nil || content == nil {
			m.x.failf(b.DefRange(), "a dynamic block needs for_each and a content block", "")
			continue
		}
		iterName := label
		if a := b.Body.Attributes["iterator"]; a != nil {
			if t, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(t) == 1 {
				iterName = t.RootName()
			}
		}
		coll := m.eval(fe.Expr, it)
		keys, vals, ok := m.forEach(coll, fe.Expr.Range(), true)
		if !ok {
			continue
		}
		if _, exists := out.blocks[label]; !exists {
			out.blocks[label] = nil
		}
		for k := range keys {
			inner := it
			inner.dynamic = maps.Clone(it.dynamic)
			if inner.dynamic == nil {
				inner.dynamic = map[string]cty.Value{}
			}
			inner.dynamic[iterName] = cty.ObjectVal(map[string]cty.Value{"key": keys[k], "value": vals[k]})
			out.blocks[label] = append(out.blocks[label], m.evalBody(content.Body, content.TypeRange, inner, false))
		}
	}
	return out
}

// forEach reads a for_each value: a map or object (keys and values), or
// a set or list of strings (each its own key). A list is only valid for a
// dynamic block.
func (m *modInst) forEach(v cty.Value, at hcl.Range, dynamic bool) (keys, vals []cty.Value, ok bool) {
	x := m.x
	if isFailed(v) {
		return nil, nil, false
	}
	v, marks := v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		x.failf(at, "for_each is known only after apply: "+unknownWhat(marks), bindingOf(marks))
		return nil, nil, false
	}
	if v.IsNull() {
		x.failf(at, "for_each is null", "")
		return nil, nil, false
	}
	t := v.Type()
	if !(t.IsMapType() || t.IsObjectType() || t.IsSetType() || (dynamic && (t.IsListType() || t.IsTupleType()))) {
		x.failf(at, "for_each wants a map, or a set of strings (toset([...]))", "")
		return nil, nil, false
	}
	if n := v.LengthInt(); n > maxInstances-x.instances {
		x.failf(at, fmt.Sprintf("for_each makes %d instances, more than the %d rolemap evaluates", n, maxInstances), "")
		x.instances = maxInstances
		return nil, nil, false
	}
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		k, e := it.Element()
		if t.IsSetType() {
			if e.Type() != cty.String || e.IsNull() {
				x.failf(at, "for_each wants a set of strings", "")
				return nil, nil, false
			}
			k = e
		} else if t.IsListType() || t.IsTupleType() {
			k = cty.NumberIntVal(int64(i))
		}
		keys, vals = append(keys, k), append(vals, e)
	}
	x.instances += len(keys)
	return keys, vals, true
}

// unknownWhat says what an unknown value is made of.
func unknownWhat(marks cty.ValueMarks) string {
	refs := refsOf(marks)
	if len(refs) == 0 {
		return "a value rolemap does not evaluate"
	}
	for _, r := range refs {
		if r.fn != "" {
			return "it calls " + clip.String(r.fn) + ", a function rolemap does not evaluate"
		}
	}
	names := make([]string, 0, len(refs))
	for _, r := range refs[:min(5, len(refs))] {
		names = append(names, clip.String(r.String()))
	}
	s := "it refers to " + strings.Join(names, ", ")
	if len(refs) > 5 {
		s += fmt.Sprintf(" and %d more", len(refs)-5)
	}
	return s
}

// bindingOf is the binding that resolves a value made of one unknown.
func bindingOf(marks cty.ValueMarks) string {
	if refs := refsOf(marks); len(refs) == 1 && refs[0].fn == "" {
		return refs[0].String()
	}
	return ""
}

func refsOf(marks cty.ValueMarks) []ref {
	var out []ref
	for mk := range marks {
		if r, ok := mk.(ref); ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b ref) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// resource returns the value of TYPE.NAME (data.TYPE.NAME) in m: an
// object, a list of objects (count) or an object of objects (for_each).
func (m *modInst) resource(key string, at hcl.Range) (cty.Value, bool) {
	x := m.x
	st := m.res[key]
	if st != nil && st.done {
		return st.whole, true
	}
	r := m.mod.resources[key]
	if r == nil {
		x.failf(at, "no resource "+clip.Quote(key)+" in this module", "")
		return cty.NilVal, false
	}
	if m.busy[key] {
		x.failf(at, "a cycle: "+clip.Quote(key)+" refers to itself", "")
		return cty.NilVal, false
	}
	m.busy[key] = true
	defer delete(m.busy, key)
	st = m.expand(r)
	m.res[key] = st
	return st.whole, true
}

// expand evaluates every instance of r.
func (m *modInst) expand(r *resource) *resState {
	x := m.x
	st := &resState{r: r, done: true, whole: cty.DynamicVal.Mark(failed{})}
	body := r.block.Body
	newInst := func(key cty.Value, it iteration) *inst {
		i := &inst{m: m, r: r, key: key, keyText: keyText(key), each: it, computed: map[string]cty.Value{}}
		i.rel = r.key() + i.keyText
		i.addr = m.abs(i.rel)
		i.body = m.evalBody(body, r.block.TypeRange, it, true)
		if !r.data {
			applyDefaults(i.body, defaults[r.typ])
		}
		i.attrs = i.body.object()
		st.insts = append(st.insts, i)
		return i
	}
	switch c, fe := body.Attributes["count"], body.Attributes["for_each"]; {
	case c != nil && fe != nil:
		x.failf(fe.NameRange, "count and for_each cannot both be given", "")
	case c != nil:
		v := m.eval(c.Expr, iteration{})
		if isFailed(v) {
			return st
		}
		v, marks := v.UnmarkDeep()
		if !v.IsKnown() {
			x.failf(c.Expr.Range(), "count is known only after apply: "+unknownWhat(marks), bindingOf(marks))
			return st
		}
		if v.IsNull() || v.Type() != cty.Number {
			x.failf(c.Expr.Range(), "count wants a whole number", "")
			return st
		}
		n, acc := v.AsBigFloat().Int64()
		if acc != big.Exact || n < 0 {
			x.failf(c.Expr.Range(), "count wants a whole number, 0 or more", "")
			return st
		}
		if n > int64(maxInstances-x.instances) {
			x.failf(c.Expr.Range(), fmt.Sprintf("count is %d, more instances than the %d rolemap evaluates", n, maxInstances), "")
			x.instances = maxInstances
			return st
		}
		x.instances += int(n)
		var vals []cty.Value
		for k := range n {
			idx := cty.NumberIntVal(k)
			vals = append(vals, x.object(newInst(idx, iteration{count: idx})))
		}
		st.whole = cty.EmptyTupleVal
		if len(vals) > 0 {
			st.whole = cty.TupleVal(vals)
		}
	case fe != nil:
		keys, vals, ok := m.forEach(m.eval(fe.Expr, iteration{}), fe.Expr.Range(), false)
		if !ok {
			return st
		}
		obj := map[string]cty.Value{}
		for k := range keys {
			obj[keys[k].AsString()] = x.object(newInst(keys[k], iteration{key: keys[k], value: vals[k]}))
		}
		st.whole = cty.ObjectVal(obj)
	default:
		x.instances++
		if x.instances > maxInstances {
			x.failf(r.block.DefRange(), fmt.Sprintf("more than %d instances; rolemap stops here", maxInstances), "")
			return st
		}
		st.whole = x.object(newInst(cty.NilVal, iteration{}))
	}
	return st
}

// moduleCall returns module.NAME in m: an object of its outputs, or a
// list (count) or object (for_each) of them.
func (m *modInst) moduleCall(name string, at hcl.Range) (cty.Value, bool) {
	x := m.x
	cs := m.calls[name]
	if cs != nil && cs.done {
		return cs.whole, true
	}
	call := m.mod.calls[name]
	if call == nil {
		x.failf(at, "no module "+clip.Quote(name)+" in this module", "")
		return cty.NilVal, false
	}
	key := "module." + name
	if m.busy[key] {
		x.failf(at, "a cycle: module "+clip.Quote(name)+" refers to itself", "")
		return cty.NilVal, false
	}
	m.busy[key] = true
	defer delete(m.busy, key)
	cs = m.instantiate(name, call)
	m.calls[name] = cs
	return cs.whole, true
}

// instantiate makes the instances of a module call.
func (m *modInst) instantiate(name string, call *hclsyntax.Block) *callState {
	x := m.x
	cs := &callState{done: true, whole: cty.DynamicVal.Mark(failed{})}
	var child *module
	src := call.Body.Attributes["source"]
	local := false
	if src == nil {
		x.failf(call.DefRange(), "the module block has no source", "")
		return cs
	}
	if v, diags := src.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		s := v.AsString()
		if strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
			local = true
			if m.depth+1 > maxDepth {
				x.failf(src.Expr.Range(), fmt.Sprintf("modules nested more than %d deep", maxDepth), "")
				return cs
			}
			child = x.module(filepath.Join(m.mod.dir, filepath.FromSlash(s)))
		}
	} else {
		x.failf(src.Expr.Range(), "a module's source must be a literal string", "")
		return cs
	}
	outputs := func(mi *modInst, key string) cty.Value {
		attrs := map[string]cty.Value{}
		names := slices.Collect(maps.Keys(x.attrs["module."+name]))
		names = append(names, slices.Collect(maps.Keys(x.attrs[""]))...)
		for _, out := range names {
			addr := m.abs("module." + name + key + "." + out)
			if b, ok := x.bound(addr); ok {
				attrs[out] = cty.StringVal(b)
				continue
			}
			unknown := cty.DynamicVal.Mark(ref{mod: m.addr, res: "module." + name, key: key, attr: out})
			if !local {
				attrs[out] = unknown
				continue
			}
			ob := mi.mod.outputs[out]
			if ob == nil {
				continue // hcl reports the missing attribute where it is read
			}
			a := ob.Body.Attributes["value"]
			if a == nil {
				continue
			}
			v := mi.eval(a.Expr, iteration{})
			if u, _ := v.UnmarkDeep(); !isFailed(v) && !u.IsWhollyKnown() {
				v = unknown // known to the caller by the output's name
			}
			attrs[out] = v
		}
		return cty.ObjectVal(attrs)
	}
	make1 := func(key cty.Value, it iteration) cty.Value {
		kt := keyText(key)
		x.modules++
		if x.modules > maxModules {
			x.failf(call.DefRange(), fmt.Sprintf("more than %d module instances; rolemap stops here", maxModules), "")
			return cty.DynamicVal.Mark(failed{})
		}
		var mi *modInst
		if local && child != nil {
			mi = newModInst(x, child, m.abs("module."+name+kt), m, call)
			mi.iter, mi.key, mi.depth = it, kt, m.depth+1
			cs.insts = append(cs.insts, mi)
			cs.keys = append(cs.keys, key)
		}
		return outputs(mi, kt)
	}
	body := call.Body
	switch c, fe := body.Attributes["count"], body.Attributes["for_each"]; {
	case c != nil:
		v := m.eval(c.Expr, iteration{})
		v, _ = v.UnmarkDeep()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
			x.failf(c.Expr.Range(), "a module's count must be a whole number known before apply", "")
			return cs
		}
		n, acc := v.AsBigFloat().Int64()
		if acc != big.Exact || n < 0 || n > int64(maxModules) {
			x.failf(c.Expr.Range(), fmt.Sprintf("a module's count must be a whole number from 0 to %d", maxModules), "")
			return cs
		}
		var vals []cty.Value
		for k := range n {
			idx := cty.NumberIntVal(k)
			vals = append(vals, make1(idx, iteration{count: idx}))
		}
		cs.whole = cty.EmptyTupleVal
		if len(vals) > 0 {
			cs.whole = cty.TupleVal(vals)
		}
	case fe != nil:
		keys, vals, ok := m.forEach(m.eval(fe.Expr, iteration{}), fe.Expr.Range(), false)
		if !ok {
			return cs
		}
		obj := map[string]cty.Value{}
		for k := range keys {
			obj[keys[k].AsString()] = make1(keys[k], iteration{key: keys[k], value: vals[k]})
		}
		cs.whole = cty.ObjectVal(obj)
	default:
		cs.whole = make1(cty.NilVal, iteration{})
	}
	return cs
}

// module parses the module in dir, once.
func (x *reader) module(dir string) *module {
	dir = filepath.Clean(dir)
	if m, ok := x.parsed[dir]; ok {
		return m
	}
	m := x.parseModule(dir, false)
	x.parsed[dir] = m
	x.collectAttrs(m)
	return m
}

// defaults are the aws provider's defaults of the optional arguments
// package iac reads, which a plan states when the configuration leaves
// them out: by resource type, then by argument, or nested block type
// then argument.
var defaults = map[string]map[string]any{
	"aws_cognito_identity_pool": {
		"allow_unauthenticated_identities": false,
		"allow_classic_flow":               false,
		"cognito_identity_providers":       map[string]any{"server_side_token_check": false},
	},
	"aws_iam_role": {"path": "/"},
}

func applyDefaults(b *bodyVal, d map[string]any) {
	for name, v := range d {
		switch v := v.(type) {
		case bool:
			if _, ok := b.attrs[name]; !ok {
				b.attrs[name] = cty.BoolVal(v)
			}
		case string:
			if _, ok := b.attrs[name]; !ok {
				b.attrs[name] = cty.StringVal(v)
			}
		case map[string]any:
			for _, nb := range b.blocks[name] {
				applyDefaults(nb, v)
			}
		}
	}
}
