package validate_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

// TestSARIFEscapesLinks: a message quoting a document's text cannot make
// SARIF viewers show a link ([text](uri), SARIF 2.1.0 §3.11.6), and no
// character a terminal acts on is written raw.
func TestSARIFEscapesLinks(t *testing.T) {
	f := validate.Located{
		Code: validate.CodeUserWritableClaim, Path: P(`RoleMappings["x"]`),
		Message: "claim [click here](https://evil.example/) \u009b31m\x7f", Fix: "see [docs](https://evil.example/)",
		Related: []diag.Path{diag.Root("[related](https://evil.example/)")},
		Range:   diag.Range{File: "pool.json", Line: 1, Column: 1}, RelatedRanges: []diag.Range{{File: "pool.json", Line: 2, Column: 1}},
	}
	var buf bytes.Buffer
	if err := validate.WriteSARIF(&buf, "v1", []validate.Located{f}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						Help struct{ Text string }
					}
				}
			}
			Results []struct {
				Message          struct{ Text string }
				RelatedLocations []struct {
					Message struct{ Text string }
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results[0]
	want := `RoleMappings\["x"\]: claim \[click here\](https://evil.example/) ` + "\u009b31m\x7f" + ` Fix: see \[docs\](https://evil.example/)`
	if r.Message.Text != want {
		t.Errorf("message text = %q, want %q", r.Message.Text, want)
	}
	if got := r.RelatedLocations[0].Message.Text; got != `\[related\](https://evil.example/)` {
		t.Errorf("related message text = %q", got)
	}
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(rule.Help.Text, `\[`, ""), `\]`, ""), "[") {
			t.Errorf("rule help %q has an unescaped [", rule.Help.Text)
		}
	}
	for _, c := range []string{"\u009b", "\x7f"} {
		if bytes.Contains(buf.Bytes(), []byte(c)) {
			t.Errorf("the log holds a raw %q", c)
		}
	}
}

// Every rule carries the security severity GitHub code scanning ranks
// alerts by: escalations high, refusals high, other warnings medium.
func TestSARIFSecuritySeverity(t *testing.T) {
	var b strings.Builder
	located := []validate.Located{{Code: validate.CodeUserWritableClaim, Message: "m", Range: diag.Range{File: "a.json"}}}
	if err := validate.WriteSARIF(&b, "v", located); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                   string `json:"id"`
						DefaultConfiguration struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
						Properties struct {
							Tags             []string `json:"tags"`
							SecuritySeverity string   `json:"security-severity"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(b.String()), &log); err != nil {
		t.Fatal(err)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) == 0 {
		t.Fatal("no rules")
	}
	for _, r := range rules {
		sev, err := strconv.ParseFloat(r.Properties.SecuritySeverity, 64)
		if err != nil || sev < 0 || sev > 10 || !slices.Contains(r.Properties.Tags, "security") {
			t.Errorf("rule %s: security-severity %q, tags %v; want a number from 0 to 10 and the security tag", r.ID, r.Properties.SecuritySeverity, r.Properties.Tags)
		}
		want := "4.0"
		switch {
		case r.ID == validate.CodeUserWritableClaim || r.ID == validate.CodeTrustNoAud || r.ID == validate.CodeTrustNoAMR || r.ID == validate.CodeSubstringMatch,
			r.ID == validate.CodeClassicFlowExposesRole || r.ID == validate.CodeUserWritablePrincipalTag || r.ID == validate.CodeSelfSignupGrantsRole || r.ID == validate.CodeCustomRoleChoice:
			want = "8.0"
		case r.DefaultConfiguration.Level == "error":
			want = "7.0"
		}
		if r.Properties.SecuritySeverity != want {
			t.Errorf("rule %s (%s): security-severity %s, want %s", r.ID, r.DefaultConfiguration.Level, r.Properties.SecuritySeverity, want)
		}
	}
}
