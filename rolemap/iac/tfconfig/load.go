package tfconfig

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// module is one folder of configuration, parsed.
type module struct {
	dir       string
	vars      map[string]*hclsyntax.Block
	locals    map[string]*hclsyntax.Attribute
	resources map[string]*resource // by "TYPE.NAME", data sources by "data.TYPE.NAME"
	order     []string             // resources in file order
	calls     map[string]*hclsyntax.Block
	outputs   map[string]*hclsyntax.Block
	tfvars    []tfvarsFile // terraform.tfvars, then *.auto.tfvars in lexical order
	collected bool         // its attribute names are collected
}

type tfvarsFile struct {
	name  string
	attrs hclsyntax.Attributes
	json  map[string]cty.Value // a .tfvars.json file's values
}

// resource is a resource or data block.
type resource struct {
	typ, name string
	data      bool
	block     *hclsyntax.Block
	ignores   []ignore
}

func (r *resource) key() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

// filesIn lists, sorted, the entries of the folder dir whose names end in
// suffix, as filepath.Glob(dir/*suffix) does, never reading dir's own
// name as a pattern (a folder named [old] is no character class).
func filesIn(dir, suffix string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), suffix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// parseModule reads the *.tf files of dir (and, for the root module, its
// tfvars files).
func (x *reader) parseModule(dir string, rootModule bool) *module {
	m := &module{dir: dir, vars: map[string]*hclsyntax.Block{}, locals: map[string]*hclsyntax.Attribute{},
		resources: map[string]*resource{}, calls: map[string]*hclsyntax.Block{}, outputs: map[string]*hclsyntax.Block{}}
	names := filesIn(dir, ".tf")
	if len(names) == 0 {
		x.failf(hcl.Range{Filename: dir}, "no *.tf file in this folder", "")
		return m
	}
	if js := filesIn(dir, ".tf.json"); len(js) > 0 {
		x.failf(hcl.Range{Filename: js[0]}, "Terraform configuration in JSON syntax is not read; write it as .tf, or give a plan (terraform show -json)", "")
	}
	for _, name := range names {
		base := filepath.Base(name)
		if base == "override.tf" || strings.HasSuffix(base, "_override.tf") {
			x.failf(hcl.Range{Filename: name, Start: hcl.Pos{Line: 1, Column: 1}}, "override files are not read (they merge into other blocks); give a plan (terraform show -json) instead", "")
			continue
		}
		body := x.parseFile(name)
		if body == nil {
			continue
		}
		src := x.files[name]
		for _, b := range body.Blocks {
			switch b.Type {
			case "variable":
				if len(b.Labels) == 1 {
					m.vars[b.Labels[0]] = b
				}
			case "locals":
				for n, a := range b.Body.Attributes {
					if prev, dup := m.locals[n]; dup {
						x.failf(a.NameRange, "local value "+n+" is defined twice (also at "+place(prev.NameRange)+")", "")
						continue
					}
					m.locals[n] = a
				}
			case "resource", "data":
				if len(b.Labels) != 2 {
					continue
				}
				r := &resource{typ: b.Labels[0], name: b.Labels[1], data: b.Type == "data", block: b}
				r.ignores = ignoresAbove(src, b.TypeRange)
				if prev, dup := m.resources[r.key()]; dup {
					x.failf(b.DefRange(), r.key()+" is defined twice (also at "+place(prev.block.DefRange())+")", "")
					continue
				}
				m.resources[r.key()] = r
				m.order = append(m.order, r.key())
			case "module":
				if len(b.Labels) == 1 {
					m.calls[b.Labels[0]] = b
				}
			case "output":
				if len(b.Labels) == 1 {
					m.outputs[b.Labels[0]] = b
				}
			}
		}
	}
	if rootModule {
		// Terraform's order: terraform.tfvars, terraform.tfvars.json,
		// then *.auto.tfvars and *.auto.tfvars.json in lexical order of
		// their names; a later file wins.
		auto := append(filesIn(dir, ".auto.tfvars"), filesIn(dir, ".auto.tfvars.json")...)
		slices.Sort(auto)
		for _, name := range append([]string{filepath.Join(dir, "terraform.tfvars"), filepath.Join(dir, "terraform.tfvars.json")}, auto...) {
			if _, err := os.Stat(name); err != nil {
				continue
			}
			if strings.HasSuffix(name, ".json") {
				if attrs := x.parseJSONVars(name); attrs != nil {
					m.tfvars = append(m.tfvars, tfvarsFile{name: name, json: attrs})
				}
				continue
			}
			if body := x.parseFile(name); body != nil {
				if len(body.Blocks) > 0 {
					x.failf(body.Blocks[0].DefRange(), "a variable definitions file holds only NAME = VALUE", "")
				}
				m.tfvars = append(m.tfvars, tfvarsFile{name: name, attrs: body.Attributes})
			}
		}
	}
	return m
}

// parseJSONVars reads a .tfvars.json file: one JSON object, each member
// a variable's value.
func (x *reader) parseJSONVars(name string) map[string]cty.Value {
	data, err := readfile.Read(name, iac.MaxFileSize)
	if err != nil {
		x.failf(hcl.Range{Filename: name}, err.Error(), "")
		return nil
	}
	x.bytesRead += len(data)
	if _, depth := nesting(data); depth > maxNesting {
		x.failf(hcl.Range{Filename: name, Start: hcl.Pos{Line: 1, Column: 1}}, fmt.Sprintf("brackets nested more than %d deep", maxNesting), "")
		return nil
	}
	x.files[name] = data
	t, err := ctyjson.ImpliedType(data)
	if err == nil && !t.IsObjectType() {
		err = fmt.Errorf("want a JSON object of variable values")
	}
	var v cty.Value
	if err == nil {
		v, err = ctyjson.Unmarshal(data, t)
	}
	if err != nil {
		x.failf(hcl.Range{Filename: name, Start: hcl.Pos{Line: 1, Column: 1}}, clip.Line(err.Error()), "")
		return nil
	}
	return v.AsValueMap()
}

// parseFile reads and parses one file, within the limits.
func (x *reader) parseFile(name string) *hclsyntax.Body {
	data, err := readfile.Read(name, iac.MaxFileSize)
	if err != nil {
		x.failf(hcl.Range{Filename: name}, err.Error(), "")
		return nil
	}
	x.bytesRead += len(data)
	if x.bytesRead > iac.MaxFileSize {
		x.failf(hcl.Range{Filename: name}, fmt.Sprintf("the configuration is larger than %d bytes in all, more than rolemap reads", iac.MaxFileSize), "")
		return nil
	}
	if line, depth := nesting(data); depth > maxNesting {
		x.failf(hcl.Range{Filename: name, Start: hcl.Pos{Line: line, Column: 1}}, fmt.Sprintf("brackets nested more than %d deep", maxNesting), "")
		return nil
	}
	x.files[name] = data
	f, diags := hclsyntax.ParseConfig(data, name, hcl.Pos{Line: 1, Column: 1, Byte: 0})
	if diags.HasErrors() {
		x.diags(diags)
		return nil
	}
	body, _ := f.Body.(*hclsyntax.Body)
	return body
}

// nesting returns the deepest nesting of brackets and string templates
// in data, outside strings and comments, and the line where it is first
// that deep: a cheap bound checked before the parser, which recurses,
// sees the file.
func nesting(data []byte) (line, depth int) {
	var stack []bool // for each open bracket: whether it is a template's ${ or %{
	inStr, ln := false, 1
	open := func(template bool) {
		stack = append(stack, template)
		if len(stack) > depth {
			depth, line = len(stack), ln
		}
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			ln++
		}
		if inStr {
			switch {
			case c == '\\':
				i++
			case c == '"':
				inStr = false
			case (c == '$' || c == '%') && i+1 < len(data) && data[i+1] == '{':
				i++
				inStr = false
				open(true)
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
		case c == '#' || c == '/' && i+1 < len(data) && data[i+1] == '/':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(data) && data[i+1] == '*':
			end := bytes.Index(data[i+2:], []byte("*/"))
			if end < 0 {
				end = len(data) - i - 2
			}
			ln += bytes.Count(data[i:i+2+end], []byte("\n"))
			i += 2 + end + 1
		case c == '(' || c == '[' || c == '{':
			open(false)
		case c == ')' || c == ']' || c == '}':
			if n := len(stack); n > 0 {
				inStr = stack[n-1]
				stack = stack[:n-1]
			}
		}
	}
	return line, depth
}

// place writes a range as FILE:LINE.
func place(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}
