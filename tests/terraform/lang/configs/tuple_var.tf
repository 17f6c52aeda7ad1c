variable "t" {
  type    = tuple([string, number, bool])
  default = ["a", "1", "true"]
}
output "t" { value = var.t }
