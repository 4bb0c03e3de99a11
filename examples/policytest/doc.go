// Policytest shows how a team tests its own identity pool's role mappings
// offline, before it changes anything in AWS.
//
// Run it with
//
//	go run ./examples/policytest
//
// It loads testdata/pool.json, compiles it, and prints the role a few
// sign-ins would get, or why they are refused. The tests are the point:
//
//	go test ./examples/policytest
//
// # The pool document
//
// testdata/pool.json is what the AWS CLI prints, merged:
//
//	aws cognito-identity describe-identity-pool --identity-pool-id ID > describe.json
//	aws cognito-identity get-identity-pool-roles --identity-pool-id ID > roles.json
//	jq -s add describe.json roles.json > testdata/pool.json
//
// The pool signs users in two ways. Its user pool app client has a Token
// mapping: the role comes from the user's Cognito groups, through the ID
// token's cognito:roles and cognito:preferred_role claims. Google has a
// Rules mapping on the email and hd (Workspace domain) claims. Both deny
// what they cannot decide.
//
// # Two ways to write the checks
//
// policy_test.go writes the same checks twice, side by side; pick one, or
// keep both:
//
//   - Case files (testdata/cases/*.json, the format of rolemap/REFERENCE.md §6), run by
//     rolemaptest.RunDir. They are plain JSON: reviewers who do not write Go
//     can read and add cases, and real token payloads paste in as they are.
//     They are read strictly: a misspelt member ("clams") is an error with
//     its line and the name it nearly spells, never a case that silently
//     passes. Each file holds the pool, so a test checks that it is still
//     testdata/pool.json.
//   - A Go table test, calling rolemap.Compile and Resolver.Resolve itself.
//     It is more verbose per claim but can share helpers between cases, and
//     it can check more than the role: here the decision's Reason and
//     RuleIndex, and errors with errors.Is.
//
// # Adapting it
//
// In your own repository, keep case files under one folder and run them
// with one test function (the README's "Test your own pool" section has the
// commands):
//
//	func TestPools(t *testing.T) { rolemaptest.RunDir(t, "testdata/pools") }
//
// Build each file's pool from both CLI commands, merged: describe-identity-pool
// lists the providers and AllowUnauthenticatedIdentities, without which the
// provider checks are skipped and guests read as refused
// (testdata/cli holds a sample of both outputs, and TestREADMERecipe shows
// the difference):
//
//	aws cognito-identity describe-identity-pool --identity-pool-id ID > describe.json
//	aws cognito-identity get-identity-pool-roles --identity-pool-id ID > roles.json
//	jq -s '{pool: add, cases: []}' describe.json roles.json > testdata/pools/mypool.json
//
// testdata/yours/starter.json shows the shape of cases. Decode a real ID
// token's payload (for instance with claims.ParseUnverified, in a test,
// never on a request path) and paste it as a case's claims. When the pool
// changes in AWS, export it again: a case that fails says which sign-in
// would now get another role.
package main
