package iac_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// Documents shaped to be slow: each import must allocate at most 64× its
// size in bytes (plus a fixed 1 MiB), make at most one allocation per byte
// of it (plus 10,000), and report errors of a few kilobytes at most. Each
// of them took seconds to minutes and gigabytes before its fix; the
// template importer's evaluation-step budget ends any evaluation that would
// run longer. BenchmarkImportHostile times them.

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

// hostileImports are the documents above, with the importer each is for
// and part of the error each gives ("" for a successful import).
func hostileImports() []struct {
	name string
	doc  []byte
	tf   bool
	err  string
} {
	return []struct {
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
}

func TestImportHostileBounded(t *testing.T) {
	for _, tt := range hostileImports() {
		t.Run(tt.name, func(t *testing.T) {
			imp := iac.CloudFormation
			if tt.tf {
				imp = iac.Terraform
			}
			var err error
			alloc := timing.Allocated(func() { _, err = imp(tt.doc) })
			n := testing.AllocsPerRun(1, func() { _, _ = imp(tt.doc) })
			t.Logf("%d bytes: %d bytes allocated (%.1f× the document), %.0f allocations", len(tt.doc), alloc, float64(alloc)/float64(len(tt.doc)), n)
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
			if alloc > 64*uint64(len(tt.doc))+1<<20 {
				t.Errorf("the import allocated %d bytes, over 64× the document's %d", alloc, len(tt.doc))
			}
			if n > float64(len(tt.doc)+10000) {
				t.Errorf("the import made %.0f allocations, over one per byte of the document's %d", n, len(tt.doc))
			}
		})
	}
}

// BenchmarkImportHostile: the imports of the hostile documents, beside
// decoding each with encoding/json.
func BenchmarkImportHostile(b *testing.B) {
	for _, tt := range hostileImports() {
		imp := iac.CloudFormation
		if tt.tf {
			imp = iac.Terraform
		}
		name := strings.ReplaceAll(tt.name, " ", "_")
		b.Run("doc="+name+"/op=import", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = imp(tt.doc)
			}
		})
		b.Run("doc="+name+"/op=decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = json.Unmarshal(tt.doc, &v)
			}
		})
	}
}
