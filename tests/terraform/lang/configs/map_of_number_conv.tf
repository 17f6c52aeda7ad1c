variable "m" {
  type    = map(number)
  default = { a = "1", b = 2 }
}
output "m" { value = var.m }
