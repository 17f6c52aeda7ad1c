resource "terraform_data" "x" {
  for_each = { a = 1, b = 2 }
  input    = each.value * 10
}
output "v" { value = { for k, r in terraform_data.x : k => r.input } }
