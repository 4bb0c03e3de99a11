package validate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/jsonpos"
)

// Position is a place in a file: 1-based line and column, the column
// counting Unicode code points.
type Position struct {
	Line, Column int
}

// Positions returns where each path is in a JSON document: the line and
// column of the member the path names (its name; an array element's first
// character), or, for a member the document lacks, of the nearest one that
// encloses it, so that a finding about a missing member points at the
// object that lacks it. The paths are in the syntax [Lint], [Pool]
// and [LintDocument] write them for a pool document, or the JSON paths of a
// template or plan (iac.Result.Origin, iac.Error). A path of the whole
// document ("") is its first value. All paths are placed in one pass over
// the document, linear in its size.
func Positions(document []byte, paths []string) []Position {
	out := make([]Position, len(paths))
	for i, p := range jsonpos.Locate(document, paths) {
		out[i] = Position{Line: p.Line, Column: p.Column}
	}
	return out
}

// Located is a finding placed in a file, for [WriteSARIF].
type Located struct {
	Finding
	// URI is the file, as a SARIF artifactLocation: for GitHub code
	// scanning, its path relative to the repository root, with forward
	// slashes.
	URI string
	// Pool names the pool inside a file that defines several (a template's
	// logical ID, a plan's resource address); "" for a pool document.
	Pool string
	// At is where the finding is ([Positions]); a zero line is written as
	// line 1.
	At Position
	// RelatedAt are where the finding's Related paths are, in their order;
	// it may be nil.
	RelatedAt []Position
}

// SARIFFingerprint is the key of the partialFingerprints WriteSARIF writes.
const SARIFFingerprint = "rolemapFinding/v1"

// WriteSARIF writes findings as a SARIF 2.1.0 log, as GitHub code scanning
// reads it: one run of the tool "rolemap" (version toolVersion), with one
// rule per code of [Checks] (its summary, help and default level) and one
// result per finding: its code, level, message and fix, its file, line and
// column, its related fields, and a partial fingerprint that is stable
// while the finding stays: a hash of its code, pool and path (and a count,
// for findings alike), not of its line, so that a finding moved by an edit
// above it is the same alert.
func WriteSARIF(w io.Writer, toolVersion string, findings []Located) error {
	type message struct {
		Text string `json:"text"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact    `json:"artifactLocation"`
		Region           sarifRegion `json:"region"`
	}
	type logical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	type location struct {
		ID               *int      `json:"id,omitempty"`
		PhysicalLocation physical  `json:"physicalLocation"`
		LogicalLocations []logical `json:"logicalLocations,omitempty"`
		Message          *message  `json:"message,omitempty"`
	}
	type result struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             message           `json:"message"`
		Locations           []location        `json:"locations"`
		RelatedLocations    []location        `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	type config struct {
		Level string `json:"level"`
	}
	type rule struct {
		ID                   string  `json:"id"`
		Name                 string  `json:"name"`
		ShortDescription     message `json:"shortDescription"`
		FullDescription      message `json:"fullDescription"`
		Help                 message `json:"help"`
		HelpURI              string  `json:"helpUri"`
		DefaultConfiguration config  `json:"defaultConfiguration"`
		Properties           props   `json:"properties"`
	}
	type driver struct {
		Name           string `json:"name"`
		Version        string `json:"version,omitempty"`
		InformationURI string `json:"informationUri"`
		Rules          []rule `json:"rules"`
	}
	type tool struct {
		Driver driver `json:"driver"`
	}
	type run struct {
		Tool       tool     `json:"tool"`
		ColumnKind string   `json:"columnKind"`
		Results    []result `json:"results"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}

	text := func(s string) message { return message{sarifText(s)} }
	index := map[string]int{}
	var rules []rule
	for i, c := range checks {
		index[c.Code] = i
		rules = append(rules, rule{
			ID: c.Code, Name: ruleName(c.Code),
			ShortDescription: text(c.Summary), FullDescription: text(c.Help), Help: text(c.Help),
			HelpURI:              "https://pkg.go.dev/github.com/rolemapping/rolemapping/validate#pkg-constants",
			DefaultConfiguration: config{c.Severity.String()},
			Properties:           propsOf(c.Code, c.Severity),
		})
	}
	seen := map[string]int{}
	results := []result{}
	for _, f := range findings {
		i, ok := index[f.Code]
		if !ok {
			// A code of no check (a caller's own): give it a rule, once.
			i = len(rules)
			index[f.Code] = i
			rules = append(rules, rule{ID: f.Code, Name: ruleName(f.Code), ShortDescription: text(f.Code),
				FullDescription: text(f.Code), Help: text(f.Code), HelpURI: "https://github.com/rolemapping/rolemapping",
				DefaultConfiguration: config{f.Severity().String()}, Properties: propsOf(f.Code, f.Severity())})
		}
		text := f.Message
		if f.Fix != "" {
			text += " Fix: " + f.Fix
		}
		name := f.Path
		if f.Pool != "" {
			name = f.Pool + ": " + f.Path
			text = f.Pool + ": " + text
		}
		if f.Path != "" {
			text = f.Path + ": " + text
		}
		loc := location{PhysicalLocation: physical{ArtifactLocation: artifact{f.URI}, Region: place(f.At)}}
		if name != "" {
			loc.LogicalLocations = []logical{{FullyQualifiedName: name, Kind: "member"}}
		}
		r := result{RuleID: f.Code, RuleIndex: i, Level: f.Severity().String(), Message: message{sarifText(text)},
			Locations: []location{loc}}
		for k, rel := range f.Related {
			id := k + 1
			at := Position{}
			if k < len(f.RelatedAt) {
				at = f.RelatedAt[k]
			}
			r.RelatedLocations = append(r.RelatedLocations, location{ID: &id,
				PhysicalLocation: physical{ArtifactLocation: artifact{f.URI}, Region: place(at)}, Message: &message{sarifText(rel)}})
		}
		key := f.Code + "\x00" + f.URI + "\x00" + f.Pool + "\x00" + f.Path
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		r.PartialFingerprints = map[string]string{SARIFFingerprint: hex.EncodeToString(sum[:16])}
		results = append(results, r)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(log{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []run{{
			Tool:       tool{driver{Name: "rolemap", Version: toolVersion, InformationURI: "https://github.com/rolemapping/rolemapping", Rules: rules}},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	})
	if err != nil {
		return err
	}
	_, err = w.Write(clip.JSON(buf.Bytes()))
	return err
}

// sarifText escapes s for a SARIF message's text: in a plain text
// message, [text](uri) is an embedded link (SARIF 2.1.0 §3.11.6), so a
// finding quoting a hostile document could show a link to anywhere; the
// standard's escape, a backslash before each [ and ], keeps them literal.
// The few characters a terminal acts on that encoding/json leaves raw
// (DEL, C1 and bidi controls) are escaped when the log is written.
func sarifText(s string) string {
	if !strings.ContainsAny(s, "[]") {
		return s
	}
	return strings.NewReplacer("[", `\[`, "]", `\]`).Replace(s)
}

// sarifRegion is a SARIF region: a start line and column.
type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// place writes p as a region; an unknown place is line 1.
func place(p Position) sarifRegion {
	if p.Line == 0 {
		return sarifRegion{StartLine: 1}
	}
	return sarifRegion{StartLine: p.Line, StartColumn: p.Column}
}

// ruleName is a code in SARIF's PascalCase name form: unreachable-rule is
// UnreachableRule.
func ruleName(code string) string {
	b := []byte{}
	up := true
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c == '-' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b = append(b, c)
	}
	return string(b)
}

// props are a SARIF rule's properties: the tags and the security severity
// GitHub code scanning reads to rank an alert (a number from 0.0 to 10.0
// as a string: 9.0 and over critical, 7.0 high, 4.0 medium, below low).
type props struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
}

// escalations are the findings that let someone obtain a role they should
// not have: a claim its holder writes, a role any identity pool or a guest
// can assume, a substring rule that admits more than it names.
var escalations = map[string]bool{
	CodeUserWritableClaim: true, CodeTrustNoAud: true, CodeTrustNoAMR: true, CodeSubstringMatch: true,
	CodeClassicFlowExposesRole: true, CodeUserWritablePrincipalTag: true, CodeSelfSignupGrantsRole: true, CodeCustomRoleChoice: true,
}

// propsOf gives a rule its ranking: 8.0 (high) for the findings that let
// someone obtain a role they should not have, 7.0 (high) for a pool or role
// AWS refuses (an error: every request it concerns fails), 4.0 (medium)
// for the other warnings.
func propsOf(code string, sev Severity) props {
	switch {
	case escalations[code]:
		return props{Tags: []string{"security", "access"}, SecuritySeverity: "8.0"}
	case sev == SeverityError:
		return props{Tags: []string{"security", "correctness"}, SecuritySeverity: "7.0"}
	}
	return props{Tags: []string{"security", "maintainability"}, SecuritySeverity: "4.0"}
}
