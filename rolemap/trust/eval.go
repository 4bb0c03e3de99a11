package trust

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// The principal and actions of the request Cognito makes to STS.
const (
	Principal   = "cognito-identity.amazonaws.com"
	PrincipalCN = "cognito-identity.amazonaws.com.cn"

	ActionAssumeRole = "sts:AssumeRoleWithWebIdentity"
	ActionTagSession = "sts:TagSession"
)

// Request is the request context Cognito gives STS when it assumes a role
// for an identity (see the package documentation).
type Request struct {
	// IdentityPoolID is the pool's ID: the value of the aud key.
	IdentityPoolID string
	// IdentityID is the identity's ID: the value of the sub key.
	IdentityID string
	// AMR is the value of the multivalued amr key: ["unauthenticated"] for
	// a guest, ["authenticated", LOGIN, …] otherwise.
	AMR []string
	// AMRTail, when not empty, ends the last value of AMR: that value is
	// AMR[len(AMR)-1] + AMRTail. It lets a caller give a value such as
	// LOGIN + ":CognitoSignIn:" + SUB without building the string.
	AMRTail string
	// Tags are the principal tags of the session; when there is at least
	// one, STS also checks sts:TagSession, and aws:RequestTag/K and
	// aws:TagKeys are in the context.
	Tags map[string]string
	// China is set for a pool in a cn-* region: the principal may also be
	// spelled cognito-identity.amazonaws.com.cn, and so may the prefix of
	// the aud, sub and amr keys.
	China bool
}

// Reason says why a trust check refused.
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
	// pins cognito-identity.amazonaws.com:aud to the pool (see the package
	// documentation).
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
	// Trace lists each statement's outcome for each action checked: always
	// from [Policy.Evaluate], and from [Compiled.Evaluate] when asked.
	Trace []Step `json:"trace,omitempty"`
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
	//
	// Values quotes at most 8 of the key's values, each cut to its first
	// 64 bytes followed by "… (N bytes)", and then "… (N more)": a step
	// stays a few hundred bytes whatever the request.
	Outcome  string   `json:"outcome"`
	Path     string   `json:"path,omitempty"`
	Operator string   `json:"operator,omitempty"`
	Key      string   `json:"key,omitempty"`
	Values   []string `json:"values,omitempty"`
}

// String writes the step in one line, with the values the request held
// for a false condition.
func (s Step) String() string { return s.line(true) }

// Brief writes the step as String does, without the request's values: for
// a trace that names them once (see [ValuesText]).
func (s Step) Brief() string { return s.line(false) }

func (s Step) line(values bool) string {
	b := s.Action + ": statement " + itoa(s.Statement)
	if s.Sid != "" {
		b += " (" + clip.String(s.Sid) + ")"
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
		b += "applies, but no condition pins " + keyPrefix + "aud to one pool, so it does not count"
	case "condition":
		b += clip.Path(s.Path) + " is false (" + s.Operator + " on " + clip.String(s.Key)
		if values {
			b += "; the request has " + ValuesText(s.Values)
		}
		b += ")"
	}
	return b
}

// ValuesText writes a key's values as a Step holds them: "[a, b]", or "no
// value".
func ValuesText(values []string) string {
	if values == nil {
		return "no value"
	}
	return "[" + strings.Join(values, ", ") + "]"
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

// MaxWork is the work budget of one evaluation, in steps: one step is one
// code point compared by a Like pattern, or one comparison of a value with
// a policy value (plus its length). A policy within IAM's quota and a
// request of the shapes AWS gives (identity IDs up to 55 characters,
// developer user IDs up to 1,024, at most 50 tags) needs far less; a
// larger request ends with an [*Error] of code [CodeWorkLimit] instead of
// running on.
const MaxWork = 1 << 26

// CodeWorkLimit is the [Error] code of an evaluation that ran out of its
// work budget ([MaxWork]): a library error about the request's size, never
// an AWS exception name.
const CodeWorkLimit = "rolemapping.TrustWorkLimit"

// ErrWorkLimit matches the error of an evaluation over [MaxWork], for
// errors.Is.
var ErrWorkLimit = &Error{Code: CodeWorkLimit}

func workLimit() *Error {
	return &Error{Code: CodeWorkLimit, Detail: "evaluating the trust policy for this request takes more than " +
		strconv.Itoa(MaxWork) + " steps; its values are far longer than AWS allows (an identity ID is at most 55 characters, a developer user ID 1,024, a tag value 256): give values of those sizes"}
}

// pattern is a Like pattern, compiled once when the policy is parsed.
type pattern struct {
	runes []rune // '*' any run of code points, '?' one code point
	fixed int    // code points other than '*': a value needs as many bytes
	// literal is set for a pattern without wildcards and without U+FFFD
	// (which matches any invalid byte of a value): it matches the value
	// equal to src.
	literal bool
	src     string
}

func compile(s string) pattern {
	p := pattern{runes: []rune(s), src: s}
	for _, r := range p.runes {
		if r != '*' {
			p.fixed++
		}
	}
	p.literal = !strings.ContainsAny(s, "*?\uFFFD")
	return p
}

// text is a request value: a + b, given in two parts so that a caller need
// not build it.
type text struct{ a, b string }

func (t text) len() int { return len(t.a) + len(t.b) }

func (t text) String() string { return t.a + t.b }

// runeAt decodes the code point at byte i of the value; a code point may
// span the two parts. Invalid UTF-8 decodes as U+FFFD, one byte wide.
func (t text) runeAt(i int) (rune, int) {
	if i >= len(t.a) {
		return utf8.DecodeRuneInString(t.b[i-len(t.a):])
	}
	if c := t.a[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	if len(t.b) == 0 || i+utf8.UTFMax <= len(t.a) {
		return utf8.DecodeRuneInString(t.a[i:])
	}
	var buf [utf8.UTFMax]byte
	n := copy(buf[:], t.a[i:])
	n += copy(buf[n:], t.b)
	return utf8.DecodeRune(buf[:n])
}

// meter counts the steps of one evaluation against [MaxWork].
type meter struct {
	left int
	over bool
}

func newMeter() meter { return meter{left: MaxWork} }

// spend takes n steps, and reports false once the budget is spent.
func (m *meter) spend(n int) bool {
	m.left -= n
	if m.left < 0 {
		m.over = true
		return false
	}
	return true
}

// like matches v against p: '*' matches any run of code points (the empty
// one included) and '?' exactly one; every other code point matches
// itself. It takes at most len(p) × len(v) steps, and none for a pattern
// with more fixed code points than v has bytes.
func (m *meter) like(p *pattern, v text) bool {
	if p.literal {
		return m.equal(p.src, v)
	}
	n := v.len()
	if p.fixed > n {
		return false
	}
	if v.b == "" {
		return m.likeString(p, v.a)
	}
	toks := p.runes
	pi, vi, star, mark := 0, 0, -1, 0
	for vi < n {
		if !m.spend(1) {
			return false
		}
		if pi < len(toks) && toks[pi] == '*' {
			star, mark = pi, vi
			pi++
			continue
		}
		r, w := v.runeAt(vi)
		if pi < len(toks) && (toks[pi] == '?' || toks[pi] == r) {
			pi++
			vi += w
			continue
		}
		if star < 0 {
			return false
		}
		_, mw := v.runeAt(mark)
		mark += mw
		pi, vi = star+1, mark
	}
	for pi < len(toks) && toks[pi] == '*' {
		pi++
	}
	return pi == len(toks)
}

// likeString is like for a value in one part: the same steps, read
// directly.
func (m *meter) likeString(p *pattern, s string) bool {
	toks := p.runes
	pi, vi, star, mark := 0, 0, -1, 0
	for vi < len(s) {
		m.left--
		if m.left < 0 {
			m.over = true
			return false
		}
		if pi < len(toks) && toks[pi] == '*' {
			star, mark = pi, vi
			pi++
			continue
		}
		r, w := rune(s[vi]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[vi:])
		}
		if pi < len(toks) && (toks[pi] == '?' || toks[pi] == r) {
			pi++
			vi += w
			continue
		}
		if star < 0 {
			return false
		}
		if s[mark] < utf8.RuneSelf {
			mark++
		} else {
			_, mw := utf8.DecodeRuneInString(s[mark:])
			mark += mw
		}
		pi, vi = star+1, mark
	}
	for pi < len(toks) && toks[pi] == '*' {
		pi++
	}
	return pi == len(toks)
}

// equal reports whether p == v.
func (m *meter) equal(p string, v text) bool {
	if len(p) != v.len() {
		m.spend(1)
		return false
	}
	if !m.spend(1 + len(p)) {
		return false
	}
	return p[:len(v.a)] == v.a && p[len(v.a):] == v.b
}

// equalFold reports whether p and v are equal under Unicode simple case
// folding, as strings.EqualFold.
func (m *meter) equalFold(p string, v text) bool {
	if !m.spend(1 + min(len(p), v.len())) {
		return false
	}
	if v.b == "" {
		return strings.EqualFold(p, v.a)
	}
	i := 0
	for _, r := range p {
		if i >= v.len() {
			return false
		}
		q, w := v.runeAt(i)
		if !foldEqual(r, q) {
			return false
		}
		i += w
	}
	return i == v.len()
}

func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// view reads the request's values for the conditions.
type view struct {
	req *Request
}

// sortedKeys appends the tag keys to buf, sorted, so that no step depends
// on the map's order.
func sortedKeys(tags map[string]string, buf []string) []string {
	for k := range tags {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}

// count returns the number of values of a key and whether it is present.
func (v *view) count(c *condition) (int, bool) {
	switch c.id {
	case keyAud, keySub:
		return 1, true
	case keyAMR:
		return len(v.req.AMR), len(v.req.AMR) > 0
	case keyTagKeysID:
		return len(v.req.Tags), len(v.req.Tags) > 0
	}
	_, ok := v.tag(c.tag)
	if ok {
		return 1, true
	}
	return 0, false
}

// value returns the i-th value of a present key.
func (v *view) value(c *condition, i int) text {
	switch c.id {
	case keyAud:
		return text{a: v.req.IdentityPoolID}
	case keySub:
		return text{a: v.req.IdentityID}
	case keyAMR:
		if i == len(v.req.AMR)-1 {
			return text{v.req.AMR[i], v.req.AMRTail}
		}
		return text{a: v.req.AMR[i]}
	case keyTagKeysID:
		return text{a: sortedKeys(v.req.Tags, nil)[i]} // for a trace only
	}
	t, _ := v.tag(c.tag)
	return text{a: t}
}

// tag returns the value of the tag whose key equals ltag ignoring ASCII
// case: the key spelled exactly so, else the least of those that fold to
// it, so that the answer never depends on the map's order.
func (v *view) tag(ltag string) (string, bool) {
	if t, ok := v.req.Tags[ltag]; ok {
		return t, true
	}
	best, found := "", false
	for k := range v.req.Tags {
		if equalFoldASCII(k, ltag) && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return "", false
	}
	return v.req.Tags[best], true
}

// values returns a key's values for a trace: at most 8, each cut to 64
// bytes, then a count of the rest.
func (v *view) values(c *condition) []string {
	n, present := v.count(c)
	if !present {
		return nil
	}
	const most, width = 8, 64
	out := make([]string, 0, min(n, most)+1)
	for i := range min(n, most) {
		s := v.value(c, i).String()
		if len(s) > width {
			cut := width
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			s = s[:cut] + "… (" + strconv.Itoa(len(s)) + " bytes)"
		}
		out = append(out, s)
	}
	if n > most {
		out = append(out, "… ("+strconv.Itoa(n-most)+" more)")
	}
	return out
}

// Evaluate decides whether STS lets the pool assume the role for req, as
// IAM evaluates a trust policy: for sts:AssumeRoleWithWebIdentity, and for
// sts:TagSession when req has tags, any applying Deny refuses; else an
// applying Allow that pins aud allows; else the request is refused. The
// Decision has its Trace. It returns an [*Error] for a condition on a key
// the request cannot hold (the .com.cn spelling outside a cn-* pool), and
// one of code [CodeWorkLimit] when the request's values are so long that
// matching them would take more than [MaxWork] steps.
//
// A service that checks many requests for one pool should [Policy.Compile]
// the policy once and evaluate the [Compiled] policy instead.
func (p *Policy) Evaluate(req Request) (Decision, error) {
	if err := p.chinaKeys(req.China); err != nil {
		return Decision{}, err
	}
	m := newMeter()
	return p.decide(&req, true, &m)
}

func (p *Policy) chinaKeys(china bool) *Error {
	if china {
		return nil
	}
	for _, st := range p.statements {
		for _, c := range st.conds {
			if strings.HasPrefix(c.lkey, keyPrefixCN) {
				return unsupported(c.path, "the key "+clip.Quote(c.key)+" is spelled for a cn-* pool, and this pool is not in China")
			}
		}
	}
	return nil
}

// decide evaluates the policy statement by statement, with a trace when
// asked.
func (p *Policy) decide(req *Request, trace bool, m *meter) (Decision, error) {
	v := view{req: req}
	d := Decision{Statement: -1}
	var tr *[]Step
	if trace {
		tr = &d.Trace
	}
	for _, action := range [2]string{ActionAssumeRole, ActionTagSession} {
		if action == ActionTagSession && len(req.Tags) == 0 {
			break
		}
		ok, reason, st := p.evaluate(&v, m, action, tr)
		if m.over {
			return Decision{}, workLimit()
		}
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

func (p *Policy) evaluate(v *view, m *meter, action string, trace *[]Step) (bool, Reason, int) {
	laction := lowerASCII(action)
	allowedBy, anyNamed, anyNoAud := -1, false, false
	for _, st := range p.statements {
		step := Step{Action: action, Statement: st.index, Sid: st.sid, Effect: "Allow"}
		if st.deny {
			step.Effect = "Deny"
		}
		switch {
		case !st.principalMatches(v.req.China):
			step.Outcome = "principal"
		case !st.actionMatches(laction):
			step.Outcome = "action"
		default:
			if !st.deny {
				anyNamed = true
			}
			c, ok := st.conditionsHold(v, m, nil)
			switch {
			case m.over:
				return false, "", -1
			case !ok:
				step.Outcome = "condition"
				if trace != nil {
					step.Path, step.Operator, step.Key = c.path.String(), c.operator, c.key
					step.Values = v.values(c)
				}
			case st.deny:
				step.Outcome = "applies"
				if trace != nil {
					*trace = append(*trace, step)
				}
				return false, ReasonDeny, st.index
			case !st.pinsAud(v.req.China):
				step.Outcome = "no-aud"
				anyNoAud = true
			default:
				step.Outcome = "applies"
				if allowedBy < 0 {
					allowedBy = st.index
				}
			}
		}
		if trace != nil {
			*trace = append(*trace, step)
		}
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
// does not apply and a Deny does), and in a Deny also a Federated value
// that might name the principal.
func (st *statement) principalMatches(china bool) bool {
	if st.principalAll {
		return true
	}
	if slices.Contains(st.federated, Principal) || china && slices.Contains(st.federated, PrincipalCN) {
		return true
	}
	return st.deny && (st.other || st.fedLoose || china && st.fedLooseCN)
}

func (st *statement) actionMatches(laction string) bool {
	m := meter{left: 1 << 62}
	for i := range st.actions {
		if m.like(&st.actions[i], text{a: laction}) {
			return !st.notAction
		}
	}
	return st.notAction
}

// conditionsHold returns the first false condition, if any; it skips the
// conditions skip says are known to hold.
func (st *statement) conditionsHold(v *view, m *meter, skip []bool) (*condition, bool) {
	for i := range st.conds {
		if skip != nil && skip[i] {
			continue
		}
		if c := &st.conds[i]; !c.holds(v, m) {
			return c, false
		}
	}
	return nil, true
}

// pinsAud reports whether the statement has a condition that pins the aud
// key to one pool: a positive operator without IfExists and without
// ForAllValues:, none of whose values is "*", and, under StringLike, none
// of whose values holds a wildcard at all ("**", "?*" and "us-east-1:*"
// admit other pools as well).
func (st *statement) pinsAud(china bool) bool {
	for _, c := range st.conds {
		if c.id != keyAud || !china && strings.HasPrefix(c.lkey, keyPrefixCN) {
			continue
		}
		if c.ifExists || c.set == setAll || c.kind.negated() || c.kind == opNull {
			continue
		}
		pins := true
		for _, v := range c.values {
			if v == "*" || c.kind == opLike && strings.ContainsAny(v, "*?") {
				pins = false
			}
		}
		if pins {
			return true
		}
	}
	return false
}

func (c *condition) holds(v *view, m *meter) bool {
	if c.id == keyTagKeysID {
		var buf [64]string
		keys := sortedKeys(v.req.Tags, buf[:0])
		if !m.spend(len(keys)) {
			return false
		}
		return c.holdsFor(len(keys), len(keys) > 0, func(i int) text { return text{a: keys[i]} }, m)
	}
	n, present := v.count(c)
	return c.holdsFor(n, present, func(i int) text { return v.value(c, i) }, m)
}

// holdsFor decides the condition for a key with n values, value(i) the
// i-th; present reports whether the request has the key.
func (c *condition) holdsFor(n int, present bool, value func(int) text, m *meter) bool {
	if c.kind == opNull {
		// A key's values OR, as everywhere: "true" holds when the key is
		// absent, "false" when it is present; ["true", "false"] always.
		for _, x := range c.values {
			if (x == "true") != present {
				return true
			}
		}
		return false
	}
	if c.ifExists && !present {
		return true
	}
	switch c.set {
	case setAny:
		for i := range n {
			if c.satisfies(value(i), m) {
				return true
			}
		}
		return false
	case setAll:
		for i := range n {
			if !c.satisfies(value(i), m) {
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
	return c.satisfies(value(0), m)
}

// satisfies reports whether one request value satisfies the operator
// against the policy's values: a positive operator when it matches one, a
// negated one when it matches none.
func (c *condition) satisfies(x text, m *meter) bool {
	matched := false
	for i, p := range c.values {
		var ok bool
		switch c.kind {
		case opEquals, opNotEquals:
			ok = m.equal(p, x)
		case opEqualsIgnoreCase, opNotEqualsIgnoreCase:
			ok = m.equalFold(p, x)
		default:
			ok = m.like(&c.patterns[i], x)
		}
		if m.over {
			return false
		}
		if ok {
			matched = true
			break
		}
	}
	return matched != c.kind.negated()
}

// Compiled is a policy fixed for one identity pool: what does not depend
// on the identity — the principal, the actions, the conditions on aud and
// whether a statement pins aud — is decided once, and [Compiled.Evaluate]
// reads only the request's identity ID, amr values and tags. It is
// immutable and safe for concurrent use.
type Compiled struct {
	policy *Policy
	poolID string
	china  bool
	err    *Error
	acts   [2]compiledAction // sts:AssumeRoleWithWebIdentity, sts:TagSession
	reads  Keys
	// static holds the decisions, untagged and tagged, of a policy whose
	// every condition is decided (a specialized one, usually).
	static   [2]Decision
	isStatic bool
}

// Keys is a set of request keys a compiled policy reads.
type Keys uint8

// The keys.
const (
	KeySub  Keys = 1 << iota // cognito-identity.amazonaws.com:sub
	KeyAMR                   // cognito-identity.amazonaws.com:amr
	KeyTags                  // aws:RequestTag/K and aws:TagKeys
)

type compiledAction struct {
	stmts []compiledStatement // those whose principal, action and aud conditions hold
	named bool                // an Allow names the principal and the action
}

type compiledStatement struct {
	st   *statement
	skip []bool // conditions decided when compiled (those on aud, true)
	pins bool
}

// Compile fixes the policy for the identity pool poolID (its region
// decides whether the .com.cn spellings apply).
func (p *Policy) Compile(poolID string) *Compiled {
	region, _, _ := strings.Cut(poolID, ":")
	c := &Compiled{policy: p, poolID: poolID, china: strings.HasPrefix(region, "cn-")}
	c.err = p.chinaKeys(c.china)
	static := &Request{IdentityPoolID: poolID, China: c.china}
	v := view{req: static}
	m := meter{left: 1 << 62}
	for ai, action := range [2]string{ActionAssumeRole, ActionTagSession} {
		ca := &c.acts[ai]
		laction := lowerASCII(action)
		for i := range p.statements {
			st := &p.statements[i]
			if !st.principalMatches(c.china) || !st.actionMatches(laction) {
				continue
			}
			if !st.deny {
				ca.named = true
			}
			cs := compiledStatement{st: st, skip: make([]bool, len(st.conds)), pins: st.pinsAud(c.china)}
			holds := true
			for j := range st.conds {
				cond := &st.conds[j]
				if cond.id != keyAud {
					switch cond.id {
					case keySub:
						c.reads |= KeySub
					case keyAMR:
						c.reads |= KeyAMR
					default:
						c.reads |= KeyTags
					}
					continue
				}
				if !cond.holds(&v, &m) {
					holds = false
					break
				}
				cs.skip[j] = true
			}
			if holds {
				ca.stmts = append(ca.stmts, cs)
			}
		}
	}
	return c
}

// Known is what a caller knows of a request before it comes, for
// [Compiled.Specialize]: the first values of amr, whether more follow, and
// whether the request has tags.
type Known struct {
	// AMR are the first values of the amr key, the same in every request
	// (["authenticated", LOGIN] for a user pool login).
	AMR []string
	// AMRMore reports whether further amr values follow, which differ
	// from request to request (LOGIN:CognitoSignIn:SUB).
	AMRMore bool
	// Tagged reports whether the requests have tags (of any keys and
	// values); without, aws:TagKeys and aws:RequestTag/K are absent and
	// sts:TagSession is not checked.
	Tagged bool
}

// Specialize returns the policy decided as far as k allows: a condition
// that holds for every request k describes is dropped, and a statement
// with a condition that holds for none is left out. It decides as c does
// for every request that k describes (with req.AMR starting with k.AMR,
// having more values exactly when k.AMRMore, and tags exactly when
// k.Tagged), and its [Compiled.Reads] names only what is left to read: for
// the usual policies, nothing, and Evaluate then costs a few comparisons.
// Without a trace, that is; a trace lists every statement, as c's does.
func (c *Compiled) Specialize(k Known) *Compiled {
	out := &Compiled{policy: c.policy, poolID: c.poolID, china: c.china, err: c.err}
	for ai := range c.acts {
		ca := &c.acts[ai]
		oa := &out.acts[ai]
		oa.named = ca.named
		for _, cs := range ca.stmts {
			ns := compiledStatement{st: cs.st, skip: slices.Clone(cs.skip), pins: cs.pins}
			applies := true
			for j := range cs.st.conds {
				if ns.skip[j] {
					continue
				}
				cond := &cs.st.conds[j]
				holds, known := cond.decide(k)
				switch {
				case !known:
					out.reads |= cond.reads()
				case holds:
					ns.skip[j] = true
				default:
					applies = false
				}
				if !applies {
					break
				}
			}
			if applies {
				oa.stmts = append(oa.stmts, ns)
			}
		}
	}
	if out.err == nil && out.decided() {
		// Nothing is left to read: decide once, without tags and with.
		for i, tags := range []map[string]string{nil, {"": ""}} {
			m := meter{left: 1 << 62}
			out.static[i], _ = out.evaluate(Request{Tags: tags}, false, &m)
		}
		out.isStatic = true
	}
	return out
}

// decided reports whether every condition left is decided.
func (c *Compiled) decided() bool {
	for _, ca := range c.acts {
		for _, cs := range ca.stmts {
			if slices.Contains(cs.skip, false) {
				return false
			}
		}
	}
	return true
}

func (c *condition) reads() Keys {
	switch c.id {
	case keySub:
		return KeySub
	case keyAMR:
		return KeyAMR
	}
	return KeyTags
}

// decide evaluates the condition for every request k describes: holds,
// when known says all of them agree.
func (c *condition) decide(k Known) (holds, known bool) {
	m := meter{left: 1 << 62}
	switch c.id {
	case keyAMR:
		fixed := func(i int) text { return text{a: k.AMR[i]} }
		n := len(k.AMR)
		if !k.AMRMore {
			return c.holdsFor(n, n > 0, fixed, &m), true
		}
		// Some values are not known: the answer is known only when the
		// known ones settle it.
		switch {
		case c.kind == opNull:
			return c.holdsFor(n, true, fixed, &m), true
		case c.set == setAny:
			if c.holdsFor(n, true, fixed, &m) {
				return true, true
			}
		case c.set == setAll:
			if n > 0 && !c.holdsFor(n, true, fixed, &m) {
				return false, true
			}
		}
		return false, false
	case keyTagKeysID, keyTagK:
		if !k.Tagged {
			return c.holdsFor(0, false, nil, &m), true
		}
	}
	return false, false
}

// Decided returns the decision of a policy that reads nothing of the
// request (a specialized one, usually), for requests with tags or without,
// and whether it is so decided; a caller may then skip building the
// request. The Decision has no trace.
func (c *Compiled) Decided(tagged bool) (Decision, bool) {
	if !c.isStatic {
		return Decision{}, false
	}
	if tagged {
		return c.static[1], true
	}
	return c.static[0], true
}

// Reads returns the request keys the compiled policy's conditions read
// (besides aud, decided when it was compiled): a caller may leave the
// others out of the request.
func (c *Compiled) Reads() Keys { return c.reads }

// Evaluate decides as [Policy.Evaluate] does for req in the compiled pool
// (req's IdentityPoolID and China are ignored); the Decision has a Trace
// only when trace is set. Without a trace it allocates nothing and costs
// only the conditions that read the request.
func (c *Compiled) Evaluate(req Request, trace bool) (Decision, error) {
	m := newMeter()
	return c.evaluate(req, trace, &m)
}

func (c *Compiled) evaluate(req Request, trace bool, m *meter) (Decision, error) {
	if c.err != nil {
		return Decision{}, c.err
	}
	if c.isStatic && !trace {
		return c.static[min(len(req.Tags), 1)], nil
	}
	req.IdentityPoolID, req.China = c.poolID, c.china
	if trace {
		return c.policy.decide(&req, true, m)
	}
	v := view{req: &req}
	d := Decision{Statement: -1}
	for ai, action := range [2]string{ActionAssumeRole, ActionTagSession} {
		if ai == 1 && len(req.Tags) == 0 {
			break
		}
		ok, reason, st := c.acts[ai].evaluate(&v, m)
		if m.over {
			return Decision{}, workLimit()
		}
		if ai == 0 || !ok {
			d.Statement = st
		}
		if !ok {
			d.Reason, d.Action = reason, action
			if ai == 1 && reason != ReasonDeny {
				d.Reason = ReasonTagSession
			}
			return d, nil
		}
	}
	d.Allowed = true
	return d, nil
}

func (ca *compiledAction) evaluate(v *view, m *meter) (bool, Reason, int) {
	allowedBy, anyNoAud := -1, false
	for i := range ca.stmts {
		cs := &ca.stmts[i]
		_, ok := cs.st.conditionsHold(v, m, cs.skip)
		switch {
		case m.over:
			return false, "", -1
		case !ok:
		case cs.st.deny:
			return false, ReasonDeny, cs.st.index
		case !cs.pins:
			anyNoAud = true
		case allowedBy < 0:
			allowedBy = cs.st.index
		}
	}
	switch {
	case allowedBy >= 0:
		return true, "", allowedBy
	case !ca.named:
		return false, ReasonNoStatement, -1
	case anyNoAud:
		return false, ReasonNoAud, -1
	}
	return false, ReasonCondition, -1
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
	// At is Path as steps, which place the finding in the policy document
	// (package rolemap/diag).
	At diag.Path `json:"-"`
}

// Diagnostic returns the finding as a diagnostic, its path inside the
// policy document.
func (f Finding) Diagnostic() diag.Diagnostic {
	return diag.Diagnostic{Code: f.Code, Path: f.At, Message: f.Message, Fix: f.Fix}
}

// Lint reports what is wrong with the policy whatever the request: every
// Allow statement for the identity-pool principal that pins no aud (the
// role would trust any identity pool, and it never counts),
// and every set operator on a single-valued key.
func (p *Policy) Lint() []Finding {
	var out []Finding
	for _, st := range p.statements {
		if !st.deny && (st.principalAll || slices.Contains(st.federated, Principal) || slices.Contains(st.federated, PrincipalCN)) &&
			!st.pinsAud(true) {
			out = append(out, Finding{Code: "trust-no-aud", Path: st.path.String(), At: st.path,
				Message: "this Allow lets the identity-pool principal assume the role with no condition pinning " + keyPrefix + "aud to this pool's ID, so it would trust any identity pool; STS needs one for an identity pool, and it never counts here",
				Fix:     `add "Condition": {"StringEquals": {"` + keyPrefix + `aud": "REGION:POOL-GUID"}}`})
		}
		for _, c := range st.conds {
			if _, multi := known(c.lkey); !multi && c.set != setNone {
				out = append(out, Finding{Code: "set-operator-on-single-valued-key", Path: c.path.String(), At: c.path,
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
