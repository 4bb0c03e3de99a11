package trust_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// bruteEval states the package's rules again (its documentation and IAM's
// policy reference), on the policy as encoding/json decodes it (with
// UseNumber), without sharing any code with the package: it
// returns whether the request is allowed and the reason, or unsupported
// when the policy is outside the grammar.
func bruteEval(doc any, req trust.Request) (allowed bool, reason string, unsupported bool) {
	top, ok := doc.(map[string]any)
	if !ok {
		return false, "", true
	}
	for k, v := range top {
		switch k {
		case "Version":
			if v != "2012-10-17" && v != "2008-10-17" {
				return false, "", true
			}
		case "Id":
		case "Statement":
		default:
			return false, "", true
		}
	}
	var stmts []map[string]any
	switch s := top["Statement"].(type) {
	case map[string]any:
		stmts = []map[string]any{s}
	case []any:
		if len(s) == 0 {
			return false, "", true
		}
		for _, e := range s {
			m, ok := e.(map[string]any)
			if !ok {
				return false, "", true
			}
			stmts = append(stmts, m)
		}
	default:
		return false, "", true
	}
	// Grammar first, for every statement: a refusal does not depend on
	// the request.
	for _, st := range stmts {
		if !bruteStatementOK(st, req.China) {
			return false, "", true
		}
	}
	actions := []string{"sts:AssumeRoleWithWebIdentity"}
	if len(req.Tags) > 0 {
		actions = append(actions, "sts:TagSession")
	}
	for _, action := range actions {
		denied, allowedHere, named, noAud := false, false, false, false
		for _, st := range stmts {
			deny := st["Effect"] == "Deny"
			if !brutePrincipal(st["Principal"], deny, req.China) || !bruteAction(st, action) {
				continue
			}
			if !deny {
				named = true
			}
			if !bruteConditions(st["Condition"], req) {
				continue
			}
			if deny {
				denied = true
				continue
			}
			if bruteAud(st["Condition"], req.China) {
				allowedHere = true
			} else {
				noAud = true
			}
		}
		switch {
		case denied:
			return false, "trust-deny", false
		case allowedHere:
			continue
		case action == "sts:TagSession":
			return false, "trust-tag-session", false
		case !named:
			return false, "trust-no-statement", false
		case noAud:
			return false, "trust-no-aud", false
		default:
			return false, "trust-condition", false
		}
	}
	return true, "", false
}

func strs(v any) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, true
	case []any:
		if len(x) == 0 {
			return nil, false
		}
		var out []string
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

var knownOps = map[string]bool{"StringEquals": true, "StringNotEquals": true, "StringEqualsIgnoreCase": true,
	"StringNotEqualsIgnoreCase": true, "StringLike": true, "StringNotLike": true}

// splitOp returns the set prefix, the base operator and IfExists.
func splitOp(op string) (set, base string, ifExists bool) {
	for _, p := range []string{"ForAnyValue:", "ForAllValues:"} {
		if strings.HasPrefix(op, p) {
			set, op = p, op[len(p):]
		}
	}
	if strings.HasSuffix(op, "IfExists") {
		ifExists, op = true, op[:len(op)-len("IfExists")]
	}
	return set, op, ifExists
}

// asciiLower folds A–Z only: IAM's key, action and principal names ignore
// ASCII case, and nothing else (İ, ı and the Kelvin sign stay).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}, s)
}

func keyKind(key string) (known, multi bool) {
	k := asciiLower(key)
	for _, svc := range []string{"cognito-identity.amazonaws.com:", "cognito-identity.amazonaws.com.cn:"} {
		switch k {
		case svc + "aud", svc + "sub":
			return true, false
		case svc + "amr":
			return true, true
		}
	}
	if k == "aws:tagkeys" {
		return true, true
	}
	if strings.HasPrefix(k, "aws:requesttag/") && len(k) > len("aws:requesttag/") {
		return true, false
	}
	return false, false
}

func condValues(v any) ([]string, bool) {
	list, isList := v.([]any)
	if !isList {
		list = []any{v}
	} else if len(list) == 0 {
		return nil, false
	}
	var out []string
	for _, e := range list {
		var s string
		switch x := e.(type) {
		case string:
			s = x
		case json.Number:
			s = x.String()
		case bool:
			s = map[bool]string{true: "true", false: "false"}[x]
		default:
			return nil, false
		}
		if strings.Contains(s, "${") {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func bruteStatementOK(st map[string]any, china bool) bool {
	for k := range st {
		switch k {
		case "Sid":
			if _, ok := st[k].(string); !ok {
				return false
			}
		case "Effect", "Principal", "Action", "NotAction", "Condition":
		default:
			return false
		}
	}
	if st["Effect"] != "Allow" && st["Effect"] != "Deny" {
		return false
	}
	switch p := st["Principal"].(type) {
	case string:
		if p != "*" {
			return false
		}
	case map[string]any:
		if len(p) == 0 {
			return false
		}
		for k, v := range p {
			if k != "AWS" && k != "Federated" && k != "Service" && k != "CanonicalUser" {
				return false
			}
			if _, ok := strs(v); !ok {
				return false
			}
		}
	default:
		return false
	}
	_, hasA := st["Action"]
	_, hasN := st["NotAction"]
	if hasA == hasN {
		return false
	}
	acts, ok := strs(st["Action"])
	if hasN {
		acts, ok = strs(st["NotAction"])
	}
	if !ok {
		return false
	}
	for _, a := range acts {
		if a != "*" && !strings.Contains(a, ":") {
			return false
		}
	}
	c, has := st["Condition"]
	if !has {
		return true
	}
	cm, ok := c.(map[string]any)
	if !ok {
		return false
	}
	for op, keys := range cm {
		set, base, ifExists := splitOp(op)
		isNull := op == "Null"
		if !isNull && !knownOps[base] {
			return false
		}
		km, ok := keys.(map[string]any)
		if !ok || len(km) == 0 {
			return false
		}
		folded := map[string]bool{}
		for key := range km {
			if folded[asciiLower(key)] {
				return false // two keys equal ignoring ASCII case
			}
			folded[asciiLower(key)] = true
		}
		for key, v := range km {
			known, multi := keyKind(key)
			if !known || multi && set == "" && !isNull {
				return false
			}
			vals, ok := condValues(v)
			if !ok {
				return false
			}
			if isNull {
				for _, x := range vals {
					if x != "true" && x != "false" {
						return false
					}
				}
			}
			if !china && strings.HasPrefix(asciiLower(key), "cognito-identity.amazonaws.com.cn:") {
				return false
			}
			_ = ifExists
		}
	}
	return true
}

func brutePrincipal(p any, deny, china bool) bool {
	if p == "*" {
		return true
	}
	m := p.(map[string]any)
	fed, _ := strs(m["Federated"])
	for _, f := range fed {
		if f == "cognito-identity.amazonaws.com" || china && f == "cognito-identity.amazonaws.com.cn" {
			return true
		}
	}
	if !deny {
		return false
	}
	// In a Deny, a Federated value that might name the principal matches:
	// one with a wildcard, or one equal to it after trimming white space
	// and ignoring ASCII case.
	for _, f := range fed {
		t := asciiLower(strings.TrimFunc(f, func(r rune) bool { return strings.ContainsRune(" \t\n\r\v\f", r) }))
		if strings.ContainsAny(f, "*?") || t == "cognito-identity.amazonaws.com" || china && t == "cognito-identity.amazonaws.com.cn" {
			return true
		}
	}
	for _, k := range []string{"AWS", "Service", "CanonicalUser"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// likeRE turns a Like pattern into an anchored regular expression.
func likeRE(p string, fold bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^(?s)")
	if fold {
		b.WriteString("(?i)")
	}
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func bruteAction(st map[string]any, action string) bool {
	action = asciiLower(action)
	if n, ok := st["NotAction"]; ok {
		list, _ := strs(n)
		for _, a := range list {
			if likeRE(asciiLower(a), false).MatchString(action) {
				return false
			}
		}
		return true
	}
	list, _ := strs(st["Action"])
	for _, a := range list {
		if likeRE(asciiLower(a), false).MatchString(action) {
			return true
		}
	}
	return false
}

// requestValues returns a key's values and whether it is present.
func requestValues(key string, req trust.Request) ([]string, bool) {
	k := asciiLower(key)
	k = strings.Replace(k, "cognito-identity.amazonaws.com.cn:", "cognito-identity.amazonaws.com:", 1)
	switch k {
	case "cognito-identity.amazonaws.com:aud":
		return []string{req.IdentityPoolID}, true
	case "cognito-identity.amazonaws.com:sub":
		return []string{req.IdentityID}, true
	case "cognito-identity.amazonaws.com:amr":
		amr := slices.Clone(req.AMR)
		if len(amr) > 0 {
			amr[len(amr)-1] += req.AMRTail
		}
		return amr, len(amr) > 0
	case "aws:tagkeys":
		var keys []string
		for t := range req.Tags {
			keys = append(keys, t)
		}
		sort.Strings(keys)
		return keys, len(keys) > 0
	}
	// The tag spelled so, else the least key equal to it ignoring ASCII
	// case.
	var keys []string
	for t := range req.Tags {
		if asciiLower("aws:requesttag/"+t) == k {
			keys = append(keys, t)
		}
	}
	if len(keys) == 0 {
		return nil, false
	}
	sort.Strings(keys)
	pick := keys[0]
	for _, t := range keys {
		if "aws:requesttag/"+t == k {
			pick = t
		}
	}
	return []string{req.Tags[pick]}, true
}

func bruteMatch(base, p, v string) bool {
	switch base {
	case "StringEquals", "StringNotEquals":
		return p == v
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		return strings.EqualFold(p, v)
	}
	return likeRE(p, false).MatchString(v)
}

func bruteConditions(c any, req trust.Request) bool {
	cm, _ := c.(map[string]any)
	for op, keys := range cm {
		for key, v := range keys.(map[string]any) {
			vals, _ := condValues(v)
			r, present := requestValues(key, req)
			if op == "Null" {
				// IAM: Null "true" checks that the key is absent, "false"
				// that it is present; several values of one key are ORed,
				// as for every operator.
				holds := false
				for _, x := range vals {
					holds = holds || x == "true" && !present || x == "false" && present
				}
				if !holds {
					return false
				}
				continue
			}
			set, base, ifExists := splitOp(op)
			negated := strings.Contains(base, "Not")
			one := func(x string) bool { // x satisfies the operator
				for _, p := range vals {
					if bruteMatch(base, p, x) {
						return !negated
					}
				}
				return negated
			}
			var ok bool
			switch {
			case ifExists && !present:
				ok = true
			case set == "ForAnyValue:":
				for _, x := range r {
					ok = ok || one(x)
				}
			case set == "ForAllValues:":
				ok = true
				for _, x := range r {
					ok = ok && one(x)
				}
			case !present:
				ok = negated
			default:
				ok = one(r[0])
			}
			if !ok {
				return false
			}
		}
	}
	return true
}

func bruteAud(c any, china bool) bool {
	cm, _ := c.(map[string]any)
	for op, keys := range cm {
		set, base, ifExists := splitOp(op)
		if ifExists || set == "ForAllValues:" || op == "Null" || strings.Contains(base, "Not") {
			continue
		}
		for key, v := range keys.(map[string]any) {
			k := asciiLower(key)
			if k != "cognito-identity.amazonaws.com:aud" && !(china && k == "cognito-identity.amazonaws.com.cn:aud") {
				continue
			}
			vals, _ := condValues(v)
			star := false
			for _, x := range vals {
				// "*" never pins one pool; under StringLike no wildcard may.
				star = star || x == "*" || base == "StringLike" && strings.ContainsAny(x, "*?")
			}
			if !star {
				return true
			}
		}
	}
	return false
}
