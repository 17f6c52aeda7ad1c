terraform {
  required_version = ">= 0.12"
}
output "x" { value = 1 }
