package usergroups

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap"
)

// prefix is the path of user pool id's object in a case file.
func prefix(id string) string { return "UserPools[" + clip.QuoteKey(id) + "]" }

// ParseUserPool decodes the user pool id's object of a case file:
// {"Groups": [GroupType…], "Users": {"username": ["group", …]}}. Groups may
// be pasted from `aws cognito-idp list-groups` (its NextToken, and members
// of GroupType other than GroupName, RoleArn and Precedence, are ignored).
//
// The object may also hold what the access analysis reads (see
// [UserPool]): Schema (or SchemaAttributes, describe-user-pool's name for
// it; both is an error), AdminCreateUserConfig,
// UserAttributeUpdateSettings, LambdaConfig, UsernameAttributes, Clients
// (client ID → UserPoolClientType) and IdentityProviders (ProviderName →
// IdentityProviderType), and the AWS CLI's outputs pasted whole: the
// UserPool member of `aws cognito-idp describe-user-pool` (its Id must be
// id), the UserPoolClient member of describe-user-pool-client (read into
// Clients[ClientId]; its UserPoolId must be id) and the IdentityProvider
// member of describe-identity-provider (read into
// IdentityProviders[ProviderName]). Members these objects have that the
// package does not read are ignored, as AWS's outputs hold many; a member
// given both directly and inside one of them, differently, is an
// [ErrConflict].
// A member of the wrong JSON type, a Precedence that is not an integer
// (3.0 included), a RoleArn of "" and a member given twice in one object
// (which a decoder would read as its last value) are a [*rolemap.FieldError]
// with its path (UserPools["id"].Groups[2].Precedence), a duplicate's with
// its line and column and those of the first. It does not check values:
// [Validate] does.
func ParseUserPool(id string, data []byte) (UserPool, error) {
	at := prefix(id)
	fail := func(path, detail string) error {
		return &rolemap.FieldError{Path: path, Err: rolemap.ErrInvalidValue, Detail: detail}
	}
	// A member given twice (a group's RoleArn, a user) would be read as its
	// last value: refuse it, placed at both.
	if report, err := strictjson.Check(data, userPoolSchema); err == nil {
		var dups []strictjson.Issue
		for _, is := range report.Issues {
			if is.Duplicate {
				dups = append(dups, is)
			}
		}
		if len(dups) > 0 {
			detail := dups[0].Detail()
			if n := len(dups) - 1; n > 0 {
				detail += " (and " + strconv.Itoa(n) + " more members given twice)"
			}
			path := at
			if dups[0].Path != "" {
				path += "." + dups[0].Path
				if strings.HasPrefix(dups[0].Path, "[") {
					path = at + dups[0].Path
				}
			}
			return UserPool{}, fail(path, detail)
		}
	}
	var raw struct {
		Groups []json.RawMessage           `json:"Groups"`
		Users  map[string]*json.RawMessage `json:"Users"`
		members
	}
	if err := decode(data, &raw); err != nil {
		return UserPool{}, fail(at, "want an object with Groups and Users: "+err.Error())
	}
	var up UserPool
	if err := readMembers(id, at, raw.members, &up); err != nil {
		return UserPool{}, err
	}
	for i, item := range raw.Groups {
		gat := at + ".Groups[" + strconv.Itoa(i) + "]"
		var g struct {
			GroupName  *json.RawMessage `json:"GroupName"`
			RoleArn    *json.RawMessage `json:"RoleArn"`
			Precedence *json.RawMessage `json:"Precedence"`
		}
		if err := decode(item, &g); err != nil {
			return UserPool{}, fail(gat, "want a GroupType object")
		}
		var group Group
		if !null(g.GroupName) && json.Unmarshal(*g.GroupName, &group.GroupName) != nil {
			return UserPool{}, fail(gat+".GroupName", "want a string")
		}
		if !null(g.RoleArn) {
			if json.Unmarshal(*g.RoleArn, &group.RoleARN) != nil {
				return UserPool{}, fail(gat+".RoleArn", "want a string or null")
			}
			if group.RoleARN == "" {
				return UserPool{}, fail(gat+".RoleArn", `"" is not a role ARN (omit RoleArn, or set it to null, for a group with no role)`)
			}
		}
		if !null(g.Precedence) {
			p, err := integer(*g.Precedence)
			if err != "" {
				return UserPool{}, fail(gat+".Precedence", err)
			}
			group.Precedence = &p
		}
		up.Groups = append(up.Groups, group)
	}
	if raw.Users != nil {
		up.Users = make(map[string][]string, len(raw.Users))
		for _, name := range slices.Sorted(maps.Keys(raw.Users)) {
			var list []string
			if v := raw.Users[name]; !null(v) && json.Unmarshal(*v, &list) != nil {
				return UserPool{}, fail(at+".Users["+clip.QuoteKey(name)+"]", "want an array of group names")
			}
			up.Users[name] = list
		}
	}
	return up, nil
}

// userPoolSchema gives the paths of a user pool's members, users by name
// (Users["alice"]), for its duplicate members.
var userPoolSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
	"Groups": {Any: true}, "Users": {Values: &strictjson.Schema{Any: true}}, "NextToken": nil,
	"Schema": {Any: true}, "SchemaAttributes": {Any: true}, "AdminCreateUserConfig": {Any: true},
	"UserAttributeUpdateSettings": {Any: true}, "LambdaConfig": {Any: true}, "UsernameAttributes": {Any: true},
	"Clients": {Values: &strictjson.Schema{Any: true}}, "IdentityProviders": {Values: &strictjson.Schema{Any: true}},
	"UserPool": {Any: true}, "UserPoolClient": {Any: true}, "IdentityProvider": {Any: true}}}

func null(raw *json.RawMessage) bool { return raw == nil || string(*raw) == "null" }

// decode decodes one JSON value, refusing data after it.
func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// integer reads a JSON number with no fraction and no exponent.
func integer(raw json.RawMessage) (int64, string) {
	s := string(raw)
	if s == "" || strings.ContainsAny(s, ".eE\"tfn[{") {
		return 0, "want an integer 0.." + strconv.Itoa(MaxPrecedence) + " (a JSON number with no fraction or exponent), got " + clip.String(s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, "want an integer 0.." + strconv.Itoa(MaxPrecedence) + ", got " + clip.String(s)
	}
	return n, ""
}

// Validate checks a user pool as AWS and this package do, and returns every
// violation as a [*rolemap.ValidationError], with paths under
// UserPools["id"]: each GroupName 1..128 code points of letters, marks,
// symbols, numbers and punctuation, unique in the pool; Precedence
// 0..2147483647; RoleArn 20..2048 code points; at most [MaxGroups] groups;
// each user in at most [MaxGroupsPerUser] groups, each a group of the pool,
// none twice. Of the members the access analysis reads: each Schema
// attribute has a Name, its claim (see [SchemaAttribute.Claim]) given once,
// and an AttributeDataType of String, Number, DateTime or Boolean when
// given; UsernameAttributes are email or phone_number; client IDs and
// provider names are not empty; a ProviderType is one AWS has (SAML,
// Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC). It is linear
// in the pool's size.
func Validate(id string, up UserPool) error {
	at := prefix(id)
	var errs []*rolemap.FieldError
	omitted := 0
	add := func(path string, err error, detail string) {
		if len(errs) == rolemap.MaxViolations {
			omitted++
			return
		}
		errs = append(errs, &rolemap.FieldError{Path: path, Err: err, Detail: detail})
	}
	if len(up.Groups) > MaxGroups {
		add(at+".Groups", rolemap.ErrOverLimit, strconv.Itoa(len(up.Groups))+" groups, over the limit of "+strconv.Itoa(MaxGroups))
	}
	names := make(map[string]bool, len(up.Groups))
	for i, g := range up.Groups {
		gat := at + ".Groups[" + strconv.Itoa(i) + "]"
		switch n := utf8.RuneCountInString(g.GroupName); {
		case g.GroupName == "":
			add(gat+".GroupName", rolemap.ErrMissing, "required")
		case n > 128:
			add(gat+".GroupName", rolemap.ErrInvalidValue, "length "+strconv.Itoa(n)+" is outside 1..128 code points")
		case !validName(g.GroupName):
			add(gat+".GroupName", rolemap.ErrInvalidValue, `does not match [\p{L}\p{M}\p{S}\p{N}\p{P}]+`)
		case names[g.GroupName]:
			add(gat+".GroupName", rolemap.ErrInvalidValue, clip.Quote(g.GroupName)+" names an earlier group too")
		}
		names[g.GroupName] = true
		if p := g.Precedence; p != nil && (*p < 0 || *p > MaxPrecedence) {
			add(gat+".Precedence", rolemap.ErrInvalidValue, strconv.FormatInt(*p, 10)+" is outside 0.."+strconv.Itoa(MaxPrecedence))
		}
		if g.RoleARN != "" {
			if n := utf8.RuneCountInString(g.RoleARN); n < 20 || n > 2048 {
				add(gat+".RoleArn", rolemap.ErrInvalidValue, "length "+strconv.Itoa(n)+" is outside 20..2048 code points")
			}
		}
	}
	for _, user := range slices.Sorted(maps.Keys(up.Users)) {
		uat := at + ".Users[" + clip.QuoteKey(user) + "]"
		list := up.Users[user]
		if len(list) > MaxGroupsPerUser {
			add(uat, rolemap.ErrOverLimit, strconv.Itoa(len(list))+" groups, over the limit of "+strconv.Itoa(MaxGroupsPerUser))
			continue
		}
		seen := make(map[string]bool, len(list))
		for i, name := range list {
			switch {
			case !names[name]:
				add(uat+"["+strconv.Itoa(i)+"]", rolemap.ErrInvalidValue, clip.Quote(name)+" is no group of this user pool")
			case seen[name]:
				add(uat+"["+strconv.Itoa(i)+"]", rolemap.ErrInvalidValue, clip.Quote(name)+" is listed twice")
			}
			seen[name] = true
		}
	}
	validateMembers(at, up, add)
	if len(errs) == 0 {
		return nil
	}
	return &rolemap.ValidationError{Errors: errs, Omitted: omitted}
}

// validName reports whether every code point is a letter, mark, symbol,
// number or punctuation (AWS's [\p{L}\p{M}\p{S}\p{N}\p{P}]+).
func validName(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P) {
			return false
		}
	}
	return true
}
