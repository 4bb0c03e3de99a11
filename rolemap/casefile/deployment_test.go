package casefile_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

const (
	staffARN   = "arn:aws:iam::111122223333:role/Staff"
	staffTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"}}}]}`
	denyTrust  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:00000000-0000-0000-0000-000000000000"}}}]}`
)

func deploymentPool() rolemap.Pool {
	return rolemap.Pool{IdentityPoolID: "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100",
		Roles: map[string]string{"authenticated": staffARN}}
}

// TestDeploymentDocument: DeploymentDocument writes the pool document
// with roles and userPools, and ParseDeployment reads back the same pool,
// trust policies and user pools.
func TestDeploymentDocument(t *testing.T) {
	ups := map[string]usergroups.UserPool{"us-east-1_AbC": {Groups: []usergroups.Group{{GroupName: "staff", RoleARN: staffARN}}, Users: map[string][]string{"alice": {"staff"}}}}
	doc, err := casefile.DeploymentDocument(deploymentPool(), map[string]json.RawMessage{staffARN: json.RawMessage(staffTrust)}, ups)
	if err != nil {
		t.Fatal(err)
	}
	if !casefile.IsDeployment(doc) {
		t.Errorf("IsDeployment(%s) = false", doc)
	}
	d, err := casefile.ParseDeployment(doc)
	if err != nil {
		t.Fatalf("ParseDeployment(%s): %v", doc, err)
	}
	if diff := cmp.Diff(deploymentPool(), d.Pool); diff != "" {
		t.Errorf("pool (-want +got):\n%s", diff)
	}
	if d.Roles[staffARN] == nil || len(d.Roles) != 1 || d.RoleErrors != nil {
		t.Errorf("roles = %v, errors %v; want Staff's policy", d.Roles, d.RoleErrors)
	}
	if diff := cmp.Diff(ups["us-east-1_AbC"].Users, d.UserPools["us-east-1_AbC"].Users); diff != "" {
		t.Errorf("user pools (-want +got):\n%s", diff)
	}

	// A bare pool document is a deployment with nothing beside the pool.
	bare, err := casefile.DeploymentDocument(deploymentPool(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if casefile.IsDeployment(bare) || strings.Contains(string(bare), `"roles"`) {
		t.Errorf("a pool alone wrote %s", bare)
	}
	if d, err := casefile.ParseDeployment(bare); err != nil || d.Roles != nil || d.UserPools != nil {
		t.Errorf("ParseDeployment(bare) = %+v, %v", d, err)
	}
}

// TestCaseFileDeployment: a case file takes a deployment document as its
// pool or, by an absolute or relative path, as its source; the file's own
// roles win over the document's, and bindings do not go with it.
func TestCaseFileDeployment(t *testing.T) {
	doc, err := casefile.DeploymentDocument(deploymentPool(), map[string]json.RawMessage{staffARN: json.RawMessage(staffTrust)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	docPath := filepath.Join(dir, "pool.json")
	if err := os.WriteFile(docPath, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	allowed := `[{"name": "signed in", "login": "accounts.google.com", "claims": {"sub": "1"}, "want": {"role": "` + staffARN + `"}}]`
	refused := `[{"name": "signed in", "login": "accounts.google.com", "claims": {"sub": "1"}, "want": {"error": "InvalidIdentityPoolConfigurationException", "reason": "trust-condition"}}]`
	ownRoles := `"roles": {"` + staffARN + `": {"AssumeRolePolicyDocument": ` + denyTrust + `}},`
	tests := []struct {
		name, file string
		wantErr    string
	}{
		{"embedded", `{"pool": ` + string(doc) + `, "cases": ` + allowed + `}`, ""},
		{"embedded, own roles win", `{` + ownRoles + `"pool": ` + string(doc) + `, "cases": ` + refused + `}`, ""},
		{"source, absolute", `{"source": {"deployment": ` + strings.TrimSpace(mustJSON(t, docPath)) + `}, "cases": ` + allowed + `}`, ""},
		{"source, relative", `{"source": {"deployment": "pool.json"}, "cases": ` + allowed + `}`, ""},
		{"source, own roles win", `{` + ownRoles + `"source": {"deployment": "pool.json"}, "cases": ` + refused + `}`, ""},
		{"source with bindings", `{"source": {"deployment": "pool.json"}, "bindings": {"AWS::Region": "eu-west-1"}, "cases": ` + allowed + `}`, "bindings: they go with a template or plan"},
		{"two sources", `{"source": {"deployment": "pool.json", "terraform": "plan.json"}, "cases": ` + allowed + `}`, "give exactly one of cloudformation, terraform or deployment"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "case"+string(rune('a'+i))+".json")
			if err := os.WriteFile(path, []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			r := casefile.CheckFile(path)
			if tt.wantErr != "" {
				if r.Err == nil || !strings.Contains(r.Err.Error(), tt.wantErr) {
					t.Fatalf("CheckFile: %v; want an error saying %q", r.Err, tt.wantErr)
				}
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			for _, res := range r.Results {
				if res.Failure != "" || res.Unverified != "" {
					t.Errorf("%s: failure %q, unverified %q", res.Name, res.Failure, res.Unverified)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
