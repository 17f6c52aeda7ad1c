locals {
  m = { a = 1 }
}
output "x" { value = try(local.m.b, "f") }
output "y" { value = try(local.m.a, "f") }
