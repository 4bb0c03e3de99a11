package validate

import (
	"fmt"
	"io"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// This file writes the access part of a [DiffReport] ([DiffReport.Access],
// from [DiffAccess]) in each of its formats.

// kindChange is a path change with its kind: "gained", "certainty" or
// "lost".
type kindChange struct {
	kind string
	ch   AccessChange
}

// accessChanges lists a diff's path changes with their kind, in the
// order the writers show them: gained, certainty, lost.
func (a *AccessDiff) accessChanges() []kindChange {
	var out []kindChange
	for _, ch := range a.Gained {
		out = append(out, kindChange{"gained", ch})
	}
	for _, ch := range a.Certainty {
		out = append(out, kindChange{"certainty", ch})
	}
	for _, ch := range a.Lost {
		out = append(out, kindChange{"lost", ch})
	}
	return out
}

// accessSummary says how many access changes there are and whether the
// list is whole: "no access change" only for a complete, empty diff.
func (a *AccessDiff) accessSummary() string {
	n := len(a.Gained) + len(a.Lost) + len(a.Certainty) + len(a.NewFindings) + len(a.GoneFindings)
	switch {
	case !a.Complete:
		return fmt.Sprintf("%s; the comparison is incomplete, so this may not be all: %s", plural(n, "access change"), strings.Join(a.Incomplete, "; "))
	case n == 0:
		return "no access change"
	}
	return plural(n, "access change")
}

// writeAccessText writes the access changes as text: a line per path
// gained, whose certainty changed or lost, with the witness of the side
// holding it; a line per finding new or gone; then the summary.
func (a *AccessDiff) writeAccessText(w io.Writer) {
	for _, c := range a.accessChanges() {
		fmt.Fprintf(w, "access %s: %s\n\twitness: %s\n", c.kind, messageText(c.ch.Message), witnessText(c.ch.Witness))
	}
	for _, f := range a.NewFindings {
		fmt.Fprintf(w, "access new finding: %s\n", findingText(f))
	}
	for _, f := range a.GoneFindings {
		fmt.Fprintf(w, "access gone finding: %s\n", findingText(f))
	}
	fmt.Fprintf(w, "access: %s\n", messageText(a.accessSummary()))
}

// findingText writes an access finding on one line: "SEVERITY CODE PATH:
// MESSAGE".
func findingText(f AccessFinding) string {
	what := messageText(f.Message)
	if len(f.Path) > 0 {
		what = clip.Line(clip.Path(f.Path.String())) + ": " + what
	}
	return accessSeverity(f).String() + " " + textField(f.Code) + " " + what
}

// writeAccessGitHub writes a warning annotation per access change and per
// new finding, and a notice when the comparison is incomplete.
func (a *AccessDiff) writeAccessGitHub(w io.Writer, file string) {
	for _, c := range a.accessChanges() {
		fmt.Fprintln(w, clip.WorkflowCommand("warning", c.ch.Message+"\nwitness: "+compact(witnessJSON(c.ch.Witness)),
			"file", file, "title", "rolemap diff: access "+c.kind))
	}
	for _, f := range a.NewFindings {
		fmt.Fprintln(w, clip.WorkflowCommand("warning", f.Code+" "+f.Path.String()+": "+f.Message, "file", file, "title", "rolemap diff: new access finding"))
	}
	if !a.Complete {
		fmt.Fprintln(w, clip.WorkflowCommand("notice", a.accessSummary(), "file", file, "title", "rolemap diff: access comparison incomplete"))
	}
}

// accessMarkdown writes the access changes as a section of a comment:
// a table of the path changes and a line per finding new or gone, as many
// as budget bytes hold, the rest counted; and a warning when the
// comparison is incomplete.
func (a *AccessDiff) accessMarkdown(budget int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n#### Access: %s\n", mdText(a.accessSummary(), maxMessage))
	changes := a.accessChanges()
	shown := 0
	if len(changes) > 0 {
		b.WriteString("\n| Change | Who | Role | Flow | Certainty | Witness |\n|---|---|---|---|---|---|\n")
		for _, c := range changes {
			cert := mdText(string(c.ch.New), clip.MaxQuoted)
			if c.kind != "gained" {
				cert = mdText(string(c.ch.Old), clip.MaxQuoted) + " → " + cmpOr(mdText(string(c.ch.New), clip.MaxQuoted), "none")
			}
			row := fmt.Sprintf("| %s | `%s` | `%s` | %s | %s | `%s` |\n", c.kind, code(c.ch.Identity), code(roleName(c.ch.Role)),
				mdText(string(c.ch.Flow), clip.MaxQuoted), cert, codeN(compact(witnessJSON(c.ch.Witness)), maxWitness))
			if b.Len()+len(row) > budget-512 {
				break
			}
			b.WriteString(row)
			shown++
		}
	}
	lines := 0
	for i, list := range [][]AccessFinding{a.NewFindings, a.GoneFindings} {
		for _, f := range list {
			l := "- **" + [2]string{"new", "gone"}[i] + "** " + accessSeverity(f).String() + " `" + code(f.Code) + "`"
			if len(f.Path) > 0 {
				l += " `" + codeN(f.Path.String(), clip.MaxPath) + "`"
			}
			l += ": " + mdText(f.Message, maxMessage) + "\n"
			if lines == 0 {
				l = "\n" + l
			}
			if b.Len()+len(l) > budget-256 {
				break
			}
			b.WriteString(l)
			lines++
		}
	}
	if left := len(changes) - shown + len(a.NewFindings) + len(a.GoneFindings) - lines; left > 0 {
		fmt.Fprintf(&b, "\n%s not shown: a comment holds at most %d characters. All of them: `rolemap diff --format text` (or json).\n",
			plural(left, "more access change"), MaxComment)
	}
	return b.String()
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
