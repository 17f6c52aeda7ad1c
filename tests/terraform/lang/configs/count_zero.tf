resource "terraform_data" "x" {
  count = 0
  input = 1
}
output "n" { value = length(terraform_data.x) }
output "all" { value = terraform_data.x[*].input }
