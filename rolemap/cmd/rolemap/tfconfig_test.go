package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// configPlans pairs the Terraform configurations of package tfconfig's
// fixtures with the plans made from them (package iac's fixtures), and
// the bindings that make the two agree.
var configPlans = []struct {
	dir, plan string
	binds     []string
}{
	{"../../iac/tfconfig/testdata/plans/plan", "../../iac/testdata/terraform/plan.json", []string{"AWS::Region=eu-west-1"}},
	{"../../iac/tfconfig/testdata/plans/indexed", "../../iac/testdata/terraform/indexed-plan.json", []string{"AWS::Region=eu-west-1", "AWS::AccountId=111122223333"}},
	{"../../iac/tfconfig/testdata/plans/module", "../../iac/testdata/terraform/module-plan.json", []string{"module.roles.ops_arn=arn:aws:iam::111122223333:role/ops"}},
}

// decodeFindings reads lint --format json's findings.
func decodeFindings(t *testing.T, out string) []map[string]any {
	t.Helper()
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return doc.Findings
}

// TestTerraformConfig: lint reads a folder of *.tf (or one of its files)
// as it reads the plan made from it — the same findings — each placed in
// a .tf file.
func TestTerraformConfig(t *testing.T) {
	for _, cp := range configPlans {
		t.Run(filepath.Base(cp.dir), func(t *testing.T) {
			var binds []string
			for _, b := range cp.binds {
				binds = append(binds, "--bind", b)
			}
			run := func(file string) []map[string]any {
				args := append(append([]string{"lint", "--format", "json"}, binds...), file)
				status, out, errOut := runIn(args, "")
				if status == exitUsage {
					t.Fatalf("lint %s: %s", file, errOut)
				}
				return decodeFindings(t, out)
			}
			fc, fp := run(cp.dir), run(filepath.Join(cp.dir, "main.tf"))
			plan := run(cp.plan)
			if len(plan) == 0 {
				t.Fatal("the plan has no findings to compare")
			}
			if diff := cmp.Diff(fc, fp); diff != "" {
				t.Errorf("the folder and its main.tf differ:\n%s", diff)
			}
			for _, f := range fc {
				if file, _ := f["file"].(string); !strings.HasSuffix(file, ".tf") || f["line"].(float64) < 1 {
					t.Errorf("finding %v is not placed in a .tf file", f)
				}
			}
			for _, list := range [][]map[string]any{fc, plan} {
				for _, f := range list {
					delete(f, "file")
					delete(f, "line")
					delete(f, "column")
				}
			}
			if diff := cmp.Diff(plan, fc); diff != "" {
				t.Errorf("the configuration and its plan differ (-plan +config):\n%s", diff)
			}
		})
	}
}

// TestTerraformConfigCaseFiles: a case file's "source": {"terraform":
// "DIR"} reads the configuration.
func TestTerraformConfigCaseFiles(t *testing.T) {
	files, _ := filepath.Glob("../../iac/tfconfig/testdata/cases/*.json")
	if len(files) == 0 {
		t.Fatal("no case files")
	}
	for _, f := range files {
		status, out, errOut := runIn([]string{"test", f}, "")
		if status != 0 {
			t.Errorf("test %s: status %d\n%s%s", f, status, out, errOut)
		}
	}
}

// TestTerraformConfigErrors: an error names the .tf file, line and
// column, and the binding that resolves it.
func TestTerraformConfigErrors(t *testing.T) {
	status, _, errOut := runIn([]string{"lint", "../../iac/tfconfig/testdata/plans/module"}, "")
	if status != exitUsage {
		t.Fatalf("status %d, want %d", status, exitUsage)
	}
	want := filepath.FromSlash("../../iac/tfconfig/testdata/plans/module/modules/auth/main.tf") + ":21:7: module.auth.aws_cognito_identity_pool_roles_attachment.env[\"dev\"].role_mapping[0].mapping_rule[0].role_arn: known only after apply, and its expression refers to module.roles.ops_arn"
	if !strings.HasPrefix(errOut, want) {
		t.Errorf("got\n%s\nwant a first line starting\n%s", errOut, want)
	}
}

const ignoredTF = `resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = "p"
}
# rolemap:ignore substring-match the groups are ours, and none contains another
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { authenticated = "arn:aws:iam::111122223333:role/a" }
  role_mapping {
    identity_provider         = "accounts.google.com"
    type                      = "Rules"
    ambiguous_role_resolution = "Deny"
    mapping_rule {
      claim      = "groups"
      match_type = "Contains"
      value      = "ops"
      role_arn   = "arn:aws:iam::111122223333:role/ops"
    }
  }
}
`

// TestTerraformIgnoreComments: a # rolemap:ignore comment above a block
// suppresses that code's findings about the resource, counted; a comment
// with an unknown code, or an error's code without a reason, is an error
// at its line.
func TestTerraformIgnoreComments(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(strings.Replace(ignoredTF, "# rolemap:ignore", "# not an ignore:", 1))
	_, out, _ := runIn([]string{"lint", dir}, "")
	if !strings.Contains(out, "substring-match") {
		t.Fatalf("without the comment, no substring-match finding:\n%s", out)
	}
	write(ignoredTF)
	_, out, errOut := runIn([]string{"lint", dir}, "")
	if strings.Contains(out, "warning substring-match") || !strings.Contains(out, "1 suppressed (substring-match") {
		t.Errorf("the comment does not suppress the finding:\n%s%s", out, errOut)
	}
	write(strings.Replace(ignoredTF, "# rolemap:ignore substring-match", "  // rolemap:ignore substring-matches", 1))
	status, _, errOut := runIn([]string{"lint", dir}, "")
	if want := filepath.Join(dir, "main.tf") + ":4:3: rolemap:ignore: unknown code"; status != exitUsage || !strings.HasPrefix(errOut, want) {
		t.Errorf("status %d, %s; want an error starting %s", status, errOut, want)
	}
	// An error's code needs a reason.
	write(strings.Replace(ignoredTF, "# rolemap:ignore substring-match the groups are ours, and none contains another", "# rolemap:ignore invalid-value", 1))
	status, _, errOut = runIn([]string{"lint", dir}, "")
	if want := filepath.Join(dir, "main.tf") + ":4:1: rolemap:ignore: code \"invalid-value\" is an error"; status != exitUsage || !strings.HasPrefix(errOut, want) {
		t.Errorf("status %d, %s; want an error starting %s", status, errOut, want)
	}
}

// TestTerraformConfigNamesEscaped: a .tf file's name, which a folder's
// listing gives, is escaped in an error.
func TestTerraformConfigNamesEscaped(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b[31m.tf")
	if err := os.WriteFile(name, []byte("variable \"x\" {}\n"+strings.Replace(ignoredTF, `"arn:aws:iam::111122223333:role/a"`, "var.x", 1)), 0o644); err != nil {
		t.Skip("the file system refuses the name:", err)
	}
	status, _, errOut := runIn([]string{"lint", dir}, "")
	if status != exitUsage || strings.Contains(errOut, "\x1b") || !strings.Contains(errOut, `evil\x1b[31m.tf:1:1: variable "x" has no default`) {
		t.Errorf("status %d, %q", status, errOut)
	}
}
