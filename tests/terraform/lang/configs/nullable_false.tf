variable "x" {
  type     = string
  default  = "d"
  nullable = false
}
output "x" { value = var.x }
