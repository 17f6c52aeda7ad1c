variable "env" {
  default = "qa"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "Unknown env."
  }
}
output "env" { value = var.env }
