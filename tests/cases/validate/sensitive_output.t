args: validate
exit: 1
--- main.cl
variable "password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}

output "password" {
  value = var.password
}
--- stderr
main.cl:8:11: error: output "password" refers to sensitive values
 8 |   value = var.password
   |           ^~~~~~~~~~~~
  hint: add sensitive = true to the output block to show it is meant to be shown as such
