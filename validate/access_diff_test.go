package validate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

// TestDiffAccess: removing the last role mapping under AllowClassicFlow
// true shows as gained basic paths, each with the new side's witness; a
// path that leaves is lost with the old side's witness; a finding new and
// one gone; an incomplete side makes the diff say so.
func TestDiffAccess(t *testing.T) {
	key := accUP + ":c1"
	base := accJoin(`"AllowClassicFlow":true`, accProviders("c1"), accRoles("authenticated", "Auth"))
	pols := map[string]string{"Auth": "auth", "Admin": "auth"}
	old := accDeploy(t, accJoin(base, accTokenMapping(key, "AuthenticatedRole")), pols, nil)
	new := accDeploy(t, base, pols, nil)
	or, err := validate.Access(old)
	if err != nil {
		t.Fatal(err)
	}
	nr, err := validate.Access(new)
	if err != nil {
		t.Fatal(err)
	}
	d := validate.DiffAccess(or, nr)
	type brief struct{ Role, Flow, Identity, Old, New, WitnessFlow string }
	var got []brief
	for _, l := range [][]validate.AccessChange{d.Gained, d.Lost, d.Certainty} {
		for _, c := range l {
			got = append(got, brief{c.Role, string(c.Flow), c.Identity, string(c.Old), string(c.New), string(c.Witness.Flow)})
		}
	}
	// The old side's token path to Admin rests on groups-unknown; its path
	// to Auth is certain (ambiguous), as the new side's (default role).
	want := []brief{
		{accRole("Admin"), "basic", key, "", "certain", "basic"},
		{accRole("Auth"), "basic", key, "", "certain", "basic"},
		{accRole("Admin"), "enhanced", key, "possible", "", "enhanced"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if len(d.Gained) != 2 || d.Gained[0].Message != `"`+key+`" can now obtain "`+accRole("Admin")+`" by the basic flow (certain)` {
		t.Errorf("gained: %+v", d.Gained)
	}
	var gotNew, gotGone []string
	for _, f := range d.NewFindings {
		gotNew = append(gotNew, f.Code+" "+f.Path.String())
	}
	for _, f := range d.GoneFindings {
		gotGone = append(gotGone, f.Code+" "+f.Path.String())
	}
	if diff := cmp.Diff([]string{"classic-flow-exposes-role " + `roles["` + accRole("Admin") + `"].AssumeRolePolicyDocument`}, gotNew); diff != "" {
		t.Errorf("new findings (-want +got):\n%s", diff)
	}
	if gotGone != nil {
		t.Errorf("gone findings: %v", gotGone)
	}
	if d.Complete {
		t.Errorf("complete, though the old side rests on groups-unknown: %+v", d.Incomplete)
	}
}

// TestDiffAccessIncomplete: a side without a report, or one resting on an
// unknown, is never "no access change".
func TestDiffAccessIncomplete(t *testing.T) {
	d := accDeploy(t, accJoin(`"AllowClassicFlow":false`, accProviders("c1"), accRoles("authenticated", "Auth")), map[string]string{"Auth": "auth"}, nil)
	r, err := validate.Access(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		old, new *validate.AccessReport
		complete bool
	}{
		{"same report, user pool unknown", r, r, false},
		{"no old report", nil, r, false},
	} {
		diff := validate.DiffAccess(tt.old, tt.new)
		if diff.Complete != tt.complete || len(diff.Incomplete) == 0 {
			t.Errorf("%s: complete %v, incomplete %q", tt.name, diff.Complete, diff.Incomplete)
		}
	}
	d.UserPools = map[string]usergroups.UserPool{accUPID: {Clients: map[string]usergroups.Client{"c1": {}},
		AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: accPtr(true)}}}
	if r, err = validate.Access(d); err != nil {
		t.Fatal(err)
	}
	if diff := validate.DiffAccess(r, r); !diff.Complete || !diff.Empty() {
		t.Errorf("a complete report against itself: %+v", diff)
	}
}
