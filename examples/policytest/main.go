package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rolemapping/rolemapping/rolemap"
)

// poolJSON is the pool document the tests check.
//
// riskyJSON is a proposed change of the pool: hd Contains where it said
// Equals.
//
//go:embed testdata/review/after-risky.json
var riskyJSON []byte

//go:embed testdata/pool.json
var poolJSON []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "policytest:", err)
		os.Exit(1)
	}
}

// run compiles the pool document and prints the outcome of a few sign-ins,
// with the rule trace of the one that is refused.
func run(w io.Writer) error {
	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return err
	}
	resolver, err := rolemap.Compile(pool)
	if err != nil {
		return err
	}
	requests := []struct {
		name string
		req  rolemap.Request
	}{
		{"alice (user pool, admins)", rolemap.Request{Login: userPool,
			Claims: userPoolClaims("alice", []string{"admins"}, []string{roleAdmin}, roleAdmin)}},
		{"carol (user pool, contractors)", rolemap.Request{Login: userPool,
			Claims: userPoolClaims("carol", []string{"contractors"}, nil, "")}},
		{"bob (Google, acme.example)", rolemap.Request{Login: google,
			Claims: googleClaims("bob@acme.example", "acme.example")}},
		{"carol (Google, partners.acme.example)", rolemap.Request{Login: google,
			Claims: googleClaims("carol@partners.acme.example", "partners.acme.example"), Trace: true}},
	}
	for _, r := range requests {
		d, err := resolver.Resolve(r.req)
		if err != nil {
			fmt.Fprintf(w, "%s: refused: %v\n", r.name, err)
			if re := (*rolemap.Error)(nil); errors.As(err, &re) {
				for _, tr := range re.Trace {
					fmt.Fprintf(w, "\t%s\n", tr)
				}
			}
			continue
		}
		fmt.Fprintf(w, "%s: %s\n", r.name, d)
	}
	// A pull request proposes testdata/review/after-risky.json: who gets a
	// different role?
	risky, err := rolemap.ParsePool(riskyJSON)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nreview of testdata/review/after-risky.json:")
	_, err = review(w, pool, risky)
	return err
}

// The pool's logins and roles.
const (
	userPool       = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Xy7Zq9Lm2"
	userPoolClient = "4f1ghn2ccp9ob7sv3hi0emtqk8"
	google         = "accounts.google.com"
	googleClient   = "123456789012-0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p.apps.googleusercontent.com"

	roleAdmin     = "arn:aws:iam::111122223333:role/ToolsAdmin"
	roleDeveloper = "arn:aws:iam::111122223333:role/ToolsDeveloper"
	roleOperator  = "arn:aws:iam::111122223333:role/ToolsOperator"
	roleStaff     = "arn:aws:iam::111122223333:role/ToolsStaff"
)

// userPoolClaims returns the payload of an ID token of the pool's user pool:
// Cognito lists the IAM roles of the user's groups in cognito:roles, and
// the role of the group with the best precedence, if one is best, in
// cognito:preferred_role.
func userPoolClaims(username string, groups, roles []string, preferred string) map[string]any {
	c := map[string]any{
		"iss":              "https://" + userPool,
		"aud":              userPoolClient,
		"sub":              "9a8b7c6d-0000-4000-8000-" + username,
		"token_use":        "id",
		"cognito:username": username,
		"email":            username + "@acme.example",
		"iat":              1750000000,
		"exp":              1750003600,
	}
	if groups != nil {
		c["cognito:groups"] = groups
	}
	if roles != nil {
		c["cognito:roles"] = roles
	}
	if preferred != "" {
		c["cognito:preferred_role"] = preferred
	}
	return c
}

// googleClaims returns the payload of a Google ID token; hd, the Workspace
// domain, is absent for personal accounts.
func googleClaims(email, hd string) map[string]any {
	c := map[string]any{
		"iss":            "https://accounts.google.com",
		"aud":            googleClient,
		"sub":            "109876543210987654321",
		"email":          email,
		"email_verified": true,
		"iat":            1750000000,
		"exp":            1750003600,
	}
	if hd != "" {
		c["hd"] = hd
	}
	return c
}
