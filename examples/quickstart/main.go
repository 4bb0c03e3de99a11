// Command quickstart loads a pool document shaped like the AWS CLI's output
// and resolves a few realistic requests, printing each decision with its
// explanation.
//
//	go run ./examples/quickstart
//
// pool.json is `aws cognito-identity describe-identity-pool` merged with
// `aws cognito-identity get-identity-pool-roles` (jq -s add d.json r.json).
package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rolemapping/rolemapping/rolemap"
)

//go:embed pool.json
var poolJSON []byte

const (
	userPool = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
	client   = "7h778muira8dkr69dt35jhbjo8"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// request is a named request to resolve.
type request struct {
	name string
	req  rolemap.Request
}

func requests() []request {
	idToken := func(extra map[string]any) map[string]any {
		c := map[string]any{
			"iss": "https://" + userPool, "aud": client, "token_use": "id",
			"sub": "5b3f4c1e-0000-4000-8000-000000000001",
		}
		for k, v := range extra {
			c[k] = v
		}
		return c
	}
	return []request{
		{"user pool admin, groups through a Token mapping", rolemap.Request{Login: userPool, Claims: idToken(map[string]any{
			"cognito:groups":         []any{"admins", "staff"},
			"cognito:roles":          []any{"arn:aws:iam::111122223333:role/Storefront-Admin", "arn:aws:iam::111122223333:role/Storefront-Staff"},
			"cognito:preferred_role": "arn:aws:iam::111122223333:role/Storefront-Admin",
		})}},
		{"user pool member of two groups, choosing a role", rolemap.Request{Login: userPool, Claims: idToken(map[string]any{
			"cognito:roles": []any{"arn:aws:iam::111122223333:role/Storefront-Admin", "arn:aws:iam::111122223333:role/Storefront-Staff"},
		}), CustomRoleARN: "arn:aws:iam::111122223333:role/Storefront-Staff"}},
		{"user pool user in no group", rolemap.Request{Login: userPool, Claims: idToken(nil)}},
		{"Google Workspace staff, through Rules", rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{
			"iss": "https://accounts.google.com", "sub": "1234", "hd": "example.com", "email_verified": true,
		}, Trace: true}},
		{"Google consumer account", rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{
			"sub": "5678", "email": "sam@gmail.com", "email_verified": true,
		}}},
		{"guest", rolemap.Request{}},
		{"unverified Google account is denied", rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{
			"sub": "9999", "email": "mallory@gmail.com", "email_verified": false,
		}, Trace: true}},
		{"Facebook is not a provider of this pool", rolemap.Request{Login: "graph.facebook.com", Claims: map[string]any{"sub": "1"}}},
	}
}

func run(w io.Writer) error {
	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return err
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		return err
	}
	for _, r := range requests() {
		fmt.Fprintf(w, "%s\n", r.name)
		d, err := res.Resolve(r.req)
		var awsErr *rolemap.Error
		switch {
		case err == nil:
			fmt.Fprintf(w, "  role: %s\n  why:  %s\n", d.RoleARN, d.Reason)
			if d.MappingKey != "" {
				fmt.Fprintf(w, "  mapping: %s\n", d.MappingKey)
			}
			for _, t := range d.Trace {
				fmt.Fprintf(w, "    %s\n", t)
			}
		case errors.As(err, &awsErr):
			fmt.Fprintf(w, "  error: %s\n  message: %s\n  why:   %s\n", awsErr.Code, awsErr.Message, awsErr.Detail)
			for _, t := range awsErr.Trace {
				fmt.Fprintf(w, "    %s\n", t)
			}
		default:
			return err
		}
	}
	return nil
}
