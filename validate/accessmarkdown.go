package validate

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

const (
	// maxGraphEdges is the most paths a pool's graph draws: Mermaid
	// refuses a graph of more than 500 edges, and a larger one is not
	// readable in a comment anyway. A pool with more paths gets the table
	// alone.
	maxGraphEdges = 200
	// maxMessage is the most bytes of a finding's or unknown's message a
	// comment quotes.
	maxMessage = 1000
)

// WriteMarkdown writes r as a pull-request comment: see
// [WriteAccessMarkdown].
func (r *AccessReport) WriteMarkdown(w io.Writer) error {
	return WriteAccessMarkdown(w, []*AccessReport{r})
}

// WriteAccessMarkdown writes reports as one pull-request comment, a
// section per pool: a Mermaid flowchart of identity kinds to roles (one
// edge per path, labelled by its flow, dashed for a possible path), which
// GitHub renders; the table | Role | Flow | Identity | Via | Certainty |
// Notes | in the report's order (roles by name, notes: scoped down, the
// unknowns a path rests on, its conditions with who controls each claim);
// the roles no path reaches; the unknowns; then one line per finding,
// "- **error** `code` `path`: message".
//
// The comment stays within GitHub's limit ([MaxComment] characters)
// whatever the reports hold: the pools share it, a graph of more than 200
// edges or too many bytes is left out (the table says the same), and the
// rows, unknowns and findings that do not fit are counted, with how to get
// them all. Every text from a deployment is escaped: in the graph for
// Mermaid (a label cannot end its node or the diagram), in code spans and
// table cells for Markdown (a backtick or a bar cannot end them), in
// messages for Markdown and GitHub (no link, no emphasis, no @mention),
// and everywhere for a terminal, control and invisible characters
// (zero-width space, byte order mark, soft hyphen) written as escapes
// (clip.Name), each bounded.
func WriteAccessMarkdown(w io.Writer, reports []*AccessReport) error {
	var b strings.Builder
	if len(reports) == 0 {
		b.WriteString("### rolemap access: no identity pool\n")
	}
	used := 0
	for i, r := range reports {
		if i > 0 {
			b.WriteString("\n")
		}
		// A fair share of what is left, or enough for a pool's summary and
		// findings when many pools share the comment.
		left := markdownBudget - used
		share := max(left/(len(reports)-i), min(left, 4096))
		if left < 1024 {
			fmt.Fprintf(&b, "%s not shown: a comment holds at most %d characters. All of them: `rolemap access --format text` (or json).\n",
				plural(len(reports)-i, "more identity pool"), MaxComment)
			break
		}
		start := b.Len()
		r.markdown(&b, share)
		used += b.Len() - start
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdown writes r's section within budget bytes.
func (r *AccessReport) markdown(b *strings.Builder, budget int) {
	paths := 0
	for _, role := range r.Roles {
		paths += len(role.Paths)
	}
	fmt.Fprintf(b, "### rolemap access: `%s`\n\n", code(r.IdentityPoolID))
	fmt.Fprintf(b, "%s, %s, %s; ", plural(len(r.Identities), "identity kind"), plural(len(r.Roles), "role"), plural(paths, "path"))
	if r.Complete {
		b.WriteString("complete.\n\n")
	} else {
		fmt.Fprintf(b, "**incomplete**: the report rests on %s (listed below).\n\n", plural(len(r.Unknowns), "unknown"))
	}
	budget -= b.Len()
	// The findings and unknowns get up to a third of the budget, the
	// graph another; the table what is left.
	notes := r.markdownNotes(budget / 3)
	graph := r.mermaid(budget/3, paths)
	r.markdownTable(b, budget-len(notes), graph)
	b.WriteString(notes)
}

// roleNames names each role as the table and the graph show it: the part
// of its ARN after the account (role/Gold), or the whole ARN when two
// roles of the report share that name.
func (r *AccessReport) roleNames() []string {
	names := make([]string, len(r.Roles))
	count := map[string]int{}
	for i, role := range r.Roles {
		names[i] = roleName(role.ARN)
		count[names[i]]++
	}
	for i, role := range r.Roles {
		if count[names[i]] > 1 {
			names[i] = role.ARN
		}
	}
	return names
}

// roleName is the part of an ARN after its account ("role/Gold"), or the
// ARN when it has no such part.
func roleName(arn string) string {
	rest := arn
	for range 5 {
		_, after, ok := strings.Cut(rest, ":")
		if !ok {
			return arn
		}
		rest = after
	}
	if rest == "" {
		return arn
	}
	return rest
}

// mermaid writes the pool's graph, or a sentence saying why it is left
// out ("" when there is nothing to draw).
func (r *AccessReport) mermaid(budget, paths int) string {
	if paths == 0 {
		return ""
	}
	if paths > maxGraphEdges {
		return fmt.Sprintf("The graph is left out: %s, more than the %d a comment's graph draws.\n\n", plural(paths, "path"), maxGraphEdges)
	}
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	ids := map[string]string{}
	node := func(identity string) string {
		if id, ok := ids[identity]; ok {
			return id
		}
		id := "i" + strconv.Itoa(len(ids))
		ids[identity] = id
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", id, mermaidText(identity))
		return id
	}
	for _, k := range r.Identities {
		node(k)
	}
	names := r.roleNames()
	for i := range r.Roles {
		fmt.Fprintf(&b, "  r%d[\"%s\"]\n", i, mermaidText(names[i]))
	}
	for i, role := range r.Roles {
		for _, p := range role.Paths {
			arrow := "-->"
			if p.Certainty != Certain {
				arrow = "-.->"
			}
			fmt.Fprintf(&b, "  %s %s|%s| r%d\n", node(p.Identity), arrow, flowLabel(p.Flow), i)
		}
	}
	b.WriteString("```\n\n")
	if b.Len() > budget {
		return fmt.Sprintf("The graph is left out: its %d bytes do not fit the comment with the table.\n\n", b.Len())
	}
	return b.String()
}

// flowLabel is an edge's label: the flow, which the report may only hold
// as one of two words.
func flowLabel(f Flow) string {
	switch f {
	case FlowEnhanced, FlowBasic:
		return string(f)
	}
	return "other"
}

// mermaidText makes s safe inside a quoted Mermaid label: a quote would
// end the label and a backtick the code block, and Mermaid reads # as the
// start of an entity and < > & as HTML; each is written as a Mermaid
// entity code (#quot;). Control and invisible characters are escaped
// (clip.Name) and the text bounded.
func mermaidText(s string) string {
	return strings.NewReplacer("#", "#35;", `"`, "#quot;", "`", "#96;", "<", "#lt;", ">", "#gt;", "&", "#amp;").
		Replace(clip.Name(clip.String(s)))
}

// markdownTable writes the table of paths, as many rows as budget bytes
// hold, and the roles no path reaches.
func (r *AccessReport) markdownTable(b *strings.Builder, budget int, graph string) {
	start := b.Len()
	b.WriteString(graph)
	names := r.roleNames()
	var unreached []string
	rows, shown := 0, 0
	for _, role := range r.Roles {
		rows += len(role.Paths)
	}
	if rows > 0 {
		b.WriteString("| Role | Flow | Identity | Via | Certainty | Notes |\n|---|---|---|---|---|---|\n")
	}
	full := false
	for i, role := range r.Roles {
		if len(role.Paths) == 0 {
			unreached = append(unreached, names[i])
		}
		for _, p := range role.Paths {
			row := fmt.Sprintf("| `%s` | %s | `%s` | %s | %s | %s |\n", code(names[i]), mdText(string(p.Flow), clip.MaxQuoted),
				code(p.Identity), codeList(p.Via), mdText(string(p.Certainty), clip.MaxQuoted), pathNotes(p, role.Trust))
			if full || b.Len()-start+len(row) > budget-512 {
				full = true
				continue
			}
			b.WriteString(row)
			shown++
		}
	}
	if shown < rows {
		fmt.Fprintf(b, "\n%s not shown: a comment holds at most %d characters. All of them: `rolemap access --format text` (or json).\n",
			plural(rows-shown, "more path"), MaxComment)
	}
	if len(unreached) > 0 {
		line := "\nNo path reaches " + joinShown(unreached, func(n string) string { return "`" + code(n) + "`" }) + ".\n"
		if b.Len()-start+len(line) <= budget {
			b.WriteString(line)
		} else {
			fmt.Fprintf(b, "\nNo path reaches %s (not listed here).\n", plural(len(unreached), "role"))
		}
	}
	if rows == 0 && len(unreached) == 0 {
		b.WriteString("The deployment names no role.\n")
	}
}

// pathNotes is a path's Notes cell: scoped down, the trust when it is not
// verified, the unknowns the path rests on, its conditions with who
// controls each claim, and the tags it sets.
func pathNotes(p Path, trust string) string {
	var notes []string
	if p.ScopedDown {
		notes = append(notes, "scoped down")
	}
	if trust != "" && trust != "verified" {
		notes = append(notes, "trust "+mdText(trust, clip.MaxQuoted))
	}
	if len(p.Why) > 0 {
		notes = append(notes, "unknown: "+codeList(p.Why))
	}
	if len(p.Conditions) > 0 {
		notes = append(notes, "if "+joinShown(p.Conditions, func(c Condition) string {
			return "`" + code(c.Claim+" "+c.Test) + "` (" + mdText(c.Controller, clip.MaxQuoted) + ")"
		}))
	}
	if len(p.Tags) > 0 {
		notes = append(notes, "tags "+joinShown(slices.Sorted(maps.Keys(p.Tags)), func(k string) string {
			return "`" + code(k+"←"+p.Tags[k]) + "`"
		}))
	}
	if len(p.Selectable) > 0 {
		notes = append(notes, "selectable by "+joinShown(slices.Sorted(maps.Keys(p.Selectable)), func(u string) string {
			return "`" + code(u) + "`"
		}))
	}
	return strings.Join(notes, "; ")
}

// codeList writes items as code spans, comma-separated, at most
// maxConditionsShown of them.
func codeList(items []string) string {
	if len(items) == 0 {
		return ""
	}
	return joinShown(items, func(s string) string { return "`" + code(s) + "`" })
}

// markdownNotes writes the unknowns and the findings, as many as budget
// bytes hold, and counts the rest.
func (r *AccessReport) markdownNotes(budget int) string {
	var b strings.Builder
	lines := func(title string, n int, line func(i int) string, what string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n\n", title)
		for i := range n {
			l := line(i)
			if b.Len()+len(l) > budget-256 {
				fmt.Fprintf(&b, "- … %s not shown: a comment holds at most %d characters. All of them: `rolemap access --format text` (or json).\n",
					plural(n-i, "more "+what), MaxComment)
				return
			}
			b.WriteString(l)
		}
	}
	lines("Unknowns", len(r.Unknowns), func(i int) string {
		u := r.Unknowns[i]
		if u.ID == "" {
			return "- " + mdText(u.Message, maxMessage) + "\n"
		}
		return "- `" + code(u.ID) + "`: " + mdText(u.Message, maxMessage) + "\n"
	}, "unknown")
	if len(r.Findings) == 0 {
		b.WriteString("\nNo finding.\n")
	}
	lines("Findings", len(r.Findings), func(i int) string {
		f := r.Findings[i]
		l := "- **" + accessSeverity(f).String() + "** `" + code(f.Code) + "`"
		if len(f.Path) > 0 {
			l += " `" + codeN(f.Path.String(), clip.MaxPath) + "`"
		}
		return l + ": " + mdText(f.Message, maxMessage) + "\n"
	}, "finding")
	return b.String()
}

// mdText makes s safe as Markdown text on one line, at most n bytes of
// it: control and invisible characters are escaped (clip.Name), every character
// Markdown or a table reads as syntax is escaped with a backslash (no
// emphasis, link, HTML or cell border), and an @ before a name gets a
// zero-width space after it, so that GitHub pings no one.
func mdText(s string, n int) string {
	if len(s) > n {
		s = clipBytes(s, n) + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	s = clip.Name(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '!', '&', '(', ')', '{', '}':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '@':
			b.WriteByte(c)
			if i+1 < len(s) && isNameByte(s[i+1]) {
				b.WriteString("\u200b")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
