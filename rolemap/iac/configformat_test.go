package iac

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestTerraformConfigWithoutReader(t *testing.T) {
	dir := t.TempDir()
	tf := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(tf, []byte(`resource "aws_cognito_identity_pool" "p" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, tf} {
		if !IsTerraformConfig(p) {
			t.Errorf("IsTerraformConfig(%s) = false", p)
		}
		if got := ConfigDir(p); got != dir {
			t.Errorf("ConfigDir(%s) = %s, want %s", p, got, dir)
		}
	}
	if IsTerraformConfig(t.TempDir()) {
		t.Error("an empty folder is configuration")
	}
	if _, err := TerraformConfig(dir); !errors.Is(err, ErrNoConfigReader) {
		t.Errorf("got %v, want ErrNoConfigReader", err)
	}
}

// TestWithPositionsAndResourceAt: a plan's errors are placed by the
// positions its maker gives (in another file), and ResourceAt names the
// resource instance an origin path is in.
func TestWithPositionsAndResourceAt(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "terraform", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Terraform(data)
	if err != nil {
		t.Fatal(err)
	}
	origin := res.Origin("aws_cognito_identity_pool.main", `RoleMappings["accounts.google.com"].RulesConfiguration.Rules[0].RoleARN`)
	if got, ok := res.ResourceAt(origin); !ok || got != "aws_cognito_identity_pool_roles_attachment.main" {
		t.Errorf("ResourceAt(%s) = %q, %v", origin, got, ok)
	}
	if _, ok := res.ResourceAt("Resources.X"); ok {
		t.Error("a template path is in a plan's resource")
	}
	// Without the bindings the plan's identity_provider needs, an error;
	// placed where WithPositions says.
	bad := []byte(`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
		{"address": "aws_cognito_identity_pool_roles_attachment.a", "mode": "managed", "type": "aws_cognito_identity_pool_roles_attachment", "name": "a", "values": {"roles": {}}}]}},
		"resource_changes": [{"address": "aws_cognito_identity_pool_roles_attachment.a", "change": {"after_unknown": {"roles": true}}}]}`)
	_, err = Terraform(bad, WithPositions(func(paths []string) []Position {
		out := make([]Position, len(paths))
		for i := range out {
			out[i] = Position{Line: 7, Column: 3, File: "main.tf"}
		}
		return out
	}))
	var e *Error
	if !errors.As(err, &e) || e.File != "main.tf" || e.Line != 7 || e.Column != 3 {
		t.Errorf("got %#v (%v), want an error at main.tf:7:3", e, err)
	}
}
