package usergroups_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

const (
	tokenLogin  = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff"
	tokenPoolID = "eu-west-1_Staff"
	tokenClient = "1example23456789"
	tokenAdmin  = "arn:aws:iam::111122223333:role/Admin"
	tokenDev    = "arn:aws:iam::111122223333:role/Dev"
)

// tokenInputs are an identity pool with one app client of the user pool
// eu-west-1_Staff, and that user pool's groups and users.
func tokenInputs() (rolemap.Pool, map[string]usergroups.UserPool) {
	zero, one := int64(0), int64(1)
	pool := rolemap.Pool{
		IdentityPoolID:           "eu-west-1:11111111-2222-3333-4444-555555555555",
		CognitoIdentityProviders: []rolemap.Provider{{ProviderName: tokenLogin, ClientID: tokenClient}},
	}
	up := usergroups.UserPool{
		Groups: []usergroups.Group{
			{GroupName: "admins", RoleARN: tokenAdmin, Precedence: &zero},
			{GroupName: "developers", RoleARN: tokenDev, Precedence: &one},
		},
		Users: map[string][]string{"alice": {"admins", "developers"}, "bob": {"developers"}},
	}
	return pool, map[string]usergroups.UserPool{tokenPoolID: up}
}

func TestTokenFor(t *testing.T) {
	pool, ups := tokenInputs()
	tests := []struct {
		name      string
		login     string
		claims    map[string]any
		user      string
		groups    []string
		want      map[string]any
		wantNotes []string
		wantErr   string
		wantIs    error
	}{
		{name: "user", login: tokenLogin, claims: map[string]any{"sub": "s"}, user: "alice",
			want: map[string]any{"sub": "s", "cognito:username": "alice", "aud": tokenClient,
				"cognito:groups": []any{"admins", "developers"}, "cognito:roles": []any{tokenAdmin, tokenDev}, "cognito:preferred_role": tokenAdmin},
			wantNotes: []string{"user: alice, in admins, developers",
				"token claims: cognito:groups admins developers, cognito:roles " + tokenAdmin + " " + tokenDev + ", cognito:preferred_role " + tokenAdmin,
				"aud: " + tokenClient + " (the pool's only app client of this user pool)"}},
		{name: "groups, aud kept", login: tokenLogin, claims: map[string]any{"aud": "other"}, groups: []string{"developers"},
			want:      map[string]any{"aud": "other", "cognito:groups": []any{"developers"}, "cognito:roles": []any{tokenDev}, "cognito:preferred_role": tokenDev},
			wantNotes: []string{"token claims: cognito:groups developers, cognito:roles " + tokenDev + ", cognito:preferred_role " + tokenDev}},
		{name: "not a user pool login", login: "accounts.google.com", user: "alice",
			wantErr: "--user and --groups need a user pool login (--login cognito-idp.REGION.amazonaws.com/POOLID, or a token whose iss is the user pool)", wantIs: usergroups.ErrNotUserPoolLogin},
		{name: "no such user pool", login: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other", user: "alice",
			wantErr: `the input defines no groups of the user pool "eu-west-1_Other": give them with --user-pool eu-west-1_Other=FILE`, wantIs: usergroups.ErrUnknownUserPool},
		{name: "group claim already there", login: tokenLogin, claims: map[string]any{"cognito:groups": []any{"x"}}, user: "alice",
			wantErr: "the claims already have cognito:groups, which --user and --groups write: drop one", wantIs: usergroups.ErrGroupClaimsGiven},
		{name: "unknown user, near one", login: tokenLogin, user: "alce",
			wantErr: `"alce" is no user of the user pool "eu-west-1_Staff" (it lists 2 users); did you mean "alice"?`, wantIs: usergroups.ErrUnknownUser},
		{name: "unknown user, none near", login: tokenLogin, user: "zzzzzzzz",
			wantErr: `"zzzzzzzz" is no user of the user pool "eu-west-1_Staff" (it lists 2 users)`, wantIs: usergroups.ErrUnknownUser},
		{name: "unknown group", login: tokenLogin, groups: []string{"developers", "admin"},
			wantErr: `"admin" is no group of the user pool "eu-west-1_Staff"; did you mean "admins"?`, wantIs: usergroups.ErrUnknownGroup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := usergroups.TokenFor(pool, ups, tt.login, tt.claims, tt.user, tt.groups)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("TokenFor() error = %v, want %q", err, tt.wantErr)
				}
				if !errors.Is(err, tt.wantIs) {
					t.Errorf("TokenFor() error = %v, want errors.Is %v", err, tt.wantIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Claims); diff != "" {
				t.Errorf("TokenFor() claims (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantNotes, got.Notes()); diff != "" {
				t.Errorf("Notes() (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTokenForKeepsClaims: the request's claims are copied, not changed.
func TestTokenForKeepsClaims(t *testing.T) {
	pool, ups := tokenInputs()
	cl := map[string]any{"sub": "s"}
	if _, err := usergroups.TokenFor(pool, ups, tokenLogin, cl, "bob", nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"sub": "s"}, cl); diff != "" {
		t.Errorf("TokenFor changed the claims (-want +got):\n%s", diff)
	}
}

// TestTokenNotesEscaped: names from the input are escaped in the notes,
// and a long membership is bounded.
func TestTokenNotesEscaped(t *testing.T) {
	many := make([]string, 150)
	for i := range many {
		many[i] = fmt.Sprintf("g%d", i)
	}
	notes := usergroups.Token{User: "eve\x1b[31m\n::error::x", Groups: many}.Notes()
	joined := strings.Join(notes, "\n")
	if strings.ContainsAny(joined, "\x1b") || len(notes) != 2 || strings.Contains(notes[0], "\n") {
		t.Errorf("Notes() = %q: want two escaped lines", notes)
	}
	if !strings.Contains(notes[0], "… (50 more)") {
		t.Errorf("Notes()[0] = %q, want the membership bounded to 100 names", notes[0])
	}
}

// Alice's ID token, for a request at the user pool's login: her groups'
// claims, her user name, and the identity pool's only app client as aud.
func ExampleTokenFor() {
	zero := int64(0)
	const login = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff"
	pool := rolemap.Pool{
		IdentityPoolID:           "eu-west-1:11111111-2222-3333-4444-555555555555",
		CognitoIdentityProviders: []rolemap.Provider{{ProviderName: login, ClientID: "1example23456789"}},
	}
	userPools := map[string]usergroups.UserPool{"eu-west-1_Staff": {
		Groups: []usergroups.Group{{GroupName: "admins", RoleARN: "arn:aws:iam::111122223333:role/Admin", Precedence: &zero}},
		Users:  map[string][]string{"alice": {"admins"}},
	}}
	t, err := usergroups.TokenFor(pool, userPools, login, map[string]any{"sub": "alice-sub"}, "alice", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Claims["cognito:preferred_role"], t.Claims["cognito:username"], t.Claims["aud"])
	for _, n := range t.Notes() {
		fmt.Println(n)
	}
	_, err = usergroups.TokenFor(pool, userPools, login, nil, "alcie", nil)
	fmt.Println(err)
	// Output:
	// arn:aws:iam::111122223333:role/Admin alice 1example23456789
	// user: alice, in admins
	// token claims: cognito:groups admins, cognito:roles arn:aws:iam::111122223333:role/Admin, cognito:preferred_role arn:aws:iam::111122223333:role/Admin
	// aud: 1example23456789 (the pool's only app client of this user pool)
	// "alcie" is no user of the user pool "eu-west-1_Staff" (it lists 1 user); did you mean "alice"?
}
