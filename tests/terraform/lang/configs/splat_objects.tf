locals {
  l = [{ a = 1 }, { a = 2 }]
}
output "s" { value = local.l[*].a }
