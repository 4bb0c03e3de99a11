# The configuration access-plan.json is the plan of (see README.md).

resource "aws_lambda_function" "pre_token" {
  function_name = "pre-token"
  role          = aws_iam_role.lambda.arn
  handler       = "index.handler"
  runtime       = "nodejs22.x"
  filename      = "pre-token.zip"
}

resource "aws_cognito_user_pool" "pool" {
  name                = "members"
  username_attributes = ["email"]

  admin_create_user_config {
    allow_admin_create_user_only = false
  }

  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  lambda_config {
    pre_token_generation_config {
      lambda_arn     = aws_lambda_function.pre_token.arn
      lambda_version = "V2_0"
    }
  }

  schema {
    name                = "access"
    attribute_data_type = "String"
    mutable             = true
  }

  schema {
    name                = "email"
    attribute_data_type = "String"
    required            = true
  }
}

resource "aws_cognito_identity_provider" "google" {
  user_pool_id  = aws_cognito_user_pool.pool.id
  provider_name = "Google"
  provider_type = "Google"

  provider_details = {
    authorize_scopes = "email"
    client_id        = "123456789012-abc.apps.googleusercontent.com"
    client_secret    = "not-a-secret"
  }

  attribute_mapping = {
    email           = "email"
    "custom:access" = "hd"
  }
}

resource "aws_cognito_user_pool_client" "web" {
  name                         = "web"
  user_pool_id                 = aws_cognito_user_pool.pool.id
  read_attributes              = ["custom:access", "email", "email_verified"]
  write_attributes             = ["custom:access", "email"]
  supported_identity_providers = ["COGNITO", aws_cognito_identity_provider.google.provider_name]
}

# A user pool no identity pool names: not read.
resource "aws_cognito_user_pool" "other" {
  name = "other"
}

resource "aws_cognito_user_pool_client" "other" {
  name         = "other"
  user_pool_id = aws_cognito_user_pool.other.id
}

resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "members"
  allow_unauthenticated_identities = false
  # allow_classic_flow left out: the provider sends false.

  cognito_identity_providers {
    client_id     = aws_cognito_user_pool_client.web.id
    provider_name = aws_cognito_user_pool.pool.endpoint
  }
}

resource "aws_iam_role" "authenticated" {
  name = "members-authenticated"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals             = { "cognito-identity.amazonaws.com:aud" = aws_cognito_identity_pool.main.id }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
      }
    }]
  })
}

# No pool chooses it, but its trust policy names the identity pools'
# principal: the basic flow reaches it.
resource "aws_iam_role" "reports" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "cognito-identity.amazonaws.com:aud" = "us-east-1:0f0e0d0c-0b0a-0908-0706-050403020100" }
      }
    }]
  })
}

# The Lambda function's role: not read.
resource "aws_iam_role" "lambda" {
  name = "pre-token"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = {
    authenticated = aws_iam_role.authenticated.arn
  }
}
