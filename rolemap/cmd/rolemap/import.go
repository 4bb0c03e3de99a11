package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

var importCmd = &command{
	name:    "import",
	summary: "print the pools a template or plan defines, as the AWS CLI's JSON",
	usage: `
Usage: rolemap import [flags] FILE|DIR

Imports the identity pools of a CloudFormation template in JSON (what cdk
synth writes), of terraform show -json output (package iac) or of a
folder of Terraform configuration (*.tf, read without a plan) and prints
each as a deployment document: the pool as the AWS CLI prints it (the
members of describe-identity-pool and get-identity-pool-roles in one
document), plus "roles", the trust policies of the roles the file defines,
by ARN, and "userPools", its user pools' groups and users, by ID (a case
file's members of those names, which a case file can embed as its pool).
rolemap lint, explain, test and diff read it back with the same results as
the template or plan. A file that defines one pool, or --pool-name, prints
that pool's document; a file that defines several prints an object of
documents by pool name (a logical ID, a resource address). A DIR of
Terraform configuration is one input; any other DIR (such as cdk.out) is
walked as rolemap lint walks it, and a quoted pattern is expanded: either
must give one template, plan or configuration.

What the file cannot know until deployed (IDs, ARNs) comes from --bind and
--bindings, or else from documented placeholders, listed on standard error.
Templates may be YAML, short forms (!Ref, !GetAtt, !Sub…) included.

Example:

	$ rolemap import --bind AWS::Region=eu-west-1 cdk.out/Auth.template.json > pool.json
	$ rolemap lint pool.json
`,
}

func init() { importCmd.run = runImport }

func runImport(e *env, args []string) int {
	c := importCmd
	fs := c.flags(e)
	var in inputFlags
	in.register(fs)
	poolName := fs.String("pool-name", "", "print only the pool `NAME` (a logical ID, a resource address)")
	quiet := fs.Bool("q", false, "do not list the bindings and placeholders on standard error")
	files, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	if err := in.check(); err != nil {
		return c.usageError(e, "%v", err)
	}
	if len(files) != 1 {
		return c.usageError(e, "want one FILE, got %s", plural(len(files), "file"))
	}
	found, err := expandInputs(e, files, false)
	if err != nil {
		return report(e, err)
	}
	if len(found) != 1 {
		return report(e, inputErrorf("%s: %s (%s): name one", files[0], plural(len(found), "input"), clip.Line(strings.Join(found, ", "))))
	}
	l, err := in.load(e, found[0])
	if err != nil {
		return report(e, err)
	}
	if l.Result == nil {
		return report(e, inputErrorf("%s: a pool document already: import reads templates and plans", l.Name))
	}
	var only *input.Pool
	if *poolName != "" || len(l.Pools) == 1 {
		p, err := l.Pool(*poolName)
		if err != nil {
			return report(e, err)
		}
		only = &p
	}
	if !*quiet {
		writeProvenance(e, l.Name, l.Result)
	}
	out, err := importDocuments(l, only)
	if err != nil {
		return report(e, err)
	}
	writeJSON(e, out)
	return exitOK
}

// importDocuments is what import prints: the deployment document of only,
// or else of each pool of l, by name.
func importDocuments(l *input.Loaded, only *input.Pool) (any, error) {
	if only != nil {
		return casefile.DeploymentDocument(only.Pool, l.Result.Roles, l.Result.UserPools)
	}
	all := map[string]json.RawMessage{}
	for _, p := range l.Pools {
		doc, err := casefile.DeploymentDocument(p.Pool, l.Result.Roles, l.Result.UserPools)
		if err != nil {
			return nil, err
		}
		all[p.Name] = doc
	}
	return all, nil
}

// writeProvenance lists on standard error the bindings an import of name
// used, the placeholders it made up, the values it inferred, and the
// values the file states several of.
func writeProvenance(e *env, name string, r *iac.Result) {
	if len(r.Bindings) > 0 {
		fmt.Fprintf(e.stderr, "%s: %s used:\n", name, plural(len(r.Bindings), "binding"))
		for _, s := range r.Bindings {
			fmt.Fprintf(e.stderr, "\t%s\n", s)
		}
	}
	if len(r.Placeholders) > 0 {
		fmt.Fprintf(e.stderr, "%s: %s made up for what the file cannot know (--bind NAME=VALUE sets one):\n", name, plural(len(r.Placeholders), "placeholder"))
		for _, s := range r.Placeholders {
			fmt.Fprintf(e.stderr, "\t%s\n", s)
		}
	}
	if len(r.Inferred) > 0 {
		fmt.Fprintf(e.stderr, "%s: %s inferred from what the file states (--bind NAME=VALUE overrides one):\n", name, plural(len(r.Inferred), "value"))
		for _, s := range r.Inferred {
			fmt.Fprintf(e.stderr, "\t%s\n", s)
		}
	}
	writeConflicts(e, name, r.Conflicts)
}

// writeConflicts says which pseudo parameters a template states several
// values for: the fixed default stayed, and a binding should choose.
func writeConflicts(e *env, name string, conflicts []iac.Conflict) {
	for _, c := range conflicts {
		fmt.Fprintf(e.stderr, "%s: the file states %d values for %s (%s): the default stays; --bind %s=VALUE chooses the one you deploy to\n",
			name, len(c.Values), c.Name, strings.Join(c.Values, ", "), c.Name)
	}
}
