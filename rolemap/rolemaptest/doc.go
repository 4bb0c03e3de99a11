// Package rolemaptest helps test role-mapping configurations and the code
// built on package rolemap, the way net/http/httptest helps test HTTP code.
// It is meant for tests: it imports testing and pgregory.net/rapid.
//
// It offers two tools: case files, which pin the decisions a pool must make
// for requests written by hand, and rapid generators, which let a property
// test state what must hold for every request and check it on thousands of
// generated ones.
//
// # Case files
//
// A case file (SPEC §6) is one JSON document: a pool, optionally the paths
// validation must reject ("invalid"), the rules the linter must find
// unreachable ("unreachable") or every lint finding ("findings", as
// "CODE PATH" strings), and cases, each a request and the role or error it
// must get. [RunDir] runs every case file under a folder, [RunFile] one;
// [ParseFile] and [Run] do the same in two steps. A team keeps its case
// files in its own repository and needs one test function:
//
//	func TestPools(t *testing.T) { rolemaptest.RunDir(t, "testdata/pools") }
//
// A test that passes whatever its expectations say is worse than none, so
// case files are read strictly:
//
//   - a member the format does not know, anywhere outside claims, is an
//     error naming its path, line and column and the nearest known name
//     (cases[3].clams (line 41, column 7): unknown member; did you mean
//     "claims"?); so is, in the pool, a near miss of an AWS member name
//     (RoleMapings, type, Rule) and a mapping's CloudFormation
//     IdentityProvider member, though AWS and [rolemap.ParsePool] ignore
//     unknown members;
//   - a syntax error names its line and column, and data after the
//     top-level object is an error;
//   - every problem of a file is reported at once, and every failure names
//     the file and the case.
//
// Each case is resolved twice, with and without a trace, and the two
// decisions must agree: the untraced path is the one services run. A
// failing case prints the request, what was wanted and what was got, and
// the decision's explanation with its rule trace ([rolemap.Explain]).
//
// # Credentials
//
// A case file can also answer whether a user gets credentials (SPEC §6
// additions, §9–§11). Its "userPools" member holds user pools' groups and
// users by user pool ID ({"Groups": the output of aws cognito-idp
// list-groups, "Users": {name: [group…]}}), and its "roles" member the
// roles' trust policies, by ARN ({ARN: {"AssumeRolePolicyDocument": …}})
// or as a list of IAM Role objects; a template or plan named by "source"
// gives both from its resources, and the file's own entries win. A case
// may then name a "user" or "groups" instead of writing cognito:groups,
// cognito:roles and cognito:preferred_role, and want "tags" (the exact
// principal tags; with a refusal, those STS was asked for) or a trust
// refusal (error
// InvalidIdentityPoolConfigurationException with its "reason", such as
// trust-tag-session); want "claims" pins the claims the groups gave. When
// "roles" is given every case runs the trust check, and a chosen role
// with no policy fails the case as rolemapping.UnknownRole. [Groups] and
// [Membership] generate user pool groups and a user's memberships for
// property tests of SPEC §9.
//
// # Outside go test
//
// CheckFile, CheckDir and Check run the same checks without package
// testing and return a Report per file: a Result per case (and per
// invalid, unreachable and findings list), each with its failure text, or
// the error that kept the file from being checked. WriteJUnit writes
// reports as JUnit XML for CI. The rolemap command's test subcommand
// (rolemap/cmd/rolemap) is built on them.
//
// # Generators
//
// The generators are functions returning a *rapid.Generator, with every
// draw labelled, so a failing property prints each choice rapid made:
//
//   - [Pool] generates pool documents that are valid by construction, over
//     every mapping type, match type, provider kind and optional member;
//     [AnyPool] adds violations of SPEC §2, for validation tests.
//   - [Mapping], [Rule], [RoleARN], [IdentityPoolID] and [MappingKey]
//     generate the parts.
//   - [Request] generates requests for a given pool, biased towards the
//     decisions it makes: claims equal to a rule's value, or extending it,
//     or missing it by one character, a change of case or of Unicode
//     spelling; numbers, booleans, arrays mixing hits and misses, absent
//     claims; iss and aud right and wrong; a CustomRoleArn the identity is
//     entitled to or not.
//
// Request works as well on a pool read from a file as on a generated one,
// so a property can be checked against a real configuration: see
// examples/propertytest, which loads the output of the AWS CLI and checks
// that only members of the admins group ever get the Admin role.
//
// # A complete property
//
// A Deny mapping never falls back to the default authenticated role,
// whatever the pool and the request:
//
//	func TestDenyNeverFallsBack(t *testing.T) {
//		rapid.Check(t, func(t *rapid.T) {
//			pool := rolemaptest.Pool().Draw(t, "pool")
//			res, err := rolemap.Compile(pool)
//			if err != nil {
//				t.Fatalf("Compile: %v", err) // Pool generates valid pools only
//			}
//			req := rolemaptest.Request(pool).Draw(t, "request")
//			d, err := res.Resolve(req)
//			if err == nil && d.Reason == rolemap.ReasonAmbiguous &&
//				pool.RoleMappings[d.MappingKey].AmbiguousRoleResolution == rolemap.AmbiguousDeny {
//				t.Fatalf("a Deny mapping granted the default role:\n%s", rolemap.Explain(d, err))
//			}
//		})
//	}
//
// go test runs it with rapid's default of 100 pools and requests;
// RAPID_CHECKS=20000 go test (or -rapid.checks=20000) runs more. On a
// failure rapid shrinks the pool and request to a small one, prints every
// draw and writes a file under testdata/rapid to replay it; do not commit
// those files.
package rolemaptest
