package main

import (
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"

	// Template readers, registered with package iac: the command reads
	// what they read wherever it reads a template (lint, explain, diff,
	// import, case files' source).
	_ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml" // CloudFormation in YAML
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
		paths = append(paths, l.origin(p, x.Path.String()))
		for _, r := range x.Related {
			paths = append(paths, l.origin(p, r.String()))
		}
	}
	at := l.positions(paths)
	k := 0
	for i := range ls {
		ls[i].Range.Line, ls[i].Range.Column = at[k].Line, at[k].Column
		k++
		for j := range ls[i].Related {
			if j < len(ls[i].RelatedRanges) {
				ls[i].RelatedRanges[j].Line, ls[i].RelatedRanges[j].Column = at[k].Line, at[k].Column
			}
			k++
		}
	}
	return ls
}

// atSteps writes "FILE:LINE:COL" for a path of f's JSON document, placed
// as steps (diag.Source), never as its printed text.
func (f file) atSteps(p diag.Path) string {
	return diag.NewSource(f.name, f.data).Ranges(p)[0].String()
}
