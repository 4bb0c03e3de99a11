// Middleware is a net/http middleware for a service behind a Cognito user
// pool: it verifies each request's ID token, chooses the caller's IAM role
// exactly as the identity pool would, and hands the decision to the handler.
//
// Run it with
//
//	go run ./examples/middleware
//
// It starts nothing long-lived: it serves a JWKS and the protected service on
// loopback, sends a few requests with ID tokens it signs itself, prints what
// each got, and exits. Everything stays offline.
//
// # What a request goes through
//
// [Middleware.Wrap] takes the token from "Authorization: Bearer TOKEN" (the
// scheme in any case) and verifies it with github.com/golang-jwt/jwt/v5,
// through claims.Verify:
//
//   - RS256 only: the list of algorithms is fixed, never read from the token,
//     so neither "none" nor an HS256 token keyed with the public key passes;
//   - the key is the user pool's, looked up by the token's kid in a [JWKS]
//     cache: downloaded on first use with a timeout, then again only for an
//     unknown kid (key rotation), at most once per MinRefreshInterval;
//   - exp is required and must be in the future;
//   - iss must be https://cognito-idp.REGION.amazonaws.com/USERPOOLID;
//   - token_use must be "id": an access token has "access", carries no aud
//     and no user attributes, and the identity pool refuses it too;
//   - aud must be one of the configured app client IDs.
//
// The Logins key is then iss without "https://", and the compiled identity
// pool document ([rolemap.Resolver]) chooses the role from the token's
// claims. The handler reads the result with [DecisionFrom], and the claims
// with [ClaimsFrom].
//
// # Errors
//
// A refused request never reaches the handler. It gets a JSON body naming
// an AWS exception, such as
//
//	{"code":"NotAuthorizedException","message":"Invalid login token."}
//
// with the status:
//
//   - 401 NotAuthorizedException for a missing or invalid token, whatever
//     the reason: the body never says which check failed, and never holds
//     the token or its claims;
//   - 403 NotAuthorizedException for a valid token the identity pool
//     refuses, with the resolver's AWS message, such as "The ambiguous role
//     mapping rules for: KEY denied this request.";
//   - 500 for InvalidIdentityPoolConfigurationException (the pool document
//     lacks a default role it needs: the service's fault, not the caller's),
//     and InternalErrorException for anything unexpected;
//   - 503 ExternalServiceException when the key set cannot be downloaded
//     (down, slow past FetchTimeout, or not a JWKS), so that clients retry.
//
// The reason for each refusal goes to Config.ErrorLog, for the operator.
//
// # Adapting it
//
// Copy middleware.go and jwks.go into a package of your service (change
// the package clause) and fill in [Config]:
//
//	mw, err := New(Config{
//		Region:     "eu-west-1",
//		UserPoolID: "eu-west-1_XXXXXXXXX",
//		ClientIDs:  []string{"your-app-client-id"},
//		Resolver:   resolver, // rolemap.Compile of your pool document
//	})
//	http.Handle("/", mw.Wrap(yourHandler))
//
// Leave JWKSURL empty to use the user pool's own key set,
// https://cognito-idp.REGION.amazonaws.com/USERPOOLID/.well-known/jwks.json.
// Build the pool document with
//
//	aws cognito-identity describe-identity-pool --identity-pool-id ID > describe.json
//	aws cognito-identity get-identity-pool-roles --identity-pool-id ID > roles.json
//	jq -s add describe.json roles.json > pool.json
//
// main.go is the demo: its helpers sign tokens and serve a JWKS, which a
// real service leaves to Cognito.
//
// # Decisions
//
//   - Key rotation: a kid the cache lacks triggers one download, and a
//     download replaces the whole set, so a key Cognito removed stops being
//     trusted at the next download. Downloads are at least
//     MinRefreshInterval apart (one minute by default), failed ones
//     included; until then an unknown kid is a 401, and a key set never
//     downloaded a 503.
//   - A download is shared: concurrent requests wait for the one in flight
//     (or for their own context), and it is not cancelled when the request
//     that started it goes away.
//   - Keys: only RSA keys usable for RS256 signatures, of 2048 to 8192 bits,
//     are kept; a kid listed twice is ambiguous and neither key is kept.
//   - One Authorization header only: two are refused as ambiguous.
package main
