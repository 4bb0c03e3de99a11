package validate

import (
	"bufio"
	"io"
	"strconv"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// WriteGitHub writes findings as GitHub Actions workflow annotations, one
// line each — "::error file=F,line=L,col=C,title=rolemap CODE::MESSAGE" —
// which the runner shows on the pull request's files and in the run's
// summary, on any repository (code scanning, which SARIF needs, is not
// required). Text from the inputs is escaped so that it can neither end
// the annotation nor start another workflow command. A finding of an
// error severity is an error annotation, a warning a warning.
//
// "Workflow commands for GitHub Actions", GitHub Docs:
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
func WriteGitHub(w io.Writer, located []Located) error {
	bw := bufio.NewWriter(w)
	for _, l := range located {
		msg := l.Subject()
		if l.Fix != "" {
			msg += "\nfix: " + l.Fix
		}
		line, col := "", ""
		if l.Range.Line > 0 {
			line, col = strconv.Itoa(l.Range.Line), strconv.Itoa(l.Range.Column)
		}
		command := "warning"
		if catalogue.SeverityOf(l) == SeverityError {
			command = "error"
		}
		bw.WriteString(clip.WorkflowCommand(command, msg, "file", l.Range.File, "line", line, "col", col, "title", "rolemap "+l.Code))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
