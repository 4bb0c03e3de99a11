package cfnyaml_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml"
	"github.com/rolemapping/rolemapping/validate"
)

// fixtures returns every YAML template of testdata with its JSON twin.
func fixtures(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, pat := range []string{"testdata/*/*.yaml", "testdata/*/*.yml"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range m {
			out[y] = strings.TrimSuffix(y, filepath.Ext(y)) + ".json"
		}
	}
	if len(out) < 13 {
		t.Fatalf("found %d YAML fixtures, want the 13 of testdata", len(out))
	}
	return out
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// imported is what an import gives, positions aside: the pools, trust
// policies, user pools, substitutions, lint findings by pool, or the
// errors.
type imported struct {
	Result   *iac.Result
	Findings map[string][]validate.Finding
	Errors   []iac.Error
	Err      string
}

func importOf(data []byte) imported {
	res, err := iac.CloudFormation(data)
	if err != nil {
		var errs []iac.Error
		for _, e := range iac.Errors(err) {
			c := *e
			c.Line, c.Column = 0, 0
			errs = append(errs, c)
		}
		if errs == nil {
			return imported{Err: err.Error()}
		}
		return imported{Errors: errs}
	}
	fs := map[string][]validate.Finding{}
	for name, p := range res.Pools {
		fs[name] = validate.Lint(p)
	}
	return imported{Result: res, Findings: fs}
}

// TestTwins: every YAML fixture and its JSON twin (made by a YAML tool)
// give the same pools, trust policies, user pools, substitutions and
// findings, or the same errors.
func TestTwins(t *testing.T) {
	for y, j := range fixtures(t) {
		t.Run(y, func(t *testing.T) {
			got, want := importOf(read(t, y)), importOf(read(t, j))
			if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(iac.Result{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("YAML vs JSON twin (-json +yaml):\n%s", diff)
			}
			if got.Result == nil && got.Errors == nil && !strings.Contains(got.Err, "no identity pool") {
				t.Errorf("neither a result nor placed errors: %s", got.Err)
			}
		})
	}
}

// TestShortForms: each short form is its long form.
func TestShortForms(t *testing.T) {
	cases := []struct{ yaml, json string }{
		{`!Ref P`, `{"Ref": "P"}`},
		{`!Condition C`, `{"Condition": "C"}`},
		{`!GetAtt Role.Arn`, `{"Fn::GetAtt": ["Role", "Arn"]}`},
		{`!GetAtt Pool.Attr.Nested`, `{"Fn::GetAtt": ["Pool", "Attr.Nested"]}`},
		{`!GetAtt [Role, Arn]`, `{"Fn::GetAtt": ["Role", "Arn"]}`},
		{`!Sub "arn:${AWS::Partition}:x"`, `{"Fn::Sub": "arn:${AWS::Partition}:x"}`},
		{`!Sub ["${A}-x", {A: !Ref P}]`, `{"Fn::Sub": ["${A}-x", {"A": {"Ref": "P"}}]}`},
		{`!Join [":", [a, !Ref P]]`, `{"Fn::Join": [":", ["a", {"Ref": "P"}]]}`},
		{`!Select [1, !Split [",", "a,b"]]`, `{"Fn::Select": [1, {"Fn::Split": [",", "a,b"]}]}`},
		{`!If [C, a, !Ref AWS::NoValue]`, `{"Fn::If": ["C", "a", {"Ref": "AWS::NoValue"}]}`},
		{`!Equals [!Ref P, x]`, `{"Fn::Equals": [{"Ref": "P"}, "x"]}`},
		{`!And [!Condition A, !Not [!Condition B]]`, `{"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Condition": "B"}]}]}`},
		{`!Or [!Condition A, !Equals [a, b]]`, `{"Fn::Or": [{"Condition": "A"}, {"Fn::Equals": ["a", "b"]}]}`},
		{`!FindInMap [M, !Ref AWS::Region, K]`, `{"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "K"]}`},
		{`!ImportValue shared-role`, `{"Fn::ImportValue": "shared-role"}`},
		{`!ImportValue {"Fn::Sub": "${P}-x"}`, `{"Fn::ImportValue": {"Fn::Sub": "${P}-x"}}`},
		{`!Base64 text`, `{"Fn::Base64": "text"}`},
		{`!Cidr [10.0.0.0/16, 4, 8]`, `{"Fn::Cidr": ["10.0.0.0/16", 4, 8]}`},
		{`!GetAZs ""`, `{"Fn::GetAZs": ""}`},
		{`!GetAZs`, `{"Fn::GetAZs": ""}`},
		// A short form's scalar is a string, whatever it looks like.
		{`!Sub 012`, `{"Fn::Sub": "012"}`},
		{`!Ref yes`, `{"Ref": "yes"}`},
	}
	for _, c := range cases {
		t.Run(c.yaml, func(t *testing.T) {
			d, err := cfnyaml.Decode([]byte("V: " + c.yaml + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			var got, want any
			if err := json.Unmarshal(d.JSON, &got); err != nil {
				t.Fatalf("%s: %v", d.JSON, err)
			}
			if err := json.Unmarshal([]byte(`{"V": `+c.json+`}`), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// shortForms is a template whose pool uses every short form rolemap
// evaluates; longForms is the same template written by hand in JSON.
const shortForms = `AWSTemplateFormatVersion: 2010-09-09
Parameters:
  Env: {Type: String, Default: prod}
  Domains: {Type: String, Default: "example.com,example.org"}
Mappings:
  Regions:
    us-east-1: {Claim: hd}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Both: !And [!Condition IsProd, !Not [!Equals [!Ref Env, dev]]]
  Either: !Or [!Condition Both, !Condition IsProd]
Resources:
  Admin:
    Type: AWS::IAM::Role
    Properties: {Path: /app/}
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
      SupportedLoginProviders: {accounts.google.com: !Sub "${Env}-client"}
  Attach:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        authenticated: !GetAtt Admin.Arn
        unauthenticated: !GetAtt [Admin, Arn]
      RoleMappings:
        google:
          IdentityProvider: accounts.google.com
          Type: Rules
          AmbiguousRoleResolution: Deny
          RulesConfiguration:
            Rules:
              - Claim: !FindInMap [Regions, !Ref "AWS::Region", Claim]
                MatchType: Equals
                Value: !Select [1, !Split [",", !Ref Domains]]
                RoleARN: !If [Either, !GetAtt Admin.Arn, !ImportValue other-role]
              - Claim: sub
                MatchType: Equals
                Value: !Join ["-", [!Ref Env, "x"]]
                RoleARN: !Sub ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${R}", {R: !Ref Admin}]
`

const longForms = `{"AWSTemplateFormatVersion": "2010-09-09",
 "Parameters": {"Env": {"Type": "String", "Default": "prod"}, "Domains": {"Type": "String", "Default": "example.com,example.org"}},
 "Mappings": {"Regions": {"us-east-1": {"Claim": "hd"}}},
 "Conditions": {
  "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
  "Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Fn::Equals": [{"Ref": "Env"}, "dev"]}]}]},
  "Either": {"Fn::Or": [{"Condition": "Both"}, {"Condition": "IsProd"}]}},
 "Resources": {
  "Admin": {"Type": "AWS::IAM::Role", "Properties": {"Path": "/app/"}},
  "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"AllowUnauthenticatedIdentities": false,
   "SupportedLoginProviders": {"accounts.google.com": {"Fn::Sub": "${Env}-client"}}}},
  "Attach": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
   "IdentityPoolId": {"Ref": "Pool"},
   "Roles": {"authenticated": {"Fn::GetAtt": "Admin.Arn"}, "unauthenticated": {"Fn::GetAtt": ["Admin", "Arn"]}},
   "RoleMappings": {"google": {"IdentityProvider": "accounts.google.com", "Type": "Rules", "AmbiguousRoleResolution": "Deny",
    "RulesConfiguration": {"Rules": [
     {"Claim": {"Fn::FindInMap": ["Regions", {"Ref": "AWS::Region"}, "Claim"]}, "MatchType": "Equals",
      "Value": {"Fn::Select": [1, {"Fn::Split": [",", {"Ref": "Domains"}]}]},
      "RoleARN": {"Fn::If": ["Either", {"Fn::GetAtt": ["Admin", "Arn"]}, {"Fn::ImportValue": "other-role"}]}},
     {"Claim": "sub", "MatchType": "Equals", "Value": {"Fn::Join": ["-", [{"Ref": "Env"}, "x"]]},
      "RoleARN": {"Fn::Sub": ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${R}", {"R": {"Ref": "Admin"}}]}}]}}}}}}}`

// TestShortFormTemplate: a template using the short forms imports as its
// long-form JSON does, and a lint finding in it is placed at the YAML.
func TestShortFormTemplate(t *testing.T) {
	got, want := importOf([]byte(shortForms)), importOf([]byte(longForms))
	if got.Result == nil {
		t.Fatalf("YAML: %v %v", got.Errors, got.Err)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(iac.Result{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("(-json +yaml):\n%s", diff)
	}
	rules := got.Result.Pools["Pool"].RoleMappings["accounts.google.com"].RulesConfiguration.Rules
	if len(rules) != 2 || rules[0].Claim != "hd" || rules[0].Value != "example.org" || rules[0].RoleARN != "arn:aws:iam::123456789012:role/app/Admin" || rules[1].Value != "prod-x" {
		t.Errorf("rules = %+v", rules)
	}
	// Where a pool path is in the YAML.
	res := got.Result
	var paths []diag.Path
	for _, p := range []diag.Path{
		diag.Root("RoleMappings").Key("accounts.google.com").Member("RulesConfiguration").Member("Rules").Index(0).Member("Value"),
		diag.Root("Roles").Key("authenticated"),
		diag.Root("SupportedLoginProviders").Key("accounts.google.com"),
		nil,
	} {
		at, ok := res.OriginPath("Pool", p)
		if !ok {
			t.Fatalf("OriginPath(%v): no pool", p)
		}
		paths = append(paths, at)
	}
	pos, ok := res.Places(paths)
	if !ok {
		t.Fatal("Places: not a YAML result")
	}
	wantPos := []iac.Position{{Line: 37, Column: 17}, {Line: 26, Column: 9}, {Line: 20, Column: 33}, {Line: 16, Column: 3}}
	if diff := cmp.Diff(wantPos, pos); diff != "" {
		t.Errorf("places of %q (-want +got):\n%s", paths, diff)
	}
	// The deprecated text API places them alike.
	var text []string
	for _, p := range paths {
		text = append(text, p.String())
	}
	//lint:ignore SA1019 the deprecated text API is checked to place alike
	if pos, _ := res.Positions(text); !cmp.Equal(wantPos, pos) {
		t.Errorf("Positions of %q = %v, want %v", text, pos, wantPos)
	}
	if _, ok := importOfResult(t, longForms).Places(paths); ok {
		t.Error("Places of a JSON result: ok, want false (a diag.Source of the file places those)")
	}
}

func importOfResult(t *testing.T, tmpl string) *iac.Result {
	res, err := iac.CloudFormation([]byte(tmpl))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestErrorsPlaced: an import error, a duplicate key, an alias, a merge
// key and a syntax error are each placed at the YAML's line and column
// (columns count code points).
func TestErrorsPlaced(t *testing.T) {
	const pool = "Resources:\n  Pool:\n    Type: AWS::Cognito::IdentityPool\n    Properties:\n"
	cases := []struct {
		name, yaml string
		want       []iac.Error
	}{
		{"unbound parameter", pool + "      IdentityPoolName: \"é\"\n      DeveloperProviderName: !Ref Missing\n",
			[]iac.Error{{Path: "Resources.Pool.Properties.DeveloperProviderName.Ref", Line: 6, Column: 30}}},
		{"duplicate key", pool + "      AllowUnauthenticatedIdentities: false\n      AllowUnauthenticatedIdentities: true\n",
			[]iac.Error{{Path: "Resources.Pool.Properties.AllowUnauthenticatedIdentities", Line: 6, Column: 7,
				Problem: "the key is given twice (the first is at line 5, column 7); a JSON decoder keeps only the last and another reader may take the first, so keep one of them"}}},
		{"two duplicates", "A: 1\nB: {x: 1, x: 2}\nA: 3\n",
			[]iac.Error{{Path: "B.x", Line: 2, Column: 11}, {Path: "A", Line: 3, Column: 1}}},
		{"alias", "A: &a x\nB: *a\n", []iac.Error{{Path: "B", Line: 2, Column: 4}}},
		{"merge key", "A: &a {x: 1}\nB:\n  <<: *a\n", []iac.Error{{Path: "B.<<", Line: 3, Column: 3}}},
		{"syntax", "A: [1, 2\n", []iac.Error{{Line: 2, Column: 1}}},
		{"not a mapping", "- a\n", []iac.Error{{Line: 1, Column: 1}}},
		{"empty", "# nothing\n", []iac.Error{{Line: 1, Column: 1, Problem: "YAML: the file holds no document; a template is a mapping with Resources"}}},
		{"two documents", "A: 1\n---\nB: 2\n", []iac.Error{{Line: 1, Column: 1, Problem: "YAML: expected single document, found multiple"}}},
		{"too deep", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), []iac.Error{{Line: 1, Column: 10001}}},
		{"unsupported tag", "A: !!binary aGk=\n", []iac.Error{{Path: "A", Line: 1, Column: 4}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := iac.CloudFormation([]byte(c.yaml))
			errs := iac.Errors(err)
			if errs == nil {
				t.Fatalf("err = %v, want placed errors", err)
			}
			var first *iac.Error
			if !errors.As(err, &first) {
				t.Fatal("errors.As finds no *iac.Error")
			}
			var got []iac.Error
			for _, e := range errs {
				g := *e
				if c.want[0].Problem == "" {
					g.Problem, g.Binding = "", ""
				}
				got = append(got, g)
			}
			if c.want[0].Problem == "" {
				for i := range c.want {
					c.want[i].Problem = ""
				}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

// TestScalars: plain scalars read as CloudFormation reads them; quoted
// ones are strings.
func TestScalars(t *testing.T) {
	cases := []struct {
		yaml string
		want any
	}{
		{"yes", true}, {"On", true}, {"TRUE", true}, {"true", true}, {"no", false}, {"off", false}, {"False", false},
		{"y", "y"}, {"n", "n"},
		{"~", nil}, {"null", nil}, {"", nil},
		{"12", json.Number("12")}, {"-2.5", json.Number("-2.5")}, {"1e3", json.Number("1e3")}, {"1.10", json.Number("1.10")},
		{"012", "012"}, {"0x1F", "0x1F"}, {"1_000", "1_000"}, {".5", ".5"}, {"+1", "+1"}, {"1:30", "1:30"}, {".inf", ".inf"},
		{"2010-09-09", "2010-09-09"},
		{"'yes'", "yes"}, {`"012"`, "012"}, {"!!str on", "on"}, {"!!str 1e3", "1e3"},
		{"|\n  text\n", "text\n"},
	}
	for _, c := range cases {
		t.Run(c.yaml, func(t *testing.T) {
			d, err := cfnyaml.Decode([]byte("V: " + c.yaml + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(strings.NewReader(string(d.JSON)))
			dec.UseNumber()
			var got map[string]any
			if err := dec.Decode(&got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got["V"]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStringProperty: a number written in a string property keeps its
// digits as written; a YAML 1.1 boolean is a boolean, as CloudFormation
// reads it.
func TestStringProperty(t *testing.T) {
	const tmpl = `Resources:
  Pool: {Type: AWS::Cognito::IdentityPool, Properties: {DeveloperProviderName: 012, IdentityPoolName: 1e3}}
`
	res := importOfResult(t, tmpl)
	p := res.Pools["Pool"]
	if p.DeveloperProviderName != "012" || p.IdentityPoolName != "1e3" {
		t.Errorf("DeveloperProviderName %q, IdentityPoolName %q; want 012 and 1e3 as written", p.DeveloperProviderName, p.IdentityPoolName)
	}
}

// TestNotRegisteredForJSON: a JSON template is still read as JSON (its
// errors placed by the JSON reader), and Match refuses a JSON object.
func TestNotRegisteredForJSON(t *testing.T) {
	if cfnyaml.Match([]byte(" {\"Resources\": {}}")) {
		t.Error("Match of a JSON object: true")
	}
	if _, ok := iac.TemplateFormatOf([]byte("Resources: {}\n")); !ok {
		t.Error("no template format registered for YAML")
	}
}

// TestDecodeLinear: the bytes Decode allocates grow with the template's
// size, not faster (counted, never timed): a template 8 times larger costs
// at most 12 times as much.
func TestDecodeLinear(t *testing.T) {
	tmpl := func(n int) []byte {
		var b strings.Builder
		b.WriteString("Resources:\n")
		for i := range n {
			fmt.Fprintf(&b, "  R%d:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: !Sub \"/${AWS::Region}/%d/\"\n      Tags: [{Key: a, Value: !GetAtt X.Arn}, !Ref Y]\n", i, i)
		}
		return []byte(b.String())
	}
	cost := func(data []byte) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := cfnyaml.Decode(data); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := cost(tmpl(500)), cost(tmpl(4000))
	if large > 12*small {
		t.Errorf("Decode allocates %d bytes for 500 resources and %d for 4000: more than linear", small, large)
	}
	t.Logf("allocated: %d bytes (500 resources), %d bytes (4000)", small, large)
}

// BenchmarkDecode decodes the CDK twin of CredentialsStack.
func BenchmarkDecode(b *testing.B) {
	data := read(b, "testdata/cdk/CredentialsStack.template.yaml")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := cfnyaml.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport imports CredentialsStack from its YAML twin and from
// its JSON.
func BenchmarkImport(b *testing.B) {
	for _, ext := range []string{"yaml", "json"} {
		data := read(b, "testdata/cdk/CredentialsStack.template."+ext)
		b.Run(ext, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := iac.CloudFormation(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
