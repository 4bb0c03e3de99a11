package validate

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// The codes of a [Finding]. They are stable: tools may filter on them.
const (
	// CodeUnreachableRule: a rule of a Rules mapping can never be the first
	// match, so it never grants its role. See "Unreachable rules" in the
	// package documentation.
	CodeUnreachableRule = "unreachable-rule"
	// CodeSubstringMatch: a Contains or StartsWith rule whose value is also
	// a part of another value of the same mapping, or that tests
	// cognito:groups, whose elements are identifiers.
	CodeSubstringMatch = "substring-match"
	// CodeUserWritableClaim: a rule tests a claim the end user can usually
	// change, so any end user can assume its role.
	CodeUserWritableClaim = "user-writable-claim"
	// CodeTokenOnSocialProvider: a Token mapping on a social provider, whose
	// tokens never carry cognito:roles.
	CodeTokenOnSocialProvider = "token-on-social-provider"
	// CodeRulesOnTokenMapping: a RulesConfiguration on a Token mapping, which
	// resolution ignores.
	CodeRulesOnTokenMapping = "rules-on-token-mapping"
	// CodeMissingAuthenticatedRole: a fallback to the default authenticated
	// role, or a provider without a mapping, while Roles.authenticated is
	// not set: such requests fail with
	// InvalidIdentityPoolConfigurationException.
	CodeMissingAuthenticatedRole = "missing-authenticated-role"
	// CodeRoleARNShape: a role ARN not shaped
	// arn:PARTITION:iam::ACCOUNT:role/NAME.
	CodeRoleARNShape = "role-arn-shape"
	// CodeMappingKeyShape: a mapping key that looks like a user pool without
	// :CLIENTID, or that starts with a URL scheme.
	CodeMappingKeyShape = "mapping-key-shape"
	// CodeProvidersUnknown: the pool lists none of its providers, so the
	// provider checks of rolemap/REFERENCE.md §3.2 step 3 are skipped (typically the output
	// of get-identity-pool-roles alone, without describe-identity-pool).
	// Its path is empty: it is about the whole pool.
	CodeProvidersUnknown = "providers-unknown"
	// CodeUnauthenticatedRoleUnused: Roles.unauthenticated is set while
	// AllowUnauthenticatedIdentities is absent, which refuses guests.
	CodeUnauthenticatedRoleUnused = "unauthenticated-role-unused"
	// CodeTokenOnOIDCProvider: a Token mapping on an OIDC provider that is
	// not a Cognito user pool, whose issuer writes the role claims.
	CodeTokenOnOIDCProvider = "token-on-oidc-provider"
	// CodeUnknownMember: a member of the pool document that AWS ignores and
	// that nearly spells one of its member names ([LintDocument] only).
	CodeUnknownMember = "unknown-member"
	// CodeCloudFormationShape: a RoleMappings entry with an
	// IdentityProvider member, the CloudFormation shape, whose key is not
	// the provider ([LintDocument] only).
	CodeCloudFormationShape = "cloudformation-shape"
	// CodeDuplicateMember: a member of the pool document whose name its
	// object already has; only the last one counts ([LintDocument] only).
	CodeDuplicateMember = "duplicate-member"
)

// Finding is one finding of [Lint], [Violations] or [LintDocument], as
// the module's one diagnostic shape (package rolemap/diag): its code, path,
// message, fix and related paths; [LintFile] also sets where it is. A
// lint finding never makes a pool invalid: AWS accepts the pool, and it
// probably does not do what its author meant. Its Severity is its code's
// (see [Checks]): the functions of this package set it.
type Finding = diag.Diagnostic

// LintOption configures [Lint].
type LintOption func(*lintOptions)

type lintOptions struct {
	writable map[string]bool // nil: the default list
	readOnly map[string]bool
	maxRules int // 0: the default quota, 25
	// roles and userPools turn on the credentials findings.
	roles     map[string]*trust.Policy
	roleErrs  map[string]error
	userPools map[string]usergroups.UserPool
	// analysed: WithAnalysis gave analysis (nil: the pool does not
	// compile).
	analysed bool
	analysis *Analysis
	document []byte // WithDocument's; nil: none
}

// WithAnalysis gives Lint the [Analysis] of the pool it lints, made by
// [Analyze] with the rules quota the pool is deployed with, so that Lint
// does not compile the pool again: its unreachable-rule findings are a's,
// and [WithMaxRules] is ignored. A nil a says the pool does not compile
// (Analyze returned an error, which [Violations] reports): Lint then skips
// the unreachable-rule analysis. a must be the analysis of the pool given
// to Lint.
func WithAnalysis(a *Analysis) LintOption {
	return func(o *lintOptions) {
		o.analysed, o.analysis = true, a
	}
}

// WithDocument gives Lint the pool document its pool was parsed from (by
// [rolemap.ParsePool]): Lint also reports the findings only the document
// shows, those [LintDocument] adds, without parsing it again. A document
// that is not one ParsePool accepts adds nothing.
func WithDocument(data []byte) LintOption {
	return func(o *lintOptions) {
		o.document = data
	}
}

// WithMaxRules sets the rules-per-mapping quota the pool is compiled with,
// as [rolemap.WithMaxRules] does for [rolemap.Compile]: the unreachable-rule
// analysis runs on pools that compile at this quota, 25 by default. A value
// outside 1..400 is ignored.
func WithMaxRules(n int) LintOption {
	return func(o *lintOptions) {
		if n >= spec.MinRules && n <= spec.HardMaxRules {
			o.maxRules = n
		}
	}
}

// WithWritableAttributes gives the attributes end users can change — the
// user pool app client's WriteAttributes, such as "email" or
// "custom:tenant". It replaces the default list of the user-writable-claim
// finding: only a rule on one of these claims is reported. Calling it again
// adds to the list.
func WithWritableAttributes(names ...string) LintOption {
	return func(o *lintOptions) {
		if o.writable == nil {
			o.writable = map[string]bool{}
		}
		for _, n := range names {
			o.writable[n] = true
		}
	}
}

// WithReadOnlyAttributes names attributes end users cannot change, such as
// a custom attribute the app client does not list in its WriteAttributes.
// A rule on one of them is never reported as user-writable-claim.
func WithReadOnlyAttributes(names ...string) LintOption {
	return func(o *lintOptions) {
		if o.readOnly == nil {
			o.readOnly = map[string]bool{}
		}
		for _, n := range names {
			o.readOnly[n] = true
		}
	}
}

// defaultWritable are the standard user pool attributes an app client lets
// its users write unless configured otherwise; custom:* attributes are
// writable too.
var defaultWritable = map[string]bool{
	"address": true, "birthdate": true, "email": true, "family_name": true,
	"gender": true, "given_name": true, "locale": true, "middle_name": true,
	"name": true, "nickname": true, "phone_number": true, "picture": true,
	"preferred_username": true, "profile": true, "updated_at": true,
	"website": true, "zoneinfo": true,
}

func (o *lintOptions) isWritable(claim string) bool {
	if o.readOnly[claim] {
		return false
	}
	if o.writable != nil {
		return o.writable[claim]
	}
	return defaultWritable[claim] || strings.HasPrefix(claim, "custom:")
}

// Lint returns the findings of p, sorted by path, then code, then message.
// It never fails: on an invalid pool it lints what can be linted and skips
// what is malformed (a mapping whose key is not 1..128 code points long, a
// rule with an unknown MatchType, a value longer than AWS allows, the
// pairs of rules of a mapping with more rules than the hard cap of 400). The
// unreachable-rule analysis runs on pools that [rolemap.Compile] accepts
// with the rules quota of [WithMaxRules] (25 unless raised); see the package
// documentation.
//
// Lint takes time and memory linear in the pool's size, plus the square of
// the number of rules of each mapping; every message is under 1 KB (a
// finding names at most three related rules in its message and ten in
// Related, and says how many more there are).
func Lint(p rolemap.Pool, opts ...LintOption) []Finding {
	var o lintOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	var fs []Finding
	fs = lintPoolSettings(fs, &p)
	authRole := p.Roles[rolemap.RoleAuthenticated]
	for _, k := range slices.Sorted(maps.Keys(p.Roles)) {
		fs = lintRoleARN(fs, diag.Root("Roles").Key(k), p.Roles[k])
	}
	for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
		if n := utf8.RuneCountInString(key); n < spec.MappingKeyMinLen || n > spec.MappingKeyMaxLen {
			continue // a malformed key: validation reports it
		}
		m := p.RoleMappings[key]
		path := mappingPath(key)
		fs = lintKey(fs, key)
		if m.AmbiguousRoleResolution == rolemap.AmbiguousAuthenticatedRole && authRole == "" {
			fs = append(fs, Finding{
				Code: CodeMissingAuthenticatedRole, Path: path.Member("AmbiguousRoleResolution"),
				Message: "when this mapping finds no role it falls back to the default authenticated role, and Roles.authenticated is not set: such a request fails with " + spec.CodeInvalidIdentityPoolConfiguration,
				Fix:     "set Roles.authenticated, or set AmbiguousRoleResolution to Deny",
			})
		}
		switch m.Type {
		case rolemap.TypeToken:
			switch rolemap.KindOf(key) {
			case rolemap.KindSocial:
				fs = append(fs, Finding{
					Code: CodeTokenOnSocialProvider, Path: path.Member("Type"),
					Message: "tokens of the social provider " + clip.QuoteKey(key) + " never carry cognito:roles or cognito:preferred_role, so every login of this provider is ambiguous",
					Fix:     "use a Rules mapping, or remove the mapping so the default authenticated role applies",
				})
			case rolemap.KindOIDC:
				fs = append(fs, Finding{
					Code: CodeTokenOnOIDCProvider, Path: path.Member("Type"),
					Message: "a Token mapping takes the role from the token's cognito:roles and cognito:preferred_role claims; " + clip.QuoteKey(key) + " is not a Cognito user pool, so its issuer writes those claims, and whoever controls that issuer's tokens chooses any role the pool can assume",
					Fix:     "use a Rules mapping on claims the issuer vouches for, or make sure the issuer writes only roles meant for this pool",
				})
			}
			if m.RulesConfiguration != nil {
				fs = append(fs, Finding{
					Code: CodeRulesOnTokenMapping, Path: path.Member("RulesConfiguration"),
					Message: "a Token mapping ignores its RulesConfiguration: these rules are never evaluated",
					Fix:     "set Type to Rules, or remove the RulesConfiguration",
				})
			}
		case rolemap.TypeRules:
			if m.RulesConfiguration == nil {
				break
			}
			rules := m.RulesConfiguration.Rules
			for i, r := range rules {
				fs = lintRoleARN(fs, rulePath(key, i).Member("RoleARN"), r.RoleARN)
				if r.Claim != "" && o.isWritable(r.Claim) {
					fs = append(fs, writableFinding(key, i, r.Claim))
				}
			}
			if len(rules) <= spec.HardMaxRules {
				fs = lintSubstrings(fs, key, rules)
			}
		}
	}
	fs = lintUnmappedProviders(fs, &p, authRole)
	fs = lintCredentials(fs, &p, &o)
	a := o.analysis
	if !o.analysed {
		a, _ = Analyze(p, rolemap.WithMaxRules(cmp.Or(o.maxRules, spec.DefaultMaxRules)))
	}
	if a != nil {
		fs = lintAccess(fs, p, &o, a)
	}
	if o.document != nil {
		fs = append(fs, documentFindings(o.document)...)
	}
	return sortFindings(withSeverity(fs))
}

// sortFindings sorts findings by path (as written), then code, then
// message, writing each path once.
func sortFindings(fs []Finding) []Finding {
	type keyed struct {
		path string
		f    Finding
	}
	ks := make([]keyed, len(fs))
	for i, f := range fs {
		ks[i] = keyed{f.Path.String(), f}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.f.Code, b.f.Code), cmp.Compare(a.f.Message, b.f.Message))
	})
	for i, k := range ks {
		fs[i] = k.f
	}
	return fs
}

// withSeverity gives each finding without a severity its code's.
func withSeverity(fs []Finding) []Finding {
	for i := range fs {
		if fs[i].Severity == 0 {
			fs[i].Severity = severityOf(fs[i].Code)
		}
	}
	return fs
}

func mappingPath(key string) diag.Path {
	return diag.Path{{Name: "RoleMappings"}, {Kind: diag.StepKey, Name: key}}
}

// rulePath is the path of rule i of the mapping key, built in one
// allocation.
func rulePath(key string, i int) diag.Path {
	p := make(diag.Path, 5)
	p[0], p[1], p[2] = diag.Step{Name: "RoleMappings"}, diag.Step{Kind: diag.StepKey, Name: key}, diag.Step{Name: "RulesConfiguration"}
	p[3], p[4] = diag.Step{Name: "Rules"}, diag.Step{Kind: diag.StepIndex, Index: i}
	return p
}

// roleARNRE is the shape of an IAM role ARN: partition, no region, a
// 12-digit account, then role/, an optional path and the role name.
var roleARNRE = regexp.MustCompile(`^arn:aws(?:-[a-z]+)*:iam::[0-9]{12}:role/(?:[\x21-\x7e]*/)?[\w+=,.@-]{1,64}$`)

func lintRoleARN(fs []Finding, path diag.Path, arn string) []Finding {
	// An empty or overlong ARN is a validation error, not a finding.
	if arn == "" || len(arn) > spec.RoleARNMaxLen*utf8.UTFMax || roleARNRE.MatchString(arn) {
		return fs
	}
	return append(fs, Finding{
		Code: CodeRoleARNShape, Path: path,
		Message: "the role ARN " + clip.Quote(arn) + " is not shaped arn:PARTITION:iam::ACCOUNT:role/NAME",
		Fix:     "use the role's ARN as IAM prints it, such as arn:aws:iam::111122223333:role/Admin",
	})
}

func lintKey(fs []Finding, key string) []Finding {
	path := mappingPath(key)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(key, scheme) {
			return append(fs, Finding{
				Code: CodeMappingKeyShape, Path: path,
				Message: "a mapping key is the provider name a login carries, which never starts with " + scheme,
				Fix:     "use " + clip.QuoteKey(strings.TrimPrefix(key, scheme)),
			})
		}
	}
	if rolemap.KindOf(key) == rolemap.KindUserPool && len(userPoolSplits(key)) == 0 {
		fs = append(fs, Finding{
			Code: CodeMappingKeyShape, Path: path,
			Message: "a user pool mapping key is cognito-idp.REGION.amazonaws.com/POOLID:CLIENTID; without :CLIENTID no login selects this mapping",
			Fix:     "append \":\" and the app client ID",
		})
	}
	return fs
}

// userPoolSplits returns the positions of the colons that split a user pool
// mapping key into a user pool login and a non-empty app client ID.
func userPoolSplits(key string) []int {
	var out []int
	for i := 0; i < len(key); i++ {
		if key[i] == ':' && i+1 < len(key) && rolemap.KindOf(key[:i]) == rolemap.KindUserPool {
			out = append(out, i)
		}
	}
	return out
}

// lintSubstrings reports Contains and StartsWith rules that also match
// another value of the mapping, or that test cognito:groups.
func lintSubstrings(fs []Finding, key string, rules []rolemap.Rule) []Finding {
	usable := func(v string) bool {
		return v != "" && len(v) <= spec.ValueMaxLen*utf8.UTFMax && utf8.RuneCountInString(v) <= spec.ValueMaxLen
	}
	for i, r := range rules {
		if (r.MatchType != rolemap.Contains && r.MatchType != rolemap.StartsWith) || !usable(r.Value) {
			continue
		}
		var related []diag.Path
		var example string
		more := 0
		for j, o := range rules {
			if j == i || o.Value == r.Value || !usable(o.Value) {
				continue
			}
			if r.MatchType == rolemap.Contains && strings.Contains(o.Value, r.Value) ||
				r.MatchType == rolemap.StartsWith && strings.HasPrefix(o.Value, r.Value) {
				if len(related) == maxRelated {
					more++
					continue
				}
				related = append(related, rulePath(key, j))
				if example == "" {
					example = o.Value
				}
			}
		}
		groups := holdsGroups(key, r.Claim)
		if related == nil && !groups {
			continue
		}
		var msg string
		if related != nil {
			msg = string(r.MatchType) + " " + clip.QuoteKey(r.Value) + " also matches " + clip.QuoteKey(example) + ", a value of another rule of this mapping"
			if n := len(related) + more - 1; n > 0 {
				msg += ", and the values of " + strconv.Itoa(n) + " more"
			}
		}
		if groups {
			if msg != "" {
				msg += "; "
			}
			verb := "contains"
			if r.MatchType == rolemap.StartsWith {
				verb = "starts with"
			}
			msg += clip.QuoteKey(r.Claim) + " holds a list of names (groups or roles), which are identifiers: " + string(r.MatchType) + " " + clip.QuoteKey(r.Value) + " also matches any name that merely " + verb + " it"
		}
		fs = append(fs, Finding{
			Code: CodeSubstringMatch, Path: rulePath(key, i),
			Message: msg,
			Fix:     "use Equals with the exact value",
			Related: related,
		})
	}
	return fs
}

// lintUnmappedProviders reports, for a pool that lists its providers, each
// non-SAML provider without a mapping while Roles.authenticated is not set.
// A SAML login needs no default role (rolemap/REFERENCE.md §3.2 step 5).
func lintUnmappedProviders(fs []Finding, p *rolemap.Pool, authRole string) []Finding {
	if authRole != "" {
		return fs
	}
	add := func(path diag.Path, login string) {
		fs = append(fs, Finding{
			Code: CodeMissingAuthenticatedRole, Path: path,
			Message: "logins of " + clip.QuoteKey(login) + " have no role mapping, so they get the default authenticated role, and Roles.authenticated is not set: they fail with " + spec.CodeInvalidIdentityPoolConfiguration,
			Fix:     "set Roles.authenticated, or add a role mapping for this provider",
		})
	}
	for i, prov := range p.CognitoIdentityProviders {
		if _, ok := p.RoleMappings[prov.ProviderName+":"+prov.ClientID]; !ok {
			add(diag.Root("CognitoIdentityProviders").Index(i), prov.ProviderName+":"+prov.ClientID)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.SupportedLoginProviders)) {
		if _, ok := p.RoleMappings[k]; !ok {
			add(diag.Root("SupportedLoginProviders").Key(k), k)
		}
	}
	for i, arn := range p.OpenIDConnectProviderARNs {
		host := rolemap.OIDCHost(arn)
		if _, ok := p.RoleMappings[host]; host != "" && !ok {
			add(diag.Root("OpenIdConnectProviderARNs").Index(i), host)
		}
	}
	return fs
}

// holdsGroups reports whether a claim of the mapping key looks like a list
// of group or role names: cognito:groups, a claim whose name says group or
// role (custom:groups, groups, roles), or any attribute of a SAML mapping,
// whose attributes are lists of values.
func holdsGroups(key, claim string) bool {
	if claim == spec.ClaimGroups || rolemap.KindOf(key) == rolemap.KindSAML {
		return true
	}
	c := strings.ToLower(claim)
	return strings.Contains(c, "group") || strings.HasSuffix(c, "roles") || strings.HasSuffix(c, "role")
}

// writableFinding reports a rule on a claim the end user may change, with
// advice that fits the provider that issues the claim.
func writableFinding(key string, i int, claim string) Finding {
	f := Finding{Code: CodeUserWritableClaim, Path: rulePath(key, i).Member("Claim")}
	quoted := clip.QuoteKey(claim)
	switch kind := rolemap.KindOf(key); {
	case key == "accounts.google.com":
		f.Message = "Google sets " + quoted + " from the Google account, which its holder controls: any personal Google account can carry the value, " + `so a rule on it admits whoever creates such an account`
		f.Fix = "map on hd (the Google Workspace domain, which only the domain's admin controls) or on sub, the account's stable ID"
	case kind == rolemap.KindSocial:
		f.Message = "the social provider " + clip.QuoteKey(key) + " sets " + quoted + " from its user's profile, which the user controls"
		f.Fix = "map on sub, the account's stable ID"
	case kind == rolemap.KindOIDC || kind == rolemap.KindSAML:
		f.Message = "whether the user can change " + quoted + " depends on the provider " + clip.QuoteKey(key) + "; at most providers a profile attribute such as this one is the user's to edit"
		f.Fix = "map on a claim the provider vouches for (its groups or roles, or sub), or, if the provider keeps this one read-only, say so (rolemap lint --read-only-attributes; in Go, WithReadOnlyAttributes)"
	default:
		f.Message = "the claim " + quoted + " can usually be changed by the end user; AWS warns: \"If the claim that you are mapping to a role can be modified by the end user, any end user can assume your role\""
		f.Fix = "map on a claim the user cannot change, such as cognito:groups or sub, or give the app client's attributes (rolemap lint --writable-attributes or --read-only-attributes; in Go, WithWritableAttributes or WithReadOnlyAttributes)"
	}
	return f
}

// lintPoolSettings reports settings of the whole pool that make checks or
// roles silently not apply.
func lintPoolSettings(fs []Finding, p *rolemap.Pool) []Finding {
	if p.CognitoIdentityProviders == nil && p.SupportedLoginProviders == nil &&
		p.OpenIDConnectProviderARNs == nil && p.SAMLProviderARNs == nil {
		fs = append(fs, Finding{
			Code: CodeProvidersUnknown,
			Message: "the pool lists none of CognitoIdentityProviders, SupportedLoginProviders, OpenIdConnectProviderARNs and SamlProviderARNs, " +
				"so the checks that a login is one of its providers are skipped: a token from another app client or provider is resolved instead of refused, " +
				"and AllowUnauthenticatedIdentities, which describe-identity-pool prints, reads as false",
			Fix: "merge describe-identity-pool's output with get-identity-pool-roles': jq -s add describe.json roles.json",
		})
	}
	if _, ok := p.Roles[rolemap.RoleUnauthenticated]; ok && p.AllowUnauthenticatedIdentities == nil {
		fs = append(fs, Finding{
			Code: CodeUnauthenticatedRoleUnused, Path: diag.Root("Roles").Key(rolemap.RoleUnauthenticated),
			Message: "an unauthenticated role is set, and AllowUnauthenticatedIdentities is absent, which means false: guests are refused and the role is never used",
			Fix:     "merge describe-identity-pool's output (it prints AllowUnauthenticatedIdentities), or set AllowUnauthenticatedIdentities explicitly",
		})
	}
	return fs
}
