package main

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"

	// Template readers, registered with package iac: the command reads
	// what they read wherever it reads a template (lint, explain, diff,
	// import, case files' source).
	_ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml"  // CloudFormation in YAML
	_ "github.com/rolemapping/rolemapping/rolemap/iac/tfconfig" // Terraform configuration (*.tf)
)

// templateKind reports whether f is a template in a syntax a registered
// reader reads (YAML): --input cfn, or --input auto for a file that looks
// like a YAML template, reads it as CloudFormation.
func (f file) templateKind(forced string) (string, bool) {
	if forced != kindAuto && forced != kindCFN {
		return "", false
	}
	if _, ok := iac.TemplateFormatOf(f.data); !ok {
		return "", false
	}
	if forced == kindCFN || f.looksYAML() {
		return kindCFN, true
	}
	return "", false
}

// yamlRefused is the error for a YAML file read as something only JSON
// can be (a pool document, a plan, a bindings file).
func (f file) yamlRefused() error {
	if _, ok := iac.TemplateFormatOf(f.data); ok {
		return inputErrorf("%s: YAML, which rolemap reads only as a CloudFormation template (--input auto or cfn); pool documents, plans and bindings are JSON", f.at(0))
	}
	return inputErrorf("%s: a YAML template, which this build of rolemap does not read; convert it to JSON first:\n\tcfn-flip %s > template.json\n(or use the JSON cdk synth writes to cdk.out)", f.at(0), f.name)
}

// positions places paths (as l.origin writes them) in l's file: in the
// YAML as written for a template a reader decoded, else in the JSON.
func (l *loaded) positions(paths []string) []validate.Position {
	if pos, ok := l.res.Positions(paths); ok {
		out := make([]validate.Position, len(pos))
		for i, p := range pos {
			out[i] = validate.Position{Line: p.Line, Column: p.Column}
		}
		return out
	}
	return validate.Positions(l.data, paths)
}

// placed places again, in the YAML as written, the findings
// validate.LintFile placed in l's bytes (it places paths in JSON), when a
// reader decoded l; it returns ls as it is otherwise.
func (l *loaded) placed(ls []validate.Located) []validate.Located {
	if l.res == nil {
		return ls
	}
	if _, ok := l.res.Positions(nil); !ok {
		return ls
	}
	pools := map[string]pool{}
	for _, p := range l.pools {
		pools[p.name] = p
	}
	var paths []string
	for _, x := range ls {
		p := pools[x.Pool]
		paths = append(paths, l.origin(p, x.Path))
		for _, r := range x.Related {
			paths = append(paths, l.origin(p, r))
		}
	}
	files := l.res.Positions
	at := l.positions(paths)
	whole, _ := files(paths)
	k := 0
	for i := range ls {
		ls[i].At = at[k]
		if k < len(whole) && whole[k].File != "" {
			// One of a Terraform configuration's files.
			ls[i].URI = filepath.ToSlash(whole[k].File)
		}
		k++
		for j := range ls[i].Related {
			if j < len(ls[i].RelatedAt) {
				ls[i].RelatedAt[j] = at[k]
			}
			k++
		}
	}
	return ls
}

// loadConfig reads the pools of the Terraform configuration at path (a
// folder of *.tf files, or one of them), each error and finding placed in
// the .tf file it is about.
func (in *inputFlags) loadConfig(e *env, path string) (*loaded, error) {
	bindings, err := in.bindingsOf(e)
	if err != nil {
		return nil, err
	}
	l := &loaded{file: file{name: path}, kind: kindTF}
	l.res, err = iac.TerraformConfig(path, iac.WithBindings(bindings))
	if err != nil {
		list := iac.Errors(err)
		if list == nil {
			if errors.Is(err, iac.ErrNoPool) {
				return nil, inputErrorf("%s: %v", path, err)
			}
			return nil, inputErrorf("%s: %v", path, err)
		}
		ie := &inputError{}
		for _, x := range list {
			where := path
			if x.File != "" {
				where = clip.Line(x.File) // a name a folder's listing gave
			}
			if x.Line > 0 {
				where = fmt.Sprintf("%s:%d:%d", where, x.Line, x.Column)
			}
			ie.lines = append(ie.lines, where+": "+x.Error())
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > len(list) {
			for _, rest := range j.Unwrap()[len(list):] {
				ie.lines = append(ie.lines, path+": "+rest.Error())
			}
		}
		return nil, ie
	}
	for _, name := range slices.Sorted(maps.Keys(l.res.Pools)) {
		l.pools = append(l.pools, pool{name: name, pool: l.res.Pools[name]})
	}
	return l, nil
}
