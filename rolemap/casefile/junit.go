package casefile

import (
	"io"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/junit"
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
	var all []junit.Suite
	for _, r := range reports {
		file := clip.Line(r.File)
		s := junit.Suite{Name: file, SystemOut: clip.Lines(strings.Join(r.Notes, "\n"))}
		if r.Err != nil {
			msg := clip.Lines(r.Err.Error())
			s.Cases = append(s.Cases, junit.TestCase{Name: "(file)", Classname: file,
				Error: &junit.Failure{Message: firstLine(msg), Type: "error", Text: msg}})
		}
		for _, res := range r.Results {
			tc := junit.TestCase{Name: clip.Line(res.Name), Classname: file}
			if res.Unverified != "" {
				tc.SystemOut = "trust unverified: " + clip.Line(UnverifiedNote(res.Unverified))
			}
			if res.Failure != "" {
				text := clip.Lines(res.Failure)
				tc.Failure = &junit.Failure{Message: firstLine(text), Type: "failure", Text: text}
			}
			s.Cases = append(s.Cases, tc)
		}
		all = append(all, s)
	}
	return junit.Write(w, "rolemap", all)
}

// firstLine is a message's first line, at most 200 bytes of it.
func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
