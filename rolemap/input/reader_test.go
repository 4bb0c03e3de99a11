package input_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

// TestPathReader: the reader of Terraform configuration registered with
// package iac reads a folder of *.tf (refused without it): Load imports it
// with the bindings, Expand keeps it whole, and its kind can be forced.
func TestPathReader(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tfconf")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "aws_cognito_identity_pool" "main" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (&input.Loader{}).Load(dir); err == nil {
		t.Fatal("Load(a folder of Terraform configuration) read it with no reader registered")
	}
	template := read(t, credCDK)
	var bound map[string]string
	iac.RegisterConfigReader(func(dir string, bindings map[string]string) (*iac.Result, error) {
		bound = map[string]string{"seen": dir}
		return iac.CloudFormation(template, iac.WithBindings(bindings))
	})
	defer iac.RegisterConfigReader(nil)
	files, _, err := input.Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{dir}, files); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
	for _, forced := range []input.Kind{input.Auto, input.Terraform} {
		ld := &input.Loader{Kind: forced, Bindings: func() (map[string]string, error) {
			return map[string]string{"AWS::Region": "eu-west-1"}, nil
		}}
		l, err := ld.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if l.Kind != input.Terraform || l.Name != dir || bound["seen"] != dir {
			t.Errorf("Load(%s) = %s, %s", dir, l.Kind, l.Name)
		}
		if diff := cmp.Diff([]string{"StaffIdentitiesF95CDA7C"}, names(l)); diff != "" {
			t.Errorf("pools (-want +got):\n%s", diff)
		}
		if got := l.Result.Bindings; len(got) == 0 || got[0].Name != "AWS::Region" {
			t.Errorf("bindings used %v, want AWS::Region", got)
		}
	}
}

func names(l *input.Loaded) []string {
	var out []string
	for _, p := range l.Pools {
		out = append(out, p.Name)
	}
	return out
}
