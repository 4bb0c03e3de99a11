package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// twins are the YAML fixtures of package cfnyaml (written from cdk synth
// output by a YAML tool) and their JSON twins.
var twins = []string{
	"../../iac/cfnyaml/testdata/cdk/CredentialsStack.template",
	"../../iac/cfnyaml/testdata/cdk/GoogleRulesStack.template",
}

// lintJSON runs lint --format json on file and returns its findings.
func lintJSON(t *testing.T, file string) []map[string]any {
	t.Helper()
	status, out, errOut := runIn([]string{"lint", "--format", "json", file}, "")
	if status == exitUsage {
		t.Fatalf("lint %s: status %d\n%s", file, status, errOut)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("lint %s: %v\n%s", file, err, out)
	}
	return doc.Findings
}

// TestYAMLTemplates: lint, explain, diff, import and a case file read a
// YAML template as they read its JSON twin, and each finding is placed at
// the YAML line that holds what it is about.
func TestYAMLTemplates(t *testing.T) {
	for _, base := range twins {
		t.Run(filepath.Base(base), func(t *testing.T) {
			yml, jsn := base+".yaml", base+".json"
			fy, fj := lintJSON(t, yml), lintJSON(t, jsn)
			if len(fj) == 0 {
				t.Fatal("the JSON twin has no findings to compare")
			}
			lines, err := os.ReadFile(yml)
			if err != nil {
				t.Fatal(err)
			}
			yamlLines := strings.Split(string(lines), "\n")
			jlines, err := os.ReadFile(jsn)
			if err != nil {
				t.Fatal(err)
			}
			jsonLines := strings.Split(string(jlines), "\n")
			if len(fy) != len(fj) {
				t.Fatalf("%d findings in YAML, %d in JSON", len(fy), len(fj))
			}
			key := regexp.MustCompile(`^\s*(?:- )?"?([^":]+)"?:`)
			for i := range fy {
				// The finding is placed at the same member in both: the
				// key at its YAML line is the key at its JSON line.
				ly, lj := int(fy[i]["line"].(float64)), int(fj[i]["line"].(float64))
				if ly < 1 || ly > len(yamlLines) || lj < 1 || lj > len(jsonLines) {
					t.Fatalf("finding %v at YAML line %d, JSON line %d", fy[i]["path"], ly, lj)
				}
				ky, kj := key.FindStringSubmatch(yamlLines[ly-1]), key.FindStringSubmatch(jsonLines[lj-1])
				if ky == nil || kj == nil || ky[1] != kj[1] {
					t.Errorf("finding %v at YAML line %d %q, JSON line %d %q", fy[i]["path"], ly, yamlLines[ly-1], lj, jsonLines[lj-1])
				}
				for _, f := range []map[string]any{fy[i], fj[i]} {
					delete(f, "file")
					delete(f, "line")
					delete(f, "column")
					delete(f, "related")
				}
			}
			if diff := cmp.Diff(fj, fy); diff != "" {
				t.Errorf("lint findings (-json +yaml):\n%s", diff)
			}

			_, iy, _ := runIn([]string{"import", yml}, "")
			_, ij, _ := runIn([]string{"import", jsn}, "")
			if iy == "" || iy != ij {
				t.Errorf("import: YAML gives\n%s\nJSON gives\n%s", iy, ij)
			}

			status, out, errOut := runIn([]string{"diff", jsn, yml}, "")
			if status != 0 || !strings.Contains(out, "no changes") && !strings.Contains(out, "0 changes") {
				t.Errorf("diff JSON YAML: status %d\n%s%s", status, out, errOut)
			}
		})
	}

	// explain, and a case file whose source is YAML (the JSON twin's case
	// file of package iac, pointed at the YAML).
	g := twins[1]
	claims := filepath.Join(t.TempDir(), "claims.json")
	if err := os.WriteFile(claims, []byte(`{"email": "admin@example.com", "hd": "example.com"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ey, _ := runIn([]string{"explain", "--pool", g + ".yaml", "--login", "accounts.google.com", "--claims", claims}, "")
	_, ej, _ := runIn([]string{"explain", "--pool", g + ".json", "--login", "accounts.google.com", "--claims", claims}, "")
	if ey == "" || strings.ReplaceAll(ey, ".yaml", ".json") != ej {
		t.Errorf("explain: YAML gives\n%s\nJSON gives\n%s", ey, ej)
	}
	data, err := os.ReadFile("../../iac/testdata/cases/google-rules.json")
	if err != nil {
		t.Fatal(err)
	}
	var cf map[string]any
	if err := json.Unmarshal(data, &cf); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(g + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	cf["source"] = map[string]any{"cloudformation": abs}
	caseFile := writeJSONFile(t, t.TempDir(), "google-rules-yaml.json", cf)
	if status, out, errOut := runIn([]string{"test", caseFile}, ""); status != 0 {
		t.Errorf("test with a YAML source: status %d\n%s%s", status, out, errOut)
	}
}

// TestYAMLErrorsPlaced: an import error and a duplicate key in a YAML
// template are printed at the YAML's line and column.
func TestYAMLErrorsPlaced(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t.yaml")
	const text = `Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      DeveloperProviderName: !Ref Missing
  Attach:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles: {authenticated: x}
      Roles: {authenticated: y}
`
	if err := os.WriteFile(tmpl, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	status, _, errOut := runIn([]string{"lint", tmpl}, "")
	want := tmpl + ":11:7: Resources.Attach.Properties.Roles: the key is given twice (the first is at line 10, column 7)"
	if status != exitUsage || !strings.Contains(errOut, want) {
		t.Errorf("status %d, stderr\n%s\nwant a line starting %q", status, errOut, want)
	}
	if err := os.WriteFile(tmpl, []byte(strings.Replace(text, "      Roles: {authenticated: y}\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	status, _, errOut = runIn([]string{"lint", tmpl}, "")
	want = tmpl + `:5:30: Resources.Pool.Properties.DeveloperProviderName.Ref: `
	if status != exitUsage || !strings.Contains(errOut, want) {
		t.Errorf("status %d, stderr\n%s\nwant a line starting %q", status, errOut, want)
	}
	// A YAML file named as a pool document says what it can be.
	status, _, errOut = runIn([]string{"lint", "--input", "aws", tmpl}, "")
	if status != exitUsage || !strings.Contains(errOut, "reads only as a CloudFormation template") {
		t.Errorf("--input aws of YAML: status %d, stderr\n%s", status, errOut)
	}
}
