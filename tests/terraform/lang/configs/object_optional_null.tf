variable "o" {
  type = object({
    name = string
    size = optional(number)
  })
  default = { name = "web" }
}
output "size_null" { value = var.o.size == null }
