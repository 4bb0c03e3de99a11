package trust

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The principal and actions of the request Cognito makes to STS.
const (
	Principal   = "cognito-identity.amazonaws.com"
	PrincipalCN = "cognito-identity.amazonaws.com.cn"

	ActionAssumeRole = "sts:AssumeRoleWithWebIdentity"
	ActionTagSession = "sts:TagSession"
)

// Request is the request context Cognito gives STS when it assumes a role
// for an identity (SPEC §10.1).
type Request struct {
	// IdentityPoolID is the pool's ID: the value of the aud key.
	IdentityPoolID string
	// IdentityID is the identity's ID: the value of the sub key.
	IdentityID string
	// AMR is the value of the multivalued amr key: ["unauthenticated"] for
	// a guest, ["authenticated", LOGIN, …] otherwise.
	AMR []string
	// Tags are the principal tags of the session; when there is at least
	// one, STS also checks sts:TagSession, and aws:RequestTag/K and
	// aws:TagKeys are in the context.
	Tags map[string]string
	// China is set for a pool in a cn-* region: the principal may also be
	// spelled cognito-identity.amazonaws.com.cn, and so may the prefix of
	// the aud, sub and amr keys.
	China bool
}

// Reason says why a trust check refused (SPEC §10.5).
type Reason string

// The reasons.
const (
	// ReasonDeny: a Deny statement applies.
	ReasonDeny Reason = "trust-deny"
	// ReasonNoStatement: no Allow statement names the principal and the
	// action.
	ReasonNoStatement Reason = "trust-no-statement"
	// ReasonCondition: every Allow statement naming the principal and the
	// action has a false condition.
	ReasonCondition Reason = "trust-condition"
	// ReasonNoAud: an Allow statement applies but has no condition that
	// pins cognito-identity.amazonaws.com:aud (SPEC §10.4).
	ReasonNoAud Reason = "trust-no-aud"
	// ReasonTagSession: sts:AssumeRoleWithWebIdentity is allowed but
	// sts:TagSession, which principal tags need, is not.
	ReasonTagSession Reason = "trust-tag-session"
)

// Decision is the outcome of a trust check, with its explanation.
type Decision struct {
	// Allowed reports whether STS lets the pool assume the role.
	Allowed bool `json:"allowed"`
	// Reason is why not; "" when allowed.
	Reason Reason `json:"reason,omitempty"`
	// Action is the action refused; "" when allowed.
	Action string `json:"action,omitempty"`
	// Statement is the index of the statement that decided: the Deny that
	// applied, or the Allow that allowed; -1 when none did.
	Statement int `json:"statement"`
	// Trace lists each statement's outcome for each action checked.
	Trace []Step `json:"trace"`
}

// Step is one statement's outcome for one action.
type Step struct {
	Action    string `json:"action"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid,omitempty"`
	Effect    string `json:"effect"`
	// Outcome is "applies", "principal" (the principal does not match),
	// "action" (the action does not match), "condition" (a condition is
	// false: Path, Operator, Key and Values say which and what the request
	// held) or "no-aud" (an Allow that applies but pins no aud).
	Outcome  string   `json:"outcome"`
	Path     string   `json:"path,omitempty"`
	Operator string   `json:"operator,omitempty"`
	Key      string   `json:"key,omitempty"`
	Values   []string `json:"values,omitempty"`
}

// String writes the step in one line.
func (s Step) String() string {
	b := s.Action + ": statement " + itoa(s.Statement)
	if s.Sid != "" {
		b += " (" + s.Sid + ")"
	}
	b += " " + s.Effect + ": "
	switch s.Outcome {
	case "applies":
		b += "applies"
	case "principal":
		b += "the principal does not match"
	case "action":
		b += "the action does not match"
	case "no-aud":
		b += "applies, but no condition pins " + keyPrefix + "aud, so it does not count"
	case "condition":
		b += s.Path + " is false (" + s.Operator + " on " + s.Key + "; the request has "
		if s.Values == nil {
			b += "no value"
		} else {
			b += "[" + strings.Join(s.Values, ", ") + "]"
		}
		b += ")"
	}
	return b
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

// Evaluate decides whether STS lets the pool assume the role for req, as
// IAM evaluates a trust policy (SPEC §10.3): for sts:AssumeRoleWithWebIdentity,
// and for sts:TagSession when req has tags, any applying Deny refuses; else
// an applying Allow that pins aud (SPEC §10.4) allows; else the request is
// refused. It returns an [*Error] for a condition on a key the request
// cannot hold (the .com.cn spelling outside a cn-* pool). Its time is
// linear in the policy's size for a request of bounded size.
func (p *Policy) Evaluate(req Request) (Decision, error) {
	if !req.China {
		for _, st := range p.statements {
			for _, c := range st.conds {
				if strings.HasPrefix(c.lkey, keyPrefixCN) {
					return Decision{}, unsupported(c.path, "the key "+c.key+" is spelled for a cn-* pool, and this pool is not in China")
				}
			}
		}
	}
	actions := []string{ActionAssumeRole}
	if len(req.Tags) > 0 {
		actions = append(actions, ActionTagSession)
	}
	var d Decision
	for _, action := range actions {
		ok, reason, st := p.evaluate(req, action, &d.Trace)
		if action == ActionAssumeRole || !ok {
			d.Statement = st
		}
		if !ok {
			d.Reason, d.Action = reason, action
			if action == ActionTagSession && reason != ReasonDeny {
				d.Reason = ReasonTagSession
			}
			return d, nil
		}
	}
	d.Allowed = true
	return d, nil
}

func (p *Policy) evaluate(req Request, action string, trace *[]Step) (bool, Reason, int) {
	laction := strings.ToLower(action)
	allowedBy, anyNamed, anyNoAud := -1, false, false
	for _, st := range p.statements {
		step := Step{Action: action, Statement: st.index, Sid: st.sid, Effect: "Allow"}
		if st.deny {
			step.Effect = "Deny"
		}
		switch {
		case !st.principalMatches(req):
			step.Outcome = "principal"
		case !st.actionMatches(laction):
			step.Outcome = "action"
		default:
			if !st.deny {
				anyNamed = true
			}
			c, ok := st.conditionsHold(req)
			switch {
			case !ok:
				step.Outcome = "condition"
				step.Path, step.Operator, step.Key = c.path, c.operator, c.key
				step.Values, _ = lookup(req, c.lkey)
			case st.deny:
				step.Outcome = "applies"
				*trace = append(*trace, step)
				return false, ReasonDeny, st.index
			case !st.pinsAud(req.China):
				step.Outcome = "no-aud"
				anyNoAud = true
			default:
				step.Outcome = "applies"
				if allowedBy < 0 {
					allowedBy = st.index
				}
			}
		}
		*trace = append(*trace, step)
	}
	switch {
	case allowedBy >= 0:
		return true, "", allowedBy
	case !anyNamed:
		return false, ReasonNoStatement, -1
	case anyNoAud:
		return false, ReasonNoAud, -1
	}
	return false, ReasonCondition, -1
}

// principalMatches: "*", or Federated naming the pool's principal; an AWS,
// Service or CanonicalUser principal only in a Deny (when unsure, an Allow
// does not apply and a Deny does).
func (st *statement) principalMatches(req Request) bool {
	if st.principalAll {
		return true
	}
	if slices.Contains(st.federated, Principal) || req.China && slices.Contains(st.federated, PrincipalCN) {
		return true
	}
	return st.deny && st.other
}

func (st *statement) actionMatches(laction string) bool {
	for _, a := range st.actions {
		if like(a, laction) {
			return !st.notAction
		}
	}
	return st.notAction
}

// conditionsHold returns the first false condition, if any.
func (st *statement) conditionsHold(req Request) (*condition, bool) {
	for i := range st.conds {
		if c := &st.conds[i]; !c.holds(req) {
			return c, false
		}
	}
	return nil, true
}

// pinsAud reports whether the statement has a condition that counts for
// SPEC §10.4: on the aud key, a positive operator without IfExists and
// without ForAllValues:, none of whose values is "*".
func (st *statement) pinsAud(china bool) bool {
	for _, c := range st.conds {
		if c.lkey != keyPrefix+"aud" && !(china && c.lkey == keyPrefixCN+"aud") {
			continue
		}
		if c.ifExists || c.set == setAll || c.kind.negated() || c.kind == opNull {
			continue
		}
		if !slices.Contains(c.values, "*") {
			return true
		}
	}
	return false
}

// lookup returns a key's values in the request, and whether the key is
// present.
func lookup(req Request, lkey string) ([]string, bool) {
	name := ""
	switch {
	case strings.HasPrefix(lkey, keyPrefix):
		name = lkey[len(keyPrefix):]
	case strings.HasPrefix(lkey, keyPrefixCN):
		name = lkey[len(keyPrefixCN):]
	}
	switch name {
	case "aud":
		return []string{req.IdentityPoolID}, true
	case "sub":
		return []string{req.IdentityID}, true
	case "amr":
		return req.AMR, len(req.AMR) > 0
	}
	if lkey == keyTagKeys {
		if len(req.Tags) == 0 {
			return nil, false
		}
		keys := make([]string, 0, len(req.Tags))
		for k := range req.Tags {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys, true
	}
	tag := lkey[len(keyTag):]
	for k, v := range req.Tags {
		if strings.EqualFold(k, tag) {
			return []string{v}, true
		}
	}
	return nil, false
}

func (c *condition) holds(req Request) bool {
	r, present := lookup(req, c.lkey)
	if c.kind == opNull {
		// Every value must hold (a list of both is never true).
		for _, v := range c.values {
			if (v == "true") != !present {
				return false
			}
		}
		return true
	}
	if c.ifExists && !present {
		return true
	}
	switch c.set {
	case setAny:
		for _, v := range r {
			if c.satisfies(v) {
				return true
			}
		}
		return false
	case setAll:
		for _, v := range r {
			if !c.satisfies(v) {
				return false
			}
		}
		return true
	}
	if !present {
		// IAM: a key absent from the request makes a condition false,
		// except a negated one, which it makes true.
		return c.kind.negated()
	}
	return c.satisfies(r[0])
}

// satisfies reports whether one request value satisfies the operator
// against the policy's values: a positive operator when it matches one, a
// negated one when it matches none.
func (c *condition) satisfies(v string) bool {
	matched := false
	for _, p := range c.values {
		if c.match(p, v) {
			matched = true
			break
		}
	}
	return matched != c.kind.negated()
}

func (c *condition) match(p, v string) bool {
	switch c.kind {
	case opEquals, opNotEquals:
		return p == v
	case opEqualsIgnoreCase, opNotEqualsIgnoreCase:
		return strings.EqualFold(p, v)
	}
	return like(p, v)
}

// like matches s against pattern, where * matches any run of code points
// (the empty one included) and ? exactly one; everything else matches
// itself. It runs in O(len(pattern) × len(s)) at worst, and answers false
// at once for a pattern with more fixed code points than s has.
func like(pattern, s string) bool {
	fixed := 0
	for _, r := range pattern {
		if r != '*' {
			fixed++
		}
	}
	if fixed > utf8.RuneCountInString(s) {
		return false
	}
	p, v := []rune(pattern), []rune(s)
	pi, vi, star, mark := 0, 0, -1, 0
	for vi < len(v) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == v[vi]):
			pi++
			vi++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, vi
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			vi = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// Finding is something a linter reports about a trust policy on its own.
type Finding struct {
	// Code is "trust-no-aud" or "set-operator-on-single-valued-key".
	Code string `json:"code"`
	// Path is the JSON path of the statement or condition.
	Path string `json:"path"`
	// Message says what is wrong, and Fix what to do.
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

// Lint reports what is wrong with the policy whatever the request: every
// Allow statement for the identity-pool principal that pins no aud (the
// role would trust any identity pool, and it never counts: SPEC §10.4),
// and every set operator on a single-valued key.
func (p *Policy) Lint() []Finding {
	var out []Finding
	for _, st := range p.statements {
		if !st.deny && (st.principalAll || slices.Contains(st.federated, Principal) || slices.Contains(st.federated, PrincipalCN)) &&
			!st.pinsAud(true) {
			out = append(out, Finding{Code: "trust-no-aud", Path: st.path,
				Message: "this Allow lets the identity-pool principal assume the role with no condition pinning " + keyPrefix + "aud to this pool's ID, so it would trust any identity pool; STS needs one for an identity pool, and it never counts here",
				Fix:     `add "Condition": {"StringEquals": {"` + keyPrefix + `aud": "REGION:POOL-GUID"}}`})
		}
		for _, c := range st.conds {
			if _, multi := known(c.lkey); !multi && c.set != setNone {
				out = append(out, Finding{Code: "set-operator-on-single-valued-key", Path: c.path,
					Message: c.operator + " treats the single-valued key " + c.key + " as a one-element set" +
						map[bool]string{true: "; ForAllValues: is true when the key is absent", false: ""}[c.set == setAll],
					Fix: "use the operator without " + map[bool]string{true: "ForAllValues:", false: "ForAnyValue:"}[c.set == setAll]})
			}
		}
	}
	return out
}

// Statements returns the number of statements.
func (p *Policy) Statements() int { return len(p.statements) }

// TestsAMR reports whether some Allow statement has a condition on the amr
// key: without one, an authenticated role is also open to guests through
// the basic flow.
func (p *Policy) TestsAMR() bool {
	for _, st := range p.statements {
		if st.deny {
			continue
		}
		for _, c := range st.conds {
			if strings.HasSuffix(c.lkey, ":amr") {
				return true
			}
		}
	}
	return false
}
