package diag

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/jsonpos"
)

// Source is one input file, which places the diagnostics about it. A
// Source does not modify its document and is safe for concurrent use.
type Source struct {
	file string
	data []byte
}

// NewSource returns the source of the file named file (as the reports
// name it), whose bytes are data.
func NewSource(file string, data []byte) *Source {
	return &Source{file: file, data: data}
}

// File returns the file's name.
func (s *Source) File() string { return s.file }

// Place sets the Range of each diagnostic (its Path's place) and its
// RelatedRanges, the paths being those of the JSON document that is the
// whole file. It reads the file once, whatever the number of diagnostics.
func (s *Source) Place(ds []Diagnostic) { s.At(0, ds) }

// At is [Source.Place] for a JSON document embedded in the file at byte
// offset off (a pool inside a case file or a deployment document): the
// paths are the embedded document's, the lines and columns the file's. An
// offset outside the file places every path at the file's end or start.
func (s *Source) At(off int, ds []Diagnostic) { s.at(off, ds) }

// at is At, and returns the bytes it stepped over, which tests bound.
func (s *Source) at(off int, ds []Diagnostic) int {
	var paths [][]jsonpos.Step
	for _, d := range ds {
		paths = append(paths, steps(d.Path))
		for _, r := range d.Related {
			paths = append(paths, steps(r))
		}
	}
	off = min(max(off, 0), len(s.data))
	found := jsonpos.Find(s.data[off:], paths)
	offs := make([]int, len(found))
	for i, f := range found {
		offs[i] = off + f.Offset
	}
	rs, work := s.offsets(offs)
	k := 0
	for i := range ds {
		ds[i].Range, k = rs[k], k+1
		if len(ds[i].Related) > 0 {
			ds[i].RelatedRanges = rs[k : k+len(ds[i].Related) : k+len(ds[i].Related)]
			k += len(ds[i].Related)
		}
	}
	return len(s.data) - off + work
}

// Value returns the byte offset of the value at path p of the file's JSON
// document (for a member, the value after its name and colon), and whether
// the document has it: the offset to give [Source.At] for a document
// embedded in the file, such as a case file's pool.
func (s *Source) Value(p Path) (int, bool) {
	f := jsonpos.Find(s.data, [][]jsonpos.Step{steps(p)})[0]
	if f.Depth != len(p) || len(steps(p)) != len(p) {
		return 0, false
	}
	i := f.Offset
	if len(p) > 0 && p[len(p)-1].Kind != StepIndex {
		// Step over the member's name, then the colon.
		i++
		for i < len(s.data) && s.data[i] != '"' {
			if s.data[i] == '\\' {
				i++
			}
			i++
		}
		i++
		for i < len(s.data) && (s.data[i] == ':' || isSpace(s.data[i])) {
			i++
		}
	}
	return min(i, len(s.data)), true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Ranges returns where each path is, as [Source.Place] places them.
func (s *Source) Ranges(paths ...Path) []Range {
	ds := make([]Diagnostic, len(paths))
	for i, p := range paths {
		ds[i].Path = p
	}
	s.Place(ds)
	out := make([]Range, len(ds))
	for i, d := range ds {
		out[i] = d.Range
	}
	return out
}

// Offsets returns the ranges of byte offsets of the file (a syntax error's
// place), in one pass over the file whatever their number. An offset past
// the end is the end.
func (s *Source) Offsets(offs []int) []Range {
	out, _ := s.offsets(offs)
	return out
}

// offsets is Offsets, and returns the bytes it stepped over.
func (s *Source) offsets(offs []int) ([]Range, int) {
	order := make([]int, len(offs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(offs[a], offs[b]) })
	out := make([]Range, len(offs))
	line, col, at := 1, 1, 0
	for _, i := range order {
		off := min(max(offs[i], 0), len(s.data))
		for ; at < off; at++ {
			switch c := s.data[at]; {
			case c == '\n':
				line, col = line+1, 1
			case utf8.RuneStart(c):
				col++
			}
		}
		out[i] = Range{File: s.file, Line: line, Column: col}
	}
	return out, at
}

// steps are p's steps as jsonpos reads them. A negative index names no
// element: the path is placed at its parent.
func steps(p Path) []jsonpos.Step {
	out := make([]jsonpos.Step, 0, len(p))
	for _, st := range p {
		switch {
		case st.Kind != StepIndex:
			out = append(out, jsonpos.Step{Name: st.Name, Index: -1})
		case st.Index >= 0:
			out = append(out, jsonpos.Step{Index: st.Index})
		default:
			return out
		}
	}
	return out
}
