package casefile

import (
	"bufio"
	"io"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// WriteGitHub writes the failed checks of reports as GitHub Actions
// workflow annotations — "::error file=F,title=rolemap test: CASE::WHY" —
// one per failed check and one per file that could not be checked, then a
// "::notice" per file with unverified cases; passing files write nothing.
// Text from the case files is escaped so that it can neither end the
// annotation nor start another workflow command.
func WriteGitHub(w io.Writer, reports []Report) error {
	bw := bufio.NewWriter(w)
	for _, r := range reports {
		if r.Err != nil {
			bw.WriteString(clip.WorkflowCommand("error", r.Err.Error(), "file", r.File, "title", "rolemap test: the file was not checked"))
			bw.WriteByte('\n')
			continue
		}
		for _, res := range r.Results {
			if res.Failure == "" {
				continue
			}
			bw.WriteString(clip.WorkflowCommand("error", res.Failure, "file", r.File, "title", "rolemap test: "+res.Name))
			bw.WriteByte('\n')
		}
		if roles, n := r.Unverified(); n > 0 {
			msg := plural(n, "case") + " passed without their role's trust policy:"
			for _, role := range roles {
				msg += "\n" + UnverifiedNote(role)
			}
			bw.WriteString(clip.WorkflowCommand("notice", msg, "file", r.File, "title", "rolemap test: trust unverified"))
			bw.WriteByte('\n')
		}
	}
	return bw.Flush()
}
