package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/validate"
)

var accessCmd = &command{
	name:    "access",
	summary: "report who can obtain each role, by which flow",
	usage: `
Usage: rolemap access [flags] FILE|DIR...

For each pool of each FILE, lists every path to credentials: for every
role the deployment names, which identities (guests, the users of an app
client, a provider's users, a developer provider's) obtain it by the
enhanced flow (the pool chooses the role) or the basic flow (the caller
names any role whose trust policy admits the pool), under which
conditions, with who controls each claim they test, certain or possible
(the unknown a possible path rests on is named), and a witness request
that reproduces the path. Then the access findings: the classic flow
enabled or exposing a role, guest access, a rule or principal tag on a
claim the user writes or the app client cannot read, self sign-up
reaching a role, a role picked with CustomRoleArn.

The inputs are lint's: pool documents, deployment documents (rolemap
import), CloudFormation templates (JSON or YAML), terraform show -json
output, Terraform configuration (a folder of *.tf, read without a plan)
and folders of them, with --roles, --user-pool and --bind; the user
pools' schema, app clients and identity providers come from the template,
plan or configuration, or from --user-pool files (describe-user-pool,
describe-user-pool-client and describe-identity-provider output). The
analysis and its decisions: rolemap/REFERENCE.md §12.

--format text writes one line per path; json the access report of each
pool (an array, one report per pool); markdown a pull-request comment:
per pool a Mermaid graph of identities to roles, a table of the paths
and the findings, within GitHub's 65,536 characters.

The exit status is 1 when a finding is an error (an escalating
user-writable claim, a role only the classic flow reaches) or a pool is
invalid, 2 when an input cannot be read.

Example:

	$ rolemap access cdk.out/AuthStack.template.json
	$ rolemap access --format markdown cdk.out > comment.md
`,
}

func init() { accessCmd.run = runAccess }

func runAccess(e *env, args []string) int {
	c := accessCmd
	fs := c.flags(e)
	var in inputFlags
	in.register(fs)
	in.registerCredentials(fs)
	format := fs.String("format", "text", "the output: text, json or markdown (a pull-request comment)")
	maxRules := fs.Int("max-rules", 25, "the rules-per-mapping quota the pools are deployed with (25 to 400)")
	verbose := fs.Bool("v", false, "also list what a folder's walk skipped")
	files, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	if err := checkAccessFlags(&in, *format, *maxRules, files); err != nil {
		return c.usageError(e, "%v", err)
	}
	files, err := expandInputs(e, files, *verbose)
	if err != nil {
		return report(e, err)
	}
	var reports []*validate.AccessReport
	var names []string
	inputFail, invalid := false, false
	for _, name := range files {
		rs, ns, bad, err := accessOf(e, &in, name, *maxRules)
		if err != nil {
			report(e, err)
			inputFail = true
			continue
		}
		reports, names = append(reports, rs...), append(names, ns...)
		invalid = invalid || bad
	}
	switch *format {
	case "json":
		err = validate.WriteAccessJSON(e.raw, reports)
	case "markdown":
		err = validate.WriteAccessMarkdown(e.raw, reports)
	default:
		err = writeAccessText(e, names, reports)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "rolemap access:", err)
		return exitUsage
	}
	switch {
	case inputFail:
		return exitUsage
	case invalid || accessErrors(reports) > 0:
		return exitFail
	}
	return exitOK
}

// checkAccessFlags checks access's flags.
func checkAccessFlags(in *inputFlags, format string, maxRules int, files []string) error {
	if err := in.check(); err != nil {
		return err
	}
	switch {
	case format != "text" && format != "json" && format != "markdown":
		return fmt.Errorf("--format %q: want text, json or markdown", format)
	case maxRules < 1 || maxRules > 400:
		return fmt.Errorf("--max-rules %d: want 1 to 400", maxRules)
	case len(files) == 0:
		return errors.New("no FILE to analyse")
	}
	return nil
}

// accessOf returns the access report of each pool of one file, with the
// name text output gives it ("FILE" or "FILE: POOL"). A pool AWS refuses
// has no report: its violations are printed on standard error and invalid
// is true.
func accessOf(e *env, in *inputFlags, name string, maxRules int) (reports []*validate.AccessReport, names []string, invalid bool, err error) {
	l, err := in.load(e, name)
	if err != nil {
		return nil, nil, false, err
	}
	cr, err := l.Credentials()
	if err != nil {
		return nil, nil, false, err
	}
	if l.Result != nil {
		writeConflicts(e, l.Name, l.Result.Conflicts)
	}
	for _, p := range l.Pools {
		label := filepath.ToSlash(l.Name)
		if p.Name != "" {
			label += ": " + p.Name
		}
		d := *cr
		d.Pool = p.Pool
		r, err := validate.Access(d, validate.WithAccessMaxRules(maxRules))
		if err != nil {
			invalid = true
			vs := validate.Violations(err)
			if len(vs) == 0 {
				fmt.Fprintf(e.stderr, "%s: %v\n", label, err)
			}
			for _, v := range vs {
				fmt.Fprintf(e.stderr, "%s: error %s: %s: %s\n", label, v.Code, v.Path, v.Message)
			}
			continue
		}
		reports, names = append(reports, r), append(names, label)
	}
	return reports, names, invalid, nil
}

// writeAccessText writes each report under the name of its file and pool,
// then a summary.
func writeAccessText(e *env, names []string, reports []*validate.AccessReport) error {
	findings := 0
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "%s\n", clip.Line(names[i]))
		if err := r.WriteText(e.stdout); err != nil {
			return err
		}
		findings += len(r.Findings)
	}
	fmt.Fprintf(e.stdout, "%s in %s (%s)\n", plural(findings, "finding"), plural(len(reports), "identity pool"), plural(accessErrors(reports), "error"))
	return nil
}

// accessErrors counts the error-level findings of reports.
func accessErrors(reports []*validate.AccessReport) int {
	n := 0
	for _, r := range reports {
		for _, f := range r.Findings {
			if f.Severity == validate.SeverityError {
				n++
			}
		}
	}
	return n
}
