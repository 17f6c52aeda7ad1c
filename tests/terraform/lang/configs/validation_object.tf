variable "cfg" {
  type = object({
    name = string
    size = number
  })
  default = { name = "a", size = 3 }
  validation {
    condition     = var.cfg.size > 0 && var.cfg.size < 10
    error_message = "Size out of range."
  }
}
output "cfg" { value = var.cfg }
