variable "p" {
  default   = "secret"
  sensitive = true
}
output "p" {
  value     = var.p
  sensitive = true
}
