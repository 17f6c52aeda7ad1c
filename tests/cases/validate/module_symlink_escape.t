# A module source that reads as inside the configuration but is a symbolic
# link to a directory outside it: a warning naming where it really leads
# (the temporary directory's name varies, so only the start is compared).
# A source written to lead outside (../elsewhere) and a link that stays inside
# are not reported.  Validation still succeeds.
args: -chdir=app validate
exit: 0
links: app/modules/net=../../elsewhere app/modules/inside=local
--- app/main.cl
module "net" {
  source = "./modules/net"
}

module "named" {
  source = "../elsewhere"
}

module "inside" {
  source = "./modules/inside"
}
--- app/modules/local/main.cl
output "where" {
  value = "inside"
}
--- elsewhere/main.cl
output "where" {
  value = "elsewhere"
}
--- stdout
Success! The configuration is valid.
--- stderr*
main.cl:2:12: warning: module source "./modules/net" leads outside the configuration, to "/
