package validate_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/validate"
)

// TestSARIFEscapesLinks: a message quoting a document's text cannot make
// SARIF viewers show a link ([text](uri), SARIF 2.1.0 §3.11.6), and no
// character a terminal acts on is written raw.
func TestSARIFEscapesLinks(t *testing.T) {
	f := validate.Located{
		Finding: validate.Finding{Code: validate.CodeUserWritableClaim, Path: `RoleMappings["x"]`,
			Message: "claim [click here](https://evil.example/) \u009b31m\x7f", Fix: "see [docs](https://evil.example/)",
			Related: []string{"[related](https://evil.example/)"}},
		URI: "pool.json", At: validate.Position{Line: 1, Column: 1}, RelatedAt: []validate.Position{{Line: 2, Column: 1}},
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
