package rolemap

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// Request is one call of GetCredentialsForIdentity, as far as role selection
// is concerned.
type Request struct {
	// Login is the key the caller puts in the Logins map:
	// cognito-idp.REGION.amazonaws.com/POOLID for a user pool,
	// accounts.google.com and the like for social providers, the host of an
	// OIDC provider, or a SAML provider ARN. Empty means an unauthenticated
	// (guest) identity.
	Login string
	// Claims is the verified token payload, or for SAML the assertion's
	// attributes. Numbers may be float64, json.Number or any Go integer type;
	// a jwt.MapClaims is assignable to it. Package claims builds it.
	//
	// Resolve only reads Claims, and it reads them while it runs: the
	// caller owns the map and must not change it (or any slice or map in
	// it) until Resolve returns, as with any Go map read by one goroutine
	// while another writes it. Many goroutines may resolve with the same
	// map at once.
	Claims map[string]any
	// CustomRoleARN is the optional CustomRoleArn parameter.
	CustomRoleARN string
	// Trace asks for a per-rule trace in the Decision or Error. Tracing
	// allocates; leave it off on hot paths.
	Trace bool
}

// Reason says why a [Decision] chose its role.
type Reason uint8

// The reasons.
const (
	// ReasonNone is the zero Reason; a Decision returned by Resolve never
	// has it.
	ReasonNone Reason = iota
	// ReasonUnauthenticated: a guest got the unauthenticated role.
	ReasonUnauthenticated
	// ReasonNoMapping: no mapping exists for the login, so the default
	// authenticated role applies.
	ReasonNoMapping
	// ReasonRuleMatch: a rule of a Rules mapping matched (Decision.RuleIndex).
	ReasonRuleMatch
	// ReasonCustomRole: the CustomRoleArn was one of the roles the identity
	// is entitled to.
	ReasonCustomRole
	// ReasonPreferredRole: the token's cognito:preferred_role.
	ReasonPreferredRole
	// ReasonSingleRole: the token's cognito:roles held exactly one role.
	ReasonSingleRole
	// ReasonAmbiguous: nothing decided, and the mapping's
	// AmbiguousRoleResolution is AuthenticatedRole.
	ReasonAmbiguous
	// ReasonSAML: the SAML assertion's Role attribute offered exactly one role.
	ReasonSAML
)

var reasonNames = [...]string{
	ReasonNone:            "none",
	ReasonUnauthenticated: "unauthenticated role",
	ReasonNoMapping:       "default authenticated role, no mapping",
	ReasonRuleMatch:       "rule match",
	ReasonCustomRole:      "custom role",
	ReasonPreferredRole:   "preferred role",
	ReasonSingleRole:      "single role",
	ReasonAmbiguous:       "ambiguous, authenticated role",
	ReasonSAML:            "SAML role",
}

// reasonIDs are the reasons' names in JSON: stable identifiers.
var reasonIDs = [...]string{
	ReasonNone:            "none",
	ReasonUnauthenticated: "unauthenticated",
	ReasonNoMapping:       "no-mapping",
	ReasonRuleMatch:       "rule-match",
	ReasonCustomRole:      "custom-role",
	ReasonPreferredRole:   "preferred-role",
	ReasonSingleRole:      "single-role",
	ReasonAmbiguous:       "ambiguous",
	ReasonSAML:            "saml",
}

// String names the reason in words.
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText writes the reason as a stable identifier, such as
// "rule-match" or "no-mapping", so a Decision marshals to JSON by name.
func (r Reason) MarshalText() ([]byte, error) {
	if int(r) < len(reasonIDs) {
		return []byte(reasonIDs[r]), nil
	}
	return nil, errors.New("rolemap: unknown Reason " + strconv.Itoa(int(r)))
}

// UnmarshalText reads what MarshalText writes.
func (r *Reason) UnmarshalText(text []byte) error {
	for i, id := range reasonIDs {
		if id == string(text) {
			*r = Reason(i)
			return nil
		}
	}
	return errors.New("rolemap: unknown Reason " + clip.Quote(string(text)))
}

// Decision is the role Resolve chose, with its explanation. It marshals to
// JSON with its reasons and outcomes by name, for logs:
//
//	{"roleArn":"arn:…:role/A","reason":"rule-match","mappingKey":"accounts.google.com","match":{"index":0,"rule":{…}}}
type Decision struct {
	// RoleARN is the IAM role the identity gets.
	RoleARN string `json:"roleArn"`
	// Reason says why.
	Reason Reason `json:"reason"`
	// MappingKey is the key of the role mapping that applied: the login, or
	// for a user pool the login and the token's aud joined by ":". Empty when
	// no mapping applied (guests, and logins without a mapping).
	MappingKey string `json:"mappingKey,omitempty"`
	// Match is the rule that matched when Reason is ReasonRuleMatch, and
	// nil otherwise, so a zero Decision never reads as "rule 0 matched". It
	// points into the Resolver and is shared: treat it as read-only.
	Match *RuleMatch `json:"match,omitempty"`
	// Trace lists the rules evaluated, when Request.Trace was set.
	Trace []RuleTrace `json:"trace,omitempty"`
}

// RuleMatch is the rule of a Rules mapping that decided.
type RuleMatch struct {
	// Index is the rule's zero-based index in its mapping.
	Index int `json:"index"`
	// Rule is the rule.
	Rule Rule `json:"rule"`
}

// RuleIndex returns the index of the matching rule, or -1 when no rule
// matched.
func (d Decision) RuleIndex() int {
	if d.Match == nil {
		return -1
	}
	return d.Match.Index
}

// String explains the decision in one line, such as
//
//	arn:aws:iam::111122223333:role/A (rule match: RoleMappings["accounts.google.com"] rule 0, email StartsWith "admin" -> arn:aws:iam::111122223333:role/A)
func (d Decision) String() string {
	var b strings.Builder
	b.WriteString(d.RoleARN)
	b.WriteString(" (")
	b.WriteString(d.Reason.String())
	if d.MappingKey != "" {
		b.WriteString(": RoleMappings[")
		b.WriteString(clip.QuoteKey(d.MappingKey))
		b.WriteString("]")
	}
	if d.Match != nil {
		b.WriteString(" rule ")
		b.WriteString(strconv.Itoa(d.Match.Index))
		b.WriteString(", ")
		b.WriteString(d.Match.Rule.String())
	}
	b.WriteString(")")
	return b.String()
}

// String writes the rule as `Claim MatchType "Value" -> RoleARN`.
func (r Rule) String() string {
	return r.Claim + " " + string(r.MatchType) + " " + clip.QuoteKey(r.Value) + " -> " + r.RoleARN
}

// Outcome is how one rule fared in a trace.
type Outcome uint8

// The outcomes of a rule.
const (
	// OutcomeMatch: the rule matched.
	OutcomeMatch Outcome = iota + 1
	// OutcomeMismatch: the claim is present and does not match.
	OutcomeMismatch
	// OutcomeAbsent: the claim is absent, null, or an array with no string,
	// number or boolean element; the rule is not evaluated.
	OutcomeAbsent
	// OutcomeObject: the claim is a JSON object, which never matches.
	OutcomeObject
)

var outcomeNames = [...]string{OutcomeMatch: "match", OutcomeMismatch: "mismatch", OutcomeAbsent: "absent", OutcomeObject: "object"}

// String names the outcome.
func (o Outcome) String() string {
	if o >= OutcomeMatch && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText writes the outcome's name, as String does.
func (o Outcome) MarshalText() ([]byte, error) {
	if o >= OutcomeMatch && int(o) < len(outcomeNames) {
		return []byte(outcomeNames[o]), nil
	}
	return nil, errors.New("rolemap: unknown Outcome " + strconv.Itoa(int(o)))
}

// UnmarshalText reads what MarshalText writes.
func (o *Outcome) UnmarshalText(text []byte) error {
	for i, name := range outcomeNames {
		if i > 0 && name == string(text) {
			*o = Outcome(i)
			return nil
		}
	}
	return errors.New("rolemap: unknown Outcome " + clip.Quote(string(text)))
}

// RuleTrace is one evaluated rule of a trace.
type RuleTrace struct {
	// Index is the rule's zero-based index in its mapping.
	Index int `json:"index"`
	// Rule is the rule.
	Rule Rule `json:"rule"`
	// Values are the claim's values as compared: one for a scalar, one per
	// string, number or boolean element of an array.
	Values []string `json:"values,omitempty"`
	// Outcome says whether and why the rule matched.
	Outcome Outcome `json:"outcome"`
}

// String writes the trace line as `rule 2: email Equals "a" -> ARN: mismatch ["b"]`.
// A line shows at most 10 of the claim's values, each cut to 200 bytes,
// and says how many more there are, so that the lines of a trace stay
// short whatever a token holds (every rule on a claim repeats its values);
// the Values field, and the JSON form, keep them all.
func (t RuleTrace) String() string {
	const maxValues, maxLen = 10, 200
	var b strings.Builder
	b.WriteString("rule ")
	b.WriteString(strconv.Itoa(t.Index))
	b.WriteString(": ")
	b.WriteString(t.Rule.String())
	b.WriteString(": ")
	b.WriteString(t.Outcome.String())
	if len(t.Values) > 0 {
		b.WriteString(" [")
		for i, v := range t.Values[:min(len(t.Values), maxValues)] {
			if i > 0 {
				b.WriteString(", ")
			}
			if len(v) > maxLen {
				cut := maxLen
				for cut > 0 && !utf8.RuneStart(v[cut]) {
					cut--
				}
				b.WriteString(strconv.Quote(v[:cut]) + "…")
				continue
			}
			b.WriteString(strconv.Quote(v))
		}
		if n := len(t.Values) - maxValues; n > 0 {
			b.WriteString(", … and " + strconv.Itoa(n) + " more")
		}
		b.WriteString("]")
	}
	return b.String()
}
