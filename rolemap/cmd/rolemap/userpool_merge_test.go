package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// userPoolFlags reads testdata/pool.json with the --user-pool flags given.
func userPoolFlags(t *testing.T, flags ...string) (*credInputs, error) {
	t.Helper()
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, raw: &bytes.Buffer{}}
	in := inputFlags{kind: string(input.Auto)}
	for _, f := range flags {
		if err := in.userPools.Set(f); err != nil {
			t.Fatal(err)
		}
	}
	l, err := in.load(e, "testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	return l.Credentials()
}

// TestUserPoolFlagMerges: --user-pool given again for one ID merges its
// files — list-groups, describe-user-pool, describe-user-pool-client and
// describe-identity-provider output — and a member two files give
// differently is an error naming both.
func TestUserPoolFlagMerges(t *testing.T) {
	const id = "eu-west-1_Members"
	cli := "../../usergroups/testdata/cli/"
	cr, err := userPoolFlags(t, id+"="+cli+"list-groups.json", id+"="+cli+"describe-user-pool.json",
		id+"="+cli+"describe-user-pool-client.json", id+"="+cli+"describe-identity-provider.json")
	if err != nil {
		t.Fatal(err)
	}
	want := usergroups.UserPool{}
	for _, name := range []string{"list-groups.json", "describe-user-pool.json", "describe-user-pool-client.json", "describe-identity-provider.json"} {
		data, err := os.ReadFile(cli + name)
		if err != nil {
			t.Fatal(err)
		}
		up, err := usergroups.ParseUserPool(id, data)
		if err != nil {
			t.Fatal(err)
		}
		if want, err = usergroups.Merge(id, want, up); err != nil {
			t.Fatal(err)
		}
	}
	if want.Clients == nil || want.Schema == nil || len(want.Groups) != 1 || want.IdentityProviders == nil {
		t.Fatalf("the CLI files make %+v", want)
	}
	if diff := cmp.Diff(want, cr.UserPools[id]); diff != "" {
		t.Errorf("user pool (-want +got):\n%s", diff)
	}

	// A users file naming a group of another file of the same user pool.
	dir := t.TempDir()
	users := filepath.Join(dir, "users.json")
	if err := os.WriteFile(users, []byte(`{"Users": {"alice": ["gold"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if cr, err = userPoolFlags(t, id+"="+users, id+"="+cli+"list-groups.json"); err != nil || len(cr.UserPools[id].Users["alice"]) != 1 {
		t.Errorf("users and groups in two files: %v, %+v", err, cr)
	}

	// Conflicts.
	other := filepath.Join(dir, "other-schema.json")
	if err := os.WriteFile(other, []byte(`{"Schema": [{"Name": "tier", "Mutable": false}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = userPoolFlags(t, id+"="+cli+"list-groups.json", id+"="+cli+"describe-user-pool.json", id+"="+other)
	if err == nil || !strings.Contains(err.Error(), "describe-user-pool.json and "+other+`: UserPools["eu-west-1_Members"].Schema: given twice with different values`) {
		t.Errorf("a schema given twice: %v", err)
	}
	// A validation error names the files of the user pool.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"Users": {"bob": ["silver"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = userPoolFlags(t, id+"="+cli+"list-groups.json", id+"="+bad)
	if err == nil || !strings.Contains(err.Error(), "list-groups.json, "+bad+": ") || !strings.Contains(err.Error(), `UserPools["eu-west-1_Members"].Users["bob"][0]`) {
		t.Errorf("a user of an unknown group: %v", err)
	}
}
