locals {
  ports = [80, 443]
}
resource "terraform_data" "x" {
  input = [for p in local.ports : { port = p }]
}
output "ports" { value = terraform_data.x.input }
