variable "a" {
  type    = any
  default = { x = [1, 2], y = "z" }
}
output "a" { value = var.a }
