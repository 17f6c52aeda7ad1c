output "h" {
  value = <<-EOT
    hello
      world
  EOT
}
