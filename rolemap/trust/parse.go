package trust

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// MaxPolicySize is the most bytes [Parse] reads: a document may hold
// any amount of white space, which IAM does not count.
const MaxPolicySize = 256 << 10

// MaxPolicyChars is IAM's quota for a role trust policy: 4,096 characters,
// white space not counted (IAM and AWS STS quotas, "Role trust policy
// length"). IAM refuses a longer one, so [Parse] does too.
const MaxPolicyChars = 4096

// CodeUnsupported is the [Error] code of a policy outside the supported
// grammar.
const CodeUnsupported = "rolemapping.UnsupportedTrustPolicy"

// Error is a trust policy this package refuses to evaluate: one outside
// the supported grammar, or one IAM itself rejects, with the JSON path of
// the construct (Statement[1].Condition.DateLessThan). Its Code is
// [CodeUnsupported], a library error and never an AWS exception name.
type Error struct {
	Code   string `json:"code"`
	Path   string `json:"path"`
	Detail string `json:"detail"`
	// At is Path as steps, which place the error in the policy document
	// (package rolemap/diag).
	At diag.Path `json:"-"`
}

// Diagnostic returns the error as a diagnostic of code trust-unsupported,
// its path inside the policy document.
func (e *Error) Diagnostic() diag.Diagnostic {
	return diag.Diagnostic{Code: "trust-unsupported", Path: e.At, Message: e.Detail,
		Fix: "express the condition with the String operators, ForAnyValue:/ForAllValues:, IfExists and Null, or test the role in AWS"}
}

// Error returns "Code: Path: Detail".
func (e *Error) Error() string { return e.Code + ": " + e.Message() }

// Message returns "Path: Detail" (Detail alone without a path): the error
// without its code, as an outcome's message.
func (e *Error) Message() string {
	if e.Path == "" {
		return e.Detail
	}
	return e.Path + ": " + e.Detail
}

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, trust.ErrUnsupported) matches every refusal.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// ErrUnsupported matches every [Error], for errors.Is.
var ErrUnsupported = &Error{Code: CodeUnsupported}

func unsupported(at diag.Path, detail string) *Error {
	return &Error{Code: CodeUnsupported, Path: at.String(), Detail: detail, At: at}
}

// Policy is a parsed trust policy (a role's AssumeRolePolicyDocument). It
// is immutable and safe for concurrent use.
type Policy struct {
	statements []statement
}

// policyChars counts the characters of a policy document that IAM's quota
// counts: every code point but white space.
func policyChars(data []byte) int {
	n := 0
	for _, r := range string(data) {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

type statement struct {
	path         diag.Path // Statement or Statement[i]
	index        int
	sid          string
	deny         bool
	principalAll bool     // "*"
	federated    []string // Principal.Federated
	// fedLoose and fedLooseCN: in a Deny, some Federated value might name
	// the principal (or its .cn spelling): equal after trimming ASCII white
	// space and folding ASCII case, or holding a wildcard.
	fedLoose, fedLooseCN bool
	other                bool      // an AWS, Service or CanonicalUser principal
	actions              []pattern // ASCII lower case
	notAction            bool
	conds                []condition // sorted by operator, then key
}

type opKind uint8

const (
	opEquals opKind = iota
	opNotEquals
	opEqualsIgnoreCase
	opNotEqualsIgnoreCase
	opLike
	opNotLike
	opNull
)

var baseOps = map[string]opKind{
	"StringEquals": opEquals, "StringNotEquals": opNotEquals,
	"StringEqualsIgnoreCase": opEqualsIgnoreCase, "StringNotEqualsIgnoreCase": opNotEqualsIgnoreCase,
	"StringLike": opLike, "StringNotLike": opNotLike,
}

func (k opKind) negated() bool {
	return k == opNotEquals || k == opNotEqualsIgnoreCase || k == opNotLike
}

type setKind uint8

const (
	setNone setKind = iota
	setAny
	setAll
)

type condition struct {
	path     diag.Path // Statement[0].Condition.StringEquals["key"]
	operator string    // as written
	kind     opKind
	set      setKind
	ifExists bool
	key      string // as written
	lkey     string // ASCII lower case
	id       keyID
	tag      string // for keyTagK: the tag key, ASCII lower case
	values   []string
	patterns []pattern // for Like operators: values compiled
}

// keyID names a key of the request context.
type keyID uint8

const (
	keyAud keyID = iota
	keySub
	keyAMR
	keyTagKeysID
	keyTagK
)

// Keys of the request context (see the package documentation), lower case.
const (
	keyPrefix   = "cognito-identity.amazonaws.com:"
	keyPrefixCN = "cognito-identity.amazonaws.com.cn:"
	keyTagKeys  = "aws:tagkeys"
	keyTag      = "aws:requesttag/"
)

// known reports whether a lower-case key is in the request context, which
// key it is, and whether it is multivalued.
func known(lkey string) (ok, multi bool) {
	ok, _, multi = knownID(lkey)
	return ok, multi
}

func knownID(lkey string) (ok bool, id keyID, multi bool) {
	for _, p := range []string{keyPrefix, keyPrefixCN} {
		if rest, found := strings.CutPrefix(lkey, p); found {
			switch rest {
			case "aud":
				return true, keyAud, false
			case "sub":
				return true, keySub, false
			case "amr":
				return true, keyAMR, true
			}
			return false, 0, false
		}
	}
	if lkey == keyTagKeys {
		return true, keyTagKeysID, true
	}
	if rest, found := strings.CutPrefix(lkey, keyTag); found && rest != "" {
		return true, keyTagK, false
	}
	return false, 0, false
}

// lowerASCII folds the ASCII letters A–Z to a–z and leaves every other
// byte as it is: IAM compares key, action and principal names ignoring
// ASCII case only, so İ, ı and the Kelvin sign stay themselves.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// equalFoldASCII reports whether a and b are equal ignoring ASCII case.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Parse reads a trust policy: a JSON object, as the AWS CLI
// prints AssumeRolePolicyDocument, or a JSON string holding one — raw JSON,
// or URL-encoded JSON as the IAM Query API returns it (decoded once, %XX
// and + rules). Anything outside the supported grammar is an [*Error]
// naming its JSON path; nothing is guessed. A member given twice in one
// object is refused too (IAM's reading of it is not documented).
//
// Its time and memory are linear in the document's size.
func Parse(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, unsupported(nil, "the policy is larger than "+strconv.Itoa(MaxPolicySize>>10)+" KiB")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '"' {
		var s string
		if err := json.Unmarshal(trimmed, &s); err != nil {
			return nil, unsupported(nil, "not a JSON string: "+err.Error())
		}
		inner := strings.TrimSpace(s)
		if !strings.HasPrefix(inner, "{") {
			dec, err := url.QueryUnescape(s)
			if err != nil {
				return nil, unsupported(nil, "a string that is neither JSON nor URL-encoded JSON: "+err.Error())
			}
			inner = dec
		}
		return parseObject([]byte(inner))
	}
	return parseObject(trimmed)
}

func parseObject(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, unsupported(nil, "the policy is larger than "+strconv.Itoa(MaxPolicySize>>10)+" KiB")
	}
	if n := policyChars(data); n > MaxPolicyChars {
		return nil, unsupported(nil, "the policy is "+strconv.Itoa(n)+" characters long (white space not counted), over IAM's quota of "+strconv.Itoa(MaxPolicyChars)+" for a role trust policy; IAM refuses it (LimitExceeded): shorten it")
	}
	report, err := strictjson.Check(data, &strictjson.Schema{Any: true})
	if err != nil {
		return nil, unsupported(nil, "not JSON: "+err.Error())
	}
	if len(report.Issues) > 0 {
		// Name both places: a reader who sees only the second may fix the
		// wrong one (an Effect given as Deny, then Allow).
		is := report.Issues[0]
		detail := is.Detail() + "; IAM's reading of that is not documented: keep one"
		if n := len(report.Issues) - 1 + report.More; n > 0 {
			detail += " (and " + strconv.Itoa(n) + " more members given twice)"
		}
		return nil, unsupported(stepsOf(is.Steps), detail)
	}
	obj, perr := object(data, nil)
	if perr != nil {
		return nil, perr
	}
	p := &Policy{}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		switch name {
		case "Version":
			var v string
			if json.Unmarshal(obj[name], &v) != nil || (v != "2012-10-17" && v != "2008-10-17") {
				return nil, unsupported(diag.Root("Version"), `want "2012-10-17" or "2008-10-17"`)
			}
		case "Id":
		case "Statement":
		default:
			return nil, unsupported(member(nil, name), "not a member of a trust policy")
		}
	}
	raw, ok := obj["Statement"]
	if !ok || isNull(raw) {
		return nil, unsupported(diag.Root("Statement"), "required")
	}
	switch firstByte(raw) {
	case '{':
		st, err := parseStatement(raw, diag.Root("Statement"), 0)
		if err != nil {
			return nil, err
		}
		p.statements = append(p.statements, st)
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, unsupported(diag.Root("Statement"), err.Error())
		}
		if len(items) == 0 {
			return nil, unsupported(diag.Root("Statement"), "an empty list")
		}
		for i, item := range items {
			st, err := parseStatement(item, diag.Root("Statement").Index(i), i)
			if err != nil {
				return nil, err
			}
			p.statements = append(p.statements, st)
		}
	default:
		return nil, unsupported(diag.Root("Statement"), "want an object or a list of objects")
	}
	return p, nil
}

func firstByte(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func member(parent diag.Path, name string) diag.Path {
	if isIdent(name) {
		return parent.Member(name)
	}
	return parent.Key(name)
}

// stepsOf is the path of strictjson's steps.
func stepsOf(steps []strictjson.Step) diag.Path {
	var p diag.Path
	for _, st := range steps {
		switch {
		case st.Index >= 0:
			p = p.Index(st.Index)
		case st.Quoted:
			p = p.Key(st.Name)
		default:
			p = p.Member(st.Name)
		}
	}
	return p
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

func object(raw json.RawMessage, at diag.Path) (map[string]json.RawMessage, *Error) {
	if firstByte(raw) != '{' {
		return nil, unsupported(at, "want an object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		return nil, unsupported(at, err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, unsupported(at, "data after the JSON object")
	}
	return obj, nil
}

// stringList reads a string or a non-empty list of strings.
func stringList(raw json.RawMessage, at diag.Path) ([]string, *Error) {
	switch firstByte(raw) {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, unsupported(at, err.Error())
		}
		return []string{s}, nil
	case '[':
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, unsupported(at, "want a string or a list of strings")
		}
		if len(list) == 0 {
			return nil, unsupported(at, "an empty list")
		}
		return list, nil
	}
	return nil, unsupported(at, "want a string or a list of strings")
}

func parseStatement(raw json.RawMessage, at diag.Path, index int) (statement, error) {
	st := statement{path: at, index: index}
	obj, err := object(raw, at)
	if err != nil {
		return st, err
	}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		switch name {
		case "Sid":
			if json.Unmarshal(obj[name], &st.sid) != nil {
				return st, unsupported(member(at, name), "want a string")
			}
		case "Effect", "Principal", "Action", "NotAction", "Condition":
		case "NotPrincipal":
			return st, unsupported(member(at, name), "NotPrincipal is not supported")
		case "Resource", "NotResource":
			return st, unsupported(member(at, name), "malformed: IAM rejects "+name+" in a trust policy (MalformedPolicyDocument: Has prohibited field "+name+")")
		default:
			return st, unsupported(member(at, name), "not a member of a policy statement")
		}
	}
	var effect string
	if json.Unmarshal(obj["Effect"], &effect) != nil || (effect != "Allow" && effect != "Deny") {
		return st, unsupported(member(at, "Effect"), `want "Allow" or "Deny"`)
	}
	st.deny = effect == "Deny"
	praw, ok := obj["Principal"]
	if !ok {
		return st, unsupported(member(at, "Principal"), "required")
	}
	if err := st.principal(praw, member(at, "Principal")); err != nil {
		return st, err
	}
	araw, hasAction := obj["Action"]
	nraw, hasNot := obj["NotAction"]
	switch {
	case hasAction == hasNot:
		return st, unsupported(at, "give exactly one of Action and NotAction")
	case hasNot:
		araw, st.notAction = nraw, true
	}
	aat := member(at, "Action")
	if st.notAction {
		aat = member(at, "NotAction")
	}
	actions, err := stringList(araw, aat)
	if err != nil {
		return st, err
	}
	for i, a := range actions {
		if a != "*" && !strings.Contains(a, ":") {
			return st, unsupported(aat.Index(i), clip.Quote(a)+" is no service:action")
		}
		st.actions = append(st.actions, compile(lowerASCII(a)))
	}
	if craw, ok := obj["Condition"]; ok {
		conds, err := parseCondition(craw, member(at, "Condition"))
		if err != nil {
			return st, err
		}
		st.conds = conds
	}
	return st, nil
}

func (st *statement) principal(raw json.RawMessage, at diag.Path) *Error {
	if firstByte(raw) == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil || s != "*" {
			return unsupported(at, `want "*" or an object`)
		}
		st.principalAll = true
		return nil
	}
	obj, err := object(raw, at)
	if err != nil {
		return err
	}
	if len(obj) == 0 {
		return unsupported(at, "an empty principal")
	}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		list, err := stringList(obj[name], member(at, name))
		if err != nil {
			return err
		}
		switch name {
		case "Federated":
			st.federated = list
			for _, f := range list {
				loose := strings.ContainsAny(f, "*?")
				trimmed := strings.Trim(f, " \t\n\r\v\f")
				st.fedLoose = st.fedLoose || loose || equalFoldASCII(trimmed, Principal)
				st.fedLooseCN = st.fedLooseCN || loose || equalFoldASCII(trimmed, PrincipalCN)
			}
		case "AWS", "Service", "CanonicalUser":
			st.other = true
		default:
			return unsupported(member(at, name), "not a principal type (AWS, Federated, Service, CanonicalUser)")
		}
	}
	return nil
}

func parseCondition(raw json.RawMessage, at diag.Path) ([]condition, *Error) {
	obj, err := object(raw, at)
	if err != nil {
		return nil, err
	}
	var conds []condition
	for _, op := range slices.Sorted(maps.Keys(obj)) {
		oat := member(at, op)
		c := condition{operator: op}
		name := op
		switch {
		case strings.HasPrefix(name, "ForAnyValue:"):
			c.set, name = setAny, name[len("ForAnyValue:"):]
		case strings.HasPrefix(name, "ForAllValues:"):
			c.set, name = setAll, name[len("ForAllValues:"):]
		}
		if base, ok := strings.CutSuffix(name, "IfExists"); ok {
			c.ifExists, name = true, base
		}
		if kind, ok := baseOps[name]; ok {
			c.kind = kind
		} else if name == "Null" && c.set == setNone && !c.ifExists {
			c.kind = opNull
		} else {
			return nil, unsupported(oat, "the condition operator "+clip.Quote(op)+" is not supported (String operators, their ForAnyValue:, ForAllValues: and IfExists forms, and Null)")
		}
		keys, err := object(obj[op], oat)
		if err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			return nil, unsupported(oat, "an operator with no key")
		}
		seen := map[string]string{} // ASCII lower case → as written
		for _, key := range slices.Sorted(maps.Keys(keys)) {
			kc := c
			kc.key, kc.lkey = key, lowerASCII(key)
			kc.path = oat.Key(key)
			if first, dup := seen[kc.lkey]; dup {
				return nil, unsupported(kc.path, "the key "+clip.Quote(key)+" is given twice in this operator's block ("+clip.Quote(first)+" differs only in case, and IAM compares key names ignoring case); IAM's reading of that is not documented: merge them")
			}
			seen[kc.lkey] = key
			ok, id, multi := knownID(kc.lkey)
			kc.id = id
			if id == keyTagK {
				kc.tag = kc.lkey[len(keyTag):]
			}
			if !ok {
				return nil, unsupported(kc.path, "the key "+clip.Quote(key)+" is not in the request context Cognito gives STS (aud, sub, amr, aws:RequestTag/K, aws:TagKeys)")
			}
			if multi && kc.set == setNone && kc.kind != opNull {
				return nil, unsupported(kc.path, "a single-valued operator on the multivalued key "+clip.Quote(key)+"; use ForAnyValue: or ForAllValues:")
			}
			values, err := conditionValues(keys[key], kc.path)
			if err != nil {
				return nil, err
			}
			if kc.kind == opNull {
				for i, v := range values {
					if v != "true" && v != "false" {
						return nil, unsupported(kc.path, "Null takes true or false, not "+clip.Quote(values[i]))
					}
				}
			}
			kc.values = values
			if kc.kind == opLike || kc.kind == opNotLike {
				kc.patterns = make([]pattern, len(values))
				for i, v := range values {
					kc.patterns[i] = compile(v)
				}
			}
			conds = append(conds, kc)
		}
	}
	return conds, nil
}

// conditionValues reads a string, number or boolean, or a non-empty list
// of them, as their text.
func conditionValues(raw json.RawMessage, at diag.Path) ([]string, *Error) {
	var items []json.RawMessage
	if firstByte(raw) == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, unsupported(at, err.Error())
		}
		if len(items) == 0 {
			return nil, unsupported(at, "an empty list of values")
		}
	} else {
		items = []json.RawMessage{raw}
	}
	values := make([]string, 0, len(items))
	for i, item := range items {
		iat := at
		if len(items) > 1 || firstByte(raw) == '[' {
			iat = at.Index(i)
		}
		var v string
		switch b := firstByte(item); {
		case b == '"':
			if err := json.Unmarshal(item, &v); err != nil {
				return nil, unsupported(iat, err.Error())
			}
		case b == 't' || b == 'f' || b == '-' || b >= '0' && b <= '9':
			v = string(bytes.TrimSpace(item))
		default:
			return nil, unsupported(iat, "want a string, number or boolean")
		}
		if strings.Contains(v, "${") {
			return nil, unsupported(iat, "policy variables (${…}) are not supported")
		}
		values = append(values, v)
	}
	return values, nil
}
