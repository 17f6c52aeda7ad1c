resource "terraform_data" "x" {
  input = "hello"
}
output "in" { value = terraform_data.x.input }
output "out" { value = terraform_data.x.output }
