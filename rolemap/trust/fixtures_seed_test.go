package trust_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// rolesSeeds returns the repository's real roles documents, to seed
// FuzzParseRoles: the "roles" member of every case file (and of a
// deployment document given as a case file's pool) under the fixture
// folders, the --roles files of the command's tests, and the "roles" that
// rolemap import writes for each cdk synth template.
func rolesSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	for _, m := range fixtures.Members(tb, "..", "roles") {
		seeds = append(seeds, m)
	}
	for _, name := range []string{"existing-staff-role.json", "no-roles.json"} {
		data, err := os.ReadFile(filepath.Join("..", "cmd", "rolemap", "testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	for _, tf := range fixtures.Templates(tb, "..") {
		path, data := tf.Path, tf.Data
		res, err := iac.CloudFormation(data)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		if len(res.Roles) == 0 {
			continue
		}
		// The deployment document's shape: {ARN: {"AssumeRolePolicyDocument": POLICY}}.
		roles := map[string]map[string]json.RawMessage{}
		for arn, doc := range res.Roles {
			roles[arn] = map[string]json.RawMessage{"AssumeRolePolicyDocument": doc}
		}
		out, err := json.MarshalIndent(roles, "", "  ")
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, out)
	}
	return seeds
}
