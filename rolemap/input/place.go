package input

import (
	"path/filepath"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

// decoded reports whether a registered reader decoded l (a YAML template
// or Terraform configuration): its paths are then placed in the text as
// written, not in JSON.
func (l *Loaded) decoded() bool {
	if l.Result == nil {
		return false
	}
	_, ok := l.Result.Places(nil)
	return ok
}

// OriginPath returns the path in the file of the path p of the pool named
// pool (iac.Result.OriginPath): p itself for a pool document. ok is false
// for a pool the file does not define.
func (l *Loaded) OriginPath(pool string, p diag.Path) (diag.Path, bool) {
	if l.Result == nil {
		return p, true
	}
	return l.Result.OriginPath(pool, p)
}

// Places returns where paths of the file (as [Loaded.OriginPath] gives
// them) are, each followed step by step, in one pass: in the text as
// written for a template a registered reader decoded (YAML) or Terraform
// configuration, else in the JSON. Each Range names l's file, or the .tf
// file of a configuration; a path not found is at line 0.
func (l *Loaded) Places(paths []diag.Path) []diag.Range {
	out := make([]diag.Range, len(paths))
	if pos, ok := l.Result.Places(paths); ok {
		for i, p := range pos {
			out[i] = diag.Range{File: l.Name, Line: p.Line, Column: p.Column}
			if p.File != "" {
				out[i].File = p.File
			}
		}
		return out
	}
	return diag.NewSource(l.Name, l.Data).Ranges(paths...)
}

// Positions places paths of the file written as text.
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; use [Loaded.Places] with the paths
// of [Loaded.OriginPath].
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
		out[i] = validate.FilePool{Name: p.Name, Pool: p.Pool, Document: l.Kind == PoolDocument}
		if l.Result != nil {
			out[i].OriginPath = func(q diag.Path) diag.Path {
				at, _ := l.Result.OriginPath(p.Name, q)
				return at
			}
		}
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
	// configuration: it places them in nothing, and they are placed here,
	// step by step, in the text as written (and, for a folder, in the file
	// of each).
	pools := l.FilePools()
	for i := range pools {
		pools[i].OriginPath = nil // placed below, each path once
	}
	ls := validate.LintFile(uri, nil, pools, opts...)
	var paths []diag.Path
	for _, x := range ls {
		at, _ := l.OriginPath(x.Pool, x.Path)
		paths = append(paths, at)
		for _, r := range x.Related {
			at, _ := l.OriginPath(x.Pool, r)
			paths = append(paths, at)
		}
	}
	at := l.Places(paths)
	k := 0
	for i := range ls {
		ls[i].Range = place(uri, l.Name, at[k])
		k++
		for j := range ls[i].Related {
			if j < len(ls[i].RelatedRanges) {
				ls[i].RelatedRanges[j] = place(uri, l.Name, at[k])
			}
			k++
		}
	}
	return ls
}

// place is r as a finding names it: uri for the file read, or one of a
// Terraform configuration's files, with forward slashes.
func place(uri, name string, r diag.Range) diag.Range {
	if r.File == name {
		r.File = uri
	} else {
		r.File = filepath.ToSlash(r.File)
	}
	return r
}
