package tfconfig

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// TestProviderShapes reads configurations shaped as the aws provider's
// acceptance tests write them (testdata/provider/README.md): heredoc
// trust policies, a policy document data source, user groups with roles
// and precedences, a membership and principal tags.
func TestProviderShapes(t *testing.T) {
	t.Run("roles-attachment", func(t *testing.T) {
		res, err := Read(filepath.Join("testdata", "provider", "roles-attachment"), nil)
		if err != nil {
			t.Fatal(err)
		}
		auth := "arn:aws:iam::123456789012:role/cognito_authenticated_rolemap-fixture"
		p, err := res.Pool("")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"authenticated": auth, "unauthenticated": "arn:aws:iam::123456789012:role/cognito_unauthenticated_rolemap-fixture"}
		if diff := cmp.Diff(want, p.Roles); diff != "" {
			t.Errorf("roles (-want +got):\n%s", diff)
		}
		if m := p.RoleMappings["graph.facebook.com"]; m.RulesConfiguration == nil || len(m.RulesConfiguration.Rules) != 2 {
			t.Errorf("mappings %v, want two rules for graph.facebook.com", p.RoleMappings)
		}
		if p.IdentityPoolName != "identity pool rolemap-fixture" {
			t.Errorf("name %q", p.IdentityPoolName)
		}
		d, err := res.Deployment("")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Roles) != 2 || len(d.RoleErrors) != 0 {
			t.Errorf("trust policies %v, refused %v", d.Roles, d.RoleErrors)
		}
	})
	t.Run("user-pool-groups", func(t *testing.T) {
		res, err := Read(filepath.Join("testdata", "provider", "user-pool-groups"), map[string]string{"AWS::Region": "eu-west-1"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := res.Pool("")
		if err != nil {
			t.Fatal(err)
		}
		key := "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test:client"
		if m, ok := p.RoleMappings[key]; !ok || m.Type != "Token" {
			t.Errorf("mappings %v, want a Token mapping for %s", p.RoleMappings, key)
		}
		one, ten := int64(1), int64(10)
		want := map[string]usergroups.UserPool{"eu-west-1_test": {
			Groups: []usergroups.Group{
				{GroupName: "admins", Precedence: &one, RoleARN: "arn:aws:iam::123456789012:role/rolemap-fixture-admins"},
				{GroupName: "readers", Precedence: &ten, RoleARN: "arn:aws:iam::123456789012:role/rolemap-fixture-readers"},
			},
			Users:   map[string][]string{"alice": {"admins"}},
			Clients: map[string]usergroups.Client{"client": {}},
		}}
		if diff := cmp.Diff(want, res.UserPools); diff != "" {
			t.Errorf("user pools (-want +got):\n%s", diff)
		}
		f := false
		wantTags := []rolemap.PrincipalTagMap{{IdentityPoolID: p.IdentityPoolID, IdentityProviderName: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test",
			UseDefaults: &f, PrincipalTags: map[string]string{"test": "value"}}}
		if diff := cmp.Diff(wantTags, p.PrincipalTagAttributeMaps); diff != "" {
			t.Errorf("principal tags (-want +got):\n%s", diff)
		}
		d, err := res.Deployment("")
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Roles) != 2 || len(d.RoleErrors) != 0 {
			t.Errorf("trust policies %v, refused %v", d.Roles, d.RoleErrors)
		}
	})
}
