removed {
  from = terraform_data.gone
  lifecycle {
    destroy = false
  }
}
output "x" { value = 1 }
