locals {
  a = 1
  b = local.a + 1
  c = [local.a, local.b]
}
output "c" { value = local.c }
