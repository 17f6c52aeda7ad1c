variable "x" {
  type    = string
  default = null
  validation {
    condition     = var.x == null || length(var.x) > 2
    error_message = "Short."
  }
}
output "x" { value = var.x == null ? "none" : var.x }
