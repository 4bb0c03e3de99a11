package tfconfig

import (
	"encoding/json"
	"slices"
	"sort"

	"github.com/zclconf/go-cty/cty"
)

// dataAttrs are the attributes of the data sources rolemap evaluates.
var dataAttrs = map[string][]string{
	"aws_region":              {"name", "region", "id"},
	"aws_caller_identity":     {"account_id", "id", "arn", "user_id"},
	"aws_partition":           {"partition", "dns_suffix", "id", "reverse_dns_prefix"},
	"aws_iam_policy_document": {"json", "minified_json"},
}

// dataValue is an attribute of a data source rolemap evaluates: the
// region, account and partition (the bindings AWS::Region,
// AWS::AccountId, AWS::Partition, with package iac's defaults), and a
// policy document rendered as the aws provider renders it.
func (x *reader) dataValue(i *inst, attr string) (cty.Value, bool) {
	if !i.r.data {
		return cty.NilVal, false
	}
	switch i.r.typ + "." + attr {
	case "aws_region.name", "aws_region.region", "aws_region.id":
		return cty.StringVal(x.env.region), true
	case "aws_caller_identity.account_id", "aws_caller_identity.id":
		return cty.StringVal(x.env.account), true
	case "aws_partition.partition", "aws_partition.id":
		return cty.StringVal(x.env.partition), true
	case "aws_partition.dns_suffix":
		return cty.StringVal(x.env.suffix), true
	case "aws_iam_policy_document.json", "aws_iam_policy_document.minified_json":
		return x.policyDocument(i, attr == "json"), true
	}
	return cty.NilVal, false
}

// policyDocument renders an aws_iam_policy_document as the aws provider
// does: Version (2012-10-17 unless given), Id, and a Statement per
// statement block (Sid, Effect — Allow unless given —, Action,
// NotAction, Resource, NotResource, Principal, NotPrincipal, Condition);
// a list of one value is written as the value, a set of several sorted in
// reverse; principals of one type merge, and a single principal of type
// "*" is "*"; conditions merge by test and variable. A document with
// source_policy_documents or override_policy_documents is not rendered:
// bind its json.
func (x *reader) policyDocument(i *inst, indent bool) cty.Value {
	for _, a := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
		if _, ok := i.body.attrs[a]; ok {
			return cty.DynamicVal.Mark(ref{mod: i.m.addr, res: i.r.key(), key: i.keyText, attr: "json"})
		}
	}
	marks := cty.ValueMarks{}
	unknown := false
	str := func(v cty.Value) (string, bool) {
		if v == cty.NilVal {
			return "", false
		}
		v, ms := v.UnmarkDeep()
		for m := range ms {
			marks[m] = struct{}{}
		}
		if !v.IsKnown() {
			unknown = true
			return "", false
		}
		if v.IsNull() {
			return "", false
		}
		if v.Type() == cty.Bool {
			if v.True() {
				return "true", true
			}
			return "false", true
		}
		if v.Type() == cty.Number {
			return v.AsBigFloat().Text('f', -1), true
		}
		if v.Type() != cty.String {
			unknown = true
			return "", false
		}
		return v.AsString(), true
	}
	list := func(v cty.Value) ([]string, bool) {
		if v == cty.NilVal {
			return nil, false
		}
		v, ms := v.UnmarkDeep()
		for m := range ms {
			marks[m] = struct{}{}
		}
		if !v.IsKnown() {
			unknown = true
			return nil, false
		}
		if v.IsNull() || !v.CanIterateElements() {
			return nil, false
		}
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if s, ok := str(e); ok {
				out = append(out, s)
			}
		}
		return out, true
	}
	set := func(v []string) any { // a set: one value, or several in reverse order
		if len(v) == 1 {
			return v[0]
		}
		v = slices.Compact(slices.Sorted(slices.Values(v)))
		if len(v) == 1 {
			return v[0]
		}
		sort.Sort(sort.Reverse(sort.StringSlice(v)))
		return v
	}
	doc := orderedMap{}
	version := "2012-10-17"
	if v, ok := i.body.attrs["version"]; ok {
		if s, ok := str(v); ok && s != "" {
			version = s
		}
	}
	doc.set("Version", version)
	if v, ok := i.body.attrs["policy_id"]; ok {
		if s, ok := str(v); ok && s != "" {
			doc.set("Id", s)
		}
	}
	var stmts []any
	for _, sb := range i.body.blocks["statement"] {
		st := orderedMap{}
		sid := ""
		if v, ok := sb.attrs["sid"]; ok {
			sid, _ = str(v)
		}
		st.set("Sid", sid)
		effect := "Allow"
		if v, ok := sb.attrs["effect"]; ok {
			if s, ok := str(v); ok && s != "" {
				effect = s
			}
		}
		st.set("Effect", effect)
		for _, f := range [][2]string{{"actions", "Action"}, {"not_actions", "NotAction"}, {"resources", "Resource"}, {"not_resources", "NotResource"}} {
			if v, ok := sb.attrs[f[0]]; ok {
				if l, ok := list(v); ok && len(l) > 0 {
					st.set(f[1], set(l))
				}
			}
		}
		for _, f := range [][2]string{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
			blocks := sb.blocks[f[0]]
			if len(blocks) == 0 {
				continue
			}
			if len(blocks) == 1 {
				if t, _ := str(blocks[0].attrs["type"]); t == "*" {
					st.set(f[1], "*")
					continue
				}
			}
			raw := map[string]any{}
			for _, pb := range blocks {
				t, _ := str(pb.attrs["type"])
				ids, _ := list(pb.attrs["identifiers"])
				var add []string
				switch v := set(ids).(type) {
				case string:
					add = []string{v}
				case []string:
					add = v
				}
				switch prev := raw[t].(type) {
				case nil:
					if len(add) == 1 && len(ids) <= 1 {
						raw[t] = add[0]
					} else {
						raw[t] = add
					}
				case string:
					raw[t] = append([]string{prev}, add...)
				case []string:
					raw[t] = append(prev, add...)
				}
			}
			st.set(f[1], raw)
		}
		if conds := sb.blocks["condition"]; len(conds) > 0 {
			raw := map[string]map[string]any{}
			for _, cb := range conds {
				test, _ := str(cb.attrs["test"])
				variable, _ := str(cb.attrs["variable"])
				vals, _ := list(cb.attrs["values"])
				var v any = vals
				if len(vals) == 1 {
					v = vals[0]
				}
				if raw[test] == nil {
					raw[test] = map[string]any{}
				}
				switch prev := raw[test][variable].(type) {
				case nil:
					raw[test][variable] = v
				case string:
					raw[test][variable] = append([]string{prev}, vals...)
				case []string:
					raw[test][variable] = append(prev, vals...)
				}
			}
			st.set("Condition", raw)
		}
		stmts = append(stmts, st)
	}
	doc.set("Statement", stmts)
	if unknown {
		return cty.UnknownVal(cty.String).WithMarks(marks)
	}
	var data []byte
	if indent {
		data, _ = json.MarshalIndent(doc, "", "  ")
	} else {
		data, _ = json.Marshal(doc)
	}
	return cty.StringVal(string(data)).WithMarks(marks)
}

// orderedMap is a JSON object that keeps its members in the order set.
type orderedMap struct {
	keys []string
	vals map[string]any
}

func (o *orderedMap) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o orderedMap) MarshalJSON() ([]byte, error) {
	out := []byte{'{'}
	for n, k := range o.keys {
		if n > 0 {
			out = append(out, ',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		out = append(append(append(out, kb...), ':'), vb...)
	}
	return append(out, '}'), nil
}
