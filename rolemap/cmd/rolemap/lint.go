package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/nearest"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/validate"
)

var lintCmd = &command{
	name:    "lint",
	summary: "validate and lint pool documents, templates and plans",
	usage: `
Usage: rolemap lint [flags] FILE|DIR...

Validates each pool of each FILE against the constraints AWS enforces
(errors: AWS refuses the pool) and lints it for configurations AWS accepts
that probably do not do what their author meant (warnings: an unreachable
rule, a Contains rule on cognito:groups, a rule on a claim users can
change…). A FILE is a pool document (the AWS CLI's JSON), a deployment
document (rolemap import), a CloudFormation template in JSON or YAML,
terraform show -json output or Terraform configuration (a folder of *.tf);
each finding is placed at the line and column of the member it is about,
in the template or .tf file the pool comes from. With trust policies or
user pools (a template, a plan, --roles, --user-pool), lint also reports
the access findings of rolemap access (classic flow, guests, claims users
write, self sign-up, CustomRoleArn choices).

A finding is suppressed by --ignore "CODE" or "CODE PATH" (a PATH ending in
* is a prefix), or by the ignore list of a config file: --config FILE, or
else the .rolemap.json nearest the current folder (looked up in it, then
in each folder above, up to the repository root, the first folder holding
.git). Besides "ignore", a config may give bindings (as --bind; --bind and
--bindings win over them, and explain, diff and import use them too), and
failOn and format (used when --fail-on or --format is not given):

	{"ignore": [
	  {"code": "providers-unknown"},
	  {"code": "user-writable-claim", "file": "pools/*.json",
	   "path": "RoleMappings[\"accounts.google.com\"]*", "reason": "hd is verified by Google"}
	 ],
	 "bindings": {"AWS::Region": "eu-west-1"},
	 "failOn": "error",
	 "format": "github"}

(each entry may also name a "pool" of a template). A code is named
exactly: a wildcard code is refused, and suppressing an error (AWS refuses
the pool, or every request through a role fails) needs a "reason", so it
is only possible in a config file — or beside the construct: a
CloudFormation resource's Metadata {"rolemap": {"ignore": [{"code": CODE,
"reason": WHY}]}} (what CDK's CfnResource.addMetadata writes) suppresses
the findings about that resource, under the same rules. The number of
suppressed findings is always printed, by code. The exit status is 1 when a finding is at or
above --fail-on, 2 when an input cannot be read.

Templates may be YAML, short forms (!Ref, !GetAtt, !Sub…) included.

A DIR is walked for the pool documents, deployment documents, templates
and plans under it (JSON or YAML; other files are skipped, and -v lists
them) and its folders of Terraform configuration, never entering
node_modules, vendor, dot-folders (.git, .terraform) or a cloud
assembly's asset.* folders, and leaving out cdk.out's manifest.json,
tree.json and *.assets.json. A folder holding *.tf is one input, its
sub-folders (its local modules) not walked; a folder named modules of
child modules, and one whose .tf files name no identity pool and call no
local module, are skipped. A pattern the shell did not expand
('cdk.out/*.template.json') is expanded; one matching nothing is an error.

Example:

	$ rolemap lint --format sarif cdk.out/AuthStack.template.json > rolemap.sarif
	$ rolemap lint --bind AWS::Region=eu-west-1 --fail-on error pools/prod.json
`,
}

func init() { lintCmd.run = runLint }

// ignoreRule is one suppression, of --ignore or a config file.
type ignoreRule = validate.Suppression

// checkCode says what is wrong with the code of an ignore rule, or "": a
// code must be one of validate.Checks (no wildcard, which would silence
// AWS's refusals with warnings), and suppressing an error-level code, a
// pool AWS refuses at deploy, needs a reason (fromFlag: --ignore has none).
func checkCode(code, reason string, fromFlag bool) string {
	if code == "" {
		return "no code: name the code of the findings to suppress (rolemap help lint lists where to find them)"
	}
	if strings.ContainsAny(code, "*?[") {
		return fmt.Sprintf("code %s: a wildcard would silence every finding, errors AWS refuses at deploy included; name each code to suppress", clip.Quote(code))
	}
	var codes []string
	for _, c := range validate.Checks() {
		if c.Code == code {
			// A code that is always an error; one whose findings are errors
			// only sometimes (an escalating user-writable-claim) is not.
			if validate.CodeSeverity(code) == validate.SeverityError && strings.TrimSpace(reason) == "" {
				if fromFlag {
					return fmt.Sprintf("code %q is an error (AWS refuses the pool, or every request through the role fails): suppress it in the config file, with a \"reason\"", code)
				}
				return fmt.Sprintf("code %q is an error (AWS refuses the pool, or every request through the role fails): give a \"reason\" for suppressing it", code)
			}
			return ""
		}
		codes = append(codes, c.Code)
	}
	if near := nearest.Name(code, codes); near != "" {
		return fmt.Sprintf("unknown code %s; did you mean %q?", clip.Quote(code), near)
	}
	return fmt.Sprintf("unknown code %s: the codes are the validate package's Code constants (each SARIF rule of --format sarif is one)", clip.Quote(code))
}

// ignoreFlag collects --ignore "CODE [PATH]".
type ignoreFlag []ignoreRule

func (f *ignoreFlag) String() string { return "" }

func (f *ignoreFlag) Set(s string) error {
	code, p, _ := strings.Cut(strings.TrimSpace(s), " ")
	if code == "" {
		return fmt.Errorf("want CODE or \"CODE PATH\"")
	}
	if why := checkCode(code, "", true); why != "" {
		return errors.New(why)
	}
	*f = append(*f, ignoreRule{Code: code, Path: strings.TrimSpace(p)})
	return nil
}

// maxConfigProblems is the most problems of a config readConfig lists; it
// counts the rest.
const maxConfigProblems = 100

// configScanned counts the bytes of configs scanned to place problems,
// for the test that reading a config is linear (one pass).
var configScanned int

// configProblems are a config's problems, each at a JSON path, placed in
// one pass over the file once all are known.
type configProblems struct {
	paths []diag.Path
	msgs  []string
	more  int
}

func (p *configProblems) add(path diag.Path, format string, args ...any) {
	if len(p.msgs) == maxConfigProblems {
		p.more++
		return
	}
	p.paths = append(p.paths, path)
	p.msgs = append(p.msgs, fmt.Sprintf(format, args...))
}

// err places the problems in f and returns them as an inputError; nil
// when there are none.
func (p *configProblems) err(f input.File) error {
	if len(p.msgs) == 0 {
		return nil
	}
	ie := &inputError{}
	configScanned += len(f.Data)
	for i, at := range diag.NewSource(f.Name, f.Data).Ranges(p.paths...) {
		ie.Lines = append(ie.Lines, fmt.Sprintf("%s:%d:%d: %s", f.Name, at.Line, at.Column, p.msgs[i]))
	}
	if p.more > 0 {
		ie.Lines = append(ie.Lines, fmt.Sprintf("%s: … and %d more problems", f.Name, p.more))
	}
	return ie
}

// config is what a config file holds: an ignore list, bindings, and the
// defaults of --fail-on and --format ("" when it names none).
type config struct {
	ignore   []ignoreRule
	bindings map[string]string
	failOn   string
	format   string
}

// configName is the config file found from the current folder upward.
const configName = ".rolemap.json"

// configMembers are the members a config holds.
var configMembers = []string{"bindings", "failOn", "format", "ignore"}

// findConfig returns the path of the config file nearest to dir: dir's
// .rolemap.json, else its parent's, up to the repository root (the first
// folder holding .git) or the filesystem root; "" when there is none.
func findConfig(dir string) string {
	for {
		p := filepath.Join(dir, configName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// readConfig reads a config file strictly: name, or when name is "" the
// config found from the current folder upward (none is no error). Its
// time is linear in the file's size, and it lists at most
// maxConfigProblems problems, then a count of the rest.
func readConfig(e *env, name string) (*config, error) {
	if name == "" {
		wd, err := os.Getwd()
		if err != nil {
			return &config{}, nil
		}
		if name = findConfig(wd); name == "" {
			return &config{}, nil
		}
		if rel, err := filepath.Rel(wd, name); err == nil {
			name = rel
		}
	}
	f, err := readFile(e, name)
	if err != nil {
		return nil, err
	}
	return parseConfig(f)
}

// parseConfig reads a config's bytes.
func parseConfig(f input.File) (*config, error) {
	if err := f.CheckObject(); err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(f.Data, &raw); err != nil {
		return nil, inputErrorf("%s: %v", f.Name, err)
	}
	cfg := &config{}
	var probs configProblems
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if slices.Contains(configMembers, k) {
			continue
		}
		if near := nearest.Name(k, configMembers); near != "" {
			probs.add(diag.RootKey(k), "unknown member %s; did you mean %q?", clip.Quote(k), near)
		} else {
			probs.add(diag.RootKey(k), "unknown member %s; a config holds \"ignore\", \"bindings\", \"failOn\" and \"format\"", clip.Quote(k))
		}
	}
	if b := raw["bindings"]; b != nil {
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || m == nil {
			probs.add(diag.Root("bindings"), "bindings: want an object of NAME: VALUE strings, as --bind NAME=VALUE")
		}
		cfg.bindings = map[string]string{}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			at := diag.Root("bindings").Key(k)
			s, ok := m[k].(string)
			switch {
			case k == "":
				probs.add(at, "bindings: an empty name; name what the value binds, as --bind NAME=VALUE")
			case !ok:
				probs.add(at, "bindings[%s]: want a string", clip.Quote(k))
			default:
				cfg.bindings[k] = s
			}
		}
	}
	if v := raw["failOn"]; v != nil {
		var s string
		if err := json.Unmarshal(v, &s); err != nil || (s != "error" && s != "warning" && s != "none") {
			probs.add(diag.Root("failOn"), "failOn: want \"error\", \"warning\" or \"none\", as --fail-on")
		}
		cfg.failOn = s
	}
	if v := raw["format"]; v != nil {
		var s string
		formats := []string{"text", "json", "sarif", "junit", "github"}
		if err := json.Unmarshal(v, &s); err != nil || !slices.Contains(formats, s) {
			probs.add(diag.Root("format"), "format: want \"text\", \"json\", \"sarif\", \"junit\" or \"github\", as --format")
		}
		cfg.format = s
	}
	var list []map[string]any
	if err := json.Unmarshal(raw["ignore"], &list); raw["ignore"] != nil && err != nil {
		probs.add(diag.Root("ignore"), "ignore: want an array of objects")
	}
	for i, m := range list {
		var r ignoreRule
		at := "ignore[" + strconv.Itoa(i) + "]"
		entry := diag.Root("ignore").Index(i)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			member := entry.Member(k)
			if !validMember(k) {
				member = entry.Key(k)
			}
			s, ok := m[k].(string)
			if !ok {
				probs.add(member, "%s.%s: want a string", at, clip.String(k))
				continue
			}
			switch k {
			case "code":
				r.Code = s
			case "path":
				r.Path = s
			case "file":
				r.File = s
				if _, err := path.Match(s, ""); err != nil {
					probs.add(member, "%s.file: %v", at, err)
				}
			case "pool":
				r.Pool = s
			case "reason":
				r.Reason = s
			default:
				probs.add(member, "%s.%s: unknown member; an entry holds code, path, file, pool and reason", at, clip.String(k))
			}
		}
		if why := checkCode(r.Code, r.Reason, false); why != "" {
			probs.add(entry, "%s: %s", at, why)
		}
		cfg.ignore = append(cfg.ignore, r)
	}
	if err := probs.err(f); err != nil {
		return nil, err
	}
	return cfg, nil
}

// validMember reports whether k can follow a dot in a path.
func validMember(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func runLint(e *env, args []string) int {
	c := lintCmd
	fs := c.flags(e)
	var in inputFlags
	in.register(fs)
	in.registerCredentials(fs)
	format := fs.String("format", "text", "the output: text, json, sarif (SARIF 2.1.0, for GitHub code scanning), junit (JUnit XML) or github (workflow annotations)")
	failOn := fs.String("fail-on", "warning", "the least severity that makes the exit status 1: error, warning or none")
	var ignores ignoreFlag
	fs.Var(&ignores, "ignore", "suppress findings of `\"CODE [PATH]\"` (a PATH ending in * is a prefix); repeatable")
	config := fs.String("config", "", "a JSON config `FILE` of ignores, bindings, failOn and format (default: the .rolemap.json nearest the current folder, up to the repository root)")
	maxRules := fs.Int("max-rules", 25, "the rules-per-mapping quota the pools are deployed with (25 to 400)")
	var writable, readOnly listFlag
	fs.Var(&writable, "writable-attributes", "the `ATTRS` (comma-separated) end users can write: the app client's WriteAttributes, replacing the default list")
	fs.Var(&readOnly, "read-only-attributes", "`ATTRS` (comma-separated) end users cannot write, such as a custom attribute the app client does not let them")
	verbose := fs.Bool("v", false, "also print the bindings and placeholders of each import, and what a folder's walk skipped")
	files, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	cfg, err := readConfig(e, *config)
	if err != nil {
		return report(e, err)
	}
	in.useConfig(cfg)
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if !given["fail-on"] && cfg.failOn != "" {
		*failOn = cfg.failOn
	}
	if !given["format"] && cfg.format != "" {
		*format = cfg.format
	}
	least, err := checkLintFlags(&in, *failOn, *format, *maxRules, files)
	if err != nil {
		return c.usageError(e, "%v", err)
	}
	if files, err = expandInputs(e, files, *verbose); err != nil {
		return report(e, err)
	}
	rules := append([]ignoreRule(ignores), cfg.ignore...)
	lintOpts := lintOptions(*maxRules, writable, readOnly)
	var all []validate.Located
	inputFail, linted, inTemplates := false, []string(nil), map[string]int{}
	for _, name := range files {
		ls, err := lintInput(e, &in, name, lintOpts, *verbose, inTemplates)
		if err != nil {
			report(e, err)
			inputFail = true
			continue
		}
		linted = append(linted, filepath.ToSlash(name))
		all = append(all, ls...)
	}
	located, suppressed := validate.Suppress(all, rules)
	for code, n := range inTemplates {
		suppressed[code] += n
	}
	if err := writeLint(e, *format, linted, located, suppressed, least); err != nil {
		fmt.Fprintln(e.stderr, "rolemap lint:", err)
		return exitUsage
	}
	if inputFail {
		return exitUsage
	}
	return lintExit(located, least)
}

// lintOptions are the options of the lint flags: the rules quota, and the
// attributes end users can and cannot write.
func lintOptions(maxRules int, writable, readOnly []string) []validate.LintOption {
	opts := []validate.LintOption{validate.WithMaxRules(maxRules)}
	if len(writable) > 0 {
		opts = append(opts, validate.WithWritableAttributes(writable...))
	}
	if len(readOnly) > 0 {
		opts = append(opts, validate.WithReadOnlyAttributes(readOnly...))
	}
	return opts
}

// lintExit is 1 when a finding is at least least (0: none fails), else 0.
func lintExit(located []validate.Located, least validate.Severity) int {
	for _, l := range located {
		if least != 0 && validate.Catalogue().SeverityOf(l) >= least {
			return exitFail
		}
	}
	return exitOK
}

// mentionBudget is how many comparisons of a finding with a made-up value
// one file's lint may make (each against a message of at most a few KB).
const mentionBudget = 200_000

// writeLint writes lint's findings of the files linted in format, and
// says on standard error how many were suppressed where the format has no
// place for it.
func writeLint(e *env, format string, linted []string, located []validate.Located, suppressed map[string]int, least validate.Severity) error {
	var err error
	switch format {
	case "sarif":
		err = validate.WriteSARIF(e.raw, moduleVersion(), located)
	case "json":
		writeLintJSON(e, located, suppressed)
		return nil
	case "junit":
		err = validate.WriteJUnit(e.raw, linted, located, least)
	case "github":
		err = validate.WriteGitHub(e.raw, located)
	default:
		writeLintText(e, located, suppressed, len(linted))
		return nil
	}
	where := map[string]string{"sarif": "in the SARIF log", "junit": "in the JUnit report", "github": "annotated"}[format]
	if n := total(suppressed); n > 0 && err == nil {
		fmt.Fprintf(e.stderr, "rolemap lint: %s not %s: %s\n", plural(n, "suppressed finding"), where, byCode(suppressed))
	}
	return err
}

// checkLintFlags checks lint's flags and returns the least severity that
// fails the run.
func checkLintFlags(in *inputFlags, failOn, format string, maxRules int, files []string) (validate.Severity, error) {
	if err := in.check(); err != nil {
		return 0, err
	}
	threshold := map[string]validate.Severity{"error": validate.SeverityError, "warning": validate.SeverityWarning, "none": 0}
	least, known := threshold[failOn]
	switch {
	case !known:
		return 0, fmt.Errorf("--fail-on %q: want error, warning or none", failOn)
	case format != "text" && format != "json" && format != "sarif" && format != "junit" && format != "github":
		return 0, fmt.Errorf("--format %q: want text, json, sarif, junit or github", format)
	case maxRules < 1 || maxRules > 400:
		return 0, fmt.Errorf("--max-rules %d: want 1 to 400", maxRules)
	case len(files) == 0:
		return 0, errors.New("no FILE to lint")
	}
	return least, nil
}

// lintInput reads the pools of one file, what it says about credentials
// and --roles and --user-pool, and returns their findings, placed.
func lintInput(e *env, in *inputFlags, name string, opts []validate.LintOption, verbose bool, suppressed map[string]int) ([]validate.Located, error) {
	l, err := in.load(e, name)
	if err != nil {
		return nil, err
	}
	ignores, err := templateIgnores(l)
	if err != nil {
		return nil, err
	}
	cr, err := l.Credentials()
	if err != nil {
		return nil, err
	}
	if trustChecked(cr) {
		opts = append(slices.Clip(opts), validate.WithTrustPolicies(cr.Roles), validate.WithTrustPolicyErrors(cr.RoleErrors))
	}
	if cr.UserPools != nil {
		opts = append(slices.Clip(opts), validate.WithUserPools(cr.UserPools))
	}
	if verbose && l.Result != nil {
		for _, s := range l.Result.Bindings {
			fmt.Fprintf(e.stderr, "%s: binding %s\n", l.Name, s)
		}
		for _, s := range l.Result.Placeholders {
			fmt.Fprintf(e.stderr, "%s: placeholder %s\n", l.Name, s)
		}
		for _, s := range l.Result.Inferred {
			fmt.Fprintf(e.stderr, "%s: inferred %s (the file states it; --bind %s=VALUE overrides)\n", l.Name, s, s.Name)
		}
	}
	if l.Result != nil {
		writeConflicts(e, l.Name, l.Result.Conflicts)
	}
	located := l.Lint(filepath.ToSlash(l.Name), opts...)
	if l.Result != nil {
		// A finding about a made-up value says so, and which binding
		// gives the real one. Each finding is compared with every made-up
		// value: a budget keeps a template of thousands of resources and
		// findings linear, and the rest are counted, not checked.
		budget, per, unchecked := mentionBudget, len(l.Result.Placeholders)+len(l.Result.Inferred), 0
		for i := range located {
			if budget < per {
				unchecked++
				continue
			}
			budget -= per
			if note := l.Result.DiagnosticNote(located[i]); note != "" {
				located[i].Message += " [" + note + "]"
			}
		}
		if unchecked > 0 {
			fmt.Fprintf(e.stderr, "%s: %s not checked for made-up values (too many findings and placeholders to compare)\n", l.Name, plural(unchecked, "finding"))
		}
	}
	return suppressInTemplate(l, located, ignores, suppressed), nil
}

// writeLintJSON writes lint's findings as JSON.
func writeLintJSON(e *env, located []validate.Located, suppressed map[string]int) {
	if err := diag.WriteJSON(e.raw, validate.Catalogue(), located, suppressed); err != nil {
		fmt.Fprintln(e.stderr, "rolemap:", err)
	}
}

// writeLintText writes lint's findings as text, one line each and its
// fix, then a summary when a file was linted.
func writeLintText(e *env, located []validate.Located, suppressed map[string]int, linted int) {
	cat := validate.Catalogue()
	var errs, warns int
	for _, l := range located {
		if cat.SeverityOf(l) == validate.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	if err := diag.WriteText(e.stdout, cat, located); err != nil {
		fmt.Fprintln(e.stderr, "rolemap:", err)
	}
	summary := fmt.Sprintf("%s in %s", plural(len(located), "finding"), plural(linted, "file"))
	if len(located) > 0 {
		summary += fmt.Sprintf(" (%s, %s)", plural(errs, "error"), plural(warns, "warning"))
	}
	if n := total(suppressed); n > 0 {
		summary += fmt.Sprintf("; %d suppressed (%s)", n, byCode(suppressed))
	}
	if linted > 0 {
		fmt.Fprintln(e.stdout, summary)
	}
}

// total is the number of suppressed findings.
func total(byCode map[string]int) int {
	n := 0
	for _, c := range byCode {
		n += c
	}
	return n
}

// byCode writes suppressed counts as "code N, code N" in code order.
func byCode(counts map[string]int) string {
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, c+" "+strconv.Itoa(counts[c]))
	}
	return strings.Join(parts, ", ")
}

// listFlag collects comma-separated values, repeatable.
type listFlag []string

func (f *listFlag) String() string { return strings.Join(*f, ",") }

func (f *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*f = append(*f, v)
		}
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// writeJSON writes v indented, as the AWS CLI does.
// The few characters encoding/json leaves raw that a terminal acts on
// (DEL, C1 controls, bidi controls) are escaped (clip.JSON).
func writeJSON(e *env, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "    ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(e.stderr, "rolemap:", err)
		return
	}
	e.raw.Write(clip.JSON(buf.Bytes()))
}

// moduleVersion is the module version alone, for SARIF.
func moduleVersion() string {
	v, _, _ := strings.Cut(version(), " ")
	return v
}
