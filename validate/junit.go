package validate

import (
	"io"
	"strconv"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/junit"
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
	byFile := map[string][]Located{}
	for _, l := range located {
		byFile[l.Range.File] = append(byFile[l.Range.File], l)
	}
	var all []junit.Suite
	for _, file := range files {
		name := clip.Line(file)
		s := junit.Suite{Name: name}
		for _, l := range byFile[file] {
			sev := catalogue.SeverityOf(l)
			text := file
			if l.Range.Line > 0 {
				text += ":" + strconv.Itoa(l.Range.Line) + ":" + strconv.Itoa(l.Range.Column)
			}
			msg := l.Subject()
			text += ": " + sev.String() + " " + l.Code + ": " + msg
			if l.Fix != "" {
				text += "\nfix: " + l.Fix
			}
			tc := junit.TestCase{Name: clip.Line(l.Code + " " + l.Path.String()), Classname: name}
			if failOn != 0 && sev >= failOn {
				tc.Failure = &junit.Failure{Message: clip.Line(msg), Type: sev.String(), Text: clip.Lines(text)}
			} else {
				tc.SystemOut = clip.Lines(text)
			}
			s.Cases = append(s.Cases, tc)
		}
		if len(s.Cases) == 0 {
			s.Cases = []junit.TestCase{{Name: "lint", Classname: name}}
		}
		all = append(all, s)
	}
	return junit.Write(w, "rolemap lint", all)
}
