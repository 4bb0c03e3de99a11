package rolemap

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/jsnum"
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

// MaxRules returns the rules-per-mapping quota opts set: 25 unless
// [WithMaxRules] says otherwise, and an error for an invalid option.
// Packages built on rolemap use it to honour the same options.
func MaxRules(opts ...Option) (int, error) {
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
	allowUnauth bool
	authRole    string
	unauthRole  string
	providers   *providerSet // nil: provider configuration unknown

	byKey map[string]*mapping
	// byUserPool indexes the mappings of user pool keys (LOGIN:CLIENTID) by
	// login and client ID, so that Resolve never builds the key.
	byUserPool map[string]map[string]*mapping

	pool Pool // a private copy, for Pool
}

// mapping is a compiled [Mapping].
type mapping struct {
	key     string
	typ     MappingType
	deny    bool
	denyErr *Error // shared NotAuthorizedException for Deny
	rules   []rule
	nclaims int // distinct claim names of rules
}

type op uint8

const (
	opEquals op = iota
	opContains
	opStartsWith
	opNotEqual
)

// rule is a compiled [Rule].
type rule struct {
	src   Rule
	slot  int // index of src.Claim among the mapping's distinct claims
	op    op
	value string
	vb    []byte  // value as bytes, to compare numbers written on the stack
	num   float64 // the number value names, when isNum
	isNum bool    // value is the ECMAScript form of a finite number
}

// Compile checks a pool document and returns a resolver for it. It reports
// every violation of SPEC §2 at once as a [*ValidationError] (each a
// [*FieldError] with its path). Compile copies what it needs: changing p
// afterwards never changes the resolver.
func Compile(p Pool, opts ...Option) (*Resolver, error) {
	maxRules, err := MaxRules(opts...)
	if err != nil {
		return nil, err
	}
	p = clonePool(p)
	if err := validatePool(&p, maxRules); err != nil {
		return nil, err
	}
	r := &Resolver{
		allowUnauth: p.AllowUnauthenticatedIdentities != nil && *p.AllowUnauthenticatedIdentities,
		authRole:    p.Roles[RoleAuthenticated],
		unauthRole:  p.Roles[RoleUnauthenticated],
		providers:   newProviderSet(&p),
		byKey:       make(map[string]*mapping, len(p.RoleMappings)),
		byUserPool:  map[string]map[string]*mapping{},
		pool:        p,
	}
	for key, m := range p.RoleMappings {
		cm := compileMapping(key, m)
		r.byKey[key] = cm
		if i := strings.LastIndexByte(key, ':'); i >= 0 && KindOf(key[:i]) == UserPool {
			login, client := key[:i], key[i+1:]
			if r.byUserPool[login] == nil {
				r.byUserPool[login] = map[string]*mapping{}
			}
			r.byUserPool[login][client] = cm
		}
	}
	return r, nil
}

func compileMapping(key string, m Mapping) *mapping {
	cm := &mapping{key: key, typ: m.Type, deny: m.AmbiguousRoleResolution == Deny}
	cm.denyErr = &Error{Code: spec.CodeNotAuthorized, Message: spec.AmbiguousDenyMessage(key), MappingKey: key,
		Reason: "no role applies and the mapping's AmbiguousRoleResolution is Deny"}
	if m.Type != Rules {
		return cm
	}
	slots := map[string]int{}
	for _, src := range m.RulesConfiguration.Rules {
		slot, ok := slots[src.Claim]
		if !ok {
			slot = len(slots)
			slots[src.Claim] = slot
		}
		cr := rule{src: src, slot: slot, value: src.Value, vb: []byte(src.Value)}
		switch src.MatchType {
		case Equals:
			cr.op = opEquals
		case Contains:
			cr.op = opContains
		case StartsWith:
			cr.op = opStartsWith
		case NotEqual:
			cr.op = opNotEqual
		}
		cr.num, cr.isNum = jsnum.Canonical(src.Value)
		cm.rules = append(cm.rules, cr)
	}
	cm.nclaims = len(slots)
	return cm
}

// Pool returns a copy of the pool document the resolver was compiled from.
func (r *Resolver) Pool() Pool { return clonePool(r.pool) }

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
