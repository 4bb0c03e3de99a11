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
//   - Case files (testdata/cases/*.json, the format of SPEC §6), run by
//     rolemaptest.RunFile. They are plain JSON: reviewers who do not write Go
//     can read and add cases, and real token payloads paste in as they are.
//     Each file holds the pool, so a test checks that it is still
//     testdata/pool.json.
//   - A Go table test, calling rolemap.Compile and Resolver.Resolve itself.
//     It is more verbose per claim but can share helpers between cases, and
//     it can check more than the role: here the decision's Reason and
//     RuleIndex, and errors with errors.Is.
//
// # Adapting it
//
// The quickest start is testdata/yours: a case file there carries its own
// pool, and TestYourPools runs every one. Wrap the CLI's output in one,
//
//	aws cognito-identity get-identity-pool-roles --identity-pool-id ID |
//	  jq '{pool: ., cases: []}' > testdata/yours/mypool.json
//
// and add cases; starter.json shows their shape. To keep both styles,
// replace testdata/pool.json with your pool's document, then rewrite the
// cases: decode a real ID token's payload (for instance with
// claims.ParseUnverified, in a test, never on a request path) and paste it
// as a case's claims. When the pool changes in AWS, export it again: a case
// that fails says which sign-in would now get another role.
package main
