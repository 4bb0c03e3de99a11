package casefile

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// WriteJUnit writes reports as a JUnit XML report, as CI systems read it
// (GitLab, Jenkins, GitHub test-report actions): one testsuite per case
// file, one testcase per check of [Report.Results] (classname the file,
// name the case), a failure with its explanation for each failed check,
// and, for a file that could not be checked, one testcase with an error.
// Notes go to the suite's system-out; a case whose trust is unverified
// ([Result.Unverified]) says so in its own system-out. Text from the case files (names,
// failures quoting requests) is escaped for the terminals and CI logs that
// show it (clip.Lines): XML would carry an escape sequence or a C1 control
// through, as a character reference its reader turns back into the
// character.
func WriteJUnit(w io.Writer, reports []Report) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Error     *failure `xml:"error,omitempty"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type suite struct {
		Name      string     `xml:"name,attr"`
		Tests     int        `xml:"tests,attr"`
		Failures  int        `xml:"failures,attr"`
		Errors    int        `xml:"errors,attr"`
		Cases     []testcase `xml:"testcase"`
		SystemOut string     `xml:"system-out,omitempty"`
	}
	type suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Suites   []suite  `xml:"testsuite"`
	}
	all := suites{Name: "rolemap"}
	for _, r := range reports {
		file := clip.Line(r.File)
		s := suite{Name: file, SystemOut: clip.Lines(strings.Join(r.Notes, "\n"))}
		if r.Err != nil {
			msg := clip.Lines(r.Err.Error())
			s.Cases = append(s.Cases, testcase{Name: "(file)", Classname: file,
				Error: &failure{Message: firstLine(msg), Type: "error", Text: msg}})
			s.Errors++
		}
		for _, res := range r.Results {
			tc := testcase{Name: clip.Line(res.Name), Classname: file}
			if res.Unverified != "" {
				tc.SystemOut = "trust unverified: " + clip.Line(UnverifiedNote(res.Unverified))
			}
			if res.Failure != "" {
				text := clip.Lines(res.Failure)
				tc.Failure = &failure{Message: firstLine(text), Type: "failure", Text: text}
				s.Failures++
			}
			s.Cases = append(s.Cases, tc)
		}
		s.Tests = len(s.Cases)
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
		all.Suites = append(all.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// firstLine is a message's first line, at most 200 bytes of it.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
