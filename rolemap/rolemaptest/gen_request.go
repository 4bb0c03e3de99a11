package rolemaptest

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/rolemap"
)

// Request generates requests for the pool p, biased towards the decisions
// p can make. Logins are mostly those p maps or configures, and otherwise a
// guest, a login p does not know, a near miss of one it does (another case,
// a leading https://) or one over the length limit. When p has Rules
// mappings, about half of the requests aim at one of their rules: the login
// and app client of the mapping, mostly a valid iss, no CustomRoleArn, and
// (in most of them) the rule's claim holding a value its match type
// matches, so that a third or more of all requests reach a matching rule
// (TestRequestReachesRules), not only the fallbacks. For a Rules mapping,
// every claim a rule reads is drawn from the values of the rules that read
// it: exact hits, the value with text before or after it (hits for
// StartsWith and Contains), near misses (one character changed, case
// changed, accents decomposed or composed, truncated, padded with a space),
// numbers and booleans (from the value when it reads as one), null, objects,
// and arrays mixing all of these; or the claim is left out. Tokens carry
// iss right or wrong or not at all, user pool tokens aud for a configured app
// client, another, an array, or none; cognito:roles, cognito:preferred_role
// and the SAML Role attribute name the pool's roles; a CustomRoleArn is
// usually absent, and otherwise one the identity is entitled to, another
// role of the pool, or of a length AWS refuses.
//
// Claims are shaped as encoding/json decodes a token payload: numbers are
// float64, arrays []any, objects map[string]any. Request copies what it
// needs from p: changing p afterwards does not change the generator.
func Request(p rolemap.Pool) *rapid.Generator[rolemap.Request] {
	g := newRequestGen(p)
	return rapid.Custom(g.draw)
}

// aim is the login and app client (for a user pool) that reach a Rules
// mapping, keyed key.
type aim struct {
	target target
	aud    string
	key    string
}

// target is a login the pool knows, with the app clients known for it.
type target struct {
	Login string
	Kind  rolemap.ProviderKind
	Auds  []string // user pools: the app client IDs of its keys and providers
}

type requestGen struct {
	targets    []target
	aims       []aim // the logins and app clients of Rules mappings
	mappings   map[string]rolemap.Mapping
	roles      []string // every role ARN the pool names, and one it does not
	authRole   string
	unauthRole string
}

func newRequestGen(p rolemap.Pool) *requestGen {
	g := &requestGen{
		mappings:   map[string]rolemap.Mapping{},
		authRole:   p.Roles[rolemap.RoleAuthenticated],
		unauthRole: p.Roles[rolemap.RoleUnauthenticated],
	}
	byLogin := map[string]*target{}
	add := func(login, aud string) {
		kind := rolemap.KindOf(login)
		if kind == rolemap.KindUnauthenticated {
			return
		}
		tg := byLogin[login]
		if tg == nil {
			tg = &target{Login: login, Kind: kind}
			byLogin[login] = tg
		}
		if aud != "" && !slices.Contains(tg.Auds, aud) {
			tg.Auds = append(tg.Auds, aud)
		}
	}
	roles := []string{"arn:aws:iam::999988887777:role/NotInThePool"}
	for _, role := range p.Roles {
		roles = append(roles, role)
	}
	for _, key := range keysOf(p.RoleMappings) {
		m := p.RoleMappings[key]
		if m.RulesConfiguration != nil {
			rc := *m.RulesConfiguration
			rc.Rules = slices.Clone(rc.Rules)
			m.RulesConfiguration = &rc
			for _, r := range rc.Rules {
				roles = append(roles, r.RoleARN)
			}
		}
		g.mappings[key] = m
		login, aud := key, ""
		if i := strings.LastIndexByte(key, ':'); i >= 0 && rolemap.KindOf(key[:i]) == rolemap.KindUserPool {
			login, aud = key[:i], key[i+1:]
		} else if rolemap.KindOf(key) == rolemap.KindUserPool {
			continue // a user pool key without a client is unreachable
		}
		add(login, aud)
		if kind := rolemap.KindOf(login); m.Type == rolemap.TypeRules && kind != rolemap.KindDeveloper && kind != rolemap.KindUnauthenticated {
			g.aims = append(g.aims, aim{target: target{Login: login, Kind: kind}, aud: aud, key: key})
		}
	}
	for _, c := range p.CognitoIdentityProviders {
		add(c.ProviderName, c.ClientID)
	}
	for login := range p.SupportedLoginProviders {
		add(login, "")
	}
	for _, arn := range p.OpenIDConnectProviderARNs {
		add(rolemap.OIDCHost(arn), "")
	}
	for _, arn := range p.SAMLProviderARNs {
		add(arn, "")
	}
	for _, login := range keysOf(byLogin) {
		tg := byLogin[login]
		slices.Sort(tg.Auds)
		g.targets = append(g.targets, *tg)
	}
	slices.Sort(roles)
	g.roles = slices.Compact(roles)
	return g
}

// Weighted choices: an entry listed twice is drawn twice as often; the
// first entry is where rapid shrinks to.
var (
	// A request aimed at a Rules mapping is where rapid shrinks to: the
	// simplest request that reaches a rule.
	loginSources = append(repeat("rules login", 16),
		repeat("pool login", 10, "guest", "guest", "unknown login", "unknown login", "near-miss login", "long login")...)
	// The iss of a request aimed at a rule: absent or right, now and then not.
	aimedIssuerShapes = repeat("absent", 8, "https login", "https login", "https login", "https login", "login", "other issuer")
	// Whether the rule a request aims at gets a claim it matches.
	aimShapes    = repeat("hit", 8, "drawn")
	issuerShapes = repeat("absent", 3, "https login", "https login", "login", "other issuer", "http login", "null", "number")
	audShapes    = repeat("app client", 12, "array of one", "array of one", "other client", "absent", "empty", "array of two", "number", "null")
	claimShapes  = repeat("scalar", 3, "array", "array", "absent", "null", "object", "empty array", "array of non-scalars")
	variants     = repeat("exact", 5, "with suffix", "with prefix", "inside", "one rune changed", "case changed", "decomposed", "truncated", "padded", "number", "boolean", "other text")
	// Values that read as numbers or booleans are drawn as such more often.
	numericVariants = append(slices.Clip(variants), repeat("number", 12)...)
	booleanVariants = append(slices.Clip(variants), repeat("boolean", 12)...)
	rolesShapes     = []string{"absent", "array", "comma-separated", "array with non-strings", "null", "empty string", "number"}
	preferredShape  = repeat("absent", 2, "role", "empty", "number", "null")
	samlShapes      = []string{"pairs", "one pair", "string", "absent", "malformed", "not strings"}
	customShapes    = repeat("none", 14, "entitled", "entitled", "entitled", "entitled", "pool role", "pool role", "too short", "too long", "shortest")
	// With a Rules mapping any CustomRoleArn is refused: draw one less often.
	rulesCustomShapes = repeat("none", 20, "pool role", "too short", "too long", "shortest")
)

// repeat returns first n times, then the rest.
func repeat(first string, n int, rest ...string) []string {
	out := make([]string, 0, n+len(rest))
	for range n {
		out = append(out, first)
	}
	return append(out, rest...)
}

var numberSamples = []float64{
	0, math.Copysign(0, -1), 1, 3, -0.5, 1e21, 1e20, 1.5e-7, 1e-6, 0.1,
	123456789012345680000, 5e-324, math.MaxFloat64, -1e-7, 100, 1e300,
}

// composed pairs precomposed letters with their decomposed (NFD) spelling.
var composed = [][2]string{
	{"\u00e9", "e\u0301"}, {"\u00e8", "e\u0300"}, {"\u00fc", "u\u0308"}, {"\u00f1", "n\u0303"},
	{"\u00c5", "A\u030a"}, {"\u00e5", "a\u030a"}, {"\u00e7", "c\u0327"}, {"\u00f6", "o\u0308"},
}

func (g *requestGen) draw(t *rapid.T) rolemap.Request {
	var req rolemap.Request
	claims := map[string]any{}
	var tg target
	source := rapid.SampledFrom(loginSources).Draw(t, "login source")
	if source == "rules login" && len(g.aims) == 0 {
		source = "pool login" // the pool has no Rules mapping to aim at
	}
	if len(g.targets) == 0 && (source == "pool login" || source == "near-miss login") {
		source = "unknown login" // the pool knows no login
	}
	var aimed *aim
	switch source {
	case "rules login":
		a := rapid.SampledFrom(g.aims).Draw(t, "Rules mapping to aim at")
		aimed, tg = &a, a.target
	case "pool login":
		tg = rapid.SampledFrom(g.targets).Draw(t, "login")
	case "unknown login":
		kind := rapid.SampledFrom(keyKinds).Draw(t, "unknown login kind")
		switch kind {
		case rolemap.KindUserPool:
			tg.Login = userPoolLogin(t)
		case rolemap.KindSocial:
			tg.Login = rapid.SampledFrom(spec.SocialProviders).Draw(t, "social login")
		case rolemap.KindOIDC:
			tg.Login = oidcHost(t)
		default:
			tg.Login = samlARN(t)
		}
		tg.Kind = rolemap.KindOf(tg.Login)
	case "near-miss login":
		base := rapid.SampledFrom(g.targets).Draw(t, "login to miss")
		tg = base
		tg.Login = rapid.SampledFrom([]string{
			"https://" + base.Login, strings.ToUpper(base.Login), base.Login + "/", " " + base.Login,
		}).Draw(t, "near-miss login")
		tg.Kind = rolemap.KindOf(tg.Login)
	case "long login":
		tg.Login = rapid.SampledFrom([]string{
			strings.Repeat("\u00e9", spec.LoginMaxLen), // at the limit in code points, twice as long in bytes
			strings.Repeat("a", spec.LoginMaxLen+1),
			"cognito-idp.us-east-1.amazonaws.com/" + strings.Repeat("x", spec.LoginMaxLen),
		}).Draw(t, "long login")
		tg.Kind = rolemap.KindOf(tg.Login)
	}
	req.Login = tg.Login

	var entitled []string
	rules := false
	if req.Login == "" {
		if g.unauthRole != "" {
			entitled = append(entitled, g.unauthRole)
		}
	} else {
		key := ""
		if aimed != nil {
			key = aimed.key
		} else {
			key = g.drawTokenClaims(t, tg, claims)
		}
		m, mapped := g.mappings[key]
		switch {
		case tg.Kind == rolemap.KindSAML && (!mapped || m.Type != rolemap.TypeRules):
			entitled = g.drawSAML(t, tg.Login, claims)
		case !mapped:
			if g.authRole != "" {
				entitled = append(entitled, g.authRole)
			}
		case m.Type == rolemap.TypeToken:
			entitled = g.drawTokenRoles(t, claims)
		default:
			rules = true
		}
		if mapped && m.RulesConfiguration != nil {
			g.drawRuleClaims(t, m.RulesConfiguration.Rules, claims)
		}
		if aimed != nil {
			// After the rules' claims, which may have drawn iss and aud.
			g.drawAimedTokenClaims(t, *aimed, claims)
			if rapid.SampledFrom(aimShapes).Draw(t, "aimed rule") == "hit" {
				drawHit(t, key, m.RulesConfiguration.Rules, claims)
			}
		}
		if !mapped || m.Type != rolemap.TypeToken {
			// Tokens carry their roles whatever the mapping; no mapping reads
			// them here.
			g.drawTokenRoles(t, claims)
		}
	}
	if aimed == nil { // a CustomRoleArn is refused with a Rules mapping
		req.CustomRoleARN = g.drawCustom(t, entitled, rules)
	}
	if len(claims) > 0 || !rapid.Bool().Draw(t, "nil claims") {
		req.Claims = claims
	}
	return req
}

// drawTokenClaims draws iss and aud and returns the mapping key they lead to.
func (g *requestGen) drawTokenClaims(t *rapid.T, tg target, claims map[string]any) string {
	switch rapid.SampledFrom(issuerShapes).Draw(t, "iss") {
	case "https login":
		claims[spec.ClaimIssuer] = "https://" + tg.Login
	case "login":
		claims[spec.ClaimIssuer] = tg.Login
	case "other issuer":
		claims[spec.ClaimIssuer] = "https://" + rapid.SampledFrom(append([]string{"accounts.google.com"}, g.logins()...)).Draw(t, "other issuer")
	case "http login":
		claims[spec.ClaimIssuer] = "http://" + tg.Login
	case "null":
		claims[spec.ClaimIssuer] = nil
	case "number":
		claims[spec.ClaimIssuer] = float64(1)
	}
	if tg.Kind != rolemap.KindUserPool {
		if rapid.IntRange(0, 4).Draw(t, "aud on a non-user-pool token") == 0 {
			claims[spec.ClaimAudience] = clientID(t)
		}
		return tg.Login
	}
	client := func() string {
		if len(tg.Auds) > 0 {
			return rapid.SampledFrom(tg.Auds).Draw(t, "app client")
		}
		return clientID(t)
	}
	switch rapid.SampledFrom(audShapes).Draw(t, "aud") {
	case "app client":
		aud := client()
		claims[spec.ClaimAudience] = aud
		return tg.Login + ":" + aud
	case "array of one":
		aud := client()
		claims[spec.ClaimAudience] = []any{aud}
		return tg.Login + ":" + aud
	case "other client":
		aud := clientID(t)
		claims[spec.ClaimAudience] = aud
		return tg.Login + ":" + aud
	case "empty":
		claims[spec.ClaimAudience] = ""
	case "array of two":
		claims[spec.ClaimAudience] = []any{client(), clientID(t)}
	case "number":
		claims[spec.ClaimAudience] = float64(7)
	case "null":
		claims[spec.ClaimAudience] = nil
	}
	return ""
}

// drawAimedTokenClaims draws iss and aud for a request aimed at a Rules
// mapping: the mapping's app client, and mostly a right iss or none.
func (g *requestGen) drawAimedTokenClaims(t *rapid.T, a aim, claims map[string]any) string {
	delete(claims, spec.ClaimIssuer)
	switch rapid.SampledFrom(aimedIssuerShapes).Draw(t, "aimed iss") {
	case "https login":
		claims[spec.ClaimIssuer] = "https://" + a.target.Login
	case "login":
		claims[spec.ClaimIssuer] = a.target.Login
	case "other issuer":
		claims[spec.ClaimIssuer] = "https://" + rapid.SampledFrom(append([]string{"accounts.google.com"}, g.logins()...)).Draw(t, "other issuer")
	}
	if a.aud == "" {
		if claims[spec.ClaimAudience] != nil && a.target.Kind == rolemap.KindUserPool {
			delete(claims, spec.ClaimAudience)
		}
		return a.key
	}
	if rapid.IntRange(0, 3).Draw(t, "aimed aud as an array of one") == 0 {
		claims[spec.ClaimAudience] = []any{a.aud}
	} else {
		claims[spec.ClaimAudience] = a.aud
	}
	return a.key
}

// drawHit picks one of the rules the mapping key's provider lets see its
// claim (iss and aud aside, which the request needs as they are) and sets
// that claim to a value the rule matches: the value itself for Equals, with
// text after it for StartsWith, around it for Contains, another text for
// NotEqual; as a string, or in an array.
func drawHit(t *rapid.T, key string, rules []rolemap.Rule, claims map[string]any) {
	var seen []int
	for i, r := range rules {
		if spec.RuleSeesClaim(key, r.Claim) && r.Claim != spec.ClaimIssuer && r.Claim != spec.ClaimAudience {
			seen = append(seen, i)
		}
	}
	if len(seen) == 0 {
		return
	}
	r := rules[rapid.SampledFrom(seen).Draw(t, "rule to hit")]
	affix := func(label string) string {
		return rapid.SampledFrom([]string{"", "s", "_x", "0", "é", " "}).Draw(t, label)
	}
	var v string
	switch r.MatchType {
	case rolemap.Equals:
		v = r.Value
	case rolemap.StartsWith:
		v = r.Value + affix("hit suffix")
	case rolemap.Contains:
		v = affix("hit prefix") + r.Value + affix("hit suffix")
	default: // NotEqual
		v = r.Value + rapid.SampledFrom([]string{"x", " ", "é", "0"}).Draw(t, "other than the value")
	}
	if rapid.IntRange(0, 3).Draw(t, "hit in an array") == 0 {
		claims[r.Claim] = []any{v}
		return
	}
	claims[r.Claim] = v
}

func (g *requestGen) logins() []string {
	out := make([]string, len(g.targets))
	for i, tg := range g.targets {
		out[i] = tg.Login
	}
	return out
}

// drawRuleClaims draws the claims the rules read, each from the values of
// the rules that read it.
func (g *requestGen) drawRuleClaims(t *rapid.T, rules []rolemap.Rule, claims map[string]any) {
	var names []string
	values := map[string][]string{}
	for _, r := range rules {
		if values[r.Claim] == nil {
			names = append(names, r.Claim)
		}
		values[r.Claim] = append(values[r.Claim], r.Value)
	}
	for _, name := range names {
		base := values[name]
		switch rapid.SampledFrom(claimShapes).Draw(t, "shape of claim "+strconv.Quote(name)) {
		case "scalar":
			claims[name] = drawVariant(t, base)
		case "array":
			n := rapid.IntRange(1, 4).Draw(t, "array length")
			list := make([]any, n)
			for i := range list {
				if rapid.IntRange(0, 5).Draw(t, "non-scalar element") == 0 {
					list[i] = drawNonScalar(t)
				} else {
					list[i] = drawVariant(t, base)
				}
			}
			claims[name] = list
		case "absent":
			delete(claims, name)
		case "null":
			claims[name] = nil
		case "object":
			claims[name] = map[string]any{"value": rapid.SampledFrom(base).Draw(t, "object member")}
		case "empty array":
			claims[name] = []any{}
		case "array of non-scalars":
			claims[name] = []any{drawNonScalar(t), drawNonScalar(t)}
		}
	}
}

// drawNonScalar draws an array element the rules skip.
func drawNonScalar(t *rapid.T) any {
	switch rapid.IntRange(0, 2).Draw(t, "non-scalar") {
	case 0:
		return nil
	case 1:
		return map[string]any{}
	}
	return []any{"nested"}
}

// drawVariant draws a string, number or boolean near one of the values.
func drawVariant(t *rapid.T, values []string) any {
	v := rapid.SampledFrom(values).Draw(t, "value")
	affix := func(label string) string {
		return rapid.OneOf(rapid.SampledFrom([]string{"s", "_x", "0", "\u00e9", " ", "."}), rapid.StringN(1, 4, -1)).Draw(t, label)
	}
	runes := []rune(v)
	choices := variants
	if _, isNum := finite(v); isNum {
		choices = numericVariants
	} else if v == "true" || v == "false" {
		choices = booleanVariants
	}
	variant := rapid.SampledFrom(choices).Draw(t, "variant")
	if len(runes) == 0 {
		variant = "exact" // only an invalid pool has an empty Value
	}
	switch variant {
	case "exact":
		return v
	case "with suffix":
		return v + affix("suffix")
	case "with prefix":
		return affix("prefix") + v
	case "inside":
		return affix("prefix") + v + affix("suffix")
	case "one rune changed":
		i := rapid.IntRange(0, len(runes)-1).Draw(t, "rune index")
		r := rapid.SampledFrom([]rune{'a', 'Z', '0', '_', '\u00e9'}).Draw(t, "new rune")
		if r == runes[i] {
			r = 'x'
		}
		runes[i] = r
		return string(runes)
	case "case changed":
		return swapCase(v)
	case "decomposed":
		return respell(t, v)
	case "truncated":
		return string(runes[:len(runes)-1])
	case "padded":
		return rapid.SampledFrom([]string{" " + v, v + " ", "\t" + v}).Draw(t, "padding")
	case "number":
		if f, ok := finite(v); ok {
			next := math.Nextafter(f, math.Inf(1))
			if math.IsInf(next, 1) {
				next = math.Nextafter(f, 0)
			}
			return rapid.SampledFrom([]float64{f, f, f, next, -f}).Draw(t, "number near value")
		}
		return rapid.OneOf(rapid.SampledFrom(numberSamples), rapid.Float64()).Draw(t, "number")
	case "boolean":
		if v == "true" || v == "false" {
			b := v == "true"
			return rapid.SampledFrom([]bool{b, b, !b}).Draw(t, "boolean near value")
		}
		return rapid.Bool().Draw(t, "boolean")
	}
	return rapid.StringN(0, 12, -1).Draw(t, "other text")
}

// finite parses a value as a finite number.
func finite(v string) (float64, bool) {
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// swapCase turns upper case letters to lower case and the other way round.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

// respell writes accented letters the other way (composed or decomposed),
// or adds a combining accent when s has none.
func respell(t *rapid.T, s string) string {
	for _, c := range composed {
		if strings.Contains(s, c[0]) {
			return strings.ReplaceAll(s, c[0], c[1])
		}
		if strings.Contains(s, c[1]) {
			return strings.ReplaceAll(s, c[1], c[0])
		}
	}
	runes := []rune(s)
	i := rapid.IntRange(0, len(runes)-1).Draw(t, "accented rune")
	return string(runes[:i+1]) + "\u0301" + string(runes[i+1:])
}

// drawTokenRoles draws cognito:roles and cognito:preferred_role and returns
// the roles a CustomRoleArn may name.
func (g *requestGen) drawTokenRoles(t *rapid.T, claims map[string]any) []string {
	roles := rapid.SliceOfN(rapid.SampledFrom(g.roles), 0, 3).Draw(t, "cognito:roles")
	var entitled []string
	switch rapid.SampledFrom(rolesShapes).Draw(t, "shape of cognito:roles") {
	case "array":
		claims[spec.ClaimRoles] = toAny(roles)
		entitled = roles
	case "comma-separated":
		sep := rapid.SampledFrom([]string{",", ", ", " , "}).Draw(t, "separator")
		claims[spec.ClaimRoles] = strings.Join(roles, sep) + rapid.SampledFrom([]string{"", ",", ", "}).Draw(t, "trailing separator")
		entitled = roles
	case "array with non-strings":
		claims[spec.ClaimRoles] = append(toAny(roles), float64(1), nil, map[string]any{}, "")
		entitled = roles
	case "null":
		claims[spec.ClaimRoles] = nil
	case "empty string":
		claims[spec.ClaimRoles] = ""
	case "number":
		claims[spec.ClaimRoles] = float64(2)
	}
	switch rapid.SampledFrom(preferredShape).Draw(t, "cognito:preferred_role") {
	case "role":
		claims[spec.ClaimPreferredRole] = rapid.SampledFrom(g.roles).Draw(t, "preferred role")
	case "empty":
		claims[spec.ClaimPreferredRole] = ""
	case "number":
		claims[spec.ClaimPreferredRole] = float64(3)
	case "null":
		claims[spec.ClaimPreferredRole] = nil
	}
	return entitled
}

// drawSAML draws the SAML Role attribute and returns the roles it offers.
func (g *requestGen) drawSAML(t *rapid.T, provider string, claims map[string]any) []string {
	pair := func(role string) string {
		if rapid.Bool().Draw(t, "provider first") {
			return provider + rapid.SampledFrom([]string{",", ", "}).Draw(t, "separator") + role
		}
		return role + "," + provider
	}
	roles := rapid.SliceOfN(rapid.SampledFrom(g.roles), 1, 3).Draw(t, "SAML roles")
	switch rapid.SampledFrom(samlShapes).Draw(t, "shape of SAML Role attribute") {
	case "pairs":
		list := make([]any, len(roles))
		for i, role := range roles {
			list[i] = pair(role)
		}
		claims[spec.SAMLRoleAttribute] = list
		return roles
	case "one pair":
		claims[spec.SAMLRoleAttribute] = []any{pair(roles[0])}
		return roles[:1]
	case "string":
		claims[spec.SAMLRoleAttribute] = pair(roles[0])
		return roles[:1]
	case "malformed":
		role := roles[0]
		claims[spec.SAMLRoleAttribute] = []any{rapid.SampledFrom([]string{
			role, role + "," + role, role + "," + provider + "," + provider, "," + role, role + ",",
		}).Draw(t, "malformed pair")}
	case "not strings":
		claims[spec.SAMLRoleAttribute] = []any{float64(1), nil, []any{pair(roles[0])}}
	}
	return nil
}

// drawCustom draws the CustomRoleArn.
func (g *requestGen) drawCustom(t *rapid.T, entitled []string, rules bool) string {
	shapes := customShapes
	if rules {
		shapes = rulesCustomShapes
	}
	switch rapid.SampledFrom(shapes).Draw(t, "CustomRoleArn") {
	case "entitled":
		if len(entitled) > 0 {
			return rapid.SampledFrom(entitled).Draw(t, "entitled role")
		}
	case "pool role":
		return rapid.SampledFrom(g.roles).Draw(t, "pool role")
	case "too short":
		return strings.Repeat("r", spec.CustomRoleARNMinLen-1)
	case "too long":
		return strings.Repeat("r", spec.CustomRoleARNMaxLen+1)
	case "shortest":
		return strings.Repeat("\u00e9", spec.CustomRoleARNMinLen) // at the limit in code points
	}
	return ""
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
