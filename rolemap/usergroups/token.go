package usergroups

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/nearest"
	"github.com/rolemapping/rolemapping/rolemap"
)

// The errors of [TokenFor], which wraps them with a message that names the
// login, user pool, claim, user or group and says what to do next.
var (
	// ErrNotUserPoolLogin: the login is not a user pool's.
	ErrNotUserPoolLogin = errors.New("not a user pool login")
	// ErrUnknownUserPool: the user pools given do not define the login's.
	ErrUnknownUserPool = errors.New("unknown user pool")
	// ErrGroupClaimsGiven: the claims already carry a claim TokenFor writes.
	ErrGroupClaimsGiven = errors.New("the claims already carry the group claims")
	// ErrUnknownUser: the user pool has no such user.
	ErrUnknownUser = errors.New("unknown user")
	// ErrUnknownGroup: the user pool has no such group.
	ErrUnknownGroup = errors.New("unknown group")
)

// tokenError is an error of TokenFor: its message, and the sentinel it
// unwraps to.
type tokenError struct {
	msg  string
	kind error
}

func (e *tokenError) Error() string { return e.msg }
func (e *tokenError) Unwrap() error { return e.kind }

// Token is what [TokenFor] added to a request's claims: the claims an ID
// token of a user pool carries for a user, or for a list of groups.
type Token struct {
	// Claims is a copy of the request's claims with the token's added.
	Claims map[string]any
	// User is the user's name, "" for a list of groups; Groups is the
	// membership (the user's groups, or the list).
	User   string
	Groups []string
	// TokenClaims are the group claims added.
	TokenClaims TokenClaims
	// Aud is the app client ID added as aud, when the claims had none and
	// the identity pool has exactly one app client of the user pool; "".
	Aud string
}

// TokenFor returns claims with what the user pool of a user pool login of
// the identity pool p puts in an ID token for user (when user is not "")
// or for a list of groups: cognito:groups, cognito:roles and
// cognito:preferred_role ([Claims]), cognito:username for a user, and aud
// when p has only one app client of that user pool. The user pools are
// keyed by ID (eu-west-1_AbC). It is an error when the login is not a user
// pool's ([ErrNotUserPoolLogin]), the user pool is not given
// ([ErrUnknownUserPool]), the claims already carry a group claim
// ([ErrGroupClaimsGiven]), or the user or a group is unknown
// ([ErrUnknownUser], [ErrUnknownGroup]; the message names the nearest
// one).
func TokenFor(p rolemap.Pool, userPools map[string]UserPool, login string, claims map[string]any, user string, groups []string) (Token, error) {
	if rolemap.KindOf(login) != rolemap.KindUserPool {
		return Token{}, &tokenError{"--user and --groups need a user pool login (--login cognito-idp.REGION.amazonaws.com/POOLID, or a token whose iss is the user pool)", ErrNotUserPoolLogin}
	}
	id := rolemap.UserPoolID(login)
	up, ok := userPools[id]
	if !ok {
		return Token{}, &tokenError{fmt.Sprintf("the input defines no groups of the user pool %q: give them with --user-pool %s=FILE", id, id), ErrUnknownUserPool}
	}
	for _, k := range []string{ClaimGroups, ClaimRoles, ClaimPreferredRole} {
		if _, ok := claims[k]; ok {
			return Token{}, &tokenError{fmt.Sprintf("the claims already have %s, which --user and --groups write: drop one", k), ErrGroupClaimsGiven}
		}
	}
	x := NewIndex(up.Groups)
	t := Token{User: user, Groups: groups}
	if user != "" {
		if t.Groups, ok = up.Users[user]; !ok {
			msg := fmt.Sprintf("%s is no user of the user pool %q (it lists %s)", clip.Quote(user), id, plural(len(up.Users), "user"))
			if near := nearest.Name(user, slices.Sorted(maps.Keys(up.Users))); near != "" {
				msg += fmt.Sprintf("; did you mean %s?", clip.Quote(near))
			}
			return Token{}, &tokenError{msg, ErrUnknownUser}
		}
	} else if err := knownGroups(id, up, x, groups); err != nil {
		return Token{}, err
	}
	t.Claims = maps.Clone(claims)
	if t.Claims == nil {
		t.Claims = map[string]any{}
	}
	t.TokenClaims = x.Claims(t.Groups)
	t.TokenClaims.AddTo(t.Claims)
	if _, ok := t.Claims["cognito:username"]; !ok && user != "" {
		t.Claims["cognito:username"] = user
	}
	if _, ok := t.Claims["aud"]; !ok {
		var clients []string
		for _, prov := range p.CognitoIdentityProviders {
			if prov.ProviderName == login {
				clients = append(clients, prov.ClientID)
			}
		}
		if len(clients) == 1 {
			t.Aud = clients[0]
			t.Claims["aud"] = t.Aud
		}
	}
	return t, nil
}

// knownGroups returns an error naming the first of groups the user pool
// does not define, and the nearest name it does.
func knownGroups(id string, up UserPool, x *Index, groups []string) error {
	for _, g := range groups {
		if x.Has(g) {
			continue
		}
		var names []string
		for _, grp := range up.Groups {
			names = append(names, grp.GroupName)
		}
		slices.Sort(names)
		msg := fmt.Sprintf("%s is no group of the user pool %q", clip.Quote(g), id)
		if near := nearest.Name(g, names); near != "" {
			msg += fmt.Sprintf("; did you mean %s?", clip.Quote(near))
		}
		return &tokenError{msg, ErrUnknownGroup}
	}
	return nil
}

// Notes says in lines of text what t added: the user and their groups,
// the token's group claims, and the aud chosen. Names are escaped
// (clip.Line) and lists bounded to 100 names.
func (t Token) Notes() []string {
	var notes []string
	if t.User != "" {
		notes = append(notes, fmt.Sprintf("user: %s, in %s", clip.Line(clip.String(t.User)), orNone(joinText(t.Groups, ", "))))
	}
	tc := t.TokenClaims
	notes = append(notes, fmt.Sprintf("token claims: cognito:groups %s, cognito:roles %s, cognito:preferred_role %s",
		orNone(joinText(tc.Groups, " ")), orNone(joinText(tc.Roles, " ")), orNone(clip.Line(clip.String(tc.PreferredRole)))))
	if t.Aud != "" {
		notes = append(notes, "aud: "+clip.Line(clip.String(t.Aud))+" (the pool's only app client of this user pool)")
	}
	return notes
}

// joinText joins names from an input for one line of text: each escaped
// and bounded (clip), and at most 100 of them, then a count.
func joinText(list []string, sep string) string {
	const most = 100
	out := make([]string, 0, min(len(list), most+1))
	for i, s := range list {
		if i == most {
			out = append(out, fmt.Sprintf("… (%d more)", len(list)-most))
			break
		}
		out = append(out, clip.Line(clip.String(s)))
	}
	return strings.Join(out, sep)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
