check "ok" {
  assert {
    condition     = 1 + 1 == 2
    error_message = "math"
  }
}
output "x" { value = 1 }
