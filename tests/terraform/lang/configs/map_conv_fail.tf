variable "m" {
  type    = map(number)
  default = { a = "x" }
}
output "m" { value = var.m }
