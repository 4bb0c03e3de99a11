package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// does not read unless a PathReader is registered for it (the error says
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
func (f File) At(off int64) string {
	off = min(max(off, 0), int64(len(f.Data)))
	before := f.Data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return f.Name + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// AtSteps writes "FILE:LINE:COL" for the path p of f's JSON document,
// followed step by step (diag.Source).
func (f File) AtSteps(p diag.Path) string {
	return diag.NewSource(f.Name, f.Data).Ranges(p)[0].String()
}

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
		return nil, f.Errorf("%s: not a JSON object", f.At(0))
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
		return nil, f.Errorf("%s: data after the JSON object", f.At(dec.InputOffset()))
	}
	return names, nil
}

func (f File) jsonError(dec *json.Decoder, err error) error {
	if f.looksYAML() {
		return f.yamlRefused()
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return f.Errorf("%s: %v", f.At(se.Offset), err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return f.Errorf("%s: unexpected end of JSON", f.At(int64(len(f.Data))))
	}
	return f.Errorf("%s: %v", f.At(dec.InputOffset()), err)
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
		return f.Errorf("%s: YAML, which rolemap reads only as a CloudFormation template (--input auto or cfn); pool documents, plans and bindings are JSON", f.At(0))
	}
	return f.Errorf("%s: a YAML template, which this build of rolemap does not read; convert it to JSON first:\n\tcfn-flip %s > template.json\n(or use the JSON cdk synth writes to cdk.out)", f.At(0), f.Name)
}

// ParseBindings reads a file of bindings: a JSON object of strings, by
// name (a Ref, an attribute, a parameter, AWS::Region…).
func ParseBindings(f File) (map[string]string, error) {
	if err := f.CheckObject(); err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(f.Data, &m); err != nil {
		return nil, f.Errorf("%s: %v", f.Name, err)
	}
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		s, ok := m[k].(string)
		if !ok {
			return nil, f.Errorf("%s: binding %q: want a string", f.AtSteps(diag.RootKey(k)), k)
		}
		out[k] = s
	}
	return out, nil
}
