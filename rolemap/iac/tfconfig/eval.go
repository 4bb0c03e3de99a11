package tfconfig

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// The bounds of one read: what a hostile configuration can make it do.
const (
	maxNesting   = 200      // brackets nested in a file
	maxInstances = 4096     // resource and module instances in all (count, for_each)
	maxModules   = 64       // module instances
	maxDepth     = 8        // child modules inside child modules
	maxSteps     = 1 << 20  // expressions evaluated
	maxValue     = 1 << 20  // bytes of one evaluated value
	maxBuilt     = 64 << 20 // bytes of values built in all
	maxErrors    = 100
)

// ref is an unknown value's mark: the attribute it is, in the module
// instance it belongs to. res is TYPE.NAME (data.TYPE.NAME, module.NAME),
// key its instance key as an address writes it ("", "[0]", `["a"]`).
type ref struct {
	mod, res, key, attr string
	// fn names a function rolemap does not evaluate, whose result this
	// is.
	fn string
}

func (r ref) String() string {
	if r.fn != "" {
		return r.fn + "(…)"
	}
	s := r.res + r.key + "." + r.attr
	if r.mod != "" {
		s = r.mod + "." + s
	}
	return s
}

// env is the region, account, partition and URL suffix, as package iac
// takes them.
type env struct{ region, account, partition, suffix string }

// reader reads one configuration.
type reader struct {
	bindings     map[string]string
	used         map[string]string
	placeholders map[string]string
	env          env
	files        map[string][]byte
	bytesRead    int
	errs         []*iac.Error
	omitted      int
	steps        int
	instances    int
	modules      int
	built        int
	work         int             // elements for expressions and functions built (maxWork)
	chargedFn    map[string]bool // functions of funcs wrapped by charged
	funcs        map[string]function.Function
	// attrs are the attribute names the configuration reads of each
	// resource type, and of any (TYPE "").
	attrs map[string]map[string]bool
	root  *modInst
	// parsed are the modules read, by folder.
	parsed map[string]*module
	// realDirs are the folders of parsed, their symbolic links resolved
	// ("" for one that cannot be), by folder.
	realDirs map[string]string
}

// modInst is one module instance.
type modInst struct {
	x       *reader
	addr    string // "" for the root, module.a, module.a["k"]
	mod     *module
	parent  *modInst
	call    *hclsyntax.Block // the module block that made it
	iter    iteration        // the module block's count or for_each iteration
	key     string           // its instance key, as an address writes it
	depth   int
	vars    map[string]cty.Value
	varMark map[string]bool // input variables evaluated
	locals  map[string]cty.Value
	busy    map[string]bool // locals and resources being evaluated
	res     map[string]*resState
	calls   map[string]*callState
}

type resState struct {
	r     *resource
	done  bool
	whole cty.Value
	insts []*inst
}

type callState struct {
	done  bool
	whole cty.Value
	insts []*modInst
	keys  []cty.Value
}

// inst is one resource instance.
type inst struct {
	m        *modInst
	r        *resource
	key      cty.Value // cty.NilVal, a number or a string
	keyText  string    // "", [0], ["a"]
	each     iteration
	rel      string // address in its module
	addr     string
	attrs    map[string]cty.Value // evaluated arguments and blocks
	body     *bodyVal
	computed map[string]cty.Value
}

// iteration is what count.index, each.key and each.value are.
type iteration struct {
	count      cty.Value
	key, value cty.Value
	// dynamic are the iterators of the dynamic blocks around, by name.
	dynamic map[string]cty.Value
}

func (i *inst) resourceName() string {
	switch {
	case i.key == cty.NilVal:
		return i.r.name
	case i.key.Type() == cty.Number:
		return i.r.name + "_" + i.key.AsBigFloat().Text('f', -1)
	}
	return i.r.name + "_" + i.key.AsString()
}

// failf records an error at r.
func (x *reader) failf(r hcl.Range, problem, binding string) {
	if len(x.errs) >= maxErrors {
		x.omitted++
		return
	}
	// The error is about a place of a file, not a path of a document:
	// Error() writes its problem, and the binding that resolves it.
	if binding != "" {
		problem += " (bind " + clip.Quote(binding) + " to resolve it)"
	}
	e := &iac.Error{Problem: problem, Binding: binding, File: r.Filename}
	if r.Start.Line > 0 {
		e.Line, e.Column = r.Start.Line, x.column(r.Filename, r.Start)
	}
	x.errs = append(x.errs, e)
}

// column is pos's column in code points.
func (x *reader) column(file string, pos hcl.Pos) int {
	data := x.files[file]
	if pos.Byte > len(data) || pos.Byte < 0 {
		return pos.Column
	}
	start := pos.Byte
	for start > 0 && data[start-1] != '\n' {
		start--
	}
	return len([]rune(string(data[start:pos.Byte]))) + 1
}

func (x *reader) diags(ds hcl.Diagnostics) {
	for _, d := range ds {
		if d.Severity != hcl.DiagError {
			continue
		}
		msg := d.Summary
		switch {
		case d.Summary == "Error in function call" && d.Detail != "":
			// Its detail says it all: Call to function "f" failed: ….
			msg = d.Detail
		case d.Detail != "":
			msg += ": " + d.Detail
		}
		r := hcl.Range{}
		if d.Subject != nil {
			r = *d.Subject
		}
		x.failf(r, clip.String(clip.Line(strings.TrimSuffix(msg, "."))), "")
	}
}

// step counts one unit of work against the budget.
func (x *reader) step(r hcl.Range) bool {
	x.steps++
	if x.steps == maxSteps {
		x.failf(r, fmt.Sprintf("more than %d expressions to evaluate; rolemap stops here", maxSteps), "")
	}
	return x.steps < maxSteps
}

func (x *reader) bound(name string) (string, bool) {
	v, ok := x.bindings[name]
	if ok {
		x.used[name] = v
	}
	return v, ok
}

func (x *reader) environment() {
	pseudo := func(name string, def func() string) string {
		if v, ok := x.bound(name); ok {
			return v
		}
		v := def()
		x.placeholders[name] = v
		return v
	}
	x.env.region = pseudo("AWS::Region", func() string { return "us-east-1" })
	x.env.account = pseudo("AWS::AccountId", func() string { return "123456789012" })
	x.env.partition = pseudo("AWS::Partition", func() string {
		switch {
		case strings.HasPrefix(x.env.region, "cn-"):
			return "aws-cn"
		case strings.HasPrefix(x.env.region, "us-gov-"):
			return "aws-us-gov"
		}
		return "aws"
	})
	x.env.suffix = pseudo("AWS::URLSuffix", func() string {
		if strings.HasPrefix(x.env.region, "cn-") {
			return "amazonaws.com.cn"
		}
		return "amazonaws.com"
	})
}

func newModInst(x *reader, mod *module, addr string, parent *modInst, call *hclsyntax.Block) *modInst {
	return &modInst{x: x, mod: mod, addr: addr, parent: parent, call: call, vars: map[string]cty.Value{},
		varMark: map[string]bool{}, locals: map[string]cty.Value{}, busy: map[string]bool{},
		res: map[string]*resState{}, calls: map[string]*callState{}}
}

// abs writes an address of the module: PREFIX.rel.
func (m *modInst) abs(rel string) string {
	if m.addr == "" {
		return rel
	}
	return m.addr + "." + rel
}

// eval evaluates e in m with the iteration it.
func (m *modInst) eval(e hclsyntax.Expression, it iteration) cty.Value {
	x := m.x
	if !x.step(e.Range()) {
		return cty.DynamicVal
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: x.funcs}
	vars := map[string]map[string]cty.Value{}
	add := func(root, name string, v cty.Value) {
		if vars[root] == nil {
			vars[root] = map[string]cty.Value{}
		}
		vars[root][name] = v
	}
	ok := true
	for _, t := range e.Variables() {
		root := t.RootName()
		name, hasName := stepName(t, 1)
		if v, ok := it.dynamic[root]; ok {
			ctx.Variables[root] = v
			continue
		}
		switch root {
		case "var":
			if !hasName {
				x.failf(t.SourceRange(), "refer to one input variable: var.NAME", "")
				ok = false
				continue
			}
			v, found := m.variable(name, t.SourceRange())
			if !found {
				ok = false
				continue
			}
			add("var", name, v)
		case "local":
			if !hasName {
				x.failf(t.SourceRange(), "refer to one local value: local.NAME", "")
				ok = false
				continue
			}
			v, found := m.local(name, t.SourceRange())
			if !found {
				ok = false
				continue
			}
			add("local", name, v)
		case "count":
			if it.count == cty.NilVal {
				x.failf(t.SourceRange(), "count.index is only valid in a block with count", "")
				ok = false
				continue
			}
			add("count", "index", it.count)
		case "each":
			if it.key == cty.NilVal {
				x.failf(t.SourceRange(), "each.key and each.value are only valid in a block with for_each", "")
				ok = false
				continue
			}
			add("each", "key", it.key)
			add("each", "value", it.value)
		case "path":
			// As Terraform run in the root module's folder: paths
			// relative to it.
			rel, err := filepath.Rel(x.root.mod.dir, m.mod.dir)
			if err != nil {
				rel = m.mod.dir
			}
			add("path", "module", cty.StringVal(filepath.ToSlash(rel)))
			add("path", "root", cty.StringVal("."))
			add("path", "cwd", cty.StringVal("."))
		case "terraform":
			add("terraform", "workspace", cty.StringVal("default"))
		case "data":
			typ, ok1 := stepName(t, 1)
			name, ok2 := stepName(t, 2)
			if !ok1 || !ok2 {
				x.failf(t.SourceRange(), "refer to a data source as data.TYPE.NAME", "")
				ok = false
				continue
			}
			v, found := m.resource("data."+typ+"."+name, t.SourceRange())
			if !found {
				ok = false
				continue
			}
			if vars["data"] == nil {
				vars["data"] = map[string]cty.Value{}
			}
			inner := map[string]cty.Value{}
			if prev, ok := vars["data"][typ]; ok {
				inner = prev.AsValueMap()
			}
			inner[name] = v
			vars["data"][typ] = cty.ObjectVal(inner)
		case "module":
			if !hasName {
				x.failf(t.SourceRange(), "refer to a module's outputs as module.NAME.OUTPUT", "")
				ok = false
				continue
			}
			v, found := m.moduleCall(name, t.SourceRange())
			if !found {
				ok = false
				continue
			}
			add("module", name, v)
		case "self":
			x.failf(t.SourceRange(), "self is only valid in provisioners and connection blocks, which rolemap does not read", "")
			ok = false
		default:
			if !hasName {
				x.failf(t.SourceRange(), "refer to a resource as TYPE.NAME", "")
				ok = false
				continue
			}
			v, found := m.resource(root+"."+name, t.SourceRange())
			if !found {
				ok = false
				continue
			}
			add(root, name, v)
		}
	}
	if !ok {
		return cty.DynamicVal.Mark(failed{})
	}
	for root, members := range vars {
		ctx.Variables[root] = cty.ObjectVal(members)
	}
	v, diags := e.Value(ctx)
	if diags.HasErrors() {
		x.diags(diags)
		return cty.DynamicVal.Mark(failed{})
	}
	if n := size(v); n > maxValue {
		x.failf(e.Range(), fmt.Sprintf("the value is more than %d bytes long", maxValue), "")
		return cty.DynamicVal.Mark(failed{})
	} else {
		x.built += n
		if x.built > maxBuilt {
			x.failf(e.Range(), fmt.Sprintf("the configuration builds more than %d bytes of values; rolemap stops here", maxBuilt), "")
			x.steps = maxSteps
			return cty.DynamicVal.Mark(failed{})
		}
	}
	return v
}

// failed marks a value whose error is reported.
type failed struct{}

// stepName is the attribute name of step i of t.
func stepName(t hcl.Traversal, i int) (string, bool) {
	if i >= len(t) {
		return "", false
	}
	switch s := t[i].(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseRoot:
		return s.Name, true
	}
	return "", false
}

// size bounds the bytes of a value (its strings and elements).
func size(v cty.Value) int {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return 1
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return len(v.AsString()) + 1
	case t.IsPrimitiveType():
		return 8
	case t.IsListType() || t.IsSetType() || t.IsTupleType() || t.IsMapType() || t.IsObjectType():
		n := 1
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			n += size(k) + size(e)
			if n > maxValue {
				return n
			}
		}
		return n
	}
	return 1
}

// variable returns var.name of m: for the root, its binding var.NAME,
// the last tfvars file that sets it or its default; for a child module,
// what the module block gives, or its default.
func (m *modInst) variable(name string, at hcl.Range) (cty.Value, bool) {
	x := m.x
	if m.varMark[name] {
		v := m.vars[name]
		return v, v != cty.NilVal
	}
	m.varMark[name] = true
	decl := m.mod.vars[name]
	if decl == nil {
		x.failf(at, "no variable "+clip.Quote(name)+" is declared in this module", "")
		return cty.NilVal, false
	}
	ty, hasType := cty.DynamicPseudoType, false
	if a := decl.Body.Attributes["type"]; a != nil {
		t, diags := typeexpr.TypeConstraint(a.Expr)
		if diags.HasErrors() {
			x.diags(diags)
			return cty.NilVal, false
		}
		ty, hasType = t, true
	}
	var v cty.Value
	found := false
	if m.parent == nil {
		if b, ok := x.bound("var." + name); ok {
			v, found = cty.StringVal(b), true
			if hasType && ty != cty.String && ty != cty.DynamicPseudoType {
				e, diags := hclsyntax.ParseExpression([]byte(b), "binding var."+name, hcl.Pos{Line: 1, Column: 1})
				if diags.HasErrors() {
					x.failf(decl.DefRange(), "the binding var."+name+" is not an HCL value of type "+typeexpr.TypeString(ty), "var."+name)
					return cty.NilVal, false
				}
				x.count(e)
				val, diags := e.Value(&hcl.EvalContext{Functions: x.funcs})
				if diags.HasErrors() {
					x.failf(decl.DefRange(), "the binding var."+name+" is not an HCL value of type "+typeexpr.TypeString(ty), "var."+name)
					return cty.NilVal, false
				}
				v = val
			}
		} else {
			for i := len(m.mod.tfvars) - 1; i >= 0; i-- {
				if a := m.mod.tfvars[i].attrs[name]; a != nil {
					v, found = m.eval(a.Expr, iteration{}), true
					break
				}
				if jv, ok := m.mod.tfvars[i].json[name]; ok {
					v, found = jv, true
					break
				}
			}
		}
	} else if a := m.call.Body.Attributes[name]; a != nil {
		v, found = m.parent.eval(a.Expr, m.callIteration()), true
	}
	if !found {
		if a := decl.Body.Attributes["default"]; a != nil {
			v, found = m.evalConst(a.Expr), true
		}
	}
	if !found {
		if m.parent == nil {
			x.failf(decl.DefRange(), "variable "+clip.Quote(name)+" has no default and no value in terraform.tfvars or *.auto.tfvars", "var."+name)
		} else {
			x.failf(m.call.DefRange(), "the module block does not give its required variable "+clip.Quote(name), "")
		}
		return cty.NilVal, false
	}
	if hasType && !isFailed(v) {
		c, err := convert.Convert(v, ty)
		if err != nil {
			x.failf(decl.DefRange(), "variable "+clip.Quote(name)+": "+err.Error(), "")
			return cty.NilVal, false
		}
		v = c
	}
	m.vars[name] = v
	return v, true
}

// callIteration is the iteration of the module block that made m.
func (m *modInst) callIteration() iteration { return m.iter }

// evalConst evaluates an expression with no references (a default).
func (m *modInst) evalConst(e hclsyntax.Expression) cty.Value {
	if len(e.Variables()) > 0 {
		m.x.failf(e.Range(), "a variable's default cannot refer to anything", "")
		return cty.DynamicVal.Mark(failed{})
	}
	return m.eval(e, iteration{})
}

func isFailed(v cty.Value) bool {
	_, marks := v.UnmarkDeep()
	_, ok := marks[failed{}]
	return ok
}

// local returns local.name of m.
func (m *modInst) local(name string, at hcl.Range) (cty.Value, bool) {
	x := m.x
	if v, ok := m.locals[name]; ok {
		return v, true
	}
	a := m.mod.locals[name]
	if a == nil {
		x.failf(at, "no local value "+clip.Quote(name)+" in this module", "")
		return cty.NilVal, false
	}
	key := "local." + name
	if m.busy[key] {
		x.failf(a.NameRange, "local value "+clip.Quote(name)+" refers to itself", "")
		return cty.NilVal, false
	}
	m.busy[key] = true
	v := m.eval(a.Expr, iteration{})
	delete(m.busy, key)
	m.locals[name] = v
	return v, true
}

// The resource types whose identifiers package iac makes placeholders
// for, and the attributes.
func (x *reader) placeholder(i *inst, attr string) (string, bool) {
	name := i.addr + "." + attr
	str := func(a string) (string, bool) {
		v, ok := i.attrs[a]
		if !ok {
			return "", true
		}
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			return "", v.IsNull()
		}
		return v.AsString(), true
	}
	var v string
	switch i.r.typ + "." + attr {
	case "aws_iam_role.arn":
		path, ok1 := str("path")
		role, ok2 := str("name")
		if !ok1 || !ok2 {
			return "", false
		}
		if path == "" {
			path = "/"
		}
		if role == "" {
			role = i.resourceName()
		}
		v = "arn:" + x.env.partition + ":iam::" + x.env.account + ":role" + path + role
	case "aws_cognito_user_pool.id":
		v = x.env.region + "_" + i.resourceName()
	case "aws_cognito_user_pool.endpoint", "aws_cognito_user_pool.arn":
		id, ok := x.known(i, "id")
		if !ok {
			return "", false
		}
		if attr == "endpoint" {
			v = "cognito-idp." + x.env.region + "." + x.env.suffix + "/" + id
		} else {
			v = "arn:" + x.env.partition + ":cognito-idp:" + x.env.region + ":" + x.env.account + ":userpool/" + id
		}
	case "aws_cognito_user_pool_client.id":
		v = i.resourceName()
	case "aws_cognito_identity_pool.id":
		h := sha256.Sum256([]byte(i.addr))
		s := hex.EncodeToString(h[:16])
		v = x.env.region + ":" + s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
	case "aws_iam_saml_provider.arn":
		n, ok := str("name")
		if !ok {
			return "", false
		}
		v = "arn:" + x.env.partition + ":iam::" + x.env.account + ":saml-provider/" + n
	case "aws_iam_openid_connect_provider.arn":
		u, ok := str("url")
		if !ok {
			return "", false
		}
		v = "arn:" + x.env.partition + ":iam::" + x.env.account + ":oidc-provider/" + strings.TrimPrefix(u, "https://")
	default:
		return "", false
	}
	x.placeholders[name] = v
	return v, true
}

// known is attribute attr of i as a known string: set, bound, or its
// placeholder.
func (x *reader) known(i *inst, attr string) (string, bool) {
	v := x.attribute(i, attr)
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// attribute is attribute attr of i as an expression sees it: its
// argument, its binding (ADDRESS.ATTR), the placeholder package iac would
// make, or unknown, marked with what it is.
func (x *reader) attribute(i *inst, attr string) cty.Value {
	if v, ok := i.attrs[attr]; ok && !(i.r.data && attr == "id") {
		return v
	}
	if v, ok := i.computed[attr]; ok {
		return v
	}
	var v cty.Value
	if b, ok := x.bound(i.addr + "." + attr); ok {
		v = cty.StringVal(b)
	} else if s, ok := x.dataValue(i, attr); ok {
		v = s
	} else if s, ok := x.placeholder(i, attr); ok {
		v = cty.StringVal(s)
	} else {
		res := i.r.key()
		v = cty.DynamicVal.Mark(ref{mod: i.m.addr, res: res, key: i.keyText, attr: attr})
	}
	i.computed[attr] = v
	return v
}

// object is the value of instance i as an expression sees it.
func (x *reader) object(i *inst) cty.Value {
	attrs := maps.Clone(i.attrs)
	names := slices.Collect(maps.Keys(x.attrs[i.r.typ]))
	names = append(names, slices.Collect(maps.Keys(x.attrs[""]))...)
	if i.r.data {
		names = append(names, dataAttrs[i.r.typ]...)
	}
	for _, n := range names {
		if _, ok := attrs[n]; !ok || (i.r.data && n == "id") {
			attrs[n] = x.attribute(i, n)
		}
	}
	return cty.ObjectVal(attrs)
}

// keyText writes an instance key as an address does: [0], ["a"].
func keyText(k cty.Value) string {
	switch {
	case k == cty.NilVal:
		return ""
	case k.Type() == cty.Number:
		return "[" + k.AsBigFloat().Text('f', -1) + "]"
	}
	return "[" + strconv.Quote(k.AsString()) + "]"
}
