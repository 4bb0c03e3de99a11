package input

import (
	"path/filepath"

	"github.com/rolemapping/rolemapping/validate"
)

// decoded reports whether a registered reader decoded l (a YAML
// template): its paths are then placed in the text as written, not in
// JSON.
func (l *Loaded) decoded() bool {
	if l.Result == nil {
		return false
	}
	_, ok := l.Result.Positions(nil)
	return ok
}

// Positions places paths of the file (as Origin writes them) in it, in
// one pass: in the text as written for a template a registered reader
// decoded (YAML), else in the JSON. A path not found is at line 0.
func (l *Loaded) Positions(paths []string) []validate.Position {
	if pos, ok := l.Result.Positions(paths); ok {
		out := make([]validate.Position, len(pos))
		for i, p := range pos {
			out[i] = validate.Position{Line: p.Line, Column: p.Column}
		}
		return out
	}
	return validate.Positions(l.Data, paths)
}

// FilePools returns l's pools as validate.LintFile takes them: each with
// its name and origin, and a pool document's document findings on.
func (l *Loaded) FilePools() []validate.FilePool {
	out := make([]validate.FilePool, len(l.Pools))
	for i, p := range l.Pools {
		out[i] = validate.FilePool{Name: p.Name, Pool: p.Pool, Document: l.Kind == PoolDocument,
			Origin: func(path string) string { return l.Origin(p.Name, path) }}
	}
	return out
}

// Lint lints l's pools with opts (validate.LintFile) and places each
// finding and its related paths in the file once: uri is the file as the
// findings name it.
func (l *Loaded) Lint(uri string, opts ...validate.LintOption) []validate.Located {
	if !l.decoded() {
		return validate.LintFile(uri, l.Data, l.FilePools(), opts...)
	}
	// LintFile places paths in JSON; the file is YAML or Terraform
	// configuration: it places them in nothing, and they are placed here in
	// the text as written (and, for a folder, in the file of each).
	ls := validate.LintFile(uri, nil, l.FilePools(), opts...)
	var paths []string
	for _, x := range ls {
		paths = append(paths, l.Origin(x.Pool, x.Path.String()))
		for _, r := range x.Related {
			paths = append(paths, l.Origin(x.Pool, r.String()))
		}
	}
	whole, _ := l.Result.Positions(paths)
	at := l.Positions(paths)
	k := 0
	for i := range ls {
		ls[i].Range.Line, ls[i].Range.Column = at[k].Line, at[k].Column
		if k < len(whole) && whole[k].File != "" {
			// One of a Terraform configuration's files.
			ls[i].Range.File = filepath.ToSlash(whole[k].File)
		}
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
