check "bad" {
  assert {
    condition     = 1 == 2
    error_message = "one is not two"
  }
}
output "x" { value = 1 }
