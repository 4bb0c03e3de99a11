// Package junit writes JUnit XML reports, as CI systems read them (GitLab,
// Jenkins, test-report actions): the one writer behind rolemap test's and
// rolemap lint's --format junit. The caller escapes the text it puts in.
package junit

import (
	"encoding/xml"
	"io"
)

// Failure is a testcase's failure or error.
type Failure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// TestCase is one check.
type TestCase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Failure   *Failure `xml:"failure,omitempty"`
	Error     *Failure `xml:"error,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

// Suite is the checks of one file. Its counts are computed by Write.
type Suite struct {
	Name      string     `xml:"name,attr"`
	Tests     int        `xml:"tests,attr"`
	Failures  int        `xml:"failures,attr"`
	Errors    int        `xml:"errors,attr"`
	Cases     []TestCase `xml:"testcase"`
	SystemOut string     `xml:"system-out,omitempty"`
}

type suites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []Suite  `xml:"testsuite"`
}

// Write writes the report named name: the XML header, the suites with
// their counts (tests, failures, errors) and the totals, indented.
func Write(w io.Writer, name string, ss []Suite) error {
	all := suites{Name: name, Suites: ss}
	for i := range all.Suites {
		s := &all.Suites[i]
		s.Tests, s.Failures, s.Errors = len(s.Cases), 0, 0
		for _, c := range s.Cases {
			if c.Failure != nil {
				s.Failures++
			}
			if c.Error != nil {
				s.Errors++
			}
		}
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
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
