variable "n" { default = 0 }
resource "terraform_data" "x" {
  input = var.n
  lifecycle {
    precondition {
      condition     = var.n > 1
      error_message = "n too small"
    }
  }
}
