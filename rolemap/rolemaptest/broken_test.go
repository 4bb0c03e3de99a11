package rolemaptest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// TestBrokenCaseFilesRefused checks that each mistake a test author makes
// in a case file is refused with a message that names its path, its place
// and the fix (testdata/broken).
func TestBrokenCaseFilesRefused(t *testing.T) {
	tests := []struct {
		file string
		want []string // parts of the error
	}{
		{"clams.json", []string{`cases[1].clams (line 8, column 80): unknown member; did you mean "claims"? (case "google personal account denied")`}},
		{"mesage.json", []string{`cases[0].want.mesage (line 8, column 50): unknown member; did you mean "message"? (case "outsider")`}},
		{"syntax.json", []string{"line 7, column 86: invalid character '}'"}},
		{"trailing.json", []string{"line 7, column 3: data after the JSON value"}},
		{"pool-near-miss.json", []string{
			`pool.RoleMapings (line 3, column 5): unknown member; did you mean "RoleMappings"?`,
			`pool.RoleMapings["accounts.google.com"]`, // not reached: an unknown member's value is not checked
		}},
		{"cloudformation-shape.json", []string{`pool.RoleMappings["GoogleMapping"].IdentityProvider (line 3, column 40): a CloudFormation member`, "key it by the IdentityProvider's value"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "broken", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := rolemaptest.ParseFile(data)
			if err == nil {
				t.Fatalf("ParseFile accepted it: %+v", f)
			}
			for i, part := range tt.want {
				has := strings.Contains(err.Error(), part)
				if tt.file == "pool-near-miss.json" && i == 1 {
					has = !has
				}
				if !has {
					t.Errorf("ParseFile error:\n%v\nwant it to say %q", err, part)
				}
			}
		})
	}
}

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
