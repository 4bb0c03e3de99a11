package usergroups_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// userPoolSeeds returns the repository's real user pool documents, to
// seed FuzzParseUserPool: each user pool of the "userPools" member of every
// case file (and of a deployment document given as a case file's pool)
// under the fixture folders, and of the "userPools" that rolemap import
// writes for each cdk synth template.
func userPoolSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	for _, m := range fixtures.Members(tb, "..", "userPools") {
		var byID map[string]json.RawMessage
		if json.Unmarshal(m, &byID) != nil {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(byID)) {
			seeds = append(seeds, byID[id])
		}
	}
	for _, tf := range fixtures.Templates(tb, "..") {
		path, data := tf.Path, tf.Data
		res, err := iac.CloudFormation(data)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		for _, id := range slices.Sorted(maps.Keys(res.UserPools)) {
			out, err := json.MarshalIndent(res.UserPools[id], "", "  ")
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, out)
		}
	}
	return seeds
}
