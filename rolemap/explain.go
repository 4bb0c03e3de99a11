package rolemap

import (
	"errors"
	"strings"
)

// Explain describes what Resolve returned — a decision, or an error — in a
// few lines a person can read: the role and why, or the error, its mapping
// and why; then, for a traced request, each rule evaluated. It is meant for
// logs and test failures:
//
//	d, err := res.Resolve(req)
//	log.Print(rolemap.Explain(d, err))
func Explain(d Decision, err error) string {
	var b strings.Builder
	var trace []RuleTrace
	if err != nil {
		b.WriteString("error: ")
		b.WriteString(err.Error())
		var re *Error
		if errors.As(err, &re) {
			if re.MappingKey != "" {
				b.WriteString("\nmapping: " + re.MappingKey)
			}
			if re.Detail != "" {
				b.WriteString("\nwhy: " + re.Detail)
			}
			trace = re.Trace
		}
	} else {
		b.WriteString("decision: ")
		b.WriteString(d.String())
		trace = d.Trace
	}
	for _, tr := range trace {
		b.WriteString("\n  ")
		b.WriteString(tr.String())
	}
	return b.String()
}
