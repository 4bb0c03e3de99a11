package diag

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
)

// SARIFFingerprint is the key of the partialFingerprints [WriteSARIF]
// writes.
const SARIFFingerprint = "rolemapFinding/v1"

// Tool names the tool of a SARIF log.
type Tool struct {
	Name, Version, InformationURI string
}

// WriteSARIF writes diagnostics as a SARIF 2.1.0 log, as GitHub code
// scanning reads it: one run of tool, with one rule per rule of cat (its
// summary, help, default level and security severity), then one per other
// code the diagnostics have, and one result per diagnostic: its code,
// level, message and fix, its file, line and column, its related paths,
// and a partial fingerprint that is stable while the diagnostic stays: a
// hash of its code, file, pool and path (and a count, for diagnostics
// alike), not of its line, so that a diagnostic moved by an edit above it
// is the same alert.
func WriteSARIF(w io.Writer, tool Tool, cat *Catalogue, ds []Diagnostic) error {
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
	type props struct {
		Tags             []string `json:"tags"`
		SecuritySeverity string   `json:"security-severity"`
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
	type tooljs struct {
		Driver driver `json:"driver"`
	}
	type run struct {
		Tool       tooljs   `json:"tool"`
		ColumnKind string   `json:"columnKind"`
		Results    []result `json:"results"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}

	text := func(s string) message { return message{sarifText(s)} }
	toRule := func(r Rule) rule {
		return rule{ID: r.Code, Name: ruleName(r.Code),
			ShortDescription: text(r.Summary), FullDescription: text(r.Help), Help: text(r.Help),
			HelpURI: r.HelpURI, DefaultConfiguration: config{r.Severity.String()},
			Properties: props{Tags: r.Tags, SecuritySeverity: r.SecuritySeverity}}
	}
	index := map[string]int{}
	known := map[string]Rule{}
	rules := []rule{}
	if cat != nil {
		for _, r := range cat.Rules {
			if _, dup := index[r.Code]; dup {
				continue
			}
			index[r.Code], known[r.Code] = len(rules), r
			rules = append(rules, toRule(r))
		}
	}
	seen := map[string]int{}
	results := []result{}
	for _, d := range ds {
		sev := d.Severity
		if sev == 0 {
			sev = SeverityWarning
			if r, ok := known[d.Code]; ok && r.Severity != 0 {
				sev = r.Severity
			}
		}
		i, ok := index[d.Code]
		if !ok {
			// A code the catalogue does not list: give it a rule, once.
			i = len(rules)
			index[d.Code] = i
			rules = append(rules, toRule(cat.other(d.Code, sev)))
		}
		path := d.Path.String()
		msg := d.Message
		if d.Fix != "" {
			msg += " Fix: " + d.Fix
		}
		name := path
		if d.Pool != "" {
			name = d.Pool + ": " + path
			msg = d.Pool + ": " + msg
		}
		if path != "" {
			msg = path + ": " + msg
		}
		loc := location{PhysicalLocation: physical{ArtifactLocation: artifact{d.Range.File}, Region: region(d.Range)}}
		if name != "" {
			loc.LogicalLocations = []logical{{FullyQualifiedName: name, Kind: "member"}}
		}
		r := result{RuleID: d.Code, RuleIndex: i, Level: sev.String(), Message: text(msg), Locations: []location{loc}}
		for k, rel := range d.Related {
			id := k + 1
			at := Range{}
			if k < len(d.RelatedRanges) {
				at = d.RelatedRanges[k]
			}
			r.RelatedLocations = append(r.RelatedLocations, location{ID: &id,
				PhysicalLocation: physical{ArtifactLocation: artifact{d.Range.File}, Region: region(at)}, Message: &message{sarifText(rel.String())}})
		}
		key := d.Code + "\x00" + d.Range.File + "\x00" + d.Pool + "\x00" + path
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		r.PartialFingerprints = map[string]string{SARIFFingerprint: hex.EncodeToString(sum[:16])}
		results = append(results, r)
	}
	return writeIndented(w, log{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []run{{
			Tool:       tooljs{driver{Name: tool.Name, Version: tool.Version, InformationURI: tool.InformationURI, Rules: rules}},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	}, "  ")
}

// sarifText escapes s for a SARIF message's text: in a plain text
// message, [text](uri) is an embedded link (SARIF 2.1.0 §3.11.6), so a
// diagnostic quoting a hostile document could show a link to anywhere; the
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

// region writes r as a region; an unknown place is line 1.
func region(r Range) sarifRegion {
	if r.Line == 0 {
		return sarifRegion{StartLine: 1}
	}
	return sarifRegion{StartLine: r.Line, StartColumn: r.Column}
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
