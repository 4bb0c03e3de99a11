// Package trust replays the decision STS makes when a Cognito identity
// pool assumes the role it chose for an identity: it evaluates
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
// aws:RequestTag/K and aws:TagKeys (names compared ignoring ASCII case).
// Anything else is refused: NotPrincipal, Resource and NotResource (IAM
// itself rejects them in a trust policy), other operators (Arn*, Bool,
// Numeric*, Date*, IpAddress, …), other keys, policy variables (${…}),
// null, object or nested-list condition values, empty lists, a member
// given twice, two keys of one operator's block that differ only in case
// (aws:RequestTag/dept beside aws:requesttag/DEPT: IAM compares key names
// ignoring case, and does not say which it reads), a single-valued
// operator on the multivalued keys amr and aws:TagKeys, and a policy over
// IAM's quota for a role trust policy: [MaxPolicyChars] (4,096) characters,
// white space not counted (IAM and AWS STS quotas,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html;
// the default is 2,048, raised on request to 4,096).
//
// # Evaluation
//
// IAM's rules (IAM JSON policy element reference, "Condition operators"
// and "Creating a condition with multiple context keys or values",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
// an applying Deny refuses; else an applying Allow allows; else the
// request is refused. Conditions AND across operators and keys and OR
// across a key's values; ForAnyValue: needs one request value to satisfy
// the operator, ForAllValues: every one (and is true when the key is
// absent); IfExists is true when the key is absent. Null "true" holds when
// the key is absent and "false" when it is present; as for every operator,
// several values of one key OR, so "Null": {"aws:TagKeys": ["true",
// "false"]} always holds.
// Each action — sts:AssumeRoleWithWebIdentity, and sts:TagSession when the
// session has principal tags — is checked on its own.
//
// # Decisions
//
//   - An Allow counts only if it pins cognito-identity.amazonaws.com:aud
//     to one pool: a StringEquals, StringEqualsIgnoreCase or StringLike
//     condition (or its ForAnyValue: form), without IfExists, none of whose
//     values is "*" and, under StringLike, none of whose values holds * or
//     ? at all: "**", "?*", "*:*" and "us-east-1:*" admit other pools too.
//     IAM refuses to save a policy for the identity-pool principal without
//     an aud condition, and STS needs one across accounts (Amazon Cognito
//     developer guide, "Role trust and permissions"); how AWS judges a
//     wildcard there is not documented, so this package does not count it
//     (fail closed). An Allow that would apply without it is reported as
//     [ReasonNoAud], and [Policy.Lint] reports it as trust-no-aud.
//   - A principal of type AWS, Service or CanonicalUser (even "*") matches
//     only in a Deny: when unsure, an Allow does not apply and a Deny does.
//     By the same rule a Federated value in a Deny also matches when it
//     might name the identity-pool principal: equal to it once ASCII white
//     space is trimmed and ASCII case ignored, or holding * or ?. An Allow
//     needs the exact spelling cognito-identity.amazonaws.com, as
//     AssumeRoleWithWebIdentity's principal is written.
//   - Key, action and principal names ignore ASCII case only: A–Z equal
//     a–z, and nothing else folds, so İ, ı and the Kelvin sign K are not i
//     or k; a key spelled so is unknown and refused, an action spelled so
//     does not match (fail closed). Operator names are case-sensitive.
//   - Like matches * and ? by code point; IgnoreCase compares values with
//     Unicode simple case folding.
//   - A key absent from the request makes a negated operator
//     (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike) true,
//     as IAM documents ("If the policy condition requires that the key is
//     not matched … and the right key is not present, the condition is
//     true"). Only aws:RequestTag/K and aws:TagKeys can be absent.
//   - aws:RequestTag/K reads the tag whose key equals K ignoring ASCII
//     case: the one spelled exactly K, else the least such key, so that
//     no answer depends on a map's order.
//   - In a cn-* pool the principal and the key prefix may also be spelled
//     cognito-identity.amazonaws.com.cn; elsewhere a condition on that
//     spelling is refused rather than read as absent.
//   - A member given twice in one object is refused: IAM does not
//     document which one it reads.
//
// # Compiled policies
//
// [Policy.Compile] fixes a policy for one identity pool: the principal,
// the actions and the conditions on aud do not depend on the identity, and
// are decided once. [Compiled.Evaluate] then reads only the identity ID,
// the amr values and the tags, allocates nothing without a trace, and
// builds the trace only when asked. [Compiled.Specialize] goes further for
// what a caller knows of every request of one login ([Known]: the first
// amr values, and whether tags are present): conditions those settle are
// decided once, and [Compiled.Reads] says which request keys are still
// read. [Request].AMRTail lets a caller give the last amr value
// (LOGIN:CognitoSignIn:SUB) in two parts.
//
// # Bounds
//
// Parse reads at most [MaxPolicySize] bytes, refuses a policy over IAM's
// quota, and is linear in its size; it compiles every Like pattern once.
// Matching a pattern against a value takes at most one step per code point
// of the pattern and byte of the value, so for requests of the shapes AWS
// gives (AssumeRoleWithWebIdentity's identity IDs, developer user IDs of
// up to 1,024 characters, at most 50 tags) an evaluation stays far under
// its work budget, [MaxWork] steps. A request larger than that ends with an
// [*Error] of code [CodeWorkLimit] ([ErrWorkLimit]) after at most MaxWork
// steps, never a stall. A trace quotes at most 8 values of a key, each cut
// to 64 bytes, so that a line is a few hundred bytes whatever the request.
package trust
