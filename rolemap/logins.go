package rolemap

import "slices"

// loginEntry is what a Resolver knows of one login it can name: its kind,
// whether the pool configures it, and the mappings it selects. One lookup
// in Resolver.logins replaces classifying the login, the provider check and
// the search for the mapping; a login the table lacks has no mapping and,
// when the pool lists its providers, is not configured.
type loginEntry struct {
	kind       ProviderKind
	configured bool         // a configured social, OIDC or SAML provider
	clients    []string     // a user pool: its configured app clients
	mapping    *mapping     // not a user pool: the mapping keyed by the login
	byAud      []audMapping // a user pool: the mappings keyed LOGIN:AUD
}

type audMapping struct {
	aud string
	m   *mapping
}

// newLogins builds the login table of a compiled pool; known is nil when
// the pool does not list its providers.
func newLogins(known *providerSet, mappings []*mapping) map[string]*loginEntry {
	t := map[string]*loginEntry{}
	entry := func(login string) *loginEntry {
		e := t[login]
		if e == nil {
			e = &loginEntry{kind: KindOf(login)}
			t[login] = e
		}
		return e
	}
	for _, m := range mappings {
		if k := KindOf(m.key); k != KindUserPool {
			entry(m.key).mapping = m
		}
		// A user pool key LOGIN:AUD is selected by every split of it into
		// a user pool login and an app client.
		for i := 0; i < len(m.key); i++ {
			if m.key[i] == ':' && KindOf(m.key[:i]) == KindUserPool {
				e := entry(m.key[:i])
				e.byAud = append(e.byAud, audMapping{aud: m.key[i+1:], m: m})
			}
		}
	}
	if known == nil {
		return t
	}
	for login, clients := range known.userPools {
		if KindOf(login) == KindUserPool {
			e := entry(login)
			for c := range clients {
				e.clients = append(e.clients, c)
			}
			slices.Sort(e.clients)
		}
	}
	for _, set := range []struct {
		kind   ProviderKind
		logins map[string]bool
	}{{KindSocial, known.social}, {KindOIDC, known.oidc}, {KindSAML, known.saml}} {
		for login := range set.logins {
			if KindOf(login) == set.kind {
				entry(login).configured = true
			}
		}
	}
	return t
}

// configuredFor reports whether the login (for a user pool, with the app
// client aud) is one the pool lists (rolemap/REFERENCE.md §3.2 step 3). e may be nil.
func (e *loginEntry) configuredFor(aud string) bool {
	switch {
	case e == nil:
		return false
	case e.kind == KindUserPool:
		return slices.Contains(e.clients, aud)
	}
	return e.configured
}

// find returns the mapping the login selects (for a user pool, with the
// app client aud), or nil. e may be nil.
func (e *loginEntry) find(aud string) *mapping {
	switch {
	case e == nil:
		return nil
	case e.kind != KindUserPool:
		return e.mapping
	}
	for _, am := range e.byAud {
		if am.aud == aud {
			return am.m
		}
	}
	return nil
}
