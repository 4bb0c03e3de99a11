package trust_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap/trust"
)

const (
	poolID = "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100"
	otherP = "us-east-1:11111111-2222-3333-4444-555555555555"
)

// cognitoTrust is the trust policy the Cognito console writes for an
// authenticated role.
const cognitoTrust = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
    "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
    "Condition": {
      "StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"},
      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}
    }
  }]
}`

var authenticated = trust.Request{IdentityPoolID: poolID, IdentityID: "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
	AMR: []string{"authenticated", "accounts.google.com"}}

func mustParse(t *testing.T, doc string) *trust.Policy {
	t.Helper()
	p, err := trust.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

func statement(s string) string {
	return `{"Version": "2012-10-17", "Statement": [` + s + `]}`
}

func allow(cond string) string {
	return `{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": ` + cond + `}`
}

const aud = `"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}`

func TestEvaluate(t *testing.T) {
	guest := trust.Request{IdentityPoolID: poolID, IdentityID: "x", AMR: []string{"unauthenticated"}}
	tagged := authenticated
	tagged.Tags = map[string]string{"dept": "ops"}
	tests := []struct {
		name   string
		policy string
		req    trust.Request
		want   trust.Reason // "" = allowed
		st     int
	}{
		{name: "the console's policy", policy: cognitoTrust, req: authenticated, st: 0},
		{name: "the console's policy refuses a guest", policy: cognitoTrust, req: guest, want: trust.ReasonCondition, st: -1},
		{name: "another pool's policy", policy: strings.Replace(cognitoTrust, poolID, otherP, 1), req: authenticated, want: trust.ReasonCondition, st: -1},
		{name: "tags need TagSession", policy: statement(allow(`{` + aud + `}`)), req: tagged, want: trust.ReasonTagSession, st: -1},
		{name: "tags with TagSession", policy: cognitoTrust, req: tagged, st: 0},
		{name: "no statement for the principal", policy: statement(`{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "the wrong action", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {` + aud + `}}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "no aud condition", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}`),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud with a star does not pin", policy: statement(allow(`{"StringLike": {"cognito-identity.amazonaws.com:aud": "*"}}`)),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud IfExists does not pin", policy: statement(allow(`{"StringEqualsIfExists": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}}`)),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud StringLike with a region does not pin: it admits every pool of the region", policy: statement(allow(`{"StringLike": {"cognito-identity.amazonaws.com:aud": "us-east-1:*"}}`)),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud StringLike ** does not pin", policy: statement(allow(`{"StringLike": {"cognito-identity.amazonaws.com:aud": "**"}}`)),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud StringLike ?* does not pin", policy: statement(allow(`{"StringLike": {"cognito-identity.amazonaws.com:aud": "?*"}}`)),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud ForAnyValue:StringLike *:* does not pin", policy: statement(allow(`{"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:aud": "*:*"}}`)),
			req: authenticated, want: trust.ReasonNoAud, st: -1},
		{name: "aud StringLike with the exact ID pins", policy: statement(allow(`{"StringLike": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}}`)),
			req: authenticated, st: 0},
		{name: "Null with both values is always true (ORed), so the Deny applies", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"Null": {"aws:TagKeys": ["true", "false"]}}}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "Null with both values, a key present", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"Null": {"cognito-identity.amazonaws.com:sub": [false, true]}}}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "an action folds ASCII only: İ is not i", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWİthWebIdentİty", "Condition": {` + aud + `}}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "an action folds ASCII only: ı is not i", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWıthWebIdentıty", "Condition": {` + aud + `}}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "a tag key folds ASCII only", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `", "aws:RequestTag/K": "v"}}}`),
			req: trust.Request{IdentityPoolID: poolID, AMR: []string{"authenticated"}, Tags: map[string]string{"\u212A": "v"}}, want: trust.ReasonCondition, st: -1},
		{name: "a Deny for Federated * applies", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": {"Federated": "*"}, "Action": "*"}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "a Deny for a case variant applies", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": {"Federated": "Cognito-Identity.AmazonAWS.com"}, "Action": "*"}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "a Deny with a trailing space applies", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": {"Federated": "cognito-identity.amazonaws.com "}, "Action": "*"}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "a Deny with a wildcard applies", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": {"Federated": "cognito-identity.*"}, "Action": "*"}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "a Deny for another provider does not", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": {"Federated": "accounts.google.com"}, "Action": "*"}`),
			req: authenticated, st: 0},
		{name: "an Allow needs the exact spelling", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "Cognito-Identity.amazonaws.com "}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {` + aud + `}}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "a Like * matches a value starting with *", policy: statement(allow(`{` + aud + `, "StringLike": {"cognito-identity.amazonaws.com:sub": "*"}}`)),
			req: trust.Request{IdentityPoolID: poolID, IdentityID: "*x", AMR: []string{"authenticated"}}, st: 0},
		{name: "? is one code point", policy: statement(allow(`{` + aud + `, "StringLike": {"cognito-identity.amazonaws.com:sub": "*??"}}`)),
			req: trust.Request{IdentityPoolID: poolID, IdentityID: "€", AMR: []string{"authenticated"}}, want: trust.ReasonCondition, st: -1},
		{name: "key names are case-insensitive", policy: statement(allow(`{"StringEquals": {"Cognito-Identity.amazonaws.com:AUD": "` + poolID + `"}}`)),
			req: authenticated, st: 0},
		{name: "a deny wins", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": "*", "Action": "sts:*", "Condition": {"ForAnyValue:StringEquals": {"cognito-identity.amazonaws.com:amr": "accounts.google.com"}}}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "a deny on a Service principal applies", policy: statement(allow(`{`+aud+`}`) + `, {"Effect": "Deny", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "*"}`),
			req: authenticated, want: trust.ReasonDeny, st: 1},
		{name: "an allow on AWS * does not", policy: statement(`{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Condition": {` + aud + `}}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "NotAction", policy: statement(`{"Effect": "Allow", "Principal": "*", "NotAction": "sts:AssumeRole", "Condition": {` + aud + `}}`),
			req: authenticated, st: 0},
		{name: "action wildcards, any case", policy: statement(`{"Effect": "Allow", "Principal": "*", "Action": "STS:assumerole?ith*", "Condition": {` + aud + `}}`),
			req: authenticated, st: 0},
		{name: "ForAllValues on an absent key is true", policy: statement(allow(`{` + aud + `, "ForAllValues:StringEquals": {"aws:TagKeys": "dept"}}`)),
			req: authenticated, st: 0},
		{name: "ForAnyValue on an absent key is false", policy: statement(allow(`{` + aud + `, "ForAnyValue:StringEquals": {"aws:TagKeys": "dept"}}`)),
			req: authenticated, want: trust.ReasonCondition, st: -1},
		{name: "a negated operator on an absent key is true (IAM)", policy: statement(allow(`{` + aud + `, "StringNotEquals": {"aws:RequestTag/dept": "ops"}}`)),
			req: authenticated, st: 0},
		{name: "IfExists on an absent key", policy: statement(allow(`{` + aud + `, "StringEqualsIfExists": {"aws:RequestTag/dept": "ops"}}`)),
			req: authenticated, st: 0},
		{name: "Null true on an absent tag", policy: statement(allow(`{` + aud + `, "Null": {"aws:RequestTag/dept": true}}`)),
			req: authenticated, st: 0},
		{name: "Null false on an absent tag", policy: statement(allow(`{` + aud + `, "Null": {"aws:RequestTag/dept": "false"}}`)),
			req: authenticated, want: trust.ReasonCondition, st: -1},
		{name: "a request tag, any case of its key", policy: `{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `", "aws:RequestTag/DEPT": "ops"}}}}`,
			req: tagged, st: 0},
		{name: "IgnoreCase folds", policy: statement(allow(`{"StringEqualsIgnoreCase": {"cognito-identity.amazonaws.com:aud": "` + strings.ToUpper(poolID) + `"}}`)),
			req: authenticated, st: 0},
		{name: "a China pool's principal", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com.cn"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com.cn:aud": "` + poolID + `"}}}`),
			req: trust.Request{IdentityPoolID: poolID, IdentityID: "x", AMR: []string{"authenticated"}, China: true}, st: 0},
		{name: "the China principal outside China", policy: statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com.cn"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {` + aud + `}}`),
			req: authenticated, want: trust.ReasonNoStatement, st: -1},
		{name: "numbers and booleans are their text", policy: statement(allow(`{"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `", "aws:RequestTag/n": [1, true]}}`)),
			req: trust.Request{IdentityPoolID: poolID, AMR: []string{"authenticated"}, Tags: map[string]string{"n": "true"}}, want: trust.ReasonTagSession, st: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.policy)
			d, err := p.Evaluate(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if d.Reason != tt.want || d.Allowed != (tt.want == "") || d.Statement != tt.st {
				t.Errorf("Evaluate = allowed %v, reason %q, statement %d; want reason %q, statement %d\ntrace:\n%v", d.Allowed, d.Reason, d.Statement, tt.want, tt.st, d.Trace)
			}
			if tt.req.China {
				return
			}
			// The compiled policy decides alike, with and without a trace.
			c := p.Compile(tt.req.IdentityPoolID)
			for _, trace := range []bool{false, true} {
				cd, err := c.Evaluate(tt.req, trace)
				if err != nil {
					t.Fatal(err)
				}
				if cd.Reason != d.Reason || cd.Allowed != d.Allowed || cd.Statement != d.Statement || (cd.Trace != nil) != trace {
					t.Errorf("Compiled.Evaluate(trace %v) = %+v; Evaluate %+v", trace, cd, d)
				}
			}
		})
	}
}

func TestParseForms(t *testing.T) {
	raw, _ := json.Marshal(cognitoTrust)
	encoded, _ := json.Marshal(url.QueryEscape(cognitoTrust))
	for name, doc := range map[string][]byte{
		"object":                []byte(cognitoTrust),
		"a string of JSON":      raw,
		"a URL-encoded string":  encoded,
		"with spaces around it": []byte("\n  " + cognitoTrust + "\n"),
	} {
		t.Run(name, func(t *testing.T) {
			p, err := trust.Parse(doc)
			if err != nil {
				t.Fatal(err)
			}
			d, err := p.Evaluate(authenticated)
			if err != nil || !d.Allowed {
				t.Errorf("Evaluate = %+v, %v; want allowed", d, err)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	st := func(members string) string {
		return statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"` + members + `}`)
	}
	cond := func(c string) string { return st(`, "Condition": ` + c) }
	tests := []struct{ name, doc, path string }{
		{"not JSON", `{`, ""},
		{"a list", `[]`, ""},
		{"a bad URL encoding", `"%7"`, ""},
		{"too large", `{"Statement": [` + strings.Repeat(" ", trust.MaxPolicySize) + `]}`, ""},
		{"an unknown version", `{"Version": "2020-01-01", "Statement": []}`, "Version"},
		{"an unknown member", `{"Statement": {}, "Extra": 1}`, "Extra"},
		{"no statement", `{"Version": "2012-10-17"}`, "Statement"},
		{"an empty statement list", `{"Statement": []}`, "Statement"},
		{"a statement string", `{"Statement": "x"}`, "Statement"},
		{"a duplicate member", `{"Statement": {}, "Statement": {}}`, "Statement"},
		{"Resource", st(`, "Resource": "*"`), "Statement[0].Resource"},
		{"NotResource", st(`, "NotResource": "*"`), "Statement[0].NotResource"},
		{"NotPrincipal", statement(`{"Effect": "Allow", "NotPrincipal": {"AWS": "x"}, "Action": "sts:AssumeRoleWithWebIdentity"}`), "Statement[0].NotPrincipal"},
		{"an unknown statement member", st(`, "Conditions": {}`), "Statement[0].Conditions"},
		{"an effect in lower case", statement(`{"Effect": "allow", "Principal": "*", "Action": "*"}`), "Statement[0].Effect"},
		{"no principal", statement(`{"Effect": "Allow", "Action": "*"}`), "Statement[0].Principal"},
		{"a principal string", statement(`{"Effect": "Allow", "Principal": "cognito-identity.amazonaws.com", "Action": "*"}`), "Statement[0].Principal"},
		{"an unknown principal type", statement(`{"Effect": "Allow", "Principal": {"Cognito": "x"}, "Action": "*"}`), "Statement[0].Principal.Cognito"},
		{"both Action and NotAction", st(`, "NotAction": "s3:*"`), "Statement[0]"},
		{"an action without a service", statement(`{"Effect": "Allow", "Principal": "*", "Action": ["sts:TagSession", "AssumeRole"]}`), "Statement[0].Action[1]"},
		{"an unsupported operator", cond(`{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`), "Statement[0].Condition.DateLessThan"},
		{"Bool", cond(`{"Bool": {"aws:SecureTransport": "true"}}`), "Statement[0].Condition.Bool"},
		{"an operator in another case", cond(`{"stringequals": {"cognito-identity.amazonaws.com:aud": "x"}}`), "Statement[0].Condition.stringequals"},
		{"Null with IfExists", cond(`{"NullIfExists": {"aws:TagKeys": "true"}}`), "Statement[0].Condition.NullIfExists"},
		{"an unknown key", cond(`{"StringEquals": {"aws:SourceIp": "1.2.3.4"}}`), `Statement[0].Condition.StringEquals["aws:SourceIp"]`},
		{"a single-valued operator on amr", cond(`{"StringEquals": {"cognito-identity.amazonaws.com:amr": "authenticated"}}`),
			`Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:amr"]`},
		{"a policy variable", cond(`{"StringEquals": {"cognito-identity.amazonaws.com:sub": "${aws:userid}"}}`),
			`Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:sub"]`},
		{"a null value", cond(`{"StringEquals": {"cognito-identity.amazonaws.com:aud": null}}`), `Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"]`},
		{"an object value", cond(`{"StringEquals": {"cognito-identity.amazonaws.com:aud": {}}}`), `Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"]`},
		{"a nested list", cond(`{"StringEquals": {"cognito-identity.amazonaws.com:aud": ["a", ["b"]]}}`), `Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"][1]`},
		{"no values", cond(`{"StringEquals": {"cognito-identity.amazonaws.com:aud": []}}`), `Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"]`},
		{"Null of a string", cond(`{"Null": {"aws:TagKeys": "yes"}}`), `Statement[0].Condition.Null["aws:TagKeys"]`},
		{"an operator with no key", cond(`{"StringEquals": {}}`), "Statement[0].Condition.StringEquals"},
		{"keys equal ignoring case in one block", cond(`{"StringEquals": {"aws:RequestTag/dept": "a", "aws:requesttag/DEPT": "b"}}`), `Statement[0].Condition.StringEquals["aws:requesttag/DEPT"]`},
		{"aud twice ignoring case", cond(`{"StringLike": {"cognito-identity.amazonaws.com:aud": "` + poolID + `", "Cognito-Identity.amazonaws.com:AUD": "*"}}`), `Statement[0].Condition.StringLike["cognito-identity.amazonaws.com:aud"]`},
		{"a Kelvin sign is no k", cond(`{"ForAnyValue:StringEquals": {"aws:Tag\u212Aeys": "a"}}`), "Statement[0].Condition[\"ForAnyValue:StringEquals\"][\"aws:Tag\u212Aeys\"]"},
		{"a dotless ı is no i", cond(`{"StringEquals": {"cognıto-identity.amazonaws.com:aud": "a"}}`), "Statement[0].Condition.StringEquals[\"cognıto-identity.amazonaws.com:aud\"]"},
		{"over IAM's quota", st(`, "Sid": "` + strings.Repeat("x", trust.MaxPolicyChars) + `"`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := trust.Parse([]byte(tt.doc))
			var te *trust.Error
			if !errors.As(err, &te) || !errors.Is(err, trust.ErrUnsupported) || te.Code != "rolemapping.UnsupportedTrustPolicy" || te.Path != tt.path {
				t.Fatalf("Parse = %v, %v; want an UnsupportedTrustPolicy error at %q", p, err, tt.path)
			}
			if len(err.Error()) > 1024 {
				t.Errorf("the error is %d bytes long", len(err.Error()))
			}
			if want := tt.path + ": " + te.Detail; te.Path != "" && te.Message() != want || err.Error() != te.Code+": "+te.Message() {
				t.Errorf("Message() = %q, Error() = %q; want %q after the code", te.Message(), err.Error(), want)
			}
		})
	}
	if got := (&trust.Error{Code: trust.CodeUnsupported, Detail: "d"}).Message(); got != "d" {
		t.Errorf("Message() without a path = %q, want %q", got, "d")
	}
}

func TestChinaKeyOutsideChina(t *testing.T) {
	p := mustParse(t, statement(allow(`{"StringEquals": {"cognito-identity.amazonaws.com.cn:aud": "`+poolID+`"}}`)))
	if _, err := p.Evaluate(authenticated); !errors.Is(err, trust.ErrUnsupported) {
		t.Errorf("Evaluate outside China = %v, want UnsupportedTrustPolicy", err)
	}
	china := authenticated
	china.China = true
	if d, err := p.Evaluate(china); err != nil || !d.Allowed {
		t.Errorf("Evaluate in China = %+v, %v; want allowed", d, err)
	}
}

func TestTrace(t *testing.T) {
	p := mustParse(t, strings.Replace(cognitoTrust, poolID, otherP, 1))
	d, err := p.Evaluate(authenticated)
	if err != nil {
		t.Fatal(err)
	}
	want := []trust.Step{{Action: trust.ActionAssumeRole, Statement: 0, Effect: "Allow", Outcome: "condition",
		Path: `Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"]`, Operator: "StringEquals",
		Key: "cognito-identity.amazonaws.com:aud", Values: []string{poolID}}}
	if diff := cmp.Diff(want, d.Trace); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
	got := d.Trace[0].String()
	wantLine := `sts:AssumeRoleWithWebIdentity: statement 0 Allow: Statement[0].Condition.StringEquals["cognito-identity.amazonaws.com:aud"] is false (StringEquals on cognito-identity.amazonaws.com:aud; the request has [` + poolID + `])`
	if got != wantLine {
		t.Errorf("Step.String =\n%s\nwant\n%s", got, wantLine)
	}
}

func TestLint(t *testing.T) {
	p := mustParse(t, statement(`{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"ForAnyValue:StringEquals": {"cognito-identity.amazonaws.com:aud": "*"}}},
		{"Effect": "Deny", "Principal": "*", "Action": "*"},
		{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}`))
	var got []string
	for _, f := range p.Lint() {
		got = append(got, f.Code+" "+f.Path)
	}
	want := []string{"trust-no-aud Statement[0]", `set-operator-on-single-valued-key Statement[0].Condition["ForAnyValue:StringEquals"]["cognito-identity.amazonaws.com:aud"]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lint (-want +got):\n%s", diff)
	}
	if p.TestsAMR() || !mustParse(t, cognitoTrust).TestsAMR() {
		t.Error("TestsAMR is wrong")
	}
}

// Generators of policies in and near the grammar: each part is drawn from
// what the grammar supports, and now and then from what it refuses.
var (
	goodPrincipals = []any{"*", map[string]any{"Federated": "cognito-identity.amazonaws.com"},
		map[string]any{"Federated": []any{"accounts.google.com", "cognito-identity.amazonaws.com"}},
		map[string]any{"Federated": "cognito-identity.amazonaws.com.cn"}, map[string]any{"AWS": "*"},
		map[string]any{"Service": "ec2.amazonaws.com"}, map[string]any{"Federated": "graph.facebook.com"},
		map[string]any{"Federated": " Cognito-Identity.amazonaws.com\t"}, map[string]any{"Federated": "cognito-*"},
		map[string]any{"Federated": "*"}, map[string]any{"Federated": "cognİto-identity.amazonaws.com"}}
	badPrincipals = []any{"cognito-identity.amazonaws.com", map[string]any{"Cognito": "x"}, map[string]any{}}
	goodActions   = []any{"sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:*", "STS:assumerole*", "*",
		"sts:AssumeRole?ithWebIdentity", "s3:GetObject", []any{"sts:AssumeRoleWithWebIdentity", "sts:TagSession"},
		"sts:AssumeRoleWİthWebIdentİty", "STS:TAGSESSION"}
	badActions = []any{"AssumeRole", []any{}}
	goodOps    = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
		"StringLike", "StringNotLike", "Null"}
	badOps   = []string{"Bool", "StringEqualsX", "DateLessThan"}
	goodKeys = []string{"cognito-identity.amazonaws.com:aud", "COGNITO-IDENTITY.amazonaws.com:Aud", "cognito-identity.amazonaws.com:sub",
		"cognito-identity.amazonaws.com:amr", "aws:RequestTag/dept", "aws:requesttag/Team", "aws:TagKeys",
		"aws:requesttag/DEPT", "AWS:TAGKEYS"}
	badKeys    = []string{"aws:SourceIp", "aws:RequestTag/", "cognito-identity.amazonaws.com.cn:aud", "aws:Tag\u212Aeys"}
	goodValues = []any{poolID, otherP, "*", "us-east-1:*", "us-east-1:?f0e*", "authenticated", "unauthenticated", "graph.facebook.com",
		"accounts.google.com", "ops", "OPS", "dept", "team", "Team", "true", "false", json.Number("1"), true, "*:*"}
	badValues = []any{nil, "${aws:userid}", map[string]any{}}
)

// pick draws from good, and one time in 64 from bad.
func pick[V any](t *rapid.T, label string, good, bad []V) V {
	if rapid.IntRange(0, 63).Draw(t, label+" bad") == 63 { // rapid favours 0
		return rapid.SampledFrom(bad).Draw(t, label)
	}
	return rapid.SampledFrom(good).Draw(t, label)
}

func genValue(t *rapid.T, label string) any {
	if rapid.IntRange(0, 3).Draw(t, label+" list") == 0 {
		n := rapid.IntRange(0, 3).Draw(t, label+" n")
		if n == 0 && rapid.IntRange(0, 3).Draw(t, label+" empty") > 0 {
			n = 1
		}
		list := make([]any, n)
		for i := range list {
			list[i] = pick(t, label, goodValues, badValues)
		}
		return list
	}
	return pick(t, label, goodValues, badValues)
}

func genPolicy(t *rapid.T) map[string]any {
	n := rapid.IntRange(1, 4).Draw(t, "statements")
	var stmts []any
	for range n {
		st := map[string]any{
			"Effect":    pick(t, "effect", []string{"Allow", "Allow", "Deny"}, []string{"allow"}),
			"Principal": pick(t, "principal", goodPrincipals, badPrincipals),
		}
		action := pick(t, "action", goodActions, badActions)
		if rapid.IntRange(0, 4).Draw(t, "not") == 0 {
			st["NotAction"] = action
		} else {
			st["Action"] = action
		}
		if rapid.IntRange(0, 30).Draw(t, "extra") == 30 {
			st[rapid.SampledFrom([]string{"Resource", "NotPrincipal", "Sid", "Foo"}).Draw(t, "member")] = "x"
		}
		cond := map[string]any{}
		if rapid.IntRange(0, 3).Draw(t, "aud") > 0 {
			cond[rapid.SampledFrom([]string{"StringEquals", "StringLike", "ForAnyValue:StringEquals", "StringEqualsIfExists"}).Draw(t, "aud op")] =
				map[string]any{"cognito-identity.amazonaws.com:aud": rapid.SampledFrom([]any{poolID, otherP, "us-east-1:*", "*", "**", "?*", "*:*", []any{poolID, "*"}}).Draw(t, "aud value")}
		}
		for range rapid.IntRange(0, 2).Draw(t, "operators") {
			op := pick(t, "op", goodOps, badOps)
			keys := map[string]any{}
			multi := false
			for range rapid.IntRange(1, 2).Draw(t, "keys") {
				key := pick(t, "key", goodKeys, badKeys)
				multi = multi || strings.HasSuffix(key, ":amr") || key == "aws:TagKeys"
				if op == "Null" {
					keys[key] = pick(t, "null value", []any{"true", "false", true, false, []any{"true", "false"}, []any{"false", "false"}}, []any{"yes", poolID})
				} else {
					keys[key] = genValue(t, "value")
				}
			}
			if op != "Null" {
				sets := []string{"", "", "ForAnyValue:", "ForAllValues:"}
				if multi {
					sets = []string{"ForAnyValue:", "ForAllValues:"}
				}
				op = pick(t, "set", sets, []string{""}) + op
				if rapid.IntRange(0, 3).Draw(t, "ifExists") == 0 {
					op += "IfExists"
				}
			}
			cond[op] = keys
		}
		if len(cond) > 0 {
			st["Condition"] = cond
		}
		stmts = append(stmts, st)
	}
	p := map[string]any{"Statement": stmts}
	if n == 1 && rapid.Bool().Draw(t, "single") {
		p["Statement"] = stmts[0]
	}
	if v := pick(t, "version", []string{"2012-10-17", "2008-10-17", ""}, []string{"2020-01-01"}); v != "" {
		p["Version"] = v
	}
	return p
}

func genRequest(t *rapid.T) trust.Request {
	req := trust.Request{
		IdentityPoolID: rapid.SampledFrom([]string{poolID, poolID, otherP}).Draw(t, "aud"),
		IdentityID:     "us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
		AMR: rapid.SampledFrom([][]string{{"unauthenticated"}, {"authenticated", "accounts.google.com"},
			{"authenticated", "graph.facebook.com"}}).Draw(t, "amr"),
		China: rapid.IntRange(0, 3).Draw(t, "china") == 0,
	}
	req.Tags = rapid.SampledFrom([]map[string]string{nil, {"dept": "ops"}, {"dept": "OPS", "team": "a"}, {"Team": "ops"}}).Draw(t, "tags")
	return req
}

// TestPropertyAgreesWithBruteForce checks Parse and Evaluate against
// bruteEval, written separately from them, on generated policies in and
// near the grammar: the same refusals, the same outcome and reason.
func TestPropertyAgreesWithBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := genPolicy(t)
		req := genRequest(t)
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		var decoded any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&decoded); err != nil {
			t.Fatal(err)
		}
		bAllowed, bReason, bUnsupported := bruteEval(decoded, req)
		p, err := trust.Parse(data)
		var d trust.Decision
		if err == nil {
			d, err = p.Evaluate(req)
		}
		if err != nil {
			if !errors.Is(err, trust.ErrUnsupported) {
				t.Fatalf("error %v is no UnsupportedTrustPolicy", err)
			}
			if !bUnsupported {
				t.Fatalf("policy %s: refused (%v), but the brute-force evaluator supports it (allowed %v, %s)", data, err, bAllowed, bReason)
			}
			return
		}
		if bUnsupported {
			t.Fatalf("policy %s: evaluated (%v, %s), but the brute-force evaluator refuses it", data, d.Allowed, d.Reason)
		}
		if d.Allowed != bAllowed || string(d.Reason) != bReason {
			t.Fatalf("policy %s\nrequest %+v\nEvaluate: allowed %v, %s; brute force: allowed %v, %s\ntrace: %v", data, req, d.Allowed, d.Reason, bAllowed, bReason, d.Trace)
		}
		// The policy compiled for the pool decides alike, with and without
		// a trace, with the last amr value given in two parts.
		if !req.China {
			split := req
			if n := len(req.AMR); n > 0 {
				last := req.AMR[n-1]
				cut := rapid.IntRange(0, len(last)).Draw(t, "amr cut")
				split.AMR = append(append([]string(nil), req.AMR[:n-1]...), last[:cut])
				split.AMRTail = last[cut:]
			}
			c := p.Compile(req.IdentityPoolID)
			for _, trace := range []bool{false, true} {
				cd, err := c.Evaluate(split, trace)
				if err != nil || cd.Allowed != d.Allowed || cd.Reason != d.Reason || cd.Statement != d.Statement {
					t.Fatalf("policy %s\nrequest %+v\nCompiled.Evaluate(trace %v) = %+v, %v; Evaluate %+v", data, split, trace, cd, err, d)
				}
			}
			// Specialized for what the request shares with others (its
			// first amr values, whether it has tags), alike too; the keys
			// left unread may be left out.
			j := rapid.IntRange(0, len(req.AMR)).Draw(t, "amr known")
			k := trust.Known{AMR: req.AMR[:j], AMRMore: j < len(req.AMR), Tagged: len(req.Tags) > 0}
			sp := c.Specialize(k)
			lean := split
			if sp.Reads()&trust.KeyAMR == 0 {
				lean.AMR, lean.AMRTail = nil, ""
			}
			if sp.Reads()&trust.KeySub == 0 {
				lean.IdentityID = ""
			}
			if sd, err := sp.Evaluate(lean, false); err != nil || sd.Allowed != d.Allowed || sd.Reason != d.Reason || sd.Statement != d.Statement {
				t.Fatalf("policy %s\nrequest %+v\nSpecialize(%+v) reads %b, Evaluate = %+v, %v; Evaluate %+v", data, lean, k, sp.Reads(), sd, err, d)
			}
		}
		// The URL-encoded string form decides alike.
		enc, _ := json.Marshal(url.QueryEscape(string(data)))
		p2, err := trust.Parse(enc)
		if err != nil {
			t.Fatalf("the URL-encoded form is refused: %v", err)
		}
		if d2, err := p2.Evaluate(req); err != nil || d2.Allowed != d.Allowed || d2.Reason != d.Reason {
			t.Fatalf("the URL-encoded form decides %+v, %v; the object %+v", d2, err, d)
		}
	})
}

// fixturePolicies returns the trust policies of the repository's fixtures:
// every AssumeRolePolicyDocument and assume_role_policy value in the JSON
// files of the case, conformance and import test data (CloudFormation's
// intrinsic functions included, which Parse refuses).
func fixturePolicies(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				if k == "AssumeRolePolicyDocument" || k == "assume_role_policy" {
					if data, err := json.Marshal(x[k]); err == nil {
						out = append(out, data)
					}
				}
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, dir := range []string{"../testdata/cases", "../testdata/conformance", "../iac/testdata/cases", "../iac/testdata/cdk", "../iac/testdata/terraform"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				tb.Fatal(err)
			}
			var doc any
			if json.Unmarshal(data, &doc) == nil {
				walk(doc)
			}
		}
	}
	if len(out) < 10 {
		tb.Fatalf("found %d trust policies in the fixtures, want at least 10", len(out))
	}
	return out
}

// FuzzParse parses a policy and evaluates it for requests whose values are
// value repeated up to n bytes: errors are refusals or the work limit,
// never a panic or a stall (the work is counted), the compiled policy
// decides as the parsed one, and no trace line is longer than a few KB.
func FuzzParse(f *testing.F) {
	seeds := [][]byte{[]byte(cognitoTrust),
		[]byte(`"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%22*%22%2C%22Action%22%3A%22*%22%7D%7D"`),
		[]byte(statement(allow(`{"ForAllValues:StringNotLikeIfExists": {"aws:TagKeys": ["a*", 1, true]}, "Null": {"aws:RequestTag/x": false}}`))),
		[]byte(`{"Statement": {}, "Statement": []}`),
		[]byte(statement(allow(`{"StringLike": {"cognito-identity.amazonaws.com:sub": "*a*a*a*a*a*a*b", "cognito-identity.amazonaws.com:aud": "` + poolID + `"}}`)))}
	seeds = append(seeds, fixturePolicies(f)...)
	for i, s := range seeds {
		f.Add(s, []string{"a", "ab", "é", "*"}[i%4], uint32(1)<<(i%17))
	}
	f.Fuzz(func(t *testing.T, data []byte, value string, n uint32) {
		p, err := trust.Parse(data)
		if err != nil {
			if !errors.Is(err, trust.ErrUnsupported) {
				t.Fatalf("error %v is no UnsupportedTrustPolicy", err)
			}
			return
		}
		long := ""
		if value != "" {
			long = strings.Repeat(value, int(n%(1<<16))/len(value)+1)
		}
		c := p.Compile(poolID)
		for _, req := range []trust.Request{authenticated,
			{IdentityPoolID: poolID, AMR: []string{"unauthenticated"}, Tags: map[string]string{"a": "b"}},
			{IdentityPoolID: poolID, IdentityID: long, AMR: []string{"authenticated", long}, AMRTail: long, Tags: map[string]string{long: long, "dept": long}}} {
			d, err := p.Evaluate(req)
			cd, steps, cerr := trust.Steps(c, req, false)
			if steps > trust.MaxWork+1 {
				t.Fatalf("%d steps, over MaxWork", steps)
			}
			if (err == nil) != (cerr == nil) {
				t.Fatalf("Evaluate: %v; compiled: %v", err, cerr)
			}
			if err != nil {
				if !errors.Is(err, trust.ErrUnsupported) && !errors.Is(err, trust.ErrWorkLimit) {
					t.Fatalf("Evaluate error %v is no UnsupportedTrustPolicy or work limit", err)
				}
				if len(err.Error()) > 4096 {
					t.Fatalf("an error of %d bytes", len(err.Error()))
				}
				continue
			}
			if d.Allowed == (d.Reason != "") {
				t.Fatalf("decision %+v: allowed and reason disagree", d)
			}
			if cd.Allowed != d.Allowed || cd.Reason != d.Reason || cd.Statement != d.Statement {
				t.Fatalf("compiled %+v, parsed %+v", cd, d)
			}
			for _, s := range d.Trace {
				if line := s.String(); len(line) > 4096 {
					t.Fatalf("a trace line of %d bytes", len(line))
				}
			}
		}
		_ = p.Lint()
	})
}

// boundedPolicy is a policy of IAM's largest size whose StringLike
// patterns backtrack on a value of a's: every pattern ends in b, so each
// one tries every split of the value.
func boundedPolicy(t *testing.T) (doc []byte, patternRunes int) {
	var b strings.Builder
	b.WriteString(`{"Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], "Condition": {`)
	b.WriteString(`"StringEquals": {"cognito-identity.amazonaws.com:aud": "` + poolID + `"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": [`)
	pat := strings.Repeat("*a", 30) + "b"
	for j := range 40 {
		if j > 0 {
			b.WriteByte(',')
		}
		p := pat
		if j%2 == 1 {
			p = "*" + strings.Repeat("a", 59) + "b" // rescans 59 bytes at each start
		}
		b.WriteString(`"` + p + `"`)
		patternRunes += len(p)
	}
	b.WriteString(`]}, "StringLike": {"cognito-identity.amazonaws.com:sub": "` + pat + `"}, "ForAllValues:StringNotLike": {"aws:TagKeys": "` + pat + `"}}}}`)
	patternRunes += 2 * len(pat)
	doc = []byte(b.String())
	if _, err := trust.Parse(doc); err != nil {
		t.Fatalf("the bounded policy (%d bytes) is refused: %v", len(doc), err)
	}
	return doc, patternRunes
}

// awsShaped is a request at the sizes AWS allows: a 55-character identity
// ID, a developer identity's amr with a 1,024-character user ID, 50 tags of
// 128-character keys and 256-character values; devLen sets the user ID's
// length.
func awsShaped(devLen int) trust.Request {
	tags := map[string]string{}
	for i := range 50 {
		k := strconv.Itoa(i) + strings.Repeat("a", 127)
		tags[k[:128]] = strings.Repeat("a", 256)
	}
	return trust.Request{IdentityID: "us-east-1:" + strings.Repeat("a", 45),
		AMR:     []string{"authenticated", "login.example.com", "login.example.com:" + poolID + ":"},
		AMRTail: strings.Repeat("a", devLen), Tags: tags}
}

// TestBounded bounds the work of an evaluation by the steps it counts:
// for requests of the sizes AWS allows it is at most the policy's pattern
// length times the request's size, grows linearly with a value's length,
// stays far under MaxWork, and allocates nothing; a request far larger
// ends with ErrWorkLimit after at most MaxWork steps. Parse allocates a
// bounded multiple of the policy's size.
func TestBounded(t *testing.T) {
	doc, patternRunes := boundedPolicy(t)
	p := mustParse(t, string(doc))
	c := p.Compile(poolID)
	steps := func(req trust.Request) int {
		t.Helper()
		d, n, err := trust.Steps(c, req, false)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		if d.Reason != trust.ReasonCondition {
			t.Fatalf("Evaluate = %+v, want %s (no pattern matches)", d, trust.ReasonCondition)
		}
		return n
	}
	valueBytes := func(req trust.Request) int {
		n := len(req.IdentityID) + len(req.AMRTail)
		for _, a := range req.AMR {
			n += len(a)
		}
		for k := range req.Tags {
			n += len(k)
		}
		return n
	}
	small, large := awsShaped(256), awsShaped(1024)
	s, l := steps(small), steps(large)
	t.Logf("patterns %d code points; request %d bytes: %d steps; %d bytes: %d steps (MaxWork %d)", patternRunes, valueBytes(small), s, valueBytes(large), l, trust.MaxWork)
	if bound := 2 * patternRunes * valueBytes(large); l > bound {
		t.Errorf("%d steps, over pattern × value × 2 actions = %d", l, bound)
	}
	if l > trust.MaxWork/8 {
		t.Errorf("an AWS-shaped request takes %d steps, too near MaxWork %d", l, trust.MaxWork)
	}
	// Linear in the value: each byte added to the developer user ID costs
	// at most one step per pattern code point and action.
	if added, bound := l-s, 2*patternRunes*(len(large.AMRTail)-len(small.AMRTail)); added > bound || s <= 0 {
		t.Errorf("from a %d- to a %d-byte developer user ID the steps grew by %d; linear is at most %d", len(small.AMRTail), len(large.AMRTail), added, bound)
	}
	if allocs := testing.AllocsPerRun(20, func() { _, _ = c.Evaluate(large, false) }); allocs != 0 {
		t.Errorf("Compiled.Evaluate allocates %v times, want 0", allocs)
	}

	huge := awsShaped(0)
	huge.AMRTail = strings.Repeat("a", 1<<20)
	_, n, err := trust.Steps(c, huge, false)
	var te *trust.Error
	if !errors.Is(err, trust.ErrWorkLimit) || !errors.As(err, &te) || te.Code != trust.CodeWorkLimit || len(err.Error()) > 1024 {
		t.Errorf("a 1 MiB amr value: %v; want a short %s error", err, trust.CodeWorkLimit)
	}
	if n > trust.MaxWork+1 {
		t.Errorf("a 1 MiB amr value took %d steps, over MaxWork %d", n, trust.MaxWork)
	}
	if _, err := p.Evaluate(huge); !errors.Is(err, trust.ErrWorkLimit) {
		t.Errorf("Policy.Evaluate of a 1 MiB amr value: %v, want ErrWorkLimit", err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 20
	for range runs {
		if _, err := trust.Parse(doc); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / runs; per > 64*uint64(len(doc)) {
		t.Errorf("Parse of %d bytes allocates %d bytes, over 64× its size", len(doc), per)
	}
}

// TestGeneratorCoverage checks that the generators reach every outcome:
// refusals, allowed requests and each reason, on a fixed set of examples.
func TestGeneratorCoverage(t *testing.T) {
	type example struct {
		policy []byte
		req    trust.Request
	}
	gen := rapid.Custom(func(t *rapid.T) example {
		data, _ := json.Marshal(genPolicy(t))
		return example{data, genRequest(t)}
	})
	counts := map[string]int{}
	for i := range 2000 {
		ex := gen.Example(i)
		p, err := trust.Parse(ex.policy)
		if err == nil {
			var d trust.Decision
			if d, err = p.Evaluate(ex.req); err == nil {
				counts[string(d.Reason)]++
				continue
			}
		}
		counts["unsupported"]++
	}
	for _, k := range []string{"", "unsupported", "trust-deny", "trust-no-statement", "trust-condition", "trust-no-aud", "trust-tag-session"} {
		if counts[k] < 5 {
			t.Errorf("%d of 2000 generated cases gave %q, want at least 5: %v", counts[k], k, counts)
		}
	}
	t.Log(counts)
}

// A member given twice is refused naming both places, so that a reader
// sees which Effect (Deny, then Allow) the document holds twice.
func TestParseDuplicateNamesBothPlaces(t *testing.T) {
	tests := []struct{ name, doc, path, want string }{
		{"Effect", "{\"Statement\": {\"Effect\": \"Deny\",\n  \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\"}}", "Statement.Effect",
			"(line 2, column 3): duplicate member (the first is at line 1, column 16)"},
		{"Statement", `{"Statement": {}, "Statement": {}}`, "Statement",
			"(line 1, column 19): duplicate member (the first is at line 1, column 2)"},
		{"two", `{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": {}, "Statement": {}}`, "Version",
			"(line 1, column 27): duplicate member (the first is at line 1, column 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := trust.Parse([]byte(tt.doc))
			var te *trust.Error
			if !errors.As(err, &te) || te.Path != tt.path || !strings.Contains(te.Detail, tt.want) {
				t.Fatalf("Parse = %v; want an error at %s holding %q", err, tt.path, tt.want)
			}
			if tt.name == "two" && !strings.Contains(te.Detail, "(and 1 more members given twice)") {
				t.Errorf("Parse = %v; want the count of the other duplicates", err)
			}
		})
	}
}
