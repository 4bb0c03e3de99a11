// Package rolemapping is the root of a library that reproduces, offline and
// exactly, how Amazon Cognito identity pools choose an IAM role for a
// signed-in user: which role — or which error — GetCredentialsForIdentity
// gives a login and its token's claims.
//
// # Packages
//
//   - [github.com/rolemapping/rolemapping/rolemap]: the pool document, a
//     compiled, allocation-free, concurrency-safe [rolemap.Resolver], and
//     decisions that explain themselves ([rolemap.Explain]).
//   - [github.com/rolemapping/rolemapping/validate]: every constraint
//     SetIdentityPoolRoles enforces, reported at once with field paths; lint
//     findings (unreachable rules, substring matches, user-writable claims,
//     provider checks silently off and more); and [validate.Diff], who gets
//     a different role after a change, with a witness request for each.
//   - [github.com/rolemapping/rolemapping/rolemap/credentials]: the whole
//     answer of GetCredentialsForIdentity — role choice, principal tags and
//     the chosen role's trust policy — from a [credentials.Deployment],
//     compiled once ([credentials.Checker]); with
//     [github.com/rolemapping/rolemapping/rolemap/trust] (trust policies)
//     and [github.com/rolemapping/rolemapping/rolemap/usergroups] (user
//     pool groups as token claims).
//   - [github.com/rolemapping/rolemapping/claims]: [claims.CognitoVerifier]
//     and [claims.KeySet] for services (verified user pool tokens, a cached
//     JWKS); verified JWTs, unverified tokens for offline tests, raw JSON
//     payloads and SAML attributes, turned into the claims the resolver
//     takes.
//   - [github.com/rolemapping/rolemapping/rolemap/casefile]: strict case
//     files, JSON that pins the decisions a pool must make, their runner and
//     text, JSON and JUnit reporters.
//   - [github.com/rolemapping/rolemapping/rolemap/rolemaptest]: case files
//     as Go subtests ([rolemaptest.RunDir]), and pgregory.net/rapid
//     generators for property tests of your own pools.
//   - [github.com/rolemapping/rolemapping/rolemap/iac]: the pools of a
//     CloudFormation template (or cdk synth output) or a Terraform plan or
//     state, before they are deployed.
//   - github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml (a module of
//     its own, with go.yaml.in/yaml/v4): YAML templates for package iac,
//     imported for its effect.
//   - [github.com/rolemapping/rolemapping/rolemap/cmd/rolemap]: the rolemap
//     command, for CI that does not speak Go: rolemap test, lint (text,
//     JSON, SARIF, JUnit, GitHub annotations), diff (text, JSON, Markdown,
//     annotations), explain and import; a module of its own.
//
// # Quick start
//
//	pool, err := rolemap.ParsePool(data) // describe-identity-pool + get-identity-pool-roles
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
// Run `go run ./examples/quickstart` for a tour. The rules this module
// follows, each with its AWS source or marked as a decision, are in
// rolemap/REFERENCE.md; the README has the benchmark figures.
package rolemapping
