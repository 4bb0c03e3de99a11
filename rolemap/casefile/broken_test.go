package casefile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
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
			f, err := casefile.ParseFile(data)
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
