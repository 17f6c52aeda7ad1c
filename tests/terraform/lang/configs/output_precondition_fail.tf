variable "n" { default = 0 }
output "n" {
  value = var.n
  precondition {
    condition     = var.n > 1
    error_message = "n too small"
  }
}
