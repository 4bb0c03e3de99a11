package rolemap_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
)

// explainPool has a mapping of each type and a SAML provider without one.
func explainPool() rolemap.Pool {
	return pool(map[string]rolemap.Mapping{
		google: rulesMapping(rolemap.AmbiguousAuthenticatedRole,
			rule("hd", rolemap.Equals, "example.com", roleA),
			rule("email", rolemap.StartsWith, "admin", roleB)),
		upKey:    tokenMapping(rolemap.AmbiguousAuthenticatedRole),
		oidcHost: tokenMapping(rolemap.AmbiguousDeny),
	})
}

func TestDecisionReasons(t *testing.T) {
	r := compile(t, explainPool())
	tests := []struct {
		name string
		req  rolemap.Request
		want rolemap.Decision
	}{
		{name: "unauthenticated", req: rolemap.Request{},
			want: rolemap.Decision{RoleARN: unauthARN, Reason: rolemap.ReasonUnauthenticated}},
		{name: "no mapping", req: rolemap.Request{Login: facebook},
			want: rolemap.Decision{RoleARN: authARN, Reason: rolemap.ReasonNoMapping}},
		{name: "rule match", req: rolemap.Request{Login: google, Claims: claims("email", "admin@example.com")},
			want: rolemap.Decision{RoleARN: roleB, Reason: rolemap.ReasonRuleMatch, MappingKey: google,
				Match: &rolemap.RuleMatch{Index: 1, Rule: rule("email", rolemap.StartsWith, "admin", roleB)}}},
		{name: "rules ambiguous", req: rolemap.Request{Login: google, Claims: claims("email", "bob@example.com")},
			want: rolemap.Decision{RoleARN: authARN, Reason: rolemap.ReasonAmbiguous, MappingKey: google}},
		{name: "custom role", req: rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA, roleB}), CustomRoleARN: roleA},
			want: rolemap.Decision{RoleARN: roleA, Reason: rolemap.ReasonCustomRole, MappingKey: upKey}},
		{name: "preferred role", req: rolemap.Request{Login: upLogin, Claims: up(clientID, prefClaim, roleC)},
			want: rolemap.Decision{RoleARN: roleC, Reason: rolemap.ReasonPreferredRole, MappingKey: upKey}},
		{name: "single role", req: rolemap.Request{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA})},
			want: rolemap.Decision{RoleARN: roleA, Reason: rolemap.ReasonSingleRole, MappingKey: upKey}},
		{name: "token ambiguous", req: rolemap.Request{Login: upLogin, Claims: up(clientID)},
			want: rolemap.Decision{RoleARN: authARN, Reason: rolemap.ReasonAmbiguous, MappingKey: upKey}},
		{name: "saml", req: rolemap.Request{Login: samlARN, Claims: saml(pair(roleD))},
			want: rolemap.Decision{RoleARN: roleD, Reason: rolemap.ReasonSAML}},
		{name: "saml custom role", req: rolemap.Request{Login: samlARN, Claims: saml([]string{pair(roleC), pair(roleD)}), CustomRoleARN: roleC},
			want: rolemap.Decision{RoleARN: roleC, Reason: rolemap.ReasonCustomRole}},
	}
	seen := map[rolemap.Reason]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, trace := range []bool{false, true} {
				req := tt.req
				req.Trace = trace
				got, err := r.Resolve(req)
				if err != nil {
					t.Fatalf("Resolve: %v", err)
				}
				if trace && tt.req.Login == google {
					got.Trace = nil // the Rules mapping's trace: see TestTrace
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Trace %v: Resolve (-want +got):\n%s", trace, diff)
				}
			}
			seen[tt.want.Reason] = true
		})
	}
	for reason := rolemap.ReasonUnauthenticated; reason <= rolemap.ReasonSAML; reason++ {
		if !seen[reason] {
			t.Errorf("no test for reason %v", reason)
		}
	}
}

func TestReasonString(t *testing.T) {
	tests := []struct {
		name   string
		reason rolemap.Reason
		want   string
	}{
		{name: "none", reason: rolemap.ReasonNone, want: "none"},
		{name: "unauthenticated", reason: rolemap.ReasonUnauthenticated, want: "unauthenticated role"},
		{name: "no mapping", reason: rolemap.ReasonNoMapping, want: "default authenticated role, no mapping"},
		{name: "rule match", reason: rolemap.ReasonRuleMatch, want: "rule match"},
		{name: "custom role", reason: rolemap.ReasonCustomRole, want: "custom role"},
		{name: "preferred role", reason: rolemap.ReasonPreferredRole, want: "preferred role"},
		{name: "single role", reason: rolemap.ReasonSingleRole, want: "single role"},
		{name: "ambiguous", reason: rolemap.ReasonAmbiguous, want: "ambiguous, authenticated role"},
		{name: "saml", reason: rolemap.ReasonSAML, want: "SAML role"},
		{name: "out of range", reason: rolemap.Reason(200), want: "Reason(200)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.reason.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecisionString(t *testing.T) {
	r := compile(t, explainPool())
	tests := []struct {
		name string
		req  rolemap.Request
		want string
	}{
		{name: "unauthenticated", req: rolemap.Request{}, want: unauthARN + " (unauthenticated role)"},
		{name: "no mapping", req: rolemap.Request{Login: facebook}, want: authARN + " (default authenticated role, no mapping)"},
		{name: "rule match", req: rolemap.Request{Login: google, Claims: claims("email", "admin@example.com")},
			want: roleB + ` (rule match: RoleMappings["accounts.google.com"] rule 1, email StartsWith "admin" -> ` + roleB + ")"},
		{name: "ambiguous", req: rolemap.Request{Login: google, Claims: claims()},
			want: authARN + ` (ambiguous, authenticated role: RoleMappings["accounts.google.com"])`},
		{name: "preferred role", req: rolemap.Request{Login: upLogin, Claims: up(clientID, prefClaim, roleC)},
			want: roleC + ` (preferred role: RoleMappings["` + upKey + `"])`},
		{name: "saml", req: rolemap.Request{Login: samlARN, Claims: saml(pair(roleD))}, want: roleD + " (SAML role)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := r.Resolve(tt.req)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("String() = %q\nwant       %q", got, tt.want)
			}
		})
	}
}

func TestTrace(t *testing.T) {
	rules := []rolemap.Rule{
		rule("hd", rolemap.Equals, "example.com", roleA),
		rule("email", rolemap.StartsWith, "admin", roleB),
		rule("profile", rolemap.Equals, "x", roleC),
		rule("cognito:groups", rolemap.Contains, "eng", roleC),
		rule("tier", rolemap.NotEqual, "free", roleD),
	}
	step := func(i int, out rolemap.Outcome, values ...string) rolemap.RuleTrace {
		if len(values) == 0 {
			values = nil
		}
		return rolemap.RuleTrace{Index: i, Rule: rules[i], Values: values, Outcome: out}
	}
	denied := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousDeny, rules...)}))
	auth := compile(t, pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousAuthenticatedRole, rules...)}))
	noAuthPool := pool(map[string]rolemap.Mapping{google: rulesMapping(rolemap.AmbiguousAuthenticatedRole, rules...)})
	noAuthPool.Roles = map[string]string{}
	noAuth := compile(t, noAuthPool)

	noMatch := claims("email", "bob@example.com", "profile", map[string]any{"x": "x"}, "cognito:groups", []any{"sales", 3.0, true, nil})
	noMatchTrace := []rolemap.RuleTrace{
		step(0, absent),
		step(1, mismatch, "bob@example.com"),
		step(2, object),
		step(3, mismatch, "sales", "3", "true"),
		step(4, absent),
	}

	t.Run("match", func(t *testing.T) {
		c := claims("email", "bob@example.com", "profile", map[string]any{}, "cognito:groups", []any{"sales", 1e21, "engineering"}, "tier", "pro")
		d, err := denied.Resolve(rolemap.Request{Login: google, Claims: c, Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		want := rolemap.Decision{RoleARN: roleC, Reason: rolemap.ReasonRuleMatch, MappingKey: google, Match: &rolemap.RuleMatch{Index: 3, Rule: rules[3]},
			Trace: []rolemap.RuleTrace{
				step(0, absent),
				step(1, mismatch, "bob@example.com"),
				step(2, object),
				step(3, match, "sales", "1e+21", "engineering"),
			}}
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("Resolve (-want +got):\n%s", diff)
		}
	})
	t.Run("deny error", func(t *testing.T) {
		_, err := denied.Resolve(rolemap.Request{Login: google, Claims: noMatch, Trace: true})
		var e *rolemap.Error
		if !errors.As(err, &e) {
			t.Fatalf("Resolve error %v is not a *rolemap.Error", err)
		}
		if !errors.Is(err, rolemap.ErrNotAuthorized) || e.Message != denyMsg(google) || e.MappingKey != google {
			t.Errorf("Resolve error %v with key %q, want the Deny error of %q", err, e.MappingKey, google)
		}
		if diff := cmp.Diff(noMatchTrace, e.Trace); diff != "" {
			t.Errorf("Error.Trace (-want +got):\n%s", diff)
		}
		// The trace belongs to this error: a later untraced denial has none.
		_, err = denied.Resolve(rolemap.Request{Login: google, Claims: noMatch})
		if !errors.As(err, &e) {
			t.Fatalf("Resolve error %v is not a *rolemap.Error", err)
		}
		if e.Trace != nil {
			t.Errorf("untraced Error.Trace = %v after a traced call, want nil", e.Trace)
		}
		// A second traced call gets its own trace.
		_, err = denied.Resolve(rolemap.Request{Login: google, Claims: claims("tier", "free"), Trace: true})
		if !errors.As(err, &e) {
			t.Fatalf("Resolve error %v is not a *rolemap.Error", err)
		}
		want := []rolemap.RuleTrace{step(0, absent), step(1, absent), step(2, absent), step(3, absent), step(4, mismatch, "free")}
		if diff := cmp.Diff(want, e.Trace); diff != "" {
			t.Errorf("second Error.Trace (-want +got):\n%s", diff)
		}
	})
	t.Run("ambiguous authenticated role", func(t *testing.T) {
		d, err := auth.Resolve(rolemap.Request{Login: google, Claims: noMatch, Trace: true})
		if err != nil {
			t.Fatal(err)
		}
		want := rolemap.Decision{RoleARN: authARN, Reason: rolemap.ReasonAmbiguous, MappingKey: google, Trace: noMatchTrace}
		if diff := cmp.Diff(want, d); diff != "" {
			t.Errorf("Resolve (-want +got):\n%s", diff)
		}
	})
	t.Run("ambiguous without authenticated role", func(t *testing.T) {
		_, err := noAuth.Resolve(rolemap.Request{Login: google, Claims: noMatch, Trace: true})
		var e *rolemap.Error
		if !errors.As(err, &e) || !errors.Is(err, rolemap.ErrInvalidIdentityPoolConfiguration) {
			t.Fatalf("Resolve error %v, want InvalidIdentityPoolConfigurationException", err)
		}
		if diff := cmp.Diff(noMatchTrace, e.Trace); diff != "" {
			t.Errorf("Error.Trace (-want +got):\n%s", diff)
		}
	})
	t.Run("no trace unless asked", func(t *testing.T) {
		for _, r := range []*rolemap.Resolver{denied, auth, noAuth} {
			d, err := r.Resolve(rolemap.Request{Login: google, Claims: noMatch})
			var e *rolemap.Error
			if d.Trace != nil || errors.As(err, &e) && e.Trace != nil {
				t.Errorf("Resolve without Trace returned a trace: %v, %v", d.Trace, err)
			}
			d, _ = r.Resolve(rolemap.Request{Login: google, Claims: claims("hd", "example.com")})
			if d.Trace != nil {
				t.Errorf("Resolve without Trace returned a trace: %v", d.Trace)
			}
		}
	})
	t.Run("no trace without rules", func(t *testing.T) {
		r := compile(t, explainPool())
		for _, req := range []rolemap.Request{
			{Trace: true},
			{Login: facebook, Trace: true},
			{Login: upLogin, Claims: up(clientID, rolesClaim, []any{roleA}), Trace: true},
			{Login: samlARN, Claims: saml(pair(roleA)), Trace: true},
		} {
			d, err := r.Resolve(req)
			if err != nil || d.Trace != nil {
				t.Errorf("Resolve(%+v) = %v, %v; want a decision without trace", req, d.Trace, err)
			}
		}
		_, err := r.Resolve(rolemap.Request{Login: oidcHost, Trace: true})
		var e *rolemap.Error
		if !errors.As(err, &e) || e.Trace != nil {
			t.Errorf("Token Deny: %v, want an error without trace", err)
		}
	})
}

func TestRuleTraceString(t *testing.T) {
	tests := []struct {
		name  string
		trace rolemap.RuleTrace
		want  string
	}{
		{name: "mismatch", trace: rolemap.RuleTrace{Index: 2, Rule: rule("email", rolemap.Equals, "a", roleA), Values: []string{"b"}, Outcome: mismatch},
			want: `rule 2: email Equals "a" -> ` + roleA + `: mismatch ["b"]`},
		{name: "match of several", trace: rolemap.RuleTrace{Rule: rule("g", rolemap.Contains, "x", roleB), Values: []string{"a", "xy"}, Outcome: match},
			want: `rule 0: g Contains "x" -> ` + roleB + `: match ["a", "xy"]`},
		{name: "absent", trace: rolemap.RuleTrace{Index: 1, Rule: rule("t", rolemap.NotEqual, "f", roleC), Outcome: absent},
			want: `rule 1: t NotEqual "f" -> ` + roleC + `: absent`},
		// A 16,000-element claim read by 400 rules would print 6.4 million
		// values; a line shows ten, each cut at 200 bytes on a rune.
		{name: "many and long values", trace: rolemap.RuleTrace{Rule: rule("g", rolemap.Equals, "x", roleB),
			Values: append([]string{strings.Repeat("é", 150)}, strings.Split(strings.Repeat("v,", 15999)+"v", ",")...), Outcome: mismatch},
			want: `rule 0: g Equals "x" -> ` + roleB + `: mismatch ["` + strings.Repeat("é", 100) + `"…, ` +
				strings.Repeat(`"v", `, 8) + `"v", … and 15991 more]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.trace.String(); got != tt.want {
				t.Errorf("String() = %q\nwant       %q", got, tt.want)
			}
		})
	}
}

func TestOutcomeString(t *testing.T) {
	tests := []struct {
		name    string
		outcome rolemap.Outcome
		want    string
	}{
		{name: "match", outcome: rolemap.OutcomeMatch, want: "match"},
		{name: "mismatch", outcome: rolemap.OutcomeMismatch, want: "mismatch"},
		{name: "absent", outcome: rolemap.OutcomeAbsent, want: "absent"},
		{name: "object", outcome: rolemap.OutcomeObject, want: "object"},
		{name: "zero", outcome: 0, want: "Outcome(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.outcome.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	known := knownPool()
	known.RoleMappings = map[string]rolemap.Mapping{
		upKey:    tokenMapping(rolemap.AmbiguousDeny),
		google:   rulesMapping(rolemap.AmbiguousDeny, rule("hd", rolemap.Equals, "example.com", roleA)),
		oidcHost: rulesMapping(rolemap.AmbiguousAuthenticatedRole, rule("hd", rolemap.Equals, "example.com", roleA)),
	}
	known.Roles = map[string]string{}
	r := compile(t, known)
	guestsOff := pool(nil)
	guestsOff.AllowUnauthenticatedIdentities = ptr(false)
	rOff := compile(t, guestsOff)
	emptyRoles := pool(nil)
	emptyRoles.Roles = map[string]string{}

	tests := []struct {
		name string
		r    *rolemap.Resolver
		req  rolemap.Request
		want result
	}{
		{name: "login too long", r: r, req: rolemap.Request{Login: string(make([]byte, 200))}, want: fail(codeInvalidParam, anyMessage, "")},
		{name: "custom role too short", r: r, req: rolemap.Request{Login: google, CustomRoleARN: "arn"}, want: fail(codeInvalidParam, anyMessage, "")},
		{name: "guests not allowed", r: rOff, req: rolemap.Request{}, want: fail(codeNotAuthorized, msgUnauth, "")},
		{name: "no unauthenticated role", r: r, req: rolemap.Request{}, want: fail(codeInvalidConfig, msgConfig, "")},
		{name: "guest custom role", r: compile(t, pool(nil)), req: rolemap.Request{CustomRoleARN: roleA}, want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "issuer", r: r, req: rolemap.Request{Login: upLogin, Claims: up(clientID, "iss", "x")}, want: fail(codeNotAuthorized, msgIssuer, "")},
		{name: "audience", r: r, req: rolemap.Request{Login: upLogin, Claims: up(nil)}, want: fail(codeNotAuthorized, msgAud, "")},
		{name: "provider", r: r, req: rolemap.Request{Login: facebook}, want: fail(codeNotAuthorized, msgProvider, "")},
		{name: "saml provider not configured", r: r, req: rolemap.Request{Login: otherSAML}, want: fail(codeNotAuthorized, msgProvider, "")},
		{name: "no mapping no default role", r: compile(t, emptyRoles), req: rolemap.Request{Login: facebook}, want: fail(codeInvalidConfig, msgConfig, "")},
		{name: "rules deny", r: r, req: rolemap.Request{Login: google}, want: deny(google)},
		{name: "token deny", r: r, req: rolemap.Request{Login: upLogin, Claims: up(clientID)}, want: deny(upKey)},
		{name: "token custom role", r: r, req: rolemap.Request{Login: upLogin, Claims: up(clientID), CustomRoleARN: roleA},
			want: fail(codeNotAuthorized, anyMessage, upKey)},
		{name: "rules custom role", r: r, req: rolemap.Request{Login: google, CustomRoleARN: roleA}, want: fail(codeInvalidParam, anyMessage, google)},
		{name: "rules ambiguous no default role", r: r, req: rolemap.Request{Login: oidcHost}, want: fail(codeInvalidConfig, msgConfig, oidcHost)},
		{name: "no mapping custom role", r: compile(t, pool(nil)), req: rolemap.Request{Login: facebook, CustomRoleARN: roleA},
			want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "saml without mapping", r: r, req: rolemap.Request{Login: samlARN}, want: fail(codeNotAuthorized, anyMessage, "")},
		{name: "unreadable claim", r: r, req: rolemap.Request{Login: google, Claims: claims("hd", make(chan int))},
			want: fail(codeNotAuthorized, anyMessage, google)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, tt.r, tt.req, tt.want)
			_, err := tt.r.Resolve(tt.req)
			var e *rolemap.Error
			if !errors.As(err, &e) {
				t.Fatalf("Resolve error %v is not a *rolemap.Error", err)
			}
			if got, want := e.Error(), e.Code+": "+e.Message; got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
			if e.Detail == "" {
				t.Error("Error.Detail is empty")
			}
			if !errors.Is(err, &rolemap.Error{Code: e.Code, Message: e.Message}) {
				t.Errorf("errors.Is(err, Error{%s, its message}) = false", e.Code)
			}
			if errors.Is(err, &rolemap.Error{Code: e.Code, Message: e.Message + "x"}) {
				t.Errorf("errors.Is(err, Error{%s, another message}) = true", e.Code)
			}
		})
	}
}

func TestErrorSentinels(t *testing.T) {
	all := []error{rolemap.ErrNotAuthorized, rolemap.ErrInvalidParameter, rolemap.ErrInvalidIdentityPoolConfiguration}
	for i, a := range all {
		for j, b := range all {
			if got := errors.Is(a, b); got != (i == j) {
				t.Errorf("errors.Is(%v, %v) = %v", a, b, got)
			}
		}
	}
	if errors.Is(errors.New(codeNotAuthorized), rolemap.ErrNotAuthorized) {
		t.Error("a plain error matches ErrNotAuthorized")
	}
}

// TestDecisionJSON checks that decisions, traces and errors marshal with
// their reasons and outcomes by name, and read back.
func TestDecisionJSON(t *testing.T) {
	d := rolemap.Decision{RoleARN: roleA, Reason: rolemap.ReasonRuleMatch, MappingKey: google,
		Match: &rolemap.RuleMatch{Index: 2, Rule: rule("hd", rolemap.Equals, "x", roleA)},
		Trace: []rolemap.RuleTrace{{Index: 0, Rule: rule("hd", rolemap.NotEqual, "x", roleB), Values: []string{"x"}, Outcome: rolemap.OutcomeMismatch}}}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{`"reason":"rule-match"`, `"outcome":"mismatch"`, `"match":{"index":2,`} {
		if !strings.Contains(string(data), part) {
			t.Errorf("json.Marshal(Decision) = %s; want %s", data, part)
		}
	}
	var back rolemap.Decision
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for r := rolemap.ReasonNone; r <= rolemap.ReasonSAML; r++ {
		text, err := r.MarshalText()
		var got rolemap.Reason
		if err != nil || got.UnmarshalText(text) != nil || got != r {
			t.Errorf("Reason %v: MarshalText %q, %v; read back %v", r, text, err, got)
		}
	}
	if _, err := rolemap.Reason(200).MarshalText(); err == nil {
		t.Error("Reason(200).MarshalText succeeded")
	}
	var o rolemap.Outcome
	if err := o.UnmarshalText([]byte("nope")); err == nil {
		t.Error("Outcome.UnmarshalText(nope) succeeded")
	}
	e := &rolemap.Error{Code: "NotAuthorizedException", Message: "m", MappingKey: google, Detail: "why"}
	if data, err := json.Marshal(e); err != nil || string(data) != `{"code":"NotAuthorizedException","message":"m","mappingKey":"accounts.google.com","detail":"why"}` {
		t.Errorf("json.Marshal(Error) = %s, %v", data, err)
	}
}

// TestZeroDecision: a zero Decision never reads as "rule 0 matched".
func TestZeroDecision(t *testing.T) {
	var d rolemap.Decision
	if d.Match != nil || d.RuleIndex() != -1 || d.Reason != rolemap.ReasonNone {
		t.Errorf("zero Decision: Match %v, RuleIndex %d, Reason %v", d.Match, d.RuleIndex(), d.Reason)
	}
}
