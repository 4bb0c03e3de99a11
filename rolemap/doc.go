// Package rolemap reproduces, offline and exactly, how an Amazon Cognito
// identity pool chooses the IAM role GetCredentialsForIdentity returns for a
// login and its token's claims.
//
// # Overview
//
// A [Pool] is the pool document: the output of
// `aws cognito-identity get-identity-pool-roles`, optionally merged with
// `aws cognito-identity describe-identity-pool`. [ParsePool] decodes it,
// [Compile] checks it (every constraint of SetIdentityPoolRoles, all
// violations reported at once with their paths) and precomputes a
// [Resolver], and [Resolver.Resolve] answers a [Request] with a [Decision]
// that explains itself, or with the [*Error] AWS would return:
//
//	pool, err := rolemap.ParsePool(data)
//	res, err := rolemap.Compile(pool)
//	d, err := res.Resolve(rolemap.Request{Login: "accounts.google.com", Claims: claims})
//	var awsErr *rolemap.Error
//	switch {
//	case err == nil:
//		fmt.Println(d.RoleARN, d.Reason)
//	case errors.As(err, &awsErr):
//		fmt.Println(awsErr.Code, awsErr.Message)
//	}
//
// A Resolver is immutable and safe for concurrent use. With Request.Trace
// off, Resolve does not allocate for Rules and Token mappings; with it on,
// the Decision (or the Error) lists every rule evaluated, the claim values
// it compared and why it matched or not.
//
// # Resolution
//
// Resolve follows the algorithm of rolemap/REFERENCE.md §3 step by step:
//
//  1. A Login over 128 code points, or a CustomRoleArn outside 20..2048 code
//     points, is an InvalidParameterException.
//  2. An empty Login is a guest: NotAuthorizedException unless
//     AllowUnauthenticatedIdentities is true, and
//     InvalidIdentityPoolConfigurationException without
//     Roles.unauthenticated. Role mappings never apply to guests.
//  3. Token checks, in order: for user pools and OIDC providers a present
//     iss must equal the login once a leading https:// is removed; a user
//     pool token needs aud; and when the pool lists its providers (any of
//     CognitoIdentityProviders, SupportedLoginProviders,
//     OpenIdConnectProviderARNs, SamlProviderARNs is present, even empty),
//     the login (and for user pools the app client, aud) must be one of them.
//  4. The mapping key is the login, or for a user pool LOGIN:AUD.
//  5. A SAML login without a Rules mapping takes its role from the
//     https://aws.amazon.com/SAML/Attributes/Role attribute.
//  6. Without a mapping, the default authenticated role.
//  7. A Rules mapping: the first matching rule wins; a Token mapping:
//     CustomRoleArn, then cognito:preferred_role, then a single
//     cognito:roles entry.
//  8. Otherwise the mapping is ambiguous: AuthenticatedRole falls back to
//     the default authenticated role, Deny refuses with
//     "The ambiguous role mapping rules for: KEY denied this request."
//
// # Cost
//
// Compile chooses, once, how each Rules mapping is decided, as
// regexp.Compile chooses its engine; there is one engine, traced or not.
// Per mapping it builds one program for each distinct claim the rules read,
// in the order of each claim's first rule. Per claim it holds a hashed table
// of the Equals and NotEqual values, a radix tree of the StartsWith values,
// and for Contains either a few values tried with strings.Contains or an
// Aho–Corasick automaton. Resolve then:
//
//   - finds the login's entry with one map lookup (its kind, whether it is
//     configured, its mappings), and reads iss and aud where rolemap/REFERENCE.md §3.2
//     needs them;
//   - looks up each distinct claim that can still change the answer once,
//     in the order of its first rule, and stops as soon as no later claim's
//     first rule can come before the best match found;
//   - for one claim, does work proportional to its size — the bytes of a
//     string, or of each element of an array — never to the number of
//     rules times the number of elements: one table lookup, one walk down
//     the radix tree and one pass of the automaton per text, and for
//     NotEqual one scan of the claim's NotEqual rules after marking the
//     values the claim holds.
//
// With Request.Trace off, Resolve allocates nothing for Rules and Token
// mappings, whatever the claims hold. A trace is built after the decision
// from the same claims, so a traced and an untraced request cannot decide
// differently. The benchmarks in bench_test.go and workload_test.go, and
// the figures in the README, measure it against a naive in-order loop, the
// bare claim lookups, CEL and OPA.
//
// # Comparing claims
//
// A rule's Value is a string; the claim is turned into strings and compared
// case-sensitively, byte for byte: strings as they are, booleans as "true"
// and "false", numbers as ECMAScript's Number.prototype.toString writes the
// nearest double (3 and 3.0 both read "3", 1e21 reads "1e+21"). Arrays, such
// as cognito:groups, match Equals, Contains and StartsWith when any element
// does, and NotEqual when no element equals Value. A claim that is absent or
// null is not evaluated, for every match type, NotEqual included. Claims may
// come decoded as float64 numbers, as json.Number, or as a jwt.MapClaims:
// all give the same decisions.
//
// # Decisions where AWS is silent
//
// AWS documents most of the behaviour above; where it is silent this
// package decides, as rolemap/REFERENCE.md records, and says so here:
//
//   - AllowUnauthenticatedIdentities absent means false: fail closed.
//   - A CustomRoleArn is honoured only if it is one of the roles the request
//     is entitled to — Token: cognito:roles; SAML: the Role attribute; no
//     mapping: the default authenticated role; a guest: the unauthenticated
//     role — else NotAuthorizedException. With a Rules mapping a
//     CustomRoleArn is an InvalidParameterException, as the service does.
//   - cognito:preferred_role is honoured even when it is not in
//     cognito:roles: the issuer signs both claims.
//   - The Deny message names the full mapping key, for a user pool
//     LOGIN:CLIENTID.
//   - Claims compare case-sensitively, byte for byte, with no trimming and
//     no Unicode normalisation (an NFD "é" does not equal an NFC "é").
//   - Booleans compare as "true" and "false"; numbers in ECMAScript form;
//     null is absent; an object never matches, for all four match types.
//   - In an array, null, object and array elements are skipped; an array
//     with nothing left is absent. Equals, Contains and StartsWith match if
//     any element matches; NotEqual if no element equals Value.
//
// This package adds these decisions of its own:
//
//   - A provider list set to null in the document (CognitoIdentityProviders,
//     SupportedLoginProviders, OpenIdConnectProviderARNs, SamlProviderARNs)
//     counts as present and empty: provider configuration is known, and no
//     login is configured by that list. Failing open here would turn off
//     the provider checks, so a Token mapping for any issuer would grant the
//     role its token names.
//
//   - A developer-authenticated login (cognito-identity.amazonaws.com, kind
//     [KindDeveloper]) gets the default authenticated role: no token or provider
//     check applies and no mapping does, not even one keyed by that login in
//     a pool whose providers are unknown. Without Roles.authenticated it is
//     an InvalidIdentityPoolConfigurationException, and a different
//     CustomRoleArn a NotAuthorizedException.
//
//   - Facebook (graph.facebook.com) and Login with Amazon (www.amazon.com)
//     offer only iss, aud and sub to rules, as the AWS developer guide says:
//     a rule on any other claim of their mappings never matches, whatever
//     the request's claims hold (the claim is absent to it; NotEqual
//     included), and its claim is not even read.
//
//   - Trimming (cognito:roles items, SAML pair halves) removes leading and
//     trailing U+0000..U+0020, as Java's String.trim does, and nothing else:
//     a no-break space or another Unicode space stays.
//
//   - A claim holding a Go []byte is refused like any value JSON never
//     produces; it is not read as a list of numbers.
//
//   - Resolve only reads Request.Claims, while it runs: the caller owns the
//     map and must not change it concurrently (see [Request]).
//
//   - cognito:roles (an array of strings, other elements skipped, or a
//     comma-separated string, items trimmed of white space and empty items
//     dropped) is a set: a token listing one role twice has a single role.
//
//   - A SAML Role value is a pair "ROLE,PROVIDER" in either order, the role
//     being the half containing ":role/". A value without exactly one comma,
//     or where both or neither half contains ":role/", is skipped. The
//     provider half is not compared with the login.
//
//   - A SAML login offering no role or several, without a mapping and
//     without a CustomRoleArn, is a NotAuthorizedException.
//
//   - iss set to null counts as absent; an iss that is not a string does not
//     match the login.
//
//   - A claim a rule reads that holds a value no JSON decoder produces (a Go
//     struct, channel or function), a NaN or infinite float, or a
//     json.Number that is not a finite JSON number refuses the request with
//     a NotAuthorizedException ("Invalid login token. Claim ..."), and
//     Error.Detail says why: we fail closed rather than guess. Other Go
//     integer and float types compare as the nearest float64. Junk in claims
//     no rule reads is ignored, as AWS ignores such claims.
//
//   - The messages of a CustomRoleArn refusal, a rules mapping given a
//     CustomRoleArn, a SAML assertion without a role and a claim that cannot
//     be compared are this package's words: AWS does not publish them.
//     Every other message is AWS's exact text.
//
//   - Errors returned by Resolve may be shared between calls and must be
//     treated as read-only.
//
// # The pool document
//
// [ParsePool] and [Pool.UnmarshalJSON] match member names case-sensitively,
// ignore unknown members and treat null as absent; a member of the wrong
// JSON type is a [*FieldError] naming its path. Marshalling a parsed Pool
// gives back the same document (a null member comes back absent).
// Validation follows rolemap/REFERENCE.md §2; see [Compile], and package validate for the
// same checks on their own and for lint findings.
package rolemap
