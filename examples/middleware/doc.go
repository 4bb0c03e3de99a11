// Middleware is a net/http middleware for a service behind a Cognito user
// pool: it verifies each request's ID token (claims.CognitoVerifier),
// answers it as GetCredentialsForIdentity would from the deployment the
// service ships with (the pool, pool.json, and its roles' trust policies,
// roles.json: credentials.Checker) and hands the role choice and the claims
// to the handler. Refusals are JSON: 401 for a missing or invalid token;
// 403 for an identity AWS would give no credentials — the pool's rules deny
// it, or the chosen role's trust policy refuses it (the body's reason says
// why: trust-condition, trust-tag-session, …); 500 when the deployment
// cannot answer (a role the pool needs is missing, or has no trust policy
// the service knows, or a tag STS would refuse); 503 when the user pool's
// keys cannot be fetched. `go run ./examples/middleware` plays the user
// pool on loopback (claimstest.UserPool) and prints what a few requests
// get.
package main
