variable "name" {
  type    = string
  default = "web-01"
  validation {
    condition     = length(var.name) <= 10
    error_message = "Too long."
  }
  validation {
    condition     = can(regex("^[a-z]+-[0-9]+$", var.name))
    error_message = "Bad form."
  }
}
output "name" { value = upper(var.name) }
