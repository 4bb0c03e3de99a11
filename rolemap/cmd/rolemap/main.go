// Command rolemap tests, lints, diffs and explains AWS Cognito identity
// pool role mappings from the command line, for teams whose CI speaks exit
// codes, SARIF and JUnit rather than Go. It is a thin layer over the
// module's packages: what it prints, a Go test can get from them.
//
// Install it with
//
//	go install github.com/rolemapping/rolemapping/rolemap/cmd/rolemap@latest
//
// Usage:
//
//	rolemap test [--format text|json|junit|github] [PATH...]
//	rolemap lint [--format text|json|sarif|junit|github] [--fail-on error|warning|none] FILE...
//	rolemap access [--format text|json|markdown] FILE...
//	rolemap diff [--format text|json|markdown|github] [--exit-code] OLD NEW
//	rolemap explain --pool FILE [--login LOGIN] (--claims FILE | --token JWT|FILE --unverified | --user NAME | --groups LIST)
//	rolemap import FILE
//	rolemap version
//
// A FILE is a pool document (the AWS CLI's JSON: get-identity-pool-roles,
// or its merge with describe-identity-pool), a CloudFormation template in
// JSON (what cdk synth writes) or the output of terraform show -json,
// detected from its shape or named with --input aws|cfn|tf; "-" reads
// standard input. A template may also be YAML, with the short forms
// (!Ref, !GetAtt, !Sub…); findings and errors point at its lines. A folder
// of Terraform configuration (*.tf, or one of its .tf files) is read
// without a plan (package rolemap/iac/tfconfig), findings and errors
// placed in its .tf files, a `# rolemap:ignore CODE reason` comment above
// a block suppressing that code's findings about the resource.
//
// Beyond the role choice, lint, diff and explain answer whether AWS hands
// out credentials: the roles' trust policies (from a template's or plan's
// roles, or --roles FILE), the user pools' groups and users (from a
// template's or plan's groups, or --user-pool ID=FILE) and the pool's
// principal tags. explain --user NAME builds a user's group claims, lint
// reports roles whose trust policy refuses the pool, and diff reports who
// gets or loses credentials when a trust policy, a tag map or a group
// changes.
//
// Exit status: 0 when all is well; 1 when a case fails, a finding is at or
// above --fail-on, a diff finds changes under --exit-code, or an explained
// request gets no role or no credentials; 2 for a usage error, an input
// that cannot be read (each such error names its file, line and column),
// or, for explain, a trust policy outside what rolemap evaluates.
//
// Inputs are read only from regular files (or standard input), through a
// 16 MiB limit: a named pipe or a device is an error. A folder named to
// lint, diff or import is walked for its inputs (a folder of *.tf under it
// is one input; dependency and build folders such as node_modules,
// vendor and .terraform are never entered). Text output
// escapes control characters and a leading "::" (a GitHub Actions workflow
// command) of everything it prints from an input, and no line is longer
// than 4 KiB; JSON, SARIF and JUnit escape their strings.
//
// Run rolemap help COMMAND for a command's flags and an example.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/nearest"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0 // all is well
	exitFail  = 1 // failures, findings at the threshold, changes under --exit-code, a refused request
	exitUsage = 2 // a usage error, or an input that cannot be read
)

// env is what a command reads and writes. Text goes to stdout and stderr,
// which escape every line for a terminal or a CI log and bound its length
// (clip.Writer): no input can send an escape sequence, forge a GitHub
// Actions workflow command or print an unbounded line. JSON, SARIF and
// JUnit go to raw, written whole by their encoders, which escape their
// strings themselves.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	raw            io.Writer // standard output, for machine-readable formats
}

// command is one subcommand.
type command struct {
	name, summary string
	usage         string // the synopsis, description and example of its help
	run           func(e *env, args []string) int
}

var commands []*command

func init() {
	commands = []*command{testCmd, lintCmd, accessCmd, diffCmd, explainCmd, importCmd, versionCmd}
}

const overview = `rolemap tests, lints, diffs and explains AWS Cognito identity pool role mappings.

Usage:

	rolemap COMMAND [flags] [arguments]

Commands:
%s
Inputs are pool documents (the AWS CLI's JSON), deployment documents (rolemap
import), CloudFormation templates in JSON (cdk synth's output) or terraform show
-json output; "-" reads standard input.
Templates may be YAML, short forms (!Ref, !GetAtt, !Sub…) included. A folder
of Terraform configuration (*.tf, read without a plan; a .tf file names its
folder) is read as the plan made from it, --bind giving what only apply knows.

Exit status: 0 all is well; 1 a failed case, a finding at --fail-on, changes
under --exit-code, or a request that gets no role; 2 a usage or input error.

Run "rolemap help COMMAND" for a command's flags and an example.
`

func usage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands {
		fmt.Fprintf(&b, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, overview, b.String())
}

// run runs the command line args and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out, errs := clip.NewWriter(stdout, 0), clip.NewWriter(stderr, 0)
	status := dispatch(&env{stdin: stdin, stdout: out, stderr: errs, raw: stdout}, args)
	out.Flush()
	errs.Flush()
	return status
}

// dispatch runs the subcommand args names.
func dispatch(e *env, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return c.run(e, []string{"--help"})
			}
			fmt.Fprintf(stderr, "rolemap help: unknown command %s; the commands: %s\n", clip.Quote(args[1]), commandNames())
			return exitUsage
		}
		usage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		names := []string{"help"}
		for _, c := range commands {
			names = append(names, c.name)
		}
		if near := nearest.Name(name, names); near != "" {
			fmt.Fprintf(stderr, "rolemap: unknown command %s; did you mean %q?\n\n", clip.Quote(name), near)
		} else {
			fmt.Fprintf(stderr, "rolemap: unknown command %s\n\n", clip.Quote(name))
		}
		usage(stderr)
		return exitUsage
	}
	return c.run(e, args[1:])
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// flags makes a command's flag set. A flag error prints the error and a
// hint to standard error; -h and --help print the command's help to
// standard output (see parse).
func (c *command) flags(e *env) *flag.FlagSet {
	fs := flag.NewFlagSet("rolemap "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {} // parse prints the help, or a hint after an error
	return fs
}

// help prints the command's help and flags to w.
func (c *command) help(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "%s\n\nFlags:\n", strings.TrimSpace(c.usage))
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// parse parses a command's flags, which may come before, between or after
// its arguments ("--" ends them), and returns the arguments. On -h it
// prints the help to stdout; ok is false when the command must stop with
// status.
func (c *command) parse(e *env, fs *flag.FlagSet, args []string) (rest []string, status int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(fs, e.stdout)
				return nil, exitOK, false
			}
			// The flag package printed the error; name the flag meant.
			if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
				var names []string
				fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
				if near := nearest.Name(strings.TrimPrefix(name, "-"), names); near != "" {
					fmt.Fprintf(e.stderr, "did you mean --%s?\n", near)
				}
			}
			fmt.Fprintf(e.stderr, "Run \"rolemap help %s\" for usage.\n", c.name)
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, 0, true
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), 0, true
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// usageError prints a usage error of c and returns exitUsage.
func (c *command) usageError(e *env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "rolemap %s: %s\nRun \"rolemap help %s\" for usage.\n", c.name, fmt.Sprintf(format, args...), c.name)
	return exitUsage
}

var versionCmd = &command{
	name:    "version",
	summary: "print rolemap's version",
	usage: `
Usage: rolemap version

Prints the module version rolemap was built from (as go install records it)
and the Go version.

Example:

	$ rolemap version
	rolemap v1.4.0 (go1.26.0)
`,
}

func init() { versionCmd.run = runVersion }

func runVersion(e *env, args []string) int {
	c := versionCmd
	fs := c.flags(e)
	rest, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	if len(rest) > 0 {
		return c.usageError(e, "no arguments expected")
	}
	fmt.Fprintf(e.stdout, "rolemap %s\n", version())
	return exitOK
}

// stamped is the version a release build stamps in with
// -ldflags "-X main.stamped=v1.2.3" (.ci/release does); empty otherwise.
var stamped string

// version is the stamped version, else the module version go install
// records, and the Go version, from the build info.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if stamped != "" {
			return stamped
		}
		return "(unknown)"
	}
	v := info.Main.Version
	if stamped != "" {
		v = stamped
	} else if v == "" {
		v = "(devel)"
	}
	return v + " (" + info.GoVersion + ")"
}

// commandNames lists the subcommands.
func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}
