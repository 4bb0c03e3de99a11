package validate

import (
	"cmp"
	"path"
	"strings"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// FilePool is one pool of a file [LintFile] lints.
type FilePool struct {
	// Name names the pool inside a file that defines several (a
	// template's logical ID, a plan's resource address); "" for a pool
	// document.
	Name string
	Pool rolemap.Pool
	// Document says the file is the pool's document, the one
	// [rolemap.ParsePool] parsed it from: its document findings
	// ([LintDocument]) are reported too.
	Document bool
	// OriginPath returns the path in the file of a path of the pool (as
	// iac.Result.OriginPath does for a template or plan), which
	// [LintFile] places step by step; nil (and Origin nil): the same path,
	// for a pool document.
	OriginPath func(p diag.Path) diag.Path
	// Origin is OriginPath for paths written as text; it is used only
	// when OriginPath is nil.
	//
	// Deprecated: a printed path shortens long keys, so the text read
	// back may name an ancestor of the member; set OriginPath.
	Origin func(path string) string
}

// LintFile lints the pools of one file and places their findings in it:
// for each pool, the violations of [Violations] (AWS refuses the pool)
// then the findings of [Lint] with opts, each at the line and column of
// the member it is about (through the pool's OriginPath, placed by a
// [diag.Source] of data) and its Related paths too. uri is the file as [Located] writes it, data its
// contents. Each pool is compiled once, with the rules quota of
// [WithMaxRules] (25 unless raised), for both its violations and its
// unreachable rules.
func LintFile(uri string, data []byte, pools []FilePool, opts ...LintOption) []Located {
	var o lintOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	quota := rolemap.WithMaxRules(cmp.Or(o.maxRules, spec.DefaultMaxRules))
	var out []Located
	src := diag.NewSource(uri, data)
	for _, p := range pools {
		a, err := Analyze(p.Pool, quota)
		findings := Violations(err)
		popts := append(opts[:len(opts):len(opts)], WithAnalysis(a))
		if p.Document {
			popts = append(popts, WithDocument(data))
		}
		findings = append(findings, Lint(p.Pool, popts...)...)
		for i := range findings {
			findings[i].Pool = p.Name
		}
		switch {
		case p.OriginPath != nil:
			// The paths in the file, followed step by step and placed in
			// one pass.
			at := make([]diag.Diagnostic, len(findings))
			for i, f := range findings {
				at[i].Path = p.OriginPath(f.Path)
				for _, r := range f.Related {
					at[i].Related = append(at[i].Related, p.OriginPath(r))
				}
			}
			src.Place(at)
			for i := range findings {
				findings[i].Range, findings[i].RelatedRanges = at[i].Range, at[i].RelatedRanges
			}
			out = append(out, findings...)
			continue
		case p.Origin == nil:
			// The pool's own document: its paths are the file's, placed
			// as they are, in one pass.
			src.Place(findings)
			out = append(out, findings...)
			continue
		}
		var paths []string
		for _, f := range findings {
			paths = append(paths, p.Origin(f.Path.String()))
			for _, r := range f.Related {
				paths = append(paths, p.Origin(r.String()))
			}
		}
		at := Positions(data, paths)
		k := 0
		for _, f := range findings {
			f.Range, k = diag.Range{File: uri, Line: at[k].Line, Column: at[k].Column}, k+1
			if len(f.Related) > 0 {
				f.RelatedRanges = make([]diag.Range, len(f.Related))
				for j := range f.Related {
					f.RelatedRanges[j], k = diag.Range{File: uri, Line: at[k].Line, Column: at[k].Column}, k+1
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// Suppression says which findings not to report: those of its code, and,
// when they are set, of its path, file and pool.
type Suppression struct {
	// Code is the code suppressed, named exactly.
	Code string
	// Path is the finding's path, or a prefix of it when it ends in *;
	// "" for any path.
	Path string
	// File is a pattern of [path.Match] on the finding's URI (forward
	// slashes); "" for any file.
	File string
	// Pool is the name of the pool inside its file; "" for any pool.
	Pool string
	// Reason says why; tools may require one to suppress an error.
	Reason string
}

// Matches reports whether s suppresses l.
func (s Suppression) Matches(l Located) bool {
	if s.Code != l.Code {
		return false
	}
	if s.Path != "" {
		if prefix, ok := strings.CutSuffix(s.Path, "*"); ok {
			if !strings.HasPrefix(l.Path.String(), prefix) {
				return false
			}
		} else if s.Path != l.Path.String() {
			return false
		}
	}
	if s.File != "" {
		if ok, _ := path.Match(s.File, l.Range.File); !ok {
			return false
		}
	}
	return s.Pool == "" || s.Pool == l.Pool
}

// Suppress returns the findings of ls no suppression matches, in their
// order, and how many the suppressions removed, by code.
func Suppress(ls []Located, suppressions []Suppression) (kept []Located, suppressed map[string]int) {
	suppressed = map[string]int{}
	for _, l := range ls {
		if suppressedBy(suppressions, l) {
			suppressed[l.Code]++
			continue
		}
		kept = append(kept, l)
	}
	return kept, suppressed
}

func suppressedBy(suppressions []Suppression, l Located) bool {
	for _, s := range suppressions {
		if s.Matches(l) {
			return true
		}
	}
	return false
}
