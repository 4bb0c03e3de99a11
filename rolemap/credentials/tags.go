package credentials

import (
	"maps"
	"strconv"
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
// Tags allocates only the map it returns (and an error's text).
func (c *Checker) Tags(req Request) (map[string]string, error) {
	kind := rolemap.KindOf(req.Login)
	if kind == rolemap.KindDeveloper {
		if len(req.DeveloperPrincipalTags) == 0 {
			return nil, nil
		}
		if err := CheckTags(req.DeveloperPrincipalTags); err != nil {
			return nil, err
		}
		return maps.Clone(req.DeveloperPrincipalTags), nil
	}
	tm, ok := c.TagMap(req.Login)
	if !ok {
		return nil, nil
	}
	b := tagBuilder{claims: req.Claims, saml: kind == rolemap.KindSAML}
	if len(tm.PrincipalTags) > 0 {
		// The map's keys were checked when the pool was compiled.
		b.size = len(tm.PrincipalTags)
		for key, claim := range tm.PrincipalTags {
			b.add(key, claim)
		}
	} else {
		if tm.UseDefaults == nil || !*tm.UseDefaults {
			return nil, nil
		}
		// The default map (see the package documentation).
		defaults := [2][2]string{{"client", "aud"}, {"username", "sub"}}
		switch {
		case req.Login == "www.amazon.com":
			defaults[1][1] = "user_id"
		case kind == rolemap.KindSAML:
			defaults = [2][2]string{{"client", SAMLNameAttribute}, {"username", SAMLNameIdentifierAttribute}}
		}
		b.size = len(defaults)
		for _, e := range defaults {
			b.add(e[0], e[1])
		}
	}
	if b.err != nil {
		return nil, b.err
	}
	if len(b.tags) > MaxTags {
		return nil, tooMany(len(b.tags))
	}
	return b.tags, nil
}

// tagBuilder collects the tags of a tag map, one entry at a time in any
// order, and keeps the error of the smallest key that has one, so that the
// outcome does not depend on the order the entries come in.
type tagBuilder struct {
	claims map[string]any
	saml   bool
	size   int // the most tags there can be
	tags   map[string]string
	bad    string // the smallest key with an error, when err is set
	err    *rolemap.Error
}

func (b *tagBuilder) add(key, claim string) {
	v, present := b.claims[claim]
	if b.saml {
		v = samlValue(v)
	}
	if !present || v == nil {
		return
	}
	var err *rolemap.Error
	text, ok := rolemap.ClaimText(v)
	if !ok {
		what := "is not a string, number or boolean"
		if n, list := listLen(v); b.saml && list {
			what = "is a SAML attribute with " + strconv.Itoa(n) + " values"
		}
		err = libErr(CodeUnsupportedPrincipalTagValue, "tag "+clip.Quote(key)+": claim "+clip.Quote(claim)+" "+what+"; a session tag holds one value")
	} else {
		err = valueErr(key, text)
	}
	if err != nil {
		if b.err == nil || key < b.bad {
			b.bad, b.err = key, err
		}
		return
	}
	if b.err != nil {
		return // refused anyway
	}
	if b.tags == nil {
		b.tags = make(map[string]string, b.size)
	}
	b.tags[key] = text
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
	if n := utf8.RuneCountInString(v); n > MaxTagValueLen {
		return libErr(CodePrincipalTagTooLong, "tag "+clip.Quote(k)+": its value is "+strconv.Itoa(n)+" characters, over STS's limit of "+strconv.Itoa(MaxTagValueLen)+" (it is not truncated)")
	}
	if problem := spec.TagCharProblem(v); problem != "" {
		return libErr(CodeInvalidPrincipalTag, "tag "+clip.Quote(k)+": its value "+problem)
	}
	return nil
}
