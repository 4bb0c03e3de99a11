# indexed-plan.json: instances of count and for_each, referred to by index
# from the identity pool's providers, the attachment's roles, its mapping
# keys (the endpoint:client idiom) and its rules' role ARNs.
resource "aws_cognito_user_pool" "main" {
  count = 1
  name  = "indexed-users"
}
resource "aws_cognito_user_pool_client" "app" {
  for_each     = toset(["mobile", "web"])
  name         = each.key
  user_pool_id = aws_cognito_user_pool.main[0].id
}
resource "aws_iam_role" "r" {
  for_each           = { auth = "app-authenticated", admin = "app-admin", staff = "app-staff" }
  name               = each.value
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringLike             = { "cognito-identity.amazonaws.com:aud" = aws_cognito_identity_pool.main.id }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
      }
    }]
  })
}
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "indexed"
  allow_unauthenticated_identities = false
  cognito_identity_providers {
    client_id               = aws_cognito_user_pool_client.app["web"].id
    provider_name           = aws_cognito_user_pool.main[0].endpoint
    server_side_token_check = false
  }
  cognito_identity_providers {
    client_id               = aws_cognito_user_pool_client.app["mobile"].id
    provider_name           = aws_cognito_user_pool.main[0].endpoint
    server_side_token_check = false
  }
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { authenticated = aws_iam_role.r["auth"].arn }
  role_mapping {
    identity_provider         = "${aws_cognito_user_pool.main[0].endpoint}:${aws_cognito_user_pool_client.app["mobile"].id}"
    type                      = "Token"
    ambiguous_role_resolution = "Deny"
  }
  role_mapping {
    identity_provider         = "${aws_cognito_user_pool.main[0].endpoint}:${aws_cognito_user_pool_client.app["web"].id}"
    type                      = "Rules"
    ambiguous_role_resolution = "AuthenticatedRole"
    mapping_rule {
      claim      = "cognito:groups"
      match_type = "Contains"
      value      = "admins"
      role_arn   = aws_iam_role.r["admin"].arn
    }
    mapping_rule {
      claim      = "cognito:groups"
      match_type = "Equals"
      value      = "staff"
      role_arn   = aws_iam_role.r["staff"].arn
    }
  }
}
