variable "o" {
  type = object({
    name = string
    size = number
  })
  default = { name = "web" }
}
output "o" { value = var.o }
