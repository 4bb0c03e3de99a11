package credentials

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap"
)

// Explain writes an outcome of [Checker.Get] for people: the role choice
// as [rolemap.Explain] writes it, the tags, and the trust check statement
// by statement — on a refusal, AWS's exception, the reason and the
// statement and condition that decided.
func Explain(c Credentials, err error) string {
	var b strings.Builder
	var te *TrustError
	switch {
	case errors.As(err, &te):
		b.WriteString(rolemap.Explain(te.RoleChoice, nil))
		b.WriteString("\ntrust: " + te.Err.Code + ": " + te.Err.Message + "\n")
		b.WriteString("  reason: " + string(te.Decision.Reason) + " (" + te.Decision.Action + " on " + te.Role + ")\n")
		for _, s := range te.Decision.Trace {
			b.WriteString("  " + s.String() + "\n")
		}
		return strings.TrimRight(b.String(), "\n")
	case err != nil:
		return rolemap.Explain(rolemap.Decision{}, err)
	}
	b.WriteString(rolemap.Explain(c.Decision, nil))
	if len(c.Tags) > 0 {
		b.WriteString("\ntags:")
		for _, k := range slices.Sorted(maps.Keys(c.Tags)) {
			b.WriteString(" " + k + "=" + c.Tags[k])
		}
	}
	if c.Trust != nil {
		b.WriteString("\ntrust: allowed by statement " + itoa(c.Trust.Statement))
	}
	return b.String()
}

func itoa(i int) string {
	if i < 0 {
		return "-" + itoa(-i)
	}
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
