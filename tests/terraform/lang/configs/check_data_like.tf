locals {
  xs = [1, 2, 3]
}
check "sizes" {
  assert {
    condition     = length(local.xs) == 3
    error_message = "three"
  }
}
output "n" { value = length(local.xs) }
