package rolemap_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
)

// TestTagMapKeysSessionRules checks a tag map's keys against STS's rules
// for session tags: keys that differ only in case are one error at the
// map's PrincipalTags, naming them; a key holding control characters is an
// error at the key, and every message quotes the keys escaped. The report
// is the same every time.
func TestTagMapKeysSessionRules(t *testing.T) {
	pool := rolemap.Pool{IdentityPoolID: "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100", Roles: map[string]string{},
		PrincipalTagAttributeMaps: []rolemap.PrincipalTagMap{{IdentityProviderName: "accounts.google.com",
			PrincipalTags: map[string]string{"Dept": "hd", "dept": "email", "de\x1bpt\n": "x", "Team": "a", "team": "b", "équipe": "c", "ÉQUIPE": "d", "ok": "e", "x<y": "f"}}}}
	_, err := rolemap.Compile(pool)
	var ve *rolemap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Compile() = %v; want a *rolemap.ValidationError", err)
	}
	var got []string
	for _, fe := range ve.Errors {
		got = append(got, fe.Error())
		if strings.ContainsAny(fe.Error(), "\x1b\n") {
			t.Errorf("%q holds a raw control character", fe.Error())
		}
	}
	want := []string{
		`PrincipalTagAttributeMaps[0].PrincipalTags: tag keys "Dept" and "dept" differ only in case (and 2 more such pairs); STS compares tag keys without regard to case and refuses a session with both, so keep one`,
		`PrincipalTagAttributeMaps[0].PrincipalTags["de\x1bpt\n"]: tag key: the key holds '\x1b' (U+001B) at offset 2; STS accepts only letters, digits, white space and _ . : / = + - @ in a session tag`,
		`PrincipalTagAttributeMaps[0].PrincipalTags["x<y"]: tag key: the key holds '<' (U+003C) at offset 1; STS accepts only letters, digits, white space and _ . : / = + - @ in a session tag`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for range 200 {
		if _, again := rolemap.Compile(pool); again.Error() != err.Error() {
			t.Fatalf("Compile() = %v, then %v", err, again)
		}
	}
}
