resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = "main"
  allow_classic_flow = true
}
