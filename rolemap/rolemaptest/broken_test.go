package rolemaptest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// TestBrokenCaseFilesFailLoudly runs the case files whose mistakes show
// only when they run — a wrong expected role, a wrong findings list — in a
// child test process, and checks that the failure names the file, the case
// and what differs.
func TestBrokenCaseFilesFailLoudly(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"wrong-role.json", []string{
			`testdata/broken/wrong-role.json: case "outsider gets staff" (cases[0])`,
			`want {"role":"arn:aws:iam::111122223333:role/Staff"}`,
			`got  {"error":"NotAuthorizedException","message":"The ambiguous role mapping rules for: accounts.google.com denied this request."}`,
			`rule 0: hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff: mismatch ["other.org"]`,
			"--- FAIL: TestBrokenHelper/outsider_gets_staff",
		}},
		{"wrong-findings.json", []string{
			"testdata/broken/wrong-findings.json: lint findings differ:",
			`want, not got: "unreachable-rule RoleMappings[\"accounts.google.com\"].RulesConfiguration.Rules[0]"`,
			"--- FAIL: TestBrokenHelper/findings",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenHelper$", "-test.v")
			cmd.Env = append(os.Environ(), "ROLEMAPTEST_BROKEN="+filepath.ToSlash(filepath.Join("testdata", "broken", tt.file)))
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the child test passed:\n%s", out)
			}
			for _, part := range tt.want {
				if !strings.Contains(string(out), part) {
					t.Errorf("child test output:\n%s\nwant it to say %q", out, part)
				}
			}
		})
	}
}

// TestBrokenHelper runs the case file ROLEMAPTEST_BROKEN names, for
// TestBrokenCaseFilesFailLoudly; without it, it has nothing to do.
func TestBrokenHelper(t *testing.T) {
	path := os.Getenv("ROLEMAPTEST_BROKEN")
	if path == "" {
		return
	}
	rolemaptest.RunFile(t, path)
}
