package casefile_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// TestSourceTerraformConfig: a source naming a folder of *.tf is read as
// Terraform configuration, with the reader the program registered; with
// none (this package's tests import no reader), the error says which
// package reads it.
func TestSourceTerraformConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "infra"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "infra", "main.tf"), []byte(`resource "aws_cognito_identity_pool" "p" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &casefile.File{Source: &casefile.Source{Terraform: "infra"}}
	err := f.Load(dir)
	if !errors.Is(err, iac.ErrNoConfigReader) {
		t.Fatalf("got %v, want iac.ErrNoConfigReader", err)
	}
}
