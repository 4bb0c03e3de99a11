package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// token is an unsigned JWT whose payload is testdata/alice.json's claims.
const token = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJzdWIiOiIxMjM0IiwiaGQiOiJleGFtcGxlLmNvbSJ9."

const template = "../../iac/testdata/cdk/GoogleRulesStack.template.json"

// credStack is the real cdk synth of a pool with user pool groups, trust
// policies and principal tags; staffLogin is its user pool's login once
// AWS::Region is bound to the region CDK wrote into the provider name.
const (
	credStack  = "../../iac/testdata/cdk/CredentialsStack.template.json"
	staffLogin = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff35CBA1CE"
)

// accessExample is the CDK app's synth of the README's access example.
const accessExample = "../../../examples/access/AccessStack.template.json"

var credBind = []string{"--bind", "AWS::Region=eu-west-1", "--bind", "AWS::AccountId=111122223333"}

// cred is the command line of a subcommand on the credentials fixture:
// the subcommand, credBind, then the rest.
func cred(sub string, rest ...string) []string { return slices.Concat([]string{sub}, credBind, rest) }

// goldens are the sessions TestGolden runs: every subcommand in each
// format, and the usage and input errors.
var goldens = []struct {
	name  string
	args  []string
	stdin string
}{
	{"usage", nil, ""},
	{"help", []string{"help"}, ""},
	{"unknown-command", []string{"frobnicate"}, ""},
	{"unknown-command-near", []string{"lnit", "testdata/pool.json"}, ""},
	{"unknown-flag-near", []string{"lint", "--fial-on", "error", "testdata/pool.json"}, ""},
	{"help-unknown-command", []string{"help", "frobnicate"}, ""},

	{"test-help", []string{"test", "--help"}, ""},
	{"test-github", []string{"test", "--format", "github", "testdata/cases", "testdata/failing/wrong-role.json"}, ""},
	{"lint-github", []string{"lint", "--format", "github", "testdata/pool.json", "../../iac/testdata/cdk/GoogleRulesStack.template.json"}, ""},
	{"lint-junit", []string{"lint", "--format", "junit", "testdata/pool.json", "../../iac/testdata/cdk/GoogleRulesStack.template.json", "../../iac/testdata/cdk/FederationStack.template.json"}, ""},
	{"diff-github", []string{"diff", "--format", "github", "testdata/pool.json", "testdata/pool-new.json"}, ""},
	{"test-pass", []string{"test", "testdata/cases"}, ""},
	{"test-pass-verbose", []string{"test", "-v", "testdata/cases"}, ""},
	{"test-fail", []string{"test", "testdata/failing/wrong-role.json"}, ""},
	{"test-input-errors", []string{"test", "testdata/failing"}, ""},
	{"test-json", []string{"test", "--format", "json", "testdata/cases", "testdata/failing/wrong-role.json"}, ""},
	{"test-junit", []string{"test", "--format", "junit", "testdata/cases", "testdata/failing"}, ""},
	{"test-empty-folder", []string{"test", "testdata/empty"}, ""},
	{"test-missing", []string{"test", "testdata/no-such-folder"}, ""},
	{"test-bad-format", []string{"test", "--format", "tap"}, ""},
	{"test-unverified", []string{"test", "-v", "testdata/unverified"}, ""},
	{"test-unverified-json", []string{"test", "--format", "json", "testdata/unverified"}, ""},
	{"test-unverified-junit", []string{"test", "--format", "junit", "testdata/unverified"}, ""},
	{"test-require-trust", []string{"test", "--require-trust", "testdata/unverified"}, ""},

	{"lint-help", []string{"lint", "-h"}, ""},
	{"lint-pool", []string{"lint", "testdata/pool.json"}, ""},
	{"lint-template", []string{"lint", template}, ""},
	{"lint-terraform", []string{"lint", "--bind", "AWS::Region=eu-west-1", "../../iac/testdata/terraform/plan.json"}, ""},
	{"lint-terraform-roles", []string{"lint", "--bind", "AWS::Region=eu-west-1", "--roles", "testdata/existing-staff-role.json", "../../iac/testdata/terraform/plan.json"}, ""},
	{"lint-credentials", cred("lint", credStack), ""},
	{"lint-invalid", []string{"lint", "testdata/invalid.json"}, ""},
	{"lint-json", []string{"lint", "--format", "json", "testdata/pool.json", template}, ""},
	{"lint-sarif", []string{"lint", "--format", "sarif", "testdata/pool.json", template}, ""},
	{"lint-fail-on-error", []string{"lint", "--fail-on", "error", "testdata/pool.json"}, ""},
	{"lint-fail-on-none", []string{"lint", "testdata/invalid.json", "--fail-on=none"}, ""},
	{"lint-ignore", []string{"lint", "--ignore", "unreachable-rule", "--ignore",
		`user-writable-claim RoleMappings["accounts.google.com"].RulesConfiguration.Rules[2].Claim`, "testdata/pool.json"}, ""},
	{"lint-config", []string{"lint", "--config", "testdata/rolemap-config.json", "testdata/pool.json"}, ""},
	{"lint-bad-config", []string{"lint", "--config", "testdata/bad-config.json", "testdata/pool.json"}, ""},
	{"lint-config-invalid", []string{"lint", "--config", "testdata/config-invalid.json", "testdata/pool.json"}, ""},
	{"lint-config-upward", []string{"lint", "../../../../../../iac/testdata/cdk/CredentialsStack.template.json"}, ""},
	{"lint-config-upward-flags", []string{"lint", "--format", "text", "--fail-on", "error", "--bind", "AWS::AccountId=444455556666", "../../../../../../iac/testdata/cdk/CredentialsStack.template.json"}, ""},
	{"import-config-upward", []string{"import", "../../../../../../iac/testdata/cdk/CredentialsStack.template.json"}, ""},
	{"lint-dir", []string{"lint", "-v", "testdata/lintdir"}, ""},
	{"lint-dir-empty", []string{"lint", "testdata/empty"}, ""},
	{"lint-glob", []string{"lint", "testdata/lintdir/*/*.template.json", "testdata/lintdir/pools/*.json"}, ""},
	{"lint-glob-no-match", []string{"lint", "testdata/lintdir/*.tempalte.json"}, ""},
	{"import-dir", []string{"import", "-q", "testdata/lintdir/cdk.out"}, ""},
	{"lint-tf-walk", []string{"lint", "-v", "testdata/tfwalk"}, ""},
	{"import-tf-walk", []string{"import", "testdata/tfwalk"}, ""},
	{"import-tf-config", []string{"import", "--bind", "AWS::Region=eu-west-1", "testdata/tfdiff/old/prod"}, ""},
	{"diff-tf-config", []string{"diff", "--bind", "AWS::Region=eu-west-1", "testdata/tfdiff/old/prod", "testdata/tfdiff/new/prod"}, ""},
	{"diff-tf-dir-and-config", []string{"diff", "testdata/tfdiff/old", "testdata/tfdiff/new/prod"}, ""},
	{"diff-tf-dirs", []string{"diff", "--bind", "AWS::Region=eu-west-1", "--exit-code", "testdata/tfdiff/old", "testdata/tfdiff/new"}, ""},
	{"import-dir-several", []string{"import", "testdata/lintdir"}, ""},
	{"diff-glob", []string{"diff", "testdata/pool*.json"}, ""},
	{"diff-dirs", []string{"diff", "--exit-code", "testdata/diffdir/old", "testdata/diffdir/new"}, ""},
	{"diff-dirs-json", []string{"diff", "--format", "json", "testdata/diffdir/old", "testdata/diffdir/new"}, ""},
	{"diff-dir-and-file", []string{"diff", "testdata/diffdir/old", "testdata/pool.json"}, ""},
	{"lint-glob-bad", []string{"lint", "testdata/[.json"}, ""},
	{"lint-config-wildcard", []string{"lint", "--config", "testdata/config-wildcard.json", "testdata/pool.json"}, ""},
	{"lint-config-error-reason", []string{"lint", "--config", "testdata/config-error-reason.json", "testdata/invalid.json"}, ""},
	{"lint-config-error-reason-json", []string{"lint", "--format", "json", "--config", "testdata/config-error-reason.json", "testdata/invalid.json"}, ""},
	{"lint-config-error-reason-sarif", []string{"lint", "--format", "sarif", "--config", "testdata/config-error-reason.json", "testdata/invalid.json"}, ""},
	{"lint-ignore-wildcard", []string{"lint", "--ignore", "*", "testdata/pool.json"}, ""},
	{"lint-ignore-misspelt", []string{"lint", "--ignore", "user-writeable-claim", "testdata/pool.json"}, ""},
	{"lint-ignore-error", []string{"lint", "--ignore", "invalid-value", "testdata/invalid.json"}, ""},
	{"lint-stdin", []string{"lint", "-"}, `{"IdentityPoolId": "eu-west-1:4bf8e4ad-0000-4a7c-9d27-8b1a2e4c9f10", "Roles": {}, "RoleMappings": {"x": {"Type": "Token"}}}`},
	{"lint-input-errors", []string{"lint", "testdata/syntax.json", "testdata/template.yaml", "testdata/no-such-file.json", "testdata/broken-template.json"}, ""},
	{"lint-undetected", []string{"lint", "testdata/bindings.json"}, ""},
	{"lint-forced-input", []string{"lint", "--input", "aws", "testdata/bindings.json"}, ""},
	{"lint-bind", []string{"lint", "--bindings", "testdata/bindings.json", "--bind", "NoSuchRole.Arn=arn:aws:iam::111122223333:role/Bound", "testdata/broken-template.json"}, ""},
	{"lint-no-file", []string{"lint"}, ""},
	{"lint-terraform-config", []string{"lint", "testdata/terraform/main.tf"}, ""},
	{"lint-terraform-folder", []string{"lint", "testdata/terraform"}, ""},
	{"lint-folder", []string{"lint", "testdata/cases"}, ""},
	{"lint-bad-fail-on", []string{"lint", "--fail-on", "info", "testdata/pool.json"}, ""},

	{"access-help", []string{"access", "--help"}, ""},
	{"access-text", []string{"access", accessExample}, ""},
	{"access-json", []string{"access", "--format", "json", accessExample}, ""},
	{"access-markdown", []string{"access", "--format", "markdown", accessExample}, ""},
	{"access-pool", []string{"access", "testdata/pool.json"}, ""},
	{"access-credentials", cred("access", credStack), ""},
	{"access-invalid", []string{"access", "testdata/invalid.json"}, ""},
	{"access-input-errors", []string{"access", "testdata/syntax.json", "testdata/no-such-file.json", "testdata/pool.json"}, ""},
	{"access-no-file", []string{"access"}, ""},
	{"access-bad-format", []string{"access", "--format", "sarif", "testdata/pool.json"}, ""},
	{"access-near", []string{"acess", "testdata/pool.json"}, ""},

	{"diff-help", []string{"diff", "--help"}, ""},
	{"diff-text", []string{"diff", "testdata/pool.json", "testdata/pool-new.json"}, ""},
	{"diff-credentials", cred("diff", credStack, "testdata/credentials-new.template.json"), ""},
	{"diff-credentials-json", cred("diff", "--format", "json", credStack, "testdata/credentials-new.template.json"), ""},
	{"diff-json", []string{"diff", "--format", "json", "testdata/pool.json", "testdata/pool-new.json"}, ""},
	{"diff-markdown", []string{"diff", "--format", "markdown", "testdata/pool.json", "testdata/pool-new.json"}, ""},
	{"diff-exit-code", []string{"diff", "--exit-code", "testdata/pool.json", "testdata/pool-new.json"}, ""},
	{"diff-none", []string{"diff", "--exit-code", "--format", "markdown", "testdata/pool.json", "testdata/pool.json"}, ""},
	{"diff-template-vs-pool", []string{"diff", "--bind", "AWS::AccountId=111122223333", template, "testdata/pool.json"}, ""},
	{"diff-invalid", []string{"diff", "testdata/pool.json", "testdata/invalid.json"}, ""},
	{"diff-one-file", []string{"diff", "testdata/pool.json"}, ""},
	{"diff-access", []string{"diff", "--exit-code", "testdata/access-mapped.json", "testdata/access-unmapped.json"}, ""},
	{"diff-access-markdown", []string{"diff", "--format", "markdown", "testdata/access-mapped.json", "testdata/access-unmapped.json"}, ""},
	{"diff-access-json", []string{"diff", "--format", "json", "testdata/access-mapped.json", "testdata/access-unmapped.json"}, ""},

	{"explain-help", []string{"explain", "--help"}, ""},
	{"explain-claims", []string{"explain", "--pool", "testdata/pool.json", "--login", "accounts.google.com", "--claims", "testdata/alice.json"}, ""},
	{"explain-denied", []string{"explain", "--pool", "testdata/pool.json", "--claims", "testdata/bob.json"}, ""},
	{"explain-json", []string{"explain", "--pool", "testdata/pool.json", "--claims", "testdata/alice.json", "--format", "json"}, ""},
	{"explain-denied-json", []string{"explain", "--format", "json", "--pool", "testdata/pool.json", "--claims", "testdata/bob.json"}, ""},
	{"explain-token", []string{"explain", "--pool", template, "--token", token, "--unverified"}, ""},
	{"explain-token-stdin", []string{"explain", "--pool", "testdata/pool.json", "--token", "-", "--unverified"}, token + "\n"},
	{"explain-token-file", []string{"explain", "--pool", "testdata/pool.json", "--token", "testdata/alice.jwt", "--unverified"}, ""},
	{"explain-token-json-file", []string{"explain", "--pool", "testdata/pool.json", "--token", "testdata/alice.json", "--unverified"}, ""},
	{"explain-token-malformed", []string{"explain", "--pool", "testdata/pool.json", "--token", "abc.def", "--unverified"}, ""},
	{"explain-claims-jwt", []string{"explain", "--pool", "testdata/pool.json", "--claims", token}, ""},
	{"explain-claims-jwt-file", []string{"explain", "--pool", "testdata/pool.json", "--claims", "testdata/alice.jwt"}, ""},
	{"explain-groups-near", cred("explain", "--pool", credStack, "--login", staffLogin, "--groups", "readers,devs"), ""},
	{"explain-token-verified", []string{"explain", "--pool", "testdata/pool.json", "--token", token}, ""},
	{"explain-guest", []string{"explain", "--pool", "testdata/pool.json"}, ""},
	{"explain-user", cred("explain", "--pool", credStack, "--login", staffLogin, "--user", "alice", "--claims", "testdata/alice-dept.json"), ""},
	{"explain-trust-refused", cred("explain", "--pool", credStack, "--login", staffLogin, "--user", "bob", "--claims", "testdata/bob-dept.json"), ""},
	{"explain-trust-refused-json", cred("explain", "--format", "json", "--pool", credStack, "--login", staffLogin, "--user", "bob", "--claims", "testdata/bob-dept.json"), ""},
	{"explain-roles-empty", []string{"explain", "--pool", "testdata/pool.json", "--roles", "testdata/no-roles.json", "--login", "accounts.google.com", "--claims", "testdata/alice.json"}, ""},
	{"explain-roles-empty-json", []string{"explain", "--format", "json", "--pool", "testdata/pool.json", "--roles", "testdata/no-roles.json", "--login", "accounts.google.com", "--claims", "testdata/alice.json"}, ""},
	{"explain-require-trust", []string{"explain", "--require-trust", "--pool", "testdata/pool.json", "--roles", "testdata/no-roles.json", "--login", "accounts.google.com", "--claims", "testdata/alice.json"}, ""},
	{"explain-groups", cred("explain", "--pool", credStack, "--login", staffLogin, "--groups", "readers,dev"), ""},
	{"explain-user-unknown", cred("explain", "--pool", credStack, "--login", staffLogin, "--user", "nobody"), ""},
	{"explain-user-not-user-pool", cred("explain", "--pool", credStack, "--login", "accounts.google.com", "--user", "alice"), ""},
	{"explain-bad-claims", []string{"explain", "--pool", "testdata/pool.json", "--claims", "testdata/syntax.json"}, ""},
	{"explain-no-pool", []string{"explain", "--claims", "testdata/alice.json"}, ""},

	{"import-help", []string{"import", "--help"}, ""},
	{"import-template", []string{"import", "--bind", "AWS::Region=eu-west-1", template}, ""},
	{"import-template-inferred", []string{"import", "-q", "../../iac/testdata/cdk/UserPoolTokenStack.template.json"}, ""},
	{"lint-template-two-regions", []string{"lint", "testdata/two-regions.template.json"}, ""},
	{"lint-template-metadata", []string{"lint", "testdata/metadata-ignore.template.json"}, ""},
	{"lint-template-metadata-json", []string{"lint", "--format", "json", "testdata/metadata-ignore.template.json"}, ""},
	{"lint-template-metadata-bad", []string{"lint", "testdata/metadata-ignore-bad.template.json"}, ""},
	{"lint-template-metadata-bad-yaml", []string{"lint", "testdata/metadata-ignore-bad.template.yaml"}, ""},
	{"import-terraform", []string{"import", "-q", "../../iac/testdata/terraform/plan.json"}, ""},
	{"import-errors", []string{"import", "testdata/broken-template.json"}, ""},
	{"import-pool-document", []string{"import", "testdata/pool.json"}, ""},
	{"import-no-pool", []string{"import", "--pool-name", "Nope", template}, ""},
}

// TestGolden runs each session in-process and compares its exit status,
// standard output and standard error with testdata/golden/NAME.golden;
// go test -run TestGolden -update rewrites them.
// goldenDirs are the working folders of the sessions that do not run in
// the command's folder: under testdata/config-tree, whose .rolemap.json
// is found two folders up.
var goldenDirs = map[string]string{
	"lint-config-upward":       "testdata/config-tree/a/b",
	"lint-config-upward-flags": "testdata/config-tree/a/b",
	"import-config-upward":     "testdata/config-tree/a/b",
}

func TestGolden(t *testing.T) {
	if err := os.MkdirAll(filepath.Join("testdata", "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, g := range goldens {
		if seen[g.name] {
			t.Fatalf("two sessions named %s", g.name)
		}
		seen[g.name] = true
		t.Run(g.name, func(t *testing.T) {
			path, err := filepath.Abs(filepath.Join("testdata", "golden", g.name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			cd := ""
			if dir := goldenDirs[g.name]; dir != "" {
				t.Chdir(dir)
				cd = "(cd " + dir + ") "
			}
			var stdout, stderr bytes.Buffer
			status := run(g.args, strings.NewReader(g.stdin), &stdout, &stderr)
			got := fmt.Sprintf("%s$ rolemap %s\n# exit status %d\n# stdout:\n%s# stderr:\n%s", cd, shellJoin(g.args), status, stdout.String(), stderr.String())
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("rolemap %s (-want +got):\n%s", strings.Join(g.args, " "), diff)
			}
			// Machine-readable output is well formed.
			switch format(g.args) {
			case "json":
				if !json.Valid(stdout.Bytes()) {
					t.Errorf("--format json wrote invalid JSON:\n%s", stdout.Bytes())
				}
			case "junit":
				var v struct{}
				if err := xml.Unmarshal(stdout.Bytes(), &v); err != nil {
					t.Errorf("--format junit wrote invalid XML: %v", err)
				}
			}
		})
	}
	for name := range goldenDirs {
		if !seen[name] {
			t.Errorf("goldenDirs names %s, no session", name)
		}
	}
	// Every golden file belongs to a session: a renamed one is not left
	// behind, unchecked.
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.golden"))
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".golden"); !seen[name] {
			t.Errorf("%s: no session of that name", f)
		}
	}
}

// shellJoin writes args as a shell would take them.
func shellJoin(args []string) string {
	var out []string
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \"'$[]*&|;<>()\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

func format(args []string) string {
	for i, a := range args {
		if (a == "--format" || a == "-format") && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "--format="); ok {
			return v
		}
	}
	return ""
}
