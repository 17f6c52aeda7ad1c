variable "o" {
  type = object({
    name = string
  })
  default = { name = "web", extra = 1 }
}
output "o" { value = var.o }
