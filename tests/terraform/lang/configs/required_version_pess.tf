terraform {
  required_version = "~> 1.0"
}
output "x" { value = 1 }
