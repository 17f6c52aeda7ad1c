locals {
  n = 9007199254740993
}
output "n" { value = local.n }
output "s" { value = tostring(local.n) }
