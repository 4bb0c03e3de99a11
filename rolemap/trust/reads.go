package trust

import "slices"

// Read is one condition of a policy: what it reads from the request
// context and what it compares it with, for tools that search the requests
// a policy tells apart (validate's credentials diff).
type Read struct {
	// Statement is the statement's index, and Deny its effect.
	Statement int
	Deny      bool
	// Path is the condition's JSON path
	// (Statement[0].Condition.StringEquals["aws:RequestTag/team"]).
	Path string
	// Operator is the operator as written (ForAnyValue:StringLikeIfExists),
	// Base its base operator (StringEquals, StringNotEquals,
	// StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike,
	// StringNotLike or Null), Set its set prefix ("", "ForAnyValue" or
	// "ForAllValues") and IfExists its suffix.
	Operator string
	Base     string
	Set      string
	IfExists bool
	// Key is the key as written, and LowerKey in lower case
	// (aws:requesttag/team).
	Key      string
	LowerKey string
	// Values are the policy's values for the key.
	Values []string
}

var baseNames = map[opKind]string{
	opEquals: "StringEquals", opNotEquals: "StringNotEquals",
	opEqualsIgnoreCase: "StringEqualsIgnoreCase", opNotEqualsIgnoreCase: "StringNotEqualsIgnoreCase",
	opLike: "StringLike", opNotLike: "StringNotLike", opNull: "Null",
}

// Reads lists every condition of the policy, statement by statement in
// document order, each statement's conditions sorted by operator, then
// key.
func (p *Policy) Reads() []Read {
	var out []Read
	for _, st := range p.statements {
		for _, c := range st.conds {
			r := Read{Statement: st.index, Deny: st.deny, Path: c.path.String(), Operator: c.operator, Base: baseNames[c.kind],
				IfExists: c.ifExists, Key: c.key, LowerKey: c.lkey, Values: slices.Clone(c.values)}
			switch c.set {
			case setAny:
				r.Set = "ForAnyValue"
			case setAll:
				r.Set = "ForAllValues"
			}
			out = append(out, r)
		}
	}
	return out
}
