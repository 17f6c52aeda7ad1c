resource "terraform_data" "x" {
  input = 4
  lifecycle {
    postcondition {
      condition     = self.input == 4
      error_message = "input"
    }
  }
}
output "x" { value = terraform_data.x.input }
