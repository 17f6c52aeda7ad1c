locals {
  n = 1
}

check "bad" {
  assert {
    condition     = local.n == 2
    error_message = "one is not two"
  }
}

output "x" { value = local.n }
