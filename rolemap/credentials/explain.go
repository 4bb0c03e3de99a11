package credentials

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// Explain writes an outcome of [Checker.Get] for people: the role choice
// as [rolemap.Explain] writes it, the tags (on an error, the tags
// requested), and the trust check statement by statement — on a refusal,
// AWS's exception, the reason and the statement and condition that
// decided; for a policy outside the grammar, why it was not checked.
func Explain(c Credentials, err error) string {
	var te *TrustError
	if errors.As(err, &te) {
		c.Decision = te.RoleChoice
	}
	if err != nil && c.Decision.RoleARN == "" {
		return rolemap.Explain(rolemap.Decision{}, err) // no role was chosen
	}
	var b strings.Builder
	b.WriteString(rolemap.Explain(c.Decision, nil))
	if len(c.Tags) > 0 {
		if err != nil {
			b.WriteString("\ntags requested:")
		} else {
			b.WriteString("\ntags:")
		}
		for _, k := range slices.Sorted(maps.Keys(c.Tags)) {
			b.WriteString(" " + k + "=" + c.Tags[k])
		}
	}
	var pe *trust.Error
	var re *rolemap.Error
	switch {
	case te != nil:
		b.WriteString("\ntrust: " + te.Err.Code + ": " + te.Err.Message)
		b.WriteString("\n  reason: " + string(te.Decision.Reason) + " (" + te.Decision.Action + " on " + te.Role + ")")
		writeTrace(&b, te.Decision.Trace)
	case errors.As(err, &pe):
		b.WriteString("\ntrust: not checked: " + pe.Error())
	case errors.As(err, &re):
		b.WriteString("\ncredentials: " + re.Code + ": " + re.Message)
	case err != nil:
		b.WriteString("\ncredentials: " + err.Error())
	case c.Trust != nil:
		b.WriteString("\ntrust: allowed by statement " + strconv.Itoa(c.Trust.Statement))
		writeTrace(&b, c.Trust.Trace)
	}
	return b.String()
}

func writeTrace(b *strings.Builder, trace []trust.Step) {
	for _, s := range trace {
		b.WriteString("\n  " + s.String())
	}
}
