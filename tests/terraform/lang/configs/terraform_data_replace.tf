resource "terraform_data" "x" {
  input            = { a = 1 }
  triggers_replace = ["v1"]
}
output "in" { value = terraform_data.x.input }
