locals {
  o = { a = 1 }
}
output "s" { value = local.o[*].a }
