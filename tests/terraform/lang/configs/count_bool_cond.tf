variable "enabled" { default = true }
resource "terraform_data" "x" {
  count = var.enabled ? 1 : 0
  input = "on"
}
output "v" { value = one(terraform_data.x[*].input) }
