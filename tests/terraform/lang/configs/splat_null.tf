locals {
  o = null
}
output "s" { value = local.o[*] }
