resource "terraform_data" "x" {
  input = 1
}
output "n" {
  value      = 2
  depends_on = [terraform_data.x]
}
