// Package cfnyaml reads CloudFormation templates written in YAML, for
// package iac: importing it, for its effect,
//
//	import _ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml"
//
// makes iac.CloudFormation (and with it rolemap lint, explain, diff,
// import and case files' "source": {"cloudformation": "x.yaml"}) read a
// YAML template as it reads its JSON twin, placing every error and finding
// at the line and column of the YAML as written. It is a module of its own
// so that the packages services import (rolemap, validate, iac…) depend on
// no YAML parser; it parses with go.yaml.in/yaml/v4 and walks the node
// tree.
//
// What is read as CloudFormation reads it:
//
//   - The short forms of the intrinsic functions: !Ref and !Condition are
//     {"Ref": …} and {"Condition": …}; !GetAtt A.B (the attribute is
//     everything after the first dot) and !GetAtt [A, B] are
//     {"Fn::GetAtt": ["A", "B"]}; every other !Name is {"Fn::Name": …}
//     (!Sub, !Join, !Select, !Split, !If, !Equals, !And, !Or, !Not,
//     !FindInMap, !ImportValue, !Base64, !Cidr, !GetAZs…), whatever its
//     argument's shape.
//   - A key given twice in one mapping is an error naming both places: a
//     JSON decoder keeps the last and other readers the first.
//   - Scalars: a quoted scalar, or one tagged !!str, is a string as
//     written. A plain scalar is null for "", "~" and null/Null/NULL; a
//     boolean for YAML 1.1's spellings true/false, yes/no and on/off (in
//     lower, capitalised or upper case), as CloudFormation reads them
//     (MfaConfiguration: ON fails to deploy, where 'ON' is the string), and
//     as cfn-lint, the AWS CLI and cfn-flip read them; a number, written as
//     it is, when its text is a JSON number (1, -2.5, 1e3), so that a
//     string property gets the digits as written; and otherwise a string as
//     written: 012, 0x1F, 1_000, .5, +1, 2010-09-09, 1:30 and .inf keep
//     their spelling rather than YAML 1.1's octal, hexadecimal, timestamp
//     or sexagesimal readings, which CloudFormation does not apply to a
//     string property.
//   - Aliases (*name) and merge keys (<<) are errors: CloudFormation does
//     not accept them ("CloudFormation doesn't support … aliases … hash
//     merges"), so a template that uses them cannot deploy.
//   - A template is one YAML document whose top level is a mapping.
package cfnyaml

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

func init() {
	iac.RegisterTemplateFormat(iac.TemplateFormat{Name: "YAML", Match: Match, Decode: Decode})
}

// Match reports whether data can be a YAML template: anything that is
// not a JSON object (a JSON object is read as JSON). It does not parse.
func Match(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) == 0 || t[0] != '{'
}

// maxErrors is the most errors Decode reports; it counts the rest.
const maxErrors = 100

// maxDepth bounds the nesting Decode walks, as encoding/json bounds it.
const maxDepth = 10000

// Decode reads a YAML template: its JSON twin, and where each of its
// members is in data. Its errors are *iac.Error values placed in data,
// joined with errors.Join.
func Decode(data []byte) (*iac.Decoded, error) {
	if len(data) > iac.MaxFileSize {
		return nil, fmt.Errorf("cfnyaml: larger than %d bytes", iac.MaxFileSize)
	}
	if !utf8.Valid(data) {
		return nil, errors.Join(&iac.Error{Problem: "YAML: the file is not UTF-8 text; save it as UTF-8", Line: 1, Column: 1})
	}
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, syntaxError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) != 1 {
			return nil, errors.Join(&iac.Error{Problem: "YAML: an empty document; a template is a mapping with Resources", Line: 1, Column: 1})
		}
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode || root.Tag != "" && root.Tag != "!!map" {
		return nil, errors.Join(&iac.Error{Problem: "YAML: not a mapping; a template is a mapping with Resources", Line: max(root.Line, 1), Column: max(root.Column, 1)})
	}
	w := &walker{}
	top := w.value(root, nil, 0)
	if len(w.errs) > 0 {
		if w.more > 0 {
			w.errs = append(w.errs, fmt.Errorf("cfnyaml: … and %d more problems", w.more))
		}
		return nil, errors.Join(w.errs...)
	}
	return &iac.Decoded{JSON: w.out.Bytes(), Place: top.place}, nil
}

// syntaxError places a parser's error.
func syntaxError(err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		msg := strings.TrimPrefix(le.Message, "yaml: ")
		if msg == "no documents in stream" {
			msg = "the file holds no document; a template is a mapping with Resources"
		}
		if le.ContextMsg != "" {
			msg = le.ContextMsg + ": " + msg
		}
		return errors.Join(&iac.Error{Problem: "YAML: " + text(msg), Line: max(le.Mark.Line, 1), Column: max(le.Mark.Column, 1)})
	}
	return errors.Join(&iac.Error{Problem: "YAML: " + text(strings.TrimPrefix(err.Error(), "yaml: ")), Line: 1, Column: 1})
}

// node is where a value of the JSON twin is in the YAML: the place of its
// key (a mapping's member) or of itself (a sequence's element), and its
// members and elements.
type node struct {
	line, col int
	members   map[string]*node
	elems     []*node
}

// place places each path at the deepest node it names, following its
// steps.
func (n *node) place(paths []diag.Path) []iac.Position {
	out := make([]iac.Position, len(paths))
	for i, p := range paths {
		at := n
		for _, st := range p {
			var next *node
			if st.Kind == diag.StepIndex {
				if st.Index >= 0 && st.Index < len(at.elems) {
					next = at.elems[st.Index]
				}
			} else {
				next = at.members[st.Name]
			}
			if next == nil {
				break
			}
			at = next
		}
		out[i] = iac.Position{Line: at.line, Column: at.col}
	}
	return out
}

// path is a JSON path inside the twin, written only for an error.
type path struct {
	parent *path
	name   string
	idx    int // an element's index, or -1 for a member
}

func (p *path) member(k string) *path { return &path{parent: p, name: k, idx: -1} }
func (p *path) index(i int) *path     { return &path{parent: p, idx: i} }

func (p *path) String() string {
	var steps []*path
	for s := p; s != nil; s = s.parent {
		steps = append(steps, s)
	}
	var b strings.Builder
	for k := len(steps) - 1; k >= 0; k-- {
		s := steps[k]
		switch {
		case s.idx >= 0:
			b.WriteString("[" + strconv.Itoa(s.idx) + "]")
		case s.name == "" || len(s.name) > clip.MaxKey || strings.ContainsAny(s.name, ".[]\"\\"):
			b.WriteString("[" + clip.QuoteKey(s.name) + "]")
		case k == len(steps)-1:
			b.WriteString(s.name)
		default:
			b.WriteString("." + s.name)
		}
	}
	return clip.Path(b.String())
}

// walker writes the JSON twin as it walks the YAML.
type walker struct {
	out  bytes.Buffer
	errs []error
	more int
}

func (w *walker) fail(at *path, n *yaml.Node, problem string) {
	if len(w.errs) >= maxErrors {
		w.more++
		return
	}
	s := ""
	if at != nil {
		s = at.String()
	}
	w.errs = append(w.errs, &iac.Error{Path: s, Problem: problem, Line: n.Line, Column: n.Column})
}

// value writes n as JSON and returns where its parts are.
func (w *walker) value(n *yaml.Node, at *path, depth int) *node {
	here := &node{line: n.Line, col: n.Column}
	if depth > maxDepth {
		w.fail(at, n, "nested more than 10000 deep")
		w.out.WriteString("null")
		return here
	}
	if n.Kind == yaml.AliasNode {
		w.fail(at, n, "a YAML alias (*"+text(n.Value)+"), which CloudFormation does not accept: write the value out")
		w.out.WriteString("null")
		return here
	}
	if tag, ok := shortForm(n); ok {
		return w.intrinsic(n, tag, at, depth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		here.members = map[string]*node{}
		keys := map[string]*yaml.Node{}
		w.out.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Style&yaml.TaggedStyle != 0 && k.Tag != "!!str" {
				w.fail(at, k, "a key must be a plain string")
				continue
			}
			if k.Value == "<<" && k.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0 {
				w.fail(at.member(k.Value), k, "a YAML merge key (<<), which CloudFormation does not accept: write the members out")
				continue
			}
			if first, dup := keys[k.Value]; dup {
				w.fail(at.member(k.Value), k, "the key is given twice (the first is at line "+strconv.Itoa(first.Line)+", column "+strconv.Itoa(first.Column)+
					"); a JSON decoder keeps only the last and another reader may take the first, so keep one of them")
				continue
			}
			keys[k.Value] = k
			if len(keys) > 1 {
				w.out.WriteByte(',')
			}
			writeString(&w.out, k.Value)
			w.out.WriteByte(':')
			child := w.value(v, at.member(k.Value), depth+1)
			child.line, child.col = k.Line, k.Column
			here.members[k.Value] = child
		}
		w.out.WriteByte('}')
	case yaml.SequenceNode:
		w.out.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				w.out.WriteByte(',')
			}
			here.elems = append(here.elems, w.value(e, at.index(i), depth+1))
		}
		w.out.WriteByte(']')
	case yaml.ScalarNode:
		w.scalar(n, at)
	default:
		w.fail(at, n, "a YAML node CloudFormation does not read")
		w.out.WriteString("null")
	}
	return here
}

// shortForm returns the intrinsic function a node's local tag names
// (!Ref: "Ref", !Sub: "Fn::Sub").
func shortForm(n *yaml.Node) (string, bool) {
	if n.Style&yaml.TaggedStyle == 0 || !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") || len(n.Tag) < 2 {
		return "", false
	}
	name := n.Tag[1:]
	switch name {
	case "Ref", "Condition":
		return name, true
	}
	return "Fn::" + name, true
}

// intrinsic writes a short form as its long form, {"Fn::Name": value}.
func (w *walker) intrinsic(n *yaml.Node, fn string, at *path, depth int) *node {
	here := &node{line: n.Line, col: n.Column, members: map[string]*node{}}
	w.out.WriteByte('{')
	writeString(&w.out, fn)
	w.out.WriteByte(':')
	inner := at.member(fn)
	plain := *n
	plain.Tag, plain.Style = "", n.Style&^yaml.TaggedStyle
	switch {
	case (fn == "Ref" || fn == "Condition") && n.Kind != yaml.ScalarNode:
		w.fail(at, n, "!"+fn+" takes a name")
		w.out.WriteString("null")
	case fn == "Fn::GetAtt" && n.Kind == yaml.ScalarNode:
		// !GetAtt Resource.Attribute: the attribute is what follows the
		// first dot (Attr.Nested stays whole).
		res, attr, ok := strings.Cut(n.Value, ".")
		if !ok || res == "" || attr == "" {
			w.fail(inner, n, "!GetAtt takes Resource.Attribute or [Resource, Attribute]")
		}
		w.out.WriteByte('[')
		writeString(&w.out, res)
		w.out.WriteByte(',')
		writeString(&w.out, attr)
		w.out.WriteByte(']')
		here.members[fn] = &node{line: n.Line, col: n.Column, elems: []*node{{line: n.Line, col: n.Column}, {line: n.Line, col: n.Column}}}
		w.out.WriteByte('}')
		return here
	case n.Kind == yaml.ScalarNode:
		// A short form's scalar argument is a string, whatever it looks
		// like (!Sub 012, !Ref yes), as the AWS CLI reads it.
		writeString(&w.out, n.Value)
	default:
		here.members[fn] = w.value(&plain, inner, depth+1)
		here.members[fn].line, here.members[fn].col = n.Line, n.Column
		w.out.WriteByte('}')
		return here
	}
	here.members[fn] = &node{line: n.Line, col: n.Column}
	w.out.WriteByte('}')
	return here
}

// scalar writes a scalar as CloudFormation reads it (see the package
// documentation).
func (w *walker) scalar(n *yaml.Node, at *path) {
	if n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		writeString(&w.out, n.Value)
		return
	}
	if n.Style&yaml.TaggedStyle != 0 {
		switch n.Tag {
		case "!!str":
			writeString(&w.out, n.Value)
			return
		case "!!int", "!!float", "!!bool", "!!null":
		default:
			w.fail(at, n, "the YAML tag "+text(n.Tag)+", which CloudFormation does not read")
			w.out.WriteString("null")
			return
		}
	}
	w.out.WriteString(plainScalar(n.Value))
}

// plainScalar is the JSON of a plain scalar.
func plainScalar(s string) string {
	switch s {
	case "", "~", "null", "Null", "NULL":
		return "null"
	case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON":
		return "true"
	case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF":
		return "false"
	}
	if isJSONNumber(s) {
		return s
	}
	var b bytes.Buffer
	writeString(&b, s)
	return b.String()
}

// isJSONNumber reports whether s is a number in JSON's grammar.
func isJSONNumber(s string) bool {
	if !json.Valid([]byte(s)) {
		return false
	}
	c := s[0]
	return c == '-' || c >= '0' && c <= '9'
}

// text is a value from the file written in a message: bounded, and
// escaped for a terminal.
func text(s string) string { return clip.Line(clip.String(s)) }

func writeString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // a string always marshals
	b.Write(enc)
}
