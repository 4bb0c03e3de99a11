// Package credentials answers the whole question of GetCredentialsForIdentity:
// does this identity get credentials, for which role, with which session
// tags? It runs the role choice of package rolemap, then the pool's
// principal tags, then the chosen role's trust policy (package trust), as
// Cognito does before STS hands out credentials (Amazon Cognito Developer
// Guide, "Identity pools authentication flow" and "Role trust and
// permissions"; AWS STS API Reference, AssumeRoleWithWebIdentity).
//
//	res, _ := rolemap.Compile(pool)
//	c, _ := credentials.New(res, roles) // roles: ARN → *trust.Policy
//	got, err := c.Get(credentials.Request{Request: rolemap.Request{Login: login, Claims: claims}})
//	var refused *credentials.TrustError
//	switch {
//	case errors.As(err, &refused):
//		fmt.Println(refused.Decision.Reason) // trust-condition, trust-tag-session, …
//	case err == nil:
//		fmt.Println(got.Decision.RoleARN, got.Tags)
//	}
//
// # Principal tags
//
// The tag map of a request (Pool.PrincipalTagAttributeMaps) is the one
// named by its provider: a user pool's login (without the client ID), a
// social provider's domain, the ARN of the OIDC provider whose host is the
// login, a SAML provider's ARN. Guests get no tags; a developer identity
// gets Request.DeveloperPrincipalTags verbatim. A custom map takes each
// tag's claim: a string as it is, a number or boolean as [rolemap.ClaimText]
// writes it, "" as "", an absent or null claim as no tag; an array or object (a
// multivalued SAML attribute included) is rolemapping.UnsupportedPrincipalTagValue,
// a value over 256 code points rolemapping.PrincipalTagTooLong (never
// truncated), more than 50 tags rolemapping.TooManyPrincipalTags.
//
// The default map (UseDefaults true, no PrincipalTags) gives client ← aud
// and username ← sub; for Login with Amazon username ← user_id, and for
// SAML client ← the …/claims/name attribute and username ← the
// …/claims/nameidentifier one. AWS documents the claims, not the tag keys:
// treat the default tags as this package's best reading, not as
// authoritative.
//
// # The trust check
//
// It runs only when trust policies are given (New's roles not nil), for
// every chosen role — default, rule, token, CustomRoleArn, SAML and
// unauthenticated roles alike. A chosen role with no policy in roles is
// rolemapping.UnknownRole: never silently trusted; one whose policy could
// not be read ([WithPolicyErrors], as [trust.ParseRoles] reports them) gets
// that error. The request context is the one Cognito gives STS: aud the
// pool's ID; sub Request.IdentityID or, when it is empty, a placeholder
// REGION:UUID derived from the pool, the login and the token's sub; amr
// ["unauthenticated"] for guests, ["authenticated", LOGIN,
// LOGIN:CognitoSignIn:SUB] for a user pool, ["authenticated", DEV,
// DEV:POOLID:USERID] for a developer identity (DEV the pool's
// DeveloperProviderName), ["authenticated", LOGIN] otherwise, and
// Request.AMR instead when given; the tags as aws:RequestTag/K and
// aws:TagKeys, and sts:TagSession checked besides
// sts:AssumeRoleWithWebIdentity when there is at least one.
//
// Package trust says how a policy is evaluated; in short, as IAM does and
// failing closed where IAM's behaviour is not documented: a key's values
// OR (Null's too: ["true", "false"] always holds); names of keys, actions
// and principals ignore ASCII case only; a Deny applies when its Federated
// principal might name the identity pool, an Allow only for the exact
// name; an Allow counts only if it pins aud to one pool, with no wildcard
// under StringLike; a policy over IAM's 4,096-character quota is refused;
// and an evaluation that would take more than [trust.MaxWork] steps (values
// far beyond AWS's sizes, which [CheckRequest] refuses for the identity ID
// and developer user ID) ends with a [trust.ErrWorkLimit] error.
//
// Errors that are not AWS behaviour are a [*rolemap.Error] whose Code
// starts "rolemapping." ([CodeUnknownRole], [CodeInvalidRequest] and the
// tag codes) or a [*trust.Error]; a trust refusal is a [*TrustError],
// which unwraps to AWS's InvalidIdentityPoolConfigurationException.
//
// # Explaining a request
//
// [ExplainRequest] gives what rolemap explain prints for one request: an
// [Explanation] with the role choice rule by rule, the tags, the trust
// decision — or "unverified" when the chosen role's policy is not among
// those given, unless the trust is required — and the error AWS would
// return. Its JSON form is rolemap explain --format json, and
// [Explanation.WriteText] writes the text. The claims a user pool's groups
// give a user come from usergroups.TokenFor.
//
// # Cost
//
// New compiles each trust policy for the pool ([trust.Policy.Compile]) and
// specializes it for each login the pool knows ([trust.Compiled.Specialize]):
// what does not depend on the identity — the principal, the actions, the
// aud conditions, the amr values every request of a login shares, whether
// tags are present — is decided once, and Get evaluates only what reads
// the request's own values. New also puts each tag map's entries in key
// order and gives each login the pool knows a plan (its tag map, its
// specialized policies), so that Get looks the login up once. It builds
// the trust trace only when Request.Trace is set.
//
// Without a trace Get allocates nothing but the [Tags] it returns, in one
// allocation (and an error's text) — unless the chosen role's policy has
// a condition left to evaluate on the tags (aws:RequestTag/K,
// aws:TagKeys), which the check reads from a map built for it, or on the
// sub key of a request without IdentityID, whose placeholder is built
// then. The tags are a [Tags], a sorted slice, rather than a map because a
// Go map takes at least two allocations; [Tags.Map] gives the map, and
// JSON and fmt write a Tags as they wrote the map.
//
// A Checker is immutable and safe for concurrent use. Pools with no tag
// maps and no trust policies need no Checker: [rolemap.Resolver.Resolve]
// answers them without allocating.
package credentials

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// Library error codes: outcomes that are not AWS behaviour.
const (
	CodeUnknownRole                  = "rolemapping.UnknownRole"
	CodeUnsupportedPrincipalTagValue = "rolemapping.UnsupportedPrincipalTagValue"
	CodePrincipalTagTooLong          = "rolemapping.PrincipalTagTooLong"
	CodeTooManyPrincipalTags         = "rolemapping.TooManyPrincipalTags"
)

// Limits of session tags (STS).
const (
	MaxTags        = 50
	MaxTagValueLen = 256
)

// The SAML attributes the default tag map reads.
const (
	SAMLNameAttribute           = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
	SAMLNameIdentifierAttribute = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"
)

// Request is a [rolemap.Request] and what the trust check and the tags
// read besides.
type Request struct {
	rolemap.Request
	// IdentityID is the identity's ID, the sub key of the trust check; ""
	// means a placeholder derived from the pool, login and token.
	IdentityID string
	// AMR, when not nil, replaces the amr values Cognito would send.
	AMR []string
	// DeveloperUserID is a developer identity's user identifier.
	DeveloperUserID string
	// DeveloperPrincipalTags are a developer identity's tags (the
	// PrincipalTags of GetOpenIdTokenForDeveloperIdentity).
	DeveloperPrincipalTags map[string]string
}

// Credentials is what a request gets.
type Credentials struct {
	// Decision is the role choice.
	Decision rolemap.Decision `json:"decision"`
	// Tags are the session's principal tags, in key order; nil when none.
	// In JSON, an object.
	Tags Tags `json:"tags,omitempty"`
	// Trust is the trust check's decision: the zero Decision when no trust
	// policies were given or the check did not run (see [Credentials.TrustChecked]).
	// Its Trace is filled only when Request.Trace was set.
	Trust trust.Decision `json:"trust,omitzero"`
}

// TrustChecked reports whether the trust check ran and decided: Trust is
// then allowed or has a reason.
func (c Credentials) TrustChecked() bool { return c.Trust.Allowed || c.Trust.Reason != "" }

// TrustError is a refused trust check: GetCredentialsForIdentity fails with
// InvalidIdentityPoolConfigurationException. It unwraps to that
// [*rolemap.Error], so errors.Is(err, rolemap.ErrInvalidIdentityPoolConfiguration)
// holds.
type TrustError struct {
	// Err is AWS's exception, with the library reason in Detail.
	Err *rolemap.Error
	// Role is the role STS refused.
	Role string
	// RoleChoice is the role choice that chose it.
	RoleChoice rolemap.Decision
	// Decision says why, statement by statement.
	Decision trust.Decision
}

// Error returns the AWS exception and the reason.
func (e *TrustError) Error() string { return e.Err.Error() + " (" + string(e.Decision.Reason) + ")" }

// Unwrap returns the AWS exception.
func (e *TrustError) Unwrap() error { return e.Err }

// Checker resolves requests to credentials for one pool.
type Checker struct {
	res     *rolemap.Resolver
	poolID  string
	china   bool
	devName string
	maps    map[string]rolemap.PrincipalTagMap // by IdentityProviderName
	oidc    map[string]string                  // host → provider ARN
	roles   map[string]*trust.Policy
	unread  map[string]error // the policies that could not be read, by ARN

	// Decided when the Checker is built: each policy compiled for the pool
	// and specialized for each login of the pool, and the head of the third
	// amr value of each user pool login (LOGIN:CognitoSignIn:) and of a
	// developer identity (DEV:POOLID:).
	compiled index[*roleTrust]
	signIn   map[string]string
	devHead  string

	// Each tag map's entries, by IdentityProviderName, and the plan of each
	// login the pool knows: what Get needs of the login, found with one
	// lookup.
	tagMaps map[string]tagMapPlan
	plans   index[*loginPlan]
}

// tagMapPlan is a tag map: its entries in key order, or the default map.
type tagMapPlan struct {
	entries  []tagEntry
	defaults bool
}

// loginPlan is what a login the pool knows needs: the entries of its tag
// map (in key order), whether it is SAML or a developer identity, and the
// index of its specialized policies in each roleTrust.
type loginPlan struct {
	entries []tagEntry
	saml    bool
	dev     bool
	index   int
}

// roleTrust is a role's trust policy compiled for the pool, and for each
// login the pool knows (by its plan's index), specialized for what
// Cognito's requests of that login have in common (the first amr values),
// untagged and tagged.
type roleTrust struct {
	policy  *trust.Compiled
	byLogin [][2]specialized
}

// specialized is a policy specialized for a login, untagged or tagged,
// and its decision when it reads nothing of the request.
type specialized struct {
	policy   *trust.Compiled
	decided  bool
	decision trust.Decision
}

// An Option configures a [Checker].
type Option func(*Checker)

// WithPolicyErrors gives the errors of the trust policies that could not be
// read, by role ARN (what [trust.Parse] returned, typically a
// [*trust.Error] of a policy outside the supported grammar): Get returns a
// role's error when it chooses that role, instead of
// rolemapping.UnknownRole. It turns the trust check on, as a non-nil roles
// map does.
func WithPolicyErrors(errs map[string]error) Option {
	return func(c *Checker) {
		if len(errs) > 0 {
			c.unread = maps.Clone(errs)
			if c.roles == nil {
				c.roles = map[string]*trust.Policy{}
			}
		}
	}
}

// New returns a Checker for the pool res was compiled from. roles maps role
// ARNs to their trust policies; nil means no trust check (and an empty,
// non-nil map refuses every role as unknown).
func New(res *rolemap.Resolver, roles map[string]*trust.Policy, opts ...Option) (*Checker, error) {
	p := res.Pool()
	c := &Checker{res: res, poolID: p.IdentityPoolID, devName: p.DeveloperProviderName,
		maps: map[string]rolemap.PrincipalTagMap{}, oidc: map[string]string{}}
	region, _, _ := strings.Cut(p.IdentityPoolID, ":")
	c.china = strings.HasPrefix(region, "cn-")
	for _, tm := range p.PrincipalTagAttributeMaps {
		c.maps[tm.IdentityProviderName] = tm
	}
	for _, arn := range p.OpenIDConnectProviderARNs {
		if host := rolemap.OIDCHost(arn); host != "" {
			c.oidc[host] = arn
		}
	}
	if roles != nil {
		c.roles = maps.Clone(roles)
	}
	for _, o := range opts {
		o(c)
	}
	c.signIn = map[string]string{}
	for _, up := range p.CognitoIdentityProviders {
		if rolemap.KindOf(up.ProviderName) == rolemap.KindUserPool {
			c.signIn[up.ProviderName] = up.ProviderName + ":CognitoSignIn:"
		}
	}
	if c.devName != "" {
		c.devHead = c.devName + ":" + c.poolID + ":"
	}
	// The logins of the pool, and the amr values their requests share.
	known := map[string]trust.Known{"": {AMR: []string{"unauthenticated"}}}
	dev := c.devName
	if dev == "" {
		dev = spec.DeveloperLogin
	}
	known[spec.DeveloperLogin] = trust.Known{AMR: []string{"authenticated", dev}, AMRMore: true}
	for up := range c.signIn {
		known[up] = trust.Known{AMR: []string{"authenticated", up}, AMRMore: true}
	}
	others := slices.Concat(slices.Collect(maps.Keys(p.SupportedLoginProviders)), p.SAMLProviderARNs, slices.Collect(maps.Keys(c.oidc)))
	for _, login := range others {
		if _, ok := known[login]; !ok && rolemap.KindOf(login) != rolemap.KindUserPool && rolemap.KindOf(login) != rolemap.KindDeveloper {
			known[login] = trust.Known{AMR: []string{"authenticated", login}}
		}
	}
	c.tagMaps = make(map[string]tagMapPlan, len(c.maps))
	for name, tm := range c.maps {
		entries, defaults := mapEntries(tm)
		c.tagMaps[name] = tagMapPlan{entries: entries, defaults: defaults}
	}
	logins := slices.Sorted(maps.Keys(known))
	plans := make(map[string]*loginPlan, len(logins))
	for i, login := range logins {
		kind := rolemap.KindOf(login)
		plans[login] = &loginPlan{entries: c.entries(login), saml: kind == rolemap.KindSAML, dev: kind == rolemap.KindDeveloper, index: i}
	}
	c.plans = newIndex(plans)
	compiled := make(map[string]*roleTrust, len(c.roles))
	for arn, policy := range c.roles {
		if policy == nil {
			continue
		}
		rt := &roleTrust{policy: policy.Compile(c.poolID), byLogin: make([][2]specialized, len(logins))}
		for i, login := range logins {
			k := known[login]
			for j, tagged := range [2]bool{false, true} {
				k.Tagged = tagged
				sp := &rt.byLogin[i][j]
				sp.policy = rt.policy.Specialize(k)
				sp.decision, sp.decided = sp.policy.Decided(tagged)
			}
		}
		compiled[arn] = rt
	}
	c.compiled = newIndex(compiled)
	return c, nil
}

// someTags stands for a request's tags in a trust request whose policy
// reads none of them: only their presence matters. Never changed.
var someTags = map[string]string{"": ""}

func libErr(code, msg string) *rolemap.Error { return &rolemap.Error{Code: code, Message: msg} }

// Get resolves req: the role choice, then the principal tags, then the
// trust check. It returns the role choice's error as Resolve does, a
// library error of the request, the tags or an unknown role, the error of
// an unread policy ([WithPolicyErrors]), an error of the trust check's work
// limit ([trust.ErrWorkLimit]), or a [*TrustError]. Once the role is
// chosen, the Credentials hold the Decision even with an error, and the
// tags once they are computed — on a trust refusal, the tags STS was asked
// for — so that [Explain] can show them.
//
// The trust check's trace (Trust.Trace, and TrustError's Decision.Trace)
// is built only when req.Trace is set, as the role choice's trace is.
// Without it, Get allocates nothing but the Tags it returns (and an
// error), as the package documentation says.
func (c *Checker) Get(req Request) (Credentials, error) {
	if err := CheckRequest(req); err != nil {
		return Credentials{}, err
	}
	var out Credentials
	var err error
	if out.Decision, err = c.res.Resolve(req.Request); err != nil {
		return Credentials{}, err
	}
	d := &out.Decision
	p, _ := c.plans.get(req.Login)
	tags, err := c.tags(req, p)
	if err != nil {
		return out, err
	}
	out.Tags = tags
	if c.roles == nil {
		return out, nil
	}
	rt, _ := c.compiled.get(d.RoleARN)
	if rt == nil {
		if err, unread := c.unread[d.RoleARN]; unread {
			return out, err
		}
		return out, libErr(CodeUnknownRole, "the chosen role "+clip.Quote(d.RoleARN)+" has no trust policy among the roles given, so it is not trusted blindly; give its trust policy: --roles FILE, a case file's \"roles\", or import the template that defines it")
	}
	if p != nil && req.AMR == nil && !req.Trace {
		sp := &rt.byLogin[p.index][min(len(tags), 1)]
		if sp.decided {
			out.Trust = sp.decision
		} else if out.Trust, err = c.evaluate(sp.policy, req, tags); err != nil {
			return out, err
		}
	} else if out.Trust, err = c.evaluate(rt.policy, req, tags); err != nil {
		return out, err
	}
	if td := &out.Trust; !td.Allowed {
		return out, &TrustError{
			Err: &rolemap.Error{Code: spec.CodeInvalidIdentityPoolConfiguration, Message: spec.MsgInvalidPoolConfig,
				MappingKey: d.MappingKey, Detail: string(td.Reason) + ": the trust policy of " + d.RoleARN + " refuses " + td.Action},
			Role: d.RoleARN, RoleChoice: *d, Decision: *td,
		}
	}
	return out, nil
}

// evaluate runs the trust check of policy for req and its tags, with a
// trace when req asks for one.
func (c *Checker) evaluate(policy *trust.Compiled, req Request, tags Tags) (trust.Decision, error) {
	if td, decided := policy.Decided(len(tags) > 0); decided && !req.Trace {
		return td, nil
	}
	reads := policy.Reads()
	if req.Trace {
		reads = trust.KeySub | trust.KeyAMR | trust.KeyTags
	}
	var amr [3]string
	return policy.Evaluate(c.trustRequest(req, tags, reads, &amr), req.Trace)
}

// TrustRequest returns the request context Cognito gives STS for req and
// its tags (see the package documentation).
func (c *Checker) TrustRequest(req Request, tags Tags) trust.Request {
	var amr [3]string
	tr := c.trustRequest(req, tags, trust.KeySub|trust.KeyAMR|trust.KeyTags, &amr)
	tr.AMR = slices.Clone(tr.AMR)
	if n := len(tr.AMR); n > 0 && tr.AMRTail != "" {
		tr.AMR[n-1] += tr.AMRTail
		tr.AMRTail = ""
	}
	return tr
}

// trustRequest builds the request context with the keys in reads (sub and
// amr are left empty when not read; the tags too, but for a stand-in that
// says there are some, since that decides whether sts:TagSession is
// checked): amr in amr's array, its third value given as a head decided
// when the Checker was built and AMRTail, so that nothing is allocated for
// the usual logins; a placeholder identity ID only when sub is read; the
// tags' map only when they are read.
func (c *Checker) trustRequest(req Request, tags Tags, reads trust.Keys, amr *[3]string) trust.Request {
	tr := trust.Request{IdentityPoolID: c.poolID, IdentityID: req.IdentityID, China: c.china}
	switch {
	case len(tags) == 0:
	case reads&trust.KeyTags != 0:
		tr.Tags = tags.Map()
	default:
		tr.Tags = someTags
	}
	if reads&(trust.KeySub|trust.KeyAMR) == 0 {
		return tr
	}
	kind := rolemap.KindOf(req.Login)
	sub := func() string {
		s, _ := rolemap.ClaimText(req.Claims["sub"])
		return s
	}
	if reads&trust.KeySub != 0 && tr.IdentityID == "" {
		tr.IdentityID = PlaceholderIdentityID(c.poolID, req.Login, sub())
	}
	if reads&trust.KeyAMR == 0 {
		return tr
	}
	switch {
	case req.AMR != nil:
		tr.AMR = req.AMR // trust.Compiled.Evaluate neither keeps nor changes it
	case kind == rolemap.KindUnauthenticated:
		amr[0] = "unauthenticated"
		tr.AMR = amr[:1]
	case kind == rolemap.KindDeveloper:
		dev, head := c.devName, c.devHead
		if dev == "" {
			dev = req.Login
			head = dev + ":" + c.poolID + ":"
		}
		*amr = [3]string{"authenticated", dev, head}
		tr.AMR, tr.AMRTail = amr[:3], req.DeveloperUserID
	case kind == rolemap.KindUserPool:
		head, ok := c.signIn[req.Login]
		if !ok {
			head = req.Login + ":CognitoSignIn:"
		}
		*amr = [3]string{"authenticated", req.Login, head}
		tr.AMR, tr.AMRTail = amr[:3], sub()
	default:
		*amr = [3]string{"authenticated", req.Login}
		tr.AMR = amr[:2]
	}
	return tr
}

// PlaceholderIdentityID is the identity ID the trust check uses when the
// request names none: the pool's region, ":" and a UUID-shaped SHA-256 of
// the pool ID, the login and the token's sub (lower case, 8-4-4-4-12).
func PlaceholderIdentityID(poolID, login, sub string) string {
	region, _, _ := strings.Cut(poolID, ":")
	sum := sha256.Sum256([]byte(poolID + "\n" + login + "\n" + sub))
	h := hex.EncodeToString(sum[:16])
	return region + ":" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// index finds a value by a string key: among a few keys by comparing them
// (cheaper than hashing a long key such as a login or a role ARN), among
// more through a map.
type index[T any] struct {
	keys []string
	vals []T
	m    map[string]T
}

// scanMax is the most keys an index compares one by one.
const scanMax = 8

func newIndex[T any](m map[string]T) index[T] {
	if len(m) > scanMax {
		return index[T]{m: m}
	}
	var x index[T]
	for _, k := range slices.Sorted(maps.Keys(m)) {
		x.keys = append(x.keys, k)
		x.vals = append(x.vals, m[k])
	}
	return x
}

func (x *index[T]) get(k string) (T, bool) {
	if x.m != nil {
		v, ok := x.m[k]
		return v, ok
	}
	for i, key := range x.keys {
		// Logins and ARNs of one length mostly differ in their last byte.
		if len(key) == len(k) && (k == "" || key[len(k)-1] == k[len(k)-1]) && key == k {
			return x.vals[i], true
		}
	}
	var zero T
	return zero, false
}
