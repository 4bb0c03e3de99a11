// Package validate checks identity pool documents: [Pool] reports every
// violation of the constraints AWS enforces (rolemap/REFERENCE.md §2), and [Lint] reports
// configurations AWS accepts that probably do not do what their author
// meant. It is built on the public API of package rolemap.
//
// # Validation
//
// [Pool] returns nil or a [*ValidationError] holding every violation at
// once, each a [*FieldError] with its path in the reference's path syntax
// (RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3].Value),
// sorted by path. Each wraps one of the sentinels [ErrMissing],
// [ErrInvalidValue] or [ErrOverLimit], so callers branch with errors.Is and
// errors.As and never match strings; [Errors] lists them.
//
// Lengths count Unicode code points, patterns match the whole string, and a
// string that must match a pattern but is not valid UTF-8 is a violation.
// The rules-per-mapping quota is 25; [rolemap.WithMaxRules] raises it up to
// 400, the model's hard cap. When the pool lists its providers, a mapping
// key that is not one of them is reported with AWS's exact message,
// "(KEY) is not a valid RoleMapping ProviderName or is not a configured
// provider.".
//
// There is one validator: Pool calls [rolemap.Compile], so a pool Pool
// accepts always compiles and one it rejects never does, with the same
// options. Validation never panics, whatever the pool holds, and takes time
// linear in the size of the pool: a path is built only for a violation,
// sorting never compares paths, a mapping whose key is over 128 code points
// is reported once without checking its contents, and the report lists at
// most [rolemap.MaxViolations] violations and counts the rest.
//
// # Lint
//
// [Lint] returns [Finding] values, each with a stable code, the path it is
// about, a message, a suggested fix and the paths of related fields. A
// finding never makes a pool invalid. The codes:
//
//   - unreachable-rule: a rule of a Rules mapping that can never be the
//     first match; Related names the rules that shadow it. See
//     "Unreachable rules" below.
//   - substring-match: a Contains or StartsWith rule whose value is also a
//     substring (Contains) or prefix (StartsWith) of another value of the
//     same mapping, or that tests a list of names — cognito:groups, a claim
//     whose name says group or role (custom:groups), any attribute of a SAML
//     mapping — whose elements are identifiers: Contains "admin" matches the
//     group "superadmins".
//   - user-writable-claim: a rule on a claim the end user can usually
//     change: custom:* attributes and the standard attributes an app client
//     lets users write (email, name, preferred_username, nickname, website,
//     phone_number, address, …). AWS: "If the claim that you are mapping to
//     a role can be modified by the end user, any end user can assume your
//     role". The list applies to every mapping; the advice fits the
//     provider (a Google email rule is told to use hd or sub).
//     [WithWritableAttributes] and [WithReadOnlyAttributes] describe the app
//     client exactly.
//   - providers-unknown (path empty: the whole pool): the pool lists none of
//     its providers, so the provider checks are skipped and
//     AllowUnauthenticatedIdentities reads as false — typically the output
//     of get-identity-pool-roles alone; merge describe-identity-pool's.
//   - unauthenticated-role-unused: Roles.unauthenticated is set and
//     AllowUnauthenticatedIdentities is absent, which refuses guests.
//   - token-on-oidc-provider: a Token mapping on an OIDC provider that is
//     not a Cognito user pool: its issuer, not Cognito, writes
//     cognito:roles and cognito:preferred_role.
//   - unknown-member and cloudformation-shape ([LintDocument] only): a
//     member that nearly spells one of AWS's names (RoleMapings, type,
//     Rule), which AWS ignores, and a mapping carrying CloudFormation's
//     IdentityProvider, whose key is then not the provider.
//   - duplicate-member ([LintDocument] only): a member whose name its
//     object already has; the last one counts, and the first is lost.
//   - token-on-social-provider: a Token mapping on a social provider (Google,
//     Facebook, Amazon, Apple, Twitter, Digits), whose tokens never carry
//     cognito:roles, so every login falls to AmbiguousRoleResolution.
//   - rules-on-token-mapping: a RulesConfiguration on a Token mapping, which
//     resolution ignores.
//   - missing-authenticated-role: Roles.authenticated is not set, and a
//     mapping falls back to it (AmbiguousRoleResolution AuthenticatedRole),
//     or a provider the pool lists (other than SAML, which needs no default
//     role) has no mapping: such requests fail with
//     InvalidIdentityPoolConfigurationException.
//   - role-arn-shape: a role ARN not shaped
//     arn:PARTITION:iam::ACCOUNT:role/NAME (a 12-digit account, an optional
//     path).
//   - mapping-key-shape: a key that looks like a user pool
//     (cognito-idp.REGION.amazonaws.com/POOLID) without :CLIENTID, which no
//     login selects, or a key starting with https:// or http://, which no
//     login carries.
//
// # Credentials
//
// With [WithTrustPolicies] (the roles' trust policies, by ARN),
// [WithTrustPolicyErrors] (the policies [trust.Parse] refused) and
// [WithUserPools] (user pools' groups and users), Lint also answers
// whether the pool's users get credentials (rolemap/REFERENCE.md §9–§11). It checks every
// role the pool can choose — default, rule, and the roles a Token
// mapping's groups give — and only those:
//
//   - trust-refuses-pool (an error): the role's trust policy refuses this
//     pool whoever signs in, so every request choosing it fails with
//     InvalidIdentityPoolConfigurationException;
//   - trust-no-aud: an Allow for cognito-identity.amazonaws.com that pins
//     no aud, which IAM would trust for any pool and which never counts;
//   - trust-no-amr: an authenticated role that a guest of the pool can
//     assume. It is decided by evaluating the role's trust policy with a
//     guest's context (amr ["unauthenticated"], the pool's ID as aud, no
//     tags), so a condition that mentions amr and still admits guests
//     ("ForAnyValue:StringLike" on ["authenticated", "unauthenticated"], a
//     shape found in published examples) is caught, and a Deny for guests
//     counts. It is reported only where a guest can take its own token to
//     STS: AllowUnauthenticatedIdentities is true and the basic (classic)
//     flow is on (AllowClassicFlow true) or may be (absent, with no
//     RoleMappings; AWS documents no default), and the message says which.
//     With the enhanced flow Cognito gives a guest the unauthenticated role
//     only; the basic flow's GetOpenIdToken fails for a pool with role
//     mappings or with AllowClassicFlow false. AWS recommends testing amr
//     in every role trusting the pool ("Role trust and permissions",
//     Amazon Cognito Developer Guide:
//     https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html);
//     the basic flow is described in "Identity pools (federated
//     identities) authentication flow", same guide:
//     https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html;
//   - trust-unknown-role: a chosen role with no policy among those given;
//   - trust-unsupported: a chosen role whose policy is outside the grammar
//     package trust evaluates, placed at the construct it names;
//   - set-operator-on-single-valued-key: ForAnyValue:/ForAllValues: on aud
//     or sub;
//   - token-groups-no-role: a user of a Token mapping's user pool whose
//     groups give no role, so AmbiguousRoleResolution decides;
//   - tags-without-tag-session (an error): principal tags are on for a
//     provider and a role it can get does not allow sts:TagSession.
//
// Paths are roles["ARN"].AssumeRolePolicyDocument.… and
// UserPools["ID"].Users["name"]; iac.Result.OriginPath places them at the
// template's role, group and membership resources.
//
// [DiffCredentialsReport] compares two [Side] values — pool, trust
// policies, user pools — and adds to Diff's role-choice changes those of
// the credentials: scope trust (a policy now refuses or admits a request,
// a role has no policy, a tag cannot be held), tags (the session's tags
// differ) and groups (a user's groups give other claims). A request whose
// role choice changed is listed again when its credentials say more than
// its role: bob, moving from the engineer role to the default role, is
// refused by the default role's trust policy because his custom:team claim
// gives him a tag and that policy does not allow sts:TagSession. Every
// change carries a witness that really gets both outcomes.
//
// Whether a list is complete is part of the answer. The search starts from
// the requests Diff resolves, the rule witnesses, the Token mappings'
// users and each named role in a token or as CustomRoleArn; on each it
// varies every claim a tag map of either side reads at the login —
// absent, each value a trust condition compares its tag with (a literal,
// another spelling for ...IgnoreCase, a string matching a StringLike
// pattern), a fresh value matching none, a list and a value too long for
// a tag — and tries every combination up to [MaxClaimCombinations]. The
// report's Uncovered lists what that does not decide: conditions on the
// identity ID, amr values that hold a token's sub or may name a login no
// pool lists, a claim that both the
// role choice and a tag read, two patterns on one tag, developer tags
// whose keys a policy names by pattern, combinations past the bound, and Diff's budgets and its own
// ([MaxCredentialsWork] requests). Complete is
// true only when Uncovered is empty; then every request whose credentials
// differ is in a change of its login kind and mapping key (a test checks
// it by brute force over small random deployments). [DiffCredentials]
// returns the changes alone.
//
// Lint never fails. On an invalid pool it lints what it can and skips what
// is malformed: mappings whose key is not 1..128 code points long, rules
// with an unknown MatchType, values longer than AWS allows, and the pairwise
// checks of a mapping with more than 400 rules. The unreachable-rule
// analysis needs a pool [rolemap.Compile] accepts with the quota given by
// [WithMaxRules] (25, Compile's default, unless raised).
//
// # Reports for tools
//
// A tool that reports a pool's problems — a CI step, an editor — needs
// them in one list, each with a severity, and placed in the file:
//
//   - Violations turns a validation error into findings of the codes
//     missing, invalid-value and over-limit, of SeverityError (AWS refuses
//     the pool); Lint's codes are SeverityWarning (AWS accepts it);
//   - Checks lists every code with a summary and help, for a rule list;
//   - WriteSARIF writes Located findings as a SARIF 2.1.0 log for GitHub
//     code scanning, with one rule per check and fingerprints that survive
//     edits above a finding;
//   - LintFile does all of it for the pools of one file: the violations
//     and findings of each pool, from one compile of each, each finding's
//     path placed at a line and column of the file in one pass — a pool
//     document's paths as they are, a template's or plan's through its
//     FilePool's OriginPath (iac.Result.OriginPath maps a pool's path to
//     the member of the template it comes from), followed step by step,
//     never printed and read back; Suppress removes the findings a list of
//     [Suppression]s names and counts them.
//
// The rolemap command (rolemap/cmd/rolemap) is built on them: rolemap lint
// is LintFile and Suppress on each file, then a writer.
//
// [NewDiffReport] turns the answer of [DiffCredentialsReport] into what
// rolemap diff prints: a [DiffReport] whose JSON form is --format json and
// whose WriteText, WriteMarkdown (a pull-request comment that fits in
// GitHub's [MaxComment] characters) and WriteGitHub (workflow annotations)
// write the other formats; it says when the list is partial, and why.
//
// # Analysis kept, not recomputed
//
// [Analyze] compiles a pool once and keeps it with the reachability
// analysis of its Rules mappings, an [Analysis], immutable and safe for
// concurrent use. Everything that needs the compiled pool or its witnesses
// takes it instead of compiling again: [Lint] with [WithAnalysis] (and
// [WithDocument] for a pool document's own findings, without parsing it
// again), [DiffAnalyses], and [DiffCredentials], which compiles each side
// once for both the role-choice diff and the rule witnesses its search
// starts from. [Witness] and [Diff] are shorthands that analyse their pools
// first; asking [Analysis.Witness] of each rule of a 400-rule mapping costs
// one compile, where calling Witness for each costs 400.
//
// # Cost
//
// No document can stall Lint, Pool or Compile: each takes time and memory
// linear in the document, plus, for Lint, the square of the rules of each
// mapping (at most 400² comparisons of values of at most 128 code points).
// The analysis of a rule on a claim other than iss and aud does not depend
// on the route to its mapping, so it is done once however many colons a
// user pool key holds. A finding's message names at most three related
// rules and says how many more there are, and Related lists at most ten
// paths, so every message stays under 1 KB. Validation reports a mapping
// whose key is over 128 code points once, without checking its contents,
// and a [ValidationError] lists at most [rolemap.MaxViolations] violations
// and counts the rest.
//
// # Unreachable rules
//
// A rule is unreachable when no request makes it the first match of its
// mapping. [Lint] reports exactly the unreachable rules, and for every other
// rule [Witness] builds a request whose decision is that rule. Here is the
// argument.
//
// Which requests reach a mapping. A key that is not a user pool login is
// reached only by the login equal to it. A user pool key LOGIN:CLIENT is
// reached by a user pool login and its token's aud, one pair for each colon
// that splits the key into a user pool login and a non-empty client. Whether
// each candidate really selects the mapping (the login is at most 128 code
// points, its provider is configured when the pool lists its providers) is
// asked of the resolver itself. A mapping no login selects has every rule
// unreachable.
//
// Claims the provider hides. Facebook and Login with Amazon offer only
// iss, aud and sub to rules (rolemap/REFERENCE.md §3.1): a rule of their mappings on any
// other claim never matches, so it is unreachable, and it shadows nothing.
//
// What a claim can hold. Under rolemap/REFERENCE.md §4 a present claim is compared as a
// non-empty list of strings: a string, number or boolean as a one-element
// list, an array as its scalar elements. Null, an empty array and an object
// match no rule, not even NotEqual, just as an absent claim. Any list of
// strings can be sent as a JSON array. So a claim ranges over "absent" and
// every non-empty list of strings; Equals, StartsWith and Contains match a
// list when some element passes, and NotEqual a matches when a is not in
// the list. The token checks pin two claims down: on a user pool login, aud
// is always the client of the key (one string); on a user pool or OIDC
// login, iss is absent or one of LOGIN and https://LOGIN. Every other claim
// is free.
//
// Rules on other claims. Let R be a rule on the free claim c. Take every
// other free claim absent: no rule on them matches, so they never stop R
// from being first. Only a pinned claim that cannot be absent can: on a user
// pool login, an earlier rule on aud that matches the client matches every
// request, and shadows R. Rules on a pinned claim itself are decided by
// trying each of its few values.
//
// Rules on the same free claim. Let P1..Pk be the earlier Equals,
// StartsWith and Contains rules on c and N(b1)..N(bm) its earlier NotEqual
// rules. R is the first match for a list L exactly when R matches L, no
// element of L passes any Pi, and every bj is in L (otherwise N(bj)
// matches first).
//
// Theorem. A positive rule R with test P is reachable if and only if
// (1) some string passes P and no Pi, and (2) no bj passes any Pi. A rule
// NotEqual a is reachable if and only if (1') no bj equals a, and (2).
//
// Proof. "Only if": the list L above holds every bj and none of its
// elements passes a Pi, which is (2); for a positive R some element passes P
// and no Pi, which is (1); for NotEqual a, a is not in L but every bj is,
// which is (1'). "If": for a positive R take L = {b1..bm, x} with x the
// string of (1). For NotEqual a take L = {b1..bm} when m > 0, and {z} for
// the fresh symbol z below when m = 0 (z differs from a and passes no Pi).
// In each case R matches L, no Pi does, and every bj is in L. ∎
//
// Said otherwise, (2) fails when an earlier N(b) and an earlier positive
// rule accepting b together catch every value of c: a list either holds b
// or it does not. Related names both rules.
//
// Condition (1) per match type, with v the value of R:
//
//   - Equals v: v passes no Pi, since x must be v.
//   - StartsWith v: no earlier StartsWith u with u a prefix of v, and no
//     earlier Contains u with u a substring of v. Earlier Equals rules never
//     suffice.
//   - Contains v: no earlier Contains u with u a substring of v. Earlier
//     Equals and StartsWith rules never suffice.
//
// "Only if" is plain: such a u is a prefix, or a substring, of every string
// starting with, or containing, v. For "if" the witness is v itself when v
// passes no Pi, and otherwise v·z for StartsWith and z·v for Contains, where
// the fresh symbol z is a byte that occurs in no value of the mapping, or,
// when every value is valid UTF-8, a code point that occurs in none. Any
// occurrence of a value u in v·z or z·v that is not inside v overlaps z: for
// a byte it then holds the byte z; for a code point it holds the whole code
// point, because UTF-8 is self-synchronising (an occurrence of a valid UTF-8
// string in a valid UTF-8 string starts and ends on code point boundaries).
// Either way u would hold z, which it does not. So an earlier StartsWith u
// prefixing v·z is a prefix of v; an earlier Contains u inside v·z or z·v
// lies inside v; an earlier StartsWith u prefixing z·v, or an earlier
// Equals u equal to v·z or z·v, cannot exist. All of these were excluded. A
// fresh symbol always exists within AWS's limits: 400 values of 128 code
// points hold at most 51,200 of Unicode's 1,112,064 scalar values. (A pool
// built in Go may hold values that are not valid UTF-8 and use every byte
// between them; such a mapping is not analysed. JSON cannot express it.)
//
// The analysis is exact in both directions: each rule it keeps comes with a
// witness request, which [Witness] returns and the tests resolve, and the
// tests check against brute-force evaluation that removing any rule it
// reports never changes a decision.
//
// # Semantic diff
//
// [Diff] compares two pools' decision functions, not their documents: a
// [Change] is a set of requests whose outcome (a role, or an error's code
// and message) differs, with where it lives, the rules that decide it in
// each pool, a sentence and a witness request. Changes are deduplicated by
// (scope, where the change lives — the mapping key, else the login — old
// and new outcome, rules involved), as rolemap/REFERENCE.md §8 says, so the logins that
// select one user pool key through its colons share its changes, and
// CustomRoleArn values that change alike share one; they are sorted, and
// two pools that decide every request alike give none.
//
// Soundness is by construction: Diff proposes candidate requests and
// resolves each under both compiled pools; a change is reported only with
// the outcomes its witness really gets.
//
// Completeness: every request that the two pools decide differently is
// covered by a change of the same login kind and mapping key — and by one
// with the same deciding rules and the same outcomes, except that a role
// the request names itself (a token's or an assertion's role, a
// CustomRoleArn) is stood for by a fresh ARN. The candidates are chosen so:
//
//   - Request checks (lengths of Login and CustomRoleArn) and the token
//     checks on iss and aud do not depend on the pool, so they cannot
//     differ.
//   - Guests and developer logins depend only on AllowUnauthenticated-
//     Identities, the default roles and CustomRoleArn, compared for
//     equality: Diff tries no CustomRoleArn, each default role of either
//     pool, and a fresh ARN, which stands for every other one.
//   - A login, with for a user pool its app client, selects a mapping and
//     passes the provider check by name only. Diff tries every login and
//     client either pool names (each colon split of a user pool key), the
//     six social logins, and a fresh login of each kind with a fresh client,
//     which stand for every login no pool names: all are decided alike.
//   - Within a login, a Token mapping, a SAML assertion and the default
//     role depend on the claims only through whether a preferred role is
//     set, how many distinct roles are listed (none, one, several) and
//     whether CustomRoleArn is among them. Diff tries each with fresh ARNs,
//     which differ from every outcome of the other pool as any other unlisted
//     ARN would, and with the pools' authenticated roles.
//   - A Rules mapping decides by its first matching rule. For each pair (i,
//     j) — the old mapping's first match is rule i, the new one's rule j,
//     "none" included — Diff decides exactly whether some claims make both
//     true, and builds them. The rules before i and j must not match and
//     rules i and j must; claims are independent, so this is a conjunction
//     per claim. A claim no rule must match can be absent. On a claim that
//     some rules M must match and others N must not, with F the values of
//     the NotEqual rules in N and X those in M, a value exists if and only
//     if (1) F and X are disjoint, (2) no positive rule of N accepts a value
//     of F, and (3) for each positive rule p of M no positive rule q of N
//     rules out p: for Equals v, v is not in X and no q accepts v; for
//     StartsWith and Contains, no q covers p (as in the unreachable-rule
//     theorem above). The list of F, then v, v·z or z·v per rule of M with
//     the fresh symbol z (or z alone), is then a witness; the argument is
//     that of the unreachable-rule theorem, with X excluded by (1) and by z.
//     Claims the token checks pin (aud, iss) are decided by trying their few
//     values; claims Facebook and Amazon hide never match. Every pair whose
//     outcomes differ therefore yields a change.
//
// One limit: when one pool's Rules mapping tests cognito:roles,
// cognito:preferred_role or the SAML Role attribute and the other pool's
// Token or SAML decision reads the same claim, the two are combined by
// merging the scenario into the region's witness, which may miss a
// difference that needs a value both tests care about; every change
// reported there is still sound.
//
// The tests check both properties: a rapid property against brute force
// over every request built from small alphabets (rule claims, cognito:roles
// and the SAML Role attribute; social, OIDC and SAML logins), on pairs of
// pools made by mutating one (a value, a match type, an order, a role, the
// fallback, a rule or a mapping added or removed), and an exhaustive test
// of every pair of 1–2-rule mappings over values that prefix and contain
// each other.
//
// Cost: linear in the number of logins and keys the pools name; per
// mapping key with n old and m new rules, O(n·m) comparisons of values to
// build the tables, then O(1) per pair (i, j), and one witness and two
// resolutions, O(n+m), per satisfiable pair that may change. A pool that
// decides by rules gives the outcome of its first matching rule, so once
// the outcomes of rules i and j are known, a pair whose two outcomes are
// equal is skipped without a witness: a pair is built only to learn an
// outcome (O(n+m) pairs) or to list a change. Changes are bounded by
// [MaxWitnessValues]: past it, Diff stops listing rule pairs of that login
// and says so with [ErrTooManyChanges], keeping one change at least for
// every login kind and mapping key that changes. A 400-rule mapping with
// one rule edited diffs in about 20 ms, and against its own rules reversed
// (11,029 changes) in about 110 ms (BenchmarkDiff); two 400-rule mappings
// of distinct NotEqual values, where all 160,000 pairs are satisfiable,
// take about 100 ms when no pair changes (14 s before pairs were skipped)
// and about 200 ms to list 5,147 changes and stop at the bound when every
// pair changes (TestDiffHostileBounded, -v).
//
// The logins and clients that select one mapping key (each colon split of
// a user pool key) share its rule-pair analysis: two of them that pin the
// claims the rules read (aud, iss) to the same values and reach each pool's
// mapping alike — or stop before it with the same error — decide every
// witness alike, and their changes are the same changes, so the pairs are
// analysed for the first only (ten 400-rule mappings under keys of 40
// colons: 10 s and 5.4 GiB before, about 1.2 s now). Time is bounded by
// [MaxDiffWork] rule pairs and requests, past which Diff stops with
// [ErrTooMuchWork] and the changes it listed; with it, no pair of valid
// pools (at most 10 mappings of at most 400 rules, rolemap/REFERENCE.md §2) diffs for more
// than about a second on a 2-core machine (TestDiffWorkBudget).
//
// # Access analysis
//
// [Access] answers, for every role a deployment names, who can obtain
// credentials for it and how: each path is a role, a flow and an identity
// kind, with the ways it arises, a certainty, the conditions on the
// claims (and who controls each), and a witness request that reproduces
// it. [DiffAccess] compares two reports; [Lint] adds the access findings
// when it is given the deployment (trust policies or user pools).
//
// The roles are every ARN the deployment names: default roles, rule
// roles, group roles and the roles whose trust policies it holds. Other
// roles of the account may trust the pool too; the report says so and
// cannot list them. The identity kinds are the pool's providers, by
// mapping key (guest when AllowUnauthenticatedIdentities is true,
// ProviderName:ClientId, each social provider, each OIDC host, each SAML
// provider ARN, developer:NAME); when the pool lists none of its providers,
// the mapping keys and "*" (any other login), every path possible.
//
// Enhanced flow (GetId, then GetCredentialsForIdentity): every way is a
// request resolved through the deployment's [credentials.Checker] — the
// role choice, the principal tags and the trust check — so a certain path's
// witness replays to its role (PathWitness.Request). Ways: default-role
// (guests, scoped down by AWS's guest session policy, see
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonCognitoUnauthenticatedIdentities.html;
// developer identities; a provider without a mapping), "rule i" (for each
// rule the unreachable-rule analysis shows can be the first match, its
// witness), ambiguous (a request of the kind that matches no rule, or a
// token without a usable role, under AuthenticatedRole), token (a member of
// one group gets its role; every role when the user pool or its groups are
// not given, under a pre token generation trigger, or for an OIDC issuer,
// which writes cognito:roles itself; none for a social provider), saml
// (the assertion names any role) and custom-role (an identity entitled to
// several roles picks one with CustomRoleArn,
// https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html).
// When a role's trust policy tests a principal tag, the search tries each
// tag's claim absent and with each value the policy compares it with, up
// to 64 combinations a way (past it the report names the unknown
// search-bound).
//
// Basic (classic) flow (GetOpenIdToken, then
// sts:AssumeRoleWithWebIdentity with a role the caller names): STS reads
// only the role's trust policy
// (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html).
// It is unavailable when the pool has role mappings (GetOpenIdToken fails
// "Basic (classic) flow is not supported with RoleMappings, please use
// enhanced flow.") or AllowClassicFlow is false, available when it is
// true. Decisions:
//
//   - AllowClassicFlow absent (and no mappings): the basic flow counts as
//     possibly on (unknown classic-flow-unset). Neither the API nor
//     CloudFormation documents a default, CDK documents "not allowed" yet
//     omits the property when unset, and a pool created without it has been
//     seen to issue basic-flow tokens (https://github.com/aws/aws-cli/issues/7652).
//     Terraform's default is false and always sent
//     (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_identity_pool).
//   - The trust policy is evaluated with aud the pool, amr as Cognito gives
//     it for the kind, an identity ID the policy names or a placeholder,
//     and no tags: GetOpenIdToken takes none; that no tag map applies is
//     inferred. A role without a policy is possible (trust-unverified).
//   - A pool with principal tag maps: every basic path is possible
//     (basic-flow-with-tags): AWS describes basic-flow pools as having no
//     attributes for access control but documents no refusal.
//   - Developer identities: a caller with the account's credentials gets a
//     token for any developer user (GetOpenIdTokenForDeveloperIdentity) and
//     takes it to STS; a path for every role whose trust admits the
//     developer amr, always possible (developer-basic-flow), whatever
//     AllowClassicFlow and the mappings say — whether they gate it is
//     unknown, and STS reads no pool setting. It is reported, with no
//     finding of its own.
//   - Guests' basic-flow credentials come from STS and are not scoped down
//     (ScopedDown is true on enhanced guest paths only; no permission
//     policy is read or intersected).
//
// Who controls a claim, for a user pool kind (the pool's Schema, its app
// client's ReadAttributes and WriteAttributes, sign-up and identity
// providers; https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
// and https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html).
// Writability is the first that applies of:
//
//  1. a pre token generation trigger: every claim possibly (its Lambda
//     rewrites claims and groups) [decision, fail closed];
//  2. sub, iss, aud, token_use, auth_time, exp, iat, jti, event_id,
//     origin_jti, at_hash, identities and the group claims: never;
//  3. cognito:username: the user's when self sign-up is on and the pool has
//     no UsernameAttributes (the signer picks it once), else never;
//  4. developer-only attributes (dev:custom:*): never;
//  5. an attribute the client cannot write: never (an identity provider's
//     mapping to it fails too);
//  6. email or phone_number whose update waits for verification: possibly
//     (only to an address the user receives mail at);
//  7. mutable, or immutable with self sign-up on (set once at SignUp): as
//     the client's write list says;
//  8. immutable with self sign-up off: never (AdminCreateUser only).
//
// Rows 6–8 are then raised by the attribute mapping of an identity
// provider the client lists: to the user's for Google, Facebook,
// LoginWithAmazon and SignInWithApple unless it maps the account's ID
// (sub, id, user_id), to at least possibly for OIDC and SAML. Decisions:
//
//   - WriteAttributes absent or empty: the standard attributes are
//     writable and custom ones possibly: the API reference says standard
//     only, the developer guide and observed pools say custom too [fail
//     closed]. ReadAttributes absent or empty likewise: the standard
//     attributes, email_verified and phone_number_verified readable, custom
//     ones possibly. Developer-only attributes are always readable. Required
//     attributes are writable by every client. oidc:profile stands for
//     OpenID Connect's 14 profile claims (name … updated_at).
//   - A Schema entry without Mutable is immutable; a standard attribute not
//     in the Schema is mutable; a Name neither standard nor prefixed is
//     custom:Name (dev:custom:Name when developer-only).
//   - Self sign-up is on when AllowAdminCreateUserOnly is false or absent
//     (the API's default).
//   - The user pool or the client not given: the static list — standard
//     and custom:* attributes possibly the user's, other claims not — as
//     Lint answered before; WithWritableAttributes and
//     WithReadOnlyAttributes still override. A user pool the deployment
//     lacks gets no self-signup-grants-role finding, only the unknown
//     user-pool-unknown.
//   - Readability: a rule on a claim the client does not read never
//     matches and a tag from it is never set ("Your user's ID token from an
//     app only contains claims that correspond to the readable
//     attributes"); a custom:* claim missing from a given Schema is never
//     read; non-attribute claims are always present; a path that needs a
//     claim read only possibly is possible (readability). An attribute
//     claim is read possibly when the app client (or its user pool) is not
//     given, since which attributes it reads is then unknown, and under a
//     pre token generation trigger.
//   - Social, OIDC and SAML kinds: standard and custom:* claims are the
//     holder's for social providers and possibly for OIDC and SAML; other
//     claims are the identity provider's.
//
// Certainty: certain when every step is AWS's documented behaviour or this
// package's decision, the deployment holds every input, and the witness
// reproduces the path; otherwise possible, and Why names the unknowns
// (trust-unverified, classic-flow-unset, developer-basic-flow,
// basic-flow-with-tags, groups-unknown, readability, pre-token-trigger,
// providers-unknown, user-pool-unknown, search-bound). A report is
// complete when it names none. Witnesses use fresh values (w-1, …) that no
// rule of the kind's mapping names. Further decisions:
//
//   - A SAML assertion whose Role attribute holds several roles is treated
//     like a token whose cognito:roles holds several: its user may name any
//     of them in CustomRoleArn (way custom-role). AWS documents the choice
//     for tokens; for SAML it is this package's decision, as for
//     [rolemap.Resolver], and custom-role-choice flags a SAML provider
//     without a Rules mapping.
//   - search-bound: the search for a witness whose principal tags satisfy
//     a role's trust policy stops after 64 combinations for one way; when
//     it stops, a path may be missing (the only unknown that can hide a
//     path rather than make one possible), and the report names it.
//   - [Lint] adds the access findings (and decides user-writable-claim
//     from the access analysis, even when it finds nothing else) only when
//     its options give a deployment: trust policies ([WithTrustPolicies])
//     or user pools ([WithUserPools]). A plain pool document keeps the
//     lint findings it had before the access analysis, those the
//     project's conformance case files expect. When the analysis cannot
//     run, Lint keeps its list-based user-writable-claim findings.
//
// Findings, each with its own severity (Checks lists a code's highest):
// classic-flow-enabled (true, dormant behind role mappings; or absent
// without mappings, possibly); classic-flow-exposes-role (a kind other
// than developer reaches a role by the basic flow and never by the
// enhanced one: an error, a warning when every such path is possible; the
// reachability twin of trust-no-amr, which points to it); guest-access;
// user-writable-claim (a rule that can be the first match on a claim the
// token carries and the user writes: an error when escalating, that is when
// its role differs from what a user who sets nothing gets, or that user is
// refused); user-writable-principal-tag (an error when a role the
// provider's identities reach tests the tag); claim-not-readable (such a
// rule gets no unreachable-rule); self-signup-grants-role (self sign-up on,
// or possibly through a social identity provider, which creates users
// whatever AllowAdminCreateUserOnly says, and a new user in no group
// reaches a role); custom-role-choice (a listed user whose groups give
// several roles, or a SAML provider without a Rules mapping).
//
// Cost: the rules analysis of each mapping (as for unreachable-rule), then
// a bounded number of resolutions per rule, group role, listed user's role
// list and role of the universe, and one trust evaluation per role and
// kind for the basic flow: linear in the deployment times the rules
// analysis, at most |roles| × 2 × |identities| paths (TestAccessBounded).
package validate
