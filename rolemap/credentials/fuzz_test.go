package credentials_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// FuzzGet asks the CredentialsStack fixture's Checker for credentials
// with fuzzed logins, claims, identity IDs, amr values (long ones
// included: value repeated up to n bytes) and developer user IDs: Get
// never panics, answers alike with and without a trace and when asked
// twice, returns only the errors it documents and tags in key order, and
// Explain stays bounded.
func FuzzGet(f *testing.F) {
	s := loadStack(f)
	alice, _ := json.Marshal(s.tagged.Claims)
	up := s.tagged.Login
	f.Add(up, alice, "", "", "", uint32(0))
	f.Add(up, []byte(`{"aud":"StaffApp6C7849DB","sub":"bob","custom:dept":"ops","cognito:groups":["dev"]}`), "eu-west-1:0f0e0d0c-0b0a-0908-0706-050403020100", "", "", uint32(0))
	f.Add("accounts.google.com", []byte(`{"aud":"123456789012-abc.apps.googleusercontent.com","hd":"contractor.example","sub":"g"}`), "", "authenticated", "", uint32(1<<16))
	f.Add("", []byte(`{}`), "", "unauthenticated", "", uint32(3))
	f.Add("cognito-identity.amazonaws.com", []byte(`{}`), "", "", "dev-user", uint32(0))
	f.Add(up, []byte(`{"aud":"StaffApp6C7849DB","sub":"`+strings.Repeat("s", 300)+`","custom:dept":"a\u212A"}`), "", "a", "", uint32(60<<10))
	f.Fuzz(func(t *testing.T, login string, claimsJSON []byte, identityID, amr, devUser string, n uint32) {
		var claims map[string]any
		if json.Unmarshal(claimsJSON, &claims) != nil {
			return
		}
		req := credentials.Request{Request: rolemap.Request{Login: login, Claims: claims}, IdentityID: identityID, DeveloperUserID: devUser}
		if amr != "" {
			long := strings.Repeat(amr, int(n%(1<<17))/len(amr)+1)
			req.AMR = []string{"authenticated", long}
		}
		got, err := s.checker.Get(req)
		again, err2 := s.checker.Get(req)
		traced := req
		traced.Trace = true
		withTrace, err3 := s.checker.Get(traced)
		if errText(err) != errText(err2) || errText(err) != errText(err3) || got.Decision.RoleARN != again.Decision.RoleARN ||
			got.Decision.RoleARN != withTrace.Decision.RoleARN || got.Trust.Allowed != withTrace.Trust.Allowed || got.Trust.Reason != withTrace.Trust.Reason {
			t.Fatalf("Get answers differently: %v / %v / traced %v", err, err2, err3)
		}
		if !slices.IsSortedFunc(got.Tags, func(a, b credentials.Tag) int { return strings.Compare(a.Key, b.Key) }) ||
			len(got.Tags) > credentials.MaxTags || !cmp.Equal(got.Tags, withTrace.Tags) {
			t.Fatalf("Get's tags %v (traced %v): not in key order, too many, or different with a trace", got.Tags, withTrace.Tags)
		}
		var re *rolemap.Error
		var te *credentials.TrustError
		var pe *trust.Error
		if err != nil && !errors.As(err, &re) && !errors.As(err, &te) && !errors.As(err, &pe) {
			t.Fatalf("an undocumented error %T: %v", err, err)
		}
		if pe != nil && !errors.Is(err, trust.ErrWorkLimit) && !errors.Is(err, trust.ErrUnsupported) {
			t.Fatalf("a trust error of another code: %v", err)
		}
		input := len(login) + len(claimsJSON) + len(identityID) + len(devUser) + 1024
		text := credentials.Explain(withTrace, err3)
		if len(text) > 8*input+64<<10 {
			t.Fatalf("Explain is %d bytes for %d bytes of input", len(text), input)
		}
		for line := range strings.Lines(text) {
			if len(line) > 8<<10+2*len(login) {
				t.Fatalf("a line of %d bytes", len(line))
			}
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
