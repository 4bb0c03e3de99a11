package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// TestLintWalksTerraform: lint of a folder that holds no .tf itself but
// folders of configuration that do reads each such folder as one input,
// with the findings the folder named alone gives; never a child module,
// a .terraform folder or a folder without an identity pool.
func TestLintWalksTerraform(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"../../iac/tfconfig/testdata/plans/plan/main.tf", "testdata/tfwalk/prod/main.tf"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		env := filepath.Base(filepath.Dir(src))
		for _, rel := range []string{env + "/main.tf", env + "/.terraform/modules/x/main.tf", "modules/" + env + "/main.tf"} {
			p := filepath.Join(dir, "infra", filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	infra := filepath.Join(dir, "infra")
	lint := func(path string) []map[string]any {
		status, out, errOut := runIn([]string{"lint", "--format", "json", "--bind", "AWS::Region=eu-west-1", path}, "")
		if status == exitUsage {
			t.Fatalf("lint %s: %s", path, errOut)
		}
		return decodeFindings(t, out)
	}
	want := append(lint(filepath.Join(infra, "plan")), lint(filepath.Join(infra, "prod"))...)
	if len(want) == 0 {
		t.Fatal("the configurations have no findings to compare")
	}
	if diff := cmp.Diff(want, lint(infra)); diff != "" {
		t.Errorf("lint of the folder and of each configuration differ (-each +folder):\n%s", diff)
	}
	for _, f := range want {
		if file, _ := f["file"].(string); strings.Contains(file, "modules") || strings.Contains(file, ".terraform") {
			t.Errorf("finding %v is from a child module or .terraform", f)
		}
	}
}

// TestImportTerraformConfig: import of a folder of Terraform
// configuration writes the deployment document, which lint reads back
// with the configuration's findings.
func TestImportTerraformConfig(t *testing.T) {
	dir := t.TempDir()
	whole := 0 // documents with roles or user pools
	defer func() {
		if whole < 2 {
			t.Errorf("only %d imports wrote roles or userPools", whole)
		}
	}()
	for _, cp := range configPlans {
		t.Run(filepath.Base(cp.dir), func(t *testing.T) {
			var binds []string
			for _, b := range cp.binds {
				binds = append(binds, "--bind", b)
			}
			out, _ := runOut(t, append(append([]string{"import", "-q"}, binds...), cp.dir)...)
			// One pool's document, or an object of documents by pool name.
			docs := map[string]json.RawMessage{}
			if err := json.Unmarshal([]byte(out), &docs); err != nil {
				t.Fatal(err)
			}
			if _, one := docs["IdentityPoolId"]; one {
				docs = map[string]json.RawMessage{"": json.RawMessage(out)}
			}
			configLint, _ := runOut(t, append(append([]string{"lint", "--format", "json"}, binds...), cp.dir)...)
			for name, doc := range docs {
				if casefile.IsDeployment(doc) {
					whole++
				}
				path := filepath.Join(dir, filepath.Base(cp.dir)+strings.NewReplacer("/", "_", `"`, "_").Replace(name)+".json")
				if err := os.WriteFile(path, doc, 0o644); err != nil {
					t.Fatal(err)
				}
				docLint, _ := runOut(t, "lint", "--format", "json", path)
				pool := name
				if pool == "" {
					pool = onlyPool(t, configLint)
				}
				if diff := cmp.Diff(lintKeys(t, configLint, pool), lintKeys(t, docLint, "")); diff != "" {
					t.Errorf("%s: lint findings, configuration -, document + :\n%s", name, diff)
				}
			}
		})
	}
}

// TestDiffTerraformConfig: diff of two folders of configuration compares
// them as one pair, the same changes as their plans give; diff of two
// folders holding such folders pairs them by path.
func TestDiffTerraformConfig(t *testing.T) {
	const oldDir, newDir = "testdata/tfdiff/old/prod", "testdata/tfdiff/new/prod"
	bind := []string{"--bind", "AWS::Region=eu-west-1", "--format", "json"}
	out, status := runOut(t, append(append([]string{"diff"}, bind...), oldDir, newDir)...)
	var r struct {
		Old, New string
		Changes  []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Old != oldDir || r.New != newDir || len(r.Changes) != 2 || status != exitOK {
		t.Errorf("diff %s %s = %s, %s, %d changes, status %d; want the two folders, 2 changes", oldDir, newDir, r.Old, r.New, len(r.Changes), status)
	}
	status, dirsOut, errOut := runIn(append([]string{"diff"}, append(bind, "testdata/tfdiff/old", "testdata/tfdiff/new")...), "")
	var reports []struct{ Old, New string }
	if err := json.Unmarshal([]byte(dirsOut), &reports); err != nil {
		t.Fatalf("%v\n%s", err, dirsOut)
	}
	want := []struct{ Old, New string }{{oldDir, newDir}}
	if diff := cmp.Diff(want, reports); diff != "" || status != exitOK || !strings.Contains(errOut, "only in testdata/tfdiff/new: staging") {
		t.Errorf("diff of the folders: status %d, pairs (-want +got):\n%s\nstderr: %s", status, diff, errOut)
	}
}

// TestTerraformConfigPatternName: a folder of configuration whose name
// reads as a glob pattern ([old]) is read, named or walked, as any other.
func TestTerraformConfigPatternName(t *testing.T) {
	data, err := os.ReadFile("../../iac/tfconfig/testdata/plans/plan/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "infra")
	old := filepath.Join(dir, "[old]")
	if err := os.MkdirAll(old, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, "main.tf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := runOut(t, "lint", "--format", "json", "--bind", "AWS::Region=eu-west-1", "../../iac/tfconfig/testdata/plans/plan")
	for _, path := range []string{old, dir} {
		got, _ := runOut(t, "lint", "--format", "json", "--bind", "AWS::Region=eu-west-1", path)
		if diff := cmp.Diff(lintKeys(t, want, onlyPool(t, want)), lintKeys(t, got, onlyPool(t, got))); diff != "" || len(decodeFindings(t, got)) == 0 {
			t.Errorf("lint %s (-plan folder +it):\n%s", path, diff)
		}
	}
}
