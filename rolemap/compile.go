package rolemap

import (
	"errors"
	"maps"
	"slices"
	"strconv"

	"github.com/rolemapping/rolemapping/internal/spec"
)

// Option configures [Compile].
type Option func(*options)

type options struct {
	maxRules int
	err      error
}

// WithMaxRules sets the rules-per-mapping quota, 25 by default. AWS raises
// the quota on request up to 400, the model's hard cap; a value outside
// 1..400 makes Compile fail.
func WithMaxRules(n int) Option {
	return func(o *options) {
		if n < spec.MinRules || n > spec.HardMaxRules {
			o.err = errors.New("rolemap: WithMaxRules(" + strconv.Itoa(n) + "): the quota must be within 1.." + strconv.Itoa(spec.HardMaxRules))
			return
		}
		o.maxRules = n
	}
}

// maxRules returns the rules-per-mapping quota opts set: 25 unless
// [WithMaxRules] says otherwise, and an error for an invalid option.
func maxRules(opts ...Option) (int, error) {
	o := options{maxRules: spec.DefaultMaxRules}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o.maxRules, o.err
}

// Resolver chooses roles for one compiled pool. It is immutable and safe for
// concurrent use by multiple goroutines. The zero Resolver is not usable:
// make one with [Compile].
type Resolver struct {
	allowUnauth    bool
	authRole       string
	unauthRole     string
	providersKnown bool // the pool lists its providers (rolemap/REFERENCE.md §1)

	// logins holds every login the pool configures or a mapping key names
	// (see loginEntry).
	logins map[string]*loginEntry
	// mappings are the compiled mappings, by key.
	mappings []*mapping

	pool Pool // a private copy, for Pool
}

// mapping is a compiled [Mapping].
type mapping struct {
	key     string
	typ     MappingType
	denyErr *Error      // the shared NotAuthorizedException when Ambiguous is Deny, else nil
	matches []RuleMatch // each rule, as the Decision.Match it gives
	// programs decide the rules, one per distinct claim they read, by
	// their first rule (see claimProgram).
	programs []claimProgram
}

// Compile checks a pool document and returns a resolver for it. It reports
// every violation of rolemap/REFERENCE.md §2 at once as a [*ValidationError] (each a
// [*FieldError] with its path). Compile copies what it needs: changing p
// afterwards never changes the resolver.
//
// Its time and memory are linear in the pool's size: validation walks it
// once and lists at most [MaxViolations] violations, each quoting at most
// a prefix of a long key or value, and the tables of a mapping are built in
// time linear in its values' bytes. Compiling the largest valid pool (ten
// mappings of 400 rules of 128-character values) takes about 4× decoding
// its document with encoding/json, and any pool within about 16× of
// decoding it (BenchmarkParseCompileHostile); TestParseCompileBounded holds
// its allocations to 16× decoding's and the steps of building its tables to
// 4 per byte of the document.
func Compile(p Pool, opts ...Option) (*Resolver, error) {
	quota, err := maxRules(opts...)
	if err != nil {
		return nil, err
	}
	p = clonePool(p)
	known := newProviderSet(&p)
	if err := validatePool(&p, quota, known); err != nil {
		return nil, err
	}
	var mappings []*mapping
	for _, key := range slices.Sorted(maps.Keys(p.RoleMappings)) {
		mappings = append(mappings, compileMapping(key, p.RoleMappings[key]))
	}
	// The rules of Rules mappings are kept once, in the compiled mappings'
	// matches; Pool puts them back.
	for _, m := range mappings {
		if m.typ == TypeRules {
			pm := p.RoleMappings[m.key]
			pm.RulesConfiguration = nil
			p.RoleMappings[m.key] = pm
		}
	}
	return &Resolver{
		allowUnauth:    p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities,
		authRole:       p.Roles[RoleAuthenticated],
		unauthRole:     p.Roles[RoleUnauthenticated],
		providersKnown: known != nil,
		logins:         newLogins(known, mappings),
		mappings:       mappings,
		pool:           p,
	}, nil
}

func compileMapping(key string, m Mapping) *mapping {
	cm := &mapping{key: key, typ: m.Type}
	if m.AmbiguousRoleResolution == AmbiguousDeny {
		cm.denyErr = &Error{Code: spec.CodeNotAuthorized, Message: spec.AmbiguousDenyMessage(key), MappingKey: key,
			Detail: "no role applies and the mapping's AmbiguousRoleResolution is Deny"}
	}
	if m.Type == TypeRules {
		rules := m.RulesConfiguration.Rules
		cm.programs = compileRules(key, rules)
		cm.matches = make([]RuleMatch, len(rules))
		for i, r := range rules {
			cm.matches[i] = RuleMatch{Index: i, Rule: r}
		}
	}
	return cm
}

// Pool returns a copy of the pool document the resolver was compiled from.
func (r *Resolver) Pool() Pool {
	p := clonePool(r.pool)
	for _, m := range r.mappings {
		if m.typ != TypeRules {
			continue
		}
		rules := make([]Rule, len(m.matches))
		for i := range m.matches {
			rules[i] = m.matches[i].Rule
		}
		pm := p.RoleMappings[m.key]
		pm.RulesConfiguration = &RulesConfiguration{Rules: rules}
		p.RoleMappings[m.key] = pm
	}
	return p
}

// clonePool deep-copies every map, slice and pointer of p.
func clonePool(p Pool) Pool {
	c := p
	c.AllowUnauthenticatedIdentities = cloneBool(p.AllowUnauthenticatedIdentities)
	c.AllowClassicFlow = cloneBool(p.AllowClassicFlow)
	c.SupportedLoginProviders = cloneMap(p.SupportedLoginProviders)
	c.OpenIDConnectProviderARNs = cloneSlice(p.OpenIDConnectProviderARNs)
	c.SAMLProviderARNs = cloneSlice(p.SAMLProviderARNs)
	c.IdentityPoolTags = cloneMap(p.IdentityPoolTags)
	c.Roles = cloneMap(p.Roles)
	if p.CognitoIdentityProviders != nil {
		c.CognitoIdentityProviders = make([]Provider, len(p.CognitoIdentityProviders))
		for i, prov := range p.CognitoIdentityProviders {
			prov.ServerSideTokenCheck = cloneBool(prov.ServerSideTokenCheck)
			c.CognitoIdentityProviders[i] = prov
		}
	}
	if p.RoleMappings != nil {
		c.RoleMappings = make(map[string]Mapping, len(p.RoleMappings))
		for k, m := range p.RoleMappings {
			if m.RulesConfiguration != nil {
				rc := *m.RulesConfiguration
				rc.Rules = cloneSlice(rc.Rules)
				m.RulesConfiguration = &rc
			}
			c.RoleMappings[k] = m
		}
	}
	if p.PrincipalTagAttributeMaps != nil {
		c.PrincipalTagAttributeMaps = make([]PrincipalTagMap, len(p.PrincipalTagAttributeMaps))
		for i, tm := range p.PrincipalTagAttributeMaps {
			tm.UseDefaults = cloneBool(tm.UseDefaults)
			tm.PrincipalTags = cloneMap(tm.PrincipalTags)
			c.PrincipalTagAttributeMaps[i] = tm
		}
	}
	return c
}

func cloneBool(b *bool) *bool {
	if b == nil {
		return nil
	}
	v := *b
	return &v
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
