// Package trust replays the decision STS makes when a Cognito identity
// pool assumes the role it chose for an identity (SPEC §10): it evaluates
// the role's trust policy (AssumeRolePolicyDocument) against the request
// context Cognito gives STS, exactly for a supported grammar, and refuses
// everything else with an [*Error] naming the construct's JSON path —
// never a guess.
//
// When STS refuses, GetCredentialsForIdentity fails with
// InvalidIdentityPoolConfigurationException ("Invalid identity pool
// configuration. Check assigned IAM roles for this pool."); a [Decision]
// says why ([Reason]) and which statement and condition decided, in its
// Trace.
//
// # The grammar
//
// [Parse] reads a policy as the AWS CLI prints it (an object) or as the IAM
// Query API returns it (a string of URL-encoded JSON); [ParseRoles] reads
// the policies of many roles at once (get-role or list-roles output, or
// roles by ARN), keeping the errors of those outside the grammar. It
// supports:
// Version 2012-10-17 or 2008-10-17; Statement, an object or a non-empty
// list; statements with Sid, Effect (Allow or Deny), Principal ("*" or
// AWS, Federated, Service and CanonicalUser lists), Action or NotAction
// (service:name with * and ? wildcards, case-insensitive) and Condition;
// the operators StringEquals, StringNotEquals, StringEqualsIgnoreCase,
// StringNotEqualsIgnoreCase, StringLike and StringNotLike, each with an
// optional ForAnyValue: or ForAllValues: prefix and IfExists suffix, and
// Null; the keys cognito-identity.amazonaws.com:aud, :sub and :amr,
// aws:RequestTag/K and aws:TagKeys (names compared case-insensitively).
// Anything else is refused: NotPrincipal, Resource and NotResource (IAM
// itself rejects them in a trust policy), other operators (Arn*, Bool,
// Numeric*, Date*, IpAddress, …), other keys, policy variables (${…}),
// null, object or nested-list condition values, empty lists, a member
// given twice, and a single-valued operator on the multivalued keys amr
// and aws:TagKeys.
//
// # Evaluation
//
// IAM's rules (SPEC §10.3): an applying Deny refuses; else an applying
// Allow allows; else the request is refused. Conditions AND across
// operators and keys and OR across a key's values; ForAnyValue: needs one
// request value to satisfy the operator, ForAllValues: every one (and is
// true when the key is absent); IfExists is true when the key is absent.
// Each action — sts:AssumeRoleWithWebIdentity, and sts:TagSession when the
// session has principal tags — is checked on its own.
//
// # Decisions
//
//   - An Allow counts only if it pins cognito-identity.amazonaws.com:aud:
//     a StringEquals, StringEqualsIgnoreCase or StringLike condition (or
//     its ForAnyValue: form), without IfExists, none of whose values is
//     "*" (SPEC §10.4). IAM refuses to save a policy for the identity-pool
//     principal without one, and STS needs it across accounts; an Allow
//     that would apply without it is reported as [ReasonNoAud].
//   - A principal of type AWS, Service or CanonicalUser (even "*") matches
//     only in a Deny: when unsure, an Allow does not apply and a Deny does.
//   - Operator names are case-sensitive; Like matches * and ? by code
//     point; IgnoreCase uses Unicode simple case folding.
//   - A key absent from the request makes a negated operator
//     (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike) true,
//     as IAM documents ("If the policy condition requires that the key is
//     not matched … and the right key is not present, the condition is
//     true"); SPEC §10.3 said false, and this package follows AWS. Only
//     aws:RequestTag/K and aws:TagKeys can be absent.
//   - In a cn-* pool the principal and the key prefix may also be spelled
//     cognito-identity.amazonaws.com.cn; elsewhere a condition on that
//     spelling is refused rather than read as absent.
//   - A member given twice in one object is refused: IAM does not
//     document which one it reads.
//
// # Bounds
//
// Parse refuses a policy over [MaxPolicySize] bytes and is linear in its
// size; Evaluate is linear in the policy's size for a request of bounded
// size (TestBounded: a 100-statement policy costs a small multiple of
// decoding it).
package trust
