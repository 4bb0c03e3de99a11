variable "name" {
  type = string
}

resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = var.name
  allow_unauthenticated_identities = false
}
