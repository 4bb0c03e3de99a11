package rolemap

import (
	"strings"

	"github.com/rolemapping/rolemapping/internal/spec"
)

// ProviderKind is the kind of identity provider a login names (rolemap/REFERENCE.md §3.1).
type ProviderKind uint8

// The provider kinds.
const (
	// KindUnauthenticated: an empty login.
	KindUnauthenticated ProviderKind = iota
	// KindUserPool: a Cognito user pool, cognito-idp.REGION.amazonaws.com/POOLID.
	KindUserPool
	// KindSocial: Facebook, Amazon, Twitter, Digits, Google or Apple.
	KindSocial
	// KindOIDC: any other login, the host of an OpenID Connect provider.
	KindOIDC
	// KindSAML: a SAML provider ARN.
	KindSAML
	// KindDeveloper: cognito-identity.amazonaws.com, the Cognito OpenID token of
	// a developer-authenticated identity.
	KindDeveloper
)

// String names the kind.
func (k ProviderKind) String() string {
	switch k {
	case KindUnauthenticated:
		return "unauthenticated"
	case KindUserPool:
		return "user pool"
	case KindSocial:
		return "social"
	case KindOIDC:
		return "OIDC"
	case KindSAML:
		return "SAML"
	case KindDeveloper:
		return "developer"
	}
	return "ProviderKind(?)"
}

// KindOf classifies a login as rolemap/REFERENCE.md §3.1 does: a user pool when it starts
// with "cognito-idp." and contains "/"; SAML when it is an ARN containing
// ":saml-provider/"; social for the six social providers; developer for
// cognito-identity.amazonaws.com; OIDC otherwise.
func KindOf(login string) ProviderKind {
	switch {
	case login == "":
		return KindUnauthenticated
	case login == spec.DeveloperLogin:
		return KindDeveloper
	case strings.HasPrefix(login, "cognito-idp.") && strings.IndexByte(login, '/') >= 0:
		return KindUserPool
	case strings.HasPrefix(login, "arn:") && strings.Contains(login, ":saml-provider/"):
		return KindSAML
	case spec.IsSocialProvider(login):
		return KindSocial
	}
	return KindOIDC
}

// UserPoolID returns the user pool ID of a user pool login
// (cognito-idp.REGION.amazonaws.com/POOLID → POOLID), or "" if the login is
// not one (see [KindOf]).
func UserPoolID(login string) string {
	if KindOf(login) != KindUserPool {
		return ""
	}
	return login[strings.IndexByte(login, '/')+1:]
}

// OIDCHost returns the provider part of an IAM OIDC provider ARN
// (arn:aws:iam::ACCOUNT:oidc-provider/HOST → HOST), or "" if arn is not
// shaped so.
func OIDCHost(arn string) string {
	const marker = ":oidc-provider/"
	if !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	i := strings.Index(arn, marker)
	if i < 0 {
		return ""
	}
	return arn[i+len(marker):]
}

// providerSet is the configured providers of a pool that lists them (REFERENCE.md
// §1, "provider configuration is known").
type providerSet struct {
	userPools map[string]map[string]bool // ProviderName → ClientId
	social    map[string]bool
	oidc      map[string]bool
	saml      map[string]bool
	keys      map[string]bool // every valid mapping key
}

// newProviderSet returns nil when p does not list its providers.
func newProviderSet(p *Pool) *providerSet {
	if p.CognitoIdentityProviders == nil && p.SupportedLoginProviders == nil &&
		p.OpenIDConnectProviderARNs == nil && p.SAMLProviderARNs == nil {
		return nil
	}
	s := &providerSet{
		userPools: map[string]map[string]bool{},
		social:    map[string]bool{},
		oidc:      map[string]bool{},
		saml:      map[string]bool{},
		keys:      map[string]bool{},
	}
	for _, c := range p.CognitoIdentityProviders {
		if s.userPools[c.ProviderName] == nil {
			s.userPools[c.ProviderName] = map[string]bool{}
		}
		s.userPools[c.ProviderName][c.ClientID] = true
		s.keys[c.ProviderName+":"+c.ClientID] = true
	}
	for k := range p.SupportedLoginProviders {
		s.social[k] = true
		s.keys[k] = true
	}
	for _, arn := range p.OpenIDConnectProviderARNs {
		if h := OIDCHost(arn); h != "" {
			s.oidc[h] = true
			s.keys[h] = true
		}
	}
	for _, arn := range p.SAMLProviderARNs {
		s.saml[arn] = true
		s.keys[arn] = true
	}
	return s
}

func (s *providerSet) hasKey(key string) bool { return s.keys[key] }
