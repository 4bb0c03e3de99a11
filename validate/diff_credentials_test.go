package validate_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
	"github.com/rolemapping/rolemapping/validate"
)

const (
	dcPool  = "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"
	dcOther = "us-east-1:11111111-2222-3333-4444-555555555555"
	dcUP    = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example"
)

// trustPolicy is a web-identity trust policy for pool, with sts:TagSession
// when tagSession.
func trustPolicy(t *testing.T, pool string, tagSession bool) *trust.Policy {
	t.Helper()
	action := `"sts:AssumeRoleWithWebIdentity"`
	if tagSession {
		action = `["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]`
	}
	p, err := trust.Parse([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
		"Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ` + action + `,
		"Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + pool + `"},
			"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// credentialsOutcome is a request's outcome on a side, computed with
// credentials.Get.
func credentialsOutcome(t *testing.T, s validate.Side, req rolemap.Request) (validate.Outcome, map[string]string) {
	t.Helper()
	res, err := rolemap.Compile(s.Pool)
	if err != nil {
		t.Fatal(err)
	}
	c, err := credentials.New(res, s.Roles)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Get(credentials.Request{Request: req})
	o, tags, ok := outcomeOfGet(got, err)
	if !ok {
		t.Fatalf("Get(%+v): %v", req, err)
	}
	return o, tags
}

// outcomeOfGet is what a Get gives: the role chosen, if any, and the error
// that followed, with the tags when there is none.
func outcomeOfGet(got credentials.Credentials, err error) (validate.Outcome, map[string]string, bool) {
	var te *credentials.TrustError
	var e *rolemap.Error
	role := got.Decision.RoleARN
	switch {
	case errors.As(err, &te):
		return validate.Outcome{Role: role, Error: te.Err.Code, Message: te.Err.Message, Reason: string(te.Decision.Reason)}, nil, true
	case errors.As(err, &e):
		return validate.Outcome{Role: role, Error: e.Code, Message: e.Message}, nil, true
	case err != nil:
		return validate.Outcome{}, nil, false
	}
	return validate.Outcome{Role: role}, got.Tags.Map(), true
}

func TestDiffCredentials(t *testing.T) {
	client := "client1"
	base := rolemap.Pool{
		IdentityPoolID: dcPool,
		Roles:          map[string]string{"authenticated": dR1},
		CognitoIdentityProviders: []rolemap.Provider{
			{ProviderName: dcUP, ClientID: client},
		},
		RoleMappings: map[string]rolemap.Mapping{
			dcUP + ":" + client: {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{
					{Claim: "dept", MatchType: rolemap.Equals, Value: "ops", RoleARN: dR2},
				}}},
		},
	}
	refused := func(role, reason string) validate.Outcome {
		return validate.Outcome{Role: role, Error: "InvalidIdentityPoolConfigurationException", Message: "Invalid identity pool configuration. Check assigned IAM roles for this pool.", Reason: reason}
	}
	tagError := func(role, code, msg string) validate.Outcome {
		return validate.Outcome{Role: role, Error: code, Message: msg}
	}
	const (
		notScalar = `tag "team": claim "custom:team" is not a string, number or boolean; a session tag holds one value`
		tooLong   = `tag "team": its value is 257 characters, over STS's limit of 256 (it is not truncated)`
	)
	trusted := map[string]*trust.Policy{dR1: trustPolicy(t, dcPool, false), dR2: trustPolicy(t, dcPool, false)}
	tagged := map[string]*trust.Policy{dR1: trustPolicy(t, dcPool, true), dR2: trustPolicy(t, dcPool, true)}
	withTags := base
	withTags.PrincipalTagAttributeMaps = []rolemap.PrincipalTagMap{{IdentityPoolID: dcPool, IdentityProviderName: dcUP, PrincipalTags: map[string]string{"team": "custom:team"}}}

	type change struct {
		Scope   string
		Role    string
		Old     validate.Outcome
		New     validate.Outcome
		NewTags map[string]string
	}
	tests := []struct {
		name     string
		old, new validate.Side
		want     []change
	}{
		{name: "the same sides: no change",
			old: validate.Side{Pool: base, Roles: trusted}, new: validate.Side{Pool: base, Roles: trusted}},
		{name: "R2's trust policy now pins another pool: its requests are refused",
			old:  validate.Side{Pool: base, Roles: trusted},
			new:  validate.Side{Pool: base, Roles: map[string]*trust.Policy{dR1: trusted[dR1], dR2: trustPolicy(t, dcOther, false)}},
			want: []change{{Scope: "trust", Role: dR2, Old: validate.Outcome{Role: dR2}, New: refused(dR2, "trust-condition")}}},
		{name: "the reverse: R2 is now handed out",
			old:  validate.Side{Pool: base, Roles: map[string]*trust.Policy{dR1: trusted[dR1], dR2: trustPolicy(t, dcOther, false)}},
			new:  validate.Side{Pool: base, Roles: trusted},
			want: []change{{Scope: "trust", Role: dR2, Old: refused(dR2, "trust-condition"), New: validate.Outcome{Role: dR2}}}},
		{name: "a tag map added where the roles allow sts:TagSession: every user pool login gets a tag",
			old: validate.Side{Pool: base, Roles: tagged}, new: validate.Side{Pool: withTags, Roles: tagged},
			want: []change{
				{Scope: "tags", Role: dR1, Old: validate.Outcome{Role: dR1}, New: validate.Outcome{Role: dR1}, NewTags: map[string]string{"team": "witness"}},
				{Scope: "tags", Role: dR2, Old: validate.Outcome{Role: dR2}, New: validate.Outcome{Role: dR2}, NewTags: map[string]string{"team": "witness"}},
				// A list, or a value too long for a tag, is now an error.
				{Scope: "trust", Role: dR1, Old: validate.Outcome{Role: dR1}, New: tagError(dR1, "rolemapping.PrincipalTagTooLong", tooLong)},
				{Scope: "trust", Role: dR1, Old: validate.Outcome{Role: dR1}, New: tagError(dR1, "rolemapping.UnsupportedPrincipalTagValue", notScalar)},
				{Scope: "trust", Role: dR2, Old: validate.Outcome{Role: dR2}, New: tagError(dR2, "rolemapping.PrincipalTagTooLong", tooLong)},
				{Scope: "trust", Role: dR2, Old: validate.Outcome{Role: dR2}, New: tagError(dR2, "rolemapping.UnsupportedPrincipalTagValue", notScalar)},
			}},
		{name: "a tag map added where the roles do not allow sts:TagSession: the tagged logins are refused",
			old: validate.Side{Pool: base, Roles: trusted}, new: validate.Side{Pool: withTags, Roles: trusted},
			want: []change{
				{Scope: "trust", Role: dR1, Old: validate.Outcome{Role: dR1}, New: refused(dR1, "trust-tag-session")},
				{Scope: "trust", Role: dR1, Old: validate.Outcome{Role: dR1}, New: tagError(dR1, "rolemapping.PrincipalTagTooLong", tooLong)},
				{Scope: "trust", Role: dR1, Old: validate.Outcome{Role: dR1}, New: tagError(dR1, "rolemapping.UnsupportedPrincipalTagValue", notScalar)},
				{Scope: "trust", Role: dR2, Old: validate.Outcome{Role: dR2}, New: refused(dR2, "trust-tag-session")},
				{Scope: "trust", Role: dR2, Old: validate.Outcome{Role: dR2}, New: tagError(dR2, "rolemapping.PrincipalTagTooLong", tooLong)},
				{Scope: "trust", Role: dR2, Old: validate.Outcome{Role: dR2}, New: tagError(dR2, "rolemapping.UnsupportedPrincipalTagValue", notScalar)},
			}},
		{name: "no trust policies on either side: the role choice alone, and it did not change",
			old: validate.Side{Pool: base}, new: validate.Side{Pool: base}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := validate.DiffCredentials(tt.old, tt.new)
			if err != nil {
				t.Fatal(err)
			}
			var got []change
			for _, c := range changes {
				// Each witness must get exactly the change's outcomes.
				oldReq := c.Witness
				if c.OldWitness != nil {
					oldReq = *c.OldWitness
				}
				o, otags := credentialsOutcome(t, tt.old, oldReq)
				n, ntags := credentialsOutcome(t, tt.new, c.Witness)
				if o != c.Old || n != c.New || !maps.Equal(otags, c.OldTags) && c.Scope == "tags" || !maps.Equal(ntags, c.NewTags) && c.Scope == "tags" {
					t.Errorf("unsound change %+v: its witness gets %v %v, then %v %v", c, o, otags, n, ntags)
				}
				if c.Message == "" {
					t.Errorf("change %+v has no message", c)
				}
				role := c.Old.Role
				if role == "" {
					role = c.New.Role
				}
				got = append(got, change{Scope: c.Scope, Role: role, Old: c.Old, New: c.New, NewTags: c.NewTags})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DiffCredentials (-want +got):\n%s", diff)
			}
		})
	}
}

// tokenPool is a pool whose user pool app client has a Token mapping that
// falls back to the authenticated role dR1.
func tokenPool() rolemap.Pool {
	return rolemap.Pool{
		IdentityPoolID:           dcPool,
		Roles:                    map[string]string{"authenticated": dR1},
		CognitoIdentityProviders: []rolemap.Provider{{ProviderName: dcUP, ClientID: "client1"}},
		RoleMappings: map[string]rolemap.Mapping{
			dcUP + ":client1": {Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousAuthenticatedRole},
		},
	}
}

// TestDiffCredentialsTokenUsers: a Token mapping's users are candidates,
// with the claims their groups give, so a trust change to a role only a
// group gives is found.
func TestDiffCredentialsTokenUsers(t *testing.T) {
	pool := tokenPool()
	one := int64(1)
	ups := map[string]usergroups.UserPool{"us-east-1_Example": {
		Groups: []usergroups.Group{{GroupName: "admin", RoleARN: dR3, Precedence: &one}},
		Users:  map[string][]string{"alice": {"admin"}},
	}}
	old := validate.Side{Pool: pool, UserPools: ups, Roles: map[string]*trust.Policy{dR1: trustPolicy(t, dcPool, false), dR3: trustPolicy(t, dcPool, false)}}
	new := validate.Side{Pool: pool, UserPools: ups, Roles: map[string]*trust.Policy{dR1: trustPolicy(t, dcPool, false), dR3: trustPolicy(t, dcOther, false)}}
	changes, err := validate.DiffCredentials(old, new)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Old.Role != dR3 || changes[0].New.Reason != "trust-condition" {
		t.Fatalf("DiffCredentials = %+v; want alice's R3 refused", changes)
	}
	if got := changes[0].Witness.Claims["cognito:preferred_role"]; got != dR3 {
		t.Errorf("witness claims %v; want alice's group claims", changes[0].Witness.Claims)
	}
}

// TestDiffCredentialsGroups: a group's Precedence that changes the user's
// preferred role is a change of scope "groups" for that user.
func TestDiffCredentialsGroups(t *testing.T) {
	pool := tokenPool()
	one, two := int64(1), int64(2)
	oldUP := usergroups.UserPool{
		Groups: []usergroups.Group{{GroupName: "admin", RoleARN: dR3, Precedence: &one}, {GroupName: "dev", RoleARN: dR2, Precedence: &two}},
		Users:  map[string][]string{"alice": {"admin", "dev"}, "dan": {"dev"}},
	}
	newUP := usergroups.UserPool{
		Groups: []usergroups.Group{{GroupName: "admin", RoleARN: dR3, Precedence: &two}, {GroupName: "dev", RoleARN: dR2, Precedence: &one}},
		Users:  oldUP.Users,
	}
	old := validate.Side{Pool: pool, UserPools: map[string]usergroups.UserPool{"us-east-1_Example": oldUP}}
	new := validate.Side{Pool: pool, UserPools: map[string]usergroups.UserPool{"us-east-1_Example": newUP}}
	changes, err := validate.DiffCredentials(old, new)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Fatalf("DiffCredentials = %+v; want one change, alice's", changes)
	}
	c := changes[0]
	if c.Scope != "groups" || c.User != "alice" || c.Old.Role != dR3 || c.New.Role != dR2 || c.OldWitness == nil {
		t.Fatalf("change = %+v; want alice's admin role becoming dev", c)
	}
	if o, _ := credentialsOutcome(t, old, *c.OldWitness); o != c.Old {
		t.Errorf("the old witness gets %v, want %v", o, c.Old)
	}
	if n, _ := credentialsOutcome(t, new, c.Witness); n != c.New {
		t.Errorf("the witness gets %v, want %v", n, c.New)
	}
}

// DiffCredentials analyses each pool once, not once per rule: on a 400-rule
// mapping against itself it had compiled and analysed the pool for every
// rule (about 29 times Diff's cost).
func TestDiffCredentialsAnalysesOnce(t *testing.T) {
	rules := make([]rolemap.Rule, 400)
	for i := range rules {
		rules[i] = rolemap.Rule{Claim: "c" + strconv.Itoa(i%9), MatchType: rolemap.Equals, Value: "v" + strconv.Itoa(i),
			RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i%7)}
	}
	pool := rolemap.Pool{IdentityPoolID: "us-east-1:1", Roles: map[string]string{"authenticated": "arn:aws:iam::111122223333:role/Auth"},
		RoleMappings: map[string]rolemap.Mapping{"accounts.google.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}}}
	before := validate.Compiles()
	if _, err := validate.DiffCredentials(validate.Side{Pool: pool}, validate.Side{Pool: pool}, rolemap.WithMaxRules(400)); err != nil {
		t.Fatal(err)
	}
	// One compile of each side, shared by the role choice's diff and the
	// rule witnesses (it had been six: two here, two in Diff, two for the
	// witnesses).
	if n := validate.Compiles() - before; n != 2 {
		t.Errorf("DiffCredentials compiled %d pools for a 400-rule mapping against itself; want 2 (one per side)", n)
	}
}

// The credentials search tries each pair of role choices once per login,
// not each rule: with a tag map and tag conditions, a 400-rule mapping
// against itself tries no more requests than a 40-rule one.
func TestDiffCredentialsWorkFollowsRoles(t *testing.T) {
	tried := func(n int) int64 {
		rules := make([]rolemap.Rule, n)
		for i := range rules {
			rules[i] = rolemap.Rule{Claim: "c" + strconv.Itoa(i%9), MatchType: rolemap.Equals, Value: "v" + strconv.Itoa(i),
				RoleARN: "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i%7)}
		}
		pool := rolemap.Pool{IdentityPoolID: dcPool, Roles: map[string]string{"authenticated": dR1},
			CognitoIdentityProviders: []rolemap.Provider{{ProviderName: dcUP, ClientID: "client1"}},
			RoleMappings: map[string]rolemap.Mapping{dcUP + ":client1": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}}},
			PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{{IdentityPoolID: dcPool, IdentityProviderName: dcUP,
				PrincipalTags: map[string]string{"team": "custom:team", "site": "custom:site"}}}}
		p, err := trust.Parse([]byte(`{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
			"Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + dcPool + `",
			"aws:RequestTag/team": ["eng", "ops"]}, "StringLike": {"aws:RequestTag/site": "eu-*"}}}]}`))
		if err != nil {
			t.Fatal(err)
		}
		roles := map[string]*trust.Policy{dR1: p}
		for i := range 7 {
			roles["arn:aws:iam::111122223333:role/R"+strconv.Itoa(i)] = p
		}
		before := validate.CredentialsTried()
		r, err := validate.DiffCredentialsReport(validate.Side{Pool: pool, Roles: roles}, validate.Side{Pool: pool, Roles: roles}, rolemap.WithMaxRules(400))
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Changes) != 0 || !r.Complete() {
			t.Fatalf("a deployment against itself: %d changes, uncovered %v", len(r.Changes), r.Uncovered)
		}
		return validate.CredentialsTried() - before
	}
	small, large := tried(40), tried(400)
	t.Logf("40 rules: %d requests tried; 400 rules: %d", small, large)
	if large > small {
		t.Errorf("400 rules: %d requests tried, more than 40 rules' %d; the search should follow the role pairs", large, small)
	}
}

// The search is bounded by counted work: 400 rules of 400 roles against a
// Token mapping, every role with a policy that reads a tag, stays within
// MaxCredentialsWork, and says what it did not cover if it stops.
func TestDiffCredentialsWorkBounded(t *testing.T) {
	rules := make([]rolemap.Rule, 400)
	roles := map[string]*trust.Policy{}
	p, err := trust.Parse([]byte(`{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		"Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + dcPool + `",
		"aws:RequestTag/team": ["eng", "ops"]}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rules {
		arn := "arn:aws:iam::111122223333:role/R" + strconv.Itoa(i)
		rules[i] = rolemap.Rule{Claim: "c" + strconv.Itoa(i%9), MatchType: rolemap.Contains, Value: "v" + strconv.Itoa(i), RoleARN: arn}
		roles[arn] = p
	}
	roles[dR1] = p
	pool := func(m rolemap.Mapping) rolemap.Pool {
		return rolemap.Pool{IdentityPoolID: dcPool, Roles: map[string]string{"authenticated": dR1},
			CognitoIdentityProviders: []rolemap.Provider{{ProviderName: dcUP, ClientID: "client1"}},
			RoleMappings:             map[string]rolemap.Mapping{dcUP + ":client1": m},
			PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{{IdentityPoolID: dcPool, IdentityProviderName: dcUP,
				PrincipalTags: map[string]string{"team": "custom:team"}}}}
	}
	old := pool(rolemap.Mapping{Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny, RulesConfiguration: &rolemap.RulesConfiguration{Rules: rules}})
	new := pool(rolemap.Mapping{Type: rolemap.TypeToken, AmbiguousRoleResolution: rolemap.AmbiguousDeny})
	before := validate.CredentialsTried()
	r, err := validate.DiffCredentialsReport(validate.Side{Pool: old, Roles: roles}, validate.Side{Pool: new, Roles: roles}, rolemap.WithMaxRules(400))
	if err != nil && !errors.Is(err, validate.ErrTooManyChanges) && !errors.Is(err, validate.ErrTooMuchWork) {
		t.Fatal(err)
	}
	tried := validate.CredentialsTried() - before
	t.Logf("%d requests tried, %d changes, uncovered %v", tried, len(r.Changes), r.Uncovered)
	if tried > validate.MaxCredentialsWork {
		t.Errorf("%d requests tried, over MaxCredentialsWork (%d)", tried, validate.MaxCredentialsWork)
	}
	if !r.Complete() && !slices.ContainsFunc(r.Uncovered, func(u validate.Uncovered) bool { return strings.Contains(u.Why, "stopped") }) {
		t.Errorf("uncovered %v; want the search's stop said", r.Uncovered)
	}
}
