package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"
)

// MaxSize is the largest file Read reads: the importers' and the pool
// parser's limit.
const MaxSize = iac.MaxFileSize

// Stdin is the name of standard input, for Read and Loader.Load.
const Stdin = "-"

// Error is an input that cannot be read.
type Error struct {
	// Path is the file the error is about as the user named it
	// ("<stdin>" for standard input); "" when it is about no one file.
	Path string
	// Lines are the problems, one a line, each naming its file and, where
	// it can, the line and column: "FILE:LINE:COL: PROBLEM".
	Lines []string
	// Err is the cause, for errors.Is, when there is one to test:
	// ErrNoInputs, or what reading the file failed with
	// (readfile.ErrNotRegular, readfile.ErrTooLarge, fs.ErrNotExist…).
	Err error

	// diags are the problems as diagnostics, one per line, when the error
	// was made with its place (File's errors); nil otherwise.
	diags []diag.Diagnostic
}

// Diagnostics returns the error's problems as diagnostics, one per line
// ([Error.Diagnostic] for each): an import's errors are iac.Error's
// diagnostics (code "import"), placed in their file.
func (e *Error) Diagnostics() []diag.Diagnostic {
	if len(e.diags) == len(e.Lines) && e.diags != nil {
		return slices.Clone(e.diags)
	}
	out := make([]diag.Diagnostic, len(e.Lines))
	for i, line := range e.Lines {
		out[i] = diag.Diagnostic{Severity: diag.SeverityError, Code: CodeInput, Message: line, Range: diag.Range{File: e.Path}}
	}
	return out
}

// CodeInput is the code of the diagnostic of an [Error].
const CodeInput = "input"

// Diagnostic returns the error's first problem as a diagnostic of code
// [CodeInput] and error severity: its message without the place, and its
// place as a Range (the file alone when no line is known), so that a
// writer places it as it places findings. An Error made by [Errorf] has
// only its text: its diagnostic's message is the first line whole, and
// its Range the file Path names.
func (e *Error) Diagnostic() diag.Diagnostic {
	if len(e.diags) > 0 {
		return e.diags[0]
	}
	d := diag.Diagnostic{Severity: diag.SeverityError, Code: CodeInput, Range: diag.Range{File: e.Path}}
	if len(e.Lines) > 0 {
		d.Message = e.Lines[0]
	}
	return d
}

// Error writes the problems one a line.
func (e *Error) Error() string { return strings.Join(e.Lines, "\n") }

// Unwrap returns the cause, nil when there is none.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error about the file at path of one line.
func Errorf(path, format string, args ...any) *Error {
	return &Error{Path: path, Lines: []string{fmt.Sprintf(format, args...)}}
}

// File is an input's name as the user wrote it ("<stdin>" for standard
// input) and its contents.
type File struct {
	Name string
	Data []byte
}

// Read reads the file at path, or stdin for "-", refusing more than limit
// bytes and anything but a regular file (a named pipe, a device, a folder
// is an *Error, never a stall), and Terraform configuration, which rolemap
// does not read unless a reader is registered with package iac (the error says
// how to get a plan as JSON).
func Read(path string, stdin io.Reader, limit int64) (File, error) {
	if path != Stdin {
		if _, read := pathReaderFor(path, Auto); !read && IsTerraformConfig(path) {
			return File{}, Errorf(path, "%s: Terraform configuration, which rolemap does not read: give it a plan as JSON instead:\n\tterraform plan -out=plan.tfplan && terraform show -json plan.tfplan > plan.json\n(or terraform show -json > state.json for what is deployed), then name plan.json", path)
		}
		data, err := readfile.Read(path, limit)
		if err != nil {
			e := Errorf(path, "%s", err)
			e.Err = err
			return File{}, e
		}
		return File{Name: path, Data: data}, nil
	}
	const name = "<stdin>"
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	data, err := io.ReadAll(io.LimitReader(stdin, limit+1))
	if err != nil {
		return File{}, Errorf(name, "%s: %v", name, err)
	}
	if int64(len(data)) > limit {
		return File{}, Errorf(name, "%s: more than %d bytes, over the limit of what rolemap reads", name, limit)
	}
	return File{Name: name, Data: data}, nil
}

// IsTerraformConfig reports whether path is Terraform configuration: a
// .tf file, or a folder that holds one.
func IsTerraformConfig(path string) bool { return iac.IsTerraformConfig(path) }

// At writes "FILE:LINE:COL" for a byte offset of f, its column counted in
// code points.
func (f File) At(off int64) string { return f.rangeAt(off).String() }

// rangeAt is the range of a byte offset of f.
func (f File) rangeAt(off int64) diag.Range {
	off = min(max(off, 0), int64(len(f.Data)))
	before := f.Data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return diag.Range{File: f.Name, Line: line, Column: col}
}

// AtSteps writes "FILE:LINE:COL" for the path p of f's JSON document,
// followed step by step (diag.Source).
func (f File) AtSteps(p diag.Path) string { return f.rangeOf(p).String() }

// rangeOf is the range of the path p of f's JSON document.
func (f File) rangeOf(p diag.Path) diag.Range { return diag.NewSource(f.Name, f.Data).Ranges(p)[0] }

// AtPath writes "FILE:LINE:COL" for a JSON path of f written as text.
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; use [File.AtSteps].
func (f File) AtPath(path string) string {
	p := validate.Positions(f.Data, []string{path})[0]
	return f.Name + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Errorf returns an *Error about f of one line.
func (f File) Errorf(format string, args ...any) *Error { return Errorf(f.Name, format, args...) }

// errorAt returns an *Error about f of one line, "PLACE: PROBLEM", whose
// diagnostic is the problem at r.
func (f File) errorAt(r diag.Range, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Path: f.Name, Lines: []string{r.String() + ": " + msg},
		diags: []diag.Diagnostic{{Severity: diag.SeverityError, Code: CodeInput, Message: msg, Range: r}}}
}

// whole is the range of f as a whole.
func (f File) whole() diag.Range { return diag.Range{File: f.Name} }

// CheckObject checks that f is one JSON object: a syntax error names its
// line and column, and a YAML file is refused saying what rolemap reads as
// YAML.
func (f File) CheckObject() error {
	if _, ok := f.members(nil); ok {
		return nil
	}
	_, err := f.scan()
	return err
}

// members decodes f as one JSON object in a single pass, returning its
// member names (in no set order) and, into raw when it is not nil, the
// members raw. ok is false when f is not exactly one JSON object: scan
// then says where and why.
func (f File) members(raw *map[string]json.RawMessage) (names []string, ok bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(f.Data, &m); err != nil || m == nil {
		return nil, false
	}
	for n := range m {
		names = append(names, n)
	}
	if raw != nil {
		*raw = m
	}
	return names, true
}

// scan is Object's token-by-token reading, which places a syntax error.
func (f File) scan() ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(f.Data))
	tok, err := dec.Token()
	if err != nil {
		return nil, f.jsonError(dec, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if f.looksYAML() {
			return nil, f.yamlRefused()
		}
		return nil, f.errorAt(f.rangeAt(0), "not a JSON object")
	}
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, f.jsonError(dec, err)
		}
		names = append(names, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, f.jsonError(dec, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, f.jsonError(dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, f.errorAt(f.rangeAt(dec.InputOffset()), "data after the JSON object")
	}
	return names, nil
}

func (f File) jsonError(dec *json.Decoder, err error) error {
	if f.looksYAML() {
		return f.yamlRefused()
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return f.errorAt(f.rangeAt(se.Offset), "%v", err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return f.errorAt(f.rangeAt(int64(len(f.Data))), "unexpected end of JSON")
	}
	return f.errorAt(f.rangeAt(dec.InputOffset()), "%v", err)
}

// looksYAML reports whether f is probably a YAML template.
func (f File) looksYAML() bool {
	t := bytes.TrimSpace(f.Data)
	return len(t) > 0 && t[0] != '{' && t[0] != '[' &&
		(strings.HasSuffix(f.Name, ".yaml") || strings.HasSuffix(f.Name, ".yml") ||
			bytes.Contains(t, []byte("AWSTemplateFormatVersion:")) || bytes.Contains(t, []byte("Resources:")))
}

// yamlRefused is the error for a YAML file read as something only JSON
// can be (a pool document, a plan, a bindings file).
func (f File) yamlRefused() error {
	if _, ok := iac.TemplateFormatOf(f.Data); ok {
		return f.errorAt(f.rangeAt(0), "YAML, which rolemap reads only as a CloudFormation template (--input auto or cfn); pool documents, plans and bindings are JSON")
	}
	return f.errorAt(f.rangeAt(0), "a YAML template, which this build of rolemap does not read; convert it to JSON first:\n\tcfn-flip %s > template.json\n(or use the JSON cdk synth writes to cdk.out)", f.Name)
}

// ParseBindings reads a file of bindings: a JSON object of strings, by
// name (a Ref, an attribute, a parameter, AWS::Region…).
func ParseBindings(f File) (map[string]string, error) {
	if err := f.CheckObject(); err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(f.Data, &m); err != nil {
		return nil, f.errorAt(f.whole(), "%v", err)
	}
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		s, ok := m[k].(string)
		if !ok {
			return nil, f.errorAt(f.rangeOf(diag.RootKey(k)), "binding %q: want a string", k)
		}
		out[k] = s
	}
	return out, nil
}
