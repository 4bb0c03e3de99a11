package casefile_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// TestCheckFile checks broken files outside go test: a wrong role fails
// its case with the explanation, a wrong findings list fails "findings",
// and a file that does not parse is an Err naming its line and column.
func TestCheckFile(t *testing.T) {
	type result struct{ Name, Kind, Failure string }
	summary := func(r casefile.Report) []result {
		var out []result
		for _, res := range r.Results {
			f := ""
			if res.Failure != "" {
				f = strings.SplitN(res.Failure, "\n", 2)[0]
			}
			out = append(out, result{res.Name, res.Kind, f})
		}
		return out
	}
	wrong := casefile.CheckFile(filepath.Join("testdata", "broken", "wrong-role.json"))
	if !wrong.Failed() || wrong.Err != nil {
		t.Fatalf("wrong-role.json: %+v", wrong)
	}
	want := []result{
		{"outsider gets staff", "case", filepath.Join("testdata", "broken", "wrong-role.json") + `: case "outsider gets staff" (cases[0]):`},
	}
	if diff := cmp.Diff(want, summary(wrong)); diff != "" {
		t.Errorf("wrong-role.json (-want +got):\n%s", diff)
	}
	if !strings.Contains(wrong.Results[0].Failure, `rule 0: hd Equals "example.com"`) {
		t.Errorf("the failure lacks the trace:\n%s", wrong.Results[0].Failure)
	}

	findings := casefile.CheckFile(filepath.Join("testdata", "broken", "wrong-findings.json"))
	if len(findings.Results) == 0 || findings.Results[0].Kind != "findings" || findings.Results[0].Failure == "" {
		t.Errorf("wrong-findings.json: %+v", summary(findings))
	}

	syntax := casefile.CheckFile(filepath.Join("testdata", "broken", "syntax.json"))
	if syntax.Err == nil || !strings.Contains(syntax.Err.Error(), "line 7, column 86") || !syntax.Failed() {
		t.Errorf("syntax.json: %+v", syntax)
	}
}

func TestCheckDir(t *testing.T) {
	reports, err := casefile.CheckDir(filepath.Join("testdata", "pools"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		if r.Failed() {
			t.Errorf("%s failed: %v %+v", r.File, r.Err, r.Results)
		}
	}
	if _, err := casefile.CheckDir(t.TempDir()); !errors.Is(err, casefile.ErrNoCaseFiles) {
		t.Errorf("an empty folder: %v, want ErrNoCaseFiles", err)
	}
	if _, err := casefile.CheckDir(filepath.Join("testdata", "no-such-folder")); err == nil {
		t.Error("a missing folder: no error")
	}
}

// TestWriteJUnit reads the report back: one suite per file, a testcase per
// check, failures and errors counted.
func TestWriteJUnit(t *testing.T) {
	reports := []casefile.Report{
		casefile.CheckFile(filepath.Join("testdata", "broken", "wrong-role.json")),
		casefile.CheckFile(filepath.Join("testdata", "broken", "syntax.json")),
	}
	var buf bytes.Buffer
	if err := casefile.WriteJUnit(&buf, reports); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.Bytes())
	}
	if got.Tests != 2 || got.Failures != 1 || got.Errors != 1 || len(got.Suites) != 2 {
		t.Fatalf("tests %d failures %d errors %d suites %d, want 2 1 1 2:\n%s", got.Tests, got.Failures, got.Errors, len(got.Suites), buf.Bytes())
	}
	c := got.Suites[0].Cases[0]
	if c.Name != "outsider gets staff" || c.Failure == nil || !strings.Contains(c.Failure.Text, "NotAuthorizedException") {
		t.Errorf("first testcase: %+v", c)
	}
	if got.Suites[1].Cases[0].Error == nil {
		t.Errorf("the unparsable file has no error testcase")
	}
}
