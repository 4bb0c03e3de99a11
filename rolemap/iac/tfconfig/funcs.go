package tfconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// functions are the Terraform functions rolemap evaluates: go-cty's
// standard library under Terraform's names, and a few of Terraform's
// own with the same behaviour. Those that can build large values (range,
// format's widths, setproduct) are bounded. Any other function is an
// error naming it.
func functions() map[string]function.Function {
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"floor": stdlib.FloorFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
		"join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc,
		"max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc,
		"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setsubtract": stdlib.SetSubtractFunc,
		"setunion": stdlib.SetUnionFunc, "signum": stdlib.SignumFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc,
		"split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc,
		"trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc,
		"zipmap": stdlib.ZipmapFunc, "try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tostring": stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	}
	fs["format"] = bounded(stdlib.FormatFunc, checkFormat)
	fs["range"] = bounded(stdlib.RangeFunc, checkRange)
	fs["setproduct"] = bounded(stdlib.SetProductFunc, checkProduct)
	fs["replace"] = replaceFunc
	fs["startswith"] = prefixFunc(strings.HasPrefix)
	fs["endswith"] = prefixFunc(strings.HasSuffix)
	fs["one"] = oneFunc
	// Sensitivity changes what Terraform prints, not a value.
	fs["sensitive"], fs["nonsensitive"] = identityFunc, identityFunc
	return fs
}

// bounded wraps f with a check of its arguments.
func bounded(f function.Function, check func([]cty.Value) error) function.Function {
	spec := &function.Spec{Params: f.Params(), VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) { return f.ReturnTypeForValues(args) },
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for _, a := range args {
				if !a.IsWhollyKnown() {
					return f.Call(args)
				}
			}
			if err := check(args); err != nil {
				return cty.NilVal, err
			}
			return f.Call(args)
		}}
	return function.New(spec)
}

var formatWidth = regexp.MustCompile(`%[-+# 0]*(\d*)(?:\.(\d+))?`)

func checkFormat(args []cty.Value) error {
	if len(args) == 0 || args[0].IsNull() || args[0].Type() != cty.String {
		return nil
	}
	for _, m := range formatWidth.FindAllStringSubmatch(args[0].AsString(), -1) {
		for _, n := range m[1:] {
			if w, err := strconv.Atoi(n); n != "" && (err != nil || w > 1000) {
				return errors.New("a width or precision over 1000 is more than rolemap evaluates")
			}
		}
	}
	return nil
}

func checkRange(args []cty.Value) error {
	var f [3]float64
	f[2] = 1
	switch len(args) {
	case 1:
		f[1], _ = args[0].AsBigFloat().Float64()
	case 2, 3:
		f[0], _ = args[0].AsBigFloat().Float64()
		f[1], _ = args[1].AsBigFloat().Float64()
		if len(args) == 3 {
			f[2], _ = args[2].AsBigFloat().Float64()
		}
	}
	if f[2] != 0 && (f[1]-f[0])/f[2] > maxInstances {
		return fmt.Errorf("more than %d elements is more than rolemap evaluates", maxInstances)
	}
	return nil
}

func checkProduct(args []cty.Value) error {
	n := 1
	for _, a := range args {
		if a.IsNull() || !a.CanIterateElements() {
			return nil
		}
		n *= max(a.LengthInt(), 1)
		if n > maxInstances {
			return fmt.Errorf("more than %d combinations is more than rolemap evaluates", maxInstances)
		}
	}
	return nil
}

// replaceFunc is Terraform's replace: a substring, or a regular
// expression when the search is written /RE/.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			return stdlib.RegexReplace(args[0], cty.StringVal(sub[1:len(sub)-1]), args[2])
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

func prefixFunc(f func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// oneFunc is Terraform's one: the only element of a list or set, or
// null for none.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		t := args[0].Type()
		switch {
		case t.IsListType() || t.IsSetType():
			return t.ElementType(), nil
		case t.IsTupleType() && len(t.TupleElementTypes()) <= 1:
			if len(t.TupleElementTypes()) == 0 {
				return cty.DynamicPseudoType, nil
			}
			return t.TupleElementTypes()[0], nil
		case t == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, errors.New("want a list or set of at most one element")
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		if v.LengthInt() > 1 {
			return cty.NilVal, errors.New("want a list or set of at most one element")
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			return e, nil
		}
		return cty.NullVal(ret), nil
	},
})

// maxReadFile is the largest file file and templatefile read.
const maxReadFile = 1 << 20

// refuseFile says what file and templatefile read, and what to do,
// before the name of the file refused and why.
const refuseFile = "file and templatefile read only regular files in the configuration's folder (bind the value instead): "

// confined resolves name, a path file or templatefile was given, relative
// to the root module's folder root: an absolute path, and one that
// resolves (its symbolic links followed) outside root and outside the
// folder of every local module the read loaded, is refused, so that a
// configuration cannot put /proc/self/environ or ../secret.txt into a
// pool, nor into what rolemap prints of it.
func (x *reader) confined(root, name string) (string, error) {
	if filepath.IsAbs(name) || path.IsAbs(name) || filepath.VolumeName(name) != "" {
		return "", errors.New(refuseFile + clip.Quote(name) + " is an absolute path")
	}
	resolved, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", fmt.Errorf("%s: %v", clip.Quote(name), err)
	}
	if resolved, err = filepath.Abs(resolved); err != nil {
		return "", fmt.Errorf("%s: %v", clip.Quote(name), err)
	}
	for dir := range x.parsed {
		d, ok := x.realDirs[dir]
		if !ok {
			d, _ = filepath.EvalSymlinks(dir)
			if d != "" {
				d, _ = filepath.Abs(d)
			}
			x.realDirs[dir] = d
		}
		if d == "" {
			continue
		}
		if rel, err := filepath.Rel(d, resolved); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return resolved, nil
		}
	}
	return "", errors.New(refuseFile + clip.Quote(name) + " is outside it")
}

// fileFunc is Terraform's file (or templatefile): a file's text, its
// path relative to the root module's folder (where Terraform runs),
// confined to it (see confined). A
// template is rendered with the variables given and the functions above;
// it cannot call templatefile itself.
func (x *reader) fileFunc(root string, template bool) function.Function {
	params := []function.Parameter{{Name: "path", Type: cty.String}}
	if template {
		params = append(params, function.Parameter{Name: "vars", Type: cty.DynamicPseudoType})
	}
	return function.New(&function.Spec{
		Params: params,
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p, err := x.confined(root, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			data, err := readfile.Read(p, maxReadFile)
			if errors.Is(err, readfile.ErrNotRegular) {
				return cty.NilVal, errors.New(refuseFile + clip.Quote(args[0].AsString()) + " is not a regular file")
			}
			if err != nil {
				return cty.NilVal, err
			}
			x.bytesRead += len(data)
			if x.bytesRead > iac.MaxFileSize {
				return cty.NilVal, fmt.Errorf("the configuration and the files it reads are larger than %d bytes in all", iac.MaxFileSize)
			}
			if !template {
				return cty.StringVal(string(data)), nil
			}
			if _, depth := nesting(data); depth > maxNesting {
				return cty.NilVal, fmt.Errorf("%s: brackets nested more than %d deep", p, maxNesting)
			}
			e, diags := hclsyntax.ParseTemplate(data, p, hcl.Pos{Line: 1, Column: 1})
			if diags.HasErrors() {
				return cty.NilVal, diags
			}
			x.count(e)
			vars := args[1]
			if vars.IsNull() || !(vars.Type().IsObjectType() || vars.Type().IsMapType()) {
				return cty.NilVal, errors.New("templatefile wants an object of variables")
			}
			funcs := maps.Clone(x.funcs)
			delete(funcs, "templatefile")
			v, diags := e.Value(&hcl.EvalContext{Variables: vars.AsValueMap(), Functions: funcs})
			if diags.HasErrors() {
				return cty.NilVal, diags
			}
			return v, nil
		},
	})
}

// stub stands for a function rolemap does not evaluate: its result is
// unknown, marked with the function's name, so that it is an error only
// where a pool needs it (naming the function), and a read of a
// configuration that calls timestamp() in a tag is not refused.
func stub(name string) function.Function {
	return function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true},
		Type:     function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.DynamicVal.Mark(ref{fn: name}), nil
		},
	})
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowMarked: true, AllowDynamicType: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})
