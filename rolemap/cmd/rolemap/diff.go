package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

var diffCmd = &command{
	name:    "diff",
	summary: "show who gets a different role between two pools",
	usage: `
Usage: rolemap diff [flags] OLD NEW
       rolemap diff [flags] OLD-DIR NEW-DIR

Compares the decisions of two pools, not their documents (the validate
package docs describe the comparison): each change is a set of requests
whose outcome differs, with the rules involved and a witness, one request
that gets the old outcome from OLD and the new one from NEW. Reordering
rules that cannot overlap, or renaming a template's logical IDs, is no
change. OLD and NEW are pool documents, CloudFormation templates in JSON
or terraform show -json output, or folders of Terraform configuration
(*.tf), in any mix; --pool-name picks a pool of a file that defines
several. A pattern the shell did not expand (quoted) is expanded, and
must give two files in all. Two other folders are walked as rolemap lint
walks a folder (a folder of configuration under them is one input), and
the inputs at the same path in both are compared, pair by pair (--format
json writes an array of reports); standard error lists the inputs in one
folder only.

Then the access changes (rolemap help access): the paths to a role gained,
lost or whose certainty changed, each with the witness of the side that
holds it, and the access findings new and gone; the comparison says when
it is incomplete (a side rests on an unknown), and only a complete one
says "no access change".

--format markdown writes a table fit for a pull-request comment: as many
changes as fit in GitHub's 65,536 characters, then how many are left out
(--format json or text lists them all). With --exit-code the status is 1
when anything changes, access included.

Example:

	$ git show main:cdk.out/Auth.template.json > /tmp/old.json
	$ rolemap diff --format markdown /tmp/old.json cdk.out/Auth.template.json
`,
}

func init() { diffCmd.run = runDiff }

func runDiff(e *env, args []string) int {
	c := diffCmd
	fs := c.flags(e)
	var in inputFlags
	in.register(fs)
	in.registerCredentials(fs)
	format := fs.String("format", "text", "the output: text, json, markdown or github (a workflow annotation per change)")
	exitCode := fs.Bool("exit-code", false, "exit with status 1 when anything changes, as git diff --exit-code")
	poolName := fs.String("pool-name", "", "the `NAME` of the pool to compare, in files that define several (a logical ID, a resource address)")
	maxRules := fs.Int("max-rules", 25, "the rules-per-mapping quota the pools are deployed with (25 to 400)")
	files, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	if err := in.check(); err != nil {
		return c.usageError(e, "%v", err)
	}
	if *format != "text" && *format != "json" && *format != "markdown" && *format != "github" {
		return c.usageError(e, "--format %q: want text, json, markdown or github", *format)
	}
	files, err := input.Glob(files)
	if err != nil {
		return report(e, err)
	}
	if len(files) != 2 {
		return c.usageError(e, "want OLD and NEW, got %s", plural(len(files), "file"))
	}
	if *maxRules < 1 || *maxRules > 400 {
		return c.usageError(e, "--max-rules %d: want 1 to 400", *maxRules)
	}
	pairs, err := diffPairs(e, files)
	if err != nil {
		return report(e, err)
	}
	var reports []*validate.DiffReport
	for _, pair := range pairs {
		r, ok := diffPair(e, &in, pair, *poolName, *maxRules)
		if !ok {
			return exitUsage
		}
		reports = append(reports, r)
	}
	changed := false
	for _, r := range reports {
		changed = changed || len(r.Changes) > 0 || !r.Access.Empty()
		switch *format {
		case "json":
			if len(pairs) == 1 && pairs[0].single {
				writeJSON(e, r)
			}
		case "markdown":
			r.WriteMarkdown(e.raw)
		case "github":
			r.WriteGitHub(e.raw)
		default:
			r.WriteText(e.stdout)
		}
	}
	if *format == "json" && !(len(pairs) == 1 && pairs[0].single) {
		writeJSON(e, reports) // two folders: a report per pair
	}
	if *exitCode && changed {
		return exitFail
	}
	return exitOK
}

// diffFiles are the OLD and NEW files of one comparison; single when they
// were named as files, not found in two folders.
type diffFiles struct {
	files  []string
	single bool
}

// diffPairs pairs the inputs of two folders by their path in the folder
// (saying on standard error which are in one folder only), or returns
// the two files as one pair.
func diffPairs(e *env, files []string) ([]diffFiles, error) {
	var dirs [2]bool
	for i, f := range files {
		info, err := os.Stat(f)
		dirs[i] = f != "-" && err == nil && info.IsDir() && !input.IsTerraformConfig(f)
	}
	if !dirs[0] && !dirs[1] {
		return []diffFiles{{files: files, single: true}}, nil
	}
	if !dirs[0] || !dirs[1] {
		return nil, inputErrorf("%s and %s: a folder of inputs and one input: give two inputs (files, or folders of Terraform configuration), or two folders whose inputs are paired by their path in each", files[0], files[1])
	}
	var rel [2]map[string]string
	for i, dir := range files {
		found, _, err := input.Walk(dir)
		if err != nil {
			return nil, err
		}
		rel[i] = map[string]string{}
		for _, f := range found {
			r, err := filepath.Rel(dir, f)
			if err != nil {
				return nil, inputErrorf("%s: %v", f, err)
			}
			rel[i][filepath.ToSlash(r)] = f
		}
	}
	var pairs []diffFiles
	for _, r := range slices.Sorted(maps.Keys(rel[0])) {
		if n, ok := rel[1][r]; ok {
			pairs = append(pairs, diffFiles{files: []string{rel[0][r], n}})
		} else {
			fmt.Fprintf(e.stderr, "only in %s: %s\n", clip.Line(files[0]), clip.Line(r))
		}
	}
	for _, r := range slices.Sorted(maps.Keys(rel[1])) {
		if _, ok := rel[0][r]; !ok {
			fmt.Fprintf(e.stderr, "only in %s: %s\n", clip.Line(files[1]), clip.Line(r))
		}
	}
	if len(pairs) == 0 {
		return nil, inputErrorf("%s and %s: no pool document, template or plan at the same path in both folders", files[0], files[1])
	}
	return pairs, nil
}

// diffPair compares the pools of one pair of files; false when an input
// cannot be read or a pool is invalid (standard error says why).
func diffPair(e *env, in *inputFlags, pair diffFiles, poolName string, maxRules int) (*validate.DiffReport, bool) {
	files := slices.Clone(pair.files)
	var deps [2]credInputs
	for i, name := range files {
		l, d, err := in.deployment(e, name, poolName)
		if l != nil {
			files[i] = l.Name // <stdin> for -
		}
		if err != nil {
			report(e, err)
			return nil, false
		}
		deps[i] = d
	}
	sides := diffSides(e, deps)
	cr, err := validate.DiffCredentialsReport(sides[0], sides[1], rolemap.WithMaxRules(maxRules))
	r, err := validate.NewDiffReport(files[0], files[1], cr, err, notCompared(files, deps))
	if err != nil {
		// An invalid pool: say which, with its violations.
		for i, d := range deps {
			if verr := validate.Pool(d.Pool, rolemap.WithMaxRules(maxRules)); verr != nil {
				fmt.Fprintf(e.stderr, "%s: the pool is invalid, so its decisions are not defined (rolemap lint %s lists why):\n%s\n", files[i], files[i], indent(verr.Error()))
			}
		}
		return nil, false
	}
	r.Access = diffAccess(cr, deps, maxRules)
	return r, true
}

// diffAccess compares the access reports of the two sides, on the pools
// the credentials diff cr analysed (a side whose analysis fails has no
// report, which makes the comparison incomplete).
func diffAccess(cr *validate.CredentialsReport, deps [2]credInputs, maxRules int) *validate.AccessDiff {
	var reports [2]*validate.AccessReport
	var analyses [2]*validate.Analysis
	if cr != nil {
		analyses[0], analyses[1] = cr.Analyses()
	}
	for i := range 2 {
		reports[i], _ = validate.Access(deps[i], validate.WithAccessMaxRules(maxRules), validate.WithAccessAnalysis(analyses[i]))
	}
	return validate.DiffAccess(reports[0], reports[1])
}

// diffSides returns the sides to compare. Trust policies are compared
// when both sides give them; a role whose policy either side cannot read
// is left out of the comparison, and stderr says so.
func diffSides(e *env, deps [2]credInputs) [2]validate.Side {
	sides := [2]validate.Side{{Pool: deps[0].Pool, UserPools: deps[0].UserPools}, {Pool: deps[1].Pool, UserPools: deps[1].UserPools}}
	creds := [2]*credInputs{&deps[0], &deps[1]}
	if !trustChecked(creds[0]) || !trustChecked(creds[1]) {
		return sides
	}
	unread := map[string]error{}
	for _, c := range creds {
		maps.Copy(unread, c.RoleErrors)
	}
	for i, c := range creds {
		roles := map[string]*trust.Policy{}
		for arn, p := range c.Roles {
			if unread[arn] == nil {
				roles[arn] = p
			}
		}
		sides[i].Roles = roles
	}
	for _, arn := range slices.Sorted(maps.Keys(unread)) {
		fmt.Fprintf(e.stderr, "the trust policies of %s are not compared: %v\n", arn, unread[arn])
	}
	return sides
}

// notCompared says what the diff could not compare because one side gives
// it and the other does not (a template against a bare pool document): the
// roles' trust policies, the user pools' groups; "" when both sides give
// the same kinds of input.
func notCompared(files []string, deps [2]credInputs) string {
	creds := [2]*credInputs{&deps[0], &deps[1]}
	var what []string
	for i := range 2 {
		j := 1 - i
		if trustChecked(creds[i]) && !trustChecked(creds[j]) {
			what = append(what, fmt.Sprintf("the roles' trust policies (%s gives them, %s does not)", clip.Line(files[i]), clip.Line(files[j])))
		}
		if len(creds[i].UserPools) > 0 && len(creds[j].UserPools) == 0 {
			what = append(what, fmt.Sprintf("the user pools' groups and users (%s gives them, %s does not)", clip.Line(files[i]), clip.Line(files[j])))
		}
	}
	if len(what) == 0 {
		return ""
	}
	return "not compared: " + strings.Join(what, "; ") + ": give the whole deployment on both sides (rolemap import writes it; --roles and --user-pool add to a pool document)"
}
