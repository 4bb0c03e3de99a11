package iac

import (
	"bytes"
	"sync"

	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// A TemplateFormat reads CloudFormation templates written in a syntax
// other than JSON. Package iac reads JSON only, so that a service that
// imports it depends on no parser library; a reader for another syntax
// lives in a module of its own and registers with [RegisterTemplateFormat]
// when imported, as image decoders register with package image:
//
//	import _ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml" // YAML templates
//
// [CloudFormation] then reads a template in that syntax as it reads its
// JSON twin, and places every error and every [Result.OriginPath] at a line
// and column of the file as written.
type TemplateFormat struct {
	// Name names the syntax in messages ("YAML").
	Name string
	// Match reports whether data is in this syntax. It is asked only
	// about data that is not a JSON object.
	Match func(data []byte) bool
	// Decode reads data: the template's JSON twin, or the errors found
	// in data ([*Error] values placed in it, joined with errors.Join, or
	// any error for a file it cannot read at all).
	Decode func(data []byte) (*Decoded, error)
}

// Decoded is a template read by a [TemplateFormat].
type Decoded struct {
	// JSON is the template as JSON, each intrinsic function in its long
	// form ({"Fn::GetAtt": ["Role", "Arn"]} for !GetAtt Role.Arn).
	JSON []byte
	// Place returns where each path is in the file as written: paths
	// inside the JSON twin, as [Result.OriginPath] gives them
	// (Resources.Attach.Properties.Roles.authenticated), with the line and
	// column conventions of [Error], followed step by step. A path the
	// file does not have is placed at the deepest member it names.
	Place func(paths []diag.Path) []Position
	// Locate is Place for paths written as text; it is used only when
	// Place is nil.
	//
	// Deprecated: a printed path shortens long keys, so the text read
	// back may name an ancestor of the member; set Place.
	Locate func(paths []string) []Position
}

// placer is d's Place, or its Locate given the paths as text.
func (d *Decoded) placer() func([]diag.Path) []Position {
	switch {
	case d.Place != nil:
		return d.Place
	case d.Locate != nil:
		return func(paths []diag.Path) []Position {
			text := make([]string, len(paths))
			for i, p := range paths {
				text[i] = p.String()
			}
			return d.Locate(text)
		}
	}
	return nil
}

// Position is a place in a file: a 1-based line and a 1-based column
// counting Unicode code points. A zero Line means no place is known. File
// names the file when a result was read from several (the .tf files of a
// Terraform configuration); "" is the file read.
type Position struct {
	Line, Column int
	File         string
}

var (
	formatsMu sync.Mutex
	formats   []TemplateFormat
)

// RegisterTemplateFormat makes [CloudFormation] read templates that f
// matches. A package registers its format in an init function; the first
// registered format that matches a file reads it.
func RegisterTemplateFormat(f TemplateFormat) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	formats = append(formats, f)
}

// TemplateFormatOf returns the registered format that reads data, or
// false when data is a JSON object or no registered format matches it.
func TemplateFormatOf(data []byte) (TemplateFormat, bool) {
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return TemplateFormat{}, false
	}
	formatsMu.Lock()
	fs := formats
	formatsMu.Unlock()
	for _, f := range fs {
		if f.Match != nil && f.Decode != nil && f.Match(data) {
			return f, true
		}
	}
	return TemplateFormat{}, false
}

// Places returns where each path of the file (as [Result.OriginPath]
// gives them) is in the file the result was imported from, when a
// [TemplateFormat] read it or Terraform configuration made it ([WithPlaces]):
// each path is followed step by step, in one pass. ok is false for a JSON
// file, where a diag.Source of the file places them.
func (r *Result) Places(paths []diag.Path) (pos []Position, ok bool) {
	if r == nil || r.place == nil {
		return nil, false
	}
	return r.place(paths), true
}

// Positions is [Result.Places] for paths written as text.
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; use [Result.Places] with the paths
// of [Result.OriginPath].
func (r *Result) Positions(paths []string) (pos []Position, ok bool) {
	if r == nil || r.place == nil {
		return nil, false
	}
	steps := make([]diag.Path, len(paths))
	for i, p := range paths {
		steps[i] = textPath(p)
	}
	return r.place(steps), true
}

// jsonPlace places paths in a JSON document.
func jsonPlace(data []byte) func([]diag.Path) []Position {
	return func(paths []diag.Path) []Position {
		out := make([]Position, len(paths))
		for i, rg := range diag.NewSource("", data).Ranges(paths...) {
			out[i] = Position{Line: rg.Line, Column: rg.Column}
		}
		return out
	}
}
