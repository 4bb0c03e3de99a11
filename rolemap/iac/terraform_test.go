package iac_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// tfPlan is a minimal plan: one pool whose first OIDC and SAML provider
// ARNs and whose attachment's authenticated role are unknown until apply,
// each expression referring to refs.
func tfPlan(poolIndex string, extraResources, roleRefs string) []byte {
	return []byte(`{
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_cognito_identity_pool.p` + poolIndex + `", "mode": "managed", "type": "aws_cognito_identity_pool", "name": "p"` + indexMember(poolIndex) + `,
     "values": {"allow_unauthenticated_identities": false, "openid_connect_provider_arns": [null], "saml_provider_arns": [null]}},
    {"address": "aws_cognito_identity_pool_roles_attachment.a` + poolIndex + `", "mode": "managed", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a"` + indexMember(poolIndex) + `,
     "values": {"roles": {}}}` + extraResources + `
  ]}},
  "resource_changes": [
    {"address": "aws_cognito_identity_pool.p` + poolIndex + `", "change": {"after_unknown": {"id": true, "openid_connect_provider_arns": [true], "saml_provider_arns": [true]}}},
    {"address": "aws_cognito_identity_pool_roles_attachment.a` + poolIndex + `", "change": {"after_unknown": {"id": true, "identity_pool_id": true, "roles": {"authenticated": true}}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_cognito_identity_pool.p", "type": "aws_cognito_identity_pool", "name": "p", "expressions": {
       "openid_connect_provider_arns": {"references": ["aws_iam_openid_connect_provider.o.arn", "aws_iam_openid_connect_provider.o"]},
       "saml_provider_arns": {"references": ["aws_iam_saml_provider.s.arn", "aws_iam_saml_provider.s"]}}},
    {"address": "aws_cognito_identity_pool_roles_attachment.a", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a", "expressions": {
       "identity_pool_id": {"references": ["aws_cognito_identity_pool.p", "count.index"]},
       "roles": {"references": [` + roleRefs + `]}}}
  ]}}
}`)
}

func indexMember(i string) string {
	switch {
	case i == "":
		return ""
	case strings.HasPrefix(i, `["`):
		return `, "index": ` + strings.Trim(i, "[]")
	}
	return `, "index": ` + strings.Trim(i, "[]")
}

const tfProviders = `,
    {"address": "aws_iam_openid_connect_provider.o", "mode": "managed", "type": "aws_iam_openid_connect_provider", "name": "o", "values": {"url": "https://sso.example.com"}},
    {"address": "aws_iam_saml_provider.s", "mode": "managed", "type": "aws_iam_saml_provider", "name": "s", "values": {"name": "adfs"}},
    {"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name": "app", "path": "/team/"}}`

func TestTerraformPlaceholders(t *testing.T) {
	res, err := iac.Terraform(tfPlan("[0]", tfProviders, `"aws_iam_role.r.arn", "aws_iam_role.r"`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := res.Pool("")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{p.OpenIDConnectProviderARNs[0], p.SAMLProviderARNs[0], p.Roles["authenticated"]}
	want := []string{"arn:aws:iam::123456789012:oidc-provider/sso.example.com", "arn:aws:iam::123456789012:saml-provider/adfs", "arn:aws:iam::123456789012:role/team/app"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("placeholders (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(p.IdentityPoolID, "us-east-1:") {
		t.Errorf("IdentityPoolId = %q", p.IdentityPoolID)
	}
	if _, ok := res.Pools["aws_cognito_identity_pool.p[0]"]; !ok {
		t.Errorf("pools %v; want one named by its address with index", res.Pools)
	}
	// A binding by the referenced attribute wins.
	res, err = iac.Terraform(tfPlan("", tfProviders, `"aws_iam_role.r.arn", "aws_iam_role.r"`), iac.WithBindings(map[string]string{"aws_iam_role.r.arn": "arn:aws:iam::1:role/bound"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pools["aws_cognito_identity_pool.p"].Roles["authenticated"]; got != "arn:aws:iam::1:role/bound" {
		t.Errorf("bound role = %q", got)
	}
	// So does a binding by the attribute path, first.
	res, err = iac.Terraform(tfPlan("", tfProviders, `"aws_iam_role.r.arn", "aws_iam_role.r"`), iac.WithBindings(map[string]string{
		`aws_cognito_identity_pool_roles_attachment.a.roles["authenticated"]`: "arn:aws:iam::1:role/path", "aws_iam_role.r.arn": "no"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pools["aws_cognito_identity_pool.p"].Roles["authenticated"]; got != "arn:aws:iam::1:role/path" {
		t.Errorf("role bound by path = %q", got)
	}
}

func TestTerraformErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  []byte
		err  []string
	}{
		{name: "another format version", doc: []byte(`{"format_version": "2.0", "values": {}}`), err: []string{`format_version "2.0"`}},
		{name: "not a plan or a state", doc: []byte(`{"format_version": "1.0"}`), err: []string{"neither planned_values"}},
		{name: "no pool", doc: []byte(`{"format_version": "1.0", "values": {"root_module": {}}}`), err: []string{"no identity pool"}},
		{name: "an unknown the importer cannot resolve, every one at once", doc: tfPlan("", "", `"aws_iam_role.r.arn", "aws_iam_role.r", "aws_iam_role.q.arn"`),
			err: []string{
				`aws_cognito_identity_pool_roles_attachment.a.roles["authenticated"]: known only after apply, and its expression refers to aws_iam_role.q.arn, aws_iam_role.r.arn (bind "aws_cognito_identity_pool_roles_attachment.a.roles[\"authenticated\"]" to resolve it)`,
				`aws_cognito_identity_pool.p.openid_connect_provider_arns[0]: known only after apply`,
			}},
		{name: "malformed", doc: []byte(`{"format_version": "1.0", "values": `), err: []string{"iac: terraform show -json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := iac.Terraform(tt.doc)
			if err == nil {
				t.Fatal("Terraform() succeeded")
			}
			for _, part := range tt.err {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("Terraform() error = %v\nwant it to say %q", err, part)
				}
			}
			var e *iac.Error
			if strings.Contains(tt.name, "resolve") && !errors.As(err, &e) {
				t.Errorf("errors.As(*iac.Error) = false for %v", err)
			}
		})
	}
}

// manyInstances is a plan (or a state) of n identity pools and n roles
// attachments made with count. In the plan each attachment's pool ID is
// unknown and found through its expression's reference and its index key;
// in the state, by the pool ID's value.
func manyInstances(n int, state bool) []byte {
	var res, changes []string
	for i := range n {
		id := fmt.Sprintf("us-east-1:00000000-0000-0000-0000-%012d", i)
		pool := fmt.Sprintf(`{"address": "aws_cognito_identity_pool.p[%d]", "mode": "managed", "type": "aws_cognito_identity_pool", "name": "p", "index": %d, "values": {"allow_unauthenticated_identities": false`, i, i)
		attach := fmt.Sprintf(`{"address": "aws_cognito_identity_pool_roles_attachment.a[%d]", "mode": "managed", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a", "index": %d, "values": {"roles": {}`, i, i)
		if state {
			pool += `, "id": "` + id + `"`
			attach += `, "identity_pool_id": "` + id + `"`
		} else {
			changes = append(changes, fmt.Sprintf(`{"address": "aws_cognito_identity_pool.p[%d]", "change": {"after_unknown": {"id": true}}}`, i),
				fmt.Sprintf(`{"address": "aws_cognito_identity_pool_roles_attachment.a[%d]", "change": {"after_unknown": {"identity_pool_id": true}}}`, i))
		}
		res = append(res, pool+"}}", attach+"}}")
	}
	resources := `{"root_module": {"resources": [` + strings.Join(res, ",\n") + `]}}`
	if state {
		return []byte(`{"format_version": "1.0", "values": ` + resources + `}`)
	}
	return []byte(`{"format_version": "1.2", "planned_values": ` + resources + `, "resource_changes": [` + strings.Join(changes, ",\n") + `],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_cognito_identity_pool.p", "type": "aws_cognito_identity_pool", "name": "p", "expressions": {}},
    {"address": "aws_cognito_identity_pool_roles_attachment.a", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a", "expressions": {
       "identity_pool_id": {"references": ["aws_cognito_identity_pool.p[count.index].id", "aws_cognito_identity_pool.p", "count.index"]}}}]}}}`)
}

// TestTerraformManyInstancesLinear imports 4,000 pools and attachments:
// finding each attachment's pool must not scan every pool (by ID in a
// state, by index key in a plan). Scanning sorted every pool's address, or
// printed every candidate's index key, for each attachment (41× and 128×
// decoding the document): the import's bytes and allocations at 4,000
// instances must stay within 4.5× those at 1,000.
func TestTerraformManyInstancesLinear(t *testing.T) {
	for _, state := range []bool{false, true} {
		small, doc := manyInstances(1000, state), manyInstances(4000, state)
		var res *iac.Result
		var err error
		alloc := timing.Allocated(func() { res, err = iac.Terraform(doc) })
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Pools) != 4000 {
			t.Fatalf("%d pools, want 4000: an attachment was not matched to its pool", len(res.Pools))
		}
		allocSmall := timing.Allocated(func() { _, _ = iac.Terraform(small) })
		n, nSmall := testing.AllocsPerRun(1, func() { _, _ = iac.Terraform(doc) }), testing.AllocsPerRun(1, func() { _, _ = iac.Terraform(small) })
		t.Logf("state %v: %d bytes and %.0f allocations for 4,000 instances, %d and %.0f for 1,000", state, alloc, n, allocSmall, nSmall)
		if 2*alloc > 9*allocSmall || 2*n > 9*nSmall {
			t.Errorf("state %v: %d bytes and %.0f allocations for 4,000 instances, over 4.5× those for 1,000 (%d and %.0f)", state, alloc, n, allocSmall, nSmall)
		}
	}
}

// BenchmarkTerraformManyInstances: importing 4,000 pools and attachments,
// beside decoding the document.
func BenchmarkTerraformManyInstances(b *testing.B) {
	for _, state := range []bool{false, true} {
		doc := manyInstances(4000, state)
		b.Run(fmt.Sprintf("state=%v/op=import", state), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = iac.Terraform(doc)
			}
		})
		b.Run(fmt.Sprintf("state=%v/op=decode", state), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = json.Unmarshal(doc, &v)
			}
		})
	}
}
