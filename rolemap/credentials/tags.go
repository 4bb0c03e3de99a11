package credentials

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Library error codes of the session-tag rules.
const (
	// CodeInvalidPrincipalTag: a tag's key or value breaks STS's rules
	// for session tags (characters, key length, the aws: prefix, keys
	// differing only in case).
	CodeInvalidPrincipalTag = "rolemapping.InvalidPrincipalTag"
)

// MaxTagKeyLen is the longest session tag key STS accepts, in characters.
const MaxTagKeyLen = spec.SessionTagKeyMaxLen

// TagMap returns the principal tag map that applies to a login, if any:
// the map named by the login's provider (a user pool's login, a social
// provider's domain, the ARN of the OIDC provider whose host is the login,
// a SAML provider's ARN). Guests and developer identities have none.
func (c *Checker) TagMap(login string) (rolemap.PrincipalTagMap, bool) {
	name := login
	switch rolemap.KindOf(login) {
	case rolemap.KindUnauthenticated, rolemap.KindDeveloper:
		return rolemap.PrincipalTagMap{}, false
	case rolemap.KindOIDC:
		arn, ok := c.oidc[login]
		if !ok {
			return rolemap.PrincipalTagMap{}, false
		}
		name = arn
	}
	tm, ok := c.maps[name]
	return tm, ok
}

// Tags returns the principal tags of req, or a library error: nil when the
// request gets none. A developer identity's tags are its
// DeveloperPrincipalTags; other logins take each tag of their provider's
// map from the claim it names (see the package documentation). Tags that
// break STS's rules are refused as [CheckTags] describes, and a SAML
// attribute with exactly one value gives that value.
//
// Tags allocates only the Tags it returns, once (and an error's text).
func (c *Checker) Tags(req Request) (Tags, error) {
	p, _ := c.plans.get(req.Login)
	return c.tags(req, p)
}

// tags is Tags with the login's plan, nil for a login the pool does not
// know.
func (c *Checker) tags(req Request, p *loginPlan) (Tags, error) {
	var entries []tagEntry
	saml := false
	if p != nil {
		if p.dev {
			return developerTags(req.DeveloperPrincipalTags)
		}
		entries, saml = p.entries, p.saml
	} else {
		kind := rolemap.KindOf(req.Login)
		if kind == rolemap.KindDeveloper {
			return developerTags(req.DeveloperPrincipalTags)
		}
		entries, saml = c.entries(req.Login), kind == rolemap.KindSAML
	}
	if len(entries) == 0 {
		return nil, nil
	}
	return tagsOf(req.Claims, entries, saml)
}

func developerTags(m map[string]string) (Tags, error) {
	if len(m) == 0 {
		return nil, nil
	}
	if err := CheckTags(m); err != nil {
		return nil, err
	}
	return TagsOf(m), nil
}

// tagEntry is one tag of a tag map: its key and the claim it reads.
type tagEntry struct{ key, claim string }

// The default tag maps (see the package documentation), in key order.
var (
	defaultEntries = []tagEntry{{"client", "aud"}, {"username", "sub"}}
	amazonEntries  = []tagEntry{{"client", "aud"}, {"username", "user_id"}}
	samlEntries    = []tagEntry{{"client", SAMLNameAttribute}, {"username", SAMLNameIdentifierAttribute}}
)

// mapEntries returns the entries of a custom tag map in key order, or of
// the default map (nil, true), or (nil, false) for a map that gives no
// tags.
func mapEntries(tm rolemap.PrincipalTagMap) ([]tagEntry, bool) {
	if len(tm.PrincipalTags) > 0 {
		out := make([]tagEntry, 0, len(tm.PrincipalTags))
		for k, claim := range tm.PrincipalTags {
			out = append(out, tagEntry{k, claim})
		}
		slices.SortFunc(out, func(a, b tagEntry) int { return strings.Compare(a.key, b.key) })
		return out, false
	}
	return nil, tm.UseDefaults != nil && *tm.UseDefaults
}

// entries returns the tag map entries that apply to login, in key order;
// nil when it gets no tags from a map.
func (c *Checker) entries(login string) []tagEntry {
	if _, ok := c.TagMap(login); !ok {
		return nil
	}
	name := login
	if rolemap.KindOf(login) == rolemap.KindOIDC {
		name = c.oidc[login]
	}
	tp := c.tagMaps[name]
	if !tp.defaults {
		return tp.entries
	}
	switch {
	case login == "www.amazon.com":
		return amazonEntries
	case rolemap.KindOf(login) == rolemap.KindSAML:
		return samlEntries
	}
	return defaultEntries
}

// tagsOf reads the tags of entries, in key order, from claims: the error
// of the first key that has one (the smallest), else the tags, in one
// allocation made when the first tag is found. The keys were checked when
// the pool was compiled; the values are checked here.
func tagsOf(claims map[string]any, entries []tagEntry, saml bool) (Tags, error) {
	var out Tags
	n := 0
	for i, e := range entries {
		v, present := claims[e.claim]
		if saml {
			v = samlValue(v)
		}
		if !present || v == nil {
			continue
		}
		text, ok := v.(string) // as ClaimText gives it, without its other cases
		if !ok {
			text, ok = rolemap.ClaimText(v)
		}
		if !ok {
			what := "is not a string, number or boolean"
			if n, list := listLen(v); saml && list {
				what = "is a SAML attribute with " + strconv.Itoa(n) + " values"
			}
			return nil, libErr(CodeUnsupportedPrincipalTagValue, "tag "+clip.Quote(e.key)+": claim "+clip.Quote(e.claim)+" "+what+"; a session tag holds one value")
		}
		if err := valueErr(e.key, text); err != nil {
			return nil, err
		}
		if n < MaxTags {
			if out == nil {
				out = make(Tags, 0, min(len(entries)-i, MaxTags))
			}
			out = append(out, Tag{e.key, text})
		}
		n++
	}
	if n > MaxTags {
		return nil, tooMany(n)
	}
	return out[:n:n], nil
}

// samlValue returns the one value of a SAML attribute that has exactly one
// (SAML attributes arrive as lists), and v otherwise.
func samlValue(v any) any {
	switch x := v.(type) {
	case []any:
		if len(x) == 1 {
			return x[0]
		}
	case []string:
		if len(x) == 1 {
			return x[0]
		}
	}
	return v
}

// listLen returns the length of a list claim.
func listLen(v any) (int, bool) {
	switch x := v.(type) {
	case []any:
		return len(x), true
	case []string:
		return len(x), true
	}
	return 0, false
}

// CheckTags reports whether tags, a session's tags, keep STS's rules for
// session tags: nil if they do, else a *[rolemap.Error] naming the tag.
// [Checker.Tags] applies it to every request's tags.
//
// A session tag is what STS calls the principal tags Cognito passes when
// it assumes the role ("Tagging AWS STS sessions", IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html;
// "Using attributes for access control", Amazon Cognito Developer Guide:
// https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html).
// STS refuses a request whose tags break its rules (the Tag type of the STS
// API reference gives their lengths and characters:
// https://docs.aws.amazon.com/STS/latest/APIReference/API_Tag.html), so
// this package refuses them too, before the trust check:
//
//   - at most 50 tags ([CodeTooManyPrincipalTags]);
//   - a key of 1 to 128 characters, a value of 0 to 256 ([CodePrincipalTagTooLong]
//     for a longer value, never truncated);
//   - keys and values made only of letters, digits, white space (Unicode
//     categories L, N and Z) and _ . : / = + - @ — so no control character,
//     no <, no emoji, and valid UTF-8;
//   - no key beginning aws:, in any case (AWS reserves the prefix);
//   - no two keys that differ only in case: STS compares tag keys without
//     regard to case, so Dept and dept are one key given twice. This
//     package folds case as Unicode simple folding does, which catches
//     every pair an ASCII folding would and a few more.
//
// A request breaking one of these rules (developer tags, or a claim value a
// tag map reads) is [CodeInvalidPrincipalTag] unless a code above says more.
// When several tags break rules, the error names the first of them in
// sorted key order, so the outcome never depends on the order a map is
// read in. A pool's tag maps are held to the key rules when the pool is
// validated ([rolemap.Compile]).
//
// A SAML attribute arrives as a list of values (package rolemap): an
// attribute with exactly one value gives that value as the tag; one with
// several values is [CodeUnsupportedPrincipalTagValue], since a session tag
// holds one value. A token claim holding an array or an object is refused
// the same way.
//
// STS also limits the packed size of a session's policies and tags, as a
// percentage it reports only in an error; that limit cannot be checked
// offline and is not modelled.
//
// CheckTags reads the map without allocating. Of several pairs of keys
// differing only in case, it names the pair that sorts first.
func CheckTags(tags map[string]string) error {
	if len(tags) > MaxTags {
		return tooMany(len(tags))
	}
	var (
		bad    string
		badErr *rolemap.Error
	)
	for k, v := range tags {
		if badErr != nil && k >= bad {
			continue
		}
		err := keyErr(k)
		if err == nil {
			err = valueErr(k, v)
		}
		if err != nil {
			bad, badErr = k, err
		}
	}
	if badErr != nil {
		return badErr
	}
	var a, b string
	found := false
	for k := range tags {
		for l := range tags {
			if k < l && (!found || k < a || k == a && l < b) && spec.TagKeysCollide(k, l) {
				a, b, found = k, l, true
			}
		}
	}
	if found {
		return libErr(CodeInvalidPrincipalTag, "tags "+clip.Quote(a)+" and "+clip.Quote(b)+": STS treats tag keys without regard to case, so these are one key given twice; keep one of them")
	}
	return nil
}

func tooMany(n int) *rolemap.Error {
	return libErr(CodeTooManyPrincipalTags, strconv.Itoa(n)+" principal tags, over STS's limit of "+strconv.Itoa(MaxTags))
}

// keyErr checks a tag key against STS's rules.
func keyErr(k string) *rolemap.Error {
	if problem := spec.TagKeyProblem(k); problem != "" {
		return libErr(CodeInvalidPrincipalTag, "tag "+clip.Quote(k)+": "+problem)
	}
	return nil
}

// valueErr checks a tag value against STS's rules.
func valueErr(k, v string) *rolemap.Error {
	if len(v) <= MaxTagValueLen && asciiTagText(v) {
		return nil
	}
	if n := utf8.RuneCountInString(v); n > MaxTagValueLen {
		return libErr(CodePrincipalTagTooLong, "tag "+clip.Quote(k)+": its value is "+strconv.Itoa(n)+" characters, over STS's limit of "+strconv.Itoa(MaxTagValueLen)+" (it is not truncated)")
	}
	if problem := spec.TagCharProblem(v); problem != "" {
		return libErr(CodeInvalidPrincipalTag, "tag "+clip.Quote(k)+": its value "+problem)
	}
	return nil
}

// tagASCII marks the ASCII bytes STS accepts in a session tag.
var tagASCII = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = spec.TagRune(r)
	}
	return t
}()

// asciiTagText reports whether s is made only of the ASCII characters STS
// accepts in a session tag: the usual value, checked without decoding.
func asciiTagText(s string) bool {
	for i := range len(s) {
		if c := s[i]; c >= utf8.RuneSelf || !tagASCII[c] {
			return false
		}
	}
	return true
}
