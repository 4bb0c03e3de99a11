// Middleware is a net/http middleware for a service behind a Cognito user
// pool: it verifies each request's ID token (claims.CognitoVerifier),
// chooses the caller's IAM role as the identity pool would
// (rolemap.Resolver) and hands both to the handler. Refusals are JSON: 401
// for a missing or invalid token, 403 for one the identity pool refuses,
// 503 when the user pool's keys cannot be fetched, 500 for a pool that
// lacks a role it needs. `go run ./examples/middleware` plays the user pool
// on loopback (claimstest.UserPool) and prints what a few requests get.
package main
