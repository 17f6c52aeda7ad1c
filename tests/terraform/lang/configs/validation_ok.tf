variable "n" {
  default = 2
  validation {
    condition     = var.n > 0
    error_message = "The n must be positive."
  }
}
output "n" { value = var.n }
