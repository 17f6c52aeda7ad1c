variable "p" {
  default   = "secret"
  sensitive = true
}
output "l" { value = nonsensitive(length(var.p)) }
