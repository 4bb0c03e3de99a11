variable "environments" { default = ["dev", "prod"] }
variable "ops_role_arn" {}
resource "aws_cognito_identity_pool" "env" {
  for_each                         = toset(var.environments)
  identity_pool_name               = "field_app_${each.key}"
  allow_unauthenticated_identities = each.key == "dev"
  openid_connect_provider_arns     = ["arn:aws:iam::111122223333:oidc-provider/sso.example.com"]
}
resource "aws_cognito_identity_pool_roles_attachment" "env" {
  for_each         = toset(var.environments)
  identity_pool_id = aws_cognito_identity_pool.env[each.key].id
  roles            = { unauthenticated = "arn:aws:iam::111122223333:role/guest-${each.key}" }
  role_mapping {
    identity_provider         = "sso.example.com"
    type                      = "Rules"
    ambiguous_role_resolution = "Deny"
    mapping_rule {
      claim      = "groups"
      match_type = "Contains"
      value      = "ops-${each.key}"
      role_arn   = var.ops_role_arn
    }
  }
}
