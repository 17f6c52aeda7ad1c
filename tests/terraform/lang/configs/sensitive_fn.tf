output "s" {
  value     = sensitive("x")
  sensitive = true
}
