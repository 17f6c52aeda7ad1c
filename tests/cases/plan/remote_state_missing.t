# A remote state that does not exist, with no defaults: an error naming the
# backend and where it looked.
args: plan -refresh=false -no-color
exit: 1
--- main.cl
data "terraform_remote_state" "net" {
  backend = "local"
  config = {
    path = "nowhere.tfstate"
  }
}

output "vpc_id" {
  value = data.terraform_remote_state.net.outputs.vpc_id
}
--- stdout
--- stderr
main.cl:1:6: error: data.terraform_remote_state.net: reading: no state at nowhere.tfstate (backend "local"): apply the configuration that writes it first, or give defaults
 1 | data "terraform_remote_state" "net" {
   |      ^~~~~~~~~~~~~~~~~~~~~~~~
