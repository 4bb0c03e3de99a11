package input_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

// writeTree writes files (by slash path, under dir) holding their text.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withConfigReader registers a Terraform configuration reader for the
// test (none is registered in this package's tests otherwise).
func withConfigReader(t *testing.T) {
	iac.RegisterConfigReader(func(string, map[string]string) (*iac.Result, error) { return nil, iac.ErrNoPool })
	t.Cleanup(func() { iac.RegisterConfigReader(nil) })
}

// TestWalkTerraform: a folder walk finds the folders of Terraform
// configuration under it, each one input whose sub-folders are not
// walked; it never enters .terraform or the other dependency and build
// folders, leaves out a folder of child modules and one with no identity
// pool, and without a reader registered says how to get a plan.
func TestWalkTerraform(t *testing.T) {
	const pool = `resource "aws_cognito_identity_pool" "main" {}`
	const caller = `module "auth" { source = "../modules/auth" }`
	tree := map[string]string{
		"infra/README.md":                          "# infra",
		"infra/prod/main.tf":                       pool,
		"infra/prod/modules/extra/main.tf":         pool, // its local module: not walked
		"infra/prod/plan.json":                     "{}", // in the folder: not walked
		"infra/staging/main.tf":                    caller,
		"infra/network/main.tf":                    `resource "aws_vpc" "main" {}`,
		"infra/modules/auth/main.tf":               pool,
		"infra/.terraform/modules/m/main.tf":       pool,
		"infra/node_modules/cdktf/main.tf":         pool,
		"infra/staging/.terraform/providers/x.tf":  pool,
		"single/main.tf":                           pool,
		"single/variables.tf":                      `variable "env" {}`,
		"nested/deeper/still/main.tf":              pool,
		"nested/deeper/still/modules/x/main.tf":    pool,
		"nested/deeper/still/.terraform/x/main.tf": pool,
		"brackets/[old]/main.tf":                   pool, // a name, not a pattern
	}
	const noReader = "Terraform configuration, which this program does not read (a program that imports rolemap/iac/tfconfig, such as the rolemap command, does): give a plan as JSON instead: terraform plan -out=plan.tfplan && terraform show -json plan.tfplan > plan.json"
	tests := []struct {
		name    string
		dir     string
		reader  bool
		found   []string
		skipped []string
	}{
		{
			name:   "folders of configuration under a folder",
			dir:    "infra",
			reader: true,
			found:  []string{"infra/prod", "infra/staging"},
			skipped: []string{
				"infra/.terraform: Terraform's downloaded providers and modules",
				"infra/modules: Terraform child modules, read through the configurations that call them (name a module's folder to read it as a root module)",
				"infra/network: no identity pool in its .tf files, and no local module",
				"infra/node_modules: a dependency folder",
			},
		},
		{
			name:  "no reader registered",
			dir:   "infra",
			found: nil,
			skipped: []string{
				"infra/.terraform: Terraform's downloaded providers and modules",
				"infra/modules: Terraform child modules, read through the configurations that call them (name a module's folder to read it as a root module)",
				"infra/network: " + noReader,
				"infra/node_modules: a dependency folder",
				"infra/prod: " + noReader,
				"infra/staging: " + noReader,
			},
		},
		{
			name:   "the folder walked holds configuration",
			dir:    "single",
			reader: true,
			found:  []string{"single"},
		},
		{
			name:   "a folder whose name reads as a pattern",
			dir:    "brackets",
			reader: true,
			found:  []string{"brackets/[old]"},
		},
		{
			name:   "deep under the folder",
			dir:    "nested",
			reader: true,
			found:  []string{"nested/deeper/still"},
		},
	}
	root := t.TempDir()
	writeTree(t, root, tree)
	rel := func(p string) string {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(r)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.reader {
				withConfigReader(t)
			}
			found, skipped, err := input.Walk(filepath.Join(root, tc.dir))
			if err != nil {
				t.Fatal(err)
			}
			var gotFound, gotSkipped []string
			for _, f := range found {
				gotFound = append(gotFound, rel(f))
			}
			for _, s := range skipped {
				gotSkipped = append(gotSkipped, rel(s.Path)+": "+s.Why)
			}
			if diff := cmp.Diff(tc.found, gotFound); diff != "" {
				t.Errorf("found (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.skipped, gotSkipped); diff != "" {
				t.Errorf("skipped (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExpandTerraform: Expand keeps a named folder of configuration whole
// and walks one that holds none; a folder whose only configuration cannot
// be read (no reader) is an ErrNoInputs error, its skipped folders saying
// how to get a plan.
func TestExpandTerraform(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"infra/prod/main.tf":    `resource "aws_cognito_identity_pool" "main" {}`,
		"infra/staging/main.tf": `resource "aws_cognito_identity_pool" "main" {}`,
	})
	infra, prod := filepath.Join(root, "infra"), filepath.Join(root, "infra", "prod")

	files, skipped, err := input.Expand([]string{infra})
	var ie *input.Error
	if files != nil || !errors.Is(err, input.ErrNoInputs) || !errors.As(err, &ie) || ie.Path != infra {
		t.Errorf("Expand(folders of configuration, no reader) = %v, %v; want an *input.Error about it wrapping ErrNoInputs", files, err)
	}
	if len(skipped) != 2 || !strings.Contains(skipped[0].Why, "terraform show -json") {
		t.Errorf("Expand(folders of configuration, no reader) skipped %v, want both saying how to get a plan", skipped)
	}

	withConfigReader(t)
	files, skipped, err = input.Expand([]string{infra, prod})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{prod, filepath.Join(root, "infra", "staging"), prod}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
	if len(skipped) != 0 {
		t.Errorf("Expand skipped %v", skipped)
	}
}
