package credentials

import (
	"maps"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
)

// TagMap returns the principal tag map that applies to a login, if any
// (SPEC §11.2).
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

// Tags returns the principal tags of req (SPEC §11), or a library error:
// nil when the request gets none.
func (c *Checker) Tags(req Request) (map[string]string, error) {
	kind := rolemap.KindOf(req.Login)
	if kind == rolemap.KindDeveloper {
		return checkTags(maps.Clone(req.DeveloperPrincipalTags))
	}
	tm, ok := c.TagMap(req.Login)
	if !ok {
		return nil, nil
	}
	entries := tm.PrincipalTags
	if len(entries) == 0 {
		if tm.UseDefaults == nil || !*tm.UseDefaults {
			return nil, nil
		}
		entries = map[string]string{"client": "aud", "username": "sub"}
		switch {
		case req.Login == "www.amazon.com":
			entries["username"] = "user_id"
		case kind == rolemap.KindSAML:
			entries = map[string]string{"client": SAMLNameAttribute, "username": SAMLNameIdentifierAttribute}
		}
	}
	var tags map[string]string
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		claim := entries[key]
		v, present := req.Claims[claim]
		if !present || v == nil {
			continue
		}
		text, ok := rolemap.ClaimText(v)
		if !ok {
			return nil, libErr(CodeUnsupportedPrincipalTagValue, "tag "+clip.Quote(key)+": claim "+clip.Quote(claim)+" is not a string, number or boolean; a session tag holds one value")
		}
		if tags == nil {
			tags = map[string]string{}
		}
		tags[key] = text
	}
	return checkTags(tags)
}

// checkTags applies STS's limits.
func checkTags(tags map[string]string) (map[string]string, error) {
	if len(tags) > MaxTags {
		return nil, libErr(CodeTooManyPrincipalTags, strconv.Itoa(len(tags))+" principal tags, over STS's limit of "+strconv.Itoa(MaxTags))
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		if n := utf8.RuneCountInString(tags[k]); n > MaxTagValueLen {
			return nil, libErr(CodePrincipalTagTooLong, "tag "+clip.Quote(k)+": its value is "+strconv.Itoa(n)+" code points, over STS's limit of "+strconv.Itoa(MaxTagValueLen)+" (it is not truncated)")
		}
	}
	if len(tags) == 0 {
		return nil, nil
	}
	return tags, nil
}
