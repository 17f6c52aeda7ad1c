resource "terraform_data" "x" {
  count = 3
  input = count.index
}
output "n" { value = length(terraform_data.x) }
output "inputs" { value = terraform_data.x[*].input }
