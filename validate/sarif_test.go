package validate_test

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/sarifcheck"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

// TestChecksCoverEveryCode reads the package's source for its Code
// constants: each has exactly one Check, with a summary and help.
func TestChecksCoverEveryCode(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(n.Name, "Code") && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						consts = append(consts, v)
					}
				}
			}
		}
	}
	var codes []string
	for _, c := range validate.Checks() {
		codes = append(codes, c.Code)
		if c.Summary == "" || c.Help == "" || c.Severity == 0 {
			t.Errorf("check %s: summary %q, help %q, severity %v", c.Code, c.Summary, c.Help, c.Severity)
		}
		if got := validate.Catalogue().SeverityOf(validate.Finding{Code: c.Code}); got != c.Severity {
			t.Errorf("check %s: severity %v, but a finding of the code has %v", c.Code, c.Severity, got)
		}
	}
	slices.Sort(consts)
	slices.Sort(codes)
	if diff := cmp.Diff(consts, codes); diff != "" {
		t.Errorf("Code constants (-) and Checks (+):\n%s", diff)
	}
}

func TestViolations(t *testing.T) {
	p := rolemap.Pool{
		IdentityPoolID: "us-east-1:not-a-guid",
		Roles:          map[string]string{"authenticated": "arn:aws:iam::111122223333:role/A"},
		RoleMappings: map[string]rolemap.Mapping{
			"accounts.google.com": {Type: rolemap.TypeRules, AmbiguousRoleResolution: rolemap.AmbiguousDeny},
		},
	}
	var got []string
	for _, f := range validate.Violations(validate.Pool(p)) {
		got = append(got, f.Code+" "+f.Path.String()+" "+f.Severity.String())
		if f.Message == "" || f.Fix == "" {
			t.Errorf("%v: no message or fix", f)
		}
	}
	want := []string{
		"invalid-value IdentityPoolId error",
		`missing RoleMappings["accounts.google.com"].RulesConfiguration error`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Violations (-want +got):\n%s", diff)
	}
	if v := validate.Violations(errors.New("other")); v != nil {
		t.Errorf("Violations of a plain error = %v", v)
	}
}

const poolDoc = `{
  "IdentityPoolId": "us-east-1:4bf8e4ad-0000-4a7c-9d27-8b1a2e4c9f10",
  "Roles": {"authenticated": "arn:aws:iam::111122223333:role/Auth"},
  "RoleMappings": {
    "accounts.google.com": {
      "Type": "Rules", "AmbiguousRoleResolution": "Deny",
      "RulesConfiguration": {"Rules": [
        {"Claim": "hd", "MatchType": "Contains", "Value": "example", "RoleARN": "arn:aws:iam::111122223333:role/Staff"},
        {"Claim": "hd", "MatchType": "Equals", "Value": "example.com", "RoleARN": "arn:aws:iam::111122223333:role/Other"}
      ]}
    }
  }
}
`

// TestWriteSARIF lints a pool document, places its findings and checks the
// log against SARIF 2.1.0's required structure and GitHub's needs.
func TestWriteSARIF(t *testing.T) {
	findings, err := validate.LintDocument([]byte(poolDoc))
	if err != nil {
		t.Fatal(err)
	}
	located := slices.Clone(findings)
	diag.NewSource("pools/prod.json", []byte(poolDoc)).Place(located)
	var buf bytes.Buffer
	if err := validate.WriteSARIF(&buf, "v1.2.3", located); err != nil {
		t.Fatal(err)
	}
	results, err := sarifcheck.Check(buf.Bytes())
	if err != nil {
		t.Fatalf("the log is not valid SARIF:\n%v\n%s", err, buf.Bytes())
	}
	var got []string
	for _, r := range results {
		got = append(got, r.RuleID+" "+r.Level+" "+r.URI+":"+strconv.Itoa(r.Line)+":"+strconv.Itoa(r.Column))
	}
	want := []string{
		"unreachable-rule warning pools/prod.json:9:9",
		"providers-unknown warning pools/prod.json:1:1",
		"substring-match warning pools/prod.json:8:9",
	}
	if diff := cmp.Diff(set(want), set(got)); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	// The fingerprint names the finding, not its line.
	moved := "\n\n" + poolDoc
	located2 := slices.Clone(findings)
	diag.NewSource("pools/prod.json", []byte(moved)).Place(located2)
	buf.Reset()
	if err := validate.WriteSARIF(&buf, "v1.2.3", located2); err != nil {
		t.Fatal(err)
	}
	results2, _ := sarifcheck.Check(buf.Bytes())
	for i := range results {
		if results[i].Fingerprint == "" || results[i].Fingerprint != results2[i].Fingerprint || results[i].Line+2 != results2[i].Line {
			t.Errorf("result %d: fingerprint %q line %d, moved two lines down: %q line %d", i,
				results[i].Fingerprint, results[i].Line, results2[i].Fingerprint, results2[i].Line)
		}
	}
}

// TestSARIFCheckCatches: the structure check is not vacuous.
func TestSARIFCheckCatches(t *testing.T) {
	for _, bad := range []string{
		`{"version": "2.1.0"}`,
		`{"version": "2.0.0", "runs": []}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "a"}]}}, "results": [{"ruleId": "a", "message": {"text": "m"}, "locations": []}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "a"}]}}, "results": [{"ruleId": "a", "ruleIndex": 0, "message": {"text": "m"},
			"locations": [{"physicalLocation": {"artifactLocation": {"uri": "f"}, "region": {"startLine": 0}}}]}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "a"}]}}, "results": [{"ruleId": "b", "ruleIndex": 0, "message": {"text": "m"},
			"locations": [{"physicalLocation": {"artifactLocation": {"uri": "f"}, "region": {"startLine": 1}}}]}]}]}`,
	} {
		if _, err := sarifcheck.Check([]byte(bad)); err == nil {
			t.Errorf("Check accepted %s", bad)
		}
	}
}

func set(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}
