package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
	"github.com/rolemapping/rolemapping/validate"
)

// The same checks, written two ways. Style one: case files, JSON a reviewer
// can read, run by rolemaptest.RunFile. Style two, further down: a Go table
// test over rolemap.Compile and Resolve.

// TestCaseFiles runs every case file in testdata/cases (rolemap/REFERENCE.md §6 format)
// with rolemaptest.RunDir. Adding a case is adding a JSON object; adding a
// file needs no Go at all.
func TestCaseFiles(t *testing.T) { rolemaptest.RunDir(t, filepath.Join("testdata", "cases")) }

// TestYourPools runs every case file in testdata/yours: a place to try your
// own pool's case files, each carrying its pool and its cases (the starter
// file shows the shape). In your own repository, the same one line runs
// your folder of case files; the README shows how to make them from the CLI.
func TestYourPools(t *testing.T) { rolemaptest.RunDir(t, filepath.Join("testdata", "yours")) }

// TestREADMERecipe follows the README's recipe on the output of the two AWS
// CLI commands (testdata/cli): merged with jq -s add, the pool decides
// guests and tokens of another app client as AWS does. get-identity-pool-roles
// alone gets both wrong, and lint says so.
func TestREADMERecipe(t *testing.T) {
	read := func(name string) map[string]json.RawMessage {
		data, err := os.ReadFile(filepath.Join("testdata", "cli", name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	// jq -s add: the objects' members, the later object's winning.
	merged := read("describe.json")
	for k, v := range read("roles.json") {
		merged[k] = v
	}
	cases, err := os.ReadFile(filepath.Join("testdata", "cli", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	file := func(pool map[string]json.RawMessage) *rolemaptest.File {
		data, err := json.Marshal(map[string]any{"pool": pool, "cases": json.RawMessage(cases)})
		if err != nil {
			t.Fatal(err)
		}
		f, err := rolemaptest.ParseFile(data)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Run("merged", func(t *testing.T) { rolemaptest.Run(t, file(merged)) })

	// get-identity-pool-roles alone: the guest is refused and the other
	// app client's token gets the default role, and lint explains why.
	alone := file(read("roles.json"))
	res, err := rolemap.Compile(alone.Pool)
	if err != nil {
		t.Fatal(err)
	}
	wrong := map[string]string{}
	for _, c := range alone.Cases {
		d, err := res.Resolve(c.Request())
		if err != nil {
			wrong[c.Name] = err.(*rolemap.Error).Code
		} else {
			wrong[c.Name] = d.RoleARN
		}
	}
	want := map[string]string{
		"a guest gets the guest role":                "NotAuthorizedException",
		"a supervisor gets the supervisor role":      "arn:aws:iam::111122223333:role/FieldAppSupervisor",
		"a token from another app client is refused": "arn:aws:iam::111122223333:role/FieldAppUser",
	}
	if diff := cmp.Diff(want, wrong); diff != "" {
		t.Errorf("get-identity-pool-roles alone (-want +got):\n%s", diff)
	}
	var codes []string
	for _, f := range validate.Lint(alone.Pool) {
		codes = append(codes, f.Code)
	}
	for _, code := range []string{validate.CodeProvidersUnknown, validate.CodeUnauthenticatedRoleUnused} {
		if !slices.Contains(codes, code) {
			t.Errorf("Lint of get-identity-pool-roles alone: %v; want %s", codes, code)
		}
	}
}

// TestCaseFilesTestThePool checks that each case file embeds the pool
// document of testdata/pool.json, so the cases test the pool that ships and
// not a stale copy.
func TestCaseFilesTestThePool(t *testing.T) {
	want := loadPool(t)
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := rolemaptest.ParseFile(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if diff := cmp.Diff(want, f.Pool); diff != "" {
			t.Errorf("%s: the pool differs from testdata/pool.json (-want +got):\n%s", path, diff)
		}
	}
}

// TestPolicy is style two: the checks of the case files as a Go table test.
// Helpers build the claims, and each case can check more than the role: why
// it was chosen, and which rule matched.
func TestPolicy(t *testing.T) {
	resolver, err := rolemap.Compile(loadPool(t))
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	const (
		userPoolKey = userPool + ":" + userPoolClient
		deniedUP    = "The ambiguous role mapping rules for: " + userPoolKey + " denied this request."
		deniedG     = "The ambiguous role mapping rules for: accounts.google.com denied this request."
	)
	notAuthorized := func(msg string) error {
		return &rolemap.Error{Code: "NotAuthorizedException", Message: msg}
	}
	otherClient := userPoolClaims("alice", []string{"admins"}, []string{roleAdmin}, roleAdmin)
	otherClient["aud"] = "1example23456789abcdefghij"
	otherPool := userPoolClaims("alice", []string{"admins"}, []string{roleAdmin}, roleAdmin)
	otherPool["iss"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0000"

	tests := []struct {
		name    string
		login   string
		claims  map[string]any
		want    rolemap.Decision // compared without Match.Rule
		wantErr error            // matched with errors.Is: Code and Message
	}{
		// User pool sign-in: the Token mapping.
		{
			name:   "admins group gets Admin",
			login:  userPool,
			claims: userPoolClaims("alice", []string{"admins"}, []string{roleAdmin}, roleAdmin),
			want:   rolemap.Decision{RoleARN: roleAdmin, Reason: rolemap.ReasonPreferredRole, MappingKey: userPoolKey},
		},
		{
			name:   "developers group gets Developer",
			login:  userPool,
			claims: userPoolClaims("bob", []string{"developers"}, []string{roleDeveloper}, roleDeveloper),
			want:   rolemap.Decision{RoleARN: roleDeveloper, Reason: rolemap.ReasonPreferredRole, MappingKey: userPoolKey},
		},
		{
			name:   "admin and developer: group precedence picks Admin",
			login:  userPool,
			claims: userPoolClaims("erin", []string{"admins", "developers"}, []string{roleAdmin, roleDeveloper}, roleAdmin),
			want:   rolemap.Decision{RoleARN: roleAdmin, Reason: rolemap.ReasonPreferredRole, MappingKey: userPoolKey},
		},
		{
			name:   "a single role needs no preferred role",
			login:  userPool,
			claims: userPoolClaims("frank", []string{"developers"}, []string{roleDeveloper}, ""),
			want:   rolemap.Decision{RoleARN: roleDeveloper, Reason: rolemap.ReasonSingleRole, MappingKey: userPoolKey},
		},
		{
			name:    "contractor is denied",
			login:   userPool,
			claims:  userPoolClaims("carol", []string{"contractors"}, nil, ""),
			wantErr: notAuthorized(deniedUP),
		},
		{
			name:    "two roles of equal precedence are denied",
			login:   userPool,
			claims:  userPoolClaims("gina", []string{"admins", "developers"}, []string{roleAdmin, roleDeveloper}, ""),
			wantErr: notAuthorized(deniedUP),
		},
		{
			name:    "another app client is not a supported provider",
			login:   userPool,
			claims:  otherClient,
			wantErr: notAuthorized("Token is not from a supported provider of this identity pool."),
		},
		{
			name:    "a token from another user pool is refused",
			login:   userPool,
			claims:  otherPool,
			wantErr: notAuthorized("Invalid login token. Issuer doesn't match providerName"),
		},
		{
			name:    "guests are refused",
			wantErr: notAuthorized("Unauthenticated access is not supported for this identity pool."),
		},

		// Google sign-in: the Rules mapping.
		{
			name:   "staff in the acme.example workspace",
			login:  google,
			claims: googleClaims("bob@acme.example", "acme.example"),
			want:   rolemap.Decision{RoleARN: roleStaff, Reason: rolemap.ReasonRuleMatch, MappingKey: google, Match: &rolemap.RuleMatch{Index: 1}},
		},
		{
			name:   "the on-call account gets Operator",
			login:  google,
			claims: googleClaims("oncall@acme.example", "acme.example"),
			want:   rolemap.Decision{RoleARN: roleOperator, Reason: rolemap.ReasonRuleMatch, MappingKey: google, Match: &rolemap.RuleMatch{Index: 0}},
		},
		{
			name:    "contractor is denied by Google rules",
			login:   google,
			claims:  googleClaims("carol@partners.acme.example", "partners.acme.example"),
			wantErr: notAuthorized(deniedG),
		},
		{
			name:    "a personal Gmail account is denied",
			login:   google,
			claims:  googleClaims("someone@gmail.com", ""),
			wantErr: notAuthorized(deniedG),
		},
		{
			name:    "hd is compared case-sensitively",
			login:   google,
			claims:  googleClaims("dan@acme.example", "ACME.example"),
			wantErr: notAuthorized(deniedG),
		},
		{
			name:    "Facebook is not a provider of this pool",
			login:   "graph.facebook.com",
			claims:  map[string]any{"id": "10158000000000001"},
			wantErr: notAuthorized("Token is not from a supported provider of this identity pool."),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := resolver.Resolve(rolemap.Request{Login: tt.login, Claims: tt.claims})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Resolve: got %v, %v; want error %v", d, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if diff := cmp.Diff(tt.want, d, cmpopts.IgnoreFields(rolemap.RuleMatch{}, "Rule")); diff != "" {
				t.Errorf("decision (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRun runs what `go run ./examples/policytest` prints.
func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatalf("run: %v", err)
	}
	want := `alice (user pool, admins): arn:aws:iam::111122223333:role/ToolsAdmin (preferred role: RoleMappings["cognito-idp.us-east-1.amazonaws.com/us-east-1_Xy7Zq9Lm2:4f1ghn2ccp9ob7sv3hi0emtqk8"])
carol (user pool, contractors): refused: NotAuthorizedException: The ambiguous role mapping rules for: cognito-idp.us-east-1.amazonaws.com/us-east-1_Xy7Zq9Lm2:4f1ghn2ccp9ob7sv3hi0emtqk8 denied this request.
bob (Google, acme.example): arn:aws:iam::111122223333:role/ToolsStaff (rule match: RoleMappings["accounts.google.com"] rule 1, hd Equals "acme.example" -> arn:aws:iam::111122223333:role/ToolsStaff)
carol (Google, partners.acme.example): refused: NotAuthorizedException: The ambiguous role mapping rules for: accounts.google.com denied this request.
	rule 0: email Equals "oncall@acme.example" -> arn:aws:iam::111122223333:role/ToolsOperator: mismatch ["carol@partners.acme.example"]
	rule 1: hd Equals "acme.example" -> arn:aws:iam::111122223333:role/ToolsStaff: mismatch ["partners.acme.example"]

review of testdata/review/after-risky.json:
- logins of "accounts.google.com" (RoleMappings["accounts.google.com"]): NotAuthorizedException becomes arn:aws:iam::111122223333:role/ToolsStaff by rule 1
  for example login "accounts.google.com", claims map[hd:yacme.example]
`
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("run output (-want +got):\n%s", diff)
	}
}

func loadPool(t *testing.T) rolemap.Pool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pool.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := rolemap.ParsePool(data)
	if err != nil {
		t.Fatalf("ParsePool: %v", err)
	}
	return p
}

// The review workflow: a pull request changes the pool; Diff says who gets
// a different role, and a policy check fails the change when it grants a
// role to sign-ins the pool refused.
func TestReviewSafeChange(t *testing.T) {
	after := readPool(t, "testdata/review/after-safe.json")
	var out strings.Builder
	changes, err := review(&out, loadPool(t), after)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("review:\n%s", out.String())
	if len(changes) == 0 {
		t.Fatal("renaming the Staff role changes no decision?")
	}
	if grants := newGrants(changes); len(grants) > 0 {
		t.Errorf("the change grants roles to sign-ins that were refused: %+v", grants)
	}
}

func TestReviewFlagsRiskyChange(t *testing.T) {
	after := readPool(t, "testdata/review/after-risky.json")
	var out strings.Builder
	changes, err := review(&out, loadPool(t), after)
	if err != nil {
		t.Fatal(err)
	}
	grants := newGrants(changes)
	if len(grants) == 0 {
		t.Fatalf("Contains \"acme.example\" where Equals was should grant ToolsStaff to other domains; review:\n%s", out.String())
	}
	hd, _ := grants[0].Witness.Claims["hd"].(string)
	if grants[0].New.Role != roleStaff || hd == "acme.example" || !strings.Contains(hd, "acme.example") {
		t.Errorf("first new grant %+v; want ToolsStaff for a domain that merely contains acme.example", grants[0])
	}
}

func readPool(t *testing.T, path string) rolemap.Pool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := rolemap.ParsePool(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
