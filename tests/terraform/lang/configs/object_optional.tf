variable "o" {
  type = object({
    name = string
    size = optional(number, 3)
    tags = optional(map(string), {})
    sub  = optional(object({ a = optional(string, "d") }), {})
  })
  default = { name = "web" }
}
output "o" { value = var.o }
