resource "aws_cognito_user_pool" "main" { name = "field-app" }
resource "aws_cognito_user_pool_client" "web" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.main.id
}
resource "aws_iam_role" "authenticated" {
  name               = "field-app-authenticated"
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
resource "aws_iam_role" "admin" {
  name               = "field-app-admin"
  path               = "/app/"
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
  identity_pool_name               = "field_app"
  allow_unauthenticated_identities = false
  cognito_identity_providers {
    client_id               = aws_cognito_user_pool_client.web.id
    provider_name           = aws_cognito_user_pool.main.endpoint
    server_side_token_check = false
  }
  supported_login_providers = { "accounts.google.com" = "123456789012-abc.apps.googleusercontent.com" }
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { authenticated = aws_iam_role.authenticated.arn }
  role_mapping {
    identity_provider         = "${aws_cognito_user_pool.main.endpoint}:${aws_cognito_user_pool_client.web.id}"
    type                      = "Rules"
    ambiguous_role_resolution = "Deny"
    mapping_rule {
      claim      = "cognito:groups"
      match_type = "Equals"
      value      = "admin"
      role_arn   = aws_iam_role.admin.arn
    }
  }
  role_mapping {
    identity_provider         = "accounts.google.com"
    type                      = "Rules"
    ambiguous_role_resolution = "AuthenticatedRole"
    mapping_rule {
      claim      = "hd"
      match_type = "Equals"
      value      = "example.com"
      role_arn   = "arn:aws:iam::111122223333:role/existing-staff"
    }
  }
}
