package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"
)

// maxInput is the largest file rolemap reads: the importers' and the pool
// parser's limit.
const maxInput = iac.MaxFileSize

// inputError is an input that cannot be read: each line names the file
// and, where it can, the line and column.
type inputError struct{ lines []string }

func (e *inputError) Error() string { return strings.Join(e.lines, "\n") }

func inputErrorf(format string, args ...any) *inputError {
	return &inputError{lines: []string{fmt.Sprintf(format, args...)}}
}

// report prints err and returns exitUsage: an input error line by line,
// each already naming its file.
func report(e *env, err error) int {
	var ie *inputError
	if errors.As(err, &ie) {
		for _, l := range ie.lines {
			fmt.Fprintln(e.stderr, l)
		}
	} else {
		fmt.Fprintln(e.stderr, err)
	}
	return exitUsage
}

// file is an input: its name as the user wrote it and its bytes.
type file struct {
	name string
	data []byte
}

// readFile reads path, or standard input for "-", refusing more than
// maxInput bytes and anything but a regular file (package readfile): a
// named pipe, a device or a folder is an error, never a stall.
func readFile(e *env, path string) (file, error) {
	return readFileLimit(e, path, maxInput)
}

// readFileLimit is readFile with its own limit.
func readFileLimit(e *env, path string, limit int64) (file, error) {
	if path != "-" {
		if isTerraformConfig(path) {
			return file{}, inputErrorf("%s: Terraform configuration, which rolemap does not read: give it a plan as JSON instead:\n\tterraform plan -out=plan.tfplan && terraform show -json plan.tfplan > plan.json\n(or terraform show -json > state.json for what is deployed), then name plan.json", path)
		}
		data, err := readfile.Read(path, limit)
		if err != nil {
			return file{}, inputErrorf("%s", err)
		}
		return file{name: path, data: data}, nil
	}
	data, err := io.ReadAll(io.LimitReader(e.stdin, limit+1))
	if err != nil {
		return file{}, inputErrorf("<stdin>: %v", err)
	}
	if int64(len(data)) > limit {
		return file{}, inputErrorf("<stdin>: more than %d bytes, over the limit of what rolemap reads", limit)
	}
	return file{name: "<stdin>", data: data}, nil
}

// isTerraformConfig reports whether path is Terraform configuration: a
// .tf file, or a folder that holds one.
func isTerraformConfig(path string) bool {
	if strings.HasSuffix(path, ".tf") {
		return true
	}
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		return false
	}
	tf, _ := filepath.Glob(filepath.Join(path, "*.tf"))
	return len(tf) > 0
}

// at writes "FILE:LINE:COL" for a byte offset of f.
func (f file) at(off int64) string {
	off = min(max(off, 0), int64(len(f.data)))
	before := f.data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return f.name + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// atPath writes "FILE:LINE:COL" for a JSON path of f.
func (f file) atPath(path string) string {
	p := validate.Positions(f.data, []string{path})[0]
	return f.name + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// syntax checks that f is one JSON object, naming the place of a syntax
// error, and returns its top-level member names.
func (f file) syntax() ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(f.data))
	tok, err := dec.Token()
	if err != nil {
		return nil, f.jsonError(dec, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if f.looksYAML() {
			return nil, f.yaml()
		}
		return nil, inputErrorf("%s: not a JSON object", f.at(0))
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
		return nil, inputErrorf("%s: data after the JSON object", f.at(dec.InputOffset()))
	}
	return names, nil
}

func (f file) jsonError(dec *json.Decoder, err error) error {
	if f.looksYAML() {
		return f.yaml()
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return inputErrorf("%s: %v", f.at(se.Offset), err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return inputErrorf("%s: unexpected end of JSON", f.at(int64(len(f.data))))
	}
	return inputErrorf("%s: %v", f.at(dec.InputOffset()), err)
}

// looksYAML reports whether f is probably a YAML template.
func (f file) looksYAML() bool {
	t := bytes.TrimSpace(f.data)
	return len(t) > 0 && t[0] != '{' && t[0] != '[' &&
		(strings.HasSuffix(f.name, ".yaml") || strings.HasSuffix(f.name, ".yml") ||
			bytes.Contains(t, []byte("AWSTemplateFormatVersion:")) || bytes.Contains(t, []byte("Resources:")))
}

func (f file) yaml() error { return f.yamlRefused() }

// Input kinds.
const (
	kindAuto = "auto"
	kindAWS  = "aws" // a pool document, as the AWS CLI prints it
	kindCFN  = "cfn" // a CloudFormation template in JSON
	kindTF   = "tf"  // terraform show -json
)

// detect tells what f is from its top-level members, unless forced.
func (f file) detect(forced string) (string, error) {
	if kind, ok := f.templateKind(forced); ok {
		return kind, nil
	}
	names, err := f.syntax()
	if err != nil {
		return "", err
	}
	if forced != kindAuto {
		return forced, nil
	}
	has := func(ns ...string) bool {
		for _, n := range ns {
			if slices.Contains(names, n) {
				return true
			}
		}
		return false
	}
	switch {
	case has("Resources", "AWSTemplateFormatVersion"):
		return kindCFN, nil
	case has("format_version", "planned_values", "terraform_version"):
		return kindTF, nil
	case has("IdentityPoolId", "Roles", "RoleMappings", "IdentityPoolName", "AllowUnauthenticatedIdentities"):
		return kindAWS, nil
	}
	return "", inputErrorf("%s: cannot tell what this is: not a pool document (IdentityPoolId, Roles, RoleMappings), a CloudFormation template (Resources) or terraform show -json output (format_version); name it with --input aws|cfn|tf", f.at(0))
}

// pool is one pool of an input.
type pool struct {
	name string // the pool's name inside an IaC file; "" for a pool document
	pool rolemap.Pool
}

// loaded is an input read as pools.
type loaded struct {
	file
	kind  string
	pools []pool      // sorted by name
	res   *iac.Result // for an IaC file
	// dep is a pool or deployment document's trust policies and user
	// pools, for kindAWS.
	dep *casefile.Deployment
}

// origin is the JSON path in the file of a path of pool p.
func (l *loaded) origin(p pool, path string) string {
	if l.res == nil {
		return path
	}
	return l.res.Origin(p.name, path)
}

// inputFlags are the flags of every command that reads pools.
type inputFlags struct {
	kind      string
	binds     bindFlag
	bindings  string
	roles     string
	userPools userPoolFlag
	flagFiles map[string]file // the files of --roles and --user-pool, read once (flagFile)

	// cfg is the config file's, read once: by lint (useConfig, which
	// honours --config), else on the first binding looked up.
	cfg *config
}

// useConfig sets the config whose bindings the flags complete.
func (in *inputFlags) useConfig(cfg *config) { in.cfg = cfg }

func (in *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&in.kind, "input", kindAuto, "what the files are: auto (from their shape), aws (a pool document), cfn (a CloudFormation template in JSON or YAML) or tf (terraform show -json)")
	fs.Var(&in.binds, "bind", "a `NAME=VALUE` binding for what a template or plan cannot know (a Ref, an attribute, a parameter, AWS::Region…); repeatable")
	fs.StringVar(&in.bindings, "bindings", "", "a JSON `FILE` of bindings, an object of strings; --bind wins over it, and it over the bindings of the config file (.rolemap.json, found as rolemap help lint says)")
}

// registerCredentials adds the flags of the commands that check
// credentials (lint, explain, diff).
func (in *inputFlags) registerCredentials(fs *flag.FlagSet) {
	fs.StringVar(&in.roles, "roles", "", "a JSON `FILE` of the roles' trust policies (aws iam get-role or list-roles output, or {ARN: {\"AssumeRolePolicyDocument\": …}}); turns the trust check on, and wins over a template's")
	fs.Var(&in.userPools, "user-pool", "an `ID=FILE` of a user pool's groups and users ({\"Groups\": list-groups output, \"Users\": {name: [group…]}}); repeatable, and wins over a template's")
}

func (in *inputFlags) check() error {
	switch in.kind {
	case kindAuto, kindAWS, kindCFN, kindTF:
		return nil
	}
	return fmt.Errorf("--input %q: want auto, aws, cfn or tf", in.kind)
}

// bindingsOf reads the bindings of the config file, then --bindings and
// --bind, each winning over the one before.
func (in *inputFlags) bindingsOf(e *env) (map[string]string, error) {
	if in.cfg == nil {
		cfg, err := readConfig(e, "")
		if err != nil {
			return nil, err
		}
		in.cfg = cfg
	}
	out := maps.Clone(in.cfg.bindings)
	if out == nil {
		out = map[string]string{}
	}
	if in.bindings != "" {
		f, err := readFile(e, in.bindings)
		if err != nil {
			return nil, err
		}
		if _, err := f.syntax(); err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(f.data, &m); err != nil {
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			s, ok := m[k].(string)
			if !ok {
				return nil, inputErrorf("%s: binding %q: want a string", f.atPath(`[`+strconv.Quote(k)+`]`), k)
			}
			out[k] = s
		}
	}
	for _, b := range in.binds {
		k, v, _ := strings.Cut(b, "=")
		out[k] = v
	}
	return out, nil
}

// userPoolFlag collects repeated --user-pool ID=FILE flags.
type userPoolFlag []string

func (u *userPoolFlag) String() string { return strings.Join(*u, ",") }

func (u *userPoolFlag) Set(s string) error {
	if id, f, ok := strings.Cut(s, "="); !ok || id == "" || f == "" {
		return errors.New("want ID=FILE (the user pool ID, such as us-east-1_AbC)")
	}
	*u = append(*u, s)
	return nil
}

// bindFlag collects repeated --bind NAME=VALUE flags.
type bindFlag []string

func (b *bindFlag) String() string { return strings.Join(*b, ",") }

func (b *bindFlag) Set(s string) error {
	if k, _, ok := strings.Cut(s, "="); !ok || k == "" {
		return errors.New("want NAME=VALUE")
	}
	*b = append(*b, s)
	return nil
}

// load reads the pools of the file at path.
func (in *inputFlags) load(e *env, path string) (*loaded, error) {
	f, err := readFile(e, path)
	if err != nil {
		return nil, err
	}
	kind, err := f.detect(in.kind)
	if err != nil {
		return nil, err
	}
	l := &loaded{file: f, kind: kind}
	if kind == kindAWS {
		// A pool document, or a deployment document (a pool document with
		// its roles' trust policies and its user pools, as rolemap import
		// writes it).
		d, err := casefile.ParseDeployment(f.data)
		if err != nil {
			var fe *rolemap.FieldError
			if errors.As(err, &fe) {
				return nil, inputErrorf("%s: %v", f.atSteps(fe.At), err)
			}
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		l.pools, l.dep = []pool{{pool: d.Pool}}, d
		return l, nil
	}
	bindings, err := in.bindingsOf(e)
	if err != nil {
		return nil, err
	}
	opts := []iac.Option{iac.WithBindings(bindings)}
	if kind == kindCFN {
		l.res, err = iac.CloudFormation(f.data, opts...)
	} else {
		l.res, err = iac.Terraform(f.data, opts...)
	}
	if err != nil {
		list := iac.Errors(err)
		if list == nil {
			return nil, inputErrorf("%s: %v", f.name, err)
		}
		ie := &inputError{}
		for _, x := range list {
			ie.lines = append(ie.lines, fmt.Sprintf("%s:%d:%d: %v", f.name, x.Line, x.Column, x))
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > len(list) {
			for _, rest := range j.Unwrap()[len(list):] {
				ie.lines = append(ie.lines, f.name+": "+rest.Error())
			}
		}
		return nil, ie
	}
	for _, name := range slices.Sorted(maps.Keys(l.res.Pools)) {
		l.pools = append(l.pools, pool{name: name, pool: l.res.Pools[name]})
	}
	return l, nil
}

// one returns the pool named name of l, or its only pool.
func (l *loaded) one(name string) (pool, error) {
	if name == "" && len(l.pools) == 1 {
		return l.pools[0], nil
	}
	var names []string
	for _, p := range l.pools {
		if p.name == name {
			return p, nil
		}
		names = append(names, p.name)
	}
	if name == "" {
		return pool{}, inputErrorf("%s: defines %d pools (%s); name one with --pool-name", l.name, len(names), strings.Join(names, ", "))
	}
	if l.kind == kindAWS {
		return pool{}, inputErrorf("%s: a pool document holds one pool; --pool-name %q applies to templates and plans", l.name, name)
	}
	return pool{}, inputErrorf("%s: no pool %q; it defines %s", l.name, name, strings.Join(names, ", "))
}
