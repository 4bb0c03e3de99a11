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
// A case file is one JSON document: a pool and the decisions it must make
// (its format, its strict reading and its runner: package
// rolemap/casefile). [RunDir] runs every case file under a folder as
// subtests, [RunFile] one, and [Run] a file already parsed; each check is a
// subtest named by the case. A team keeps its case files in its own
// repository and needs one test function:
//
//	func TestPools(t *testing.T) { rolemaptest.RunDir(t, "testdata/pools") }
//
// [Groups] and [Membership] generate user pool groups and a user's
// memberships for property tests of group claims (package
// rolemap/usergroups). The rolemap command's test subcommand runs the same
// files through package casefile, without package testing.
//
// # Generators
//
// The generators are functions returning a *rapid.Generator, with every
// draw labelled, so a failing property prints each choice rapid made:
//
//   - [Pool] generates pool documents that are valid by construction, over
//     every mapping type, match type, provider kind and optional member;
//     [AnyPool] adds violations of the pool rules package rolemap
//     validates, for validation tests.
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
