package main

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

// inputError is an input that cannot be read: each line names the file
// and, where it can, the line and column (package input).
type inputError = input.Error

func inputErrorf(format string, args ...any) *inputError {
	return &inputError{Lines: []string{fmt.Sprintf(format, args...)}}
}

// report prints err and returns exitUsage: an input error line by line,
// each already naming its file.
func report(e *env, err error) int {
	var ie *inputError
	if errors.As(err, &ie) {
		for _, l := range ie.Lines {
			fmt.Fprintln(e.stderr, l)
		}
	} else {
		fmt.Fprintln(e.stderr, err)
	}
	return exitUsage
}

// readFile reads path, or standard input for "-", through the limit of
// what rolemap reads (package input).
func readFile(e *env, path string) (input.File, error) {
	return input.Read(path, e.stdin, input.MaxSize)
}

// credInputs is what an input says about credentials: the trust policies
// of the roles its pools can choose (Roles nil leaves the trust check
// off), those it could not read, and its user pools' groups and users —
// a deployment without its pool, which each of the file's pools gets.
type credInputs = credentials.Deployment

// trustChecked reports whether the input gives trust policies (a
// template's roles or --roles make Roles non-nil).
func trustChecked(c *credInputs) bool { return c.Roles != nil }

// inputFlags are the flags of every command that reads pools.
type inputFlags struct {
	kind      string
	binds     bindFlag
	bindings  string
	roles     string
	userPools userPoolFlag

	// cfg is the config file's, read once: by lint (useConfig, which
	// honours --config), else on the first binding looked up.
	cfg *config
	ld  *input.Loader
}

// useConfig sets the config whose bindings the flags complete.
func (in *inputFlags) useConfig(cfg *config) { in.cfg = cfg }

func (in *inputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&in.kind, "input", string(input.Auto), "what the files are: auto (from their shape), aws (a pool document), cfn (a CloudFormation template in JSON or YAML) or tf (terraform show -json output, or Terraform configuration: a folder of *.tf)")
	fs.Var(&in.binds, "bind", "a `NAME=VALUE` binding for what a template or plan cannot know (a Ref, an attribute, a parameter, AWS::Region…); repeatable")
	fs.StringVar(&in.bindings, "bindings", "", "a JSON `FILE` of bindings, an object of strings; --bind wins over it, and it over the bindings of the config file (.rolemap.json, found as rolemap help lint says)")
}

// registerCredentials adds the flags of the commands that check
// credentials (lint, explain, diff).
func (in *inputFlags) registerCredentials(fs *flag.FlagSet) {
	fs.StringVar(&in.roles, "roles", "", "a JSON `FILE` of the roles' trust policies (aws iam get-role or list-roles output, or {ARN: {\"AssumeRolePolicyDocument\": …}}); turns the trust check on, and wins over a template's")
	fs.Var(&in.userPools, "user-pool", "an `ID=FILE` of a user pool's groups and users ({\"Groups\": list-groups output, \"Users\": {name: [group…]}}) or aws cognito-idp describe-user-pool, describe-user-pool-client or describe-identity-provider output; repeatable, the files of one ID merged, and wins over a template's")
}

func (in *inputFlags) check() error {
	for _, k := range input.Kinds() {
		if in.kind == string(k) {
			return nil
		}
	}
	return fmt.Errorf("--input %q: want auto, aws, cfn or tf", in.kind)
}

// loader is the flags' input.Loader, one per run: it reads the files of
// --roles and --user-pool and the bindings once, however many inputs they
// complete.
func (in *inputFlags) loader(e *env) *input.Loader {
	if in.ld == nil {
		in.ld = &input.Loader{Kind: input.Kind(in.kind), Roles: in.roles, Stdin: e.stdin,
			Bindings: func() (map[string]string, error) { return in.bindingsOf(e) }}
		for _, b := range in.userPools {
			id, name, _ := strings.Cut(b, "=")
			in.ld.UserPools = append(in.ld.UserPools, input.UserPoolFile{ID: id, Path: name})
		}
	}
	return in.ld
}

// load reads the pools of the file at path.
func (in *inputFlags) load(e *env, path string) (*input.Loaded, error) {
	return in.loader(e).Load(path)
}

// deployment reads the input at path and returns the deployment of its
// pool named poolName ("" for its only pool): the pool, and the trust
// policies and user pools of the file, --roles and --user-pool — one call
// from the flags to what the engines take. l is nil when the file could
// not be read.
func (in *inputFlags) deployment(e *env, path, poolName string) (l *input.Loaded, d credentials.Deployment, err error) {
	if l, err = in.load(e, path); err != nil {
		return nil, d, err
	}
	d, err = l.Deployment(poolName)
	return l, d, err
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
		m, err := input.ParseBindings(f)
		if err != nil {
			return nil, err
		}
		maps.Copy(out, m)
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

// expandInputs turns arguments into the files to read (input.Expand),
// listing on standard error what a folder's walk skipped under verbose,
// or when it found nothing under a folder.
func expandInputs(e *env, args []string, verbose bool) ([]string, error) {
	files, skipped, err := input.Expand(args)
	var ie *inputError
	empty := errors.Is(err, input.ErrNoInputs) && errors.As(err, &ie)
	for _, s := range skipped {
		if verbose || empty && s.Dir == ie.Path {
			fmt.Fprintf(e.stderr, "skipped %s\n", clip.Line(s.Path+": "+s.Why))
		}
	}
	return files, err
}
