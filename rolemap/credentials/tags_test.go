package credentials_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
)

const devLogin = "cognito-identity.amazonaws.com"

// TestSessionTagRules checks STS's rules for session tags on developer
// tags: every tag set STS refuses is refused with a code naming the tag,
// and tags keeping the rules pass.
func TestSessionTagRules(t *testing.T) {
	c := checker(t, rolemap.Pool{IdentityPoolID: poolID, DeveloperProviderName: "login.example.app",
		Roles: map[string]string{"authenticated": auth}}, nil)
	tests := []struct {
		name    string
		tags    map[string]string
		errCode string
		names   string // a text the error must hold
	}{
		{name: "a key of 129 characters", tags: map[string]string{strings.Repeat("k", 129): "v", "ok": "v"}, errCode: credentials.CodeInvalidPrincipalTag, names: "129 characters"},
		{name: "an empty key", tags: map[string]string{"": "v", "ok": "v"}, errCode: credentials.CodeInvalidPrincipalTag, names: `tag ""`},
		{name: "aws: prefix", tags: map[string]string{"aws:dept": "v"}, errCode: credentials.CodeInvalidPrincipalTag, names: `"aws:dept"`},
		{name: "AWS: prefix in another case", tags: map[string]string{"AwS:dept": "v"}, errCode: credentials.CodeInvalidPrincipalTag, names: `"AwS:dept"`},
		{name: "keys differing only in case", tags: map[string]string{"Dept": "sales", "dept": "ops"}, errCode: credentials.CodeInvalidPrincipalTag, names: `"Dept" and "dept"`},
		{name: "keys differing in a non-ASCII case", tags: map[string]string{"ÉQUIPE": "a", "équipe": "b"}, errCode: credentials.CodeInvalidPrincipalTag, names: `"ÉQUIPE" and "équipe"`},
		{name: "a value holding <", tags: map[string]string{"dept": "<script>"}, errCode: credentials.CodeInvalidPrincipalTag, names: `'<' (U+003C)`},
		{name: "a value holding NUL", tags: map[string]string{"dept": "o\x00ps"}, errCode: credentials.CodeInvalidPrincipalTag, names: `U+0000`},
		{name: "a value holding ESC", tags: map[string]string{"dept": "\x1b[31mops"}, errCode: credentials.CodeInvalidPrincipalTag, names: `'\x1b' (U+001B)`},
		{name: "a value holding an emoji", tags: map[string]string{"dept": "ops \U0001F600"}, errCode: credentials.CodeInvalidPrincipalTag, names: `U+1F600`},
		{name: "a value that is not UTF-8", tags: map[string]string{"dept": "op\xffs"}, errCode: credentials.CodeInvalidPrincipalTag, names: "not valid UTF-8"},
		{name: "a key holding ESC and a newline", tags: map[string]string{"de\x1bpt\n": "v"}, errCode: credentials.CodeInvalidPrincipalTag, names: `"de\x1bpt\n"`},
		{name: "a value of 257 characters", tags: map[string]string{"dept": strings.Repeat("é", 257)}, errCode: credentials.CodePrincipalTagTooLong, names: `"dept"`},
		{name: "letters, digits, white space and the allowed marks",
			tags: map[string]string{"dept": "Ops é 2 _.:/=+-@", "K": "\u00a0", "empty": "", strings.Repeat("k", 128): strings.Repeat("v", 256)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := credentials.Request{Request: rolemap.Request{Login: devLogin}, DeveloperUserID: "u", DeveloperPrincipalTags: tt.tags}
			got, err := c.Tags(req)
			if tt.errCode == "" {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.tags, got.Map()); diff != "" {
					t.Errorf("Tags (-want +got):\n%s", diff)
				}
				if err := credentials.CheckTags(tt.tags); err != nil {
					t.Errorf("CheckTags = %v", err)
				}
				return
			}
			var re *rolemap.Error
			if !errors.As(err, &re) || re.Code != tt.errCode {
				t.Fatalf("Tags = %v, %v; want %s", got, err, tt.errCode)
			}
			if !strings.Contains(re.Message, tt.names) {
				t.Errorf("message %q does not hold %q", re.Message, tt.names)
			}
			if strings.ContainsAny(re.Message, "\x00\x1b\n") || !utf8.ValidString(re.Message) {
				t.Errorf("message %q holds a raw control character or invalid byte", re.Message)
			}
		})
	}
}

// TestTagErrorsDeterministic checks that, of several tags breaking rules,
// the error names the one whose key sorts first, whatever order the map
// is read in.
func TestTagErrorsDeterministic(t *testing.T) {
	tags := map[string]string{"b<": "v", "a": "<", "c": strings.Repeat("v", 300), "Za": "1", "zA": "2", "ZA": "3", "d\x1b": ""}
	first := credentials.CheckTags(tags).Error()
	if !strings.Contains(first, `tag "Za"`) && !strings.Contains(first, `tag "a"`) {
		t.Logf("first error: %s", first)
	}
	for range 200 {
		if got := credentials.CheckTags(tags).Error(); got != first {
			t.Fatalf("CheckTags = %q, then %q", first, got)
		}
	}
	collide := map[string]string{"Za": "1", "zA": "2", "ZA": "3", "b": "4", "B": "5"}
	first = credentials.CheckTags(collide).Error()
	if !strings.Contains(first, `"B" and "b"`) {
		t.Errorf("CheckTags = %q; want the pair that sorts first", first)
	}
	for range 200 {
		if got := credentials.CheckTags(collide).Error(); got != first {
			t.Fatalf("CheckTags = %q, then %q", first, got)
		}
	}
}

// TestSAMLTag checks that a SAML attribute with one value gives that value
// as a tag, and one with several values is refused; a token claim holding
// a one-element array is still refused.
func TestSAMLTag(t *testing.T) {
	pool := rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth},
		OpenIDConnectProviderARNs: []string{oidc}, SAMLProviderARNs: []string{saml},
		PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{
			{IdentityProviderName: oidc, PrincipalTags: map[string]string{"dept": "dept"}},
			{IdentityProviderName: saml, PrincipalTags: map[string]string{"dept": "urn:dept", "level": "urn:level"}},
		}}
	c := checker(t, pool, nil)
	tests := []struct {
		name    string
		login   string
		claims  map[string]any
		want    map[string]string
		errCode string
	}{
		{name: "one value as decoded JSON", login: saml, claims: map[string]any{"urn:dept": []any{"ops"}, "urn:level": []any{json.Number("3")}},
			want: map[string]string{"dept": "ops", "level": "3"}},
		{name: "one value as a []string", login: saml, claims: map[string]any{"urn:dept": []string{"ops"}}, want: map[string]string{"dept": "ops"}},
		{name: "a plain string", login: saml, claims: map[string]any{"urn:dept": "ops"}, want: map[string]string{"dept": "ops"}},
		{name: "two values", login: saml, claims: map[string]any{"urn:dept": []any{"ops", "dev"}}, errCode: credentials.CodeUnsupportedPrincipalTagValue},
		{name: "no value", login: saml, claims: map[string]any{"urn:dept": []any{}}, errCode: credentials.CodeUnsupportedPrincipalTagValue},
		{name: "one value that breaks the rules", login: saml, claims: map[string]any{"urn:dept": []any{"ops\x1b"}}, errCode: credentials.CodeInvalidPrincipalTag},
		{name: "a token's one-element array", login: "login.example.com",
			claims: map[string]any{"iss": "https://login.example.com", "aud": "a", "dept": []any{"ops"}}, errCode: credentials.CodeUnsupportedPrincipalTagValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.Tags(credentials.Request{Request: rolemap.Request{Login: tt.login, Claims: tt.claims}})
			if tt.errCode != "" {
				var re *rolemap.Error
				if !errors.As(err, &re) || re.Code != tt.errCode {
					t.Fatalf("Tags = %v, %v; want %s", got, err, tt.errCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Map()); diff != "" {
				t.Errorf("Tags (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTagsAllocs checks that Tags allocates only the Tags it returns, once.
func TestTagsAllocs(t *testing.T) {
	pool := rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{"authenticated": auth},
		SupportedLoginProviders: map[string]string{"accounts.google.com": "client"},
		PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{
			{IdentityProviderName: "accounts.google.com", PrincipalTags: map[string]string{"dept": "hd", "team": "team"}},
			{IdentityProviderName: "graph.facebook.com", UseDefaults: yes()},
		}}
	c := checker(t, pool, nil)
	for _, req := range []credentials.Request{
		{Request: rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"hd": "ops", "team": "a"}}},
		{Request: rolemap.Request{Login: "graph.facebook.com", Claims: map[string]any{"aud": "app", "sub": "fb-1"}}},
		{Request: rolemap.Request{Login: devLogin}, DeveloperPrincipalTags: map[string]string{"dept": "ops", "Team": "a"}},
	} {
		got, err := c.Tags(req)
		if err != nil || len(got) != 2 {
			t.Fatalf("Tags(%s) = %v, %v", req.Login, got, err)
		}
		if !slices.IsSortedFunc(got, func(a, b credentials.Tag) int { return strings.Compare(a.Key, b.Key) }) {
			t.Errorf("Tags(%s) = %v, not in key order", req.Login, got)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := c.Tags(req); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 1 {
			t.Errorf("Tags(%s) allocates %v times; want at most 1 (the Tags it returns)", req.Login, allocs)
		}
	}
}

// TestCredentialsVectorsDeterministic runs every credentials case file (the
// conformance files and this repository's own) many times and requires one
// answer each time: no outcome may depend on the order a map is read in.
func TestCredentialsVectorsDeterministic(t *testing.T) {
	var files []string
	for _, glob := range []string{"../testdata/conformance/credentials-*.json", "../testdata/cases/credentials-*.json"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 4 {
		t.Fatalf("found %d credentials case files", len(files))
	}
	const runs = 200
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := casefile.ParseFile(data)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Load(filepath.Dir(path)); err != nil {
				t.Fatal(err)
			}
			compile := func() (*rolemap.Resolver, string) {
				res, err := rolemap.Compile(f.Pool, f.Options()...)
				if err != nil {
					return nil, err.Error()
				}
				return res, ""
			}
			res, first := compile()
			for range runs {
				if _, got := compile(); got != first {
					t.Fatalf("Compile:\n%s\nthen:\n%s", first, got)
				}
			}
			if res == nil {
				return
			}
			c, err := credentials.New(res, f.Roles, credentials.WithPolicyErrors(f.RoleErrors))
			if err != nil {
				t.Fatal(err)
			}
			for _, cs := range f.Cases {
				answer := func() string {
					got, err := c.Get(cs.CredentialsRequest())
					text, _ := json.Marshal(got)
					if err != nil {
						return string(text) + " " + err.Error()
					}
					return string(text)
				}
				first := answer()
				for range runs {
					if got := answer(); got != first {
						t.Fatalf("case %q: %s\nthen: %s", cs.Name, first, got)
					}
				}
			}
		})
	}
}

// tagPattern is STS's pattern for a session tag's key and value (the Tag
// type of the STS API reference), for FuzzCheckTags's plain reading.
var tagPattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// FuzzCheckTags checks CheckTags against a plain reading of STS's rules on
// three tags, and that its answer is the same however often it reads the
// map.
func FuzzCheckTags(f *testing.F) {
	f.Add("Dept", "sales", "dept", "ops", "ok", "")
	f.Add("aws:x", "v", "AWS:y", "v", "k", "<")
	f.Add("de\x1bpt\n", "v", "k", "o\x00ps", "e", "\x1b[31m")
	f.Add(strings.Repeat("k", 129), "v", "", "v", "emoji", "\U0001F600")
	f.Add("K", "a", "\u212a", "b", "x", "op\xffs")
	f.Add("team name", "Ops é 2 _.:/=+-@", "ÉQUIPE", "\u00a0", "n", "3")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string) {
		tags := map[string]string{k1: v1, k2: v2, k3: v3}
		ok := true
		for k, v := range tags {
			n := utf8.RuneCountInString(k)
			ok = ok && n >= 1 && n <= 128 && utf8.ValidString(k) && tagPattern.MatchString(k) &&
				!strings.HasPrefix(strings.ToLower(k[:min(len(k), 4)]), "aws:") &&
				utf8.RuneCountInString(v) <= 256 && utf8.ValidString(v) && tagPattern.MatchString(v)
			for l := range tags {
				ok = ok && (k == l || !strings.EqualFold(k, l))
			}
		}
		err := credentials.CheckTags(tags)
		if (err == nil) != ok {
			t.Fatalf("CheckTags(%q) = %v; the rules say ok = %v", tags, err, ok)
		}
		if err == nil {
			return
		}
		var re *rolemap.Error
		if !errors.As(err, &re) || (re.Code != credentials.CodeInvalidPrincipalTag && re.Code != credentials.CodePrincipalTagTooLong) {
			t.Fatalf("CheckTags(%q) = %v; want a tag code", tags, err)
		}
		if strings.ContainsAny(re.Message, "\x00\x1b\n") || !utf8.ValidString(re.Message) {
			t.Fatalf("message %q holds a raw control character", re.Message)
		}
		for range 20 {
			if again := credentials.CheckTags(tags); again.Error() != err.Error() {
				t.Fatalf("CheckTags(%q) = %v, then %v", tags, err, again)
			}
		}
	})
}
