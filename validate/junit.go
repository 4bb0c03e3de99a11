package validate

import (
	"encoding/xml"
	"io"
	"strconv"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// WriteJUnit writes lint's findings as a JUnit XML report, as CI systems
// read it (GitLab, Jenkins, test-report actions): one testsuite per file
// of files, in that order; a file without findings is one passing testcase
// "lint", and each finding is a testcase named by its code and path (the
// classname is the file), failing when its severity is at least failOn
// (0: never) and otherwise passing with the finding in its
// system-out. A failure's text gives the line and column, the message and
// the fix. Text from the inputs is escaped for the terminals and CI logs
// that show it (XML would carry an escape sequence through as a character
// reference).
func WriteJUnit(w io.Writer, files []string, located []Located, failOn Severity) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		SystemOut string   `xml:"system-out,omitempty"`
	}
	type suite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	type suites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []suite  `xml:"testsuite"`
	}
	byFile := map[string][]Located{}
	for _, l := range located {
		byFile[l.URI] = append(byFile[l.URI], l)
	}
	all := suites{Name: "rolemap lint"}
	for _, file := range files {
		name := clip.Line(file)
		s := suite{Name: name}
		for _, l := range byFile[file] {
			text := file
			if l.At.Line > 0 {
				text += ":" + strconv.Itoa(l.At.Line) + ":" + strconv.Itoa(l.At.Column)
			}
			msg := l.Message
			if l.Path != "" {
				msg = l.Path + ": " + msg
			}
			if l.Pool != "" {
				msg = l.Pool + ": " + msg
			}
			text += ": " + l.Severity().String() + " " + l.Code + ": " + msg
			if l.Fix != "" {
				text += "\nfix: " + l.Fix
			}
			tc := testcase{Name: clip.Line(l.Code + " " + l.Path), Classname: name}
			if failOn != 0 && l.Severity() >= failOn {
				tc.Failure = &failure{Message: clip.Line(msg), Type: l.Severity().String(), Text: clip.Lines(text)}
				s.Failures++
			} else {
				tc.SystemOut = clip.Lines(text)
			}
			s.Cases = append(s.Cases, tc)
		}
		if len(s.Cases) == 0 {
			s.Cases = []testcase{{Name: "lint", Classname: name}}
		}
		s.Tests = len(s.Cases)
		all.Tests += s.Tests
		all.Failures += s.Failures
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
