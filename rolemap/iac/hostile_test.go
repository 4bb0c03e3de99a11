package iac_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// Documents shaped to be slow: each import must end within a small multiple
// of decoding the same document, allocate at most 64× its size (plus a
// fixed 1 MiB), and report errors of a few kilobytes at most. Each of them
// took seconds to minutes and gigabytes before its fix.

// findInMapChain is the template of issue 16 item 1: each mapping's value
// joins two lookups of the one before, so that evaluating the last one
// re-evaluates 2^n lookups of empty strings.
func findInMapChain(n int) []byte {
	var maps []string
	maps = append(maps, `"M0": {"k": {"v": ""}}`)
	for i := 1; i <= n; i++ {
		prev := fmt.Sprintf(`{"Fn::FindInMap": ["M%d", "k", "v"]}`, i-1)
		maps = append(maps, fmt.Sprintf(`"M%d": {"k": {"v": {"Fn::Join": ["", [%s, %s]]}}}`, i, prev, prev))
	}
	return poolTemplate(`"Mappings": {`+strings.Join(maps, ",\n")+`},`, fmt.Sprintf(`{"Fn::FindInMap": ["M%d", "k", "v"]}`, n))
}

// subChain nests Fn::Sub n deep, each naming its variable twice.
func subChain(n int) []byte {
	expr := `""`
	for range n {
		expr = `{"Fn::Sub": ["${A}${A}", {"A": ` + expr + `}]}`
	}
	return poolTemplate("", `{"Fn::Join": ["", ["arn:aws:iam::111122223333:role/", `+expr+`]]}`)
}

// longKeyRules is a template whose mapping key is 64 KiB long, with n
// rules under it: every value's path holds the key.
func longKeyRules(n int) []byte {
	var rules []string
	for i := range n {
		rules = append(rules, fmt.Sprintf(`{"Claim": "c", "MatchType": "Equals", "Value": "v%d", "RoleARN": "arn:aws:iam::111122223333:role/R"}`, i))
	}
	key := strings.Repeat("k", 64<<10)
	return []byte(`{"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "Pool"},
    "RoleMappings": {"` + key + `": {"IdentityProvider": "accounts.google.com", "Type": "Rules", "AmbiguousRoleResolution": "Deny",
      "RulesConfiguration": {"Rules": [` + strings.Join(rules, ",") + `]}}}}}}}`)
}

// deepArrays nests n arrays inside a Fn::Join under 40 map keys of 16 KiB,
// each level holding a few strings.
func deepArrays(n int) []byte {
	expr := `"x"`
	for range n {
		expr = `["a", "b", "c", ` + expr + `]`
	}
	var b strings.Builder
	for i := range 40 {
		b.WriteString(`{"` + strings.Repeat(strconv.Itoa(i%10), 16<<10) + `": `)
	}
	b.WriteString(expr)
	b.WriteString(strings.Repeat("}", 40))
	return poolTemplate("", `{"Fn::Select": [0, [`+b.String()+`]]}`)
}

func poolTemplate(sections, role string) []byte {
	return []byte(`{` + sections + `"Resources": {
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {"IdentityPoolId": {"Ref": "Pool"},
    "Roles": {"authenticated": ` + role + `}}}}}`)
}

// moduleFanOut is the plan of issue 16 item 2: a module chain depth deep
// where each module call passes both its variables to both of the next
// module's, so following var.a without a memo visits 2^depth expressions.
func moduleFanOut(depth int) []byte {
	inner := `{"resources": [{"address": "aws_cognito_identity_pool_roles_attachment.a", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a",
       "expressions": {"roles": {"references": ["var.a", "var.b"]}}}]}`
	for range depth {
		inner = `{"module_calls": {"m": {"expressions": {"a": {"references": ["var.a", "var.b"]}, "b": {"references": ["var.b", "var.a"]}}, "module": ` + inner + `}}}`
	}
	addr := strings.TrimSuffix(strings.Repeat("module.m.", depth), ".")
	planned := `{"address": "` + addr + `", "resources": [{"address": "` + addr + `.aws_cognito_identity_pool_roles_attachment.a", "mode": "managed", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a", "values": {"roles": {}}}]}`
	for d := depth - 1; d > 0; d-- {
		a := strings.TrimSuffix(strings.Repeat("module.m.", d), ".")
		planned = `{"address": "` + a + `", "child_modules": [` + planned + `]}`
	}
	return []byte(`{"format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [` + planned + `]}},
  "resource_changes": [{"address": "` + addr + `.aws_cognito_identity_pool_roles_attachment.a", "change": {"after_unknown": {"roles": {"authenticated": true}}}}],
  "configuration": {"root_module": ` + inner + `}}`)
}

// manyRefs is a pool of n unknown OIDC provider ARNs whose one expression
// refers to n attributes (and, as Terraform writes them, each attribute's
// resource): every element looks at the expression.
func manyRefs(n int) []byte {
	var refs, nulls, unknown []string
	for i := range n {
		refs = append(refs, fmt.Sprintf(`"aws_iam_openid_connect_provider.o%d.arn", "aws_iam_openid_connect_provider.o%d"`, i, i))
		nulls = append(nulls, "null")
		unknown = append(unknown, "true")
	}
	return []byte(`{"format_version": "1.2",
  "planned_values": {"root_module": {"resources": [{"address": "aws_cognito_identity_pool.p", "mode": "managed", "type": "aws_cognito_identity_pool", "name": "p",
     "values": {"openid_connect_provider_arns": [` + strings.Join(nulls, ",") + `]}}]}},
  "resource_changes": [{"address": "aws_cognito_identity_pool.p", "change": {"after_unknown": {"id": true, "openid_connect_provider_arns": [` + strings.Join(unknown, ",") + `]}}}],
  "configuration": {"root_module": {"resources": [{"address": "aws_cognito_identity_pool.p", "type": "aws_cognito_identity_pool", "name": "p",
     "expressions": {"openid_connect_provider_arns": {"references": [` + strings.Join(refs, ",") + `]}}}]}}}`)
}

// longModule is a pool in a module whose address is 256 KiB long, with n
// app clients whose every attribute is unknown: every attribute path holds
// the address.
func longModule(n int) []byte {
	mod := "module." + strings.Repeat("m", 256<<10)
	var provs, unknown []string
	for range n {
		provs = append(provs, `{"client_id": null, "provider_name": null}`)
		unknown = append(unknown, `{"client_id": true, "provider_name": true}`)
	}
	return []byte(`{"format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "` + mod + `", "resources": [{"address": "` + mod + `.aws_cognito_identity_pool.p",
     "mode": "managed", "type": "aws_cognito_identity_pool", "name": "p", "values": {"cognito_identity_providers": [` + strings.Join(provs, ",") + `]}}]}]}},
  "resource_changes": [{"address": "` + mod + `.aws_cognito_identity_pool.p", "change": {"after_unknown": {"id": true, "cognito_identity_providers": [` + strings.Join(unknown, ",") + `]}}}]}`)
}

func TestImportHostileBounded(t *testing.T) {
	tests := []struct {
		name string
		doc  []byte
		tf   bool
		err  string // part of the error, or "" for a successful import
	}{
		{name: "FindInMap chain", doc: findInMapChain(30), err: "Mappings.M30.k.v: Mappings hold strings and lists of strings"},
		{name: "Fn::Sub naming a nested Fn::Sub twice", doc: subChain(40)},
		{name: "5,000 rules under a 64 KiB key", doc: longKeyRules(5000), err: ""},
		{name: "40 keys of 16 KiB over 200 nested arrays", doc: deepArrays(200), err: "want a string"},
		{name: "module variables fanning out 40 deep", doc: moduleFanOut(40), tf: true, err: "known only after apply"},
		{name: "20,000 references in one expression of 20,000 elements", doc: manyRefs(20000), tf: true, err: "and 19995 more"},
		{name: "4,000 unknown attributes in a module of a 256 KiB address", doc: longModule(2000), tf: true, err: "known only after apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := timing.DecodeJSON(t, tt.doc)
			imp := iac.CloudFormation
			if tt.tf {
				imp = iac.Terraform
			}
			var err error
			var took time.Duration
			var alloc uint64
			if !timing.Within(30*time.Second, func() {
				took = timing.Fastest(2, func() {
					alloc = timing.Allocated(func() { _, err = imp(tt.doc) })
				})
			}) {
				t.Fatalf("the import of %d bytes did not end within 30 s (decoding it takes %v)", len(tt.doc), base)
			}
			t.Logf("%d bytes: import %v (%.1f× decoding, %v), %d bytes allocated (%.1f× the document)",
				len(tt.doc), took, float64(took)/float64(base), base, alloc, float64(alloc)/float64(len(tt.doc)))
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("import failed: %.2000v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("import error = %.2000v, want it to say %q", err, tt.err)
			}
			if err != nil {
				for _, line := range strings.Split(err.Error(), "\n") {
					if len(line) > 4<<10 {
						t.Errorf("an error line is %d bytes long: %.300s…", len(line), line)
						break
					}
				}
			}
			if took > 20*base+50*time.Millisecond {
				t.Errorf("the import took %v, over 20× decoding the document (%v)", took, base)
			}
			if alloc > 64*uint64(len(tt.doc))+1<<20 {
				t.Errorf("the import allocated %d bytes, over 64× the document's %d", alloc, len(tt.doc))
			}
		})
	}
}
