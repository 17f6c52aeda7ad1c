variable "n" { default = 3 }
resource "terraform_data" "x" {
  input = var.n
  lifecycle {
    precondition {
      condition     = var.n > 1
      error_message = "n too small"
    }
  }
}
output "in" { value = terraform_data.x.input }
