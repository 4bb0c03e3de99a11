package credentials

import (
	"strconv"
	"unicode/utf8"
)

// CodeInvalidRequest is the library error of a [Request] whose IdentityID
// or DeveloperUserID does not have the shape AWS gives those values, so
// that no request AWS could not make reaches the trust check.
const CodeInvalidRequest = "rolemapping.InvalidRequest"

// The shapes of a request's values, as the Amazon Cognito Identity API
// reference gives them (GetCredentialsForIdentity's IdentityId,
// GetOpenIdTokenForDeveloperIdentity's Logins values): an identity ID is 1
// to 55 characters matching [\w-]+:[0-9a-f-]+ (REGION:UUID), a developer
// user identifier 1 to 1,024 characters.
const (
	MaxIdentityIDLen      = 55
	MaxDeveloperUserIDLen = 1024
)

// CheckRequest returns a *[rolemap.Error] with [CodeInvalidRequest],
// naming the member, when req's IdentityID or DeveloperUserID is given and
// does not have AWS's shape (see [IdentityIDProblem] and
// [DeveloperUserIDProblem]); nil otherwise. Empty values are not given:
// the trust check then uses a placeholder identity ID. It does not
// allocate for a valid request. [Checker.Get] calls it first.
func CheckRequest(req Request) error {
	if p := IdentityIDProblem(req.IdentityID); p != "" {
		return libErr(CodeInvalidRequest, "IdentityID "+p)
	}
	if p := DeveloperUserIDProblem(req.DeveloperUserID); p != "" {
		return libErr(CodeInvalidRequest, "DeveloperUserID "+p)
	}
	return nil
}

// IdentityIDProblem says how id breaks the shape of an identity ID (1 to 55
// characters of [\w-]+:[0-9a-f-]+), or returns "" for one that keeps it or
// is empty (not given). The text never quotes id.
func IdentityIDProblem(id string) string {
	if id == "" {
		return ""
	}
	if len(id) > MaxIdentityIDLen {
		return "is " + strconv.Itoa(utf8.RuneCountInString(id)) + " characters; an identity ID is at most " + strconv.Itoa(MaxIdentityIDLen) + " (REGION:UUID)"
	}
	colon := -1
	for i := range len(id) {
		c := id[i]
		switch {
		case c == ':' && colon < 0:
			colon = i
		case colon < 0 && (c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
		case colon >= 0 && (c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'f'):
		case c >= utf8.RuneSelf:
			return "holds a non-ASCII character at offset " + strconv.Itoa(i) + `; an identity ID matches [\w-]+:[0-9a-f-]+ (REGION:UUID, lower-case hex)`
		default:
			return "holds " + strconv.QuoteRuneToASCII(rune(c)) + " at offset " + strconv.Itoa(i) + `; an identity ID matches [\w-]+:[0-9a-f-]+ (REGION:UUID, lower-case hex)`
		}
	}
	if colon <= 0 || colon == len(id)-1 {
		return `does not match [\w-]+:[0-9a-f-]+; an identity ID is REGION:UUID`
	}
	return ""
}

// DeveloperUserIDProblem says how id breaks the shape of a developer user
// identifier (1 to 1,024 characters), or returns "" for one that keeps it
// or is empty (not given). The text never quotes id.
func DeveloperUserIDProblem(id string) string {
	if len(id) <= MaxDeveloperUserIDLen {
		return ""
	}
	if n := utf8.RuneCountInString(id); n > MaxDeveloperUserIDLen {
		return "is " + strconv.Itoa(n) + " characters; a developer user identifier is at most " + strconv.Itoa(MaxDeveloperUserIDLen)
	}
	return ""
}
