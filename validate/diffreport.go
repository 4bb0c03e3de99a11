package validate

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
	"github.com/rolemapping/rolemapping/rolemap/credentials"
)

// ReportChange is a [Change] as a [DiffReport] writes it in JSON: its kind
// as a word and its witnesses as case files write requests
// ([credentials.RequestDoc]).
type ReportChange struct {
	Scope      string                  `json:"scope"`
	Kind       string                  `json:"kind"`
	Login      string                  `json:"login,omitempty"`
	MappingKey string                  `json:"mappingKey,omitempty"`
	Old        Outcome                 `json:"old"`
	New        Outcome                 `json:"new"`
	OldRule    string                  `json:"oldRule,omitempty"`
	NewRule    string                  `json:"newRule,omitempty"`
	OldTags    map[string]string       `json:"oldTags,omitempty"`
	NewTags    map[string]string       `json:"newTags,omitempty"`
	User       string                  `json:"user,omitempty"`
	Message    string                  `json:"message"`
	Witness    credentials.RequestDoc  `json:"witness"`
	OldWitness *credentials.RequestDoc `json:"oldWitness,omitempty"`
}

// DiffReport is the report of a comparison of two named inputs, as rolemap
// diff prints it: its JSON form is the output of --format json, and
// [DiffReport.WriteText], [DiffReport.WriteMarkdown] and
// [DiffReport.WriteGitHub] write the other formats. Build it with
// [NewDiffReport].
type DiffReport struct {
	// Old and New name the inputs compared (file names).
	Old string `json:"old"`
	New string `json:"new"`
	// Complete is true when the list of changes is proven whole: Partial
	// is empty.
	Complete bool `json:"complete"`
	// Partial says why the list may miss changes ("" when it does not).
	Partial   string         `json:"partial,omitempty"`
	Uncovered []Uncovered    `json:"uncovered,omitempty"`
	Changes   []ReportChange `json:"changes"`
	// Access, when set, is the comparison of the two sides' access
	// reports ([DiffAccess]): the paths gained, lost and whose certainty
	// changed, and the access findings new and gone. The writers show it
	// after the changes; its own Complete says whether it is whole.
	Access *AccessDiff `json:"access,omitempty"`

	changes []Change
}

// NewDiffReport returns the report of [DiffCredentialsReport]'s answer (r,
// err) on the inputs named oldName and newName. notCompared says what one
// side gives and the other does not ("" when both give the same kinds of
// input); it makes the report partial, as do [ErrTooManyChanges],
// [ErrTooMuchWork] and reads the search did not cover. Any other error
// (an invalid pool) is returned, with a nil report.
func NewDiffReport(oldName, newName string, r *CredentialsReport, err error, notCompared string) (*DiffReport, error) {
	var partial []string
	switch {
	case errors.Is(err, ErrTooManyChanges), errors.Is(err, ErrTooMuchWork):
		partial = append(partial, err.Error())
	case err != nil:
		return nil, err
	case r != nil && len(r.Uncovered) > 0:
		reads := make([]string, len(r.Uncovered))
		for i, u := range r.Uncovered {
			reads[i] = u.Read + " (" + u.Why + ")"
		}
		partial = append(partial, "the search did not cover "+strings.Join(reads, "; "))
	}
	if notCompared != "" {
		partial = append(partial, notCompared)
	}
	d := &DiffReport{Old: oldName, New: newName, Partial: strings.Join(partial, "; "), Changes: []ReportChange{}}
	d.Complete = d.Partial == ""
	if r != nil {
		d.changes, d.Uncovered = r.Changes, r.Uncovered
	}
	for _, ch := range d.changes {
		rc := ReportChange{ch.Scope, ch.Kind.String(), ch.Login, ch.MappingKey, ch.Old, ch.New,
			ch.OldRule, ch.NewRule, ch.OldTags, ch.NewTags, ch.User, ch.Message, witnessOf(ch), nil}
		if ch.OldWitness != nil {
			w := credentials.DocOf(*ch.OldWitness, ch.DeveloperPrincipalTags)
			rc.OldWitness = &w
		}
		d.Changes = append(d.Changes, rc)
	}
	return d, nil
}

func witnessOf(ch Change) credentials.RequestDoc {
	return credentials.DocOf(ch.Witness, ch.DeveloperPrincipalTags)
}

// WriteText writes the report as lines of text: each change with its old
// and new outcomes, rules and witness, then whether the list is partial
// and a count. Names and tags from the inputs are escaped; the messages
// and witnesses are written as they are, so a terminal wants w to escape
// control characters (as rolemap's output does).
func (d *DiffReport) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	for _, ch := range d.changes {
		fmt.Fprintf(ew, "%s\n", ch.Message)
		fmt.Fprintf(ew, "\told: %s\n\tnew: %s\n", outcomeText(ch.Old, ch.OldTags), outcomeText(ch.New, ch.NewTags))
		if ch.OldRule != "" || ch.NewRule != "" {
			fmt.Fprintf(ew, "\trules: old %s, new %s\n", orNone(ch.OldRule), orNone(ch.NewRule))
		}
		if ch.OldWitness != nil {
			// The user's token differs between the two sides.
			fmt.Fprintf(ew, "\told witness: %s\n\tnew witness: %s\n", compact(credentials.DocOf(*ch.OldWitness, ch.DeveloperPrincipalTags)), compact(witnessOf(ch)))
		} else {
			fmt.Fprintf(ew, "\twitness: %s\n", compact(witnessOf(ch)))
		}
	}
	if d.Partial != "" {
		fmt.Fprintf(ew, "the list is partial: %s\n", d.Partial)
	}
	fmt.Fprintf(ew, "%s between %s and %s\n", plural(len(d.changes), "change"), d.Old, d.New)
	if d.Access != nil {
		d.Access.writeAccessText(ew)
	}
	return ew.err
}

// WriteGitHub writes the report as GitHub Actions workflow commands: a
// warning annotation on the new file for each change, and a notice when
// the list is partial. Each command is escaped whole (clip.WorkflowCommand).
func (d *DiffReport) WriteGitHub(w io.Writer) error {
	ew := &errWriter{w: w}
	for _, ch := range d.changes {
		msg := ch.Message + "\nold: " + outcomeText(ch.Old, ch.OldTags) + "\nnew: " + outcomeText(ch.New, ch.NewTags) +
			"\nwitness: " + compact(witnessOf(ch))
		fmt.Fprintln(ew, clip.WorkflowCommand("warning", msg, "file", d.New, "title", "rolemap diff: "+ch.Scope+" change"))
	}
	if d.Partial != "" {
		fmt.Fprintln(ew, clip.WorkflowCommand("notice", "the list is partial: "+d.Partial, "file", d.New, "title", "rolemap diff: partial"))
	}
	if d.Access != nil {
		d.Access.writeAccessGitHub(ew, d.New)
	}
	return ew.err
}

// MaxComment is GitHub's limit on a comment's length, in characters:
// [DiffReport.WriteMarkdown] stays under it.
const MaxComment = 65536

const (
	// markdownBudget keeps room for the closing lines; bytes are counted,
	// never fewer than characters.
	markdownBudget = MaxComment - 2048
	// maxWitness is the most bytes of a witness a row quotes.
	maxWitness = 1000
)

// WriteMarkdown writes the report as a pull-request comment: a table of
// as many changes as fit in GitHub's comment limit ([MaxComment]), each
// cell bounded and escaped, then how many changes are not shown and how
// to get the whole list, and a warning when the list is partial.
func (d *DiffReport) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	d.markdown(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (d *DiffReport) markdown(b *strings.Builder) {
	budget, access := markdownBudget, ""
	if d.Access != nil {
		access = d.Access.accessMarkdown(markdownBudget / 3)
		budget -= len(access)
		defer b.WriteString(access)
	}
	changes := d.changes
	if len(changes) == 0 {
		fmt.Fprintf(b, "### rolemap diff: no change\n\nEvery request gets the same role or error from `%s` as from `%s`.\n", code(d.New), code(d.Old))
		return
	}
	fmt.Fprintf(b, "### rolemap diff: %s\n\nWho gets a different role from `%s` than from `%s`, with one request (a witness) for each change:\n\n",
		plural(len(changes), "change"), code(d.New), code(d.Old))
	fmt.Fprintln(b, "| Who | Before | After | Witness |")
	fmt.Fprintln(b, "|---|---|---|---|")
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
			codeN(compact(witnessOf(ch)), maxWitness))
		if b.Len()+len(row) > budget {
			fmt.Fprintf(b, "\n%s not shown: a comment holds at most %d characters. The whole list: `rolemap diff --format json %s %s` (or text), for example as a workflow artifact.\n",
				plural(len(changes)-i, "more change"), MaxComment, code(shellWord(d.Old)), code(shellWord(d.New)))
			break
		}
		b.WriteString(row)
	}
	if d.Partial != "" {
		fmt.Fprintf(b, "\n> [!WARNING]\n> The list is partial: %s.\n", oneLine(clip.Line(clip.String(d.Partial))))
	}
}

// errWriter keeps the first error of w.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// outcomeText writes an outcome (with a trust refusal's reason) and the
// tags of a change of scope "tags".
func outcomeText(o Outcome, tags map[string]string) string {
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

func outcomeCell(o Outcome, rule string, tags map[string]string) string {
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
// end it, and a newline the row; control and invisible characters are
// escaped (clip.Name) and a long text is cut to a bounded prefix (clip.String).
func code(s string) string { return codeN(s, clip.MaxQuoted) }

// codeN is code with a limit of n bytes of s.
func codeN(s string, n int) string {
	if len(s) > n {
		s = clipBytes(s, n) + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(clip.Name(s))
}
