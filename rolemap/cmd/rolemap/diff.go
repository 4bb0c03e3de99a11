package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

var diffCmd = &command{
	name:    "diff",
	summary: "show who gets a different role between two pools",
	usage: `
Usage: rolemap diff [flags] OLD NEW

Compares the decisions of two pools, not their documents (the validate
package docs describe the comparison): each change is a set of requests
whose outcome differs, with the rules involved and a witness, one request
that gets the old outcome from OLD and the new one from NEW. Reordering
rules that cannot overlap, or renaming a template's logical IDs, is no
change. OLD and NEW are pool documents, CloudFormation templates in JSON
or terraform show -json output, in any mix; --pool-name picks a pool of a
file that defines several.

--format markdown writes a table fit for a pull-request comment: as many
changes as fit in GitHub's 65,536 characters, then how many are left out
(--format json or text lists them all). With --exit-code the status is 1
when anything changes.

Example:

	$ git show main:cdk.out/Auth.template.json > /tmp/old.json
	$ rolemap diff --format markdown /tmp/old.json cdk.out/Auth.template.json
`,
}

func init() { diffCmd.run = runDiff }

// diffChange is a change of the JSON output.
type diffChange struct {
	Scope      string            `json:"scope"`
	Kind       string            `json:"kind"`
	Login      string            `json:"login,omitempty"`
	MappingKey string            `json:"mappingKey,omitempty"`
	Old        validate.Outcome  `json:"old"`
	New        validate.Outcome  `json:"new"`
	OldRule    string            `json:"oldRule,omitempty"`
	NewRule    string            `json:"newRule,omitempty"`
	OldTags    map[string]string `json:"oldTags,omitempty"`
	NewTags    map[string]string `json:"newTags,omitempty"`
	User       string            `json:"user,omitempty"`
	Message    string            `json:"message"`
	Witness    witness           `json:"witness"`
	OldWitness *witness          `json:"oldWitness,omitempty"`
}

// witness is a request as a case file writes it.
type witness struct {
	Login         string         `json:"login,omitempty"`
	Claims        map[string]any `json:"claims,omitempty"`
	CustomRoleARN string         `json:"customRoleArn,omitempty"`
	// DeveloperPrincipalTags are a developer login's own tags.
	DeveloperPrincipalTags map[string]string `json:"developerPrincipalTags,omitempty"`
}

func witnessOf(r rolemap.Request, devTags map[string]string) witness {
	return witness{Login: r.Login, Claims: r.Claims, CustomRoleARN: r.CustomRoleARN, DeveloperPrincipalTags: devTags}
}

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
	if len(files) != 2 {
		return c.usageError(e, "want OLD and NEW, got %s", plural(len(files), "file"))
	}
	if *maxRules < 1 || *maxRules > 400 {
		return c.usageError(e, "--max-rules %d: want 1 to 400", *maxRules)
	}
	var (
		pools [2]pool
		creds [2]*credInputs
	)
	for i, name := range files {
		l, err := in.load(e, name)
		if err != nil {
			return report(e, err)
		}
		files[i] = l.name // <stdin> for -
		if pools[i], err = l.one(*poolName); err != nil {
			return report(e, err)
		}
		if creds[i], err = in.credentials(e, l); err != nil {
			return report(e, err)
		}
	}
	sides := [2]validate.Side{{Pool: pools[0].pool, UserPools: creds[0].userPools}, {Pool: pools[1].pool, UserPools: creds[1].userPools}}
	// Trust policies are compared when both sides give them; a role whose
	// policy either side cannot read is left out of the comparison.
	if creds[0].trustChecked() && creds[1].trustChecked() {
		unread := map[string]error{}
		for _, c := range creds {
			maps.Copy(unread, c.roleErrs)
		}
		for i, c := range creds {
			roles := map[string]*trust.Policy{}
			for arn, p := range c.roles {
				if unread[arn] == nil {
					roles[arn] = p
				}
			}
			sides[i].Roles = roles
		}
		for _, arn := range slices.Sorted(maps.Keys(unread)) {
			fmt.Fprintf(e.stderr, "the trust policies of %s are not compared: %v\n", arn, unread[arn])
		}
	}
	missing := notCompared(files, creds)
	report, err := validate.DiffCredentialsReport(sides[0], sides[1], rolemap.WithMaxRules(*maxRules))
	var changes []validate.Change
	var uncovered []validate.Uncovered
	if report != nil {
		changes, uncovered = report.Changes, report.Uncovered
	}
	partial := ""
	switch {
	case errors.Is(err, validate.ErrTooManyChanges), errors.Is(err, validate.ErrTooMuchWork):
		partial = err.Error()
	case err == nil && len(uncovered) > 0:
		// The search did not cover every read: say which.
		reads := make([]string, len(uncovered))
		for i, u := range uncovered {
			reads[i] = u.Read + " (" + u.Why + ")"
		}
		partial = "the search did not cover " + strings.Join(reads, "; ")
	case err != nil:
		// An invalid pool: say which, with its violations.
		for i, p := range pools {
			if verr := validate.Pool(p.pool, rolemap.WithMaxRules(*maxRules)); verr != nil {
				fmt.Fprintf(e.stderr, "%s: the pool is invalid, so its decisions are not defined (rolemap lint %s lists why):\n%s\n", files[i], files[i], indent(verr.Error()))
			}
		}
		return exitUsage
	}

	if missing != "" {
		// Less than a whole deployment on one side: say what was not
		// compared, never a silent "0 changes".
		if partial != "" {
			partial += "; "
		}
		partial += missing
	}

	switch *format {
	case "json":
		out := struct {
			Old       string               `json:"old"`
			New       string               `json:"new"`
			Complete  bool                 `json:"complete"`
			Partial   string               `json:"partial,omitempty"`
			Uncovered []validate.Uncovered `json:"uncovered,omitempty"`
			Changes   []diffChange         `json:"changes"`
		}{Old: files[0], New: files[1], Complete: partial == "", Partial: partial, Uncovered: uncovered, Changes: []diffChange{}}
		for _, ch := range changes {
			dc := diffChange{ch.Scope, ch.Kind.String(), ch.Login, ch.MappingKey, ch.Old, ch.New,
				ch.OldRule, ch.NewRule, ch.OldTags, ch.NewTags, ch.User, ch.Message, witnessOf(ch.Witness, ch.DeveloperPrincipalTags), nil}
			if ch.OldWitness != nil {
				w := witnessOf(*ch.OldWitness, ch.DeveloperPrincipalTags)
				dc.OldWitness = &w
			}
			out.Changes = append(out.Changes, dc)
		}
		writeJSON(e, out)
	case "markdown":
		writeMarkdown(e, files, changes, partial)
	case "github":
		for _, ch := range changes {
			msg := ch.Message + "\nold: " + outcomeText(ch.Old, ch.OldTags) + "\nnew: " + outcomeText(ch.New, ch.NewTags) +
				"\nwitness: " + compact(witnessOf(ch.Witness, ch.DeveloperPrincipalTags))
			fmt.Fprintln(e.raw, clip.WorkflowCommand("warning", msg, "file", files[1], "title", "rolemap diff: "+ch.Scope+" change"))
		}
		if partial != "" {
			fmt.Fprintln(e.raw, clip.WorkflowCommand("notice", "the list is partial: "+partial, "file", files[1], "title", "rolemap diff: partial"))
		}
	default:
		for _, ch := range changes {
			fmt.Fprintf(e.stdout, "%s\n", ch.Message)
			fmt.Fprintf(e.stdout, "\told: %s\n\tnew: %s\n", outcomeText(ch.Old, ch.OldTags), outcomeText(ch.New, ch.NewTags))
			if ch.OldRule != "" || ch.NewRule != "" {
				fmt.Fprintf(e.stdout, "\trules: old %s, new %s\n", orNone(ch.OldRule), orNone(ch.NewRule))
			}
			if ch.OldWitness != nil {
				// The user's token differs between the two sides.
				fmt.Fprintf(e.stdout, "\told witness: %s\n\tnew witness: %s\n", compact(witnessOf(*ch.OldWitness, ch.DeveloperPrincipalTags)), compact(witnessOf(ch.Witness, ch.DeveloperPrincipalTags)))
			} else {
				fmt.Fprintf(e.stdout, "\twitness: %s\n", compact(witnessOf(ch.Witness, ch.DeveloperPrincipalTags)))
			}
		}
		if partial != "" {
			fmt.Fprintf(e.stdout, "the list is partial: %s\n", partial)
		}
		fmt.Fprintf(e.stdout, "%s between %s and %s\n", plural(len(changes), "change"), files[0], files[1])
	}
	if *exitCode && len(changes) > 0 {
		return exitFail
	}
	return exitOK
}

// notCompared says what the diff could not compare because one side gives
// it and the other does not (a template against a bare pool document): the
// roles' trust policies, the user pools' groups; "" when both sides give
// the same kinds of input.
func notCompared(files []string, creds [2]*credInputs) string {
	var what []string
	for i := range 2 {
		j := 1 - i
		if creds[i].trustChecked() && !creds[j].trustChecked() {
			what = append(what, fmt.Sprintf("the roles' trust policies (%s gives them, %s does not)", clip.Line(files[i]), clip.Line(files[j])))
		}
		if len(creds[i].userPools) > 0 && len(creds[j].userPools) == 0 {
			what = append(what, fmt.Sprintf("the user pools' groups and users (%s gives them, %s does not)", clip.Line(files[i]), clip.Line(files[j])))
		}
	}
	if len(what) == 0 {
		return ""
	}
	return "not compared: " + strings.Join(what, "; ") + ": give the whole deployment on both sides (rolemap import writes it; --roles and --user-pool add to a pool document)"
}

// outcomeText writes an outcome (with a trust refusal's reason) and the
// tags of a change of scope "tags".
func outcomeText(o validate.Outcome, tags map[string]string) string {
	if len(tags) > 0 {
		return o.String() + " with tags " + tagText(tags)
	}
	return o.String()
}

// tagText writes tags as k=v pairs in key order, each key and value
// escaped and bounded (they come from a pool's tag map and a request's
// claims).
func tagText(tags map[string]string) string {
	kv := make([]string, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		kv = append(kv, clip.Line(clip.String(k))+"="+clip.Line(clip.String(tags[k])))
	}
	return strings.Join(kv, " ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// compact writes v as one line of JSON.
func compact(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(data)
}

// maxComment is GitHub's limit on a comment's length, in characters;
// writeMarkdown stays under it, counting bytes (never fewer than
// characters) and keeping room for the closing lines.
const (
	maxComment     = 65536
	markdownBudget = maxComment - 2048
	// maxWitness is the most bytes of a witness a row quotes.
	maxWitness = 1000
)

// writeMarkdown writes the changes as a pull-request comment: a table of
// as many changes as fit in GitHub's comment limit, each cell bounded, and
// then how many changes are not shown and where the whole list is.
func writeMarkdown(e *env, files []string, changes []validate.Change, partial string) {
	var b strings.Builder
	defer func() { io.WriteString(e.raw, b.String()) }()
	if len(changes) == 0 {
		fmt.Fprintf(&b, "### rolemap diff: no change\n\nEvery request gets the same role or error from `%s` as from `%s`.\n", code(files[1]), code(files[0]))
		return
	}
	fmt.Fprintf(&b, "### rolemap diff: %s\n\nWho gets a different role from `%s` than from `%s`, with one request (a witness) for each change:\n\n",
		plural(len(changes), "change"), code(files[1]), code(files[0]))
	fmt.Fprintln(&b, "| Who | Before | After | Witness |")
	fmt.Fprintln(&b, "|---|---|---|---|")
	for i, ch := range changes {
		who := ch.Scope
		switch {
		case ch.Scope == "guest":
			who = "guests"
		case ch.User != "":
			who = "user `" + code(ch.User) + "` of `" + code(ch.Login) + "`"
		case ch.MappingKey != "":
			who = "`" + code(ch.Login) + "` (mapping `" + code(ch.MappingKey) + "`)"
		case ch.Login != "":
			who = "`" + code(ch.Login) + "`"
		}
		row := fmt.Sprintf("| %s | %s | %s | `%s` |\n", who, outcomeCell(ch.Old, ch.OldRule, ch.OldTags), outcomeCell(ch.New, ch.NewRule, ch.NewTags),
			codeN(compact(witnessOf(ch.Witness, ch.DeveloperPrincipalTags)), maxWitness))
		if b.Len()+len(row) > markdownBudget {
			fmt.Fprintf(&b, "\n%s not shown: a comment holds at most %d characters. The whole list: `rolemap diff --format json %s %s` (or text), for example as a workflow artifact.\n",
				plural(len(changes)-i, "more change"), maxComment, code(shellWord(files[0])), code(shellWord(files[1])))
			break
		}
		b.WriteString(row)
	}
	if partial != "" {
		fmt.Fprintf(&b, "\n> [!WARNING]\n> The list is partial: %s.\n", oneLine(clip.Line(clip.String(partial))))
	}
}

// clipBytes returns the first at most n bytes of s, cut at a character.
func clipBytes(s string, n int) string {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:min(n, len(s))]
}

// shellWord quotes a file name for a shell when it needs it.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \"'$`\\*?[]&|;<>()!#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func outcomeCell(o validate.Outcome, rule string, tags map[string]string) string {
	s := "`" + code(o.Role) + "`"
	if o.Error != "" {
		s = "**" + code(o.Error) + "**"
	}
	if o.Reason != "" {
		s += " (" + code(o.Reason) + ")"
	}
	if o.Error != "" && o.Role != "" {
		s += " for `" + code(o.Role) + "`" // an error that followed the role choice
	}
	if rule != "" {
		s += " by `" + code(rule) + "`"
	}
	if len(tags) > 0 {
		s += " with tags `" + code(tagText(tags)) + "`"
	}
	return s
}

// oneLine puts s on one line.
func oneLine(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

// code makes s safe inside a `code span` of a table cell: backticks would
// end it, and a newline the row; control characters are escaped
// (clip.Line) and a long text is cut to a bounded prefix (clip.String).
func code(s string) string { return codeN(s, clip.MaxQuoted) }

// codeN is code with a limit of n bytes of s.
func codeN(s string, n int) string {
	if len(s) > n {
		s = clipBytes(s, n) + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(clip.Line(s))
}
