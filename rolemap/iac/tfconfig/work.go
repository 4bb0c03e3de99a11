package tfconfig

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxWork is the read's budget of elements: each element a for
// expression iterates, and each element of a collection a function
// builds (range, concat, split…), costs one, so that for expressions
// nested inside each other, whose work multiplies, stop at the element
// that crosses it, during the evaluation, not after.
const maxWork = 1 << 18

// spent reports whether the read has spent a budget; its error is
// reported once, where it was crossed.
func (x *reader) spent() bool { return x.work > maxWork || x.built > maxBuilt }

// charge counts v, what an element of a for expression or a function
// built, against the budgets: one element, plus its own elements (a
// collection's length) or its bytes (a string's). It returns the error
// of the charge that crosses a budget (nil for those after it: check
// spent), and then stops the read's evaluation.
func (x *reader) charge(v cty.Value) error {
	x.work++
	if u, _ := v.Unmark(); u.IsKnown() && !u.IsNull() {
		switch t := u.Type(); {
		case t == cty.String:
			x.built += len(u.AsString())
		case t.IsListType() || t.IsSetType() || t.IsTupleType() || t.IsMapType() || t.IsObjectType():
			x.work += u.LengthInt()
		}
	}
	var err error
	switch {
	case x.work > maxWork:
		err = fmt.Errorf("for expressions and functions build more than %d elements (nested for expressions multiply); rolemap stops here", maxWork)
	case x.built > maxBuilt:
		err = fmt.Errorf("the configuration builds more than %d bytes of values; rolemap stops here", maxBuilt)
	default:
		return nil
	}
	x.steps = maxSteps // nothing more is evaluated
	return err
}

// counted is an expression of a for expression (its key, value or
// condition), evaluated once per element: each evaluation is charged.
// Once a budget is spent it evaluates to an unknown value with no
// diagnostic, so that the loops around it end in as many steps as they
// have elements left, without a diagnostic each.
//
// It embeds a ParenthesesExpr around the expression, not the expression
// itself, so that a walk of the syntax tree (hclsyntax.Variables, which
// finds what an expression refers to) still meets the expression.
type counted struct {
	*hclsyntax.ParenthesesExpr
	x *reader
}

func (c counted) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if c.x.spent() {
		return cty.DynamicVal, nil
	}
	v, diags := c.Expression.Value(ctx)
	if c.x.spent() {
		// Crossed inside: reported there, or in diags.
		return cty.DynamicVal, diags
	}
	if err := c.x.charge(v); err != nil {
		c.x.failf(c.Range(), err.Error(), "")
		return cty.DynamicVal, diags
	}
	return v, diags
}

// count makes every for expression in n (a body, an expression or a
// template, parsed by this read) charge its elements, and every function
// it calls what it builds. The for
// expressions are found first and changed after, so that the walk sees
// the tree as parsed.
func (x *reader) count(n hclsyntax.Node) {
	if n == nil {
		return
	}
	var fors []*hclsyntax.ForExpr
	hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		switch e := n.(type) {
		case *hclsyntax.ForExpr:
			fors = append(fors, e)
		case *hclsyntax.FunctionCallExpr:
			x.chargeFunc(e.Name)
		}
		return nil
	})
	x.countFors(fors)
}

// countFors makes each for expression charge its elements, once.
func (x *reader) countFors(fors []*hclsyntax.ForExpr) {
	for _, f := range fors {
		if _, done := f.ValExpr.(counted); done {
			continue
		}
		wrap := func(e hclsyntax.Expression) hclsyntax.Expression {
			return counted{&hclsyntax.ParenthesesExpr{Expression: e, SrcRange: e.Range()}, x}
		}
		f.ValExpr = wrap(f.ValExpr)
		if f.KeyExpr != nil {
			f.KeyExpr = wrap(f.KeyExpr)
		}
		if f.CondExpr != nil {
			f.CondExpr = wrap(f.CondExpr)
		}
	}
}

// chargeFunc wraps the function name of funcs with charged, once; a
// function is wrapped only when a file calls it, so that a read pays for
// the functions it uses.
func (x *reader) chargeFunc(name string) {
	switch name {
	case "try", "can", "sensitive", "nonsensitive":
		return // they build nothing; try and can take expressions
	}
	if f, ok := x.funcs[name]; ok && !x.chargedFn[name] {
		x.funcs[name] = x.charged(f)
		x.chargedFn[name] = true
	}
}

// charged wraps f, a function that builds a value, so that what it
// builds is charged; once a budget is spent it is not called.
func (x *reader) charged(f function.Function) function.Function {
	return function.New(&function.Spec{Params: f.Params(), VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			if x.spent() {
				return cty.UnknownVal(ret), nil
			}
			v, err := f.Call(args)
			if err != nil {
				return v, err
			}
			// The call's diagnostic places the error that crosses a budget.
			return v, x.charge(v)
		}})
}
