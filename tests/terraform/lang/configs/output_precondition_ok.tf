variable "n" { default = 5 }
output "n" {
  value = var.n
  precondition {
    condition     = var.n > 1
    error_message = "n too small"
  }
}
