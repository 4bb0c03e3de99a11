// Propertytest shows how to property-test your own identity pool: state
// what must hold for every sign-in, and let rapid look for a token that
// breaks it.
//
// Run it with
//
//	go run ./examples/propertytest
//
// It loads testdata/pool.json, checks two security properties against 100
// generated requests each, and prints a short report. The tests run the
// same properties the way you would in your own repository:
//
//	go test ./examples/propertytest
//	RAPID_CHECKS=20000 go test ./examples/propertytest
//
// # The pool document
//
// testdata/pool.json is what the AWS CLI prints, merged:
//
//	aws cognito-identity describe-identity-pool --identity-pool-id ID > describe.json
//	aws cognito-identity get-identity-pool-roles --identity-pool-id ID > roles.json
//	jq -s add describe.json roles.json > testdata/pool.json
//
// The pool has one user pool with two app clients, web and mobile, each
// with a Rules mapping. The first rule of both sends contractors
// (custom:employment_type equal to contractor) to the ReadOnly role; on the
// web client the cognito:groups rules then grant Admin to the admins group
// and Developer to developers, and a verified email grants Staff; the
// mobile client falls back to the default authenticated role.
//
// # The properties
//
//   - No token without the group admins ever gets the Admin role.
//   - Contractors get the ReadOnly role or nothing.
//
// Each is a function of the request and its outcome, checked by rapid on
// requests that rolemaptest.Request generates for the pool: logins the pool
// knows and does not, tokens whose claims hit each rule's value, extend it
// or narrowly miss it (one character, the case, an accent), arrays mixing
// groups, wrong issuers and audiences, custom role ARNs. "Has the group"
// means what an Equals rule means to AWS: the claim is the exact string, or
// an array holding it.
//
// Both properties hold for this pool, and both are easy to break: put the
// admins rule before the contractor rule, and rapid soon finds a contractor
// in admins who gets Admin; compare groups with Contains instead of Equals,
// and it finds a group such as "sysadmins" that gets Admin. The report
// shows the second case, found among seeded requests.
//
// # Adapting it
//
// Replace testdata/pool.json with your pool's document and the properties
// with yours, and keep the checks in a test: rapid.Check(t, ...) per
// property, as TestPropertyHolds does. When a property fails, rapid shrinks
// the request to a small one and prints it with the decision's rule trace;
// it saves the failing case under testdata/rapid so that the next go test
// replays it (do not commit that directory). Outside go test, as in main,
// rapid needs the testing flags registered (testing.Init) and a
// rapid.TB to report to.
package main
