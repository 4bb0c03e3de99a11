// Package claims turns what a caller holds — a signed JWT, a decoded token
// payload, a [jwt.MapClaims] or a SAML attribute map — into the claims map
// (map[string]any) that the role-mapping resolver takes.
//
// The package knows JWTs and nothing about role mapping: it imports
// github.com/golang-jwt/jwt/v5 and the standard library, never the rolemap
// package. Claims cross between the two as a plain map[string]any.
//
// # Verifying tokens
//
// [Verify] checks a token's signature and registered claims with
// github.com/golang-jwt/jwt/v5 and returns its payload. Its defaults are the
// safe ones, and none of them can be turned off:
//
//   - The accepted algorithms must be listed with [WithAlgorithms]; with no
//     list, Verify fails with [ErrNoAlgorithms] and never trusts the alg in
//     the token's header. "none" is never accepted, in any spelling.
//   - The exp claim is required and checked; nbf is checked when present.
//   - A token longer than [MaxTokenSize] bytes is rejected before it is
//     decoded ([ErrTooLarge]).
//   - The payload must be exactly one JSON object, as for [FromJSON].
//
// [WithIssuer] and [WithAudience] add checks on iss and aud; [WithType]
// requires a typ header; [WithLeeway] allows for clock skew and
// [WithTimeFunc] fixes the clock in tests.
//
// Each choice, against RFC 8725 (JWT Best Current Practices):
//
//   - §3.1 algorithm verification: the algorithms are the caller's list,
//     never the token's word; "none" is refused in any spelling.
//   - §3.2 appropriate algorithms: jwt/v5 refuses a key of the wrong type,
//     so an RSA public key is never used as an HMAC secret.
//   - §3.4 cryptographic inputs: the signature is checked before the
//     payload is JSON-decoded, and the payload is decoded once, so a forged
//     token costs a base64 decode and a signature check, nothing more.
//   - RFC 7515 §2 and §4.1.11: segments are strict base64url (one spelling
//     per token: no padding, no stray bits), and a crit header is refused
//     ([ErrCriticalHeader]): Verify understands no extension.
//   - §3.8 issuer and subject: [WithIssuer] checks iss exactly.
//   - §3.9 audience: [WithAudience] checks aud.
//   - §3.10 untrusted input: the header's jku, x5u, x5c and jwk are never
//     read; keys come from the caller's key function only.
//   - §3.11 explicit typing: [WithType] checks typ, compared as RFC 7515
//     §4.1.9 says. It is off by default because Cognito's tokens carry no
//     typ.
//   - Time: exp is required; nbf and iat, when present, must not be in the
//     future beyond the leeway (0 unless [WithLeeway]), so a token "issued"
//     a year ahead is refused ([jwt.ErrTokenUsedBeforeIssued]).
//
// The key function should pick the key by the token's method and kid, and
// return the key type that method expects (*rsa.PublicKey for RS256,
// *ecdsa.PublicKey for ES256, []byte for HS256). jwt/v5 refuses a key of the
// wrong type, which defeats the classic "RSA public key used as an HMAC
// secret" confusion even when both families are allowed.
//
// # Errors
//
// Every error this package returns starts with "claims: ". Errors from
// signature and claim checks wrap jwt/v5's sentinels, so
// errors.Is(err, jwt.ErrTokenExpired), jwt.ErrTokenSignatureInvalid,
// jwt.ErrTokenInvalidIssuer, jwt.ErrTokenMalformed and the others keep
// working. This package adds [ErrNoAlgorithms], [ErrInvalidOption],
// [ErrTooLarge] and [ErrNotObject].
//
// # Numbers
//
// [Verify], [ParseUnverified] and [FromJSON] decode JSON numbers as
// [encoding/json.Number], never float64, so no precision is lost: a 64-bit
// user id or 0.1 survives as written. The resolver accepts json.Number,
// float64 and the JSON types alike.
//
// # Offline tests
//
// [ParseUnverified] decodes a token's payload without checking its signature
// and [FromJSON] decodes a payload given as JSON. Both are for tests and
// offline tools: use [Verify] wherever a token comes from a request.
//
// # SAML
//
// [FromSAML] converts an assertion's attributes (name → values). Following
// the specification, a single-valued attribute becomes a string and a
// multi-valued one an []any of strings.
//
// # Logins key
//
// [LoginFromIssuer] derives the key of GetCredentialsForIdentity's Logins map
// from a token's iss claim, the comparison the service makes between the two.
//
// # Decisions
//
// Where neither AWS nor JWT's RFCs settle a question, this package decides:
//
//   - Size: tokens and payloads are limited to [MaxTokenSize] (64 KiB). Real
//     ID tokens are a few KiB; the limit bounds the work an attacker can ask
//     for.
//   - Payload: exactly one JSON object; null, arrays, scalars and trailing
//     data are errors ([ErrNotObject]). A repeated member name keeps its
//     last value, as encoding/json does. Nesting deeper than encoding/json's
//     limit (10000) is an error.
//   - SAML: an attribute with no values is omitted, so it reads as absent.
//   - Logins key: only a leading "https://" is removed from iss; case, ports,
//     paths and trailing slashes are kept, because the service compares the
//     strings exactly.
//   - Options: an empty issuer or audience, a negative leeway, a nil time
//     function, or an algorithm jwt/v5 does not know is an error
//     ([ErrInvalidOption]) rather than a silently disabled check.
package claims
