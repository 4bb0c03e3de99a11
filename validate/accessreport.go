package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// This file writes an [AccessReport] as JSON and as text; accessmarkdown.go
// writes it as a pull-request comment. The writers keep the report's order
// (roles by ARN, paths by flow then identity, findings in Lint's order, as
// [AccessReport] documents it) and write every map in key order, so the
// same report always gives the same bytes.

// accessJSON is the JSON form of an [AccessReport]: its members, in the
// order the reference's access report shows them, with every list and map
// written ([] and {} when empty) and each witness in its flow's shape.
type accessJSON struct {
	IdentityPoolID string        `json:"identityPoolId"`
	Complete       bool          `json:"complete"`
	Unknowns       []Unknown     `json:"unknowns"`
	Identities     []string      `json:"identities"`
	Roles          []roleJSON    `json:"roles"`
	Findings       []findingJSON `json:"findings"`
}

type roleJSON struct {
	ARN   string     `json:"arn"`
	Trust string     `json:"trust"`
	Paths []pathJSON `json:"paths"`
}

type pathJSON struct {
	Flow       Flow                `json:"flow"`
	Identity   string              `json:"identity"`
	Via        []string            `json:"via"`
	Certainty  Certainty           `json:"certainty"`
	Why        []string            `json:"why"`
	Conditions []Condition         `json:"conditions"`
	ScopedDown bool                `json:"scopedDown"`
	Tags       map[string]string   `json:"tags"`
	Selectable map[string][]string `json:"selectable"`
	Witness    any                 `json:"witness"`
}

type findingJSON struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Message  string `json:"message"`
	Witness  any    `json:"witness"` // null for a finding about no path
}

// enhancedWitnessJSON is an enhanced witness: the request a case file
// resolves.
type enhancedWitnessJSON struct {
	Flow          Flow           `json:"flow"`
	Login         string         `json:"login"`
	Claims        map[string]any `json:"claims"`
	CustomRoleArn string         `json:"customRoleArn"`
	witnessExtras
}

// witnessExtras are what a witness needs beyond the request when it has
// them: the identity ID the trust policy sees, a developer identity's user
// identifier and the principal tags its backend passes.
type witnessExtras struct {
	IdentityID      string            `json:"identityId,omitempty"`
	DeveloperUserID string            `json:"developerUserId,omitempty"`
	DeveloperTags   map[string]string `json:"developerTags,omitempty"`
}

// basicWitnessJSON is a basic witness: the token STS is given and the role
// named.
type basicWitnessJSON struct {
	Flow    Flow           `json:"flow"`
	Login   string         `json:"login"`
	Claims  map[string]any `json:"claims"`
	RoleArn string         `json:"roleArn"`
	AMR     []string       `json:"amr"`
	witnessExtras
}

// orEmpty returns s, or an empty list for nil, so that JSON writes [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// witnessJSON is the JSON form of a witness, in its flow's shape.
func witnessJSON(w PathWitness) any {
	claims := w.Claims
	if claims == nil {
		claims = map[string]any{}
	}
	extras := witnessExtras{w.IdentityID, w.DeveloperUserID, w.DeveloperTags}
	if w.Flow == FlowBasic {
		return basicWitnessJSON{Flow: w.Flow, Login: w.Login, Claims: claims, RoleArn: w.RoleArn, AMR: orEmpty(w.AMR), witnessExtras: extras}
	}
	return enhancedWitnessJSON{Flow: w.Flow, Login: w.Login, Claims: claims, CustomRoleArn: w.CustomRoleArn, witnessExtras: extras}
}

// accessSeverity is the severity of an access finding: per finding, as the
// finding's code and the path it is about decide (an escalating
// user-writable-claim is an error, another a warning).
func accessSeverity(f AccessFinding) Severity {
	if f.Severity != 0 {
		return f.Severity
	}
	return severityOf(f.Code)
}

// jsonForm turns r into its JSON form.
func (r *AccessReport) jsonForm() accessJSON {
	out := accessJSON{IdentityPoolID: r.IdentityPoolID, Complete: r.Complete, Unknowns: orEmpty(r.Unknowns),
		Identities: orEmpty(r.Identities), Roles: make([]roleJSON, 0, len(r.Roles)), Findings: make([]findingJSON, 0, len(r.Findings))}
	for _, role := range r.Roles {
		rj := roleJSON{ARN: role.ARN, Trust: role.Trust, Paths: make([]pathJSON, 0, len(role.Paths))}
		for _, p := range role.Paths {
			tags, sel := p.Tags, p.Selectable
			if tags == nil {
				tags = map[string]string{}
			}
			if sel == nil {
				sel = map[string][]string{}
			}
			rj.Paths = append(rj.Paths, pathJSON{Flow: p.Flow, Identity: p.Identity, Via: orEmpty(p.Via), Certainty: p.Certainty,
				Why: orEmpty(p.Why), Conditions: orEmpty(p.Conditions), ScopedDown: p.ScopedDown, Tags: tags, Selectable: sel,
				Witness: witnessJSON(p.Witness)})
		}
		out.Roles = append(out.Roles, rj)
	}
	for _, f := range r.Findings {
		fj := findingJSON{Code: f.Code, Severity: accessSeverity(f).String(), Path: f.Path.String(), Message: f.Message}
		if f.Witness != nil {
			fj.Witness = witnessJSON(*f.Witness)
		}
		out.Findings = append(out.Findings, fj)
	}
	return out
}

// WriteJSON writes r as one indented JSON document, the access report of
// the package docs: identityPoolId, complete, unknowns, identities, roles
// (each with its arn, trust and paths) and findings (code, severity,
// path, message, witness — null for a finding about no path). Every list
// and map is written, [] or {} when empty; an enhanced witness holds flow,
// login, claims and customRoleArn, a basic one flow, login, claims,
// roleArn and amr, each with identityId, developerUserId and developerTags
// when the witness sets them. HTML characters are kept as they are, and
// the characters a terminal acts on that encoding/json leaves raw (DEL,
// the C1 controls, bidirectional controls) are written as \u escapes.
func (r *AccessReport) WriteJSON(w io.Writer) error {
	return writeIndentedJSON(w, r.jsonForm())
}

// WriteAccessJSON writes reports as one indented JSON array, each element
// in [AccessReport.WriteJSON]'s shape: what rolemap access
// --format json prints for the pools of its inputs.
func WriteAccessJSON(w io.Writer, reports []*AccessReport) error {
	all := make([]accessJSON, 0, len(reports))
	for _, r := range reports {
		all = append(all, r.jsonForm())
	}
	return writeIndentedJSON(w, all)
}

func writeIndentedJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "    ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(clip.JSON(buf.Bytes()))
	return err
}

// maxConditionsShown is the most conditions, unknowns or tags a text line
// or a table cell lists; the rest are counted.
const maxConditionsShown = 8

// WriteText writes r as lines of text: a summary of the pool, one line per
// path ("ROLE: FLOW IDENTITY via VIA, CERTAINTY; …" with the unknowns it
// rests on, its conditions with who controls each claim, its tags and its
// witness), a line for each role no path reaches, then one line per
// unknown and per finding. Every text from the deployment (ARNs, identity
// names, claims, messages) is escaped for a terminal, invisible
// characters included, and bounded (clip.Name, clip.String): a line holds
// at most a few kilobytes whatever the report holds.
func (r *AccessReport) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	paths := 0
	for _, role := range r.Roles {
		paths += len(role.Paths)
	}
	state := "complete"
	if !r.Complete {
		state = "incomplete: " + plural(len(r.Unknowns), "unknown")
	}
	fmt.Fprintf(ew, "identity pool %s: %s, %s, %s (%s)\n", textField(r.IdentityPoolID), plural(len(r.Identities), "identity kind"),
		plural(len(r.Roles), "role"), plural(paths, "path"), state)
	for _, role := range r.Roles {
		arn := textField(role.ARN)
		if len(role.Paths) == 0 {
			fmt.Fprintf(ew, "%s: no path (trust %s)\n", arn, textField(role.Trust))
		}
		for _, p := range role.Paths {
			fmt.Fprintf(ew, "%s: %s\n", arn, pathText(p, role.Trust))
		}
	}
	for _, u := range r.Unknowns {
		id := u.ID
		if id == "" {
			id = "note"
		}
		fmt.Fprintf(ew, "unknown %s: %s\n", textField(id), messageText(u.Message))
	}
	for _, f := range r.Findings {
		what := messageText(f.Message)
		if len(f.Path) > 0 {
			what = clip.Line(clip.Path(f.Path.String())) + ": " + what
		}
		fmt.Fprintf(ew, "%s %s %s\n", accessSeverity(f), textField(f.Code), what)
	}
	return ew.err
}

// pathText writes a path on one line, without its role.
func pathText(p Path, trust string) string {
	var b strings.Builder
	b.WriteString(textField(string(p.Flow)) + " " + textField(p.Identity))
	if len(p.Via) > 0 {
		b.WriteString(" via " + joinShown(p.Via, textField))
	}
	b.WriteString(", " + textField(string(p.Certainty)))
	if len(p.Why) > 0 {
		b.WriteString(" (" + joinShown(p.Why, textField) + ")")
	}
	if p.ScopedDown {
		b.WriteString("; scoped down")
	}
	if trust != "" && trust != "verified" {
		b.WriteString("; trust " + textField(trust))
	}
	if len(p.Conditions) > 0 {
		b.WriteString("; if " + joinShown(p.Conditions, conditionText))
	}
	if len(p.Tags) > 0 {
		b.WriteString("; tags " + joinShown(slices.Sorted(maps.Keys(p.Tags)), func(k string) string {
			return textField(k) + "←" + textField(p.Tags[k])
		}))
	}
	if len(p.Selectable) > 0 {
		b.WriteString("; selectable " + joinShown(slices.Sorted(maps.Keys(p.Selectable)), func(u string) string {
			return textField(u) + " " + strconv.Itoa(len(p.Selectable[u])) + " roles"
		}))
	}
	b.WriteString("; witness " + witnessText(p.Witness))
	return b.String()
}

// conditionText writes a condition as "CLAIM TEST (CONTROLLER)".
func conditionText(c Condition) string {
	return textField(c.Claim) + " " + textField(c.Test) + " (" + textField(c.Controller) + ")"
}

// witnessText writes a witness as one line of JSON, at most maxWitness
// bytes of it, escaped for a terminal.
func witnessText(w PathWitness) string {
	s := compact(witnessJSON(w))
	if len(s) > maxWitness {
		s = clipBytes(s, maxWitness) + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return clip.Name(s)
}

// textField makes a text of the deployment safe on one line of a terminal
// and bounded.
func textField(s string) string { return clip.Name(clip.String(s)) }

// messageText makes a finding's or an unknown's message safe on one line
// of a terminal, at most maxMessage bytes of it.
func messageText(s string) string {
	if len(s) > maxMessage {
		s = clipBytes(s, maxMessage) + "… (" + strconv.Itoa(len(s)) + " bytes)"
	}
	return clip.Name(s)
}

// joinShown writes at most maxConditionsShown items of list with show,
// comma-separated, then how many more there are.
func joinShown[T any](list []T, show func(T) string) string {
	parts := make([]string, 0, min(len(list), maxConditionsShown+1))
	for i, v := range list {
		if i == maxConditionsShown {
			parts = append(parts, "and "+strconv.Itoa(len(list)-i)+" more")
			break
		}
		parts = append(parts, show(v))
	}
	return strings.Join(parts, ", ")
}
