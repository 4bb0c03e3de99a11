package validate

import (
	"errors"
	"strconv"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// The codes of the findings [Violations] makes of a pool's violations of
// rolemap/REFERENCE.md §2, one per sentinel of a [FieldError]. AWS refuses such a pool.
const (
	// CodeMissing: a required member is absent or empty ([ErrMissing]).
	CodeMissing = "missing"
	// CodeInvalidValue: a member has a value AWS does not accept
	// ([ErrInvalidValue]).
	CodeInvalidValue = "invalid-value"
	// CodeOverLimit: a collection holds more entries than AWS allows
	// ([ErrOverLimit]).
	CodeOverLimit = "over-limit"
)

// Severity says how bad a finding is (package rolemap/diag's).
type Severity = diag.Severity

const (
	// SeverityWarning: AWS accepts the pool, which probably does not do
	// what its author meant (every code of [Lint] and [LintDocument]).
	SeverityWarning = diag.SeverityWarning
	// SeverityError: AWS refuses the pool (the codes of [Violations]).
	SeverityError = diag.SeverityError
)

// Violations returns the violations err holds (see [Errors]) as findings
// of the codes [CodeMissing], [CodeInvalidValue] and [CodeOverLimit], so
// that a tool reports them with [Lint]'s findings: the path, and the
// violated constraint as the message. It returns nil for nil and for an
// error that holds no violation.
func Violations(err error) []Finding {
	var out []Finding
	for _, fe := range Errors(err) {
		out = append(out, fe.Diagnostic())
	}
	var ve *rolemap.ValidationError
	if errors.As(err, &ve) && ve.Omitted > 0 {
		out = append(out, Finding{Severity: SeverityError, Code: CodeInvalidValue, Message: strconv.Itoa(ve.Omitted) + " more violations are not listed"})
	}
	return out
}

// CodeSeverity returns the severity of a finding of code unless the
// finding sets its own (the access findings do: an escalating
// user-writable-claim is an error, another a warning). [Checks] lists
// each code's highest.
func CodeSeverity(code string) Severity { return severityOf(code) }

// severityOf returns the severity of a code: SeverityError for the codes
// of [Violations] and for trust-refuses-pool and tags-without-tag-session
// (AWS accepts the pool, and every request that reaches the role fails),
// SeverityWarning for the others. A finding's Severity, set by the
// functions of this package, is its code's.
func severityOf(code string) Severity {
	switch code {
	case CodeMissing, CodeInvalidValue, CodeOverLimit:
		return SeverityError
	case CodeTrustRefusesPool, CodeTagsWithoutTagSession:
		// AWS accepts the pool, and every request that reaches the role
		// fails.
		return SeverityError
	}
	return SeverityWarning
}

// Check describes one code a [Finding] may have, for tools that list them
// (a SARIF rule, a --help page).
type Check struct {
	Code     string
	Severity Severity
	// Summary says in a sentence what the check finds.
	Summary string
	// Help explains why it matters and how to fix it.
	Help string
}

// Catalogue returns the codes of [Checks] as a rule catalogue for the
// writers of package rolemap/diag: each code's default severity, summary,
// help, help page and the security severity GitHub code scanning ranks an
// alert by (8.0, high, for the findings that let someone obtain a role
// they should not have; 7.0, high, for a pool or role AWS refuses; 4.0,
// medium, for the other warnings). A code it does not list gets a rule of
// its own name.
func Catalogue() *diag.Catalogue { return catalogue }

var catalogue = func() *diag.Catalogue {
	c := &diag.Catalogue{Other: func(code string, sev Severity) diag.Rule {
		r := ruleOf(Check{Code: code, Severity: sev, Summary: code, Help: code})
		r.HelpURI = "https://github.com/rolemapping/rolemapping"
		return r
	}}
	for _, ch := range checks {
		c.Rules = append(c.Rules, ruleOf(ch))
	}
	return c
}()

// ruleOf is the catalogue's rule of a check.
func ruleOf(c Check) diag.Rule {
	r := diag.Rule{Code: c.Code, Severity: c.Severity, Summary: c.Summary, Help: c.Help,
		HelpURI: "https://pkg.go.dev/github.com/rolemapping/rolemapping/validate#pkg-constants"}
	switch {
	case escalations[c.Code]:
		r.Tags, r.SecuritySeverity = []string{"security", "access"}, "8.0"
	case c.Severity == SeverityError:
		r.Tags, r.SecuritySeverity = []string{"security", "correctness"}, "7.0"
	default:
		r.Tags, r.SecuritySeverity = []string{"security", "maintainability"}, "4.0"
	}
	return r
}

// escalations are the findings that let someone obtain a role they should
// not have: a claim its holder writes, a role any identity pool or a guest
// can assume, a substring rule that admits more than it names.
var escalations = map[string]bool{
	CodeUserWritableClaim: true, CodeTrustNoAud: true, CodeTrustNoAMR: true, CodeSubstringMatch: true,
	CodeClassicFlowExposesRole: true, CodeUserWritablePrincipalTag: true, CodeSelfSignupGrantsRole: true, CodeCustomRoleChoice: true,
}

// Checks lists every code, those of [Violations] first, then [Lint]'s and
// [LintDocument]'s, in a stable order.
func Checks() []Check {
	return append([]Check(nil), checks...)
}

var checks = []Check{
	{CodeMissing, SeverityError, "A member AWS requires is absent or empty.",
		"AWS refuses the pool: SetIdentityPoolRoles and CreateIdentityPool fail with InvalidParameterException. Set the member (the required ones: a mapping's Type and AmbiguousRoleResolution, a Rules mapping's rules, each rule's four members; see SetIdentityPoolRoles in the Amazon Cognito API Reference)."},
	{CodeInvalidValue, SeverityError, "A member has a value AWS does not accept.",
		"AWS refuses the pool: a value out of its pattern or length (an identity pool ID not REGION:GUID, a RoleARN under 20 characters, a Claim with a space), an unknown Type, MatchType or AmbiguousRoleResolution, or a mapping key that is not a configured provider. The message names the constraint."},
	{CodeOverLimit, SeverityError, "A collection holds more entries than AWS allows.",
		"AWS refuses the pool: at most 10 role mappings, and 25 rules per mapping unless the quota was raised (400 at most). Merge mappings, or rules that grant the same role."},
	{CodeUnreachableRule, SeverityWarning, "A rule can never be the first match, so it never grants its role.",
		"Rules are evaluated in order and the first match wins; earlier rules match every request this one matches (Related names them). Move the rule before the rules that shadow it, narrow them, or delete it."},
	{CodeSubstringMatch, SeverityWarning, "A Contains or StartsWith rule matches more than its author probably meant.",
		"Contains \"admin\" matches the group \"superadmins\", and a value that is part of another rule's value matches it too. On cognito:groups and other lists of identifiers, use Equals, which matches an element exactly."},
	{CodeUserWritableClaim, SeverityError, "A rule tests a claim the end user can change.",
		"AWS: \"If the claim that you are mapping to a role can be modified by the end user, any end user can assume your role.\" An error when the rule gives a role the user would not get otherwise (escalating), else a warning; exact when the app client and the user pool's schema are given (WriteAttributes, Mutable, self sign-up, identity providers' attribute mappings, https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html). Test a claim users cannot write (cognito:groups, sub, a read-only custom attribute), or remove the attribute from the app client's WriteAttributes."},
	{CodeTokenOnSocialProvider, SeverityWarning, "A Token mapping on a social provider, whose tokens never carry cognito:roles.",
		"Only Cognito user pools write cognito:roles and cognito:preferred_role; every login of this provider gets the ambiguous resolution. Use a Rules mapping."},
	{CodeRulesOnTokenMapping, SeverityWarning, "A Token mapping carries rules, which resolution ignores.",
		"A Token mapping reads cognito:roles and cognito:preferred_role only. Set Type to Rules to use the rules, or remove them."},
	{CodeMissingAuthenticatedRole, SeverityWarning, "Some requests fall back to a default authenticated role that is not set.",
		"Such requests fail with InvalidIdentityPoolConfigurationException. Set Roles.authenticated, or make the mapping deny (AmbiguousRoleResolution Deny)."},
	{CodeRoleARNShape, SeverityWarning, "A role ARN is not shaped arn:PARTITION:iam::ACCOUNT:role/NAME.",
		"AWS accepts any string of 20 to 2048 characters, and STS then refuses it when a user assumes the role. Use the role's ARN."},
	{CodeMappingKeyShape, SeverityWarning, "A mapping key no login carries.",
		"A user pool key is cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID, and an OIDC key is the host without https://. Write the key as the Logins map carries it."},
	{CodeProvidersUnknown, SeverityWarning, "The pool lists none of its providers.",
		"The provider checks are skipped and AllowUnauthenticatedIdentities reads as false: typically the output of get-identity-pool-roles alone. Merge in describe-identity-pool's output, or import the template."},
	{CodeUnauthenticatedRoleUnused, SeverityWarning, "An unauthenticated role is set while guests are refused.",
		"AllowUnauthenticatedIdentities is absent, so no guest ever gets Roles.unauthenticated. Set it to true, or remove the role."},
	{CodeTokenOnOIDCProvider, SeverityWarning, "A Token mapping on an OIDC provider that is not a Cognito user pool.",
		"The provider's issuer, not Cognito, writes cognito:roles and cognito:preferred_role: whoever controls it chooses the role. Use a Rules mapping unless you trust that issuer to."},
	{CodeUnknownMember, SeverityWarning, "A member nearly spells one of AWS's names, which AWS ignores.",
		"AWS ignores members it does not know (RoleMapings, type, Rule), so the setting it was meant to be is absent. Spell the member as AWS does."},
	{CodeCloudFormationShape, SeverityWarning, "A role mapping has CloudFormation's IdentityProvider member.",
		"AWS's RoleMappings are keyed by the provider itself; this one is keyed by its CloudFormation name, which no login carries. Key it by the IdentityProvider's value, or lint the template itself."},
	{CodeDuplicateMember, SeverityWarning, "A member is given twice in one object.",
		"AWS and the AWS CLI keep the last one, so the first is silently lost. Remove one."},
	{CodeTrustRefusesPool, SeverityError, "A role the pool can choose does not trust this pool.",
		"STS refuses to assume it for every user, so GetCredentialsForIdentity fails with InvalidIdentityPoolConfigurationException (\"Check assigned IAM roles for this pool\"). Allow sts:AssumeRoleWithWebIdentity to the Federated principal cognito-identity.amazonaws.com on a StringEquals condition on cognito-identity.amazonaws.com:aud naming this pool's ID."},
	{CodeTrustNoAud, SeverityWarning, "A trust statement for identity pools does not pin the pool.",
		"Without a condition on cognito-identity.amazonaws.com:aud the role would trust every identity pool; IAM refuses to save such a policy for this principal and STS needs the condition, so the statement never counts. Add StringEquals on cognito-identity.amazonaws.com:aud with the pool's ID."},
	{CodeTrustNoAMR, SeverityWarning, "A guest of the pool can assume an authenticated role.",
		"The role's trust policy, evaluated with a guest's context (amr [\"unauthenticated\"] and this pool's aud), allows it, and the pool allows guests and the basic (classic) flow, which gives a guest a token it can take to STS for any role. Require ForAnyValue:StringLike on cognito-identity.amazonaws.com:amr with \"authenticated\" only, or set AllowClassicFlow to false."},
	{CodeTrustUnknownRole, SeverityWarning, "A role the pool can choose has no trust policy among those given.",
		"Resolution refuses it (rolemapping.UnknownRole) rather than trust it blindly. Add the role's AssumeRolePolicyDocument (aws iam get-role) to the roles given."},
	{CodeTrustUnsupported, SeverityWarning, "A role's trust policy is outside what rolemapping evaluates.",
		"The policy uses IAM grammar the trust check does not evaluate (a Date, Numeric, Bool, IpAddress or Arn operator, a policy variable, an unknown key…), and rolemapping never guesses: the role is not checked, and resolving a request that chooses it returns rolemapping.UnsupportedTrustPolicy. Use the supported operators, or test the role against AWS."},
	{CodeSetOperatorOnSingleValuedKey, SeverityWarning, "A set operator on a single-valued key.",
		"ForAnyValue: and ForAllValues: are for multivalued keys (amr, aws:TagKeys); on aud or sub the value is a one-element set, and ForAllValues: is true when the key is absent. Use the operator without the prefix."},
	{CodeTokenGroupsNoRole, SeverityWarning, "A user's groups give a Token mapping no role.",
		"The user has no cognito:preferred_role and not exactly one cognito:roles, so the mapping's AmbiguousRoleResolution decides. Give the best group a role, or break the Precedence tie."},
	{CodeTagsWithoutTagSession, SeverityError, "Principal tags are on, and a role's trust policy does not allow sts:TagSession.",
		"STS needs sts:TagSession to set session tags, so every request with tags that chooses the role fails with InvalidIdentityPoolConfigurationException. Add sts:TagSession to the Action of its Allow statement."},
	{CodeClassicFlowEnabled, SeverityWarning, "The basic (classic) authflow is, or may be, enabled.",
		"With the basic flow any identity calls GetOpenIdToken and then sts:AssumeRoleWithWebIdentity for any role whose trust policy admits the pool's aud and its amr (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html). It is dormant while the pool has role mappings. AllowClassicFlow absent has no documented default. Set AllowClassicFlow to false."},
	{CodeClassicFlowExposesRole, SeverityError, "An identity obtains a role by the basic flow that the enhanced flow never gives it.",
		"STS checks only the role's trust policy, so the role mappings do not protect it (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html); a guest's basic-flow credentials are not scoped down. A warning when every such path is only possible. Require the right amr in the trust policy, or set AllowClassicFlow to false."},
	{CodeGuestAccess, SeverityWarning, "The pool gives AWS credentials to unauthenticated guests.",
		"Anyone on the internet obtains the unauthenticated role; enhanced-flow guest credentials are scoped down by AWS's guest session policy (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonCognitoUnauthenticatedIdentities.html), basic-flow ones are not. Turn AllowUnauthenticatedIdentities off unless guests need credentials."},
	{CodeUserWritablePrincipalTag, SeverityError, "A principal tag takes its value from a claim the user can write.",
		"Trust and permission policies that test the tag trust the user's own value. An error when a role the provider's identities reach tests aws:RequestTag for it. Take the tag from an attribute outside the app client's WriteAttributes (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html)."},
	{CodeClaimNotReadable, SeverityWarning, "A rule or principal tag reads a claim the app client never puts in the ID token.",
		"\"Your user's ID token from an app only contains claims that correspond to the readable attributes\" (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html): the rule never matches, the tag is never set. Add the attribute to the app client's ReadAttributes."},
	{CodeSelfSignupGrantsRole, SeverityWarning, "Anyone can become a user of the pool, and a new user reaches a role.",
		"With self sign-up on (AllowAdminCreateUserOnly not true, https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html), or a social identity provider on an app client, anyone on the internet becomes a user and obtains what a new user obtains. Turn self sign-up off, or grant new users nothing sensitive."},
	{CodeCustomRoleChoice, SeverityWarning, "An identity entitled to several roles picks any of them with CustomRoleArn.",
		"GetCredentialsForIdentity's CustomRoleArn chooses among the roles a token's cognito:roles or a SAML assertion lists (https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html), not only the preferred one. Give each user the roles meant for them only, or use a Rules mapping."},
}
