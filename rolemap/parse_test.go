package rolemap_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
)

// getRolesOutput is what `aws cognito-identity get-identity-pool-roles`
// prints.
const getRolesOutput = `{
    "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
    "Roles": {
        "authenticated": "arn:aws:iam::111122223333:role/Cognito_PoolAuth_Role",
        "unauthenticated": "arn:aws:iam::111122223333:role/Cognito_PoolUnauth_Role"
    },
    "RoleMappings": {
        "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:7h778muira8dkr69dt35jhbjo8": {
            "Type": "Rules",
            "AmbiguousRoleResolution": "AuthenticatedRole",
            "RulesConfiguration": {
                "Rules": [
                    {
                        "Claim": "cognito:groups",
                        "MatchType": "Contains",
                        "Value": "admins",
                        "RoleARN": "arn:aws:iam::111122223333:role/Admin"
                    },
                    {
                        "Claim": "custom:tier",
                        "MatchType": "NotEqual",
                        "Value": "free",
                        "RoleARN": "arn:aws:iam::111122223333:role/Paid"
                    }
                ]
            }
        },
        "accounts.google.com": {
            "Type": "Token",
            "AmbiguousRoleResolution": "Deny"
        }
    }
}`

// mergedOutput is `jq -s add describe.json roles.json`: the output of
// describe-identity-pool merged with get-identity-pool-roles.
const mergedOutput = `{
    "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
    "IdentityPoolName": "MyPool",
    "AllowUnauthenticatedIdentities": false,
    "AllowClassicFlow": true,
    "SupportedLoginProviders": {
        "accounts.google.com": "123456789012-abc.apps.googleusercontent.com",
        "graph.facebook.com": "1234567890"
    },
    "DeveloperProviderName": "login.mycompany.myapp",
    "OpenIdConnectProviderARNs": [
        "arn:aws:iam::111122223333:oidc-provider/login.example.com"
    ],
    "CognitoIdentityProviders": [
        {
            "ProviderName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
            "ClientId": "7h778muira8dkr69dt35jhbjo8",
            "ServerSideTokenCheck": false
        },
        {
            "ProviderName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
            "ClientId": "1example23456789abcdefghij",
            "ServerSideTokenCheck": true
        }
    ],
    "SamlProviderARNs": [
        "arn:aws:iam::111122223333:saml-provider/Okta"
    ],
    "IdentityPoolTags": {
        "team": "identity",
        "cost-center": "42"
    },
    "Roles": {
        "authenticated": "arn:aws:iam::111122223333:role/Auth"
    },
    "RoleMappings": {
        "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123:7h778muira8dkr69dt35jhbjo8": {
            "Type": "Token",
            "AmbiguousRoleResolution": "AuthenticatedRole"
        },
        "accounts.google.com": {
            "Type": "Rules",
            "AmbiguousRoleResolution": "Deny",
            "RulesConfiguration": {
                "Rules": [
                    {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Staff"},
                    {"Claim": "email", "MatchType": "StartsWith", "Value": "admin", "RoleARN": "arn:aws:iam::111122223333:role/Admin"}
                ]
            }
        },
        "arn:aws:iam::111122223333:saml-provider/Okta": {
            "Type": "Token",
            "AmbiguousRoleResolution": "Deny"
        }
    }
}`

// emptiesDocument keeps empty collections and false booleans, which must
// survive a round trip as themselves.
const emptiesDocument = `{
    "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",
    "AllowUnauthenticatedIdentities": false,
    "AllowClassicFlow": false,
    "SupportedLoginProviders": {},
    "OpenIdConnectProviderARNs": [],
    "CognitoIdentityProviders": [{"ProviderName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123", "ClientId": "7h778muira8dkr69dt35jhbjo8"}],
    "SamlProviderARNs": [],
    "IdentityPoolTags": {},
    "Roles": {},
    "RoleMappings": {}
}`

func TestParsePoolRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		valid bool
	}{
		{name: "get-identity-pool-roles", doc: getRolesOutput, valid: true},
		{name: "merged with describe-identity-pool", doc: mergedOutput, valid: true},
		{name: "empty collections and false", doc: emptiesDocument, valid: true},
		{name: "empty rules", doc: `{"IdentityPoolId": "x", "RoleMappings": {"k": {"Type": "Rules", "RulesConfiguration": {"Rules": []}}}}`},
		{name: "empty rules configuration", doc: `{"IdentityPoolId": "x", "RoleMappings": {"k": {"Type": "Rules", "RulesConfiguration": {}}}}`},
		{name: "pool id only", doc: `{"IdentityPoolId": ""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := rolemap.ParsePool([]byte(tt.doc))
			if err != nil {
				t.Fatalf("ParsePool: %v", err)
			}
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			var want, got any
			if err := json.Unmarshal([]byte(tt.doc), &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("json.Marshal(ParsePool(doc)) (-want +got):\n%s", diff)
			}
			// encoding/json goes through the same strict decoder.
			var p2 rolemap.Pool
			if err := json.Unmarshal([]byte(tt.doc), &p2); err != nil {
				t.Fatalf("json.Unmarshal: %v", err)
			}
			if diff := cmp.Diff(p, p2); diff != "" {
				t.Errorf("json.Unmarshal differs from ParsePool (-ParsePool +Unmarshal):\n%s", diff)
			}
			if _, err := rolemap.Compile(p); (err == nil) != tt.valid {
				t.Errorf("Compile: %v, want valid = %v", err, tt.valid)
			}
		})
	}
}

func TestParsePoolFields(t *testing.T) {
	p, err := rolemap.ParsePool([]byte(mergedOutput))
	if err != nil {
		t.Fatal(err)
	}
	want := rolemap.Pool{
		IdentityPoolID:                 poolID,
		IdentityPoolName:               "MyPool",
		AllowUnauthenticatedIdentities: ptr(false),
		AllowClassicFlow:               ptr(true),
		SupportedLoginProviders: map[string]string{
			"accounts.google.com": "123456789012-abc.apps.googleusercontent.com",
			"graph.facebook.com":  "1234567890",
		},
		DeveloperProviderName:     "login.mycompany.myapp",
		OpenIDConnectProviderARNs: []string{oidcARN},
		CognitoIdentityProviders: []rolemap.Provider{
			{ProviderName: upLogin, ClientID: clientID, ServerSideTokenCheck: ptr(false)},
			{ProviderName: upLogin, ClientID: otherApp, ServerSideTokenCheck: ptr(true)},
		},
		SAMLProviderARNs: []string{samlARN},
		IdentityPoolTags: map[string]string{"team": "identity", "cost-center": "42"},
		Roles:            map[string]string{"authenticated": authARN},
		RoleMappings: map[string]rolemap.Mapping{
			upKey: tokenMapping(rolemap.AmbiguousAuthenticatedRole),
			google: rulesMapping(rolemap.AmbiguousDeny,
				rule("hd", rolemap.Equals, "example.com", "arn:aws:iam::111122223333:role/Staff"),
				rule("email", rolemap.StartsWith, "admin", "arn:aws:iam::111122223333:role/Admin")),
			samlARN: tokenMapping(rolemap.AmbiguousDeny),
		},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("ParsePool (-want +got):\n%s", diff)
	}
}

func TestParsePoolLenient(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want rolemap.Pool
	}{
		{name: "member names are case-sensitive",
			doc: `{"identitypoolid": "x", "IDENTITYPOOLID": "y", "IdentityPoolId": "` + poolID + `", "roles": {"authenticated": "a"},
				"Roles": {}, "RoleMappings": {"k": {"type": "Token", "ambiguousRoleResolution": "Deny",
				"rulesConfiguration": {"Rules": []}}}}`,
			want: rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{}, RoleMappings: map[string]rolemap.Mapping{"k": {}}}},
		{name: "rule member names are case-sensitive",
			doc: `{"RoleMappings": {"k": {"Type": "Rules", "RulesConfiguration": {"Rules": [
				{"claim": "c", "Claim": "hd", "matchType": "Equals", "MatchType": "Contains", "value": "v", "roleARN": "r", "RoleArn": "r"}]}}}}`,
			want: rolemap.Pool{RoleMappings: map[string]rolemap.Mapping{"k": {Type: rolemap.TypeRules,
				RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{Claim: "hd", MatchType: rolemap.Contains}}}}}}},
		{name: "provider member names are case-sensitive",
			doc: `{"CognitoIdentityProviders": [{"providerName": "p", "ClientId": "c", "serverSideTokenCheck": true}],
				"samlProviderARNs": ["x"], "OpenIDConnectProviderARNs": ["y"]}`,
			want: rolemap.Pool{CognitoIdentityProviders: []rolemap.Provider{{ClientID: "c"}}}},
		{name: "unknown members ignored",
			doc: `{"Future": {"deep": [1, {"x": null}]}, "IdentityPoolId": "` + poolID + `", "Roles": {}, "RoleMappings": {"k": {
				"Type": "Rules", "AmbiguousRoleResolution": "Deny", "Extra": 5, "RulesConfiguration": {"Other": [], "Rules": [
				{"Claim": "c", "MatchType": "Equals", "Value": "v", "RoleARN": "r", "Comment": {"a": 1}}]}}},
				"CognitoIdentityProviders": [{"ProviderName": "p", "ClientId": "c", "New": true}]}`,
			want: rolemap.Pool{IdentityPoolID: poolID, Roles: map[string]string{},
				CognitoIdentityProviders: []rolemap.Provider{{ProviderName: "p", ClientID: "c"}},
				RoleMappings: map[string]rolemap.Mapping{"k": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny,
					RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{Claim: "c", MatchType: rolemap.Equals, Value: "v", RoleARN: "r"}}}}}}},
		{name: "null is absent at the top, except provider lists: present and empty",
			doc: `{"IdentityPoolId": null, "IdentityPoolName": null, "AllowUnauthenticatedIdentities": null, "AllowClassicFlow": null,
				"SupportedLoginProviders": null, "DeveloperProviderName": null, "OpenIdConnectProviderARNs": null,
				"CognitoIdentityProviders": null, "SamlProviderARNs": null, "IdentityPoolTags": null, "Roles": null, "RoleMappings": null}`,
			want: rolemap.Pool{SupportedLoginProviders: map[string]string{}, OpenIDConnectProviderARNs: []string{},
				CognitoIdentityProviders: []rolemap.Provider{}, SAMLProviderARNs: []string{}}},
		{name: "null is absent inside",
			doc: `{"CognitoIdentityProviders": [{"ProviderName": null, "ClientId": null, "ServerSideTokenCheck": null}],
				"RoleMappings": {"a": {"Type": null, "AmbiguousRoleResolution": null, "RulesConfiguration": null},
				"b": {"RulesConfiguration": {"Rules": null}},
				"c": {"RulesConfiguration": {"Rules": [{"Claim": null, "MatchType": null, "Value": null, "RoleARN": null}]}}}}`,
			want: rolemap.Pool{CognitoIdentityProviders: []rolemap.Provider{{}}, RoleMappings: map[string]rolemap.Mapping{
				"a": {}, "b": {RulesConfiguration: &rolemap.RulesConfiguration{}},
				"c": {RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{}}}}}}},
		{name: "duplicate member keeps the last", doc: `{"IdentityPoolId": "a", "IdentityPoolId": "b"}`,
			want: rolemap.Pool{IdentityPoolID: "b"}},
		{name: "escapes decoded", doc: `{"RoleMappings": {"a\"b\u00e9": {"Type": "\u0054oken"}}}`,
			want: rolemap.Pool{RoleMappings: map[string]rolemap.Mapping{"a\"bé": {Type: rolemap.TypeToken}}}},
		{name: "surrounding white space", doc: " \n\t{}\r\n ", want: rolemap.Pool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rolemap.ParsePool([]byte(tt.doc))
			if err != nil {
				t.Fatalf("ParsePool: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePool (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParsePoolCaseSensitiveTypeIsMissing(t *testing.T) {
	// "type" is not "Type": the mapping has no Type, and Compile says so.
	p, err := rolemap.ParsePool([]byte(`{"IdentityPoolId": "` + poolID + `", "Roles": {},
		"RoleMappings": {"accounts.google.com": {"type": "Token", "AmbiguousRoleResolution": "Deny"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = rolemap.Compile(p)
	var fe *rolemap.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, rolemap.ErrMissing) {
		t.Fatalf("Compile: %v, want a missing Type", err)
	}
	if want := `RoleMappings["accounts.google.com"].Type`; fe.Path != want {
		t.Errorf("path %q, want %q", fe.Path, want)
	}
}

func TestParsePoolWrongType(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		path string
	}{
		{name: "top level array", doc: `[]`, path: ""},
		{name: "top level string", doc: `"x"`, path: ""},
		{name: "top level number", doc: `5`, path: ""},
		{name: "top level null", doc: `null`, path: ""},
		{name: "top level boolean", doc: `true`, path: ""},
		{name: "pool id number", doc: `{"IdentityPoolId": 5}`, path: "IdentityPoolId"},
		{name: "pool name boolean", doc: `{"IdentityPoolName": true}`, path: "IdentityPoolName"},
		{name: "allow as string", doc: `{"AllowUnauthenticatedIdentities": "true"}`, path: "AllowUnauthenticatedIdentities"},
		{name: "allow as number", doc: `{"AllowUnauthenticatedIdentities": 1}`, path: "AllowUnauthenticatedIdentities"},
		{name: "classic flow", doc: `{"AllowClassicFlow": []}`, path: "AllowClassicFlow"},
		{name: "login providers array", doc: `{"SupportedLoginProviders": []}`, path: "SupportedLoginProviders"},
		{name: "login provider value", doc: `{"SupportedLoginProviders": {"accounts.google.com": 1}}`,
			path: `SupportedLoginProviders["accounts.google.com"]`},
		{name: "developer provider", doc: `{"DeveloperProviderName": {}}`, path: "DeveloperProviderName"},
		{name: "oidc string", doc: `{"OpenIdConnectProviderARNs": "arn"}`, path: "OpenIdConnectProviderARNs"},
		{name: "oidc element", doc: `{"OpenIdConnectProviderARNs": ["a", 5]}`, path: "OpenIdConnectProviderARNs[1]"},
		{name: "user pools object", doc: `{"CognitoIdentityProviders": {}}`, path: "CognitoIdentityProviders"},
		{name: "user pool element", doc: `{"CognitoIdentityProviders": [{}, 5]}`, path: "CognitoIdentityProviders[1]"},
		{name: "user pool provider name", doc: `{"CognitoIdentityProviders": [{"ProviderName": 5}]}`,
			path: "CognitoIdentityProviders[0].ProviderName"},
		{name: "user pool client id", doc: `{"CognitoIdentityProviders": [{"ClientId": ["c"]}]}`,
			path: "CognitoIdentityProviders[0].ClientId"},
		{name: "server side token check", doc: `{"CognitoIdentityProviders": [{"ServerSideTokenCheck": "false"}]}`,
			path: "CognitoIdentityProviders[0].ServerSideTokenCheck"},
		{name: "saml element", doc: `{"SamlProviderARNs": [true]}`, path: "SamlProviderARNs[0]"},
		{name: "tags value", doc: `{"IdentityPoolTags": {"team": 1}}`, path: `IdentityPoolTags["team"]`},
		{name: "tags string", doc: `{"IdentityPoolTags": "team"}`, path: `IdentityPoolTags`},
		{name: "roles array", doc: `{"Roles": []}`, path: "Roles"},
		{name: "role value", doc: `{"Roles": {"authenticated": 5}}`, path: `Roles["authenticated"]`},
		{name: "role mappings array", doc: `{"RoleMappings": []}`, path: "RoleMappings"},
		{name: "role mapping string", doc: `{"RoleMappings": {"k": "Token"}}`, path: `RoleMappings["k"]`},
		{name: "type number", doc: `{"RoleMappings": {"k": {"Type": 1}}}`, path: `RoleMappings["k"].Type`},
		{name: "ambiguous boolean", doc: `{"RoleMappings": {"k": {"AmbiguousRoleResolution": false}}}`,
			path: `RoleMappings["k"].AmbiguousRoleResolution`},
		{name: "rules configuration array", doc: `{"RoleMappings": {"k": {"RulesConfiguration": []}}}`,
			path: `RoleMappings["k"].RulesConfiguration`},
		{name: "rules object", doc: `{"RoleMappings": {"k": {"RulesConfiguration": {"Rules": {}}}}}`,
			path: `RoleMappings["k"].RulesConfiguration.Rules`},
		{name: "rule string", doc: `{"RoleMappings": {"k": {"RulesConfiguration": {"Rules": ["x"]}}}}`,
			path: `RoleMappings["k"].RulesConfiguration.Rules[0]`},
		{name: "rule claim", doc: `{"RoleMappings": {"k": {"RulesConfiguration": {"Rules": [{"Claim": 1}]}}}}`,
			path: `RoleMappings["k"].RulesConfiguration.Rules[0].Claim`},
		{name: "rule match type", doc: `{"RoleMappings": {"k": {"RulesConfiguration": {"Rules": [{"MatchType": ["Equals"]}]}}}}`,
			path: `RoleMappings["k"].RulesConfiguration.Rules[0].MatchType`},
		{name: "rule value", doc: `{"RoleMappings": {"k": {"RulesConfiguration": {"Rules": [{"Value": 5}]}}}}`,
			path: `RoleMappings["k"].RulesConfiguration.Rules[0].Value`},
		{name: "rule role", doc: `{"RoleMappings": {"k": {"RulesConfiguration": {"Rules": [{"RoleARN": {}}]}}}}`,
			path: `RoleMappings["k"].RulesConfiguration.Rules[0].RoleARN`},
		{name: "third rule value", doc: `{"RoleMappings": {"accounts.google.com": {"Type": "Rules", "RulesConfiguration": {"Rules": [
			{"Claim": "a", "MatchType": "Equals", "Value": "1", "RoleARN": "r"},
			{"Claim": "a", "MatchType": "Equals", "Value": "2", "RoleARN": "r"},
			{"Claim": "a", "MatchType": "Equals", "Value": 3, "RoleARN": "r"}]}}}}`,
			path: `RoleMappings["accounts.google.com"].RulesConfiguration.Rules[2].Value`},
		{name: "key quoted", doc: `{"RoleMappings": {"a\"b\tc": {"Type": true}}}`, path: `RoleMappings["a\"b\tc"].Type`},
		{name: "non-ascii key", doc: `{"RoleMappings": {"é": {"Type": true}}}`, path: `RoleMappings["é"].Type`},
		{name: "user pool key", doc: `{"RoleMappings": {"` + upKey + `": {"RulesConfiguration": {"Rules": [{"Value": false}]}}}}`,
			path: `RoleMappings["` + upKey + `"].RulesConfiguration.Rules[0].Value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, decode := range []struct {
				name string
				fn   func([]byte) error
			}{
				{name: "ParsePool", fn: func(b []byte) error { _, err := rolemap.ParsePool(b); return err }},
				{name: "json.Unmarshal", fn: func(b []byte) error { var p rolemap.Pool; return json.Unmarshal(b, &p) }},
			} {
				err := decode.fn([]byte(tt.doc))
				var fe *rolemap.FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("%s: %v (%T), want a *rolemap.FieldError", decode.name, err, err)
				}
				if fe.Path != tt.path {
					t.Errorf("%s: path %q, want %q (%v)", decode.name, fe.Path, tt.path, err)
				}
				if !errors.Is(err, rolemap.ErrInvalidValue) {
					t.Errorf("%s: errors.Is(%v, ErrInvalidValue) = false", decode.name, err)
				}
			}
		})
	}
}

func TestParsePoolMalformed(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{name: "empty", doc: ``},
		{name: "white space", doc: " \n "},
		{name: "unterminated", doc: `{`},
		{name: "missing value", doc: `{"IdentityPoolId":}`},
		{name: "trailing comma", doc: `{"IdentityPoolId": "x",}`},
		{name: "single quotes", doc: `{'IdentityPoolId': 'x'}`},
		{name: "bare word", doc: `nul`},
		{name: "second object", doc: `{} {}`},
		{name: "trailing number", doc: `{} 5`},
		{name: "trailing string", doc: `{}"x"`},
		{name: "trailing garbage", doc: `{} x`},
		{name: "trailing brace", doc: `{"IdentityPoolId": "x"}}`},
		{name: "trailing bracket", doc: `{}]`},
		{name: "trailing comma after object", doc: `{},`},
		{name: "trailing colon", doc: `{}:`},
		{name: "unterminated string in unknown member", doc: `{"x": "`},
		{name: "deeply nested unknown member", doc: `{"x": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := rolemap.ParsePool([]byte(tt.doc))
			if err == nil {
				t.Errorf("ParsePool(%.40q) = %+v, nil; want an error", tt.doc, p)
			}
		})
	}
}

func TestParsePoolSize(t *testing.T) {
	doc := func(size int) []byte {
		b := []byte(`{"IdentityPoolId": "` + poolID + `"}`)
		return append(b, strings.Repeat(" ", size-len(b))...)
	}
	p, err := rolemap.ParsePool(doc(rolemap.MaxDocumentSize))
	if err != nil {
		t.Fatalf("ParsePool of MaxDocumentSize bytes: %v", err)
	}
	if p.IdentityPoolID != poolID {
		t.Errorf("IdentityPoolID = %q, want %q", p.IdentityPoolID, poolID)
	}
	_, err = rolemap.ParsePool(doc(rolemap.MaxDocumentSize + 1))
	if !errors.Is(err, rolemap.ErrDocumentTooLarge) {
		t.Errorf("ParsePool of MaxDocumentSize+1 bytes: %v, want ErrDocumentTooLarge", err)
	}
}
