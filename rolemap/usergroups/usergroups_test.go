package usergroups_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

func prec(n int64) *int64 { return &n }

const (
	admin = "arn:aws:iam::111122223333:role/Admin"
	staff = "arn:aws:iam::111122223333:role/Staff"
	dev   = "arn:aws:iam::111122223333:role/Dev"
)

// TestClaims states every rule of rolemap/REFERENCE.md §9.2 by example.
func TestClaims(t *testing.T) {
	tests := []struct {
		name       string
		groups     []usergroups.Group
		membership []string
		want       usergroups.TokenClaims
	}{
		{name: "no groups", membership: []string{"a"}, want: usergroups.TokenClaims{}},
		{name: "no membership", groups: []usergroups.Group{{GroupName: "a", RoleARN: admin}}, want: usergroups.TokenClaims{}},
		{name: "unknown names are ignored", groups: []usergroups.Group{{GroupName: "a", RoleARN: admin}}, membership: []string{"b"},
			want: usergroups.TokenClaims{}},
		{name: "a single role sets the preferred role", groups: []usergroups.Group{{GroupName: "a", RoleARN: admin}}, membership: []string{"a"},
			want: usergroups.TokenClaims{Groups: []string{"a"}, Roles: []string{admin}, PreferredRole: admin}},
		{name: "a single role without precedence sets it too",
			groups:     []usergroups.Group{{GroupName: "a", RoleARN: admin}, {GroupName: "b"}},
			membership: []string{"b", "a"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b"}, Roles: []string{admin}, PreferredRole: admin}},
		{name: "groups without roles give no roles claim",
			groups:     []usergroups.Group{{GroupName: "a", Precedence: prec(1)}, {GroupName: "b"}},
			membership: []string{"a", "b"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b"}}},
		{name: "lowest precedence wins",
			groups:     []usergroups.Group{{GroupName: "staff", RoleARN: staff, Precedence: prec(5)}, {GroupName: "admins", RoleARN: admin, Precedence: prec(0)}},
			membership: []string{"staff", "admins"},
			want:       usergroups.TokenClaims{Groups: []string{"admins", "staff"}, Roles: []string{admin, staff}, PreferredRole: admin}},
		{name: "a number beats null",
			groups:     []usergroups.Group{{GroupName: "a", RoleARN: admin}, {GroupName: "b", RoleARN: staff, Precedence: prec(2147483647)}},
			membership: []string{"a", "b"},
			want:       usergroups.TokenClaims{Groups: []string{"b", "a"}, Roles: []string{staff, admin}, PreferredRole: staff}},
		{name: "a tie with the same role sets it",
			groups:     []usergroups.Group{{GroupName: "a", RoleARN: admin, Precedence: prec(3)}, {GroupName: "b", RoleARN: admin, Precedence: prec(3)}},
			membership: []string{"a", "b"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b"}, Roles: []string{admin}, PreferredRole: admin}},
		{name: "a tie with different roles leaves it unset",
			groups:     []usergroups.Group{{GroupName: "a", RoleARN: admin, Precedence: prec(3)}, {GroupName: "b", RoleARN: staff, Precedence: prec(3)}, {GroupName: "c", RoleARN: dev, Precedence: prec(4)}},
			membership: []string{"c", "b", "a"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b", "c"}, Roles: []string{admin, staff, dev}}},
		{name: "null ties with null",
			groups:     []usergroups.Group{{GroupName: "a", RoleARN: admin}, {GroupName: "b", RoleARN: staff}},
			membership: []string{"a", "b"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b"}, Roles: []string{admin, staff}}},
		{name: "a group without a role is no candidate",
			groups:     []usergroups.Group{{GroupName: "a", Precedence: prec(0)}, {GroupName: "b", RoleARN: staff, Precedence: prec(9)}},
			membership: []string{"a", "b"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b"}, Roles: []string{staff}, PreferredRole: staff}},
		{name: "roles once, first occurrence kept",
			groups: []usergroups.Group{{GroupName: "a", RoleARN: staff, Precedence: prec(1)}, {GroupName: "b", RoleARN: admin, Precedence: prec(2)},
				{GroupName: "c", RoleARN: staff, Precedence: prec(3)}},
			membership: []string{"c", "a", "b"},
			want:       usergroups.TokenClaims{Groups: []string{"a", "b", "c"}, Roles: []string{staff, admin}, PreferredRole: staff}},
		{name: "ties ordered by name in code-point order",
			groups:     []usergroups.Group{{GroupName: "b"}, {GroupName: "B"}, {GroupName: "\u00e9"}, {GroupName: "a"}},
			membership: []string{"\u00e9", "a", "b", "B"},
			want:       usergroups.TokenClaims{Groups: []string{"B", "a", "b", "\u00e9"}}},
		{name: "a name listed twice counts once",
			groups:     []usergroups.Group{{GroupName: "a", RoleARN: admin}},
			membership: []string{"a", "a"},
			want:       usergroups.TokenClaims{Groups: []string{"a"}, Roles: []string{admin}, PreferredRole: admin}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := usergroups.Claims(tt.groups, tt.membership)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Claims (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokenClaimsMap(t *testing.T) {
	got := usergroups.TokenClaims{Groups: []string{"a"}, Roles: []string{admin}, PreferredRole: admin}.Map()
	want := map[string]any{"cognito:groups": []any{"a"}, "cognito:roles": []any{admin}, "cognito:preferred_role": admin}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
	if got := (usergroups.TokenClaims{}).Map(); len(got) != 0 {
		t.Errorf("empty claims: Map = %v, want no claim", got)
	}
}

// bruteForce states rolemap/REFERENCE.md §9.2 again, without sorting: each claim is
// defined by what must hold of its elements.
func bruteForce(groups []usergroups.Group, membership []string) usergroups.TokenClaims {
	const none = int64(1) << 40 // above every Precedence
	rank := func(g usergroups.Group) int64 {
		if g.Precedence == nil {
			return none
		}
		return *g.Precedence
	}
	var mine []usergroups.Group
	for _, g := range groups {
		if slices.Contains(membership, g.GroupName) {
			mine = append(mine, g)
		}
	}
	before := func(a, b usergroups.Group) bool {
		return rank(a) < rank(b) || rank(a) == rank(b) && a.GroupName < b.GroupName
	}
	// A group's position is the number of groups before it.
	ordered := make([]usergroups.Group, len(mine))
	for _, g := range mine {
		pos := 0
		for _, h := range mine {
			if before(h, g) {
				pos++
			}
		}
		ordered[pos] = g
	}
	var c usergroups.TokenClaims
	for _, g := range ordered {
		c.Groups = append(c.Groups, g.GroupName)
		if g.RoleARN != "" && !slices.Contains(c.Roles, g.RoleARN) {
			c.Roles = append(c.Roles, g.RoleARN)
		}
	}
	low := none + 1
	for _, g := range mine {
		if g.RoleARN != "" {
			low = min(low, rank(g))
		}
	}
	var best []string
	for _, g := range mine {
		if g.RoleARN != "" && rank(g) == low && !slices.Contains(best, g.RoleARN) {
			best = append(best, g.RoleARN)
		}
	}
	if len(best) == 1 {
		c.PreferredRole = best[0]
	}
	return c
}

// TestPropertyClaims checks Claims against the brute-force statement, and
// that neither the order of the groups nor that of the membership matters.
func TestPropertyClaims(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		groups := rolemaptest.Groups().Draw(t, "groups")
		membership := rolemaptest.Membership(groups).Draw(t, "membership")
		got := usergroups.Claims(groups, membership)
		if diff := cmp.Diff(bruteForce(groups, membership), got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Claims differs from the brute-force rule (-brute +Claims):\n%s", diff)
		}
		g2 := slices.Clone(groups)
		m2 := slices.Clone(membership)
		rapid.Permutation(g2).Draw(t, "groups order")
		rapid.Permutation(m2).Draw(t, "membership order")
		if diff := cmp.Diff(got, usergroups.Claims(g2, m2)); diff != "" {
			t.Fatalf("Claims depends on the order of its input (-first +permuted):\n%s", diff)
		}
		// The index gives the same claims, also for a membership that
		// names its groups twice (past the short-list scan) and an
		// unknown group.
		x := usergroups.NewIndex(groups)
		if diff := cmp.Diff(got, x.Claims(membership)); diff != "" {
			t.Fatalf("Index.Claims differs from Claims (-Claims +Index):\n%s", diff)
		}
		twice := append(append(slices.Clone(m2), "no such group"), membership...)
		if diff := cmp.Diff(got, x.Claims(twice)); diff != "" {
			t.Fatalf("Index.Claims(%q) differs from Claims (-Claims +Index):\n%s", twice, diff)
		}
		for _, name := range membership {
			if !x.Has(name) {
				t.Fatalf("Has(%q) = false for a group of the pool", name)
			}
		}
		if x.Has("no such group") {
			t.Fatal(`Has("no such group") = true`)
		}
		if err := usergroups.Validate("us-east-1_AbC", usergroups.UserPool{Groups: groups, Users: map[string][]string{"u": membership}}); err != nil {
			t.Fatalf("the generators drew an invalid user pool: %v", err)
		}
	})
}

// TestPropertyTokenMapping checks rolemap/REFERENCE.md §9.3: a Token mapping given the
// claims chooses the preferred role if set, else the single role, else
// none (ambiguous).
func TestPropertyTokenMapping(t *testing.T) {
	const login = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
	pool := rolemap.Pool{
		IdentityPoolID: "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100",
		Roles:          map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Fallback"},
		RoleMappings:   map[string]rolemap.Mapping{login + ":client1": {Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny}},
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		groups := rolemaptest.Groups().Draw(t, "groups")
		membership := rolemaptest.Membership(groups).Draw(t, "membership")
		c := usergroups.Claims(groups, membership)
		claims := map[string]any{"iss": "https://" + login, "aud": "client1", "token_use": "id"}
		c.AddTo(claims)
		d, err := res.Resolve(rolemap.Request{Login: login, Claims: claims})
		var want string
		switch {
		case c.PreferredRole != "":
			want = c.PreferredRole
		case len(c.Roles) == 1:
			want = c.Roles[0]
		}
		switch {
		case want == "" && !errors.Is(err, rolemap.ErrNotAuthorized):
			t.Fatalf("claims %v: want an ambiguous denial, got %v, %v", claims, d, err)
		case want != "" && (err != nil || d.RoleARN != want):
			t.Fatalf("claims %v: want %s, got %v, %v", claims, want, d, err)
		}
	})
}

func TestParseUserPool(t *testing.T) {
	tests := []struct {
		name, doc string
		want      usergroups.UserPool
		errPath   string
		errText   string // a part of the error, when set
	}{
		{name: "list-groups output", doc: `{"Groups": [{"GroupName": "admins", "UserPoolId": "us-east-1_AbC", "Description": "d",
			"RoleArn": "arn:aws:iam::111122223333:role/Admin", "Precedence": 0, "CreationDate": "2024-01-01T00:00:00Z", "LastModifiedDate": 1.7e9}],
			"NextToken": "x"}`,
			want: usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "admins", RoleARN: admin, Precedence: prec(0)}}}},
		{name: "nulls", doc: `{"Groups": [{"GroupName": "a", "RoleArn": null, "Precedence": null}], "Users": {"u": null}}`,
			want: usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a"}}, Users: map[string][]string{"u": nil}}},
		{name: "users", doc: `{"Users": {"alice": ["a", "b"]}}`, want: usergroups.UserPool{Users: map[string][]string{"alice": {"a", "b"}}}},
		{name: "3.0 is refused", doc: `{"Groups": [{"GroupName": "a", "Precedence": 3.0}]}`, errPath: `UserPools["p"].Groups[0].Precedence`},
		{name: "an exponent is refused", doc: `{"Groups": [{"GroupName": "a", "Precedence": 1e2}]}`, errPath: `UserPools["p"].Groups[0].Precedence`},
		{name: "a string precedence", doc: `{"Groups": [{"GroupName": "a", "Precedence": "1"}]}`, errPath: `UserPools["p"].Groups[0].Precedence`},
		{name: "a huge precedence", doc: `{"Groups": [{"GroupName": "a", "Precedence": 99999999999999999999}]}`, errPath: `UserPools["p"].Groups[0].Precedence`},
		{name: "an empty role", doc: `{"Groups": [{"GroupName": "a"}, {"GroupName": "b", "RoleArn": ""}]}`, errPath: `UserPools["p"].Groups[1].RoleArn`},
		{name: "a numeric name", doc: `{"Groups": [{"GroupName": 1}]}`, errPath: `UserPools["p"].Groups[0].GroupName`},
		{name: "a group that is no object", doc: `{"Groups": ["a"]}`, errPath: `UserPools["p"].Groups[0]`},
		{name: "users not a list", doc: `{"Users": {"alice": "a"}}`, errPath: `UserPools["p"].Users["alice"]`},
		{name: "not an object", doc: `[]`, errPath: `UserPools["p"]`},
		{name: "data after", doc: `{} {}`, errPath: `UserPools["p"]`},
		{name: "a group's RoleArn twice", doc: `{"Groups": [{"GroupName": "a", "RoleArn": "arn:aws:iam::111122223333:role/Admin", "RoleArn": "arn:aws:iam::111122223333:role/Staff"}]}`,
			errPath: `UserPools["p"].Groups[0].RoleArn`, errText: "(line 1, column 83): duplicate member (the first is at line 1, column 32)"},
		{name: "a user twice", doc: `{"Users": {"alice": ["a"],
"alice": ["b"]}}`, errPath: `UserPools["p"].Users["alice"]`, errText: "(line 2, column 1): duplicate member (the first is at line 1, column 12)"},
		{name: "Groups twice", doc: `{"Groups": [{"GroupName": "a", "Precedence": 0}], "Groups": [{"GroupName": "a", "Precedence": 9}]}`,
			errPath: `UserPools["p"].Groups`, errText: "duplicate member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := usergroups.ParseUserPool("p", []byte(tt.doc))
			if tt.errPath != "" {
				var fe *rolemap.FieldError
				if !errors.As(err, &fe) || fe.Path != tt.errPath || !errors.Is(err, rolemap.ErrInvalidValue) {
					t.Fatalf("ParseUserPool = %v; want an invalid value at %s", err, tt.errPath)
				}
				if !strings.Contains(err.Error(), tt.errText) {
					t.Errorf("ParseUserPool = %v; want it to say %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseUserPool (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("r", 2049)
	tests := []struct {
		name string
		up   usergroups.UserPool
		want []string // "path error"
	}{
		{name: "valid", up: usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a", RoleARN: admin, Precedence: prec(usergroups.MaxPrecedence)}},
			Users: map[string][]string{"u": {"a"}, "v": nil}}},
		{name: "names", up: usergroups.UserPool{Groups: []usergroups.Group{{}, {GroupName: strings.Repeat("\u00e9", 129)}, {GroupName: "a b"},
			{GroupName: "ok"}, {GroupName: "ok"}, {GroupName: strings.Repeat("\u00e9", 128)}, {GroupName: "\xff"}}},
			want: []string{`UserPools["p"].Groups[0].GroupName missing`, `UserPools["p"].Groups[1].GroupName invalid value`,
				`UserPools["p"].Groups[2].GroupName invalid value`, `UserPools["p"].Groups[4].GroupName invalid value`,
				`UserPools["p"].Groups[6].GroupName invalid value`}},
		{name: "precedence and role", up: usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a", Precedence: prec(-1)},
			{GroupName: "b", Precedence: prec(usergroups.MaxPrecedence + 1)}, {GroupName: "c", RoleARN: "arn:aws:iam::1:role"}, {GroupName: "d", RoleARN: long}}},
			want: []string{`UserPools["p"].Groups[0].Precedence invalid value`, `UserPools["p"].Groups[1].Precedence invalid value`,
				`UserPools["p"].Groups[2].RoleArn invalid value`, `UserPools["p"].Groups[3].RoleArn invalid value`}},
		{name: "memberships", up: usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a"}},
			Users: map[string][]string{"u": {"a", "b", "a"}, "many": slices.Repeat([]string{"a"}, 101)}},
			want: []string{`UserPools["p"].Users["many"] over a limit`, `UserPools["p"].Users["u"][1] invalid value`, `UserPools["p"].Users["u"][2] invalid value`}},
		{name: "too many groups", up: usergroups.UserPool{Groups: manyGroups(usergroups.MaxGroups + 1)},
			want: []string{`UserPools["p"].Groups over a limit`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := usergroups.Validate("p", tt.up)
			var got []string
			var ve *rolemap.ValidationError
			if errors.As(err, &ve) {
				for _, fe := range ve.Errors {
					got = append(got, fe.Path+" "+fe.Err.Error())
				}
			} else if err != nil {
				t.Fatalf("Validate = %v, want a *rolemap.ValidationError", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("violations (-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

func manyGroups(n int) []usergroups.Group {
	groups := make([]usergroups.Group, n)
	for i := range groups {
		groups[i] = usergroups.Group{GroupName: "g" + strconv.Itoa(i), RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i%7), Precedence: prec(int64(i % 13))}
	}
	return groups
}

// boundedPool is a user pool document of n groups whose one user, alice,
// is in 100 of them.
func boundedPool(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"Groups": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"GroupName": "group-` + strconv.Itoa(i) + `", "RoleArn": "arn:aws:iam::111122223333:role/R` + strconv.Itoa(i%50) +
			`", "Precedence": ` + strconv.Itoa(i%17) + `, "Description": "a group of the user pool"}`)
	}
	b.WriteString(`], "Users": {"alice": [`)
	for i := range usergroups.MaxGroupsPerUser {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"group-` + strconv.Itoa(i*(n/usergroups.MaxGroupsPerUser)) + `"`)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// TestBounded checks that a 10,000-group user pool, whose one user is in
// 100 groups, costs parsing, validation and claims within a small multiple
// of the allocations of decoding it, and four times the groups about four
// times the bytes, allocations and groups read (at most 4.5×); an index's
// claims read only the user's groups.
func TestBounded(t *testing.T) {
	doc, small := boundedPool(usergroups.MaxGroups), boundedPool(usergroups.MaxGroups/4)
	var up usergroups.UserPool
	var err error
	all := func(doc []byte) func() {
		return func() {
			up, err = usergroups.ParseUserPool("p", doc)
			if err == nil {
				err = usergroups.Validate("p", up)
			}
			_ = usergroups.Claims(up.Groups, up.Users["alice"])
		}
	}
	base := timing.DecodeAllocated(t, doc)
	alloc, allocSmall := timing.Allocated(all(doc)), timing.Allocated(all(small))
	n, nSmall := testing.AllocsPerRun(1, all(doc)), testing.AllocsPerRun(1, all(small))
	steps, stepsSmall := work.Count(all(doc)), work.Count(all(small))
	t.Logf("%d bytes: %d bytes allocated (%.1f× decoding's), %.0f allocations, %d groups read; at a quarter of the groups %d, %.0f and %d",
		len(doc), alloc, float64(alloc)/float64(base), n, steps, allocSmall, nSmall, stepsSmall)
	if err != nil {
		t.Fatal(err)
	}
	if alloc > 10*base {
		t.Errorf("parse, validate and claims allocated %d bytes, over 10× decoding's %d", alloc, base)
	}
	if 2*alloc > 9*allocSmall || 2*n > 9*nSmall || 2*steps > 9*stepsSmall {
		t.Errorf("%d bytes, %.0f allocations and %d steps at 4× the groups of %d, %.0f and %d; want at most 4.5×", alloc, n, steps, allocSmall, nSmall, stepsSmall)
	}
	if c := usergroups.Claims(up.Groups, up.Users["alice"]); len(c.Groups) != 100 || c.PreferredRole != "" {
		t.Errorf("Claims = %d groups, preferred %q; want 100 groups and no preferred role (ties at 0)", len(c.Groups), c.PreferredRole)
	}
	x := usergroups.NewIndex(up.Groups)
	if steps := work.Count(func() { x.Claims(up.Users["alice"]) }); steps > 2*len(up.Users["alice"]) {
		t.Errorf("Index.Claims read %d groups for a user in %d", steps, len(up.Users["alice"]))
	}
}

// BenchmarkBounded: parsing, validating and the claims of a 10,000-group
// user pool, beside decoding it.
func BenchmarkBounded(b *testing.B) {
	doc := boundedPool(usergroups.MaxGroups)
	b.Run("op=all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			up, err := usergroups.ParseUserPool("p", doc)
			if err == nil {
				_ = usergroups.Validate("p", up)
			}
			_ = usergroups.Claims(up.Groups, up.Users["alice"])
		}
	})
	b.Run("op=decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v any
			_ = json.Unmarshal(doc, &v)
		}
	})
}

func FuzzParseUserPool(f *testing.F) {
	for _, data := range userPoolSeeds(f) {
		f.Add(data)
	}
	// The AWS CLI's outputs, filed under their user pool's ID.
	cli, err := filepath.Glob("testdata/cli/*.json")
	if err != nil || len(cli) < 4 {
		f.Fatalf("AWS CLI fixtures: %v, %v", cli, err)
	}
	for _, name := range cli {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bytes.ReplaceAll(data, []byte("eu-west-1_Members"), []byte("p")))
	}
	f.Add([]byte(`{"Groups": [{"GroupName": "admins", "RoleArn": "arn:aws:iam::111122223333:role/Admin", "Precedence": 0}], "Users": {"alice": ["admins"]}}`))
	f.Add([]byte(`{"Groups": [{"GroupName": "a", "Precedence": 3.0}]}`))
	f.Add([]byte(`{"Groups": [{"GroupName": "a", "Precedence": -1}, {"GroupName": "a", "RoleArn": ""}], "Users": {"u": ["b", "a", "a"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		up, err := usergroups.ParseUserPool("p", data)
		up2, err2 := usergroups.ParseUserPool("p", data)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() || !cmp.Equal(up, up2) {
			t.Fatalf("ParseUserPool gave %+v, %v, then %+v, %v", up, err, up2, err2)
		}
		if err != nil {
			var fe *rolemap.FieldError
			if !errors.As(err, &fe) || !strings.HasPrefix(fe.Path, `UserPools["p"]`) {
				t.Fatalf("error %v is no *FieldError under UserPools[\"p\"]", err)
			}
			if len(err.Error()) > 64<<10 {
				t.Fatalf("an error of %d bytes", len(err.Error()))
			}
			return
		}
		if err := usergroups.Validate("p", up); err != nil {
			var ve *rolemap.ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) == 0 {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			return
		}
		for _, list := range up.Users {
			c := usergroups.Claims(up.Groups, list)
			if len(c.Groups) != len(list) {
				t.Fatalf("a valid membership of %d groups gave %d names", len(list), len(c.Groups))
			}
		}
	})
}

// TestUserPoolSeedsReach: FuzzParseUserPool's seeds from the fixtures are
// user pools that parse and validate, with groups and users, so that the
// fuzzer starts past the shapes.
func TestUserPoolSeedsReach(t *testing.T) {
	seeds := userPoolSeeds(t)
	var valid, groups, users, clients, schemas, providers int
	for _, data := range seeds {
		up, err := usergroups.ParseUserPool("p", data)
		if err == nil && usergroups.Validate("p", up) == nil {
			valid++
			groups += len(up.Groups)
			users += len(up.Users)
			clients += len(up.Clients)
			schemas += len(up.Schema)
			providers += len(up.IdentityProviders)
		}
	}
	t.Logf("%d seeds, %d valid, %d groups, %d users, %d clients, %d schema attributes, %d identity providers", len(seeds), valid, groups, users, clients, schemas, providers)
	// The access members too: AccessStack and aws-cdk's integration snapshot.
	if clients < 4 || schemas < 2 || providers < 3 {
		t.Errorf("%d clients, %d schema attributes, %d identity providers in the seeds; want the access members of the cdk templates", clients, schemas, providers)
	}
	if len(seeds) < 3 || valid < len(seeds)*2/3 || groups < 5 || users < 3 {
		t.Errorf("%d seeds, %d valid with %d groups and %d users; want at least 3 seeds, two thirds valid, 5 groups and 3 users", len(seeds), valid, groups, users)
	}
}
