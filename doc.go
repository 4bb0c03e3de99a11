// Package rolemapping is the root of a library that reproduces, offline and
// exactly, how Amazon Cognito identity pools choose an IAM role for a
// signed-in user: which role — or which error — GetCredentialsForIdentity
// gives a login and its token's claims.
//
// # Packages
//
//   - [github.com/rolemapping/rolemapping/rolemap]: the pool document, a
//     compiled, allocation-free, concurrency-safe [rolemap.Resolver], and
//     decisions that explain themselves.
//   - [github.com/rolemapping/rolemapping/validate]: every constraint
//     SetIdentityPoolRoles enforces, reported at once with field paths, and
//     lint findings (unreachable rules, substring matches, user-writable
//     claims and more).
//   - [github.com/rolemapping/rolemapping/claims]: verified JWTs, unverified
//     tokens for offline tests, raw JSON payloads and SAML attributes,
//     turned into the claims the resolver takes.
//   - [github.com/rolemapping/rolemapping/rolemap/rolemaptest]: conformance
//     case files as Go subtests, and pgregory.net/rapid generators for
//     property tests of your own pools.
//
// # Quick start
//
//	pool, err := rolemap.ParsePool(data) // get-identity-pool-roles output
//	if err != nil { ... }
//	res, err := rolemap.Compile(pool)
//	if err != nil { ... }              // every violation, with its path
//	d, err := res.Resolve(rolemap.Request{
//		Login:  "accounts.google.com",
//		Claims: map[string]any{"hd": "example.com"},
//	})
//	if err != nil { ... }              // *rolemap.Error: AWS's Code and Message
//	fmt.Println(d.RoleARN, d.Reason)
//
// Run `go run ./examples/quickstart` for a tour, and see the README for the
// behaviour where AWS is silent and the benchmark figures.
package rolemapping
