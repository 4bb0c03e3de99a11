package tfconfig

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// write makes a configuration folder of files (name to content).
func write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const poolTF = `
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = "p"
}
`

// roles returns the pool's Roles map.
func roles(t *testing.T, res *iac.Result, pool string) map[string]string {
	t.Helper()
	p, ok := res.Pools[pool]
	if !ok {
		t.Fatalf("no pool %s among %v", pool, res.Pools)
	}
	return p.Roles
}

func TestVariablesPrecedence(t *testing.T) {
	attach := poolTF + `
variable "guest" { default = "arn:aws:iam::111122223333:role/from-default" }
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { unauthenticated = var.guest }
}
`
	for _, tc := range []struct {
		name     string
		files    map[string]string
		bindings map[string]string
		want     string
	}{
		{"default", nil, nil, "from-default"},
		{"terraform.tfvars", map[string]string{"terraform.tfvars": `guest = "arn:aws:iam::111122223333:role/from-tfvars"`}, nil, "from-tfvars"},
		{"auto.tfvars wins over terraform.tfvars", map[string]string{
			"terraform.tfvars": `guest = "arn:aws:iam::111122223333:role/from-tfvars"`,
			"a.auto.tfvars":    `guest = "arn:aws:iam::111122223333:role/from-a"`,
		}, nil, "from-a"},
		{"the last auto.tfvars in lexical order wins", map[string]string{
			"b.auto.tfvars": `guest = "arn:aws:iam::111122223333:role/from-b"`,
			"a.auto.tfvars": `guest = "arn:aws:iam::111122223333:role/from-a"`,
		}, nil, "from-b"},
		{"terraform.tfvars.json wins over terraform.tfvars", map[string]string{
			"terraform.tfvars":      `guest = "arn:aws:iam::111122223333:role/from-tfvars"`,
			"terraform.tfvars.json": `{"guest": "arn:aws:iam::111122223333:role/from-json"}`,
		}, nil, "from-json"},
		{"auto.tfvars.json in lexical order with auto.tfvars", map[string]string{
			"a.auto.tfvars.json": `{"guest": "arn:aws:iam::111122223333:role/from-a-json"}`,
			"b.auto.tfvars":      `guest = "arn:aws:iam::111122223333:role/from-b"`,
			"terraform.tfvars":   `guest = "arn:aws:iam::111122223333:role/from-tfvars"`,
		}, nil, "from-b"},
		{"a binding wins over every file", map[string]string{
			"b.auto.tfvars": `guest = "arn:aws:iam::111122223333:role/from-b"`,
		}, map[string]string{"var.guest": "arn:aws:iam::111122223333:role/from-binding"}, "from-binding"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": attach}
			for k, v := range tc.files {
				files[k] = v
			}
			res, err := Read(write(t, files), tc.bindings)
			if err != nil {
				t.Fatal(err)
			}
			got := roles(t, res, "aws_cognito_identity_pool.main")["unauthenticated"]
			if want := "arn:aws:iam::111122223333:role/" + tc.want; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestCountForEachAndLocalModule(t *testing.T) {
	dir := write(t, map[string]string{
		"main.tf": `
locals {
  envs = { dev = "Deny", prod = "AuthenticatedRole" }
}
module "pool" {
  source   = "./modules/pool"
  for_each = local.envs
  env      = each.key
  ambiguous = each.value
  admin_arn = aws_iam_role.admin[0].arn
}
resource "aws_iam_role" "admin" {
  count              = 2
  name               = "admin-${count.index}"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [for k, m in module.pool : m.pool_id]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }
  }
}
`,
		"modules/pool/main.tf": `
variable "env" {}
variable "ambiguous" { type = string }
variable "admin_arn" {}
data "aws_region" "current" {}
data "aws_caller_identity" "me" {}
resource "aws_cognito_identity_pool" "p" {
  identity_pool_name = "pool_${var.env}"
  supported_login_providers = { "accounts.google.com" = "client-${var.env}" }
}
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.p.id
  roles = {
    authenticated   = var.admin_arn
    unauthenticated = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:role/guest-${data.aws_region.current.name}"
  }
  dynamic "role_mapping" {
    for_each = ["accounts.google.com"]
    content {
      identity_provider         = role_mapping.value
      type                      = "Rules"
      ambiguous_role_resolution = var.ambiguous
      mapping_rule {
        claim      = "hd"
        match_type = "Equals"
        value      = "${var.env}.example.com"
        role_arn   = var.admin_arn
      }
    }
  }
}
output "pool_id" { value = aws_cognito_identity_pool.p.id }
`,
	})
	res, err := Read(dir, map[string]string{"AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333"})
	if err != nil {
		t.Fatal(err)
	}
	admin := "arn:aws:iam::111122223333:role/admin-0"
	for _, env := range []string{"dev", "prod"} {
		name := `module.pool["` + env + `"].aws_cognito_identity_pool.p`
		p, ok := res.Pools[name]
		if !ok {
			t.Fatalf("no pool %s: %v", name, res.Pools)
		}
		amb := map[string]string{"dev": "Deny", "prod": "AuthenticatedRole"}[env]
		want := map[string]rolemap.Mapping{"accounts.google.com": {Type: "Rules", AmbiguousRoleResolution: rolemap.AmbiguousRoleResolution(amb),
			RulesConfiguration: &rolemap.RulesConfiguration{Rules: []rolemap.Rule{{Claim: "hd", MatchType: "Equals", Value: env + ".example.com", RoleARN: admin}}}}}
		if diff := cmp.Diff(want, p.RoleMappings); diff != "" {
			t.Errorf("%s mappings (-want +got):\n%s", env, diff)
		}
		wantRoles := map[string]string{"authenticated": admin, "unauthenticated": "arn:aws:iam::111122223333:role/guest-eu-west-1"}
		if diff := cmp.Diff(wantRoles, p.Roles); diff != "" {
			t.Errorf("%s roles (-want +got):\n%s", env, diff)
		}
		if p.SupportedLoginProviders["accounts.google.com"] != "client-"+env {
			t.Errorf("%s login providers %v", env, p.SupportedLoginProviders)
		}
	}
	// The trust policy, rendered as the aws provider renders it: the
	// actions of a set in reverse order, the pool ids of both instances.
	raw, ok := res.Roles[admin]
	if !ok {
		t.Fatalf("no trust policy for %s: %v", admin, res.Roles)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatal(err)
	}
	dev, prod := res.Pools[`module.pool["dev"].aws_cognito_identity_pool.p`].IdentityPoolID, res.Pools[`module.pool["prod"].aws_cognito_identity_pool.p`].IdentityPoolID
	want := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "", "Effect": "Allow", "Action": []any{"sts:TagSession", "sts:AssumeRoleWithWebIdentity"},
		"Principal": map[string]any{"Federated": "cognito-identity.amazonaws.com"},
		"Condition": map[string]any{
			"StringEquals":           map[string]any{"cognito-identity.amazonaws.com:aud": []any{dev, prod}},
			"ForAnyValue:StringLike": map[string]any{"cognito-identity.amazonaws.com:amr": "authenticated"},
		},
	}}}
	if diff := cmp.Diff(want, doc); diff != "" {
		t.Errorf("trust policy (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(dev, "eu-west-1:") || dev == prod {
		t.Errorf("pool ids %q %q", dev, prod)
	}
}

// TestErrorsNameFileLineAndBinding: what is not evaluated is an error at
// its file, line and column, naming the binding that resolves it.
func TestErrorsNameFileLineAndBinding(t *testing.T) {
	for _, tc := range []struct {
		name, tf     string
		line, column int
		binding      string
		problem      string
	}{
		{"a variable with no value", poolTF + `variable "x" {}
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = var.x }
}`, 5, 1, "var.x", "no default"},
		{"an unknown function", poolTF + `resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = timestamp() }
}`, 7, 13, `aws_cognito_identity_pool_roles_attachment.a.roles["authenticated"]`, "timestamp(…)"},
		{"an unknown function in count", poolTF + `resource "aws_iam_role" "r" {
  count = parseduration("1h")
}`, 6, 11, "", "parseduration, a function rolemap does not evaluate"},
		{"an attribute known only after apply", poolTF + `resource "aws_iam_role" "r" { name = "r" }
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = aws_iam_role.r.unique_id }
}`, 8, 13, `aws_cognito_identity_pool_roles_attachment.a.roles["authenticated"]`, "aws_iam_role.r.unique_id"},
		{"a remote module's output", poolTF + `module "m" { source = "hashicorp/x/aws" }
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = module.m.arn }
}`, 8, 13, `aws_cognito_identity_pool_roles_attachment.a.roles["authenticated"]`, "module.m.arn"},
		{"count known only after apply", poolTF + `resource "aws_iam_role" "r" {
  count = length(aws_iam_role.q.id)
}
resource "aws_iam_role" "q" {}
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = aws_iam_role.r[0].arn }
}`, 6, 11, "aws_iam_role.q.id", "count"},
		{"an undeclared resource", poolTF + `resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.nope.id
}`, 6, 22, "", "no resource"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, map[string]string{"main.tf": tc.tf})
			_, err := Read(dir, nil)
			var e *iac.Error
			if !errors.As(err, &e) {
				t.Fatalf("want an *iac.Error, got %v", err)
			}
			got := [3]any{filepath.Base(e.File), e.Line, e.Column}
			if want := [3]any{"main.tf", tc.line, tc.column}; got != want {
				t.Errorf("placed at %v, want %v (%v)", got, want, e)
			}
			if e.Binding != tc.binding {
				t.Errorf("binding %q, want %q (%v)", e.Binding, tc.binding, e)
			}
			if !strings.Contains(e.Error(), tc.problem) {
				t.Errorf("error %q does not say %q", e.Error(), tc.problem)
			}
		})
	}
}

// TestFileAndTemplatefile: file and templatefile read paths relative to
// the root module's folder (path.module of a child module is relative to
// it too), as Terraform run there does.
func TestFileAndTemplatefile(t *testing.T) {
	dir := write(t, map[string]string{
		"main.tf": poolTF + `
module "roles" {
  source = "./roles"
  pool   = aws_cognito_identity_pool.main.id
}
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = module.roles.arn, unauthenticated = trimspace(file("guest.txt")) }
}
`,
		"guest.txt": "arn:aws:iam::111122223333:role/guest\n",
		"roles/main.tf": `
variable "pool" {}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", { pool = var.pool })
}
output "arn" { value = aws_iam_role.r.arn }
`,
		"roles/trust.json.tpl": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
  "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "${pool}"}}}]}`,
	})
	res, err := Read(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"authenticated": "arn:aws:iam::123456789012:role/r", "unauthenticated": "arn:aws:iam::111122223333:role/guest"}
	if diff := cmp.Diff(want, roles(t, res, "aws_cognito_identity_pool.main")); diff != "" {
		t.Errorf("roles (-want +got):\n%s", diff)
	}
	raw := res.Roles["arn:aws:iam::123456789012:role/r"]
	if !strings.Contains(string(raw), res.Pools["aws_cognito_identity_pool.main"].IdentityPoolID) {
		t.Errorf("the trust policy does not name the pool: %s", raw)
	}
}

// TestUnevaluatedFunctionsOutsidePools: a function rolemap does not
// evaluate is an error only where a pool needs its result.
func TestUnevaluatedFunctionsOutsidePools(t *testing.T) {
	dir := write(t, map[string]string{"main.tf": `
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = "p"
  tags = { created = timestamp(), id = uuid() }
}
resource "aws_iam_role" "r" {
  name               = "r"
  description        = base64encode("x")
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = aws_iam_role.r.arn }
}
`})
	res, err := Read(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := roles(t, res, "aws_cognito_identity_pool.main")["authenticated"]; got != "arn:aws:iam::123456789012:role/r" {
		t.Errorf("authenticated role %q", got)
	}
}

func TestSensitive(t *testing.T) {
	dir := write(t, map[string]string{"main.tf": poolTF + `
variable "guest" {
  default   = "arn:aws:iam::111122223333:role/guest"
  sensitive = true
}
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { unauthenticated = nonsensitive(sensitive(var.guest)) }
}
`})
	res, err := Read(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := roles(t, res, "aws_cognito_identity_pool.main")["unauthenticated"]; got != "arn:aws:iam::111122223333:role/guest" {
		t.Errorf("got %q", got)
	}
}
