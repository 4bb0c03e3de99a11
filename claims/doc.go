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
//   - A token longer than [MaxTokenSize] bytes, or whose header is over
//     [MaxHeaderSize] bytes, is rejected before it is decoded
//     ([ErrTooLarge]).
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
//   - §3.4 cryptographic inputs: nothing but the header (at most
//     [MaxHeaderSize], 2 KiB) and the signature is decoded before the
//     signature is checked, and the payload is decoded once, after, so a
//     forged token costs at most a 2 KiB header, a hash of the token and a
//     signature check: about a microsecond for a forged 48 KB header
//     (4.2 ms before the cap), a valid token's RSA check about 34 µs.
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
//     a year ahead is refused ([jwt.ErrTokenUsedBeforeIssued]). exp, nbf
//     and iat must lie within 1970..9999 ([ErrTimeOutOfRange]): jwt/v5
//     turns a time into int64 nanoseconds, and a time at or above 2^63
//     seconds would wrap into the past and pass.
//
// The key function should pick the key by the token's method and kid, and
// return the key type that method expects (*rsa.PublicKey for RS256,
// *ecdsa.PublicKey for ES256, []byte for HS256). jwt/v5 refuses a key of the
// wrong type, which defeats the classic "RSA public key used as an HMAC
// secret" confusion even when both families are allowed.
//
// # Cognito tokens and key sets
//
// [CognitoVerifier] is the one-call path for a service behind a Cognito
// user pool: given the region, the user pool ID and the app clients it
// accepts, [CognitoVerifier.Verify] checks a token and returns the Logins
// key and the claims, ready for rolemap.Request. Its decisions:
//
//   - RS256 only, the key picked by kid from the pool's key set.
//   - token_use "id" by default (the token an identity pool takes); an ID
//     token's aud, or with TokenUse "access" an access token's client_id,
//     must be one of ClientIDs.
//   - exp is required; exp, nbf and iat allow DefaultLeeway (30 s) of clock
//     skew unless told otherwise: the zero Leeway is the default, and
//     [NoLeeway] (any negative Leeway) allows none.
//   - iss must be https://cognito-idp.REGION.amazonaws.com/POOLID. The
//     configuration is not a URL: Region must be shaped as AWS's regions
//     are, the pool ID as Cognito's (REGION_ID, letters and digits, at most
//     55 characters) and of that region, and each app client ID as
//     Cognito's; the issuer and the key set's URL are built with net/url
//     and must name cognito-idp.REGION.amazonaws.com, so no configuration
//     moves the download, or the issuer a token must carry, to another
//     host.
//   - Errors wrap [ErrExpired], [ErrWrongIssuer], [ErrWrongTokenUse],
//     [ErrWrongAudience], [ErrUnknownKey] or [ErrKeysUnavailable] (and the
//     matching jwt/v5 sentinel), so a service can answer 401 or 503.
//
// [KeySet] fetches and caches a JSON Web Key Set for Cognito or any OIDC
// provider, and is a jwt.Keyfunc through [KeySet.Keyfunc]:
//
//   - one download at a time, shared by every caller that waits for it, each
//     up to its own context's deadline; FetchTimeout (5 s) bounds a download;
//   - a refresh for an unknown kid at most once per RefreshInterval (1 min),
//     counted from the end of the last successful download, so a flood of
//     made-up kids costs one download per minute;
//   - after a failed download, a retry after RetryBackoff (1 s), doubling
//     up to RefreshInterval: a key set that could not be fetched at start-up
//     recovers within seconds of its endpoint, and keeps its old keys when a
//     refresh fails;
//   - documents over MaxSize (1 MiB) are refused, and the default client
//     follows no redirect: the URL is the caller's, never the token's or the
//     answer's;
//   - RSA keys of 2048 to 8192 bits and EC keys on P-256, P-384 and P-521,
//     with use "sig" or absent and a fitting alg; a duplicated kid keeps
//     neither key. A key whose JWK names an alg verifies only tokens of that
//     alg (an RS256 key never verifies PS256, RS512 or PS512).
//   - the URL must be https (http only for a loopback host, for tests),
//     with a host and no user information.
//
// # Errors
//
// Every error this package returns starts with "claims: ". Errors from
// signature and claim checks wrap jwt/v5's sentinels, so
// errors.Is(err, jwt.ErrTokenExpired), jwt.ErrTokenSignatureInvalid,
// jwt.ErrTokenInvalidIssuer, jwt.ErrTokenMalformed and the others keep
// working. This package adds [ErrNoAlgorithms], [ErrInvalidOption],
// [ErrTooLarge], [ErrNotObject], [ErrCriticalHeader] and [ErrWrongType], and
// the sentinels of [CognitoVerifier] and [KeySet].
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
//   - Options: an empty issuer or audience, a negative leeway for
//     [WithLeeway], a nil time function, or an algorithm jwt/v5 does not know
//     is an error ([ErrInvalidOption]) rather than a silently disabled check.
//   - Errors quote at most 200 bytes of anything a token holds (kid,
//     token_use, aud, typ, crit) and count the rest.
//
// # Bounds
//
// [Verify] and [CognitoVerifier.Verify] take time and memory linear in the
// token, which is at most [MaxTokenSize]; before the signature holds, at
// most [MaxHeaderSize] bytes are decoded. [ParseKeySet] is linear in its
// document, which a [KeySet] downloads only up to MaxSize.
package claims
