# module-plan.json's root: the pools in a child module, one per
# environment, and a role ARN from another module's output (a module
# outside this folder, so only a binding gives it).
module "auth" {
  source       = "./modules/auth"
  ops_role_arn = module.roles.ops_arn
}

module "roles" {
  source = "git::https://example.com/roles.git"
}
