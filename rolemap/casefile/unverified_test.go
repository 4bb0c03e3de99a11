package casefile_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// unverifiedFile is a case file whose roles give the trust policy of Staff
// but not of Editors, which the pool also chooses (a group role defined in
// another stack, say).
func unverifiedFile(requireTrust string, cases string) string {
	return `{
  ` + requireTrust + `
  "pool": {
    "IdentityPoolId": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100",
    "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Auth"},
    "RoleMappings": {"accounts.google.com": {"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
      "RulesConfiguration": {"Rules": [
        {"Claim": "team", "MatchType": "Equals", "Value": "staff", "RoleARN": "arn:aws:iam::111122223333:role/Staff"},
        {"Claim": "team", "MatchType": "Equals", "Value": "editors", "RoleARN": "arn:aws:iam::111122223333:role/Editors"}
      ]}}}
  },
  "roles": {"arn:aws:iam::111122223333:role/Staff": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"}}}]}}},
  "cases": [` + cases + `]
}`
}

const (
	staffCase   = `{"name": "staff", "login": "accounts.google.com", "claims": {"team": "staff"}, "want": {"role": "arn:aws:iam::111122223333:role/Staff"}}`
	editorCase  = `{"name": "editor", "login": "accounts.google.com", "claims": {"team": "editors"}, "want": {"role": "arn:aws:iam::111122223333:role/Editors"}}`
	editorCase2 = `{"name": "editor again", "login": "accounts.google.com", "claims": {"team": "editors", "x": "y"}, "want": {"role": "arn:aws:iam::111122223333:role/Editors", "tags": {}}}`
	pinnedCase  = `{"name": "pinned", "login": "accounts.google.com", "claims": {"team": "editors"}, "want": {"error": "rolemapping.UnknownRole"}}`
)

func check(t *testing.T, data string, opts ...casefile.Option) casefile.Report {
	t.Helper()
	f, err := casefile.ParseFile([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return casefile.Check(f, "editors.json", opts...)
}

// TestUnverifiedTrustPasses: a chosen role whose trust policy is not
// given satisfies want.role (and want.tags), is marked unverified and
// counted in the summary; want.error rolemapping.UnknownRole still pins
// the outcome.
func TestUnverifiedTrustPasses(t *testing.T) {
	r := check(t, unverifiedFile("", strings.Join([]string{staffCase, editorCase, editorCase2, pinnedCase}, ",")))
	type res struct{ Name, Failure, Unverified string }
	var got []res
	for _, x := range r.Results {
		got = append(got, res{x.Name, x.Failure, x.Unverified})
	}
	editors := "arn:aws:iam::111122223333:role/Editors"
	want := []res{{"staff", "", ""}, {"editor", "", editors}, {"editor again", "", editors}, {"pinned", "", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("results (-want +got):\n%s", diff)
	}
	if r.Failed() {
		t.Errorf("the report failed: %+v", r)
	}

	var text bytes.Buffer
	if err := casefile.WriteText(&text, []casefile.Report{r}, true); err != nil {
		t.Fatal(err)
	}
	wantText := `--- PASS: editors.json/staff
--- PASS: editors.json/editor (trust unverified: arn:aws:iam::111122223333:role/Editors has no trust policy; give it under "roles")
--- PASS: editors.json/editor again (trust unverified: arn:aws:iam::111122223333:role/Editors has no trust policy; give it under "roles")
--- PASS: editors.json/pinned
ok  	editors.json	4 checks (2 unverified: arn:aws:iam::111122223333:role/Editors has no trust policy; give it under "roles")
`
	if diff := cmp.Diff(wantText, text.String()); diff != "" {
		t.Errorf("WriteText (-want +got):\n%s", diff)
	}

	var js bytes.Buffer
	if err := casefile.WriteJSON(&js, []casefile.Report{r}); err != nil {
		t.Fatal(err)
	}
	var doc casefile.JSONReport
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Unverified != 2 || !cmp.Equal(doc.Files[0].Unverified, []string{editors}) || doc.Files[0].Results[1].Unverified != editors || !doc.Pass {
		t.Errorf("WriteJSON:\n%s\nwant 2 unverified cases of %s, passing", js.String(), editors)
	}

	var junit bytes.Buffer
	if err := casefile.WriteJUnit(&junit, []casefile.Report{r}); err != nil {
		t.Fatal(err)
	}
	wantXML := `<testcase name="editor" classname="editors.json">
      <system-out>trust unverified: arn:aws:iam::111122223333:role/Editors has no trust policy; give it under &#34;roles&#34;</system-out>
    </testcase>`
	if !strings.Contains(junit.String(), wantXML) || strings.Contains(junit.String(), "<failure") {
		t.Errorf("WriteJUnit:\n%s\nwant it to hold, and no failure:\n%s", junit.String(), wantXML)
	}
}

// TestUnverifiedTrustRequired: with "requireTrust": true, or the
// RequireTrust option, an unverified case fails and says how to give the
// policy; a case pinning rolemapping.UnknownRole still passes.
func TestUnverifiedTrustRequired(t *testing.T) {
	cases := strings.Join([]string{staffCase, editorCase, pinnedCase}, ",")
	for name, r := range map[string]casefile.Report{
		"member": check(t, unverifiedFile(`"requireTrust": true,`, cases)),
		"option": check(t, unverifiedFile("", cases), casefile.RequireTrust()),
	} {
		t.Run(name, func(t *testing.T) {
			var failed []string
			for _, res := range r.Results {
				if res.Failure != "" {
					failed = append(failed, res.Name)
					if want := `the trust of "arn:aws:iam::111122223333:role/Editors" is unverified and requireTrust is set: arn:aws:iam::111122223333:role/Editors has no trust policy; give it under "roles"`; !strings.Contains(res.Failure, want) {
						t.Errorf("failure:\n%s\nwant it to say %q", res.Failure, want)
					}
				}
			}
			if diff := cmp.Diff([]string{"editor"}, failed); diff != "" {
				t.Errorf("failed cases (-want +got):\n%s", diff)
			}
			var text bytes.Buffer
			casefile.WriteText(&text, []casefile.Report{r}, false)
			if want := "FAIL\teditors.json\t1 of 3 checks failed (1 unverified: arn:aws:iam::111122223333:role/Editors has no trust policy; give it under \"roles\")\n"; !strings.HasSuffix(text.String(), want) {
				t.Errorf("WriteText:\n%s\nwant it to end %q", text.String(), want)
			}
		})
	}
}
