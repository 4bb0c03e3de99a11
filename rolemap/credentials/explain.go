package credentials

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
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
		tags := slices.Clone(c.Tags)
		slices.SortStableFunc(tags, func(x, y Tag) int { return strings.Compare(x.Key, y.Key) })
		for _, t := range tags {
			b.WriteString(" " + t.Key + "=" + t.Value)
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
	case c.TrustChecked():
		b.WriteString("\ntrust: allowed by statement " + strconv.Itoa(c.Trust.Statement))
		writeTrace(&b, c.Trust.Trace)
	}
	return b.String()
}

// writeTrace writes the request values the trace's conditions read once,
// each key under its first spelling, and then each step without them.
// Values and names are cut (trust.Step), so that no line is longer than a
// few KB whatever the request.
func writeTrace(b *strings.Builder, trace []trust.Step) {
	seen := map[string]bool{}
	for _, s := range trace {
		if s.Outcome != "condition" {
			continue
		}
		if k := lowerASCII(s.Key); !seen[k] {
			seen[k] = true
			b.WriteString("\n  the request's " + clip.String(s.Key) + ": " + trust.ValuesText(s.Values))
		}
	}
	for _, s := range trace {
		b.WriteString("\n  " + s.Brief())
	}
}

// lowerASCII folds A–Z only, as IAM compares key names.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
