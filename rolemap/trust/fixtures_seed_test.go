package trust_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// rolesSeeds returns the repository's real roles documents, to seed
// FuzzParseRoles: the "roles" member of every case file (and of a
// deployment document given as a case file's pool) under the fixture
// folders, the --roles files of the command's tests, and the "roles" that
// rolemap import writes for each cdk synth template.
func rolesSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	seeds := fixtureMembers(tb, "..", "roles")
	for _, name := range []string{"existing-staff-role.json", "no-roles.json"} {
		data, err := os.ReadFile(filepath.Join("..", "cmd", "rolemap", "testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	templates, err := filepath.Glob(filepath.Join("..", "iac", "testdata", "cdk", "*.template.json"))
	if err != nil || len(templates) == 0 {
		tb.Fatalf("no cdk templates: %v", err)
	}
	for _, path := range templates {
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
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

// fixtureMembers returns member name of every JSON object file under the
// fixture folders (relative to root, the rolemap folder), and of its pool
// when that is an object, in a fixed order.
func fixtureMembers(tb testing.TB, root, name string) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, dir := range []string{"testdata/cases", "casefile/testdata", "iac/testdata/cases", "cmd/rolemap/testdata"} {
		var paths []string
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && strings.HasSuffix(path, ".json") {
				paths = append(paths, path)
			}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
		slices.Sort(paths)
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				tb.Fatal(err)
			}
			var top map[string]json.RawMessage
			if json.Unmarshal(data, &top) != nil {
				continue // a fixture that is no object, or broken on purpose
			}
			var pool map[string]json.RawMessage
			_ = json.Unmarshal(top["pool"], &pool)
			for _, m := range []json.RawMessage{top[name], pool[name]} {
				if len(m) > 0 && !bytes.Equal(m, []byte("null")) {
					out = append(out, m)
				}
			}
		}
	}
	if len(out) == 0 {
		tb.Fatalf("no fixture has a %q member", name)
	}
	return out
}
