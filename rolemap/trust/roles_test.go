package trust_test

import (
	"errors"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/rolemap/trust"
)

const (
	roleA = "arn:aws:iam::111122223333:role/A"
	roleB = "arn:aws:iam::111122223333:role/B"
	// unsupportedTrust is a policy outside the grammar (a Date operator).
	unsupportedTrust = `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
		"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}}`
)

// TestParseRoles reads each shape of role document, and reports roles
// without an Arn or a policy at their paths.
func TestParseRoles(t *testing.T) {
	encoded := `"` + url.QueryEscape(cognitoTrust) + `"`
	tests := []struct {
		name             string
		doc              string
		policies, unread []string // ARNs
		err              []string // substrings of the error
	}{
		{name: "get-role", doc: `{"Role": {"RoleName": "A", "Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + cognitoTrust + `}}`,
			policies: []string{roleA}},
		{name: "list-roles, with a URL-encoded policy and one outside the grammar", doc: `{"Roles": [{"Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + encoded + `},
			{"Arn": "` + roleB + `", "AssumeRolePolicyDocument": ` + unsupportedTrust + `}], "IsTruncated": false}`,
			policies: []string{roleA}, unread: []string{roleB}},
		{name: "a list of Role objects", doc: `[{"Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + cognitoTrust + `}]`, policies: []string{roleA}},
		{name: "by ARN", doc: `{"` + roleA + `": {"AssumeRolePolicyDocument": ` + cognitoTrust + `}, "` + roleB + `": {"AssumeRolePolicyDocument": ` + unsupportedTrust + `}}`,
			policies: []string{roleA}, unread: []string{roleB}},
		{name: "a role listed twice", doc: `[{"Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + unsupportedTrust + `}, {"Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + cognitoTrust + `}]`,
			err: []string{`[1]: role "` + roleA + `" is listed again (first at [0])`}},
		{name: "get-role with a policy given twice", doc: `{"Role": {"Arn": "` + roleA + `",
"AssumeRolePolicyDocument": ` + unsupportedTrust + `,
"AssumeRolePolicyDocument": ` + cognitoTrust + `}}`,
			err: []string{"Role.AssumeRolePolicyDocument (line 4, column 1): duplicate member (the first is at line 2, column 1)"}},
		{name: "list-roles with Effect Deny then Allow", doc: `{"Roles": [{"Arn": "` + roleA + `", "AssumeRolePolicyDocument": {"Statement": {"Effect": "Deny", "Effect": "Allow",
			"Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"}}}}}]}`,
			err: []string{"Roles[0].AssumeRolePolicyDocument.Statement.Effect (line 1, column 117): duplicate member (the first is at line 1, column 99)"}},
		{name: "a list whose role has two Arns", doc: `[{"Arn": "` + roleB + `", "Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + cognitoTrust + `}]`,
			err: []string{"[0].Arn (line 1, column 46): duplicate member"}},
		{name: "by ARN, one ARN twice", doc: `{"` + roleA + `": {"AssumeRolePolicyDocument": ` + unsupportedTrust + `}, "` + roleA + `": {"AssumeRolePolicyDocument": ` + cognitoTrust + `}}`,
			err: []string{`["` + roleA + `"] (line 2, column`, "duplicate member (the first is at line 1, column 2)"}},
		{name: "empty", doc: `{}`},
		{name: "no Arn and no policy", doc: `{"Roles": [{"RoleName": "A"}, {"Arn": "` + roleB + `", "AssumeRolePolicyDocument": null}]}`,
			err: []string{"Roles[0]: no Arn", "Roles[1]: no AssumeRolePolicyDocument"}},
		{name: "no policy by ARN", doc: `{"` + roleA + `": {}}`, err: []string{`["` + roleA + `"]: no AssumeRolePolicyDocument`}},
		{name: "not a role document", doc: `"x"`, err: []string{"want aws iam get-role or list-roles output"}},
		{name: "null", doc: `null`, err: []string{"want aws iam get-role or list-roles output"}},
		{name: "a Role that is no object", doc: `{"Role": 3}`, err: []string{"Role: want an IAM Role object"}},
		{name: "a role by ARN that is no object", doc: `{"` + roleA + `": [1]}`, err: []string{`["` + roleA + `"]: want an object`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policies, unread, err := trust.ParseRoles([]byte(tt.doc))
			if tt.err != nil {
				if err == nil || policies != nil {
					t.Fatalf("ParseRoles = %v, %v; want an error", policies, err)
				}
				for _, want := range tt.err {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q lacks %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.policies, slices.Sorted(maps.Keys(policies)), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("policies (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unread, slices.Sorted(maps.Keys(unread)), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("unread (-want +got):\n%s", diff)
			}
			for arn, err := range unread {
				if !errors.Is(err, trust.ErrUnsupported) {
					t.Errorf("%s: %v is no UnsupportedTrustPolicy", arn, err)
				}
			}
			if policies == nil {
				t.Error("policies is nil; want a map, which turns the trust check on")
			}
		})
	}
}

// TestParseRolesProblemsBounded: a list of many roles without an Arn is
// reported with 100 problems and a count.
func TestParseRolesProblemsBounded(t *testing.T) {
	doc := "[" + strings.Repeat(`{"RoleName": "x"},`, 9999) + `{"RoleName": "x"}]`
	_, _, err := trust.ParseRoles([]byte(doc))
	if err == nil {
		t.Fatal("no error")
	}
	if n := strings.Count(err.Error(), ": no Arn"); n != 100 {
		t.Errorf("%d problems listed, want 100", n)
	}
	if !strings.Contains(err.Error(), "… and "+strconv.Itoa(9900)+" more") {
		t.Errorf("error does not count the rest: …%s", err.Error()[len(err.Error())-80:])
	}
}

func FuzzParseRoles(f *testing.F) {
	for _, data := range rolesSeeds(f) {
		f.Add(data)
	}
	f.Add([]byte(`{"Role": {"Arn": "` + roleA + `", "AssumeRolePolicyDocument": ` + cognitoTrust + `}}`))
	f.Add([]byte(`{"Roles": [{"Arn": "a", "AssumeRolePolicyDocument": "%7B%7D"}]}`))
	f.Add([]byte(`[{"Arn": "a"}, {}]`))
	f.Add([]byte(`{"a": {"AssumeRolePolicyDocument": {"Statement": []}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		policies, unread, err := trust.ParseRoles(data)
		if err != nil {
			if policies != nil || unread != nil {
				t.Fatalf("an error with results: %v, %v", policies, unread)
			}
			if len(err.Error()) > 64<<10 {
				t.Fatalf("an error of %d bytes", len(err.Error()))
			}
			if _, _, again := trust.ParseRoles(data); again == nil || again.Error() != err.Error() {
				t.Fatalf("ParseRoles said %v, then %v", err, again)
			}
			return
		}
		p2, u2, _ := trust.ParseRoles(data)
		if !slices.Equal(slices.Sorted(maps.Keys(policies)), slices.Sorted(maps.Keys(p2))) || !slices.Equal(slices.Sorted(maps.Keys(unread)), slices.Sorted(maps.Keys(u2))) {
			t.Fatalf("ParseRoles read other roles the second time")
		}
		for arn := range policies {
			if _, both := unread[arn]; both || policies[arn] == nil {
				t.Fatalf("role %q is both read and unread, or nil", arn)
			}
		}
		for arn, err := range unread {
			if !errors.Is(err, trust.ErrUnsupported) {
				t.Fatalf("%s: %v is no UnsupportedTrustPolicy", arn, err)
			}
		}
	})
}

// TestRolesSeedsReach: FuzzParseRoles's seeds from the fixtures reach the
// trust policies, most of them read and not refused, so that the fuzzer
// starts from documents that get past the shapes.
func TestRolesSeedsReach(t *testing.T) {
	seeds := rolesSeeds(t)
	var read, policies int
	for _, data := range seeds {
		p, _, err := trust.ParseRoles(data)
		if err == nil && len(p) > 0 {
			read++
			policies += len(p)
		}
	}
	t.Logf("%d seeds, %d read, %d trust policies", len(seeds), read, policies)
	if len(seeds) < 10 || read < len(seeds)*2/3 || policies < 10 {
		t.Errorf("%d seeds, %d read with %d trust policies; want at least 10 seeds, two thirds read and 10 policies", len(seeds), read, policies)
	}
}

// TestParseRolesEncodedDuplicate: a policy given as a URL-encoded string
// (the IAM API's shape) that holds a member twice is refused naming both
// places in the decoded policy; before, only the second was named.
func TestParseRolesEncodedDuplicate(t *testing.T) {
	policy := `{"Statement": {"Effect": "Deny", "Effect": "Allow", "Principal": "*", "Action": "*"}}`
	doc := `{"Role": {"Arn": "` + roleA + `", "AssumeRolePolicyDocument": "` + url.QueryEscape(policy) + `"}}`
	policies, unread, err := trust.ParseRoles([]byte(doc))
	if err != nil || len(policies) != 0 {
		t.Fatalf("ParseRoles = %v, %v; want the role unread", policies, err)
	}
	const want = "Statement.Effect: (line 1, column 34): duplicate member (the first is at line 1, column 16)"
	if got := unread[roleA]; !errors.Is(got, trust.ErrUnsupported) || !strings.Contains(got.Error(), want) {
		t.Errorf("the role's error is %v; want it to say %q", got, want)
	}
}
