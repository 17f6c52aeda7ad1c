variable "s" {
  type    = set(string)
  default = ["b", "a", "b"]
}
output "s" { value = var.s }
