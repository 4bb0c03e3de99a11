# A user pool with an app client, two groups with roles and precedences,
# a member, and the principal tags of the user pool's provider: the
# shapes of the aws provider's acceptance tests of aws_cognito_user_group
# and aws_cognito_identity_pool_provider_principal_tag (see ../README.md).
resource "aws_cognito_user_pool" "test" {
  name = "rolemap-fixture"
}

resource "aws_cognito_user_pool_client" "client" {
  name                = "rolemap-fixture"
  user_pool_id        = aws_cognito_user_pool.test.id
  explicit_auth_flows = ["ADMIN_NO_SRP_AUTH"]
}

resource "aws_cognito_identity_pool" "test" {
  identity_pool_name               = "rolemap fixture"
  allow_unauthenticated_identities = false

  cognito_identity_providers {
    client_id               = aws_cognito_user_pool_client.client.id
    provider_name           = aws_cognito_user_pool.test.endpoint
    server_side_token_check = false
  }
}

data "aws_iam_policy_document" "group_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [aws_cognito_identity_pool.test.id]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }
  }
}

resource "aws_iam_role" "group_role" {
  for_each           = toset(["admins", "readers"])
  name               = "rolemap-fixture-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.group_trust.json
}

resource "aws_cognito_user_group" "main" {
  for_each     = { admins = 1, readers = 10 }
  name         = each.key
  user_pool_id = aws_cognito_user_pool.test.id
  description  = "rolemap fixture ${each.key}"
  precedence   = each.value
  role_arn     = aws_iam_role.group_role[each.key].arn
}

resource "aws_cognito_user_in_group" "alice" {
  user_pool_id = aws_cognito_user_pool.test.id
  group_name   = aws_cognito_user_group.main["admins"].name
  username     = "alice"
}

resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.test.id
  roles = {
    authenticated = aws_iam_role.group_role["readers"].arn
  }
  role_mapping {
    identity_provider         = "${aws_cognito_user_pool.test.endpoint}:${aws_cognito_user_pool_client.client.id}"
    type                      = "Token"
    ambiguous_role_resolution = "AuthenticatedRole"
  }
}

resource "aws_cognito_identity_pool_provider_principal_tag" "test" {
  identity_pool_id       = aws_cognito_identity_pool.test.id
  identity_provider_name = aws_cognito_user_pool.test.endpoint
  use_defaults           = false
  principal_tags = {
    test = "value"
  }
}
