resource "terraform_data" "x" {
  for_each = toset(["a", "b"])
  input    = each.key
}
output "keys" { value = keys(terraform_data.x) }
