locals {
  l = [1, 2]
}
output "x" { value = can(local.l[5]) }
