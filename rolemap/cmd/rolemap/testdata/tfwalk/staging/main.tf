module "auth" {
  source = "../modules/auth"
  name   = "staging"
}
