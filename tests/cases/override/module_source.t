# A module call's arguments are overridden too: here its source, pointing
# the call at a local copy of the module.
args: console
--- main.tf
module "net" {
  source = "./modules/net-v1"
  cidr   = "10.0.0.0/16"
}
--- net_override.tf
module "net" {
  source = "./modules/net-v2"
}
--- modules/net-v1/main.tf
variable "cidr" {}
output "version" { value = "v1 ${var.cidr}" }
--- modules/net-v2/main.tf
variable "cidr" {}
output "version" { value = "v2 ${var.cidr}" }
--- stdin
module.net.version
--- stdout
"v2 10.0.0.0/16"
