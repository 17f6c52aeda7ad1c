locals {
  n = 2
}

check "ok" {
  assert {
    condition     = local.n + 1 == 3
    error_message = "math"
  }
}

output "x" { value = local.n }
